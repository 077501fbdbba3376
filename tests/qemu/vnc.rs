//! The least of an RFB 3.8 client: enough handshake for QEMU to report a VNC session.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// Connects to `port` on loopback and does the RFB 3.8 handshake with security type None
/// (1), through ClientInit and ServerInit, so that QEMU emits VNC_CONNECTED and
/// VNC_INITIALIZED. Returns the connection; dropping it makes QEMU emit VNC_DISCONNECTED.
pub fn handshake(port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("VNC accepts on loopback");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    let mut version = [0; 12];
    stream
        .read_exact(&mut version)
        .expect("the server's version");
    assert_eq!(&version, b"RFB 003.008\n", "QEMU speaks RFB 3.8");
    stream.write_all(b"RFB 003.008\n").expect("our version");
    let mut count = [0; 1];
    stream
        .read_exact(&mut count)
        .expect("the number of security types");
    let mut types = vec![0; usize::from(count[0])];
    stream.read_exact(&mut types).expect("the security types");
    assert!(types.contains(&1), "security type None offered: {types:?}");
    stream.write_all(&[1]).expect("security type None");
    let mut result = [0; 4];
    stream.read_exact(&mut result).expect("the security result");
    assert_eq!(
        u32::from_be_bytes(result),
        0,
        "security handshake succeeded"
    );
    stream.write_all(&[1]).expect("ClientInit (shared)");
    // ServerInit: width, height (u16 each), a 16-byte pixel format, then the name's length.
    let mut server_init = [0; 24];
    stream.read_exact(&mut server_init).expect("ServerInit");
    let name_length = u32::from_be_bytes(server_init[20..24].try_into().expect("4 bytes"));
    let mut name = vec![0; name_length as usize];
    stream.read_exact(&mut name).expect("the desktop name");
    stream
}

/// Closes the connection at once (both directions).
pub fn close(stream: TcpStream) {
    // The peer may already have closed; either way the connection ends here.
    let _ = stream.shutdown(Shutdown::Both);
}

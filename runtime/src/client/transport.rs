//! Where a QMP server listens, and the byte stream to it.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
#[cfg(unix)]
use std::os::unix::net::UnixStream;
#[cfg(unix)]
use std::path::PathBuf;
use std::time::Duration;

use super::error::ClientError;

/// The address of a QMP server: QEMU's `-qmp unix:PATH,server=on` or `-qmp tcp:HOST:PORT,server=on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// A unix domain socket.
    #[cfg(unix)]
    Unix(PathBuf),
    /// A TCP address, `HOST:PORT`.
    Tcp(String),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(unix)]
            Address::Unix(path) => write!(f, "unix:{}", path.display()),
            Address::Tcp(address) => write!(f, "tcp:{address}"),
        }
    }
}

/// A connected stream of either kind.
#[derive(Debug)]
pub(crate) enum Stream {
    #[cfg(unix)]
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    /// Connects to `address`, waiting at most `timeout` for a TCP connection to be accepted.
    pub(crate) fn connect(address: &Address, timeout: Duration) -> Result<Stream, ClientError> {
        let failed = |source: io::Error| ClientError::from_connect(address, source);
        match address {
            #[cfg(unix)]
            Address::Unix(path) => UnixStream::connect(path).map(Stream::Unix).map_err(failed),
            Address::Tcp(text) => {
                let mut last = None;
                for socket in text.to_socket_addrs().map_err(failed)? {
                    match TcpStream::connect_timeout(&socket, timeout) {
                        Ok(stream) => {
                            // QMP lines are small and latency matters more than throughput.
                            stream.set_nodelay(true).map_err(failed)?;
                            return Ok(Stream::Tcp(stream));
                        }
                        Err(error) => last = Some(error),
                    }
                }
                Err(failed(last.unwrap_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "the host name resolves to nothing")
                })))
            }
        }
    }

    /// A second handle on the same connection (one reads, the other writes).
    pub(crate) fn try_clone(&self) -> io::Result<Stream> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.try_clone().map(Stream::Unix),
            Stream::Tcp(stream) => stream.try_clone().map(Stream::Tcp),
        }
    }

    /// How long a read may block (`None`: for ever).
    pub(crate) fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.set_read_timeout(timeout),
            Stream::Tcp(stream) => stream.set_read_timeout(timeout),
        }
    }

    /// How long a write may block (`None`: for ever).
    pub(crate) fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.set_write_timeout(timeout),
            Stream::Tcp(stream) => stream.set_write_timeout(timeout),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.read(buf),
            Stream::Tcp(stream) => stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.write(buf),
            Stream::Tcp(stream) => stream.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.flush(),
            Stream::Tcp(stream) => stream.flush(),
        }
    }
}

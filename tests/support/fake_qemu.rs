//! A fake QEMU for the CLI's `watch`: a QMP server on a unix socket that greets, accepts
//! `qmp_capabilities`, answers the commands it is scripted to answer and sends events.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::thread::{self, JoinHandle};

use serde_json::{Value, json};

/// The greeting of a QEMU 7.2.0 whose package is `fake`.
pub const GREETING: &str = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": []}}"#;

/// One connection, as the peer sees it.
pub struct Peer {
    stream: UnixStream,
    reader: BufReader<UnixStream>,
}

impl Peer {
    /// Sends `line` and QMP's `\r\n`.
    pub fn send(&mut self, line: &str) {
        write!(self.stream, "{line}\r\n").expect("the watcher reads");
    }

    /// Reads the next command and checks that it is `name`; returns its id.
    pub fn command(&mut self, name: &str) -> Value {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("a command");
        let command: Value = serde_json::from_str(&line).expect("a JSON command");
        assert_eq!(command["execute"], name, "{line}");
        command["id"].clone()
    }

    /// Answers the command with `id` with `body` (`{"return": …}` or `{"error": …}`).
    pub fn reply(&mut self, id: &Value, mut body: Value) {
        body["id"] = id.clone();
        self.send(&body.to_string());
    }
}

/// Listens at `socket`; for the first connection, greets with `greeting`, accepts
/// `qmp_capabilities`, then runs `script`.
pub fn serve(
    socket: &Path,
    greeting: &'static str,
    script: impl FnOnce(&mut Peer) + Send + 'static,
) -> JoinHandle<()> {
    let listener = UnixListener::bind(socket).expect("the fake QEMU's socket");
    thread::spawn(move || {
        let (stream, _) = listener.accept().expect("the watcher connects");
        let reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let mut peer = Peer { stream, reader };
        peer.send(greeting);
        let id = peer.command("qmp_capabilities");
        peer.reply(&id, json!({"return": {}}));
        script(&mut peer);
    })
}

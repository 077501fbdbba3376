//! The client against a fake QMP server: a thread on a unix socket in a temp dir that plays a
//! scripted conversation.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde_json::{Value, json};

use super::*;

/// What these tests read events into: the name, the data as JSON, the timestamp (a document's
/// generated `Message` is read the same way; the bindings' tests read QEMU's own events so).
#[derive(Debug, serde::Deserialize)]
pub(super) struct TestMessage {
    pub(super) event: String,
    #[serde(default)]
    pub(super) data: Value,
    pub(super) timestamp: crate::timestamp::Timestamp,
}

impl TypedMessage for TestMessage {
    fn event_name(&self) -> &str {
        &self.event
    }
}

type Client = super::Client<TestMessage>;
type Connect = super::Connect<TestMessage>;
type Received = super::Received<TestMessage>;

pub(super) const GREETING: &str = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}"#;

/// The server's side of one connection.
pub(super) struct Peer<S = UnixStream> {
    pub(super) reader: BufReader<S>,
    pub(super) writer: S,
}

impl<S: std::io::Read + Write> Peer<S> {
    pub(super) fn send(&mut self, line: &str) {
        self.writer.write_all(line.as_bytes()).unwrap();
        self.writer.write_all(b"\r\n").unwrap();
    }

    pub(super) fn event(&mut self, name: &str, seconds: i64) {
        self.send(&format!(
            r#"{{"event": "{name}", "timestamp": {{"seconds": {seconds}, "microseconds": 0}}}}"#
        ));
    }

    /// Reads the next command, asserting its name, and returns its id.
    pub(super) fn command(&mut self, expected: &str) -> Value {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let command: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(command["execute"], expected, "{line}");
        command["id"].clone()
    }

    pub(super) fn reply(&mut self, id: &Value, value: Value) {
        self.send(&json!({"return": value, "id": id}).to_string());
    }

    /// Greeting and capability negotiation, as QEMU does them.
    /// A DEVICE_TRAY_MOVED event whose device name is `device` (make it hundreds of KB),
    /// written in pieces of a few KB as a slow socket delivers it.
    pub(super) fn long_tray_event(&mut self, device: &str) {
        let line = format!(
            r#"{{"event": "DEVICE_TRAY_MOVED", "data": {{"device": "{device}", "tray-open": true}}, "timestamp": {{"seconds": 5, "microseconds": 6}}}}"#
        );
        for piece in line.as_bytes().chunks(7919) {
            self.writer.write_all(piece).unwrap();
            self.writer.flush().unwrap();
        }
        self.writer.write_all(b"\n").unwrap();
    }

    pub(super) fn handshake(&mut self) {
        self.send(GREETING);
        let id = self.command("qmp_capabilities");
        self.reply(&id, json!({}));
    }
}

/// A fake server that runs `script` on its first connection.
pub(super) struct Fake {
    _dir: tempfile::TempDir,
    pub(super) path: PathBuf,
    thread: Option<JoinHandle<()>>,
}

impl Fake {
    pub(super) fn start(script: impl FnOnce(Peer) + Send + 'static) -> Fake {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qmp.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let thread = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let reader = BufReader::new(stream.try_clone().unwrap());
            script(Peer {
                reader,
                writer: stream,
            });
        });
        Fake {
            _dir: dir,
            path,
            thread: Some(thread),
        }
    }

    fn connect(&self) -> Result<Client, ClientError> {
        Connect::new(Address::Unix(self.path.clone()))
            .timeout(Duration::from_secs(5))
            .open()
    }

    /// Waits for the script, so that its assertions count.
    pub(super) fn finish(mut self) {
        self.thread.take().unwrap().join().unwrap();
    }
}

fn names(events: &[Received]) -> Vec<&str> {
    events.iter().map(|e| e.event_name().unwrap()).collect()
}

#[test]
fn events_interleaved_with_replies_are_queued_in_order() {
    let fake = Fake::start(|mut peer| {
        peer.send(GREETING);
        let id = peer.command("qmp_capabilities");
        peer.event("RESUME", 1); // before the capabilities reply
        peer.reply(&id, json!({}));
        let id = peer.command("stop");
        peer.event("STOP", 2);
        peer.reply(&json!(999), json!("a reply to someone else"));
        peer.reply(&id, json!({"answer": 42}));
        peer.event("RESET", 3);
        let id = peer.command("cont");
        peer.event("RESUME", 4);
        peer.reply(&id, json!({}));
    });
    let mut client = fake.connect().unwrap();
    assert_eq!(client.greeting().qemu.unwrap().to_string(), "7.2.0");
    assert_eq!(
        client.execute("stop", Value::Null).unwrap(),
        json!({"answer": 42})
    );
    client.execute("cont", Value::Null).unwrap();
    let reset = client
        .wait_for_event("RESET", Duration::from_secs(5))
        .unwrap();
    assert_eq!(reset.message.unwrap().timestamp.seconds, 3);
    let rest: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(names(&rest), ["RESUME", "STOP", "RESUME"]);
    let seconds: Vec<i64> = rest
        .iter()
        .map(|e| e.message.as_ref().unwrap().timestamp.seconds)
        .collect();
    assert_eq!(seconds, [1, 2, 4]);
    assert!(client.is_closed());
    fake.finish();
}

#[test]
fn events_before_the_greeting_are_kept() {
    let fake = Fake::start(|mut peer| {
        peer.event("STOP", 1);
        peer.handshake();
    });
    let mut client = fake.connect().unwrap();
    let events: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(names(&events), ["STOP"]);
    fake.finish();
}

#[test]
fn a_line_of_hundreds_of_kb_written_in_pieces_reads_whole() {
    let device = "d".repeat(600 * 1024);
    let expected = device.clone();
    let fake = Fake::start(move |mut peer| {
        peer.handshake();
        peer.long_tray_event(&device);
        peer.event("STOP", 7);
    });
    let mut client = fake.connect().unwrap();
    let events: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(names(&events), ["DEVICE_TRAY_MOVED", "STOP"]);
    let Ok(message) = &events[0].message else {
        panic!("{:?}", events[0].message)
    };
    assert_eq!(message.data["device"], expected.as_str());
    assert!(events[0].line.len() > 600 * 1024);
    fake.finish();
}

#[test]
fn a_peer_that_closes_before_replying_keeps_its_events() {
    let fake = Fake::start(|mut peer| {
        peer.handshake();
        peer.command("quit");
        peer.event("SHUTDOWN", 1);
        // Closes mid-line: the unterminated tail is handed out too.
        peer.writer.write_all(br#"{"event": "STO"#).unwrap();
    });
    let mut client = fake.connect().unwrap();
    let error = client.execute("quit", Value::Null).unwrap_err();
    assert!(error.is_peer_closed(), "{error}");
    assert_eq!(
        error.to_string(),
        "peer closed the connection while waiting for the reply to \"quit\""
    );
    let events: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event_name(), Some("SHUTDOWN"));
    assert_eq!(events[1].line, r#"{"event": "STO"#);
    assert!(events[1].message.is_err());
    let error = client.execute("cont", Value::Null).unwrap_err();
    assert!(error.is_peer_closed(), "{error}");
    fake.finish();
}

#[test]
fn a_server_that_is_not_qmp_is_named() {
    let fake = Fake::start(|mut peer| peer.send("SSH-2.0-OpenSSH_9.2p1 Debian-2"));
    let error = fake.connect().err().unwrap();
    assert!(matches!(error, ClientError::NotQmp { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "greeting not QMP: the server's first message is not {\"QMP\": …}: SSH-2.0-OpenSSH_9.2p1 Debian-2"
    );
    fake.finish();
}

#[test]
fn a_missing_socket_a_stale_one_and_a_file_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.sock");
    let error = Client::unix(&path).err().unwrap();
    assert!(
        matches!(error, ClientError::NoSuchSocket { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{0}: no such socket (is QEMU running with -qmp unix:{0},server=on,wait=off?)",
            path.display()
        )
    );
    // A socket file whose listener is gone.
    let stale = dir.path().join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    let error = Client::unix(&stale).err().unwrap();
    assert!(
        matches!(error, ClientError::StaleSocket { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "connection refused: nothing listens at unix:{}: a stale socket file (the QEMU that made it is gone?)",
            stale.display()
        )
    );
    // A regular file and a folder.
    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "").unwrap();
    for path in [&file, &dir.path().to_owned()] {
        let error = Client::unix(path).err().unwrap();
        assert!(matches!(error, ClientError::NotASocket { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("{}: not a socket (give QEMU's -qmp socket)", path.display())
        );
    }
}

#[test]
fn a_socket_we_may_not_use_is_named_so() {
    // Root may use any socket, so the system's answer is made up here.
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let error = ClientError::from_connect(&Address::Unix("/run/qemu/qmp.sock".into()), denied);
    assert!(
        matches!(error, ClientError::PermissionDenied { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "unix:/run/qemu/qmp.sock: permission denied (connect as the user or group that owns QEMU's socket)"
    );
}

#[test]
fn a_server_that_does_not_greet_times_out_naming_the_busy_socket() {
    let (release, released) = std::sync::mpsc::channel::<()>();
    // Accepts and says nothing, as QEMU does to a second client of one -qmp socket.
    let fake = Fake::start(move |_peer| released.recv().unwrap());
    let error = Connect::new(Address::Unix(fake.path.clone()))
        .timeout(Duration::from_millis(300))
        .open()
        .err()
        .unwrap();
    release.send(()).unwrap();
    assert!(error.is_timeout(), "{error:?}");
    let text = error.to_string();
    let (waited, rest) = text
        .strip_prefix("timeout: waited ")
        .and_then(|rest| rest.split_once(" s for the greeting; "))
        .unwrap_or_else(|| panic!("{text}"));
    // One decimal, whatever the exact time slept.
    let (whole, tenths) = waited.split_once('.').unwrap_or_else(|| panic!("{text}"));
    assert!(whole.parse::<u32>().is_ok() && tenths.len() == 1, "{text}");
    assert_eq!(
        rest,
        "QEMU serves one client per -qmp socket, so another client probably holds this one: \
         give this client a -qmp of its own (e.g. -qmp unix:/tmp/watch.sock,server=on,wait=off)"
    );
    fake.finish();
}

#[test]
fn a_late_event_times_out_in_plain_words() {
    let fake = Fake::start(|mut peer| {
        peer.handshake();
        let _ = peer.reader.read_line(&mut String::new());
    });
    let mut client = fake.connect().unwrap();
    let error = client
        .wait_for_event("STOP", Duration::from_millis(100))
        .unwrap_err();
    assert!(
        error.to_string().starts_with("timeout: waited 0.")
            && error.to_string().ends_with(" s for a STOP event"),
        "{error}"
    );
    drop(client);
    fake.finish();
}

#[test]
fn a_silent_server_times_out_and_the_client_still_works_after() {
    let (release, released) = std::sync::mpsc::channel::<()>();
    let fake = Fake::start(move |mut peer| {
        peer.handshake();
        let id = peer.command("query-status");
        released.recv().unwrap();
        peer.event("STOP", 1);
        peer.reply(&id, json!({"status": "paused"}));
        let id = peer.command("query-status");
        peer.reply(&id, json!({"status": "running"}));
    });
    let mut client = Connect::new(Address::Unix(fake.path.clone()))
        .timeout(Duration::from_millis(200))
        .open()
        .unwrap();
    let error = client.execute("query-status", Value::Null).unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(
        client
            .poll_event(Duration::from_millis(50))
            .unwrap()
            .map(|e| e.line),
        None
    );
    release.send(()).unwrap();
    // The late reply carries the first command's id and is skipped; the event is kept.
    assert_eq!(
        client.execute("query-status", Value::Null).unwrap(),
        json!({"status": "running"})
    );
    let stop = client.poll_event(Duration::from_secs(1)).unwrap().unwrap();
    assert_eq!(stop.event_name(), Some("STOP"));
    fake.finish();
}

#[test]
fn an_error_reply_names_its_class_and_description() {
    let fake = Fake::start(|mut peer| {
        peer.handshake();
        let id = peer.command("eject");
        peer.send(
            &json!({"error": {"class": "DeviceNotFound", "desc": "Device 'x' not found"}, "id": id})
                .to_string(),
        );
    });
    let mut client = fake.connect().unwrap();
    let error = client.execute("eject", json!({"device": "x"})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "command \"eject\" failed: DeviceNotFound: Device 'x' not found"
    );
    fake.finish();
}

#[test]
fn the_transcript_holds_every_line_received() {
    let fake = Fake::start(|mut peer| {
        peer.handshake();
        peer.event("STOP", 1);
    });
    let transcript = SharedBuffer::default();
    let mut client = Connect::new(Address::Unix(fake.path.clone()))
        .transcript(transcript.clone())
        .open()
        .unwrap();
    assert_eq!(client.events().count(), 1);
    let text = String::from_utf8(transcript.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], GREETING);
    assert_eq!(lines[1], r#"{"id":1,"return":{}}"#);
    assert!(lines[2].starts_with(r#"{"event": "STOP""#));
    fake.finish();
}

/// A `Write` whose bytes the test can read afterwards.
#[derive(Clone, Default)]
struct SharedBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tcp_works_like_unix() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut peer = Peer {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
        };
        peer.handshake();
        let id = peer.command("query-status");
        peer.event("STOP", 1);
        peer.reply(&id, json!({"status": "paused"}));
    });
    let mut client = Client::tcp(address).unwrap();
    assert_eq!(
        client.execute("query-status", Value::Null).unwrap(),
        json!({"status": "paused"})
    );
    let events: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(names(&events), ["STOP"]);
    server.join().unwrap();
}

#[test]
fn a_tcp_port_without_a_listener_is_a_refused_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    drop(listener);
    let error = Client::tcp(address.clone()).err().unwrap();
    assert!(
        matches!(error, ClientError::ConnectionRefused { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with(&format!(
            "connection refused: nothing listens at tcp:{address}"
        )),
        "{error}"
    );
}

/// A schema reply as QEMU writes it: members in QEMU's order (not sorted), spaced as QEMU
/// spaces them; `schema()` must keep that text.
pub(super) const SCHEMA_REPLY: &str = r#"[{"name": "STOP", "meta-type": "event", "arg-type": "0"}, {"name": "0", "meta-type": "object", "members": []}]"#;

/// The schema is asked after the handshake; an event before its reply, an unrelated reply, and
/// an event after it: both events stay queued in order. Then an error reply and a close.
pub(super) fn schema_script(mut peer: Peer) {
    peer.handshake();
    let id = peer.command("query-qmp-schema");
    peer.event("STOP", 1);
    peer.reply(&json!(999), json!([]));
    peer.send(&format!(r#"{{"return": {SCHEMA_REPLY}, "id": {id}}}"#));
    peer.event("RESUME", 2);
    let id = peer.command("query-qmp-schema");
    peer.send(
        &json!({"error": {"class": "CommandNotFound", "desc": "no schema here"}, "id": id})
            .to_string(),
    );
    peer.command("query-qmp-schema");
}

/// What [`schema_script`] must give, as JSON (`schema.rs` tests the layout).
pub(super) fn expected_schema_wrapper() -> Value {
    json!({
        "qemu": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""},
        "schema": serde_json::from_str::<Value>(SCHEMA_REPLY).unwrap(),
    })
}

#[test]
fn the_schema_keeps_qemus_text_and_the_events_around_it() {
    let fake = Fake::start(schema_script);
    let mut client = fake.connect().unwrap();
    let schema = client.schema().unwrap();
    assert_eq!(schema.schema.as_str(), SCHEMA_REPLY);
    assert_eq!(schema.greeting.qemu.unwrap().to_string(), "7.2.0");
    let wrapper: Value = serde_json::from_str(&schema.to_json()).unwrap();
    assert_eq!(wrapper, expected_schema_wrapper());
    let error = client.schema().unwrap_err();
    assert_eq!(
        error.to_string(),
        "command \"query-qmp-schema\" failed: CommandNotFound: no schema here"
    );
    let error = client.schema().unwrap_err();
    assert!(error.is_peer_closed(), "{error}");
    let events: Vec<Received> = client.events().map(Result::unwrap).collect();
    assert_eq!(names(&events), ["STOP", "RESUME"]);
    fake.finish();
}

//! The tokio client against the same scripted fake server as the blocking client.

use std::io::Write;
use std::time::Duration;

use serde_json::{Value, json};

use super::tests::{Fake, GREETING, Peer, TestMessage};
use super::*;

type AsyncClient = super::AsyncClient<TestMessage>;
type Received = super::Received<TestMessage>;

/// Runs `test` to completion on a single-threaded runtime (the fake server is a std thread).
fn run<F: std::future::Future<Output = ()>>(test: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test)
}

async fn connect(fake: &Fake, timeout: Duration) -> Result<AsyncClient, ClientError> {
    AsyncClient::connect_with_timeout(Address::Unix(fake.path.clone()), timeout).await
}

/// Every event up to the server's close, in order.
async fn drain(client: &mut AsyncClient) -> Vec<Received> {
    let mut events = Vec::new();
    while let Some(event) = client.next_event().await.unwrap() {
        events.push(event);
    }
    events
}

fn names(events: &[Received]) -> Vec<&str> {
    events.iter().map(|e| e.event_name().unwrap()).collect()
}

#[test]
fn events_interleaved_with_replies_are_queued_in_order() {
    let fake = Fake::start(|mut peer| {
        peer.event("STOP", 0); // before the greeting
        peer.send(GREETING);
        let id = peer.command("qmp_capabilities");
        peer.event("RESUME", 1); // before the capabilities reply
        peer.reply(&id, json!({}));
        let id = peer.command("stop");
        peer.event("STOP", 2);
        peer.reply(&json!(999), json!("a reply to someone else"));
        peer.reply(&id, json!({"answer": 42}));
        peer.event("RESET", 3);
    });
    run(async {
        let mut client = connect(&fake, Duration::from_secs(5)).await.unwrap();
        assert_eq!(client.greeting().qemu.unwrap().to_string(), "7.2.0");
        assert_eq!(
            client.execute("stop", Value::Null).await.unwrap(),
            json!({"answer": 42})
        );
        let reset = client
            .wait_for_event("RESET", Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(reset.message.unwrap().timestamp.seconds, 3);
        let rest = drain(&mut client).await;
        assert_eq!(names(&rest), ["STOP", "RESUME", "STOP"]);
        assert!(client.is_closed());
        assert!(client.next_event().await.unwrap().is_none());
    });
    fake.finish();
}

#[test]
fn a_long_line_in_pieces_and_a_close_mid_line_lose_nothing() {
    let device = "d".repeat(600 * 1024);
    let expected = device.clone();
    let fake = Fake::start(move |mut peer| {
        peer.handshake();
        peer.long_tray_event(&device);
        peer.writer.write_all(br#"{"event": "STO"#).unwrap();
    });
    run(async {
        let mut client = connect(&fake, Duration::from_secs(5)).await.unwrap();
        let events = drain(&mut client).await;
        assert_eq!(events.len(), 2);
        let Ok(message) = &events[0].message else {
            panic!("{:?}", events[0].message)
        };
        assert_eq!(message.data["device"], expected.as_str());
        assert_eq!(events[1].line, r#"{"event": "STO"#);
        assert!(events[1].message.is_err());
        let error = client.execute("cont", Value::Null).await.unwrap_err();
        assert!(error.is_peer_closed(), "{error}");
    });
    fake.finish();
}

#[test]
fn a_read_cut_short_by_a_timeout_keeps_its_bytes() {
    let (release, released) = std::sync::mpsc::channel::<()>();
    let fake = Fake::start(move |mut peer: Peer| {
        peer.handshake();
        peer.writer
            .write_all(br#"{"event": "STOP", "timestamp": "#)
            .unwrap();
        peer.writer.flush().unwrap();
        released.recv().unwrap();
        peer.send(r#"{"seconds": 9, "microseconds": 0}}"#);
    });
    run(async {
        let mut client = connect(&fake, Duration::from_secs(5)).await.unwrap();
        let early = client.poll_event(Duration::from_millis(100)).await.unwrap();
        assert!(early.is_none());
        release.send(()).unwrap();
        let stop = client
            .poll_event(Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stop.message.unwrap().timestamp.seconds, 9);
    });
    fake.finish();
}

#[test]
fn a_silent_server_times_out_and_errors_are_named() {
    let (release, released) = std::sync::mpsc::channel::<()>();
    let fake = Fake::start(move |mut peer| {
        peer.handshake();
        let id = peer.command("query-status");
        released.recv().unwrap();
        peer.reply(&id, json!({"status": "paused"}));
        let id = peer.command("eject");
        peer.send(
            &json!({"error": {"class": "DeviceNotFound", "desc": "Device 'x' not found"}, "id": id})
                .to_string(),
        );
    });
    run(async {
        let mut client = connect(&fake, Duration::from_millis(200)).await.unwrap();
        let error = client
            .execute("query-status", Value::Null)
            .await
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
        release.send(()).unwrap();
        // The late reply carries the first command's id and is skipped.
        let error = client
            .execute("eject", json!({"device": "x"}))
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "command \"eject\" failed: DeviceNotFound: Device 'x' not found"
        );
    });
    fake.finish();
}

#[test]
fn not_qmp_and_refused_connections_are_named() {
    let fake = Fake::start(|mut peer| peer.send("SSH-2.0-OpenSSH_9.2p1 Debian-2"));
    run(async {
        let error = connect(&fake, Duration::from_secs(5)).await.err().unwrap();
        assert!(matches!(error, ClientError::NotQmp { .. }), "{error:?}");
        let dir = tempfile::tempdir().unwrap();
        let error = AsyncClient::unix(dir.path().join("absent.sock"))
            .await
            .err()
            .unwrap();
        assert!(
            matches!(error, ClientError::NoSuchSocket { .. }),
            "{error:?}"
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        drop(listener);
        let error = AsyncClient::tcp(address).await.err().unwrap();
        assert!(
            matches!(error, ClientError::ConnectionRefused { .. }),
            "{error:?}"
        );
    });
    fake.finish();
}

#[test]
fn tcp_works_like_unix() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut peer = Peer {
            reader: std::io::BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
        };
        peer.handshake();
        let id = peer.command("query-status");
        peer.event("STOP", 1);
        peer.reply(&id, json!({"status": "paused"}));
    });
    run(async {
        let mut client = AsyncClient::tcp(address).await.unwrap();
        assert_eq!(
            client.execute("query-status", Value::Null).await.unwrap(),
            json!({"status": "paused"})
        );
        assert_eq!(names(&drain(&mut client).await), ["STOP"]);
    });
    server.join().unwrap();
}

#[test]
fn the_schema_keeps_qemus_text_and_the_events_around_it() {
    use super::tests::{SCHEMA_REPLY, expected_schema_wrapper, schema_script};
    let fake = Fake::start(schema_script);
    run(async {
        let mut client = connect(&fake, Duration::from_secs(5)).await.unwrap();
        let schema = client.schema().await.unwrap();
        assert_eq!(schema.schema.as_str(), SCHEMA_REPLY);
        let wrapper: Value = serde_json::from_str(&schema.to_json()).unwrap();
        assert_eq!(wrapper, expected_schema_wrapper());
        let error = client.schema().await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "command \"query-qmp-schema\" failed: CommandNotFound: no schema here"
        );
        let error = client.schema().await.unwrap_err();
        assert!(error.is_peer_closed(), "{error}");
        assert_eq!(names(&drain(&mut client).await), ["STOP", "RESUME"]);
    });
    fake.finish();
}

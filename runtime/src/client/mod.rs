//! A blocking QMP client: connect, negotiate, run commands, and receive events as typed
//! messages (a document's generated `Message`, through [`TypedMessage`]) together with their
//! raw lines.
//!
//! QMP interleaves events with command replies on one connection. The client queues every
//! event that arrives while it waits for a reply (or for the greeting), in order, and hands
//! them out afterwards: no event is lost, whatever the timing.
//!
//! ```no_run
//! use qmp_events_runtime::client::{Client, TypedMessage};
//! use std::time::Duration;
//!
//! # #[derive(serde::Deserialize)] struct Message { event: String }
//! # impl TypedMessage for Message { fn event_name(&self) -> &str { &self.event } }
//! let mut qmp = Client::<Message>::unix("/tmp/qmp.sock")?;
//! qmp.execute("stop", serde_json::Value::Null)?;
//! let stop = qmp.wait_for_event("STOP", Duration::from_secs(5))?;
//! println!("{}", stop.line);
//! # Ok::<(), qmp_events_runtime::client::ClientError>(())
//! ```

#[cfg(feature = "tokio")]
mod asynchronous;
mod error;
mod greeting;
mod lines;
mod received;
mod schema;
mod session;
mod transport;

#[cfg(all(test, unix, feature = "tokio"))]
mod async_tests;
#[cfg(all(test, unix))]
mod tests;

use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

#[cfg(feature = "tokio")]
pub use asynchronous::AsyncClient;
pub use error::ClientError;
pub use greeting::{Greeting, QemuVersion};
pub use received::{LineKind, Received, TypedMessage};
pub use schema::QemuSchema;
pub use transport::Address;

use crate::raw_json::RawJson;
use lines::{LineRead, LineReader};
use session::{ReplyLine, Session, raw_return};
use transport::Stream;

/// How long the client waits for the server by default (connecting, greeting, each reply).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How to connect: the address, a timeout, and optionally a transcript of every line received.
/// `M` is what events are read into.
pub struct Connect<M> {
    address: Address,
    timeout: Duration,
    transcript: Option<Box<dyn Write + Send>>,
    message: PhantomData<fn() -> M>,
}

impl<M: TypedMessage> Connect<M> {
    /// Connect to `address` with [`DEFAULT_TIMEOUT`] and no transcript.
    pub fn new(address: Address) -> Connect<M> {
        Connect {
            address,
            timeout: DEFAULT_TIMEOUT,
            transcript: None,
            message: PhantomData,
        }
    }

    /// How long to wait for the connection, the greeting and each command's reply.
    pub fn timeout(mut self, timeout: Duration) -> Connect<M> {
        self.timeout = timeout;
        self
    }

    /// Write every line the server sends (greeting, replies, events), each followed by `\n`,
    /// to `transcript`: a JSONL capture of the session.
    pub fn transcript(mut self, transcript: impl Write + Send + 'static) -> Connect<M> {
        self.transcript = Some(Box::new(transcript));
        self
    }

    /// Connects, reads the greeting and negotiates capabilities (none are enabled).
    pub fn open(self) -> Result<Client<M>, ClientError> {
        let stream = Stream::connect(&self.address, self.timeout)?;
        stream.set_write_timeout(Some(self.timeout))?;
        let writer = stream.try_clone()?;
        let mut client = Client {
            reader: LineReader::new(stream),
            writer,
            session: Session::default(),
            timeout: self.timeout,
            transcript: self.transcript,
            closed: false,
        };
        client.read_greeting()?;
        client.execute("qmp_capabilities", Value::Null)?;
        Ok(client)
    }
}

/// A connection to a QMP server in command mode, reading events into `M`.
pub struct Client<M> {
    reader: LineReader<Stream>,
    writer: Stream,
    /// The protocol's state: greeting, queued events, command ids.
    session: Session<M>,
    timeout: Duration,
    transcript: Option<Box<dyn Write + Send>>,
    /// The server closed the connection; only the queue is left.
    closed: bool,
}

impl<M: TypedMessage> Client<M> {
    /// Connects to `address` with the default options (see [`Connect`] for others).
    pub fn connect(address: Address) -> Result<Client<M>, ClientError> {
        Connect::new(address).open()
    }

    /// Connects to the unix socket at `path`.
    #[cfg(unix)]
    pub fn unix(path: impl AsRef<Path>) -> Result<Client<M>, ClientError> {
        Client::connect(Address::Unix(path.as_ref().to_owned()))
    }

    /// Connects to the TCP address `host:port`.
    pub fn tcp(address: impl Into<String>) -> Result<Client<M>, ClientError> {
        Client::connect(Address::Tcp(address.into()))
    }

    /// The server's greeting.
    pub fn greeting(&self) -> &Greeting {
        self.session
            .greeting()
            .expect("a client exists only after its greeting was read")
    }

    /// Runs `command` with `arguments` (`Value::Null` for none) and returns what it returned.
    ///
    /// Events that arrive before the reply are queued for [`Client::events`] and the other
    /// event methods. A QMP error reply is [`ClientError::Command`].
    pub fn execute(&mut self, command: &str, arguments: Value) -> Result<Value, ClientError> {
        Ok(self.exchange(command, arguments)?.0)
    }

    /// Like [`Client::execute`], returning what the command returned as the text the server
    /// sent (member order and numbers as they were), for answers worth keeping unchanged.
    pub fn execute_raw(&mut self, command: &str, arguments: Value) -> Result<RawJson, ClientError> {
        let (_, line) = self.exchange(command, arguments)?;
        raw_return(command, &line)
    }

    /// The server's own schema (`query-qmp-schema`) with the version its greeting named: the
    /// whole protocol of the QEMU at the other end. Events that arrive meanwhile stay queued.
    pub fn schema(&mut self) -> Result<QemuSchema, ClientError> {
        let schema = self.execute_raw(schema::QUERY, Value::Null)?;
        Ok(QemuSchema::new(self.greeting().clone(), schema))
    }

    /// Sends `command` and reads its reply: the value returned and the reply's line.
    fn exchange(
        &mut self,
        command: &str,
        arguments: Value,
    ) -> Result<(Value, String), ClientError> {
        let (id, bytes) = self.session.request(command, arguments)?;
        if let Err(error) = self
            .writer
            .write_all(&bytes)
            .and_then(|()| self.writer.flush())
        {
            let waiting_for = format!("the reply to \"{command}\"");
            return Err(ClientError::from_read(error, &waiting_for, self.timeout));
        }
        self.read_reply(command, id)
    }

    /// The next event (queued or arriving) within `timeout`; `Ok(None)` when none came in
    /// time, [`ClientError::PeerClosed`] when the server closed and nothing is queued.
    pub fn poll_event(&mut self, timeout: Duration) -> Result<Option<Received<M>>, ClientError> {
        if let Some(received) = self.session.pop() {
            return Ok(Some(received));
        }
        let deadline = Instant::now() + timeout;
        match self.receive(Some(deadline), "an event") {
            Ok(()) => Ok(self.session.pop()),
            Err(ClientError::Timeout { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The first event named `name`, waiting at most `timeout` for it. Other events, before
    /// and after it, stay queued in their order.
    pub fn wait_for_event(
        &mut self,
        name: &str,
        timeout: Duration,
    ) -> Result<Received<M>, ClientError> {
        let deadline = Instant::now() + timeout;
        let waiting_for = format!("a {name} event");
        let mut searched = 0;
        loop {
            if let Some(received) = self.session.take_named(name, &mut searched) {
                return Ok(received);
            }
            self.receive(Some(deadline), &waiting_for)?;
        }
    }

    /// Events as they arrive, blocking without a timeout, until the server closes the
    /// connection (the iterator then ends) or a read fails (one `Err`, then the end).
    pub fn events(&mut self) -> Events<'_, M> {
        Events {
            client: self,
            done: false,
        }
    }

    /// The events received so far and not handed out yet, oldest first.
    pub fn queued(&self) -> impl Iterator<Item = &Received<M>> {
        self.session.queued()
    }

    /// Whether the server has closed the connection.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Reads lines up to and including the greeting; events before it are queued.
    fn read_greeting(&mut self) -> Result<(), ClientError> {
        let deadline = Instant::now() + self.timeout;
        loop {
            let line = self.read_line(Some(deadline), error::GREETING)?;
            if self.session.greeting_line(line)? {
                return Ok(());
            }
        }
    }

    /// Reads until the reply with `id`, queueing everything else that is not a reply.
    fn read_reply(&mut self, command: &str, id: u64) -> Result<(Value, String), ClientError> {
        let deadline = Instant::now() + self.timeout;
        let waiting_for = format!("the reply to \"{command}\"");
        loop {
            let line = self.read_line(Some(deadline), &waiting_for)?;
            if let ReplyLine::Reply(outcome) = self.session.reply_line(line, command, id) {
                return outcome;
            }
        }
    }

    /// Reads one line that is not a reply into the queue.
    fn receive(&mut self, deadline: Option<Instant>, waiting_for: &str) -> Result<(), ClientError> {
        loop {
            let line = self.read_line(deadline, waiting_for)?;
            if self.session.event_line(line) {
                return Ok(());
            }
        }
    }

    /// Reads the next line before `deadline` (`None`: no limit), copying it to the transcript.
    fn read_line(
        &mut self,
        deadline: Option<Instant>,
        waiting_for: &str,
    ) -> Result<String, ClientError> {
        if self.closed {
            return Err(ClientError::PeerClosed {
                waiting_for: waiting_for.to_owned(),
            });
        }
        let started = Instant::now();
        let timeout = match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(started);
                if left.is_zero() {
                    return Err(ClientError::Timeout {
                        waiting_for: waiting_for.to_owned(),
                        waited: Duration::ZERO,
                    });
                }
                Some(left)
            }
            None => None,
        };
        self.reader.get_ref().set_read_timeout(timeout)?;
        match self.reader.read_line() {
            Ok(LineRead::Line(line)) => {
                if let Some(transcript) = &mut self.transcript {
                    transcript.write_all(line.as_bytes())?;
                    transcript.write_all(b"\n")?;
                }
                Ok(line)
            }
            Ok(LineRead::Closed) => {
                self.closed = true;
                Err(ClientError::PeerClosed {
                    waiting_for: waiting_for.to_owned(),
                })
            }
            Err(error) => {
                let error = ClientError::from_read(error, waiting_for, started.elapsed());
                if error.is_peer_closed() {
                    self.closed = true;
                }
                Err(error)
            }
        }
    }
}

/// Events as they arrive; see [`Client::events`].
pub struct Events<'client, M> {
    client: &'client mut Client<M>,
    done: bool,
}

impl<M: TypedMessage> Iterator for Events<'_, M> {
    type Item = Result<Received<M>, ClientError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(received) = self.client.session.pop() {
            return Some(Ok(received));
        }
        if self.done {
            return None;
        }
        match self.client.receive(None, "an event") {
            Ok(()) => self.client.session.pop().map(Ok),
            Err(error) => {
                self.done = true;
                if error.is_peer_closed() {
                    None
                } else {
                    Some(Err(error))
                }
            }
        }
    }
}

//! The tokio client (feature `tokio`): the conversation of the blocking
//! [`Client`](super::Client), over tokio's unix and TCP streams.
//!
//! Both clients feed what they read to one protocol core, so they behave the same: events that
//! arrive before the greeting or while a reply is awaited are queued in order, replies are matched
//! by id, long lines and a peer that closes at any time lose nothing. Reads are cancel-safe: the
//! bytes of a line cut short by a timeout (or by a `select!` branch that won) stay buffered for
//! the next read.
//!
//! ```no_run
//! # async fn run() -> Result<(), qmp_events_runtime::client::ClientError> {
//! use qmp_events_runtime::client::{AsyncClient, TypedMessage};
//! use std::time::Duration;
//!
//! # #[derive(serde::Deserialize)] struct Message { event: String }
//! # impl TypedMessage for Message { fn event_name(&self) -> &str { &self.event } }
//! let mut qmp = AsyncClient::<Message>::unix("/tmp/qmp.sock").await?;
//! qmp.execute("stop", serde_json::Value::Null).await?;
//! let stop = qmp.wait_for_event("STOP", Duration::from_secs(5)).await?;
//! println!("{}", stop.line);
//! while let Some(event) = qmp.next_event().await? {
//!     println!("{}", event.line);
//! }
//! # Ok(())
//! # }
//! ```

use std::io;
#[cfg(unix)]
use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
#[cfg(unix)]
use tokio::net::UnixStream;
use tokio::time::Instant;

use super::DEFAULT_TIMEOUT;
use super::error::{ClientError, GREETING};
use super::greeting::Greeting;
use super::lines::{LineRead, after_read};
use super::received::{Received, TypedMessage};
use super::schema::{QUERY, QemuSchema};
use super::session::{ReplyLine, Session, raw_return};
use super::transport::Address;
use crate::raw_json::RawJson;

type ReadHalf = BufReader<Box<dyn AsyncRead + Unpin + Send>>;
type WriteHalf = Box<dyn AsyncWrite + Unpin + Send>;

/// A connection to a QMP server in command mode, for tokio, reading events into `M`.
pub struct AsyncClient<M> {
    reader: ReadHalf,
    writer: WriteHalf,
    /// The bytes of a line not yet complete: they survive a cancelled read.
    partial: Vec<u8>,
    session: Session<M>,
    timeout: Duration,
    closed: bool,
}

impl<M: TypedMessage> AsyncClient<M> {
    /// Connects to `address` with [`DEFAULT_TIMEOUT`], reads the greeting and negotiates
    /// capabilities (none are enabled).
    pub async fn connect(address: Address) -> Result<AsyncClient<M>, ClientError> {
        AsyncClient::connect_with_timeout(address, DEFAULT_TIMEOUT).await
    }

    /// Connects to the unix socket at `path`.
    #[cfg(unix)]
    pub async fn unix(path: impl AsRef<Path>) -> Result<AsyncClient<M>, ClientError> {
        AsyncClient::connect(Address::Unix(path.as_ref().to_owned())).await
    }

    /// Connects to the TCP address `host:port`.
    pub async fn tcp(address: impl Into<String>) -> Result<AsyncClient<M>, ClientError> {
        AsyncClient::connect(Address::Tcp(address.into())).await
    }

    /// Like [`AsyncClient::connect`], waiting at most `timeout` for the connection, the
    /// greeting and each command's reply.
    pub async fn connect_with_timeout(
        address: Address,
        timeout: Duration,
    ) -> Result<AsyncClient<M>, ClientError> {
        let failed = |source: io::Error| ClientError::from_connect(&address, source);
        let connecting = async {
            let halves: (Box<dyn AsyncRead + Unpin + Send>, WriteHalf) = match &address {
                #[cfg(unix)]
                Address::Unix(path) => {
                    let (read, write) = UnixStream::connect(path).await?.into_split();
                    (Box::new(read), Box::new(write))
                }
                Address::Tcp(text) => {
                    let stream = TcpStream::connect(text.as_str()).await?;
                    // QMP lines are small and latency matters more than throughput.
                    stream.set_nodelay(true)?;
                    let (read, write) = stream.into_split();
                    (Box::new(read), Box::new(write))
                }
            };
            Ok::<_, io::Error>(halves)
        };
        let (read, write) = tokio::time::timeout(timeout, connecting)
            .await
            .map_err(|_| failed(io::Error::new(io::ErrorKind::TimedOut, "connect timed out")))?
            .map_err(failed)?;
        let mut client = AsyncClient {
            reader: BufReader::with_capacity(64 * 1024, read),
            writer: write,
            partial: Vec::new(),
            session: Session::default(),
            timeout,
            closed: false,
        };
        client.read_greeting().await?;
        client.execute("qmp_capabilities", Value::Null).await?;
        Ok(client)
    }

    /// The server's greeting.
    pub fn greeting(&self) -> &Greeting {
        self.session
            .greeting()
            .expect("a client exists only after its greeting was read")
    }

    /// Runs `command` with `arguments` (`Value::Null` for none) and returns what it returned.
    ///
    /// Events that arrive before the reply are queued for the event methods. A QMP error reply
    /// is [`ClientError::Command`].
    pub async fn execute(&mut self, command: &str, arguments: Value) -> Result<Value, ClientError> {
        Ok(self.exchange(command, arguments).await?.0)
    }

    /// Like [`AsyncClient::execute`], returning what the command returned as the text the
    /// server sent (member order and numbers as they were).
    pub async fn execute_raw(
        &mut self,
        command: &str,
        arguments: Value,
    ) -> Result<RawJson, ClientError> {
        let (_, line) = self.exchange(command, arguments).await?;
        raw_return(command, &line)
    }

    /// The server's own schema (`query-qmp-schema`) with the version its greeting named. Events
    /// that arrive meanwhile stay queued.
    pub async fn schema(&mut self) -> Result<QemuSchema, ClientError> {
        let schema = self.execute_raw(QUERY, Value::Null).await?;
        Ok(QemuSchema::new(self.greeting().clone(), schema))
    }

    /// Sends `command` and reads its reply: the value returned and the reply's line.
    async fn exchange(
        &mut self,
        command: &str,
        arguments: Value,
    ) -> Result<(Value, String), ClientError> {
        let (id, bytes) = self.session.request(command, arguments)?;
        let waiting_for = format!("the reply to \"{command}\"");
        let deadline = Instant::now() + self.timeout;
        let writing = async {
            self.writer.write_all(&bytes).await?;
            self.writer.flush().await
        };
        match tokio::time::timeout_at(deadline, writing).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                return Err(ClientError::from_read(error, &waiting_for, self.timeout));
            }
            Err(_) => {
                return Err(ClientError::Timeout {
                    waiting_for,
                    waited: self.timeout,
                });
            }
        }
        loop {
            let line = self.read_line(Some(deadline), &waiting_for).await?;
            if let ReplyLine::Reply(outcome) = self.session.reply_line(line, command, id) {
                return outcome;
            }
        }
    }

    /// The next event, queued or arriving, waiting as long as it takes; `Ok(None)` once the
    /// server has closed the connection and every event received was handed out.
    pub async fn next_event(&mut self) -> Result<Option<Received<M>>, ClientError> {
        if let Some(received) = self.session.pop() {
            return Ok(Some(received));
        }
        match self.receive(None, "an event").await {
            Ok(()) => Ok(self.session.pop()),
            Err(error) if error.is_peer_closed() => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The next event within `timeout`; `Ok(None)` when none came in time,
    /// [`ClientError::PeerClosed`] when the server closed and nothing is queued.
    pub async fn poll_event(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<Received<M>>, ClientError> {
        if let Some(received) = self.session.pop() {
            return Ok(Some(received));
        }
        match self
            .receive(Some(Instant::now() + timeout), "an event")
            .await
        {
            Ok(()) => Ok(self.session.pop()),
            Err(ClientError::Timeout { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The first event named `name`, waiting at most `timeout` for it. Other events, before and
    /// after it, stay queued in their order.
    pub async fn wait_for_event(
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
            self.receive(Some(deadline), &waiting_for).await?;
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
    async fn read_greeting(&mut self) -> Result<(), ClientError> {
        let deadline = Instant::now() + self.timeout;
        loop {
            let line = self.read_line(Some(deadline), GREETING).await?;
            if self.session.greeting_line(line)? {
                return Ok(());
            }
        }
    }

    /// Reads one line that is not a reply into the queue.
    async fn receive(
        &mut self,
        deadline: Option<Instant>,
        waiting_for: &str,
    ) -> Result<(), ClientError> {
        loop {
            let line = self.read_line(deadline, waiting_for).await?;
            if self.session.event_line(line) {
                return Ok(());
            }
        }
    }

    /// The next non-blank line before `deadline` (`None`: no limit).
    async fn read_line(
        &mut self,
        deadline: Option<Instant>,
        waiting_for: &str,
    ) -> Result<String, ClientError> {
        let started = Instant::now();
        loop {
            if self.closed {
                return Err(ClientError::PeerClosed {
                    waiting_for: waiting_for.to_owned(),
                });
            }
            let start = self.partial.len();
            // `read_until` is cancel-safe: what it read before a timeout stays in `partial`.
            let reading = self.reader.read_until(b'\n', &mut self.partial);
            let read = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, reading).await {
                    Ok(read) => read,
                    Err(_) => {
                        return Err(ClientError::Timeout {
                            waiting_for: waiting_for.to_owned(),
                            waited: started.elapsed(),
                        });
                    }
                },
                None => reading.await,
            };
            let read = match read {
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    let error = ClientError::from_read(error, waiting_for, started.elapsed());
                    self.closed |= error.is_peer_closed();
                    return Err(error);
                }
            };
            // Nothing read: the peer closed. A line it left unterminated is still handed out.
            self.closed |= read == 0;
            match after_read(&mut self.partial, start, read) {
                Some(LineRead::Line(line)) => return Ok(line),
                // The loop's first check reports the close.
                Some(LineRead::Closed) | None => {}
            }
        }
    }
}

//! A QMP client: connect, negotiate, run commands, and receive events as typed [`Message`]s
//! together with their raw lines.
//!
//! QMP interleaves events with command replies on one connection. The client queues every
//! event that arrives while it waits for a reply (or for the greeting), in order, and hands
//! them out afterwards: no event is lost, whatever the timing. The blocking [`Client`] and, with
//! the `tokio` feature, `AsyncClient` are the runtime's (`qmp_events::runtime::client`), here
//! reading events into this crate's [`Message`].
//!
//! ```no_run
//! use qmp_events::client::Client;
//! use std::time::Duration;
//!
//! let mut qmp = Client::unix("/tmp/qmp.sock")?;
//! qmp.execute("stop", serde_json::Value::Null)?;
//! let stop = qmp.wait_for_event("STOP", Duration::from_secs(5))?;
//! println!("{}", stop.line);
//! # Ok::<(), qmp_events::client::ClientError>(())
//! ```

use crate::Message;
use crate::runtime::client as generic;

pub use generic::{
    Address, ClientError, DEFAULT_TIMEOUT, Greeting, LineKind, QemuSchema, QemuVersion,
    TypedMessage,
};

/// A connection to a QMP server in command mode (see [`generic::Client`]).
pub type Client = generic::Client<Message>;

/// How to connect (see [`generic::Connect`]).
pub type Connect = generic::Connect<Message>;

/// An event line as received, with its typed [`Message`] (see [`generic::Received`]).
pub type Received = generic::Received<Message>;

/// Events as they arrive (see [`generic::Events`]).
pub type Events<'client> = generic::Events<'client, Message>;

/// A connection to a QMP server in command mode, for tokio (see [`generic::AsyncClient`]).
///
/// ```no_run
/// # async fn run() -> Result<(), qmp_events::client::ClientError> {
/// use qmp_events::client::AsyncClient;
/// use std::time::Duration;
///
/// let mut qmp = AsyncClient::unix("/tmp/qmp.sock").await?;
/// qmp.execute("stop", serde_json::Value::Null).await?;
/// let stop = qmp.wait_for_event("STOP", Duration::from_secs(5)).await?;
/// println!("{}", stop.line);
/// while let Some(event) = qmp.next_event().await? {
///     println!("{}", event.line);
/// }
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "tokio")]
pub type AsyncClient = generic::AsyncClient<Message>;

//! What can go wrong talking to a QMP server, each case named.

use std::fmt;
use std::io;
#[cfg(unix)]
use std::os::unix::fs::FileTypeExt;
use std::path::PathBuf;
use std::time::Duration;

use super::transport::Address;

/// An error of the QMP client.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// Nothing listens at the TCP address (or its host name resolves to nothing).
    ConnectionRefused {
        /// Where we tried to connect.
        address: String,
        /// What the system said.
        source: io::Error,
    },
    /// The unix socket's file does not exist: QEMU is not running, or with another path.
    NoSuchSocket {
        /// The path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The path exists but is not a unix socket (a regular file, a directory).
    NotASocket {
        /// The path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The socket file exists but nothing listens on it: it is stale, left by a QEMU that is
    /// gone.
    StaleSocket {
        /// The path given.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The system refused us the socket (its file's or a parent folder's permissions).
    PermissionDenied {
        /// Where we tried to connect.
        address: String,
        /// What the system said.
        source: io::Error,
    },
    /// Connecting failed otherwise (an unresolvable host, a connect timeout).
    Connect {
        /// Where we tried to connect.
        address: String,
        /// What the system said.
        source: io::Error,
    },
    /// The first message the server sent is not a QMP greeting (`{"QMP": {...}}`).
    NotQmp {
        /// The line it sent instead (cut to a readable length).
        line: String,
    },
    /// The server closed the connection.
    PeerClosed {
        /// What we were waiting for when it did (`the greeting`, `the reply to "cont"`, …).
        waiting_for: String,
    },
    /// Nothing arrived in time.
    Timeout {
        /// What we were waiting for.
        waiting_for: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The server answered a command with an error.
    Command {
        /// The command.
        command: String,
        /// QMP's error class (`GenericError`, `DeviceNotFound`, …).
        class: String,
        /// QEMU's description.
        desc: String,
    },
    /// A reply that is neither `{"return": …}` nor `{"error": …}`.
    BadReply {
        /// The command.
        command: String,
        /// The line received.
        line: String,
    },
    /// Reading from or writing to the connection failed.
    Io(io::Error),
}

impl ClientError {
    /// Classifies a failure to connect to `address`.
    pub(crate) fn from_connect(address: &Address, source: io::Error) -> ClientError {
        #[cfg(unix)]
        if let Address::Unix(path) = address {
            let path = path.clone();
            match source.kind() {
                io::ErrorKind::NotFound => return ClientError::NoSuchSocket { path, source },
                // Linux refuses a connection to a file that is not a socket as it refuses one
                // to a socket nobody listens on: the file's type tells them apart.
                io::ErrorKind::ConnectionRefused => {
                    return match std::fs::metadata(&path) {
                        Ok(metadata) if !metadata.file_type().is_socket() => {
                            ClientError::NotASocket { path, source }
                        }
                        _ => ClientError::StaleSocket { path, source },
                    };
                }
                _ => {}
            }
        }
        let address = address.to_string();
        match source.kind() {
            io::ErrorKind::ConnectionRefused | io::ErrorKind::NotFound => {
                ClientError::ConnectionRefused { address, source }
            }
            io::ErrorKind::PermissionDenied => ClientError::PermissionDenied { address, source },
            _ => ClientError::Connect { address, source },
        }
    }

    /// Classifies a failed read while waiting for `waiting_for`: a read timeout becomes
    /// [`ClientError::Timeout`], a reset connection [`ClientError::PeerClosed`].
    pub(crate) fn from_read(source: io::Error, waiting_for: &str, waited: Duration) -> ClientError {
        match source.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ClientError::Timeout {
                waiting_for: waiting_for.to_owned(),
                waited,
            },
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof => ClientError::PeerClosed {
                waiting_for: waiting_for.to_owned(),
            },
            _ => ClientError::Io(source),
        }
    }

    /// Whether the server closed the connection.
    pub fn is_peer_closed(&self) -> bool {
        matches!(self, ClientError::PeerClosed { .. })
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ClientError::Timeout { .. })
    }
}

/// What the client waits for first: its timeout is the sign of a socket held by another client.
pub(crate) const GREETING: &str = "the greeting";

/// At most this many characters of a received line go into an error message.
const SHOWN: usize = 200;

/// `line`, cut after [`SHOWN`] characters.
pub(crate) fn shorten(line: &str) -> String {
    match line.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_owned(),
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::ConnectionRefused { address, source } => {
                write!(
                    f,
                    "connection refused: nothing listens at {address} ({source})"
                )
            }
            ClientError::NoSuchSocket { path, .. } => {
                let path = path.display();
                write!(
                    f,
                    "{path}: no such socket (is QEMU running with -qmp unix:{path},server=on,wait=off?)"
                )
            }
            ClientError::NotASocket { path, .. } => {
                write!(
                    f,
                    "{}: not a socket (give QEMU's -qmp socket)",
                    path.display()
                )
            }
            ClientError::StaleSocket { path, .. } => write!(
                f,
                "connection refused: nothing listens at unix:{}: a stale socket file (the QEMU that made it is gone?)",
                path.display()
            ),
            ClientError::PermissionDenied { address, .. } => write!(
                f,
                "{address}: permission denied (connect as the user or group that owns QEMU's socket)"
            ),
            ClientError::Connect { address, source } => {
                write!(f, "cannot connect to {address}: {source}")
            }
            ClientError::NotQmp { line } => write!(
                f,
                "greeting not QMP: the server's first message is not {{\"QMP\": …}}: {line}"
            ),
            ClientError::PeerClosed { waiting_for } => {
                write!(
                    f,
                    "peer closed the connection while waiting for {waiting_for}"
                )
            }
            ClientError::Timeout {
                waiting_for,
                waited,
            } => {
                let seconds = waited.as_secs_f64();
                write!(f, "timeout: waited {seconds:.1} s for {waiting_for}")?;
                if waiting_for == GREETING {
                    // QEMU accepts a second client on a busy socket but greets it only when
                    // the first one leaves.
                    write!(
                        f,
                        "; QEMU serves one client per -qmp socket, so another client probably \
                         holds this one: give this client a -qmp of its own (e.g. \
                         -qmp unix:/tmp/watch.sock,server=on,wait=off)"
                    )?;
                }
                Ok(())
            }
            ClientError::Command {
                command,
                class,
                desc,
            } => write!(f, "command \"{command}\" failed: {class}: {desc}"),
            ClientError::BadReply { command, line } => {
                write!(f, "the reply to \"{command}\" is not a QMP reply: {line}")
            }
            ClientError::Io(source) => write!(f, "QMP connection: {source}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::ConnectionRefused { source, .. }
            | ClientError::NoSuchSocket { source, .. }
            | ClientError::NotASocket { source, .. }
            | ClientError::StaleSocket { source, .. }
            | ClientError::PermissionDenied { source, .. }
            | ClientError::Connect { source, .. } => Some(source),
            ClientError::Io(source) => Some(source),
            _ => None,
        }
    }
}

impl From<io::Error> for ClientError {
    fn from(source: io::Error) -> Self {
        ClientError::Io(source)
    }
}

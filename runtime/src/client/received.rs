//! One line the server sent that is not the reply to a command: an event, typed and raw.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What the client reads each event line into: a typed message that names its event (the
/// generated `Message` of a document).
pub trait TypedMessage: DeserializeOwned {
    /// The event's wire name.
    fn event_name(&self) -> &str;
}

/// Events read as JSON, without a document: the name is the `event` member (empty when there is
/// none).
impl TypedMessage for Value {
    fn event_name(&self) -> &str {
        self.get("event")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// A message from the server that is not a command reply, normally an event.
///
/// `line` is exactly what arrived (without its line terminator), for validation with the
/// generated `validate`; `message` is the same read as a typed `M`, or why it does not read
/// (the line is then still here: nothing is dropped).
#[derive(Debug)]
pub struct Received<M> {
    /// The line as received.
    pub line: String,
    /// The typed message, or the reason it does not read (serde_json's error, with its line
    /// and column).
    pub message: Result<M, serde_json::Error>,
}

impl<M: TypedMessage> Received<M> {
    /// Reads `line` into a typed message.
    pub fn new(line: String) -> Received<M> {
        let message = serde_json::from_str(&line);
        Received { line, message }
    }

    /// The event's name, when the line reads as a message.
    pub fn event_name(&self) -> Option<&str> {
        self.message.as_ref().ok().map(TypedMessage::event_name)
    }
}

/// What a line of a QMP session is, read without building an event's data (which may be
/// large). A capture of a session holds all three kinds; only events are judged against the
/// document.
#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    /// The greeting, `{"QMP": …}`.
    Greeting,
    /// A command's reply, `{"return": …}` or `{"error": …}`.
    Reply {
        /// The `id` that ties it to its command, if the command had one.
        id: Option<Value>,
        /// What `return` holds, or what `error` holds.
        outcome: Result<Value, Value>,
    },
    /// Anything else: an event, or a line that is not QMP at all.
    Other,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "QMP", default)]
    qmp: Option<serde::de::IgnoredAny>,
    #[serde(rename = "return", default)]
    ret: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
}

impl LineKind {
    /// Classifies `line`. Members other than these (an event's `data`) are skipped unbuilt.
    ///
    /// ```
    /// use qmp_events_runtime::client::LineKind;
    ///
    /// assert_eq!(LineKind::of(r#"{"QMP": {"version": {}, "capabilities": []}}"#), LineKind::Greeting);
    /// assert!(matches!(LineKind::of(r#"{"return": {}, "id": 3}"#), LineKind::Reply { .. }));
    /// assert_eq!(LineKind::of(r#"{"event": "STOP"}"#), LineKind::Other);
    /// assert_eq!(LineKind::of("not json"), LineKind::Other);
    /// assert_eq!(LineKind::of("[1]"), LineKind::Other);
    /// ```
    pub fn of(line: &str) -> LineKind {
        // serde reads a struct from an array too (`[1]`); QMP messages are objects.
        if !line.trim_start().starts_with('{') {
            return LineKind::Other;
        }
        let Ok(envelope) = serde_json::from_str::<Envelope>(line) else {
            return LineKind::Other;
        };
        if envelope.qmp.is_some() {
            return LineKind::Greeting;
        }
        let outcome = match (envelope.ret, envelope.error) {
            (Some(value), _) => Ok(value),
            (None, Some(error)) => Err(error),
            (None, None) => return LineKind::Other,
        };
        LineKind::Reply {
            id: envelope.id,
            outcome,
        }
    }
}

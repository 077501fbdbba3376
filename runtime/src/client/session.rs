//! The QMP conversation without the I/O: what a line received means, what a command looks like
//! on the wire, and the queue of events waiting to be handed out.
//!
//! The blocking [`Client`](super::Client) and the tokio `AsyncClient` (feature `tokio`) differ
//! only in how they read and write lines; both
//! feed what they read to a `Session`, so that the protocol (greeting first, events queued in
//! order while a reply is awaited, replies matched by id) is written once.

use std::collections::VecDeque;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::error::{ClientError, shorten};
use super::greeting::Greeting;
use super::received::{LineKind, Received, TypedMessage};
use crate::raw_json::RawJson;

/// The state of one QMP conversation.
#[derive(Debug)]
pub(crate) struct Session<M> {
    greeting: Option<Greeting>,
    /// Lines received that are not replies, oldest first, waiting to be handed out.
    queue: VecDeque<Received<M>>,
    /// The id of the last command sent; ids start at 1.
    last_id: u64,
}

/// What a line read while waiting for a command's reply turned out to be.
pub(crate) enum ReplyLine {
    /// The reply: what the command returned (with the line, for [`raw_return`]), or why it
    /// failed.
    Reply(Result<(Value, String), ClientError>),
    /// Not the reply (an event, now queued, or an answer to an abandoned command): read on.
    NotYet,
}

impl<M> Default for Session<M> {
    fn default() -> Self {
        Session {
            greeting: None,
            queue: VecDeque::new(),
            last_id: 0,
        }
    }
}

impl<M: TypedMessage> Session<M> {
    /// The greeting, once [`Session::greeting_line`] has read it.
    pub(crate) fn greeting(&self) -> Option<&Greeting> {
        self.greeting.as_ref()
    }

    /// A line received before the greeting was read. `Ok(true)`: it was the greeting. An event
    /// that comes first is queued (`Ok(false)`); anything else means the server does not speak
    /// QMP.
    pub(crate) fn greeting_line(&mut self, line: String) -> Result<bool, ClientError> {
        match LineKind::of(&line) {
            LineKind::Greeting => match Greeting::parse(&line) {
                Some(greeting) => {
                    self.greeting = Some(greeting);
                    Ok(true)
                }
                None => Err(ClientError::NotQmp {
                    line: shorten(&line),
                }),
            },
            LineKind::Other if looks_like_event(&line) => {
                self.queue.push_back(Received::new(line));
                Ok(false)
            }
            _ => Err(ClientError::NotQmp {
                line: shorten(&line),
            }),
        }
    }

    /// The wire form of `command` with `arguments` (`Value::Null` for none): one JSON line,
    /// newline included, and the id its reply will carry.
    pub(crate) fn request(
        &mut self,
        command: &str,
        arguments: Value,
    ) -> Result<(u64, Vec<u8>), ClientError> {
        self.last_id += 1;
        let id = self.last_id;
        let mut request = json!({ "execute": command, "id": id });
        if !arguments.is_null() {
            request["arguments"] = arguments;
        }
        let mut bytes = serde_json::to_vec(&request).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        Ok((id, bytes))
    }

    /// A line received while waiting for the reply to `command`, sent with `id`.
    pub(crate) fn reply_line(&mut self, line: String, command: &str, id: u64) -> ReplyLine {
        match LineKind::of(&line) {
            LineKind::Reply {
                id: reply_id,
                outcome,
            } => {
                // A reply carrying another id answers a command this client gave up on (after
                // a timeout); it is not ours.
                if reply_id.is_some_and(|reply_id| reply_id != json!(id)) {
                    return ReplyLine::NotYet;
                }
                ReplyLine::Reply(match outcome {
                    Ok(value) => Ok((value, line)),
                    Err(error) => Err(command_error(command, &error, &line)),
                })
            }
            LineKind::Greeting => ReplyLine::NotYet,
            LineKind::Other => {
                self.queue.push_back(Received::new(line));
                ReplyLine::NotYet
            }
        }
    }

    /// A line received while waiting for events. Returns whether it was queued: replies to
    /// abandoned commands and repeated greetings are not events.
    pub(crate) fn event_line(&mut self, line: String) -> bool {
        let queued = matches!(LineKind::of(&line), LineKind::Other);
        if queued {
            self.queue.push_back(Received::new(line));
        }
        queued
    }

    /// The oldest queued event.
    pub(crate) fn pop(&mut self) -> Option<Received<M>> {
        self.queue.pop_front()
    }

    /// The first queued event called `name`, looking only past the first `*searched` entries
    /// (already searched); `*searched` then covers the whole queue. Other events keep their
    /// order.
    pub(crate) fn take_named(&mut self, name: &str, searched: &mut usize) -> Option<Received<M>> {
        let found = self
            .queue
            .iter()
            .skip(*searched)
            .position(|received| received.event_name() == Some(name));
        match found {
            Some(offset) => self.queue.remove(*searched + offset),
            None => {
                *searched = self.queue.len();
                None
            }
        }
    }

    /// The events received and not handed out yet, oldest first.
    pub(crate) fn queued(&self) -> impl Iterator<Item = &Received<M>> {
        self.queue.iter()
    }
}

/// Whether a line that is neither greeting nor reply names an event (so that it may precede
/// the greeting without making the server "not QMP").
fn looks_like_event(line: &str) -> bool {
    serde_json::from_str::<Value>(line).is_ok_and(|value| value.get("event").is_some())
}

/// The `return` member of the successful reply `line` to `command`, as the text the server sent
/// (member order, numbers and all), for answers worth keeping as they are (`query-qmp-schema`).
pub(crate) fn raw_return(command: &str, line: &str) -> Result<RawJson, ClientError> {
    #[derive(Deserialize)]
    struct Return<'line> {
        #[serde(rename = "return", borrow)]
        value: &'line RawValue,
    }
    match serde_json::from_str::<Return<'_>>(line) {
        Ok(reply) => Ok(RawJson::from(reply.value.to_owned())),
        Err(_) => Err(ClientError::BadReply {
            command: command.to_owned(),
            line: shorten(line),
        }),
    }
}

/// The error for a QMP error reply `{"error": {"class": …, "desc": …}}`.
fn command_error(command: &str, error: &Value, line: &str) -> ClientError {
    let text = |key: &str| error.get(key).and_then(Value::as_str).map(str::to_owned);
    match (text("class"), text("desc")) {
        (Some(class), Some(desc)) => ClientError::Command {
            command: command.to_owned(),
            class,
            desc,
        },
        _ => ClientError::BadReply {
            command: command.to_owned(),
            line: shorten(line),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GREETING: &str = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": []}}"#;

    fn event(name: &str) -> String {
        format!(r#"{{"event": "{name}", "timestamp": {{"seconds": 1, "microseconds": 0}}}}"#)
    }

    #[test]
    fn events_before_the_greeting_are_queued_and_anything_else_is_not_qmp() {
        let mut session = Session::<Value>::default();
        assert!(!session.greeting_line(event("STOP")).unwrap());
        assert!(session.greeting_line(GREETING.to_owned()).unwrap());
        assert_eq!(session.greeting().unwrap().qemu.as_ref().unwrap().major, 7);
        assert_eq!(session.pop().unwrap().event_name(), Some("STOP"));
        let error = Session::<Value>::default()
            .greeting_line("SSH-2.0-OpenSSH".to_owned())
            .unwrap_err();
        assert!(matches!(error, ClientError::NotQmp { .. }), "{error}");
    }

    #[test]
    fn replies_are_matched_by_id_and_events_between_are_kept_in_order() {
        let mut session = Session::<Value>::default();
        let (first, _) = session.request("stop", Value::Null).unwrap();
        let (id, bytes) = session.request("cont", json!({"x": 1})).unwrap();
        assert_eq!((first, id), (1, 2));
        assert_eq!(
            serde_json::from_slice::<Value>(&bytes).unwrap(),
            json!({"execute": "cont", "id": 2, "arguments": {"x": 1}})
        );
        assert!(bytes.ends_with(b"\n"));
        let lines = [
            event("STOP"),
            r#"{"return": {}, "id": 1}"#.to_owned(),
            event("RESUME"),
        ];
        for line in lines {
            assert!(matches!(
                session.reply_line(line, "cont", id),
                ReplyLine::NotYet
            ));
        }
        let reply = session.reply_line(
            r#"{"error": {"class": "GenericError", "desc": "no"}, "id": 2}"#.to_owned(),
            "cont",
            id,
        );
        let ReplyLine::Reply(Err(ClientError::Command { class, .. })) = reply else {
            panic!("the error reply is the command's");
        };
        assert_eq!(class, "GenericError");
        let names: Vec<_> = session.queued().filter_map(Received::event_name).collect();
        assert_eq!(names, ["STOP", "RESUME"]);
    }

    #[test]
    fn taking_an_event_by_name_keeps_the_others_in_order() {
        let mut session = Session::<Value>::default();
        for name in ["STOP", "RESUME", "STOP"] {
            assert!(session.event_line(event(name)));
        }
        assert!(!session.event_line(r#"{"return": {}, "id": 9}"#.to_owned()));
        let mut searched = 0;
        assert_eq!(
            session
                .take_named("RESUME", &mut searched)
                .unwrap()
                .event_name(),
            Some("RESUME")
        );
        assert!(session.take_named("SHUTDOWN", &mut searched).is_none());
        assert_eq!(searched, 2);
        let names: Vec<_> = session.queued().filter_map(Received::event_name).collect();
        assert_eq!(names, ["STOP", "STOP"]);
    }
}

//! A realistic QMP event stream, reproducible from a seed: the benchmarks' input, and the
//! memory measurement's (`cargo run --release --example stream -- --lines 1000000 --seed 7`).
//!
//! Every documented event of the bundled spec (`spec/qmp-events.txt`, read through its model so
//! that no event is forgotten) with realistic values: device names, addresses and ports, job
//! sizes, optional members sometimes left out, nested server/client objects, in the member
//! order and spacing QEMU writes. Mixed in are messages that break the document in the ways a
//! validator must catch (a wrong type, a missing required member, an undocumented value, an
//! event the document lacks), messages with `data` before `event`, and the events a real
//! QEMU 7.2 sent (`tests/fixtures/qemu-7.2.22.jsonl`, greeting and replies left out).
//!
//! Each line carries what the generator meant it to be ([`Intent`]), so a test can hold the
//! validator to it. The random numbers come from `fastrand`'s seeded generator (wyrand): the
//! same seed gives the same bytes on every run and machine.

// Each user of this module (bench, example, test) uses a part of it.
#![allow(dead_code)]

use std::fmt::Write as _;

use qmpgen::text::model::{Data, Event, Field, Type};

/// The bundled spec: the document the generated validators were built from.
const SPEC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/qmp-events.txt"));
/// What a real QEMU 7.2 sent, one message a line.
const RECORDED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/qemu-7.2.22.jsonl"
));

/// What a line of the stream was made to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// What the document describes: no violation in either mode.
    Valid,
    /// Breaks the document: an error of this kind (`wrong-type`, `missing-field`) in both modes.
    Error(&'static str),
    /// Says more than the document (`undocumented-value`, `unknown-event`): an error of this kind
    /// in strict mode, only warnings in lenient mode.
    Newer(&'static str),
    /// Recorded from a real QEMU 7.2: an event, whatever the 2012 document says of it.
    Recorded,
}

/// One line of the stream.
#[derive(Debug, Clone)]
pub struct Line {
    /// The message, without its newline.
    pub text: String,
    /// What the generator meant it to be.
    pub intent: Intent,
}

/// Events a newer QEMU sends that the 2012 document lacks, with typical data.
const NEWER_EVENTS: [(&str, &str); 5] = [
    (
        "JOB_STATUS_CHANGE",
        r#"{"status": "concluded", "id": "mirror-job0"}"#,
    ),
    (
        "GUEST_PANICKED",
        r#"{"action": "pause", "info": {"type": "hyper-v", "arg1": 0, "arg2": 0, "arg3": 0, "arg4": 0, "arg5": 0}}"#,
    ),
    (
        "NIC_RX_FILTER_CHANGED",
        r#"{"name": "net0", "path": "/machine/peripheral/net0/virtio-backend"}"#,
    ),
    ("BALLOON_CHANGE", r#"{"actual": 1073741824}"#),
    (
        "MEMORY_FAILURE",
        r#"{"recipient": "guest", "action": "inject", "flags": {"action-required": false, "recursive": false}}"#,
    ),
];

const DEVICES: [&str; 10] = [
    "ide0-hd0",
    "ide1-cd0",
    "virtio-disk0",
    "virtio-disk1",
    "drive-scsi0-0-0-0",
    "drive-virtio-disk2",
    "hd0",
    "cd0",
    "floppy0",
    "sd0",
];
const HOSTS: [&str; 6] = [
    "127.0.0.1",
    "192.168.122.1",
    "10.0.2.15",
    "172.16.0.34",
    "::1",
    "fe80::5054:ff:fe12:3456",
];
const AUTH: [&str; 5] = ["none", "vnc", "sasl", "spice", "vencrypt+x509+plain"];
const ERRORS: [&str; 4] = [
    "Input/output error",
    "No space left on device",
    "Operation not permitted",
    "Connection reset by peer",
];
const USERS: [&str; 3] = ["alice", "bob", "virt-viewer"];
const PATHS: [&str; 4] = [
    "/machine/peripheral/net0",
    "/machine/peripheral-anon/device[3]",
    "/machine/unattached/device[12]",
    "/var/lib/libvirt/images/fedora.qcow2",
];

/// The generator: the documented events, the recorded ones, a seeded random source and a clock.
pub struct Stream {
    rng: fastrand::Rng,
    events: Vec<Event>,
    recorded: Vec<&'static str>,
    next_recorded: usize,
    /// The timestamp of the last message, in microseconds since the epoch.
    clock: u64,
    /// The last block job length written, which bounds its progress.
    len: u64,
}

/// Where in an event's data a fault goes: field indices from the data down.
type Site = Vec<usize>;

/// What to break in one message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fault {
    None,
    WrongType(Site),
    Missing(Site),
    BadValue(Site),
}

impl Stream {
    /// A stream that `seed` determines entirely.
    pub fn new(seed: u64) -> Stream {
        let spec = qmpgen::text::parse::parse(SPEC).spec;
        let mut events: Vec<Event> = Vec::new();
        for event in spec.events {
            // A name documented twice means its first description, as the validators read it.
            if !events.iter().any(|known| known.name == event.name) {
                events.push(event);
            }
        }
        let recorded = RECORDED
            .lines()
            .filter(|line| line.contains(r#""event": "#))
            .collect();
        Stream {
            rng: fastrand::Rng::with_seed(seed),
            events,
            recorded,
            next_recorded: 0,
            clock: 1_795_443_782_000_000,
            len: 0,
        }
    }

    /// The names of the documented events, in document order.
    pub fn event_names(&self) -> impl Iterator<Item = &str> {
        self.events.iter().map(|event| event.name.as_str())
    }

    /// How many recorded real messages the stream cycles through.
    pub fn recorded_count(&self) -> usize {
        self.recorded.len()
    }

    /// The first `count` lines.
    pub fn take_lines(seed: u64, count: usize) -> Vec<Line> {
        let mut stream = Stream::new(seed);
        (0..count).map(|_| stream.next_line()).collect()
    }

    /// The next line: one in ten a recorded message, the rest made up, about one in four of
    /// those breaking the document.
    pub fn next_line(&mut self) -> Line {
        self.clock += self.rng.u64(200..2_000_000);
        let roll = self.rng.u32(0..100);
        if roll < 10 {
            let text = self.recorded[self.next_recorded].to_owned();
            self.next_recorded = (self.next_recorded + 1) % self.recorded.len();
            return Line {
                text,
                intent: Intent::Recorded,
            };
        }
        if roll < 14 {
            return self.newer_event();
        }
        let event = self.rng.usize(0..self.events.len());
        let fault = match roll {
            14..=19 => self.pick_site(event, |field| typed(field).is_some()),
            20..=24 => self.pick_site(event, |field| !field.optional),
            25..=28 => self.pick_site(event, |field| !field.values.is_empty()),
            _ => None,
        };
        let (fault, intent) = match (roll, fault) {
            (14..=19, Some(site)) => (Fault::WrongType(site), Intent::Error("wrong-type")),
            (20..=24, Some(site)) => (Fault::Missing(site), Intent::Error("missing-field")),
            (25..=28, Some(site)) => (Fault::BadValue(site), Intent::Newer("undocumented-value")),
            _ => (Fault::None, Intent::Valid),
        };
        let data_first = fault == Fault::None && self.rng.u32(0..10) == 0;
        let text = self.message(event, &fault, data_first);
        Line { text, intent }
    }

    /// A message of an event the document lacks.
    fn newer_event(&mut self) -> Line {
        let (name, data) = NEWER_EVENTS[self.rng.usize(0..NEWER_EVENTS.len())];
        let mut text = String::with_capacity(160);
        self.timestamp(&mut text);
        let _ = write!(text, r#", "event": "{name}", "data": {data}}}"#);
        Line {
            text,
            intent: Intent::Newer("unknown-event"),
        }
    }

    /// Picks a field of `event` that `wanted` accepts, at any depth, whose enclosing objects are
    /// required (so that the fault shows whatever else is left out).
    fn pick_site(&mut self, event: usize, wanted: impl Fn(&Field) -> bool) -> Option<Site> {
        let event = &self.events[event];
        if !matches!(event.data, Data::Fields { .. }) {
            return None;
        }
        let mut sites = Vec::new();
        collect_sites(&event.fields, &mut Vec::new(), &wanted, &mut sites);
        if sites.is_empty() {
            return None;
        }
        Some(sites.swap_remove(self.rng.usize(0..sites.len())))
    }

    /// The text of one message of `events[event]`, QEMU's member order (timestamp, event,
    /// data) unless `data_first`.
    fn message(&mut self, event: usize, fault: &Fault, data_first: bool) -> String {
        // The events are lent out while the random source writes their values.
        let events = std::mem::take(&mut self.events);
        let event = &events[event];
        let mut data = String::new();
        match &event.data {
            Data::Fields { .. } => self.object(&event.fields, &mut Vec::new(), fault, &mut data),
            // QEMU sends no data for an event without any.
            Data::None { .. } => {}
            // Data described elsewhere: any object will do; QEMU's look like this.
            Data::Reference { .. } | Data::Prose { .. } | Data::Unspecified => {
                data.push_str(r#"{"path": "/machine/peripheral/dimm0", "id": "dimm0"}"#)
            }
        }
        let mut text = String::with_capacity(64 + data.len());
        if data_first && !data.is_empty() {
            let _ = write!(text, r#"{{"data": {data}, "event": "{}", "#, event.name);
            let mut stamp = String::new();
            self.timestamp(&mut stamp);
            // `"timestamp": {...}` without the message's opening brace.
            text.push_str(&stamp[1..]);
        } else {
            self.timestamp(&mut text);
            let _ = write!(text, r#", "event": "{}""#, event.name);
            if !data.is_empty() {
                let _ = write!(text, r#", "data": {data}"#);
            }
        }
        text.push('}');
        self.events = events;
        text
    }

    /// `{"timestamp": {...}`, the message opened and its first member written.
    fn timestamp(&self, out: &mut String) {
        let _ = write!(
            out,
            r#"{{"timestamp": {{"seconds": {}, "microseconds": {}}}"#,
            self.clock / 1_000_000,
            self.clock % 1_000_000
        );
    }

    /// Writes an object with `fields`; `at` is its site, `fault` what to break.
    fn object(&mut self, fields: &[Field], at: &mut Site, fault: &Fault, out: &mut String) {
        out.push('{');
        let mut first = true;
        for (index, field) in first_documented(fields) {
            at.push(index);
            let on_fault_path = match fault {
                Fault::None => false,
                Fault::WrongType(site) | Fault::Missing(site) | Fault::BadValue(site) => {
                    site.starts_with(at)
                }
            };
            let leave_out = match fault {
                Fault::Missing(site) => site == at,
                _ => field.optional && !on_fault_path && self.rng.u32(0..3) == 0,
            };
            if !leave_out {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                string(&field.name, out);
                out.push_str(": ");
                match fault {
                    Fault::WrongType(site) if site == at => self.wrong_value(field, out),
                    Fault::BadValue(site) if site == at => {
                        string(&format!("{}-unknown", field.values[0].name), out)
                    }
                    _ => self.value(field, at, fault, out),
                }
            }
            at.pop();
        }
        out.push('}');
    }

    /// A realistic value for `field`.
    fn value(&mut self, field: &Field, at: &mut Site, fault: &Fault, out: &mut String) {
        if !field.fields.is_empty() {
            return self.object(&field.fields, at, fault, out);
        }
        if !field.values.is_empty() {
            let value = &field.values[self.rng.usize(0..field.values.len())].name;
            return string(value, out);
        }
        let rng = &mut self.rng;
        match (field.ty.as_ref(), field.name.as_str()) {
            (Some(Type::String), "device") => string(pick(rng, &DEVICES), out),
            (Some(Type::String), "host") => string(pick(rng, &HOSTS), out),
            // A display port, or a client's ephemeral one.
            (Some(Type::String), "service" | "port") => {
                let port = if rng.bool() {
                    rng.u32(5900..5910)
                } else {
                    rng.u32(32768..61000)
                };
                string(&port.to_string(), out)
            }
            (Some(Type::String), "auth") => string(pick(rng, &AUTH), out),
            (Some(Type::String), "error") => string(pick(rng, &ERRORS), out),
            (Some(Type::String), "sasl_username") => string(pick(rng, &USERS), out),
            (Some(Type::String), "x509_dname") => {
                string("C=CZ,L=Brno,O=Example,CN=client.example.com", out)
            }
            (Some(Type::String), _) => string(pick(rng, &PATHS), out),
            // Job sizes in whole MiB, the progress at most the length written before it.
            (Some(Type::Int), "len") => {
                self.len = rng.u64(1..100_000) * 1_048_576;
                let _ = write!(out, "{}", self.len);
            }
            (Some(Type::Int), "offset") => {
                let _ = write!(out, "{}", rng.u64(0..=self.len / 1_048_576) * 1_048_576);
            }
            (Some(Type::Int), "speed") => {
                let _ = write!(out, "{}", rng.u64(0..4) * 1_048_576);
            }
            (Some(Type::Int), "connection-id") => {
                let _ = write!(out, "{}", rng.u32(..));
            }
            (Some(Type::Int), _) => {
                let _ = write!(out, "{}", rng.u32(0..10));
            }
            (Some(Type::Bool), _) => out.push_str(if rng.bool() { "true" } else { "false" }),
            // An RTC offset in seconds; now and then with a fraction, as json-number allows.
            (Some(Type::Number), _) => {
                let seconds = rng.i64(-86_400..86_400);
                if rng.u32(0..4) == 0 {
                    let _ = write!(out, "{seconds}.5");
                } else {
                    let _ = write!(out, "{seconds}");
                }
            }
            (Some(Type::Object), _) => {
                let _ = write!(out, r#"{{"path": "{}", "id": "net0"}}"#, pick(rng, &PATHS));
            }
            // A type documented elsewhere, or none: what QEMU sends there is an object.
            (Some(Type::Named(_)) | None, _) => {
                out.push_str(r#"{"total": 67371008, "status": "completed", "completed": 4096}"#)
            }
        }
    }

    /// A value of another JSON type than `field` documents.
    fn wrong_value(&mut self, field: &Field, out: &mut String) {
        let value = match typed(field) {
            Some(Type::String) => "4096",
            Some(Type::Int) => r#""1048576""#,
            Some(Type::Bool) => r#""true""#,
            Some(Type::Number) => r#""-3600""#,
            Some(Type::Object) => r#""127.0.0.1:5900""#,
            _ => unreachable!("only typed fields are picked for a wrong type"),
        };
        out.push_str(value);
    }
}

/// The JSON type a field must have, when the document says (nested members make an object).
/// The peer the benchmarks compare with: the JSON Schema of the bundled spec (what
/// `qmpgen generate spec/qmp-events.txt --target json-schema` prints), compiled by the
/// `jsonschema` crate.
pub fn json_schema_validator() -> jsonschema::Validator {
    let spec = qmpgen::text::parse::parse(SPEC).spec;
    let schema =
        qmpgen::json_schema::json_schema(&qmpgen::text::lower::lower(&spec, "spec/qmp-events.txt"));
    jsonschema::draft202012::new(&schema).expect("the generated schema compiles")
}

fn typed(field: &Field) -> Option<Type> {
    if !field.fields.is_empty() {
        return Some(Type::Object);
    }
    match &field.ty {
        Some(Type::Named(_)) | None => None,
        Some(ty) => Some(ty.clone()),
    }
}

/// Collects the sites of the fields `wanted` accepts, descending only through required objects.
fn collect_sites(
    fields: &[Field],
    at: &mut Site,
    wanted: &impl Fn(&Field) -> bool,
    sites: &mut Vec<Site>,
) {
    for (index, field) in first_documented(fields) {
        at.push(index);
        if wanted(field) {
            sites.push(at.clone());
        }
        if !field.optional {
            collect_sites(&field.fields, at, wanted, sites);
        }
        at.pop();
    }
}

/// The fields with their indices, a member documented twice only the first time: the
/// validators judge it as that one, and writing it twice would make a duplicate key.
fn first_documented(fields: &[Field]) -> impl Iterator<Item = (usize, &Field)> {
    let mut names = Vec::new();
    fields.iter().enumerate().filter(move |(_, field)| {
        let first = !names.contains(&field.name.as_str());
        names.push(&field.name);
        first
    })
}

fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(0..from.len())]
}

/// Writes `text` as a JSON string.
fn string(text: &str, out: &mut String) {
    out.push_str(&serde_json::Value::from(text).to_string());
}

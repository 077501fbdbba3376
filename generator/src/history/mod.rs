//! The timeline of a description of QEMU's events over many versions (each lowered to a
//! [`Schema`], whatever its format): for every event and every member, the runs
//! of versions that document it, and each change on the way.
//!
//! Versions are taken in the order given (a history folder's `INDEX.tsv` order). That order is
//! not a straight line of development: in QEMU's history a branch removes events one by one and
//! its merge restores them, so an event may be documented in several runs with gaps between
//! them. The changes are those of [`crate::diff`] between consecutive versions.
//!
//! ```
//! use qmpgen::history::{History, index::Version};
//! use qmpgen::text::{lower::lower, parse::parse};
//! let v1 = lower(&parse("STOP\n----\n\nData: None.\n").spec, "1.txt");
//! let v2 = lower(&parse("STOP\n----\n\nData: None.\n\nRESUME\n------\n\nData: None.\n").spec, "2.txt");
//! let versions = vec![Version::from_file("1.txt"), Version::from_file("2.txt")];
//! let history = History::build(versions, &[v1, v2], Default::default());
//! let resume = history.event("RESUME").unwrap();
//! assert_eq!(resume.spans[0].first, "2");
//! assert_eq!(resume.changes[0].change.kind.id(), "event-added");
//! ```

pub mod index;

use std::collections::HashMap;

use serde::Serialize;

use crate::diff::{self, Change, Options};
use crate::model::{Member, Schema};
use index::Version;

/// The timeline of a list of versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// The versions, in order.
    pub versions: Vec<Version>,
    /// Every event any version documents, in order of first appearance.
    pub events: Vec<EventHistory>,
}

/// One event's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventHistory {
    /// The event's name.
    pub name: String,
    /// The runs of consecutive versions that document it.
    pub spans: Vec<VersionSpan>,
    /// The runs of versions between its spans that do not document it (an event removed and
    /// documented again later).
    pub gaps: Vec<VersionSpan>,
    /// Every member any version documents, by dotted path, in order of first appearance.
    pub fields: Vec<FieldHistory>,
    /// Every change of the event between consecutive versions, in order.
    pub changes: Vec<Step>,
}

/// One member's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldHistory {
    /// The member's dotted path (`server.auth`).
    pub path: String,
    /// The runs of consecutive versions that document it.
    pub spans: Vec<VersionSpan>,
}

/// A run of consecutive versions (by their labels), both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSpan {
    /// The first version of the run.
    pub first: String,
    /// The last version of the run.
    pub last: String,
}

/// A change between two consecutive versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The version that made the change.
    pub version: String,
    /// The version before it.
    pub since: String,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
}

impl VersionSpan {
    /// The run from `first` to `last`.
    pub fn new(first: &str, last: &str) -> VersionSpan {
        VersionSpan {
            first: first.to_owned(),
            last: last.to_owned(),
        }
    }
}

impl History {
    /// Builds the timeline of `specs`, the schemas of `versions` (same order, same length:
    /// extra entries of either are ignored). `options` says which changes to record.
    pub fn build(versions: Vec<Version>, specs: &[Schema], options: Options) -> History {
        let count = versions.len().min(specs.len());
        let mut timelines = Timelines::default();
        for (index, spec) in specs.iter().take(count).enumerate() {
            for event in &spec.events {
                let timeline = timelines.event(&event.name);
                timeline.present.insert(index);
                if let Some(data) = &event.data {
                    let members = diff::members_of(spec, data);
                    let mut expanding = Vec::new();
                    record_fields(timeline, "", (spec, members), index, &mut expanding);
                }
            }
        }
        for index in 1..count {
            for change in diff::diff(&specs[index - 1], &specs[index], options) {
                let timeline = timelines.event(&change.event);
                timeline.changes.push(Step {
                    version: versions[index].label.clone(),
                    since: versions[index - 1].label.clone(),
                    change,
                });
            }
        }
        let labels: Vec<&str> = versions
            .iter()
            .take(count)
            .map(|version| version.label.as_str())
            .collect();
        let events = timelines
            .events
            .into_iter()
            .map(|timeline| EventHistory {
                spans: spans(&timeline.present, &labels),
                gaps: gaps(&timeline.present, &labels),
                fields: timeline
                    .fields
                    .into_iter()
                    .map(|(path, present)| FieldHistory {
                        spans: spans(&present, &labels),
                        path,
                    })
                    .collect(),
                changes: timeline.changes,
                name: timeline.name,
            })
            .collect();
        let mut versions = versions;
        versions.truncate(count);
        History { versions, events }
    }

    /// The timeline of the event called `name`.
    pub fn event(&self, name: &str) -> Option<&EventHistory> {
        self.events.iter().find(|event| event.name == name)
    }
}

impl EventHistory {
    /// The timeline of the member at `path`.
    pub fn field(&self, path: &str) -> Option<&FieldHistory> {
        self.fields.iter().find(|field| field.path == path)
    }
}

/// Which versions document what, while the history is being built.
#[derive(Default)]
struct Timelines {
    events: Vec<Timeline>,
    by_name: HashMap<String, usize>,
}

struct Timeline {
    name: String,
    present: Presence,
    fields: Vec<(String, Presence)>,
    changes: Vec<Step>,
}

impl Timelines {
    fn event(&mut self, name: &str) -> &mut Timeline {
        let index = *self.by_name.entry(name.to_owned()).or_insert_with(|| {
            self.events.push(Timeline {
                name: name.to_owned(),
                present: Presence::default(),
                fields: Vec::new(),
                changes: Vec::new(),
            });
            self.events.len() - 1
        });
        &mut self.events[index]
    }
}

/// The versions (by index) that document something, in increasing order.
#[derive(Default)]
struct Presence(Vec<usize>);

impl Presence {
    fn insert(&mut self, index: usize) {
        // Versions are visited in order; a name documented twice in one version counts once.
        if self.0.last() != Some(&index) {
            self.0.push(index);
        }
    }
}

/// Records the members at `prefix` (and theirs, below), present in version `index`;
/// `expanding` holds the named types whose members are being recorded (a type that contains
/// itself is recorded once).
fn record_fields<'a>(
    timeline: &mut Timeline,
    prefix: &str,
    (schema, members): (&'a Schema, Vec<&'a Member>),
    index: usize,
    expanding: &mut Vec<&'a str>,
) {
    for member in members {
        let path = format!("{prefix}{}", member.name);
        match timeline.fields.iter_mut().find(|(known, _)| *known == path) {
            Some((_, present)) => present.insert(index),
            None => {
                let mut present = Presence::default();
                present.insert(index);
                timeline.fields.push((path.clone(), present));
            }
        }
        let Some(name) = diff::object_name(&member.ty) else {
            continue;
        };
        if expanding.contains(&name) {
            continue;
        }
        expanding.push(name);
        let nested = diff::members_of(schema, &member.ty);
        record_fields(
            timeline,
            &format!("{path}."),
            (schema, nested),
            index,
            expanding,
        );
        expanding.pop();
    }
}

/// The runs of consecutive indices in `present`, named by their versions' labels.
fn spans(present: &Presence, labels: &[&str]) -> Vec<VersionSpan> {
    runs(present)
        .into_iter()
        .map(|(first, last)| VersionSpan::new(labels[first], labels[last]))
        .collect()
}

/// The runs of indices between the runs of `present`, named by their versions' labels.
fn gaps(present: &Presence, labels: &[&str]) -> Vec<VersionSpan> {
    runs(present)
        .windows(2)
        .map(|pair| VersionSpan::new(labels[pair[0].1 + 1], labels[pair[1].0 - 1]))
        .collect()
}

/// The runs of consecutive indices in `present`, as (first, last).
fn runs(present: &Presence) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &index in &present.0 {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == index => *last = index,
            _ => runs.push((index, index)),
        }
    }
    runs
}

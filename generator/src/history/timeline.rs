//! The timeline itself: [`History`], built from the versions' schemas.

use std::collections::HashMap;

use serde::Serialize;

use super::index::Version;
use super::order::{release_key, same_release};
use crate::diff::{self, Change, ChangeKind, Options};
use crate::model::{Member, Schema, Text};

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
    /// Since when QEMU has it.
    pub since: Since,
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
    /// Since when QEMU has it.
    pub since: Since,
    /// The runs of consecutive versions that document it.
    pub spans: Vec<VersionSpan>,
}

/// Since when QEMU has an item: as its documentation says, and as the history shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Since {
    /// The `Since:` of the newest version that documents one, as written.
    pub documented: Option<String>,
    /// The release of the first version that documents the item (`None` when that version
    /// names no release).
    pub derived: Option<String>,
    /// The release of the version before that one in its series, which does not document the
    /// item (`None` when it is the first of its series): the history places the item after
    /// this release and by `derived`, no closer when it has no version in between.
    pub after: Option<String>,
    /// Whether the documentation and the history contradict each other: `documented` names
    /// another release than `derived`, and not one between `after` and `derived` (where the
    /// history has no version to tell).
    pub differ: bool,
}

impl Since {
    fn new(documented: Option<String>, derived: Option<String>, after: Option<String>) -> Since {
        let differ = match (&documented, &derived) {
            (Some(documented), Some(derived)) => {
                let key = release_key(documented);
                let within = key <= release_key(derived)
                    && after
                        .as_deref()
                        .is_none_or(|after| key > release_key(after));
                !same_release(documented, derived) && !within
            }
            _ => false,
        };
        Since {
            documented,
            derived,
            after,
            differ,
        }
    }
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
    /// For a removal: the newest version of another series, up to this one, that still
    /// documents what was removed (QEMU moved its documentation, it did not remove the event):
    /// such a step breaks no client of the timeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub still_documented_in: Option<String>,
}

impl Step {
    /// Whether the step breaks clients of the whole timeline: a breaking change, unless another
    /// series still documents what it removed.
    pub fn breaking(&self) -> bool {
        self.change.breaking && self.still_documented_in.is_none()
    }
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
                note_since(&mut timeline.documented, event.since.as_ref());
                if let Some(data) = &event.data {
                    let members = diff::members_of(spec, data);
                    let mut expanding = Vec::new();
                    record_fields(timeline, "", (spec, members), index, &mut expanding);
                }
            }
        }
        // Each version is compared with the one before it in its own series: two series are two
        // descriptions (the text and the QAPI schema of one QEMU), and what one says and the
        // other does not is no change of QEMU's.
        let mut last_of_series = HashMap::new();
        for (index, version) in versions.iter().take(count).enumerate() {
            let Some(before) = last_of_series.insert(version.series, index) else {
                continue;
            };
            for change in diff::diff(&specs[before], &specs[index], options) {
                let timeline = timelines.event(&change.event);
                let still_documented_in = match change.kind {
                    ChangeKind::EventRemoved | ChangeKind::FieldRemoved => {
                        documented_elsewhere(timeline, change.field.as_deref(), &versions, index)
                    }
                    _ => None,
                };
                timeline.changes.push(Step {
                    version: version.label.clone(),
                    since: versions[before].label.clone(),
                    change,
                    still_documented_in,
                });
            }
        }
        let labels: Vec<&str> = versions
            .iter()
            .take(count)
            .map(|version| version.label.as_str())
            .collect();
        let since = |documented: Option<String>, present: &Presence| {
            let Some(&first) = present.0.first() else {
                return Since::new(documented, None, None);
            };
            let series = versions[first].series;
            let before = versions[..first]
                .iter()
                .rev()
                .find(|version| version.series == series);
            Since::new(
                documented,
                versions[first].release.clone(),
                before.and_then(|version| version.release.clone()),
            )
        };
        let events = timelines
            .events
            .into_iter()
            .map(|timeline| EventHistory {
                since: since(timeline.documented, &timeline.present),
                spans: spans(&timeline.present, &labels),
                gaps: gaps(&timeline.present, &labels),
                fields: timeline
                    .fields
                    .into_iter()
                    .map(|field| FieldHistory {
                        since: since(field.documented, &field.present),
                        spans: spans(&field.present, &labels),
                        path: field.path,
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
    documented: Option<String>,
    fields: Vec<Field>,
    changes: Vec<Step>,
}

/// A member's presence and its newest `Since:`, while the history is being built.
struct Field {
    path: String,
    present: Presence,
    documented: Option<String>,
}

/// The label of the newest version of another series than `versions[index]`'s, up to it, that
/// documents the event of `timeline` (its member at `field`, when given).
fn documented_elsewhere(
    timeline: &Timeline,
    field: Option<&str>,
    versions: &[Version],
    index: usize,
) -> Option<String> {
    let present = match field {
        None => &timeline.present,
        Some(path) => {
            &timeline
                .fields
                .iter()
                .find(|known| known.path == path)?
                .present
        }
    };
    let series = versions[index].series;
    let mut newest_of_series = HashMap::new();
    for (position, version) in versions[..index].iter().enumerate() {
        if version.series != series {
            newest_of_series.insert(version.series, position);
        }
    }
    newest_of_series
        .into_values()
        .filter(|position| present.0.binary_search(position).is_ok())
        .max()
        .map(|position| versions[position].label.clone())
}

/// Keeps the newest `Since:`: versions are visited oldest first, so a later one replaces it.
fn note_since(documented: &mut Option<String>, since: Option<&Text>) {
    if let Some(since) = since {
        *documented = Some(since.text.trim().to_owned());
    }
}

impl Timelines {
    fn event(&mut self, name: &str) -> &mut Timeline {
        let index = *self.by_name.entry(name.to_owned()).or_insert_with(|| {
            self.events.push(Timeline {
                name: name.to_owned(),
                present: Presence::default(),
                documented: None,
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
        let position = match timeline.fields.iter().position(|field| field.path == path) {
            Some(position) => position,
            None => {
                timeline.fields.push(Field {
                    path: path.clone(),
                    present: Presence::default(),
                    documented: None,
                });
                timeline.fields.len() - 1
            }
        };
        let field = &mut timeline.fields[position];
        field.present.insert(index);
        note_since(&mut field.documented, member.since.as_ref());
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

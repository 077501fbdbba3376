//! `qmpgen diff TEXT QAPI` on the releases that shipped both descriptions of QEMU's events
//! (`same_commit_qmp_events_txt` in tests/data/qapi-schemas/INDEX.tsv: 2.1, 2.3, 2.5, 2.7): it
//! reports where QEMU's two descriptions disagree, never how they spell a type.
//!
//! The events and members present on one side only are derived here independently of qmpgen's
//! front ends, by plain scans of the files: the text's headings and `- "member"` lines (nesting by
//! indentation), the QAPI schema's `'event'` definitions and their data members, following its
//! includes and its types by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

mod common;

/// The workspace's root: the paths the diff prints are relative to it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (QEMU release, text version, QAPI schema) of each pair in the index, paths from the root.
fn pairs() -> Vec<(String, String, String)> {
    common::qapi_schemas()
        .into_iter()
        .filter_map(|schema| {
            Some((
                schema.qemu_release,
                format!("tests/data/qmp-events-history/{}", schema.same_commit_text?),
                format!("tests/data/qapi-schemas/{}", schema.file),
            ))
        })
        .collect()
}

/// `qmpgen diff TEXT QAPI ARGS…` from the workspace's root, without colour: its standard output
/// (exit code 1: the descriptions differ).
fn diff(text: &str, qapi: &str, args: &[&str]) -> String {
    let args = [&["diff", text, qapi], args].concat();
    let output = common::qmpgen_in(&root(), &args, "");
    assert!(output.stderr.is_empty(), "{}", common::text(&output.stderr));
    assert_eq!(output.status.code(), Some(1));
    common::text(&output.stdout)
}

/// The changes of `qmpgen diff TEXT QAPI --format json`.
fn changes(text: &str, qapi: &str) -> Vec<Json> {
    let json: Json = serde_json::from_str(&diff(text, qapi, &["--format", "json"])).unwrap();
    json["changes"].as_array().unwrap().clone()
}

/// Each event of a description with its members' dotted paths.
type Members = BTreeMap<String, BTreeSet<String>>;

/// The text's events (its headings: a line of capitalised names underlined by dashes) and their members
/// (`- "name"` lines, nested by indentation). A member or data the text gives as a type
/// "described in qapi-schema.json" has that QAPI type's members.
fn text_members(path: &Path, qapi: &Qapi) -> Members {
    let source = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let mut events = Members::new();
    let mut current: Vec<String> = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let underlined = lines.get(at + 1).is_some_and(|next| {
            // Some underlines are longer or shorter than their heading (MEM_UNPLUG_ERROR at 2.5).
            next.len() >= 3 && next.chars().all(|c| c == '-')
        });
        if underlined
            && !line.is_empty()
            && line
                .chars()
                .all(|c| c.is_ascii_uppercase() || "_0123456789, ".contains(c))
        {
            current = line.split(", ").map(str::to_owned).collect();
            for event in &current {
                events.entry(event.clone()).or_default();
            }
            stack.clear();
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let Some(rest) = trimmed.strip_prefix("- ") else {
            continue;
        };
        let (name, annotation) = if let Some(quoted) = rest.strip_prefix('"') {
            let Some((name, after)) = quoted.split_once('"') else {
                continue;
            };
            (Some(name), after.trim_start_matches(':').trim())
        } else if let Some(after) = rest.strip_prefix("data:") {
            (None, after.trim())
        } else {
            continue;
        };
        while stack.last().is_some_and(|(depth, _)| *depth >= indent) {
            stack.pop();
        }
        let prefix: String = stack.iter().map(|(_, name)| format!("{name}.")).collect();
        let mut found = BTreeSet::new();
        let under = match name {
            Some(name) => {
                found.insert(format!("{prefix}{name}"));
                stack.push((indent, name.to_owned()));
                format!("{prefix}{name}.")
            }
            None => String::new(),
        };
        // "ACPIOSTInfo type as described in qapi-schema.json"
        if annotation.contains("described in qapi-schema.json") {
            let ty = annotation.split_whitespace().next().unwrap();
            qapi.members_of(ty, &under, &mut found, &mut Vec::new());
        }
        for event in &current {
            events.get_mut(event).unwrap().extend(found.iter().cloned());
        }
    }
    events
}

/// A QAPI schema's definitions, read as JSON (single quotes made double, comments dropped),
/// with its includes.
#[derive(Default)]
struct Qapi {
    events: Vec<Json>,
    types: BTreeMap<String, Json>,
}

impl Qapi {
    fn read(path: &Path) -> Qapi {
        let mut qapi = Qapi::default();
        qapi.include(path);
        qapi
    }

    fn include(&mut self, path: &Path) {
        let source = std::fs::read_to_string(path).unwrap();
        for expression in expressions(&source) {
            let json: Json = serde_json::from_str(&expression.replace('\'', "\""))
                .unwrap_or_else(|error| panic!("{}: {error}: {expression}", path.display()));
            if let Some(file) = json["include"].as_str() {
                self.include(&path.parent().unwrap().join(file));
            } else if json.get("event").is_some() {
                self.events.push(json);
            } else if let Some(name) = ["struct", "type", "union", "enum", "alternate"]
                .iter()
                .find_map(|key| json[*key].as_str())
            {
                self.types.insert(name.to_owned(), json);
            }
        }
    }

    fn members(&self) -> Members {
        self.events
            .iter()
            .map(|event| {
                let mut found = BTreeSet::new();
                self.data_members(&event["data"], "", &mut found, &mut Vec::new());
                (event["event"].as_str().unwrap().to_owned(), found)
            })
            .collect()
    }

    /// The members of `data` (a type's name or a dict of members) under `prefix`.
    fn data_members(
        &self,
        data: &Json,
        prefix: &str,
        out: &mut BTreeSet<String>,
        seen: &mut Vec<String>,
    ) {
        match data {
            Json::String(name) => self.members_of(name, prefix, out, seen),
            Json::Object(members) => {
                for (key, ty) in members {
                    let name = key.trim_start_matches('*');
                    out.insert(format!("{prefix}{name}"));
                    let ty = match ty {
                        Json::Array(element) => &element[0],
                        other => other,
                    };
                    if let Some(ty) = ty.as_str() {
                        self.members_of(ty, &format!("{prefix}{name}."), out, seen);
                    }
                }
            }
            _ => {}
        }
    }

    /// The members of the struct (or union's base) `name` under `prefix`, its base's included.
    fn members_of(
        &self,
        name: &str,
        prefix: &str,
        out: &mut BTreeSet<String>,
        seen: &mut Vec<String>,
    ) {
        let Some(ty) = self.types.get(name) else {
            return;
        };
        if ty.get("enum").is_some()
            || ty.get("alternate").is_some()
            || seen.iter().any(|each| each == name)
        {
            return;
        }
        seen.push(name.to_owned());
        if let Some(base) = ty.get("base") {
            self.data_members(base, prefix, out, seen);
        }
        if ty.get("union").is_none() {
            self.data_members(&ty["data"], prefix, out, seen);
        }
        seen.pop();
    }
}

/// The top-level `{…}` expressions of a QAPI file, comments dropped.
fn expressions(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut current, mut quoted) = (0, String::new(), false);
    for line in source.lines() {
        for c in line.chars() {
            if c == '#' && !quoted {
                break;
            }
            if c == '\'' {
                quoted = !quoted;
            }
            if depth > 0 || c == '{' {
                current.push(c);
            }
            match c {
                '{' | '[' if !quoted => depth += 1,
                '}' | ']' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(std::mem::take(&mut current));
                    }
                }
                _ => {}
            }
        }
        current.push(' ');
    }
    out
}

/// What the diff must report as present on one side only: (kind, event, member path), the
/// members of an event or member that only one side has being part of it.
fn one_sided(text: &Members, qapi: &Members) -> BTreeSet<(String, String, String)> {
    let mut expected = BTreeSet::new();
    for (kind, from, to) in [("event-removed", text, qapi), ("event-added", qapi, text)] {
        for event in from.keys().filter(|event| !to.contains_key(*event)) {
            expected.insert((kind.to_owned(), event.clone(), String::new()));
        }
    }
    for (kind, from, to) in [("field-removed", text, qapi), ("field-added", qapi, text)] {
        for (event, members) in from {
            let Some(other) = to.get(event) else {
                continue;
            };
            for path in members.difference(other) {
                let parent = path.rsplit_once('.').map(|(parent, _)| parent);
                if parent.is_none_or(|parent| other.contains(parent)) {
                    expected.insert((kind.to_owned(), event.clone(), path.clone()));
                }
            }
        }
    }
    expected
}

/// What the diff reports as present on one side only (union branches aside: the scans above do
/// not follow them).
fn reported(changes: &[Json]) -> BTreeSet<(String, String, String)> {
    changes
        .iter()
        .filter(|change| {
            [
                "event-added",
                "event-removed",
                "field-added",
                "field-removed",
            ]
            .contains(&change["kind"].as_str().unwrap())
        })
        .map(|change| {
            (
                change["kind"].as_str().unwrap().to_owned(),
                change["event"].as_str().unwrap().to_owned(),
                change["field"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .filter(|(_, _, field)| !field.contains('['))
        .collect()
}

#[test]
fn the_pairs_are_the_indexes() {
    let found: Vec<(String, String)> = pairs()
        .into_iter()
        .map(|(release, text, _)| (release, text.rsplit('/').next().unwrap().to_owned()))
        .collect();
    assert_eq!(
        found,
        [
            ("2.1", "064_2014-07-24_032baddea3.txt"),
            ("2.3", "064_2014-07-24_032baddea3.txt"),
            ("2.5", "071_2015-10-30_7f1e7b23d5.txt"),
            ("2.7", "076_2016-07-13_6aae5be6a7.txt"),
        ]
        .map(|(release, text)| (release.to_owned(), text.to_owned()))
    );
}

#[test]
fn what_one_side_only_has_is_reported() {
    for (release, text, qapi) in pairs() {
        let schema = Qapi::read(&root().join(&qapi));
        let expected = one_sided(
            &text_members(&root().join(&text), &schema),
            &schema.members(),
        );
        assert!(!expected.is_empty(), "{release}");
        assert_eq!(reported(&changes(&text, &qapi)), expected, "QEMU {release}");
    }
}

#[test]
fn spelling_is_never_a_change() {
    for (release, text, qapi) in pairs() {
        for change in changes(&text, &qapi) {
            let kind = change["kind"].as_str().unwrap();
            // A type stated on both sides differs only where the JSON a client sees does: the
            // text's json-number is QAPI's int.
            let stated = !change["old"].is_null() && !change["new"].is_null();
            assert!(
                !matches!(kind, "data-changed" | "range-changed")
                    && (kind != "type-changed"
                        || !stated
                        || (change["old"] == "json-number" && change["new"] == "int")),
                "QEMU {release}: {change}"
            );
        }
    }
}

/// Whether `changes` has one of `kind` at `event`'s `field` (`old` → `new` where given).
fn has(changes: &[Json], kind: &str, event: &str, field: &str, breaking: bool) -> bool {
    changes.iter().any(|change| {
        change["kind"] == kind
            && change["event"] == event
            && change["field"] == field
            && change["breaking"] == breaking
    })
}

#[test]
fn the_known_disagreements_appear() {
    for (release, text, qapi) in pairs() {
        let found = changes(&text, &qapi);
        let at = |kind: &str, event: &str, field: &str, breaking: bool| {
            assert!(
                has(&found, kind, event, field, breaking),
                "QEMU {release}: no {kind} {event}.{field}"
            );
        };
        // The text says ACPI_DEVICE_OST's data is an ACPIOSTInfo, QAPI puts one under `info`.
        at("field-added", "ACPI_DEVICE_OST", "info", false);
        for member in ["slot", "slot-type", "source", "status"] {
            at("field-removed", "ACPI_DEVICE_OST", member, true);
        }
        at("field-removed", "ACPI_DEVICE_OST", "device", false);
        // RTC_CHANGE's offset is a json-number in the text, an int in QAPI.
        at("type-changed", "RTC_CHANGE", "offset", false);
        // BLOCK_IO_ERROR's nospace and reason came with QEMU 2.2, in QAPI only.
        let io_error = has(&found, "field-added", "BLOCK_IO_ERROR", "nospace", false)
            && has(&found, "field-added", "BLOCK_IO_ERROR", "reason", false);
        assert_eq!(io_error, release != "2.1", "QEMU {release}");
        // BLOCK_IMAGE_CORRUPTED's offset and size are optional only in QAPI, until the text
        // says so too (QEMU 2.5's).
        for member in ["offset", "size"] {
            let optional = has(
                &found,
                "became-optional",
                "BLOCK_IMAGE_CORRUPTED",
                member,
                true,
            );
            assert_eq!(
                optional,
                ["2.1", "2.3"].contains(&release.as_str()),
                "QEMU {release}"
            );
        }
    }
}

#[test]
fn text_output_per_pair() {
    for (release, text, qapi) in pairs() {
        insta::assert_snapshot!(format!("qemu_{release}"), diff(&text, &qapi, &[]));
    }
}

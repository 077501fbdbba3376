//! `qmpgen history` over both of QEMU's descriptions of its events: the 113 versions of
//! `qmp-events.txt` and the 8 QAPI schemas, one timeline merged by QEMU release, with since when
//! each event and member exists (as documented, and as derived from the first version that
//! documents it).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn folders() -> [String; 2] {
    [
        common::indexed_history_dir().display().to_string(),
        common::qapi_dir().display().to_string(),
    ]
}

/// `qmpgen history TEXT QAPI ARGS`: its exit code and standard output.
fn history(args: &[&str]) -> (i32, String) {
    let [text, qapi] = folders();
    let mut all = vec!["history", text.as_str(), qapi.as_str()];
    all.extend(args);
    let output = common::qmpgen(&all);
    assert!(output.stderr.is_empty(), "{}", common::text(&output.stderr));
    (
        output.status.code().unwrap_or(-1),
        common::text(&output.stdout),
    )
}

fn timeline() -> Value {
    let (code, out) = history(&["--format", "json"]);
    assert_eq!(code, 0);
    serde_json::from_str(&out).expect("JSON")
}

/// A release as numbers, by plain string handling (`2.10` after `2.9`).
fn release(text: &str) -> Vec<u32> {
    text.split('.').map(|part| part.parse().unwrap()).collect()
}

/// The rows of the text history's INDEX.tsv: `(file, qemu_release)`.
fn text_rows() -> Vec<(String, String)> {
    let index = std::fs::read_to_string(common::indexed_history_dir().join("INDEX.tsv")).unwrap();
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (file, qemu_release) = (column("file"), column("qemu_release"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (cells[file].to_owned(), cells[qemu_release].to_owned())
        })
        .collect()
}

/// The events a QAPI schema defines, by plain string handling: `'event': 'NAME'` in the file
/// and in every file it includes (`{ 'include': 'FILE' }`, relative to the including file).
fn scanned_qapi_events(path: &Path, events: &mut Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    for (marker, include) in [("'event': '", false), ("'include': '", true)] {
        for (at, _) in text.match_indices(marker) {
            let rest = &text[at + marker.len()..];
            let name = &rest[..rest.find('\'').unwrap()];
            // A definition opens its line with `{ 'event'` (a member typed `'event':
            // 'BlkdebugEvent'` does not; a commented-out line defines nothing).
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let before = text[line_start..at].trim();
            if before != "{" {
                continue;
            }
            if include {
                scanned_qapi_events(&path.parent().unwrap().join(name), events);
            } else {
                events.push(name.to_owned());
            }
        }
    }
}

/// Every event of both indexes with the first release whose version documents it, found
/// without qmpgen: the text's headings and the schemas' `'event'` definitions.
fn independently_derived() -> BTreeMap<String, String> {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    let mut note = |name: String, qemu_release: &str| {
        let known = first.entry(name).or_insert_with(|| qemu_release.to_owned());
        if release(qemu_release) < release(known) {
            *known = qemu_release.to_owned();
        }
    };
    for (file, qemu_release) in text_rows() {
        let text = std::fs::read(common::indexed_history_dir().join(&file)).unwrap();
        for heading in common::scanned_headings(&String::from_utf8_lossy(&text)) {
            if heading
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            {
                note(heading, &qemu_release);
            }
        }
    }
    for schema in common::qapi_schemas() {
        let mut events = Vec::new();
        scanned_qapi_events(&common::qapi_dir().join(&schema.file), &mut events);
        assert!(!events.is_empty(), "{}", schema.file);
        for event in events {
            note(event, &schema.qemu_release);
        }
    }
    first
}

#[test]
fn every_event_has_the_since_an_independent_derivation_finds() {
    let timeline = timeline();
    let derived: BTreeMap<String, String> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            let name = event["name"].as_str().unwrap().to_owned();
            let since = event["since"]["derived"].as_str().unwrap().to_owned();
            (name, since)
        })
        .collect();
    let expected = independently_derived();
    assert_eq!(derived.len(), 58);
    assert_eq!(derived, expected);
}

#[test]
fn the_timeline_merges_both_folders_by_release() {
    let timeline = timeline();
    let versions = timeline["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 113 + 8);
    let releases: Vec<Vec<u32>> = versions
        .iter()
        .map(|version| release(version["release"].as_str().unwrap()))
        .collect();
    assert!(releases.is_sorted(), "{releases:?}");
    // Each series keeps its index's order.
    let files = |series: u64| -> Vec<&str> {
        versions
            .iter()
            .filter(|version| version["series"] == series)
            .map(|version| version["file"].as_str().unwrap())
            .collect()
    };
    let text: Vec<String> = text_rows().into_iter().map(|(file, _)| file).collect();
    assert_eq!(files(0), text);
    let schemas = common::qapi_schemas();
    assert_eq!(
        files(1),
        schemas.iter().map(|s| s.file.as_str()).collect::<Vec<_>>()
    );
    // A schema comes after the text of its own commit, and before the next text version.
    for schema in &schemas {
        let Some(same_commit) = &schema.same_commit_text else {
            continue;
        };
        let at = versions
            .iter()
            .position(|v| v["file"] == schema.file.as_str())
            .unwrap();
        let text_before = versions[..at]
            .iter()
            .rfind(|version| version["series"] == 0)
            .unwrap();
        assert_eq!(text_before["file"], same_commit.as_str(), "{}", schema.file);
    }
}

#[test]
fn every_event_and_member_says_since_when() {
    let timeline = timeline();
    let events = timeline["events"].as_array().unwrap();
    let mut members = 0;
    let mut differ = Vec::new();
    for event in events {
        let name = event["name"].as_str().unwrap();
        let mut check = |item: String, since: &Value| {
            let keys: Vec<&str> = since
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, ["after", "derived", "differ", "documented"], "{item}");
            assert!(since["derived"].is_string(), "{item}: {since}");
            if since["differ"] == true {
                differ.push(item);
            }
        };
        check(name.to_owned(), &event["since"]);
        for field in event["fields"].as_array().unwrap() {
            members += 1;
            check(
                format!("{name}.{}", field["path"].as_str().unwrap()),
                &field["since"],
            );
        }
    }
    assert!(members > 150, "{members}");
    // What QEMU's documentation says and what its history shows contradict each other.
    assert_eq!(
        differ,
        [
            "RESUME",
            "WAKEUP",
            "SUSPEND",
            "SPICE_MIGRATE_COMPLETED",
            "POWERDOWN"
        ]
    );
    let powerdown = events.iter().find(|e| e["name"] == "POWERDOWN").unwrap();
    assert_eq!(
        powerdown["since"],
        serde_json::json!({"documented": "0.12", "derived": "2.1", "after": "2.1", "differ": true})
    );
    // A member the QAPI schema documents since 2.2, where the history has no version between
    // 2.1 and 2.3: no contradiction.
    let io_error = events
        .iter()
        .find(|e| e["name"] == "BLOCK_IO_ERROR")
        .unwrap();
    let nospace = io_error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|field| field["path"] == "nospace")
        .unwrap();
    assert_eq!(
        nospace["since"],
        serde_json::json!({"documented": "2.2", "derived": "2.3", "after": "2.1", "differ": false})
    );
}

#[test]
fn a_documentation_moved_to_the_schema_breaks_nothing() {
    // 087 removes POWERDOWN from the text ("move 'POWERDOWN' doc to schema"); the schema of
    // 2.7 documents it still.
    let (code, out) = history(&["--event", "POWERDOWN", "--fail-on", "breaking"]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("powerdown_text", out);
    let (_, json) = history(&["--event", "POWERDOWN", "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!("powerdown_json", json["events"]);
    // Over every event, the text's own removals (a branch of 2014 that the merge restored)
    // are breaking.
    let (code, out) = history(&["--fail-on", "breaking"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Documented and derived since differ for 5 items:\n  RESUME: 0.13, documented \"Since: 0.12\": they differ\n"),
        "{out}"
    );
}

#[test]
fn a_qemus_introspection_joins_the_timeline_at_its_own_release() {
    let introspection = common::qapi_dir().join("introspection");
    let files = ["qemu-7.2-x86_64.json", "qemu-10.0-x86_64.json"]
        .map(|file| introspection.join(file).display().to_string());
    let (code, out) = history(&["--format", "json", &files[0], &files[1]]);
    assert_eq!(code, 0);
    let timeline: Value = serde_json::from_str(&out).unwrap();
    let versions = timeline["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 113 + 8 + 2);
    let tail: Vec<(&str, &str)> = versions[versions.len() - 4..]
        .iter()
        .map(|v| (v["label"].as_str().unwrap(), v["release"].as_str().unwrap()))
        .collect();
    assert_eq!(
        tail,
        [
            ("07", "7.2"),
            ("qemu-7.2-x86_64.json", "7.2"),
            ("08", "9.1"),
            ("qemu-10.0-x86_64.json", "10.0")
        ]
    );
    let event = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| event["name"] == "NETDEV_VHOST_USER_CONNECTED")
        .unwrap();
    assert_eq!(
        event["since"],
        serde_json::json!({"documented": null, "derived": "10.0", "after": "7.2", "differ": false})
    );
}

/// The bindings' since (items known by type and name) and the timeline's (members known by
/// event and dotted path) agree on every member of every event the bundled spec documents.
#[test]
fn the_bindings_and_the_timeline_agree_on_since() {
    use qmpgen::diff::Options;
    use qmpgen::document::Document;
    use qmpgen::history::{History, index};

    let folder = common::indexed_history_dir();
    let firsts = qmpgen::builder::read_history(&folder, |_| {}).unwrap();
    let (versions, schemas): (Vec<_>, Vec<_>) = index::folder(&folder)
        .unwrap()
        .into_iter()
        .map(|(version, path)| (version, Document::read(&path).unwrap().schema()))
        .unzip();
    let history = History::build(versions, &schemas, Options::default());
    let spec = Document::from_bytes("spec/qmp-events.txt", common::bundled_spec()).schema();
    let mut members = 0;
    for event in &spec.events {
        let timeline = history.event(&event.name).unwrap();
        assert_eq!(firsts.event(&event.name), timeline.since.derived.as_deref());
        let ty = format!("q_obj_{}-arg", event.name);
        for member in spec.object_members(&ty) {
            members += 1;
            let field = timeline.field(&member.name).unwrap();
            assert_eq!(
                firsts.member(&ty, &member.name),
                field.since.derived.as_deref(),
                "{}.{}",
                event.name,
                member.name
            );
        }
    }
    assert!(members > 20, "{members}");
}

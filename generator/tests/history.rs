//! `qmpgen::history` on crafted versions and on the real history in
//! `tests/data/qmp-events-history`.

mod common;

use qmpgen::diff::{ChangeKind, Options};
use qmpgen::history::index::{self, Version};
use qmpgen::history::{History, VersionSpan};
use qmpgen::text::lower::lower;
use qmpgen::text::parse::{parse, parse_bytes};

fn span(first: &str, last: &str) -> VersionSpan {
    VersionSpan {
        first: first.to_owned(),
        last: last.to_owned(),
    }
}

fn section(name: &str, body: &str) -> String {
    format!("{name}\n{}\n\n{body}\n\n", "-".repeat(name.chars().count()))
}

/// A history of crafted documents labelled `1`, `2`, ….
fn crafted(documents: &[String]) -> History {
    let specs: Vec<_> = documents
        .iter()
        .map(|text| {
            let parsed = parse(text);
            assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
            lower(&parsed.spec, "crafted.txt")
        })
        .collect();
    let versions = (1..=documents.len())
        .map(|n| Version::from_file(&format!("{n}.txt")))
        .collect();
    History::build(versions, &specs, Options::default())
}

#[test]
fn gaps_are_kept_as_separate_spans() {
    let stop = section("STOP", "Data: None.");
    let resume = |fields: &str| section("RESUME", &format!("Data:\n\n{fields}"));
    let history = crafted(&[
        stop.clone(),
        stop.clone() + &resume("- \"a\": first (json-int)"),
        stop.clone(),
        stop.clone() + &resume("- \"a\": first (json-int)\n- \"b\": second (json-int)"),
        stop.clone() + &resume("- \"a\": first (json-string)\n- \"b\": second (json-int)"),
    ]);
    let labels: Vec<&str> = history.versions.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4", "5"]);
    let names: Vec<&str> = history.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["STOP", "RESUME"]);

    assert_eq!(history.event("STOP").unwrap().spans, [span("1", "5")]);
    let resume = history.event("RESUME").unwrap();
    assert_eq!(resume.spans, [span("2", "2"), span("4", "5")]);
    assert_eq!(resume.gaps, [span("3", "3")]);
    assert!(history.event("STOP").unwrap().gaps.is_empty());
    assert_eq!(
        resume.field("a").unwrap().spans,
        [span("2", "2"), span("4", "5")]
    );
    assert_eq!(resume.field("b").unwrap().spans, [span("4", "5")]);
    let steps: Vec<(&str, &str, ChangeKind, Option<&str>)> = resume
        .changes
        .iter()
        .map(|step| {
            (
                step.since.as_str(),
                step.version.as_str(),
                step.change.kind,
                step.change.field.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("1", "2", ChangeKind::EventAdded, None),
            ("2", "3", ChangeKind::EventRemoved, None),
            ("3", "4", ChangeKind::EventAdded, None),
            ("4", "5", ChangeKind::TypeChanged, Some("a")),
        ]
    );
    assert!(history.event("STOP").unwrap().changes.is_empty());
}

#[test]
fn nested_members_have_dotted_paths() {
    let history = crafted(&[section(
        "VNC_CONNECTED",
        "Data:\n\n- \"server\": Server information (json-object)\n  - \"auth\": method (json-string, optional)",
    )]);
    let event = history.event("VNC_CONNECTED").unwrap();
    let paths: Vec<&str> = event.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["server", "server.auth"]);
}

#[test]
fn the_json_form_names_versions_by_label() {
    let history = crafted(&[
        section("STOP", "Data: None."),
        section("STOP", "Data: None.") + &section("RESUME", "Data: None."),
    ]);
    let json = serde_json::to_value(&history).unwrap();
    assert_eq!(
        json["versions"][0],
        serde_json::json!({"label": "1", "file": "1.txt", "series": 0})
    );
    let resume = &json["events"][1];
    assert_eq!(resume["name"], "RESUME");
    // Without releases, nothing says since when.
    assert_eq!(
        resume["since"],
        serde_json::json!({"documented": null, "derived": null, "after": null, "differ": false})
    );
    assert_eq!(
        resume["spans"],
        serde_json::json!([{"first": "2", "last": "2"}])
    );
    assert_eq!(
        resume["changes"][0],
        serde_json::json!({
            "version": "2",
            "since": "1",
            "kind": "event-added",
            "event": "RESUME",
            "breaking": false,
            "reason": "a new event; clients ignore events they do not know",
            "new_line": 6
        })
    );
}

// The real history.

fn real_history() -> History {
    let folder = common::indexed_history_dir();
    let versions =
        index::read(&std::fs::read_to_string(folder.join("INDEX.tsv")).unwrap()).unwrap();
    let specs: Vec<_> = versions
        .iter()
        .map(|version| {
            let bytes = std::fs::read(folder.join(&version.file)).unwrap();
            lower(&parse_bytes(&bytes).spec, &version.file)
        })
        .collect();
    History::build(versions, &specs, Options::default())
}

#[test]
fn the_index_lists_113_versions_in_order() {
    let history = real_history();
    assert_eq!(history.versions.len(), 113);
    assert_eq!(history.versions[0].label, "001");
    assert_eq!(history.versions[112].label, "113");
    assert_eq!(
        history.versions[16].subject.as_deref(),
        Some("qmp: add DEVICE_TRAY_MOVED event")
    );
    assert_eq!(history.versions[16].date.as_deref(), Some("2012-02-22"));
}

#[test]
fn since_when_is_resume_documented() {
    let history = real_history();
    let resume = history.event("RESUME").unwrap();
    // Introduced in 011, removed on the qapi conversion branch (041, "convert RESUME"),
    // restored by its merge (058), moved to the schema in 090.
    assert_eq!(resume.spans, [span("011", "040"), span("058", "089")]);
    assert_eq!(resume.gaps, [span("041", "057")]);
    let steps: Vec<(&str, ChangeKind)> = resume
        .changes
        .iter()
        .map(|step| (step.version.as_str(), step.change.kind))
        .collect();
    assert_eq!(
        steps,
        [
            ("011", ChangeKind::EventAdded),
            ("041", ChangeKind::EventRemoved),
            ("058", ChangeKind::EventAdded),
            ("090", ChangeKind::EventRemoved),
        ]
    );
}

#[test]
fn when_did_device_tray_moved_gain_id() {
    let history = real_history();
    let event = history.event("DEVICE_TRAY_MOVED").unwrap();
    assert_eq!(event.spans, [span("017", "047"), span("058", "084")]);
    assert_eq!(event.gaps, [span("048", "057")]);
    assert_eq!(event.field("id").unwrap().spans, [span("078", "084")]);
    assert_eq!(
        event.field("tray-open").unwrap().spans,
        [span("017", "047"), span("058", "084")]
    );
    let gained: Vec<&str> = event
        .changes
        .iter()
        .filter(|step| {
            step.change.kind == ChangeKind::FieldAdded && step.change.field.as_deref() == Some("id")
        })
        .map(|step| step.version.as_str())
        .collect();
    assert_eq!(gained, ["078"]);
}

#[test]
fn the_conversion_branch_shows_as_gaps() {
    let history = real_history();
    // Every event documented in 037 is gone by 057 and back in 058: 27 events with a gap that
    // ends at 057.
    let back = history
        .events
        .iter()
        .filter(|event| event.gaps.iter().any(|gap| gap.last == "057"))
        .count();
    assert_eq!(back, 27);
    assert_eq!(
        history.event("SHUTDOWN").unwrap().gaps,
        [span("038", "057")]
    );
}

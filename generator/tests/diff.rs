//! `qmpgen::diff` on crafted pairs of small documents (each change kind and each
//! classification) and on the real history in `tests/data/qmp-events-history`.

mod common;

use std::collections::BTreeSet;

use qmpgen::diff::{Change, ChangeKind, Options};
use qmpgen::history::index;
use qmpgen::text::lower::lower;
use qmpgen::text::model::{Field, Spec};
use qmpgen::text::parse::{parse, parse_bytes};

/// The changes between two documents, lowered to the schema model as the CLI lowers them.
fn diff(old: &Spec, new: &Spec, options: Options) -> Vec<Change> {
    qmpgen::diff::diff(&lower(old, "old.txt"), &lower(new, "new.txt"), options)
}

/// Parses a crafted document, which must have no errors.
fn spec(text: &str) -> Spec {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    parsed.spec
}

/// A document of one event `NAME` with `body` under its heading.
fn one(name: &str, body: &str) -> Spec {
    spec(&section(name, body))
}

fn section(name: &str, body: &str) -> String {
    format!("{name}\n{}\n\n{body}\n\n", "-".repeat(name.chars().count()))
}

const DOCS: Options = Options { docs: true };

/// The single change between two crafted documents.
fn only(old: &Spec, new: &Spec, options: Options) -> Change {
    let changes = diff(old, new, options);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    changes.into_iter().next().unwrap()
}

fn fields(lines: &str) -> String {
    format!("Emitted when something happens.\n\nData:\n\n{lines}")
}

#[test]
fn event_added_and_removed() {
    let old = one("STOP", "Data: None.");
    let new = spec(&(section("STOP", "Data: None.") + &section("RESUME", "Data: None.")));
    let added = only(&old, &new, Options::default());
    assert_eq!(
        (added.kind, added.event.as_str(), added.breaking),
        (ChangeKind::EventAdded, "RESUME", false)
    );
    assert_eq!((added.old_line, added.new_line), (None, Some(6)));
    assert_eq!(added.field, None);

    let removed = only(&new, &old, Options::default());
    assert_eq!(
        (removed.kind, removed.event.as_str(), removed.breaking),
        (ChangeKind::EventRemoved, "RESUME", true)
    );
    assert_eq!((removed.old_line, removed.new_line), (Some(6), None));
}

#[test]
fn field_added_is_compatible() {
    let old = one("EVENT", &fields("- \"a\": first (json-int)"));
    let new = one(
        "EVENT",
        &fields("- \"a\": first (json-int)\n- \"b\": second (json-string)"),
    );
    let change = only(&old, &new, Options::default());
    assert_eq!(change.kind, ChangeKind::FieldAdded);
    assert_eq!(change.field.as_deref(), Some("b"));
    assert_eq!(change.new_str(), Some("json-string"));
    assert_eq!(change.old, None);
    assert!(!change.breaking);
}

#[test]
fn a_required_field_removed_breaks_an_optional_one_does_not() {
    let both = one(
        "EVENT",
        &fields("- \"a\": first (json-int)\n- \"b\": second (json-string, optional)"),
    );
    let without_a = one("EVENT", &fields("- \"b\": second (json-string, optional)"));
    let without_b = one("EVENT", &fields("- \"a\": first (json-int)"));

    let required = only(&both, &without_a, Options::default());
    assert_eq!(required.kind, ChangeKind::FieldRemoved);
    assert_eq!(required.field.as_deref(), Some("a"));
    assert_eq!(required.old_str(), Some("json-int"));
    assert!(required.breaking);
    assert_eq!((required.old_line, required.new_line), (Some(8), None));

    let optional = only(&both, &without_b, Options::default());
    assert_eq!(optional.kind, ChangeKind::FieldRemoved);
    assert!(!optional.breaking, "{optional:?}");
}

#[test]
fn type_changes() {
    let int = one("EVENT", &fields("- \"a\": first (json-int)"));
    let string = one("EVENT", &fields("- \"a\": first (json-string)"));
    let untyped = one("EVENT", &fields("- \"a\": first"));

    let changed = only(&int, &string, Options::default());
    assert_eq!(changed.kind, ChangeKind::TypeChanged);
    assert_eq!(
        (changed.old_str(), changed.new_str()),
        (Some("json-int"), Some("json-string"))
    );
    assert!(changed.breaking);

    let documented = only(&untyped, &string, Options::default());
    assert_eq!(documented.kind, ChangeKind::TypeChanged);
    assert_eq!(documented.old, Some(serde_json::Value::Null));
    assert!(!documented.breaking, "{documented:?}");

    let undocumented = only(&string, &untyped, Options::default());
    assert_eq!(undocumented.kind, ChangeKind::TypeChanged);
    assert!(undocumented.breaking);
}

#[test]
fn optionality_changes() {
    let required = one("EVENT", &fields("- \"a\": first (json-int)"));
    let optional = one("EVENT", &fields("- \"a\": first (json-int, optional)"));

    let became_optional = only(&required, &optional, Options::default());
    assert_eq!(became_optional.kind, ChangeKind::BecameOptional);
    assert_eq!(
        (became_optional.old.clone(), became_optional.new.clone()),
        (Some(false.into()), Some(true.into()))
    );
    assert!(became_optional.breaking);

    let became_required = only(&optional, &required, Options::default());
    assert_eq!(became_required.kind, ChangeKind::BecameRequired);
    assert!(!became_required.breaking);
}

#[test]
fn enumerated_values() {
    let two = one(
        "EVENT",
        &fields("- \"op\": operation (json-string, \"read\" or \"write\")"),
    );
    let three = one(
        "EVENT",
        &fields("- \"op\": operation (json-string, \"read\", \"write\" or \"flush\")"),
    );
    let added = only(&two, &three, Options::default());
    assert_eq!(added.kind, ChangeKind::ValueAdded);
    assert_eq!(added.field.as_deref(), Some("op"));
    assert_eq!(added.new_str(), Some("flush"));
    assert_eq!(added.old_line, None);
    assert!(!added.breaking, "generated enums keep unknown values");

    let removed = only(&three, &two, Options::default());
    assert_eq!(removed.kind, ChangeKind::ValueRemoved);
    assert_eq!(removed.old_str(), Some("flush"));
    assert_eq!(removed.new_line, None);
    assert!(removed.breaking);
}

#[test]
fn nested_members_are_matched_by_dotted_path() {
    let old = one(
        "VNC",
        &fields(
            "- \"server\": Server information (json-object)\n  - \"host\": IP address (json-string)\n  - \"auth\": method (json-string, optional)",
        ),
    );
    let new = one(
        "VNC",
        &fields(
            "- \"server\": Server information (json-object)\n  - \"host\": IP address (json-int)\n  - \"family\": family (json-string)",
        ),
    );
    let changes = diff(&old, &new, Options::default());
    assert_eq!(
        common::kinds(&changes),
        [
            (ChangeKind::TypeChanged, Some("server.host"), true),
            (ChangeKind::FieldAdded, Some("server.family"), false),
            (ChangeKind::FieldRemoved, Some("server.auth"), false),
        ]
    );
}

#[test]
fn data_shape_changes() {
    let none = one("EVENT", "Emitted when something happens.\n\nData: None.");
    let unspecified = one("EVENT", "Emitted when something happens.");
    let with_fields = one("EVENT", &fields("- \"a\": first (json-int, optional)"));
    let prose = one(
        "EVENT",
        "Emitted when something happens.\n\nData: 'server' and 'client' keys with the same keys as 'query-vnc'.",
    );
    let other_prose = one(
        "EVENT",
        "Emitted when something happens.\n\nData: 'server' keys with the same keys as 'query-vnc'.",
    );
    let reference = one(
        "EVENT",
        "Emitted when something happens.\n\nData: ACPIOSTInfo type as described in qapi-schema.json",
    );
    let other_reference = one(
        "EVENT",
        "Emitted when something happens.\n\nData: DumpQueryResult type as described in qapi-schema.json",
    );
    let shape = |old: &Spec, new: &Spec| {
        let changes = diff(old, new, Options::default());
        let change = changes
            .iter()
            .find(|change| change.kind == ChangeKind::DataChanged)
            .unwrap_or_else(|| panic!("no data-changed in {changes:#?}"));
        (
            change.old_str().map(str::to_owned),
            change.new_str().map(str::to_owned),
            change.breaking,
        )
    };
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        shape(&none, &with_fields),
        (some("none"), some("fields"), false)
    );
    assert_eq!(
        shape(&with_fields, &none),
        (some("fields"), some("none"), true)
    );
    assert_eq!(
        shape(&unspecified, &none),
        (some("unspecified"), some("none"), false)
    );
    assert_eq!(
        shape(&none, &unspecified),
        (some("none"), some("unspecified"), true)
    );
    assert_eq!(
        shape(&prose, &with_fields),
        (some("prose"), some("fields"), false)
    );
    assert_eq!(
        shape(&with_fields, &reference),
        (some("fields"), some("reference"), true)
    );
    let reworded = shape(&prose, &other_prose);
    assert!(reworded.0.as_deref().unwrap().starts_with("'server' and"));
    assert!(reworded.2);

    // Reworded prose is shown as a word diff; shape names are not prose.
    assert!(only(&prose, &other_prose, Options::default()).is_prose());
    assert!(!only(&none, &unspecified, Options::default()).is_prose());

    // A shape change to or from fields also names the members gained or lost.
    let changes = diff(&none, &with_fields, Options::default());
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert_eq!(changes[1].kind, ChangeKind::FieldAdded);

    // Another referenced type is a type change of the event's data.
    let retyped = only(&reference, &other_reference, Options::default());
    assert_eq!(retyped.kind, ChangeKind::TypeChanged);
    assert_eq!(retyped.field, None);
    assert_eq!(
        (retyped.old_str(), retyped.new_str()),
        (Some("ACPIOSTInfo"), Some("DumpQueryResult"))
    );
    assert!(retyped.breaking);
}

#[test]
fn documentation_changes_only_with_docs() {
    let old = one(
        "EVENT",
        "Emitted when the conection is closed.\n\nData:\n\n- \"a\": the first\n  thing (json-int)\n\nExample:\n\n{ \"event\": \"X\",\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n\nNote: Old note.",
    );
    let new = one(
        "EVENT",
        "Emitted when the connection is closed.\n\nData:\n\n- \"a\": the second thing (json-int)\n\nExample:\n\n{ \"event\": \"E\",\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n\nNote: New note.",
    );
    assert_eq!(diff(&old, &new, Options::default()), []);
    let changes = diff(&old, &new, DOCS);
    let found: Vec<(ChangeKind, Option<&str>)> = changes
        .iter()
        .map(|change| (change.kind, change.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (ChangeKind::DescriptionChanged, Some("a")),
            (ChangeKind::DescriptionChanged, None),
            (ChangeKind::ExampleChanged, None),
            (ChangeKind::NoteChanged, None),
        ]
    );
    assert!(changes.iter().all(|change| !change.breaking));
    assert_eq!(
        changes[1].old_str(),
        Some("Emitted when the conection is closed.")
    );
    assert_eq!(
        changes[1].new_str(),
        Some("Emitted when the connection is closed.")
    );
    assert_eq!(changes[3].new_str(), Some("New note."));
}

#[test]
fn rewrapping_is_not_a_change() {
    let old = one(
        "EVENT",
        "Emitted when the VM\nstops.\n\nData: None.\n\nExample:\n\n{ \"event\": \"E\", \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }",
    );
    let new = one(
        "EVENT",
        "Emitted when the VM stops.\n\nData: None.\n\nExample:\n\n{ \"event\": \"E\",\n    \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }",
    );
    assert_eq!(diff(&old, &new, DOCS), []);
}

#[test]
fn an_example_or_note_that_appears_has_no_old_side() {
    let old = one("EVENT", "Emitted when the VM stops.\n\nData: None.");
    let new = one(
        "EVENT",
        "Emitted when the VM stops.\n\nData: None.\n\nNote: Since 1.1.",
    );
    let change = only(&old, &new, DOCS);
    assert_eq!(change.kind, ChangeKind::NoteChanged);
    assert_eq!((change.old.clone(), change.old_line), (None, None));
    assert_eq!(change.new_str(), Some("Since 1.1."));
}

#[test]
fn events_named_by_one_heading_are_separate() {
    let shared = spec(&section(
        "SPICE_CONNECTED, SPICE_DISCONNECTED",
        "Emitted when a SPICE client connects or disconnects.\n\nData: None.",
    ));
    let one_left = spec(&section(
        "SPICE_CONNECTED",
        "Emitted when a SPICE client connects or disconnects.\n\nData: None.",
    ));
    let change = only(&shared, &one_left, Options::default());
    assert_eq!(change.kind, ChangeKind::EventRemoved);
    assert_eq!(change.event, "SPICE_DISCONNECTED");
    // Splitting a shared heading into one heading per event changes no event.
    let split = spec(
        &(section(
            "SPICE_CONNECTED",
            "Emitted when a SPICE client connects or disconnects.\n\nData: None.",
        ) + &section(
            "SPICE_DISCONNECTED",
            "Emitted when a SPICE client connects or disconnects.\n\nData: None.",
        )),
    );
    assert_eq!(diff(&shared, &split, DOCS), []);
}

#[test]
fn the_json_form_follows_the_contract() {
    let old = one("EVENT", &fields("- \"a\": first (json-int)"));
    let new = spec(
        &(section("EVENT", &fields("- \"a\": first (json-int, optional)"))
            + &section("OTHER", "Data: None.")),
    );
    let json = serde_json::to_value(diff(&old, &new, Options::default())).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {
                "kind": "became-optional",
                "event": "EVENT",
                "field": "a",
                "breaking": true,
                "reason": "the member may now be absent; clients that read it unconditionally fail",
                "old": false,
                "new": true,
                "old_line": 8,
                "new_line": 8
            },
            {
                "kind": "event-added",
                "event": "OTHER",
                "breaking": false,
                "reason": "a new event; clients ignore events they do not know",
                "new_line": 10
            }
        ])
    );
}

#[test]
fn every_kind_has_its_stable_id() {
    for kind in ChangeKind::ALL {
        let json = serde_json::to_value(kind).unwrap();
        assert_eq!(json.as_str(), Some(kind.id()));
    }
    let ids: Vec<&str> = ChangeKind::ALL.iter().map(|kind| kind.id()).collect();
    assert_eq!(
        ids,
        [
            "event-added",
            "event-removed",
            "field-added",
            "field-removed",
            "type-changed",
            "range-changed",
            "became-optional",
            "became-required",
            "value-added",
            "value-removed",
            "data-changed",
            "description-changed",
            "example-changed",
            "note-changed"
        ]
    );
}

// The real history.

/// Every version of the history in INDEX.tsv order, as (label, spec).
fn history() -> Vec<(String, Spec)> {
    let folder = common::indexed_history_dir();
    let versions =
        index::read(&std::fs::read_to_string(folder.join("INDEX.tsv")).unwrap()).unwrap();
    versions
        .into_iter()
        .map(|version| {
            let parsed = parse_bytes(&std::fs::read(folder.join(&version.file)).unwrap());
            assert!(!parsed.has_errors(), "{} has errors", version.file);
            (version.label, parsed.spec)
        })
        .collect()
}

fn version<'h>(history: &'h [(String, Spec)], label: &str) -> &'h Spec {
    &history
        .iter()
        .find(|(known, _)| known == label)
        .unwrap_or_else(|| panic!("no version {label}"))
        .1
}

fn summary(changes: &[Change]) -> Vec<(ChangeKind, &str, Option<&str>)> {
    changes
        .iter()
        .map(|change| (change.kind, change.event.as_str(), change.field.as_deref()))
        .collect()
}

#[test]
fn seed_000_adds_seven_events() {
    let history = history();
    let (old, new) = (version(&history, "010"), version(&history, "017"));
    let changes = diff(old, new, Options::default());
    let added = [
        "DEVICE_TRAY_MOVED",
        "RESUME",
        "SPICE_CONNECTED",
        "SPICE_DISCONNECTED",
        "SPICE_INITIALIZED",
        "BLOCK_JOB_COMPLETED",
        "BLOCK_JOB_CANCELLED",
    ];
    assert_eq!(
        summary(&changes),
        added.map(|event| (ChangeKind::EventAdded, event, None))
    );
    assert!(changes.iter().all(|change| !change.breaking));

    let with_docs = diff(old, new, DOCS);
    let docs: Vec<&Change> = with_docs
        .iter()
        .filter(|change| change.kind.is_docs())
        .collect();
    assert_eq!(docs.len(), 2, "{docs:#?}");
    assert_eq!(
        (docs[0].kind, docs[0].event.as_str()),
        (ChangeKind::ExampleChanged, "STOP")
    );
    assert!(
        docs[0]
            .old_str()
            .unwrap()
            .contains("\"event\": \"SHUTDOWN\"")
    );
    assert!(docs[0].new_str().unwrap().contains("\"event\": \"STOP\""));
    assert_eq!(
        (docs[1].kind, docs[1].event.as_str()),
        (ChangeKind::DescriptionChanged, "VNC_DISCONNECTED")
    );
    assert_eq!(
        docs[1].old_str(),
        Some("Emitted when the conection is closed.")
    );
    assert_eq!(
        docs[1].new_str(),
        Some("Emitted when the connection is closed.")
    );
    assert_eq!(with_docs.len(), 9);
}

#[test]
fn a_version_diffed_with_itself_is_empty() {
    let history = history();
    for (label, spec) in &history {
        assert_eq!(diff(spec, spec, DOCS), [], "{label}");
    }
}

/// Every member path of an event.
fn paths(prefix: &str, fields: &[Field], out: &mut BTreeSet<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        paths(&format!("{path}."), &field.fields, out);
        out.insert(path);
    }
}

#[test]
fn every_consecutive_pair_reports_exactly_the_events_and_fields_that_changed() {
    let history = history();
    assert_eq!(history.len(), 113);
    for pair in history.windows(2) {
        let ((from, old), (to, new)) = (&pair[0], &pair[1]);
        let changes = diff(old, new, DOCS);
        let names = |spec: &Spec| -> BTreeSet<String> {
            spec.events.iter().map(|event| event.name.clone()).collect()
        };
        let reported = |kind: ChangeKind| -> BTreeSet<String> {
            changes
                .iter()
                .filter(|change| change.kind == kind)
                .map(|change| match &change.field {
                    Some(field) => format!("{}/{field}", change.event),
                    None => change.event.clone(),
                })
                .collect()
        };
        let (before, after) = (names(old), names(new));
        assert_eq!(
            reported(ChangeKind::EventAdded),
            &after - &before,
            "{from} → {to}"
        );
        assert_eq!(
            reported(ChangeKind::EventRemoved),
            &before - &after,
            "{from} → {to}"
        );
        // Members gained and lost, by path, in the events both versions document. (A member
        // under an added parent is part of the parent and not reported on its own.)
        let (mut gained, mut lost) = (BTreeSet::new(), BTreeSet::new());
        for event in &new.events {
            let Some(previous) = old.event(&event.name) else {
                continue;
            };
            let (mut was, mut is) = (BTreeSet::new(), BTreeSet::new());
            paths("", &previous.fields, &mut was);
            paths("", &event.fields, &mut is);
            let top = |set: BTreeSet<String>, other: &BTreeSet<String>| -> Vec<String> {
                set.iter()
                    .filter(|path| {
                        path.rsplit_once('.')
                            .is_none_or(|(parent, _)| other.contains(parent))
                    })
                    .map(|path| format!("{}/{path}", event.name))
                    .collect()
            };
            gained.extend(top(&is - &was, &was));
            lost.extend(top(&was - &is, &is));
        }
        assert_eq!(reported(ChangeKind::FieldAdded), gained, "{from} → {to}");
        assert_eq!(reported(ChangeKind::FieldRemoved), lost, "{from} → {to}");
        for change in &changes {
            assert!(!change.reason.is_empty());
            assert!(
                change.old_line.is_some() || change.new_line.is_some(),
                "{from} → {to}: {change:?}"
            );
        }
    }
}

#[test]
fn spot_checks_of_pairs_read_by_hand() {
    let history = history();
    let pair = |from: &str, to: &str| {
        diff(
            version(&history, from),
            version(&history, to),
            Options::default(),
        )
    };

    // 023 "live block commit": the block job type gains "commit".
    let changes = pair("022", "023");
    assert_eq!(
        summary(&changes),
        [
            (ChangeKind::ValueAdded, "BLOCK_JOB_CANCELLED", Some("type")),
            (ChangeKind::ValueAdded, "BLOCK_JOB_COMPLETED", Some("type")),
        ]
    );
    assert!(
        changes
            .iter()
            .all(|change| change.new_str() == Some("commit"))
    );

    // 059 renames sector-count to sectors-count in both quorum events.
    let changes = pair("058", "059");
    assert_eq!(
        summary(&changes),
        [
            (
                ChangeKind::FieldAdded,
                "QUORUM_FAILURE",
                Some("sectors-count")
            ),
            (
                ChangeKind::FieldRemoved,
                "QUORUM_FAILURE",
                Some("sector-count")
            ),
            (
                ChangeKind::FieldAdded,
                "QUORUM_REPORT_BAD",
                Some("sectors-count")
            ),
            (
                ChangeKind::FieldRemoved,
                "QUORUM_REPORT_BAD",
                Some("sector-count")
            ),
        ]
    );

    // 066 makes BLOCK_IMAGE_CORRUPTED's offset and size optional.
    let changes = pair("065", "066");
    assert_eq!(
        summary(&changes),
        [
            (
                ChangeKind::BecameOptional,
                "BLOCK_IMAGE_CORRUPTED",
                Some("offset")
            ),
            (
                ChangeKind::BecameOptional,
                "BLOCK_IMAGE_CORRUPTED",
                Some("size")
            ),
        ]
    );
    assert!(changes.iter().all(|change| change.breaking));

    // 069 renames MEM_HOT_UNPLUG_ERROR to MEM_UNPLUG_ERROR.
    assert_eq!(
        summary(&pair("068", "069")),
        [
            (ChangeKind::EventAdded, "MEM_UNPLUG_ERROR", None),
            (ChangeKind::EventRemoved, "MEM_HOT_UNPLUG_ERROR", None),
        ]
    );

    // 078 adds the qdev ID to DEVICE_TRAY_MOVED.
    let changes = pair("077", "078");
    assert_eq!(
        summary(&changes),
        [(ChangeKind::FieldAdded, "DEVICE_TRAY_MOVED", Some("id"))]
    );
    assert_eq!(changes[0].new_str(), Some("json-string"));

    // 007 revamps the file: the VNC events' prose becomes field lists.
    let changes = pair("006", "007");
    let reshaped: Vec<&str> = changes
        .iter()
        .filter(|change| change.kind == ChangeKind::DataChanged)
        .map(|change| change.event.as_str())
        .collect();
    assert_eq!(
        reshaped,
        ["VNC_CONNECTED", "VNC_DISCONNECTED", "VNC_INITIALIZED"]
    );
    assert!(
        changes
            .iter()
            .all(|change| !change.breaking && change.event.starts_with("VNC_"))
    );
}

/// The kind a change has when the two versions are swapped.
fn reversed(kind: ChangeKind) -> ChangeKind {
    match kind {
        ChangeKind::EventAdded => ChangeKind::EventRemoved,
        ChangeKind::EventRemoved => ChangeKind::EventAdded,
        ChangeKind::FieldAdded => ChangeKind::FieldRemoved,
        ChangeKind::FieldRemoved => ChangeKind::FieldAdded,
        ChangeKind::ValueAdded => ChangeKind::ValueRemoved,
        ChangeKind::ValueRemoved => ChangeKind::ValueAdded,
        ChangeKind::BecameOptional => ChangeKind::BecameRequired,
        ChangeKind::BecameRequired => ChangeKind::BecameOptional,
        other => other,
    }
}

#[test]
fn swapping_the_versions_mirrors_every_change() {
    let history = history();
    for pair in history.windows(2) {
        let ((from, old), (to, new)) = (&pair[0], &pair[1]);
        let key = |change: &Change, kind: ChangeKind| {
            (
                kind,
                change.event.clone(),
                change.field.clone(),
                change.old_line,
                change.new_line,
                change.old.clone().map(|value| value.to_string()),
                change.new.clone().map(|value| value.to_string()),
            )
        };
        let mut forward: Vec<_> = diff(old, new, DOCS)
            .iter()
            .map(|change| key(change, change.kind))
            .collect();
        let mut backward: Vec<_> = diff(new, old, DOCS)
            .iter()
            .map(|change| {
                // Swapped back: the old side of the reverse diff is the new side of the diff.
                let mut swapped = change.clone();
                std::mem::swap(&mut swapped.old, &mut swapped.new);
                std::mem::swap(&mut swapped.old_line, &mut swapped.new_line);
                key(&swapped, reversed(change.kind))
            })
            .collect();
        forward.sort();
        backward.sort();
        assert_eq!(forward, backward, "{from} ↔ {to}");
    }
}

/// Found by the fuzzer (`fuzz/`, target `diff`): a document that repeats a member or an event
/// (a slip the lint reports) compared with itself has no change. The model holds each name once,
/// its first documentation (the lowering's rule, applied once), so the repetitions are what any
/// other output sees too: a document without them, compared with it, has no change either.
#[test]
fn repeated_names_are_their_first_documentation() {
    let repeated = format!(
        "{}{}",
        section(
            "QUORUM_FAILURE",
            &fields("- \"count\": first (json-int)\n- \"count\": second (json-string)")
        ),
        section("QUORUM_FAILURE", "Data: None.")
    );
    let spec = spec(&repeated);
    assert_eq!(diff(&spec, &spec, DOCS), []);
    let first = one("QUORUM_FAILURE", &fields("- \"count\": first (json-int)"));
    assert_eq!(diff(&spec, &first, DOCS), []);
    // The second documentation is not the event.
    let second = one("QUORUM_FAILURE", "Data: None.");
    let changes = diff(&spec, &second, Options::default());
    let kinds: Vec<ChangeKind> = changes.iter().map(|change| change.kind).collect();
    assert_eq!(kinds, [ChangeKind::DataChanged, ChangeKind::FieldRemoved]);
}

// The schema model: what only a model (not a text document) can give.

/// The lowered document of one event `EVENT` whose member `server` is a nested object, and the
/// name the lowering gave that object's type.
fn with_nested_object() -> (qmpgen::model::Schema, String) {
    let schema = lower(
        &one(
            "EVENT",
            &fields("- \"server\": server (json-object)\n  - \"host\": host (json-string)"),
        ),
        "old.txt",
    );
    let nested = schema
        .types
        .keys()
        .find(|name| !name.starts_with("q_obj_"))
        .expect("the nested object's type")
        .clone();
    (schema, nested)
}

#[test]
fn nested_types_are_compared_by_structure_not_by_name() {
    use qmpgen::model::TypeRef;
    let (old, nested) = with_nested_object();
    // Another front end names the same object otherwise.
    let mut new = old.clone();
    let mut ty = new.types.remove(&nested).unwrap();
    ty.name = "ServerInfo".to_owned();
    new.types.insert(ty.name.clone(), ty);
    for ty in new.types.values_mut() {
        if let qmpgen::model::TypeKind::Object(object) = &mut ty.kind {
            for member in &mut object.members {
                if member.ty == TypeRef::Named(nested.clone()) {
                    member.ty = TypeRef::Named("ServerInfo".to_owned());
                }
            }
        }
    }
    assert_eq!(qmpgen::diff::diff(&old, &new, DOCS), []);
}

/// A type that contains itself (QAPI has them) is compared once, and its timeline recorded once.
#[test]
fn a_type_that_contains_itself_is_compared_once() {
    use qmpgen::history::History;
    use qmpgen::model::{Member, Span, TypeKind, TypeRef};
    let (old, nested) = with_nested_object();
    let mut new = old.clone();
    let TypeKind::Object(object) = &mut new.types.get_mut(&nested).unwrap().kind else {
        panic!("{nested} is an object type");
    };
    object.members.push(Member {
        name: "next".to_owned(),
        span: Span::new(99, 3),
        ty: TypeRef::Array(Box::new(TypeRef::Named(nested.clone()))),
        optional: true,
        doc: None,
        since: None,
        features: Vec::new(),
        condition: None,
    });
    let changes = qmpgen::diff::diff(&old, &new, DOCS);
    assert_eq!(
        summary(&changes),
        [(ChangeKind::FieldAdded, "EVENT", Some("server.next"))]
    );
    assert_eq!(changes[0].new_str(), Some("[json-object]"));
    assert_eq!(changes[0].new_line, Some(99));
    assert_eq!(qmpgen::diff::diff(&new, &new, DOCS), []);
    let versions = vec![
        index::Version::from_file("1.txt"),
        index::Version::from_file("2.txt"),
    ];
    let history = History::build(versions, &[old, new], Options::default());
    let paths: Vec<&str> = history.events[0]
        .fields
        .iter()
        .map(|field| field.path.as_str())
        .collect();
    assert_eq!(paths, ["server", "server.host", "server.next"]);
}

/// Types are named as the schema's format names them: the text's annotations for a text
/// document, QAPI's names otherwise; the same built-in in both is no change.
#[test]
fn types_are_named_as_each_format_names_them() {
    use qmpgen::model::{Builtin, Format, TypeKind, TypeRef};
    let (old, nested) = with_nested_object();
    let mut new = old.clone();
    new.source.format = Format::Qapi;
    assert_eq!(qmpgen::diff::diff(&old, &new, DOCS), []);
    let TypeKind::Object(object) = &mut new.types.get_mut(&nested).unwrap().kind else {
        panic!("{nested} is an object type");
    };
    object.members[0].ty = TypeRef::Builtin(Builtin::Uint8);
    let changes = qmpgen::diff::diff(&old, &new, Options::default());
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let change = &changes[0];
    assert_eq!(
        (
            change.kind,
            change.field.as_deref(),
            change.old_str(),
            change.new_str()
        ),
        (
            ChangeKind::TypeChanged,
            Some("server.host"),
            Some("json-string"),
            Some("uint8")
        )
    );
    assert!(change.breaking);
}

/// Members with one list of values share one enum type, documented where first used: a change
/// of the values' words is reported there, once, not at every member that shares the type.
#[test]
fn shared_value_documentation_is_reported_where_first_used() {
    let document = |meaning: &str| {
        spec(
            &(section(
                "FIRST",
                &fields(&format!(
                    "- \"action\": action (json-string, one of):\n    \"stop\": {meaning}\n    \"report\": reported"
                )),
            ) + &section(
                "SECOND",
                &fields(
                    "- \"action\": action (json-string, one of):\n    \"stop\": stopped\n    \"report\": reported",
                ),
            )),
        )
    };
    let changes = diff(&document("stopped"), &document("the VM stops"), DOCS);
    assert_eq!(
        summary(&changes),
        [(ChangeKind::DescriptionChanged, "FIRST", Some("action"))]
    );
}

//! The lint on crafted small documents (one per diagnostic code, asserted exactly: code, line,
//! column) and on the real history of the document (the mistakes found by reading it).

use std::path::{Path, PathBuf};

use qmpgen::check::check;
use qmpgen::diagnostics::{Diagnostic, Severity};
use qmpgen::text::parse::{parse, parse_bytes};

const TS: &str = "\"timestamp\": { \"seconds\": 1, \"microseconds\": 2 }";

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let parsed = parse(text);
    check(&parsed.spec, &parsed.diagnostics)
}

fn findings(text: &str) -> Vec<(String, u32, u32)> {
    diagnostics(text)
        .into_iter()
        .map(|d| (d.code, d.span.line, d.span.column))
        .collect()
}

#[track_caller]
fn assert_only(text: &str, code: &str, line: u32, column: u32) {
    assert_eq!(
        findings(text),
        [(code.to_owned(), line, column)],
        "in:\n{text}"
    );
}

/// A STOP event documented without data, with `example` as its example (from line 6).
fn stop(example: &str) -> String {
    format!("STOP\n----\n\nData: None.\n\n{example}\n")
}

/// BLOCK_IO_ERROR with three fields and one example whose data members are `data` (line 13, from
/// column 13).
fn block_io(data: &str) -> String {
    format!(
        "BLOCK_IO_ERROR\n--------------\n\nData:\n\n\
         - \"device\": device name (json-string)\n\
         - \"action\": action (json-string, \"stop\" or \"report\")\n\
         - \"sector\": sector (json-int, optional)\n\n\
         Example:\n\n\
         {{ \"event\": \"BLOCK_IO_ERROR\",\n  \"data\": {{ {data} }},\n  {TS} }}\n"
    )
}

/// A document of events without data, one per name, in the order given (five lines each).
fn events_without_data(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("{name}\n{}\n\nData: None.\n\n", "-".repeat(name.len())))
        .collect()
}

#[test]
fn clean_documents_have_no_findings() {
    assert_eq!(
        findings(&stop(&format!("{{ \"event\": \"STOP\", {TS} }}"))),
        []
    );
    assert_eq!(
        findings(&block_io("\"device\": \"a\", \"action\": \"stop\"")),
        []
    );
}

#[test]
fn underline_length() {
    assert_only(
        &format!("STOP\n------\n\nData: None.\n\n{{ \"event\": \"STOP\", {TS} }}\n"),
        "underline-length",
        2,
        1,
    );
}

#[test]
fn heading_number() {
    assert_only(
        "1 STOP\n------\n\nData: None.\n\n1 RESET\n-------\n\nData: None.\n",
        "heading-number",
        6,
        1,
    );
}

#[test]
fn duplicate_event() {
    assert_only(
        "STOP\n----\n\nData: None.\n\nSTOP\n----\n\nData: None.\n",
        "duplicate-event",
        6,
        1,
    );
}

#[test]
fn out_of_order() {
    let names = ["ALPHA", "BRAVO", "ZULU", "CHARLIE", "DELTA", "ECHO"];
    let text = events_without_data(&names);
    assert_only(&text, "out-of-order", 11, 1);
}

#[test]
fn either_sorting_convention_is_accepted() {
    // Byte order puts `MEMORY_X` before `MEM_UNPLUG_ERROR`; a reader puts it after. Both documents
    // are sorted; only `ZULU` is a slip.
    for names in [
        [
            "ALPHA",
            "MEMORY_X",
            "MEM_UNPLUG_ERROR",
            "ZULU",
            "SHUTDOWN",
            "STOP",
            "WAKEUP",
        ],
        [
            "ALPHA",
            "MEM_UNPLUG_ERROR",
            "MEMORY_X",
            "ZULU",
            "SHUTDOWN",
            "STOP",
            "WAKEUP",
        ],
    ] {
        let text = events_without_data(&names);
        assert_only(&text, "out-of-order", 16, 1);
    }
}

#[test]
fn documents_in_another_order_are_not_judged() {
    // Appended in the order events were added, as the earliest versions were.
    let names = [
        "SHUTDOWN",
        "RESET",
        "STOP",
        "VNC_CONNECTED",
        "BLOCK_IO_ERROR",
    ];
    let text = events_without_data(&names);
    assert_eq!(findings(&text), []);
}

#[test]
fn unannotated_field() {
    assert_only(
        "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name\n",
        "unannotated-field",
        6,
        3,
    );
}

#[test]
fn unknown_annotation() {
    // `(json-str, optinal)` stands at column 25: `json-str` at 26, `optinal` at 36.
    assert_eq!(
        findings(
            "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name (json-str, optinal)\n- \"len\": length (json-int, in bytes)\n"
        ),
        [
            ("unknown-annotation".to_owned(), 6, 26),
            ("unknown-keyword".to_owned(), 6, 36),
        ]
    );
}

#[test]
fn unknown_keyword_suggests_the_word_meant() {
    // A real fork's `(json-string, operation)`: a typo for `optional`, once dropped silently.
    let found = diagnostics(
        "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name (json-string, operation)\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].code.as_str(),
            found[0].span.line,
            found[0].span.column
        ),
        ("unknown-keyword", 6, 39)
    );
    assert_eq!(found[0].help.as_deref(), Some("did you mean `optional`?"));
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn data_none_with_fields() {
    assert_only(
        "MIGRATION\n---------\n\nData: None.\n\n- \"status\": migration status (json-string)\n",
        "data-none-with-fields",
        4,
        1,
    );
}

#[test]
fn data_none_with_example_data() {
    assert_only(
        &stop(&format!(
            "{{ \"event\": \"STOP\",\n  \"data\": {{ \"reason\": \"x\" }},\n  {TS} }}"
        )),
        "data-none-with-example-data",
        7,
        13,
    );
}

#[test]
fn field_documented_twice() {
    assert_only(
        "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name (json-string)\n- \"device\": again (json-string)\n",
        "field-documented-twice",
        7,
        3,
    );
}

#[test]
fn example_wrong_event() {
    assert_only(
        &stop(&format!("{{ \"event\": \"SHUTDOWN\", {TS} }}")),
        "example-wrong-event",
        6,
        12,
    );
}

#[test]
fn example_not_json_points_where_the_comma_is_missing() {
    // `{ "event": "STOP"` is 17 characters: the comma belongs in column 18.
    assert_only(
        &stop(&format!("{{ \"event\": \"STOP\"\n  {TS} }}")),
        "example-not-json",
        6,
        18,
    );
}

#[test]
fn example_not_json_at_a_stray_brace_and_every_break_after_repair() {
    assert_only(
        &stop(&format!("{{ \"event\": \"STOP\", {TS} }}\n}}")),
        "example-not-json",
        7,
        1,
    );
    // Two missing commas: both reported, and the data judged after them.
    let text = block_io("\"device\": \"a\"\n            \"action\": \"halt\"");
    assert_eq!(
        findings(&text.replace("BLOCK_IO_ERROR\",", "BLOCK_IO_ERROR\"")),
        [
            ("example-not-json".to_owned(), 12, 28),
            ("example-not-json".to_owned(), 13, 26),
            ("example-undocumented-value".to_owned(), 14, 23),
        ]
    );
}

#[test]
fn example_not_json_points_where_the_comma_is_missing_within_a_line() {
    // `Example: { "event": "STOP"` ends at column 26: the comma belongs in column 27.
    assert_only(
        &format!("STOP\n----\n\nData: None.\n\nExample: {{ \"event\": \"STOP\" {TS} }}\n"),
        "example-not-json",
        6,
        27,
    );
}

#[test]
fn findings_after_a_repair_on_the_same_line_keep_their_columns() {
    // A comma missing at column 26, and on the same line an undocumented value at column 37
    // (where it stands in the document; in the repaired text it moved to 38).
    let text = block_io("\"device\": \"a\" \"action\": \"halt\"");
    assert_eq!(
        findings(&text),
        [
            ("example-not-json".to_owned(), 13, 26),
            ("example-undocumented-value".to_owned(), 13, 37),
        ]
    );
}

#[test]
fn example_not_json_at_a_trailing_comma() {
    // The comma after `"STOP"` (column 68: TS is 48 characters long, from column 3) before the
    // closing brace on the next line.
    assert_only(
        &stop(&format!("{{ {TS}, \"event\": \"STOP\",\n}}")),
        "example-not-json",
        6,
        68,
    );
}

#[test]
fn example_not_json_that_cannot_be_repaired() {
    assert_only(&stop("{ \"event\": 'STOP' }"), "example-not-json", 6, 12);
}

#[test]
fn example_duplicate_key() {
    assert_only(
        &stop(&format!(
            "{{ \"event\": \"STOP\", \"event\": \"STOP\", {TS} }}"
        )),
        "example-duplicate-key",
        6,
        20,
    );
}

#[test]
fn example_too_deep() {
    // `"a"`'s array opens at column 28 at depth 4: depth 129 (past MAX_DEPTH) is its 126th `[`.
    let deep = format!("{}{}", "[".repeat(140), "]".repeat(140));
    let text = format!(
        "DUMP\n----\n\nData:\n\n- \"blob\": anything (json-object)\n\n\
         {{ \"event\": \"DUMP\",\n  \"data\": {{ \"blob\": {{ \"a\": {deep} }} }},\n  {TS} }}\n"
    );
    assert_only(&text, "example-too-deep", 9, 153);
}

#[test]
fn example_missing_field_points_at_the_object_that_lacks_it() {
    assert_only(
        &block_io("\"device\": \"a\""),
        "example-missing-field",
        13,
        11,
    );
}

#[test]
fn example_wrong_type() {
    assert_only(
        &block_io("\"device\": 1, \"action\": \"stop\""),
        "example-wrong-type",
        13,
        23,
    );
}

#[test]
fn example_out_of_range() {
    assert_only(
        &block_io("\"device\": \"a\", \"action\": \"stop\", \"sector\": 18446744073709551616"),
        "example-out-of-range",
        13,
        56,
    );
}

#[test]
fn example_undocumented_value() {
    assert_only(
        &block_io("\"device\": \"a\", \"action\": \"halt\""),
        "example-undocumented-value",
        13,
        38,
    );
}

#[test]
fn example_undocumented_field() {
    assert_only(
        &block_io("\"device\": \"a\", \"action\": \"stop\", \"foo\": 1"),
        "example-undocumented-field",
        13,
        46,
    );
}

#[test]
fn example_bad_timestamp() {
    assert_only(
        &stop("{ \"event\": \"STOP\" }"),
        "example-bad-timestamp",
        6,
        1,
    );
    assert_only(
        &stop("{ \"event\": \"STOP\",\n  \"timestamp\": { \"seconds\": 1 } }"),
        "example-bad-timestamp",
        7,
        16,
    );
}

#[test]
fn nested_members_are_judged_at_their_lines() {
    let text = format!(
        "VNC_CONNECTED\n-------------\n\nData:\n\n\
         - \"server\": Server information (json-object)\n\
         \x20 - \"host\": IP address (json-string)\n\
         \x20 - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n\n\
         {{ \"event\": \"VNC_CONNECTED\",\n\
         \x20 \"data\": {{\n\
         \x20   \"server\": {{ \"family\": \"ipv5\",\n\
         \x20               \"port\": \"5901\" }} }},\n\
         \x20 {TS} }}\n"
    );
    assert_eq!(
        findings(&text),
        [
            ("example-missing-field".to_owned(), 12, 15),
            ("example-undocumented-value".to_owned(), 12, 27),
            ("example-undocumented-field".to_owned(), 13, 17),
        ]
    );
}

#[test]
fn an_example_that_is_a_reply_is_not_an_example_of_the_event() {
    let text = "STOP\n----\n\nData: None.\n\nExample:\n\n{ \"return\": {} }\n";
    assert_eq!(findings(text), [("example-wrong-event".to_owned(), 8, 1)]);
    let rendered = diagnostics(text)
        .into_iter()
        .map(|diagnostic| diagnostic.message)
        .collect::<Vec<_>>();
    assert_eq!(
        rendered,
        [r#"a command reply ("return"), not an event message"#]
    );
}

#[test]
fn a_heading_that_names_several_events_accepts_each_and_reports_once() {
    let text = format!(
        "SPICE_CONNECTED, SPICE_DISCONNECTED\n-----------------------------------\n\nData: None.\n\n\
         {{ \"event\": \"SPICE_DISCONNECTED\", {TS} }}\n\n{{ \"event\": \"SPICE\", {TS} }}\n"
    );
    assert_eq!(findings(&text), [("example-wrong-event".to_owned(), 8, 12)]);
}

#[test]
fn the_parsers_findings_are_included() {
    assert_only(
        &stop(&format!(
            "{{ \"event\": \"STOP\", {TS} }}\n\nSome stray words."
        )),
        "unfitted-text",
        8,
        1,
    );
}

#[test]
fn the_parsers_other_codes_pass_through() {
    assert_only("\nSTOP\n\nData: None.\n", "missing-underline", 2, 1);
    assert_only(
        "STOP\n----\n\nData: None.\n\nNotes here\n----------\n",
        "not-an-event",
        6,
        1,
    );
    assert_only(
        "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\" device name (json-string)\n",
        "bad-field",
        6,
        1,
    );
    assert_only("just words\n", "no-events", 1, 1);
    let parsed = parse_bytes(b"STOP\n----\n\nStops \xff.\n\nData: None.\n");
    let found: Vec<(String, u32, u32)> = check(&parsed.spec, &parsed.diagnostics)
        .into_iter()
        .map(|d| (d.code, d.span.line, d.span.column))
        .collect();
    assert_eq!(found, [("invalid-utf8".to_owned(), 4, 7)]);
}

#[test]
fn severities() {
    let warning =
        diagnostics("BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name\n");
    assert_eq!(warning[0].severity, Severity::Warning);
    let error = diagnostics(&stop("{ \"event\": \"STOP\" }"));
    assert_eq!(error[0].severity, Severity::Error);
    assert_eq!(error[0].event.as_deref(), Some("STOP"));
}

fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

#[test]
fn the_bundled_spec_checks_clean() {
    let bytes = std::fs::read(root().join("spec/qmp-events.txt")).expect("the bundled spec");
    let parsed = parse_bytes(&bytes);
    let found = check(&parsed.spec, &parsed.diagnostics);
    assert!(found.is_empty(), "{found:#?}");
}

/// The mistakes found by reading the history: (version, line, code).
const HISTORY_MISTAKES: &[(&str, u32, &str)] = &[
    // `1 SHUTDOWN` is underlined with 11 dashes.
    ("001", 5, "underline-length"),
    // VNC_CONNECTED was numbered 4 although DEBUG already was.
    ("002", 28, "heading-number"),
    // BLOCK_IO_ERROR's `action` lists values but has no annotation.
    ("005", 55, "unannotated-field"),
    // STOP's example says "SHUTDOWN" (fixed in 012).
    ("007", 65, "example-wrong-event"),
    // The document was kept sorted until SPICE_* were added after VNC_*.
    ("013", 185, "out-of-order"),
    ("013", 211, "out-of-order"),
    // BALLOON_CHANGE underlined with 10 dashes.
    ("018", 341, "underline-length"),
    // WAKEUP's example says "WATCHDOG" (fixed in 033).
    ("019", 276, "example-wrong-event"),
    // DEVICE_DELETED underlined with 17 dashes.
    ("026", 140, "underline-length"),
    // GUEST_PANICKED appended at the end of a sorted document, its example without timestamp.
    ("028", 450, "out-of-order"),
    ("028", 461, "example-bad-timestamp"),
    // NIC_RX_FILTER_CHANGED: short underline, and a stray `}` after its example.
    ("030", 176, "underline-length"),
    ("030", 190, "example-not-json"),
    // QUORUM_* appended at the end, their fields unannotated.
    ("034", 504, "out-of-order"),
    ("034", 511, "unannotated-field"),
    ("034", 521, "out-of-order"),
    // ACPI_DEVICE_OST's example has no timestamp.
    ("036", 11, "example-bad-timestamp"),
    // BLOCK_JOB_READY's example: type "mirror" is not documented, and a comma is missing.
    ("058", 172, "example-undocumented-value"),
    ("058", 173, "example-not-json"),
    // MEM_HOT_UNPLUG_ERROR's example misses the comma after the event name.
    ("067", 240, "example-not-json"),
    // Renamed to MEM_UNPLUG_ERROR, the underline kept the old length.
    ("069", 236, "underline-length"),
    // MIGRATION: after SPICE_*, `Data: None.` above a field, the field unannotated.
    ("070", 476, "out-of-order"),
    ("070", 481, "data-none-with-fields"),
    ("070", 483, "unannotated-field"),
    // MIGRATION_PASS: the same.
    ("072", 499, "out-of-order"),
    ("072", 505, "data-none-with-fields"),
    ("072", 507, "unannotated-field"),
    // DUMP_COMPLETED's example has no timestamp.
    ("073", 237, "example-bad-timestamp"),
    // QUORUM_REPORT_BAD's new `type` field is unannotated.
    ("075", 328, "unannotated-field"),
    // A small version, late in the history: MIGRATION* still after SPICE_MIGRATE_COMPLETED.
    ("100", 233, "out-of-order"),
    ("100", 248, "out-of-order"),
    // 078, the last full version: all of the above that were never fixed.
    ("078", 11, "example-bad-timestamp"),
    ("078", 190, "example-undocumented-value"),
    ("078", 191, "example-not-json"),
    ("078", 251, "example-bad-timestamp"),
    ("078", 266, "example-bad-timestamp"),
    ("078", 270, "underline-length"),
    ("078", 280, "example-not-json"),
    ("078", 301, "example-not-json"),
    ("078", 323, "unannotated-field"),
    ("078", 324, "unannotated-field"),
    ("078", 325, "unannotated-field"),
    ("078", 525, "out-of-order"),
    ("078", 530, "data-none-with-fields"),
    ("078", 532, "unannotated-field"),
    ("078", 540, "out-of-order"),
    ("078", 546, "data-none-with-fields"),
];

/// The history's versions by their number (`078`), from the repository's test data.
fn history() -> Vec<(String, PathBuf)> {
    let folder = root().join("tests/data/qmp-events-history");
    let entries =
        std::fs::read_dir(&folder).unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
    let mut versions: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.get(..3)?.to_owned();
            Some((name, path))
        })
        .collect();
    versions.sort();
    versions
}

fn check_file(path: &Path) -> Vec<Diagnostic> {
    let bytes = std::fs::read(path).expect("a history version");
    let parsed = parse_bytes(&bytes);
    check(&parsed.spec, &parsed.diagnostics)
}

#[test]
fn the_mistakes_found_by_reading_the_history_are_reported() {
    let versions = history();
    for &(version, line, code) in HISTORY_MISTAKES {
        let path = &versions
            .iter()
            .find(|(name, _)| name == version)
            .unwrap_or_else(|| panic!("version {version} is in the history"))
            .1;
        let found = check_file(path);
        assert!(
            found.iter().any(|d| d.span.line == line && d.code == code),
            "{version}:{line}: expected {code}, found {:#?}",
            found
                .iter()
                .map(|d| d.headline(version))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn fixed_mistakes_and_unsorted_versions_raise_nothing() {
    let versions = history();
    for (name, path) in &versions {
        let found = check_file(path);
        let number: u32 = name.parse().expect("a numbered version");
        // Until SPICE_* (013) the document was sorted; from BLOCK_JOB_* (015) to the sorting
        // commit (020) events were appended at the end, too many to call the document sorted.
        if number < 13 || (15..20).contains(&number) {
            assert!(
                !found.iter().any(|d| d.code == "out-of-order"),
                "{name}: {found:#?}"
            );
        }
        // 012 fixed STOP's example, and nothing else names a wrong event until WAKEUP's (019).
        if (12..19).contains(&number) {
            assert!(!found.iter().any(|d| d.is_error()), "{name}: {found:#?}");
        }
    }
}

mod robustness {
    use proptest::prelude::*;
    use qmpgen::text::parse::parse;

    /// Pieces that documents and examples are made of, to build hostile documents from.
    const PIECES: &[&str] = &[
        "STOP",
        "----",
        "1 RESET",
        "-------",
        "",
        "Data:",
        "Data: None.",
        "Example:",
        "- \"a\": a (json-int)",
        "  - \"b\": b (json-string, \"x\" or \"y\")",
        "- \"a\": again",
        "{ \"event\": \"STOP\",",
        "{ \"event\": \"STOP\"",
        "  \"data\": { \"a\": 1, \"a\": [[[{}]]] },",
        "  \"data\": { \"a\": 1e400, \"b\": \"\\u00e9\" }",
        "  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }",
        "}",
        "]",
        "[",
        "\"",
        "\t{ \"é\": \"\\\"\" }",
        "Note: x",
    ];

    proptest! {
        #[test]
        fn the_lint_never_panics(picks in prop::collection::vec(0..PIECES.len(), 0..40)) {
            let text: Vec<&str> = picks.iter().map(|&at| PIECES[at]).collect();
            let text = text.join("\n");
            let parsed = parse(&text);
            for diagnostic in qmpgen::check::check(&parsed.spec, &parsed.diagnostics) {
                prop_assert!(diagnostic.span.line >= 1);
                prop_assert!(diagnostic.span.line as usize <= text.split('\n').count());
            }
        }

        #[test]
        fn any_example_text_is_linted_on_its_own_lines(text in "\\PC{0,200}") {
            let document = format!("STOP\n----\n\nData: None.\n\nExample: {{{text}\n");
            let parsed = parse(&document);
            let lines = document.split('\n').count() as u32;
            for diagnostic in qmpgen::check::check(&parsed.spec, &parsed.diagnostics) {
                prop_assert!((1..=lines).contains(&diagnostic.span.line), "{diagnostic:?}");
            }
        }
    }
}

#[test]
fn every_code_is_listed_in_the_readme() {
    let source = include_str!("../src/diagnostics.rs");
    let readme = include_str!("../../README.md");
    let codes: Vec<&str> = source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub const "))
        .filter_map(|rest| rest.split('"').nth(1))
        .collect();
    assert!(codes.len() >= 20, "{codes:?}");
    for code in codes {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README.md lists no `{code}` under Lint codes"
        );
    }
}

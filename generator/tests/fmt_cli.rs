//! `qmpgen fmt` as a command: `--check` prints a unified diff (as rustfmt does), `--write`
//! rewrites files in place, and a document that cannot be printed faithfully is refused.

mod common;

use common::{folder_with, qmpgen_in, text};

/// Canonical text.
const CANONICAL: &str = "STOP\n----\n\nStops.\n\nData:\n\n- \"reason\": why the guest\n            stopped (json-string)\n";

/// The same document, not canonical: single quotes, a heading without its underline (a parser
/// warning) and the annotation in the middle of the text.
const UNTIDY: &str =
    "STOP\n\nStops.\n\nData:\n\n- 'reason': why the guest (json-string)\n   stopped\n";

/// A value line above an unclosed parenthesis: printed in its place it would read as prose.
const UNPRINTABLE: &str =
    "RTC\n---\n\nData:\n\n- \"offset\": delta in s\",\n    \"data\": meaning\n    \"x(s\n";

fn folder() -> tempfile::TempDir {
    folder_with(&[
        ("canonical.txt", CANONICAL),
        ("untidy.txt", UNTIDY),
        ("unprintable.txt", UNPRINTABLE),
    ])
}

#[test]
fn fmt_prints_the_canonical_text() {
    let dir = folder();
    let output = qmpgen_in(dir.path(), &["fmt", "untidy.txt"], "");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), CANONICAL);
    // The parser's warning (the missing underline) is what fmt repairs: not reported.
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn check_prints_nothing_for_a_canonical_file() {
    let dir = folder();
    let output = qmpgen_in(dir.path(), &["fmt", "--check", "canonical.txt"], "");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert!(output.stderr.is_empty());
}

/// The document's line ends are kept, as rustfmt keeps a file's newline style: a canonical CRLF
/// document is canonical, and an untidy one is formatted with CRLF.
#[test]
fn crlf_line_ends_are_kept() {
    let dir = folder();
    let crlf = |text: &str| text.replace('\n', "\r\n");
    std::fs::write(dir.path().join("crlf.txt"), crlf(CANONICAL)).unwrap();
    std::fs::write(dir.path().join("untidy-crlf.txt"), crlf(UNTIDY)).unwrap();
    let check = qmpgen_in(dir.path(), &["fmt", "--check", "crlf.txt"], "");
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    assert!(check.stdout.is_empty());
    let formatted = qmpgen_in(dir.path(), &["fmt", "untidy-crlf.txt"], "");
    assert_eq!(formatted.status.code(), Some(0));
    assert_eq!(text(&formatted.stdout), crlf(CANONICAL));
}

#[test]
fn check_prints_a_unified_diff_and_exits_1() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &["fmt", "--check", "canonical.txt", "untidy.txt"],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "--- untidy.txt\n+++ untidy.txt\n@@ -1,8 +1,9 @@\n STOP\n+----\n \n Stops.\n \n Data:\n \n\
         -- 'reason': why the guest (json-string)\n-   stopped\n\
         +- \"reason\": why the guest\n+            stopped (json-string)\n"
    );
    // Nothing else: no parser warnings, no "not in canonical form" line.
    assert_eq!(text(&output.stderr), "");
    // The diff applies: the file patched with it is the canonical text.
    let patched = apply(UNTIDY, &text(&output.stdout));
    assert_eq!(patched, CANONICAL);
    // Nothing was written.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("untidy.txt")).unwrap(),
        UNTIDY
    );
}

/// Applies a unified diff of one file with one hunk to `old` (enough for these tests).
fn apply(old: &str, diff: &str) -> String {
    let mut out = String::new();
    let mut old_lines = old.lines();
    for line in diff.lines().skip(3) {
        match line.split_at(1) {
            (" ", rest) => {
                assert_eq!(old_lines.next(), Some(rest));
                out.push_str(rest);
                out.push('\n');
            }
            ("-", rest) => assert_eq!(old_lines.next(), Some(rest)),
            ("+", rest) => {
                out.push_str(rest);
                out.push('\n');
            }
            _ => panic!("unexpected diff line {line:?}"),
        }
    }
    for rest in old_lines {
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[test]
fn write_rewrites_only_the_files_that_change() {
    let dir = folder();
    let canonical = dir.path().join("canonical.txt");
    let before = std::fs::metadata(&canonical).unwrap().modified().unwrap();
    // A file's time stamp may be coarse: make a rewrite visible.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = qmpgen_in(
        dir.path(),
        &["fmt", "--write", "canonical.txt", "untidy.txt"],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("untidy.txt")).unwrap(),
        CANONICAL
    );
    assert_eq!(
        std::fs::metadata(&canonical).unwrap().modified().unwrap(),
        before,
        "a canonical file is left alone"
    );
    // Written once, the file is canonical.
    let again = qmpgen_in(dir.path(), &["fmt", "--check", "untidy.txt"], "");
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn an_unprintable_document_is_refused_and_left_alone() {
    let dir = folder();
    for flag in ["--check", "--write"] {
        let output = qmpgen_in(
            dir.path(),
            &["fmt", flag, "unprintable.txt", "untidy.txt"],
            "",
        );
        assert_eq!(output.status.code(), Some(1), "{flag}");
        let err = text(&output.stderr);
        assert!(
            err.contains("unprintable.txt:6:3: error[unprintable]"),
            "{flag}: {err}"
        );
        assert!(!text(&output.stdout).contains("unprintable.txt"), "{flag}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("unprintable.txt")).unwrap(),
            UNPRINTABLE
        );
    }
}

#[test]
fn trouble_exits_2_after_the_other_files() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &["fmt", "--check", "missing.txt", "untidy.txt"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("qmpgen: missing.txt: cannot read: "));
    assert!(text(&output.stdout).starts_with("--- untidy.txt\n"));
    // Several files to stdout, or both modes at once, are bad arguments.
    let several = qmpgen_in(dir.path(), &["fmt", "canonical.txt", "untidy.txt"], "");
    assert_eq!(several.status.code(), Some(2));
    let both = qmpgen_in(dir.path(), &["fmt", "--check", "--write", "untidy.txt"], "");
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn stdin_is_formatted_to_stdout_even_with_write() {
    let dir = folder();
    let output = qmpgen_in(dir.path(), &["fmt", "--write", "-"], UNTIDY);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), CANONICAL);
    let check = qmpgen_in(dir.path(), &["fmt", "--check", "-"], UNTIDY);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).starts_with("--- <stdin>\n+++ <stdin>\n"));
}

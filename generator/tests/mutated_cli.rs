//! 300 randomly mutated versions of the document through the `qmpgen` command line: `check`
//! reads all 300 in one run; `schema`, `fmt` and `diff` against the original run on every
//! [`SAMPLE`]th (a process per document and command is some 50 ms in a debug build, so all 900
//! would take most of a minute), and the library path they share runs on all 300. Each exits 0,
//! 1 or 2, never panics, and every diagnostic printed names `FILE:LINE:COL`; what `fmt` prints
//! reads back without errors. The mutations are those of `common::mutate`, drawn by a seeded
//! generator, over the bundled document and the history versions.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use common::mutate::{apply, mutation};

/// How many mutated documents go through the command line.
const DOCUMENTS: usize = 300;
/// Every this many documents, `schema`, `fmt` and `diff` run as processes too.
const SAMPLE: usize = 10;

fn qmpgen() -> Command {
    let mut command = Command::cargo_bin("qmpgen").expect("the qmpgen binary");
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

/// The exit code, after checking that the command did not panic and that every diagnostic on
/// stderr names a file, line and column.
fn judged(what: &str, output: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().expect("an exit code, not a signal");
    assert!(
        matches!(code, 0..=2) && !stderr.contains("panicked"),
        "{what}: exit {code}\n{stderr}"
    );
    for line in stderr.lines() {
        if line.contains("error[") || line.contains("warning[") {
            assert!(
                located(line),
                "{what}: a diagnostic without a place: {line}"
            );
        }
    }
    code
}

/// Whether a diagnostic's headline starts `FILE:LINE:COL: `.
fn located(line: &str) -> bool {
    let Some((head, _)) = line.split_once(": ") else {
        return false;
    };
    let mut parts = head.rsplitn(3, ':');
    let column = parts.next().and_then(|part| part.parse::<u32>().ok());
    let line_number = parts.next().and_then(|part| part.parse::<u32>().ok());
    let file = parts.next().unwrap_or_default();
    column.is_some_and(|c| c >= 1) && line_number.is_some_and(|l| l >= 1) && file.ends_with(".txt")
}

/// The originals to mutate: the bundled document, and the history versions when present.
fn originals() -> Vec<(String, Vec<u8>)> {
    let mut originals = vec![("bundled.txt".to_owned(), common::bundled_spec())];
    originals.extend(common::history_versions());
    originals
}

#[test]
fn three_hundred_mutated_documents_through_the_cli() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let originals = originals();
    let mut runner = TestRunner::deterministic();
    let mutations = proptest::collection::vec(mutation(), 1..8);
    let mut files = Vec::with_capacity(DOCUMENTS);
    for index in 0..DOCUMENTS {
        let (name, bytes) = &originals[index % originals.len()];
        let original = dir.path().join(format!("original-{name}"));
        if !original.exists() {
            std::fs::write(&original, bytes).expect("written");
        }
        let chosen = mutations
            .new_tree(&mut runner)
            .expect("mutations")
            .current();
        let mutated = dir.path().join(format!("mutated-{index:03}.txt"));
        std::fs::write(&mutated, apply(bytes, &chosen)).expect("written");
        files.push((original, mutated, chosen));
    }

    // `check` takes them all at once; the others one document at a time.
    let all = qmpgen()
        .arg("check")
        .args(files.iter().map(|(_, mutated, _)| mutated))
        .output()
        .expect("qmpgen runs");
    judged("check of all", &all);

    let mut codes = [[0_usize; 3]; 3];
    for (index, (original, mutated, chosen)) in files.iter().enumerate() {
        library_path(original, mutated);
        if index % SAMPLE != 0 {
            continue;
        }
        let what = |command: &str| format!("{command} {} ({chosen:?})", mutated.display());
        let schema = qmpgen().arg("schema").arg(mutated).output().unwrap();
        codes[0][judged(&what("schema"), &schema) as usize] += 1;
        let fmt = qmpgen().arg("fmt").arg(mutated).output().unwrap();
        let fmt_code = judged(&what("fmt"), &fmt);
        codes[1][fmt_code as usize] += 1;
        if fmt_code == 0 {
            assert_reads_back(&what("fmt"), &fmt.stdout);
        }
        let diff = qmpgen()
            .args(["diff", "--docs"])
            .args([original, mutated])
            .output()
            .unwrap();
        codes[2][judged(&what("diff"), &diff) as usize] += 1;
    }
    println!("exit codes 0/1/2 of schema, fmt, diff over every {SAMPLE}th document: {codes:?}");
    // The mutations are mostly harmful but not all: both outcomes are met.
    assert!(codes[0][0] > 0 && codes[0][1] > 0, "{codes:?}");
}

/// What the commands do, through the library: parse, lint (every finding inside the text),
/// print a document without errors and read it back to the same model, diff with the original.
fn library_path(original: &Path, mutated: &Path) {
    let bytes = std::fs::read(mutated).expect("read back");
    let parsed = qmpgen::text::parse::parse_bytes(&bytes);
    let lines = qmpgen::text::parse::source::decode(&bytes)
        .text
        .lines()
        .count() as u32;
    for finding in qmpgen::check::check(&parsed.spec, &parsed.diagnostics) {
        assert!(
            (1..=lines.max(1)).contains(&finding.span.line) && finding.span.column >= 1,
            "{}: {finding:?}",
            mutated.display()
        );
    }
    if !parsed.has_errors() {
        let printed = qmpgen::text::print::print(&parsed.spec);
        let reread = qmpgen::text::parse::parse(&printed);
        assert!(!reread.has_errors(), "{}", mutated.display());
        assert!(
            qmpgen::text::print::same_model(&reread.spec, &parsed.spec),
            "{} prints as text that reads back to another model",
            mutated.display()
        );
    }
    let old = qmpgen::text::parse::parse_bytes(&std::fs::read(original).expect("read back"));
    let options = qmpgen::diff::Options { docs: true };
    let lower = qmpgen::text::lower::lower;
    let changes = qmpgen::diff::diff(
        &lower(&old.spec, "original.txt"),
        &lower(&parsed.spec, "mutated.txt"),
        options,
    );
    assert!(qmpgen::diff::count_breaking(&changes) <= changes.len());
}

/// What `fmt` printed reads back without errors.
fn assert_reads_back(what: &str, printed: &[u8]) {
    let reread = qmpgen::text::parse::parse_bytes(printed);
    assert!(
        !reread.has_errors(),
        "{what}: the canonical text has errors: {:?}",
        reread.diagnostics
    );
}

#[test]
fn headlines_are_recognised() {
    assert!(located(
        "dir/mutated-001.txt:12:3: error[unfitted-text]: text"
    ));
    assert!(!located("qmpgen: mutated-001.txt has errors; fix them"));
    assert!(!located("mutated.txt:0:3: error[x]: y"));
}

/// `fmt` writes the canonical text as it is, control characters included (found by fuzzing:
/// a label of U+001A was stripped on its way out).
#[test]
fn fmt_writes_control_characters_as_they_are() {
    let text = "STOP\n----\n\nData: None.\n\nExample: \u{1a}:\n{ \"event\": \"STOP\" }\n";
    let output = fmt_of("label.txt", text);
    assert_eq!(judged("fmt", &output), 0);
    assert_eq!(String::from_utf8(output.stdout).expect("UTF-8"), text);
}

/// `fmt` refuses a document whose canonical text would say something else (found by fuzzing:
/// an unclosed parenthesis in a description, printed above the value line it followed, hides
/// that value), names the field at `FILE:LINE:COL`, exits 1 and writes nothing.
#[test]
fn fmt_refuses_what_it_cannot_print_without_changing_it() {
    let text = "RTC_CHANGE\n----------\n\nData:\n\n- \"offset\": delta in sec\",\n    \"data\": meaning\n    \"trosecon(s\n";
    let output = fmt_of("odd.txt", text);
    assert_eq!(judged("fmt", &output), 1);
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.contains("odd.txt:6:3: error[unprintable]: field \"offset\" of RTC_CHANGE"),
        "{stderr}"
    );
}

/// What `qmpgen fmt` does with `text` written to a file called `name`.
fn fmt_of(name: &str, text: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join(name);
    std::fs::write(&file, text).expect("written");
    qmpgen()
        .arg("fmt")
        .arg(&file)
        .output()
        .expect("qmpgen runs")
}

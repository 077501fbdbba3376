//! How every `qmpgen` command takes its input and reports trouble: `-` for stdin (and `-o -`
//! for stdout), several files of which some cannot be read, binary input, and names not found.

mod common;

use common::{folder_with, qmpgen_in, text};

const CLEAN: &str = "STOP\n----\n\nData: None.\n\nExample:\n\n{ \"event\": \"STOP\",\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n";

/// One error of the lint (an example that is not JSON).
const FAULTY: &str = "RESET\n-----\n\nData: None.\n\nExample:\n\n{ \"event\": \"RESET\"\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n";

fn folder() -> tempfile::TempDir {
    folder_with(&[("clean.txt", CLEAN), ("faulty.txt", FAULTY)])
}

#[test]
fn a_dash_reads_stdin_in_every_command() {
    let dir = folder();
    let schema = qmpgen_in(dir.path(), &["schema", "-"], CLEAN);
    assert_eq!(schema.status.code(), Some(0), "{}", text(&schema.stderr));
    assert!(text(&schema.stdout).contains("STOP  (line 1)"));

    let check = qmpgen_in(dir.path(), &["check", "-"], FAULTY);
    assert_eq!(check.status.code(), Some(1));
    let out = text(&check.stdout);
    assert!(
        out.contains("<stdin>:8:19: error[example-not-json]"),
        "{out}"
    );

    let fmt = qmpgen_in(dir.path(), &["fmt", "-"], CLEAN);
    assert_eq!(fmt.status.code(), Some(0));
    assert_eq!(text(&fmt.stdout), CLEAN);

    let diff = qmpgen_in(dir.path(), &["diff", "clean.txt", "-"], FAULTY);
    assert_eq!(diff.status.code(), Some(1));
    assert!(text(&diff.stdout).contains("event-added"));

    let generated = qmpgen_in(dir.path(), &["generate", "-", "-o", "-"], CLEAN);
    assert_eq!(generated.status.code(), Some(0));
    let code = text(&generated.stdout);
    assert!(code.contains("pub struct Stop"), "{code}");
    // The document is named as diagnostics name it, and no file called `-` is written.
    assert!(code.contains("<stdin>:1"), "{code}");
    assert!(!dir.path().join("-").exists());
}

/// `history` names a version read from standard input as the other commands name it.
#[test]
fn history_names_stdin_as_stdin() {
    let dir = folder();
    let output = qmpgen_in(dir.path(), &["history", "clean.txt", "-"], FAULTY);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("RESET: documented in <stdin>"), "{out}");
}

/// Standard input can be read once: a command line naming `-` twice is refused before anything
/// is read (the second reading would judge an empty document).
#[test]
fn stdin_named_twice_is_trouble() {
    let dir = folder();
    for args in [
        &["diff", "-", "-"][..],
        &["check", "-", "clean.txt", "-"],
        &["fmt", "--check", "-", "-"],
        &["history", "-", "clean.txt", "-"],
    ] {
        let output = qmpgen_in(dir.path(), args, CLEAN);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(
            text(&output.stderr),
            "qmpgen: `-` (standard input) is named more than once; it can be read only once\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_broken_document_on_stdin_is_named_stdin() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &["schema", "-"],
        "STOP\n----\n\nData:\n\n- broken thing\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(err.contains("<stdin>:6:1: error[bad-field]"), "{err}");
}

#[test]
fn check_reports_every_readable_file_around_an_unreadable_one() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &["check", "faulty.txt", "missing.txt", "clean.txt"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("qmpgen: missing.txt: cannot read: "), "{err}");
    let out = text(&output.stdout);
    assert!(
        out.contains("faulty.txt:8:19: error[example-not-json]"),
        "{out}"
    );
    assert!(out.contains("faulty.txt: 1 error, 0 warnings\n"), "{out}");
    assert!(out.contains("clean.txt: 0 errors, 0 warnings\n"), "{out}");
}

/// A folder given as a document is named as one, in the words of `qmp-events validate DIR`.
#[test]
fn a_directory_is_named_as_one_in_every_command() {
    let dir = folder();
    std::fs::create_dir(dir.path().join("versions")).unwrap();
    for command in ["check", "schema", "generate", "fmt"] {
        let output = qmpgen_in(dir.path(), &[command, "versions"], "");
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            text(&output.stderr),
            "qmpgen: versions: cannot read: is a directory, not a file\n",
            "{command}"
        );
    }
}

#[test]
fn diff_names_every_unreadable_file() {
    let dir = folder();
    let output = qmpgen_in(dir.path(), &["diff", "gone.txt", "absent.txt"], "");
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("gone.txt: cannot read: "), "{err}");
    assert!(err.contains("absent.txt: cannot read: "), "{err}");
}

#[test]
fn history_names_every_unreadable_version() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &["history", "gone.txt", "clean.txt", "absent.txt"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("gone.txt: cannot read: "), "{err}");
    assert!(err.contains("absent.txt: cannot read: "), "{err}");
}

#[test]
fn history_shows_the_events_found_and_suggests_near_names() {
    let dir = folder();
    let output = qmpgen_in(
        dir.path(),
        &[
            "history",
            "clean.txt",
            "faulty.txt",
            "--event",
            "NOPE",
            "--event",
            "RESET",
            "--event",
            "stop",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1), "a name was not found");
    let out = text(&output.stdout);
    assert!(out.contains("RESET: documented in"), "{out}");
    assert!(!out.contains("STOP: documented in"), "{out}");
    let err = text(&output.stderr);
    assert!(err.contains("qmpgen: no version documents NOPE\n"), "{err}");
    assert!(
        err.contains("qmpgen: no version documents stop (did you mean STOP?)\n"),
        "{err}"
    );
    let typo = qmpgen_in(
        dir.path(),
        &["history", "clean.txt", "faulty.txt", "--event", "RESE"],
        "",
    );
    assert_eq!(typo.status.code(), Some(1));
    assert!(text(&typo.stdout).is_empty());
    let err = text(&typo.stderr);
    assert!(err.contains("(did you mean RESET?)"), "{err}");
}

/// Bytes from a small xorshift generator: the same "random" input on every run.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

#[test]
fn binary_input_is_one_not_text_error() {
    let dir = folder();
    std::fs::write(dir.path().join("noise.bin"), noise(1 << 20)).unwrap();
    for command in ["check", "schema"] {
        let output = qmpgen_in(dir.path(), &[command, "noise.bin"], "");
        assert_eq!(output.status.code(), Some(1), "{command}");
        let all = text(&output.stdout) + &text(&output.stderr);
        let headlines: Vec<&str> = all
            .lines()
            .filter(|line| line.starts_with("noise.bin:") && line.contains("]: "))
            .collect();
        assert_eq!(headlines.len(), 1, "{command}: {headlines:?}");
        assert!(
            headlines[0].starts_with("noise.bin:1:1: error[not-text]"),
            "{headlines:?}"
        );
        assert!(!all.contains("invalid-utf8"), "{command}");
    }
}

#[test]
fn a_stray_latin1_byte_keeps_its_precise_error() {
    let dir = folder();
    let latin1 = CLEAN.replace("Data: None.", "Data: None. Caf\u{e9}.");
    let bytes = latin1.replace('\u{e9}', "\u{1}").into_bytes();
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|byte| if byte == 1 { 0xE9 } else { byte })
        .collect();
    std::fs::write(dir.path().join("latin1.txt"), bytes).unwrap();
    let output = qmpgen_in(dir.path(), &["check", "latin1.txt"], "");
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    assert!(
        out.contains("latin1.txt:4:16: error[invalid-utf8]"),
        "{out}"
    );
    assert!(!out.contains("not-text"), "{out}");
}

//! `qmpgen … | head -1`: when the reader of stdout goes away, every command stops quietly (no
//! "Broken pipe" message, no panic) and exits by its verdict, as `grep` or `rg` do in a pipe.

use std::path::Path;
use std::process::Command;

#[test]
fn every_command_exits_by_its_verdict_when_stdout_is_closed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = root.join("spec/qmp-events.txt");
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("older.txt");
    let text = std::fs::read_to_string(&spec).unwrap();
    // Without its first event: a difference (exit 1).
    let cut = text.find("\nRESET\n").expect("the bundled spec has RESET");
    std::fs::write(&older, &text[cut + 1..]).unwrap();
    let cases: [(&[&str], i32); 6] = [
        (&["schema", "--format", "json"], 0),
        (&["schema"], 0),
        (&["generate"], 0),
        (&["fmt"], 0),
        (&["check", "--format", "json"], 0),
        (&["diff", "--docs", older.to_str().unwrap()], 1),
    ];
    for (args, code) in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_qmpgen"))
            .args(args)
            .arg(&spec)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

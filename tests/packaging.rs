//! The real documents in `tests/data/` are QEMU's text (GPL-2.0-or-later), kept as test data
//! only: no crate of the workspace ships them, nor the test inputs made from them. Seen from
//! `cargo package --list`, which prints what a published crate would hold.

use assert_cmd::Command;

/// What `cargo package` would put in `package`'s crate, one path a line.
fn shipped(package: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--offline",
            "--allow-dirty",
            "--package",
            package,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success();
    String::from_utf8(output.get_output().stdout.clone())
        .expect("cargo writes UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_crate_ships_the_real_documents() {
    for package in ["qmp-events", "qmp-events-runtime", "qmpgen"] {
        let files = shipped(package);
        assert!(
            files.iter().any(|file| file == "Cargo.toml"),
            "{package}: {files:?}"
        );
        let test_data: Vec<&String> = files
            .iter()
            .filter(|file| {
                file.starts_with("tests/data/")
                    || file.starts_with("tests/fixtures/fuzz/")
                    || file.starts_with("tests/fixtures/mutated-")
            })
            .collect();
        assert!(test_data.is_empty(), "{package} ships {test_data:?}");
    }
    // The bindings crate still ships its own bundled document and its generated code.
    let bindings = shipped("qmp-events");
    for file in ["spec/qmp-events.txt", "generated/qmp_events.rs", "build.rs"] {
        assert!(bindings.iter().any(|shipped| shipped == file), "{file}");
    }
}

/// A packaged `qmp-events` has no history (test data, never shipped), so its build script
/// generates the bindings without it: the same code as `generated/qmp_events.rs` but for the
/// "Since QEMU X.Y." paragraphs the history gives.
#[test]
fn the_packaged_crate_builds_its_bindings_without_the_history() {
    let bindings = shipped("qmp-events");
    assert!(
        !bindings
            .iter()
            .any(|file| file.starts_with("tests/data/qmp-events-history")),
        "{bindings:?}"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    // What build.rs does when tests/data/qmp-events-history is absent.
    let path = qmpgen::Builder::new()
        .spec(root.join("spec/qmp-events.txt"))
        .crate_root(root)
        .out_dir(out.path())
        .spec_env(false)
        .cargo_instructions(false)
        .generate()
        .expect("the bundled spec generates without a history");
    let without = std::fs::read_to_string(path).unwrap();
    let with = std::fs::read_to_string(root.join("generated/qmp_events.rs")).unwrap();
    let mut stripped = Vec::new();
    let mut lines = with.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("/// Since QEMU ") {
            // The paragraph's blank doc line after it goes with it.
            assert_eq!(lines.next().map(str::trim), Some("///"));
            continue;
        }
        stripped.push(line);
    }
    assert_ne!(with, without);
    assert_eq!(stripped.join("\n") + "\n", without);
}

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

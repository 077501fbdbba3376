//! What a build script that generates bindings compiles: `qmpgen` without default features and
//! with `codegen` is the parser, the model and the code generator, and nothing of the lint, diff or CLI. Every
//! crate in this set is compiled for the host in every cold build of the bindings crate (and of
//! any crate that generates its own with `qmpgen::Builder`), so a crate added to it is a cost to
//! every user: BENCHMARKS.md, build cost, measures it. Seen from cargo's own resolution of the
//! workspace's lock file.

use std::collections::BTreeSet;

use assert_cmd::Command;

/// The crates `qmpgen --no-default-features --features codegen` depends on, as `cargo tree` names
/// them.
fn build_script_crates() -> BTreeSet<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--locked",
            "--package",
            "qmpgen",
            "--no-default-features",
            "--features",
            "codegen",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--manifest-path",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"),
        ])
        .assert()
        .success();
    String::from_utf8(output.get_output().stdout.clone())
        .expect("cargo tree writes UTF-8")
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "qmpgen")
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_build_script_compiles_the_parser_and_generator_crates_only() {
    let crates = build_script_crates();
    let expected: BTreeSet<String> = [
        // The parser.
        "nom",
        "memchr",
        // The code generator.
        "proc-macro2",
        "quote",
        "syn",
        "unicode-ident",
        "prettyplease",
        // A broken document's diagnostics, rendered with the source line.
        "annotate-snippets",
        "anstyle",
        "unicode-width",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(
        crates, expected,
        "the crates a build script compiles changed: measure the cold build again \
         (benches/build-cost.sh) and update this list and BENCHMARKS.md; serde, serde_json and \
         the CLI's crates belong behind the `analysis` and `cli` features"
    );
}

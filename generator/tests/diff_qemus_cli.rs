//! `qmpgen diff` between two QEMUs, as a user runs it: QEMU 7.2's introspection against QEMU
//! 10.0's (both ways), against the 7.2 QAPI source it was built from (both ways), and QEMU
//! 10.0's against the 9.1 source (both ways). Types are
//! matched by structure (introspection masks their names); an introspection's `int` states no
//! width, so it is no change against the source's `uint64` or `size`.

use std::path::Path;

use assert_cmd::Command;

const QEMU_7_2: &str = "tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json";
const QEMU_10_0: &str = "tests/data/qapi-schemas/introspection/qemu-10.0-x86_64.json";
const SOURCE_7_2: &str = "tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json";
const SOURCE_9_1: &str = "tests/data/qapi-schemas/qapi-qmp-0.15.0/qapi/qapi-schema.json";

/// `qmpgen diff ARGS…` run from the workspace's root (so that the paths it prints are the
/// README's), without colour: exit code and standard output.
fn diff(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("qmpgen")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env("NO_COLOR", "1")
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn qemu_7_2_to_10_0() {
    let (code, stdout) = diff(&[QEMU_7_2, QEMU_10_0]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("qemu_7_2_to_10_0", stdout);
    // Two events went away: breaking.
    assert_eq!(diff(&[QEMU_7_2, QEMU_10_0, "--fail-on", "breaking"]).0, 1);
}

#[test]
fn qemu_7_2_to_10_0_as_json() {
    let (code, stdout) = diff(&[QEMU_7_2, QEMU_10_0, "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!("qemu_7_2_to_10_0_json", json);
}

#[test]
fn qemu_10_0_to_7_2() {
    let (code, stdout) = diff(&[QEMU_10_0, QEMU_7_2]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("qemu_10_0_to_7_2", stdout);
}

/// QEMU 7.2's own answer has every event, member, value and union branch of its source that
/// its events reach (the Debian build has SPICE and VNC, the only conditions on them), and
/// integers whose width it does not state: no difference at all, either way.
#[test]
fn qemu_7_2_against_its_source_has_no_difference() {
    for (old, new) in [(SOURCE_7_2, QEMU_7_2), (QEMU_7_2, SOURCE_7_2)] {
        assert_eq!(diff(&[old, new]), (0, "no differences\n".to_owned()));
        let (code, json) = diff(&[old, new, "--format", "json"]);
        assert_eq!(code, 0);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).unwrap(),
            serde_json::json!({ "changes": [] })
        );
    }
}

/// QEMU 10.0 as Debian builds it for x86_64, against the QAPI source of 9.1: what 10.0 added
/// (BLOCK_IO_ERROR's `qom-path`, the vhost-user netdev events), and what the build's `if`
/// dropped: CPU_POLARIZATION_CHANGE is `'if': { 'all': [ 'TARGET_S390X', 'CONFIG_KVM' ] }`.
#[test]
fn qemu_10_0_against_the_9_1_source() {
    let (code, stdout) = diff(&[SOURCE_9_1, QEMU_10_0]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("source_9_1_to_qemu_10_0", stdout);
    let (code, stdout) = diff(&[QEMU_10_0, SOURCE_9_1]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("qemu_10_0_to_source_9_1", stdout);
}

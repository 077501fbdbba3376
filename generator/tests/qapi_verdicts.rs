//! QEMU's verdicts: every real schema of the test data reads without an error.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use qmpgen::qapi::ast::SourceFile;
use qmpgen::qapi::check::check;
use qmpgen::qapi::load::load;
use qmpgen::qapi::report::{Finding, headline};

/// Every finding of reading and checking the schema at `path`: the loader's warnings and its
/// error (QEMU stops there: nothing is checked then), or the checks' findings.
fn findings(path: &Path) -> (Vec<SourceFile>, Vec<Finding>) {
    let loaded = load(path);
    let mut findings = loaded.warnings;
    match loaded.error {
        Some(error) => findings.push(error),
        None => findings.extend(check(&loaded.program)),
    }
    (loaded.program.files, findings)
}

#[test]
fn every_real_schema_checks_without_an_error() {
    let mut errors = Vec::new();
    for schema in common::qapi_schemas() {
        let (files, findings) = findings(&common::qapi_dir().join(&schema.file));
        errors.extend(
            findings
                .iter()
                .filter(|finding| finding.is_error())
                .map(|finding| headline(&files, finding)),
        );
        let mut warnings: BTreeMap<&str, usize> = BTreeMap::new();
        for finding in findings.iter().filter(|finding| !finding.is_error()) {
            *warnings
                .entry(finding.diagnostic.code.as_str())
                .or_default() += 1;
        }
        println!("{}: warnings {warnings:?}", schema.file);
        for finding in &findings {
            if std::env::var("SHOW").is_ok_and(|code| finding.diagnostic.code == code) {
                println!("  {}", headline(&files, finding));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

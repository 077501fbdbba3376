//! QEMU's verdicts: QEMU's own test suite gets QEMU's accept/reject verdict, and its rejected
//! cases an error at QEMU's place (file and line, and column where QEMU gives one); every real
//! schema of the test data reads without an error.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use qmpgen::qapi::ast::SourceFile;
use qmpgen::qapi::check::check;
use qmpgen::qapi::doc::read_program;
use qmpgen::qapi::load::load;
use qmpgen::qapi::report::{Finding, headline};

/// Every finding of reading and checking the schema at `path`: the loader's warnings and its
/// error (QEMU stops there: nothing is checked then), or the doc reader's and the checks'
/// findings.
fn findings(path: &Path) -> (Vec<SourceFile>, Vec<Finding>) {
    let loaded = load(path);
    let mut findings = loaded.warnings;
    match loaded.error {
        Some(error) => findings.push(error),
        None => {
            let docs = read_program(&loaded.program);
            findings.extend(docs.iter().flat_map(|doc| doc.findings.iter().cloned()));
            findings.extend(check(&loaded.program, &docs));
        }
    }
    (loaded.program.files, findings)
}

/// QEMU's place of a message's last line: `FILE:LINE:` or `FILE:LINE:COL:`.
fn qemu_place(err: &str) -> Option<(String, u32, Option<u32>)> {
    let last = err.lines().last()?;
    let (place, _) = last.split_once(": ")?;
    let mut parts = place.rsplitn(3, ':');
    let last_number: u32 = parts.next()?.parse().ok()?;
    let before = parts.next()?;
    match before.parse::<u32>() {
        Ok(line) => Some((parts.next()?.to_owned(), line, Some(last_number))),
        Err(_) => {
            let file = match parts.next() {
                Some(rest) => format!("{rest}:{before}"),
                None => before.to_owned(),
            };
            Some((file, last_number, None))
        }
    }
}

/// Whether `finding` is an error at QEMU's place.
fn at_place(files: &[SourceFile], finding: &Finding, place: &(String, u32, Option<u32>)) -> bool {
    let (file, line, column) = place;
    let span = finding.diagnostic.span;
    finding.is_error()
        && files[finding.file as usize].name == *file
        && span.line == *line
        && column.is_none_or(|column| span.column == column)
}

#[test]
fn qemus_verdicts_are_met() {
    let cases = common::qapi_suite();
    let (mut verdicts_met, mut rejected, mut placed) = (0, 0, 0);
    let mut misses = Vec::new();
    for case in &cases {
        let (files, findings) = findings(&case.path);
        let errors: Vec<String> = findings
            .iter()
            .filter(|finding| finding.is_error())
            .map(|finding| headline(&files, finding))
            .collect();
        let qemu = case.err.lines().last().unwrap_or_default();
        if errors.is_empty() == case.accepted {
            verdicts_met += 1;
        } else if case.accepted {
            misses.push(format!(
                "{}: QEMU accepts it; we say {}",
                case.name, errors[0]
            ));
        } else {
            misses.push(format!("{}: QEMU says {qemu}; we give no error", case.name));
        }
        if case.accepted {
            continue;
        }
        rejected += 1;
        let place = qemu_place(&case.err).expect("QEMU's message names its place");
        if findings
            .iter()
            .any(|finding| at_place(&files, finding, &place))
        {
            placed += 1;
        } else if !errors.is_empty() {
            misses.push(format!(
                "{}: QEMU says {qemu}; we say {}",
                case.name,
                errors.join(" / ")
            ));
        }
    }
    let verdict_share = verdicts_met as f64 / cases.len() as f64;
    let placed_share = placed as f64 / rejected as f64;
    println!(
        "verdicts met: {verdicts_met}/{} ({:.1} %); rejected cases with an error at QEMU's \
         place: {placed}/{rejected} ({:.1} %)",
        cases.len(),
        verdict_share * 100.0,
        placed_share * 100.0
    );
    for miss in &misses {
        println!("miss: {miss}");
    }
    assert!(verdict_share >= 0.9, "verdicts met: {verdict_share:.3}");
    assert!(
        placed_share >= 0.9,
        "rejected cases placed: {placed_share:.3}"
    );
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
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

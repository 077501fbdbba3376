//! The lint judges examples with the validators' own walk over tables built at run time from the
//! document; the bindings judge with the tables generated from it. On every example of every
//! version that names its own event, the lint's findings are the generated validators' strict
//! violations, kind for kind (`example-` and the kind; undocumented data of an event without
//! data is `data-none-with-example-data`), each on the example's lines.

use std::path::Path;

use qmp_events::{Mode, ViolationKind};
use qmp_events_conformance::VERSIONS;

#[test]
fn the_lint_and_the_generated_validators_agree_on_every_example() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history");
    let mut compared = 0;
    let mut with_findings = 0;
    for version in VERSIONS {
        let bytes = std::fs::read(history.join(version.file)).expect("the build script read it");
        let parsed = qmpgen::text::parse::parse_bytes(&bytes);
        let found = qmpgen::check::check(&parsed.spec, &parsed.diagnostics);
        let schema = qmpgen::text::lower::lower(&parsed.spec, version.file);
        let mut seen = Vec::new();
        for event in &schema.events {
            for example in &event.doc.examples {
                if seen.contains(&example.span()) {
                    continue;
                }
                seen.push(example.span());
                let named = serde_json::from_str::<serde_json::Value>(&example.text)
                    .ok()
                    .and_then(|json| json["event"].as_str().map(str::to_owned));
                if named.as_deref() != Some(event.name.as_str()) {
                    continue;
                }
                let mut generated: Vec<String> = (version.validate)(&example.text, Mode::Strict)
                    .violations
                    .iter()
                    .map(|violation| {
                        if violation.kind == ViolationKind::UndocumentedField
                            && violation.path.starts_with("/data/")
                            && event.data.is_none()
                        {
                            "data-none-with-example-data".to_owned()
                        } else {
                            format!("example-{}", violation.kind.as_str())
                        }
                    })
                    .collect();
                let first = example.span().line;
                let last = first + example.text.lines().count() as u32;
                let mut linted: Vec<String> = found
                    .iter()
                    .filter(|finding| (first..last).contains(&finding.span.line))
                    .filter(|finding| {
                        finding.code.starts_with("example-")
                            || finding.code == "data-none-with-example-data"
                    })
                    .map(|finding| finding.code.clone())
                    .collect();
                generated.sort();
                linted.sort();
                assert_eq!(
                    generated, linted,
                    "{} {} example at line {first}: generated validators vs lint",
                    version.file, event.name
                );
                compared += 1;
                with_findings += usize::from(!generated.is_empty());
            }
        }
    }
    // Most examples of the 113 versions, and a good share of them with findings, so that
    // agreement is not agreement on nothing.
    assert!(compared > 2000, "compared {compared} examples");
    assert!(
        with_findings > 150,
        "{with_findings} examples with findings"
    );
    println!("{compared} examples compared, {with_findings} with findings");
}

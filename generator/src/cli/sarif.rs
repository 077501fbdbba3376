//! `qmpgen check --format sarif`: the findings as SARIF 2.1.0, for code-scanning services.
//!
//! One run; `tool.driver` is qmpgen with its version and one rule per lint code, described by
//! the README's "Lint codes" table (`qmpgen::check::rules`); one result per finding, located by
//! the document's path (a relative URI reference as given, or a `file://` URI when absolute) and
//! a region in Unicode code points, as the diagnostics count columns. Built as `serde_json`
//! values: the output is one small object, and the SARIF crates' typed builders bring more
//! than they save here.

use std::path::Path;

use qmpgen::check::rules::{self, Rule};
use qmpgen::diagnostics::Diagnostic;
use qmpgen::qapi::report::Finding;
use serde_json::{Value, json};

use super::input::Document;

/// The schema the output follows (OASIS SARIF 2.1.0, errata 01).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of the findings (`found[i]` about `documents[i]`).
pub fn log(documents: &[Document], found: &[Vec<Finding>]) -> Value {
    let rules = rules::rules();
    let results: Vec<Value> = documents
        .iter()
        .zip(found)
        .flat_map(|(document, found)| {
            found
                .iter()
                .map(move |finding| result(document, finding, rules))
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "qmpgen",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn rule(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.meaning },
        "help": { "text": rule.meaning, "markdown": rule.meaning },
        "defaultConfiguration": { "level": rule.severity.as_str() },
    })
}

fn result(document: &Document, finding: &Finding, rules: &[Rule]) -> Value {
    let diagnostic = &finding.diagnostic;
    let file = document.files().get(finding.file as usize);
    let name = file.map_or(document.name.as_str(), |file| file.name.as_str());
    let text = file.map_or("", |file| file.text.as_str());
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": diagnostic.severity.as_str(),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(Path::new(name)) },
                "region": region(text, diagnostic),
            }
        }],
    });
    if let Some(index) = rules.iter().position(|rule| rule.code == diagnostic.code) {
        result["ruleIndex"] = json!(index);
    }
    result
}

/// The finding's place: its start, and its end where the span is on a line of the text (the
/// end column is the one after the last marked character, as SARIF counts it; a span just past
/// the line's end, such as a missing `,`, is an empty region there: an insertion point).
fn region(text: &str, diagnostic: &Diagnostic) -> Value {
    let (line, column) = (diagnostic.span.line, diagnostic.span.column);
    let mut region = json!({ "startLine": line.max(1), "startColumn": column.max(1) });
    let source_line = text
        .split('\n')
        .nth(line.saturating_sub(1) as usize)
        .map(|source| source.strip_suffix('\r').unwrap_or(source));
    if let Some(source) = source_line {
        // A length of 0 marks the rest of the line; any length is clipped to the line.
        let line_end = source.chars().count() as u32 + 1;
        let end = match diagnostic.len {
            0 => line_end,
            len => (column + len).min(line_end),
        };
        if (1..=line_end).contains(&column) {
            region["endLine"] = json!(line);
            region["endColumn"] = json!(end);
        }
    }
    region
}

/// A URI reference for a path: relative as given (with `/` separators), `file://` when
/// absolute; bytes other than unreserved ones and `/` percent-encoded.
fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri(Path::new("docs/qmp events.txt")),
            "docs/qmp%20events.txt"
        );
        assert_eq!(uri(Path::new("/tmp/a#b.txt")), "file:///tmp/a%23b.txt");
    }
}

//! The lint: `qmpgen check` finds the document's own mistakes.
//!
//! [`check`] runs every rule over a parsed document and returns the findings, the parser's own
//! included, in document order. One module per rule family:
//! [`examples`] judges every example against its own event with the validators' own walk (the
//! one rule engine, over the schema's run-time tables);
//! [`docs`] finds what a QAPI schema's doc comments leave out;
//! [`crate::text::lint`] judges how the document is written (underlines, duplicates, annotations,
//! `Data: None.`, order). [`rules`] lists the codes as the README documents them; [`levels`]
//! applies a run's `--allow`/`--warn`/`--deny` settings to the findings.

pub mod docs;
pub mod examples;
pub mod levels;
pub mod rules;

use crate::diagnostics::Diagnostic;
use crate::document::{Contents, Document};
use crate::model::Schema;
use crate::qapi::report::Finding;
use crate::text::model::Spec;

/// Every finding about a document, each in its file: for the text, [`check`]; for a QAPI
/// schema, what the loader found (in reading order), then what [`check_schema`] finds, by file
/// and place.
pub fn check_document(document: &Document) -> Vec<Finding> {
    match &document.contents {
        Contents::Text { parsed, .. } => check(&parsed.spec, &parsed.diagnostics)
            .into_iter()
            .map(Finding::from)
            .collect(),
        Contents::Qapi { .. } | Contents::Introspection { .. } => {
            let mut found = document.all_findings();
            let mut meaning: Vec<Finding> = check_schema(&document.schema())
                .into_iter()
                .map(Finding::from)
                .collect();
            meaning.sort_by_key(|finding| (finding.file, finding.diagnostic.span));
            found.extend(meaning);
            found
        }
    }
}

/// Every finding about a text document: the parser's diagnostics (`parse_diagnostics`, text it
/// could not fit and the like), the text's own rules ([`crate::text::lint`]) and those of what it
/// means ([`check_schema`]), sorted by position (stable: equal positions keep the order in which
/// the rules found them).
pub fn check(spec: &Spec, parse_diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = parse_diagnostics.to_vec();
    crate::text::lint::lint(spec, &mut out);
    out.extend(check_schema(&crate::text::lower::lower(spec, "")));
    out.sort_by_key(|diagnostic| diagnostic.span);
    out
}

/// The findings about what a schema means, whatever its format: its examples judged by the
/// validators' own walk over its run-time tables, and what a doc comment schema's
/// documentation leaves out ([`docs`]).
pub fn check_schema(schema: &Schema) -> Vec<Diagnostic> {
    let tables = crate::tables::runtime_schema(schema);
    let mut out = Vec::new();
    examples::check(schema, &tables, &mut out);
    docs::check(schema, &mut out);
    out
}

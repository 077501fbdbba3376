//! The QAPI front end: QEMU's schema (`qapi-schema.json` and the files it includes, QEMU 2.1 on)
//! read into the shared [`crate::model`].
//!
//! - [`ast`]: the syntax tree, lossless (every expression, key, value and doc comment line with
//!   its file, line and column).
//! - [`lex`] and [`parse`]: the nom lexer and parser of one file; [`load`]: a schema with its
//!   includes and pragmas.
//! - [`doc`]: the `##` doc comment blocks into their parts (symbol, description, members,
//!   features, sections, examples), with QEMU's findings about a block alone.
//! - [`check`]: QEMU's semantic checks (its verdicts, at its lines); [`verdicts`] runs them
//!   with the doc reader's.
//! - [`lower`]: the tree into the model.
//! - [`report`]: findings in their files, rendered with the chain of includes.

pub mod ast;
pub mod check;
pub mod doc;
pub mod lex;
pub mod load;
pub mod lower;
pub mod parse;
pub mod report;

/// QEMU's verdicts on a schema that loaded: what the doc reader finds in each doc block and
/// what the semantic checks find, ordered by file (in reading order) and place.
pub fn verdicts(program: &ast::Program) -> Vec<report::Finding> {
    let docs = doc::read_program(program);
    let mut found: Vec<report::Finding> = docs
        .iter()
        .flat_map(|doc| doc.findings.iter().cloned())
        .collect();
    found.extend(check::check(program, &docs));
    found.sort_by_key(|finding| (finding.file, finding.diagnostic.span));
    found
}

//! The QAPI front end: QEMU's schema (`qapi-schema.json` and the files it includes, QEMU 2.1 on)
//! read into the shared [`crate::model`].
//!
//! - [`ast`]: the syntax tree, lossless (every expression, key, value and doc comment line with
//!   its file, line and column).
//! - `parse`: the nom lexer and parser of one file; `load`: a schema with its includes.
//! - [`doc`]: the `##` doc comment blocks into their parts (symbol, description, members,
//!   features, sections, examples), with QEMU's findings about a block alone.
//! - `check`: QEMU's semantic checks (its verdicts, at its lines).
//! - `lower`: the tree into the model.

pub mod ast;
pub mod doc;
pub mod lex;
pub mod load;
pub mod parse;
pub mod report;

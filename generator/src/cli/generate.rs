//! `qmpgen generate FILE [-o OUT] [--target rust|json-schema] [--history FOLDER]`: the Rust
//! bindings for a document, or the JSON Schema of its messages (`-` as FILE is stdin, as OUT
//! stdout). With `--history`, items the document gives no `Since:` get the release of the first
//! version of the history that documents them (as `qmpgen::Builder::history`).
//!
//! The output names the document relative to the current directory when it lies inside it
//! (`spec/qmp-events.txt`), else by its file name, so that it is the same on every machine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use qmpgen::builder::{read_history, write_if_different};
use qmpgen::codegen::{DocRef, generate};
use qmpgen::json_schema::json_schema;

use super::input::{Trouble, is_stdio, load, report_parse};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The document (a version of qmp-events.txt, a QAPI schema: `qapi-schema.json`, with the
    /// files it includes, or a QEMU's introspection: its `query-qmp-schema` answer), or `-` for
    /// standard input.
    file: PathBuf,
    /// Write the output to this file instead of standard output (only when the document has no
    /// errors; the file is left alone when it already holds exactly this output). `-` is
    /// standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// What to generate.
    #[arg(long, value_enum, default_value_t = Target::Rust)]
    target: Target,
    /// A history folder (INDEX.tsv with `file` and `qemu_release`): since when QEMU has each
    /// item the document does not say, from the first version that documents it.
    #[arg(long, value_name = "FOLDER")]
    history: Option<PathBuf>,
}

/// The languages `generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    /// Rust types and the QMP wire format, for the `qmp-events` crate.
    Rust,
    /// One JSON Schema (draft 2020-12) describing every message of the document, for validators
    /// in any language.
    JsonSchema,
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, Trouble> {
    let document = load(&args.file)?;
    report_parse(&document);
    if document.has_errors() {
        return Ok(ExitCode::from(1));
    }
    let root = std::env::current_dir().unwrap_or_default();
    // A document from stdin is named as its diagnostics name it.
    let doc = if is_stdio(&args.file) {
        DocRef::new(&document.name)
    } else {
        DocRef::for_path(&args.file, &root)
    };
    let mut schema = document.schema_named(doc.file());
    if let Some(folder) = &args.history {
        match read_history(folder, |_| {}) {
            Ok(firsts) => firsts.fill(&mut schema),
            Err(error) => {
                anstream::eprintln!("qmpgen: {error}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let code = match args.target {
        Target::Rust => generate(&schema, &doc),
        Target::JsonSchema => schema_text(&schema),
    };
    match &args.output {
        Some(path) if !is_stdio(path) => write_if_different(path, &code)
            .map_err(|error| Trouble::Output(format!("{}: {error}", path.display())))?,
        _ => anstream::print!("{code}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON Schema as text: pretty-printed (serde_json's maps keep keys sorted, so the text is
/// deterministic), ending with a newline.
fn schema_text(schema: &qmpgen::model::Schema) -> String {
    format!("{:#}\n", json_schema(schema))
}

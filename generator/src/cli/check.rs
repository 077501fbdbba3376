//! `qmpgen check FILE... [--format text|json|sarif] [--allow|--warn|--deny CODE]...`: the lint.
//!
//! Text for people on stdout: every finding as `FILE:LINE:COL: severity[code]: message` with the
//! source line marked, a summary line per file, and a total when several files were checked.
//! `--format json`: `{"diagnostics": [{"file", "line", "column", "severity", "code", "event",
//! "message"}]}`; `--format sarif`: SARIF 2.1.0 ([`super::sarif`]). The lint levels drop or
//! re-grade findings before any output is made. Exit 1 when any file has an error (after the
//! levels), else 0; 2 when a file cannot be read (the others are still checked and reported) or
//! a flag names an unknown code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use qmp_events_runtime::Count;
use qmpgen::qapi::report::Finding;
use serde::Serialize;

use super::exit_code;
use super::input::{Document, Trouble, count, load_all};
use super::lint_levels::LintLevels;
use super::sarif;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The documents (versions of qmp-events.txt, QAPI schemas or QEMUs' introspection); `-` is standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// `text` (for people), `json` (`{"diagnostics": [...]}`, for tools) or `sarif` (SARIF
    /// 2.1.0, for code-scanning services).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    #[command(flatten)]
    levels: LintLevels,
}

/// The output formats of the lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// For people.
    Text,
    /// For tools: a stable JSON object.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// One finding in the JSON output: a stable contract.
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    severity: &'static str,
    code: &'a str,
    event: Option<&'a str>,
    message: &'a str,
}

#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, Trouble> {
    // An unreadable file is reported and the others still checked; it makes the exit code 2.
    let (documents, unreadable) = load_all(&args.files)?;
    let found: Vec<Vec<Finding>> = documents
        .iter()
        .map(|document| {
            qmpgen::check::check_document(document)
                .into_iter()
                .filter_map(|finding| args.levels.0.grade(*finding.diagnostic))
                .map(Finding::from)
                .collect()
        })
        .collect();
    let out = match args.format {
        CheckFormat::Json => json(&documents, &found)?,
        CheckFormat::Sarif => pretty(&sarif::log(&documents, &found))?,
        CheckFormat::Text => text(&documents, &found, color_on_stdout()),
    };
    anstream::print!("{out}");
    let failed = found.iter().flatten().any(Finding::is_error);
    Ok(exit_code(unreadable, failed))
}

fn json(documents: &[Document], found: &[Vec<Finding>]) -> Result<String, Trouble> {
    let diagnostics = documents
        .iter()
        .zip(found)
        .flat_map(|(document, found)| {
            found
                .iter()
                .map(|Finding { file, diagnostic }| JsonDiagnostic {
                    file: file_name(document, *file),
                    line: diagnostic.span.line,
                    column: diagnostic.span.column,
                    severity: diagnostic.severity.as_str(),
                    code: &diagnostic.code,
                    event: diagnostic.event.as_deref(),
                    message: &diagnostic.message,
                })
        })
        .collect();
    pretty(&JsonReport { diagnostics })
}

/// Pretty-printed JSON, ending with a newline.
fn pretty(value: &impl Serialize) -> Result<String, Trouble> {
    let mut out =
        serde_json::to_string_pretty(value).map_err(|error| Trouble::Output(error.to_string()))?;
    out.push('\n');
    Ok(out)
}

/// The findings for people: each file's diagnostics and summary line, then a total over several
/// files.
pub fn text(documents: &[Document], found: &[Vec<Finding>], color: bool) -> String {
    let mut out = String::new();
    let (mut all_errors, mut all_warnings) = (0, 0);
    for (document, found) in documents.iter().zip(found) {
        out.push_str(&document.render(found, color));
        let (errors, warnings) = count(found);
        all_errors += errors;
        all_warnings += warnings;
        out.push_str(&summary(&document.name, errors, warnings));
    }
    if documents.len() > 1 {
        let files = Count::new(documents.len(), "file").to_string();
        out.push_str(&summary(&files, all_errors, all_warnings));
    }
    out
}

/// How findings name the file `file` of `document` (one of a QAPI schema's includes, or its
/// main file).
pub fn file_name(document: &Document, file: u32) -> &str {
    document
        .files()
        .get(file as usize)
        .map_or(document.name.as_str(), |source| source.name.as_str())
}

fn summary(what: &str, errors: usize, warnings: usize) -> String {
    format!(
        "{what}: {}, {}\n",
        Count::new(errors, "error"),
        Count::new(warnings, "warning")
    )
}

/// Whether stdout wants colour: a terminal, and `NO_COLOR` unset (anstream's rules).
fn color_on_stdout() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

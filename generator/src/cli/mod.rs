//! The subcommands of `qmpgen`, one module each, and what they share: reading documents and
//! printing diagnostics.

mod check;
mod diff;
mod fmt;
mod generate;
mod history;
mod input;
mod lint_levels;
mod sarif;
mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use input::Trouble;

/// Reads QEMU's qmp-events.txt or its QAPI schema into a schema model, and shows, generates,
/// diffs and checks it.
#[derive(Debug, Parser)]
#[command(name = "qmpgen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the schema model of a document (exit 1 if the document has errors).
    Schema(schema::SchemaArgs),
    /// Compare two versions of a document: what changed, and whether it breaks clients.
    ///
    /// Exit 0 without differences, 1 with differences (with `--fail-on breaking`: with breaking
    /// ones), 2 on trouble.
    Diff(diff::DiffArgs),
    /// The timeline of many versions in any formats: when each event and field is documented,
    /// since when (as documented and as derived), and each change.
    ///
    /// Exit 0, 1 when an `--event` is documented by no version (or with `--fail-on breaking`, a
    /// breaking change), 2 on trouble.
    History(history::HistoryArgs),
    /// Generate the Rust bindings of a document, or with `--target json-schema` the JSON Schema
    /// of its messages (exit 1 if the document has errors).
    Generate(generate::GenerateArgs),
    /// Print a document in canonical text; `--check` prints a unified diff of what would change
    /// (exit 1 when anything would), `--write` rewrites the files that change.
    Fmt(fmt::FmtArgs),
    /// Lint documents: examples against their schema, headings, fields (exit 1 on an error).
    Check(check::CheckArgs),
}

/// Output formats shared by the subcommands that print a model or findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For tools: a stable JSON object.
    Json,
}

/// Output formats of the subcommands that report changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// For tools: a stable JSON object.
    Json,
    /// For a pull-request comment.
    Markdown,
}

/// The exit code contract (see the README): 2 when there was trouble (a file that could not be
/// read, output that could not be written), else 1 with findings, else 0.
pub fn exit_code(trouble: bool, findings: bool) -> ExitCode {
    if trouble {
        ExitCode::from(2)
    } else if findings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Trouble> {
    match cli.command {
        Command::Schema(args) => schema::run(args),
        Command::Diff(args) => diff::run(args),
        Command::History(args) => history::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Check(args) => check::run(args),
    }
}

//! `qmpgen fmt FILE... [--check | --write]`: documents in their canonical text.
//!
//! As rustfmt does: by default the canonical text goes to stdout (one file); `--check` prints a
//! unified diff of what would change and exits 1 when anything would; `--write` rewrites the
//! files that change. A file that cannot be formatted faithfully (parser errors, or text whose
//! canonical form would read back differently) is refused with its diagnostics and exit 1; an
//! unreadable one, or a QAPI schema (which has no canonical text here), is reported, the others
//! still formatted, and the exit code is 2.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use qmpgen::builder::write_if_different;
use qmpgen::diagnostics::{Diagnostic, codes};
use qmpgen::document::Contents;
use qmpgen::qapi::report::Finding;
use qmpgen::text::parse::Parsed;
use qmpgen::text::print::canonical;
use similar::TextDiff;

use super::exit_code;
use super::input::{
    Document, Trouble, color_on_stderr, is_stdio, load_reported, report_parse, stdin_at_most_once,
};

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The documents (versions of qmp-events.txt); `-` is standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print a unified diff of what `fmt` would change, and exit 1 when a file is not in
    /// canonical form (nothing is printed for a canonical file).
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Rewrite the files in place, only those whose canonical text differs (stdin's canonical
    /// text goes to stdout).
    #[arg(long)]
    write: bool,
}

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Already canonical, printed, or rewritten.
    Done,
    /// `--check`: not in canonical form (its diff was printed).
    Differs,
    /// Not formatted: errors, or its canonical text would change its meaning.
    Refused,
}

/// Lines of context around each change in `--check`'s diff (diff(1)'s default).
const DIFF_CONTEXT: usize = 3;

pub fn run(args: FmtArgs) -> Result<ExitCode, Trouble> {
    if args.files.len() > 1 && !args.check && !args.write {
        anstream::eprintln!(
            "qmpgen: fmt prints one document to stdout; give --check or --write for several"
        );
        return Ok(ExitCode::from(2));
    }
    stdin_at_most_once(&args.files)?;
    let mut unreadable = false;
    let mut findings = false;
    for path in &args.files {
        let Some(document) = load_reported(path) else {
            unreadable = true;
            continue;
        };
        match format(&document, path, &args) {
            Ok(Outcome::Done) => {}
            Ok(Outcome::Differs | Outcome::Refused) => findings = true,
            Err(trouble) => {
                anstream::eprintln!("qmpgen: {trouble}");
                unreadable = true;
            }
        }
    }
    Ok(exit_code(unreadable, findings))
}

/// Formats one document as the flags ask.
fn format(document: &Document, path: &Path, args: &FmtArgs) -> Result<Outcome, Trouble> {
    // The canonical form is the text document's; a QAPI schema has QEMU's own style.
    let Contents::Text { file, parsed } = &document.contents else {
        return Err(Trouble::Unsupported(format!(
            "{}: fmt writes qmp-events.txt documents; this is {}",
            document.name,
            match document.format() {
                qmpgen::model::Format::Introspection => "a QEMU's introspection",
                _ => "a QAPI schema",
            }
        )));
    };
    let Some(canonical) = canonical_or_refuse(document, parsed) else {
        return Ok(Outcome::Refused);
    };
    let canonical = with_line_ends_of(&file.text, canonical);
    if args.check {
        if canonical == file.text {
            return Ok(Outcome::Done);
        }
        let diff = TextDiff::from_lines(file.text.as_str(), canonical.as_str())
            .unified_diff()
            .context_radius(DIFF_CONTEXT)
            .header(&document.name, &document.name)
            .to_string();
        write_stdout(&diff)?;
        return Ok(Outcome::Differs);
    }
    if args.write && !is_stdio(path) {
        write_if_different(path, &canonical)
            .map_err(|error| Trouble::Output(format!("{}: {error}", document.name)))?;
        return Ok(Outcome::Done);
    }
    write_stdout(&canonical)?;
    Ok(Outcome::Done)
}

/// The canonical text with the document's line ends: CRLF when its first line ends so, as
/// rustfmt keeps a file's newline style (the parser reads both alike).
fn with_line_ends_of(original: &str, canonical: String) -> String {
    let crlf = original
        .find('\n')
        .is_some_and(|at| original[..at].ends_with('\r'));
    if crlf {
        canonical.replace('\n', "\r\n")
    } else {
        canonical
    }
}

/// The canonical text of a document, or `None` after reporting why it cannot be written: the
/// parser's errors (text it could not fit would be lost), or the first part whose canonical text
/// would read back differently. The parser's diagnostics are shown only then, as the reason.
fn canonical_or_refuse(document: &Document, parsed: &Parsed) -> Option<String> {
    if parsed.has_errors() {
        report_parse(document);
        anstream::eprintln!("{}: not formatted: the document has errors", document.name);
        return None;
    }
    match canonical(&parsed.spec) {
        Ok(text) => Some(text),
        Err(changed) => {
            report_parse(document);
            let refusal = Finding::from(
                Diagnostic::error(
                    codes::UNPRINTABLE,
                    changed.span,
                    format!(
                        "{} cannot be written in canonical form without changing its meaning; \
                         the document is left as it is",
                        changed.what
                    ),
                )
                .with_len(changed.len),
            );
            anstream::eprint!(
                "{}",
                document.render(std::slice::from_ref(&refusal), color_on_stderr())
            );
            anstream::eprintln!("{}: not formatted", document.name);
            None
        }
    }
}

/// Writes text to stdout as it is: anstream would strip the control characters a document may
/// hold. A closed pipe (`| head`) is not trouble (see the README): the verdict stands.
fn write_stdout(text: &str) -> Result<(), Trouble> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Trouble::Output(error.to_string()))
        }
        _ => Ok(()),
    }
}

//! `qmpgen fmt FILE [--check]`: the document in its canonical text.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use qmpgen::diagnostics::{Diagnostic, codes};
use qmpgen::print::canonical;

use super::input::{Document, Trouble, report_parse};

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The document (a version of qmp-events.txt).
    file: PathBuf,
    /// Print nothing; exit 1 when the file is not in canonical form.
    #[arg(long)]
    check: bool,
}

pub fn run(args: FmtArgs) -> Result<ExitCode, Trouble> {
    let document = Document::load(&args.file)?;
    report_parse(&document);
    if document.parsed.has_errors() {
        // Text the parser could not fit would be lost by printing the model: refuse.
        anstream::eprintln!("{}: not formatted: the document has errors", document.name);
        return Ok(ExitCode::from(1));
    }
    let canonical = match canonical(&document.parsed.spec) {
        Ok(text) => text,
        Err(changed) => {
            // Printing would change what the document says: refuse, and say where.
            let refusal = Diagnostic::error(
                codes::UNPRINTABLE,
                changed.span,
                format!(
                    "{} cannot be written in canonical form without changing its meaning; \
                     the document is left as it is",
                    changed.what
                ),
            )
            .with_len(changed.len);
            anstream::eprint!("{}", document.render(std::slice::from_ref(&refusal)));
            anstream::eprintln!("{}: not formatted", document.name);
            return Ok(ExitCode::from(1));
        }
    };
    if args.check {
        if canonical == document.text {
            return Ok(ExitCode::SUCCESS);
        }
        anstream::eprintln!(
            "{}: not in canonical form (run `qmpgen fmt` to see it)",
            document.name
        );
        return Ok(ExitCode::from(1));
    }
    // Written as it is: anstream would strip the control characters a document may hold. A
    // closed pipe (`| head`) is not trouble (see the README).
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(canonical.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Trouble::Output(error.to_string()))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

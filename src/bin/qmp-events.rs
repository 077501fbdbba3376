//! `qmp-events`: judge QMP event streams against the document the bindings were built from.
//!
//! - `qmp-events validate FILE|-`: a captured stream, one QMP message a line (JSONL).
//! - `qmp-events watch --socket PATH | --tcp HOST:PORT`: a live QEMU, as events arrive.
//!
//! Both judge by the document the bindings were built from, or with `--spec FILE` by any
//! document, read when the command starts; `watch --spec live` by the schema the watched QEMU
//! gives (`query-qmp-schema`).
//!
//! Exit codes: 0 no message has an error, 1 some message has one, 2 trouble (bad arguments, an
//! unreadable file, a QMP server that cannot be reached). When the reader of stdout goes away
//! (`| head -1`), the command stops quietly and exits by what it judged so far.

#[path = "qmp-events/args.rs"]
mod args;
#[path = "qmp-events/document.rs"]
mod document;
#[path = "qmp-events/judge.rs"]
mod judge;
#[path = "qmp-events/output.rs"]
mod output;
#[path = "qmp-events/validate.rs"]
mod validate;
#[path = "qmp-events/watch.rs"]
mod watch;

use std::process::ExitCode;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse_checked();
    let outcome = match &cli.command {
        Command::Validate(validate) => validate::run(validate),
        Command::Watch(watch) => watch::run(watch),
    };
    match outcome {
        Ok(summary) if summary.with_errors == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(trouble) => {
            anstream::eprintln!("qmp-events: {trouble}");
            ExitCode::from(2)
        }
    }
}

//! `qmpgen`: the command-line face of the generator.
//!
//! Exit codes (a contract, see the README): 0 fine, 1 findings (errors in a document,
//! differences), 2 trouble (bad arguments, unreadable file).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(trouble) => {
            anstream::eprintln!("qmpgen: {trouble}");
            ExitCode::from(2)
        }
    }
}

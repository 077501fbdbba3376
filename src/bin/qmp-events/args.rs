//! The command line.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use qmp_events::Mode;
use qmp_events::client::Address;

/// Judge QMP event streams against the document (qmp-events.txt) these bindings were built from,
/// or any other (`--spec`).
#[derive(Debug, Parser)]
#[command(name = "qmp-events", version = crate::document::VERSION, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a captured stream, one QMP message a line (JSONL); `-` reads stdin.
    ///
    /// The greeting and command replies of a captured session are counted and skipped.
    /// Exit 0 when no message has an error, 1 otherwise, 2 on trouble.
    Validate(Validate),
    /// Connect to a live QEMU's QMP socket and judge each event as it arrives, until QEMU
    /// closes the connection, Ctrl-C or SIGTERM (each prints the summary).
    Watch(Watch),
}

/// How each message is judged and shown.
#[derive(Debug, Args)]
pub struct Judging {
    /// Undocumented events, fields and values are errors (by default they are warnings).
    #[arg(long)]
    pub strict: bool,
    /// Output format: `text` for people, `json` for one object a line (summary on stderr).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Judge by this document (any version of qmp-events.txt, a QAPI schema such as QEMU's
    /// qapi/qapi-schema.json with the files it includes, or a QEMU's introspection: its
    /// `query-qmp-schema` answer), read now, instead of the one the bindings were built from.
    /// `live` (`watch` only): the schema the watched QEMU gives when asked (`query-qmp-schema`,
    /// QEMU 2.5 and later); a file named `live` is `./live`.
    #[arg(long, value_name = "FILE|live", value_parser = Spec::parse)]
    pub spec: Option<Spec>,
}

/// What `--spec` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// A document read from this file.
    File(PathBuf),
    /// The schema the watched QEMU gives (`query-qmp-schema`).
    Live,
}

impl Spec {
    /// `live`, or a file's path.
    fn parse(value: &str) -> Result<Spec, String> {
        Ok(match value {
            "live" => Spec::Live,
            path => Spec::File(PathBuf::from(path)),
        })
    }
}

impl Judging {
    /// The validation mode the flags ask for.
    pub fn mode(&self) -> Mode {
        if self.strict {
            Mode::Strict
        } else {
            Mode::Lenient
        }
    }
}

#[derive(Debug, Args)]
pub struct Validate {
    /// The JSONL file, or `-` for stdin.
    pub file: PathBuf,
    #[command(flatten)]
    pub judging: Judging,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("address").required(true).args(["socket", "tcp"]))]
pub struct Watch {
    /// QEMU's QMP unix socket (`-qmp unix:PATH,server=on,wait=off`).
    #[arg(long, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// QEMU's QMP TCP address (`-qmp tcp:HOST:PORT,server=on,wait=off`).
    #[arg(long, value_name = "HOST:PORT")]
    pub tcp: Option<String>,
    #[command(flatten)]
    pub judging: Judging,
}

impl Cli {
    /// The command line, or (exit 2) a usage error clap's parsing cannot see: `validate --spec
    /// live`, which has no QEMU to ask.
    pub fn parse_checked() -> Cli {
        let cli = Cli::parse();
        if let Command::Validate(validate) = &cli.command
            && validate.judging.spec == Some(Spec::Live)
        {
            Cli::command()
                .error(
                    ErrorKind::ArgumentConflict,
                    "--spec live judges by the schema of the QEMU that `watch` watches; \
                     `validate` reads a captured stream and has no QEMU to ask: give that \
                     QEMU's schema as a file (`qmpgen schema --socket PATH -o FILE` saves it)",
                )
                .exit();
        }
        cli
    }
}

impl Watch {
    /// The address the flags name (clap makes sure exactly one is given).
    pub fn address(&self) -> Address {
        match (&self.socket, &self.tcp) {
            (Some(path), _) => Address::Unix(path.clone()),
            (None, Some(address)) => Address::Tcp(address.clone()),
            (None, None) => unreachable!("clap requires --socket or --tcp"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One report per message for people, coloured on a terminal; the summary at the end.
    Text,
    /// `{"line", "event", "valid", "violations"}` a line on stdout; the summary on stderr.
    Json,
}

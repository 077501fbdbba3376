//! `--allow CODE`, `--warn CODE`, `--deny CODE` (each repeatable), read in command-line order so
//! that a later flag wins over an earlier one for the same code, as in clippy. clap's derive
//! gives each flag's values apart; the order across the three flags comes from their indices,
//! hence this hand-written `Args`.

use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};
use qmpgen::check::levels::{Level, Levels};

/// The lint levels of a run.
#[derive(Debug, Clone, Default)]
pub struct LintLevels(pub Levels);

const FLAGS: [(&str, Level, &str); 3] = [
    (
        "allow",
        Level::Allow,
        "Do not report CODE (a lint code, or `warnings`); repeatable",
    ),
    (
        "warn",
        Level::Warn,
        "Report CODE as a warning (a lint code, or `warnings`); repeatable",
    ),
    (
        "deny",
        Level::Deny,
        "Report CODE as an error, exit 1 (`--deny warnings`: every warning); repeatable",
    ),
];

impl FromArgMatches for LintLevels {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut settings: Vec<(usize, Level, &String)> = Vec::new();
        for (id, level, _) in FLAGS {
            if let (Some(codes), Some(indices)) =
                (matches.get_many::<String>(id), matches.indices_of(id))
            {
                settings.extend(indices.zip(codes).map(|(index, code)| (index, level, code)));
            }
        }
        settings.sort_by_key(|(index, ..)| *index);
        let mut levels = Levels::default();
        for (_, level, code) in settings {
            levels.set(code, level).map_err(|error| {
                clap::Error::raw(
                    ErrorKind::InvalidValue,
                    format!("--{} {code}: {error}", level.as_str()),
                )
            })?;
        }
        Ok(LintLevels(levels))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for LintLevels {
    fn augment_args(command: Command) -> Command {
        FLAGS.iter().fold(command, |command, &(id, level, help)| {
            command.arg(
                Arg::new(id)
                    .long(id)
                    .value_name("CODE")
                    .action(ArgAction::Append)
                    // Each code is judged as clap parses it, so that a wrong one is reported
                    // with the usage of `check`, not of `qmpgen` as a whole.
                    .value_parser(move |code: &str| {
                        Levels::default().set(code, level).map(|()| code.to_owned())
                    })
                    .help(help),
            )
        })
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

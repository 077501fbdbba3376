//! Lint levels, as a project configures its linters in CI (clippy's `--allow`, `--warn`,
//! `--deny`): per code, later settings win over earlier ones; `warnings` names every finding
//! that is a warning once the per-code settings are applied (`--deny warnings`).

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostics::{Diagnostic, Severity, codes};

use super::rules;

/// What a setting does to a code's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported, not counted.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error (the command exits 1).
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`, as the flags say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// The group that names every warning.
pub const WARNINGS: &str = "warnings";

/// The parser's errors that a setting cannot lower: with them there is nothing faithful left to
/// lint (`no-events`: the document documents no event at all; a QAPI schema's syntax or include
/// error, or a file it includes that cannot be read: reading stopped there).
pub const ALWAYS_ERRORS: &[&str] = &[
    codes::NO_EVENTS,
    crate::qapi::parse::SYNTAX,
    crate::qapi::load::DIRECTIVE,
    crate::qapi::load::UNREADABLE,
];

/// A setting that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelError {
    /// The code is not one the lint reports; `suggestion` is the code most like it.
    UnknownCode {
        /// The code as given.
        code: String,
        /// The known code (or `warnings`) most like it, if one is near.
        suggestion: Option<&'static str>,
    },
    /// The code is an error the parser cannot read past; it stays an error.
    AlwaysError {
        /// The code.
        code: String,
        /// The level asked for.
        level: Level,
    },
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelError::UnknownCode { code, suggestion } => {
                write!(f, "unknown lint code `{code}`")?;
                match suggestion {
                    Some(meant) => write!(f, "; did you mean `{meant}`?"),
                    None => write!(f, " (the codes are listed in the README, \"Lint codes\")"),
                }
            }
            LevelError::AlwaysError { code, level } => write!(
                f,
                "`{code}` cannot be set to {}: the parser cannot read past it, so it stays an error",
                level.as_str()
            ),
        }
    }
}

impl std::error::Error for LevelError {}

/// The settings of one run, applied in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels {
    /// The level of each configured code (the last setting of it).
    codes: BTreeMap<&'static str, Level>,
    /// The level of every remaining warning (`--deny warnings`), if set.
    warnings: Option<Level>,
}

impl Levels {
    /// Sets `code` (a lint code, or `warnings`) to `level`, over any earlier setting of it.
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), LevelError> {
        if code == WARNINGS {
            self.warnings = Some(level);
            return Ok(());
        }
        let Some(rule) = rules::rule(code) else {
            let known = rules::rules()
                .iter()
                .map(|rule| rule.code)
                .chain([WARNINGS]);
            return Err(LevelError::UnknownCode {
                code: code.to_owned(),
                suggestion: crate::suggest::nearest(code, known),
            });
        };
        if level != Level::Deny && ALWAYS_ERRORS.contains(&rule.code) {
            return Err(LevelError::AlwaysError {
                code: code.to_owned(),
                level,
            });
        }
        self.codes.insert(rule.code, level);
        Ok(())
    }

    /// The findings as configured: allowed ones dropped, the others at their configured
    /// severity, in the order given.
    pub fn apply(&self, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        found
            .into_iter()
            .filter_map(|diagnostic| self.grade(diagnostic))
            .collect()
    }

    /// One finding as configured: `None` when allowed, else at its configured severity.
    pub fn grade(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        let level = match self.codes.get(diagnostic.code.as_str()) {
            Some(&level) => level,
            None if diagnostic.is_error() => Level::Deny,
            None => Level::Warn,
        };
        let level = match (level, self.warnings) {
            (Level::Warn, Some(group)) => group,
            _ => level,
        };
        diagnostic.severity = match level {
            Level::Allow => return None,
            Level::Warn => Severity::Warning,
            Level::Deny => Severity::Error,
        };
        Some(diagnostic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::model::Span;

    fn found() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error(codes::EXAMPLE_BAD_TIMESTAMP, Span::new(1, 1), "bad"),
            Diagnostic::warning(codes::UNANNOTATED_FIELD, Span::new(2, 1), "odd"),
            Diagnostic::warning(codes::OUT_OF_ORDER, Span::new(3, 1), "late"),
        ]
    }

    fn severities(levels: &Levels) -> Vec<(String, Severity)> {
        levels
            .apply(found())
            .into_iter()
            .map(|d| (d.code, d.severity))
            .collect()
    }

    #[test]
    fn later_settings_win_and_warnings_names_the_remaining_warnings() {
        let mut levels = Levels::default();
        levels.set("example-bad-timestamp", Level::Deny).unwrap();
        levels.set("example-bad-timestamp", Level::Warn).unwrap();
        levels.set("out-of-order", Level::Allow).unwrap();
        assert_eq!(
            severities(&levels),
            [
                ("example-bad-timestamp".to_owned(), Severity::Warning),
                ("unannotated-field".to_owned(), Severity::Warning),
            ]
        );
        levels.set(WARNINGS, Level::Deny).unwrap();
        assert_eq!(
            severities(&levels),
            [
                ("example-bad-timestamp".to_owned(), Severity::Error),
                ("unannotated-field".to_owned(), Severity::Error),
            ]
        );
    }

    #[test]
    fn unknown_codes_are_refused_with_a_suggestion() {
        let error = Levels::default()
            .set("example-bad-timestmap", Level::Allow)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown lint code `example-bad-timestmap`; did you mean `example-bad-timestamp`?"
        );
        assert!(matches!(
            Levels::default().set("no-events", Level::Warn),
            Err(LevelError::AlwaysError { .. })
        ));
        assert_eq!(Levels::default().set("no-events", Level::Deny), Ok(()));
    }
}

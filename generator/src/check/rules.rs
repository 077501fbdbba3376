//! The lint's codes as the README's "Lint codes" table documents them: the one table of codes,
//! their default severities and meanings, which `qmpgen check` also uses to know the codes a
//! command line may configure and to describe each rule in its SARIF output.

use std::sync::LazyLock;

use crate::diagnostics::Severity;

/// One code of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The stable code (`example-not-json`).
    pub code: &'static str,
    /// How bad its findings are unless configured otherwise.
    pub severity: Severity,
    /// What it means, as the table says it (Markdown: code in backticks).
    pub meaning: &'static str,
}

impl Rule {
    /// The meaning's first sentence (up to the first `. ` outside backticks, or all of it).
    pub fn summary(&self) -> &'static str {
        let mut in_code = false;
        for (at, c) in self.meaning.char_indices() {
            match c {
                '`' => in_code = !in_code,
                '.' if !in_code && self.meaning[at + 1..].starts_with(' ') => {
                    return &self.meaning[..=at];
                }
                _ => {}
            }
        }
        self.meaning
    }
}

/// The README the table lives in, compiled in.
const README: &str = include_str!("../../../README.md");

/// Every code of the table, in its order.
pub fn rules() -> &'static [Rule] {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| table(README));
    &RULES
}

/// The rule of `code`, if the table has one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules().iter().find(|rule| rule.code == code)
}

/// The rows of the `| code | severity | meaning |` table under `## Lint codes` in `readme`.
fn table(readme: &'static str) -> Vec<Rule> {
    let section = readme
        .split_once("\n## Lint codes\n")
        .map_or("", |(_, after)| after);
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split(" | ")
                .collect();
            let [code, severity, meaning] = cells[..] else {
                return None;
            };
            let code = code.trim().strip_prefix('`')?.strip_suffix('`')?;
            let severity = match severity.trim() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => return None,
            };
            Some(Rule {
                code,
                severity,
                meaning: meaning.trim(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_readme_table() {
        let not_json = rule("example-not-json").expect("documented");
        assert_eq!(not_json.severity, Severity::Error);
        assert_eq!(
            not_json.summary(),
            "An example is not valid JSON (reported where it breaks: a missing `,` at the end of the line that lacks it, a trailing `,` at the comma)."
        );
        assert_eq!(
            rule("unannotated-field").unwrap().severity,
            Severity::Warning
        );
        assert!(
            rule("unprintable").is_none(),
            "fmt's code is not the lint's"
        );
        assert!(rules().len() >= 25);
    }

    /// Every code the parser or the lint reports can be configured (`unprintable` is `fmt`'s).
    #[test]
    fn every_code_has_a_rule() {
        let codes = include_str!("../diagnostics.rs")
            .lines()
            .filter_map(|line| line.trim().strip_prefix("pub const "))
            .filter_map(|rest| rest.split('"').nth(1))
            .filter(|code| *code != crate::diagnostics::codes::UNPRINTABLE);
        for code in codes {
            assert!(rule(code).is_some(), "no row for `{code}` under Lint codes");
        }
    }
}

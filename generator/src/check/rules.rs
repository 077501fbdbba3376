//! The lint's codes: the one table of codes, their default severities and meanings, which
//! `qmpgen check` uses to know the codes a command line may configure and to describe each rule
//! in its SARIF output, and which the README's "Lint codes" table shows.

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

/// Every code, in the order the README's table lists them (`generator/tests/readme_rules.rs`
/// keeps that table equal to this one).
pub const RULES: &[Rule] = &[
    Rule {
        code: "example-not-json",
        severity: Severity::Error,
        meaning: "An example is not valid JSON (reported where it breaks: a missing `,` at the end of the line that lacks it, a trailing `,` at the comma).",
    },
    Rule {
        code: "example-duplicate-key",
        severity: Severity::Error,
        meaning: "An example repeats a key in one object (`duplicate-key`).",
    },
    Rule {
        code: "example-too-deep",
        severity: Severity::Error,
        meaning: "An example nests deeper than the validators walk (`too-deep`).",
    },
    Rule {
        code: "example-wrong-event",
        severity: Severity::Error,
        meaning: "An example's `\"event\"` is not the event (or one of the events) its heading names. The lint's own rule: examples are judged against their heading's event, not looked up by name (`unknown-event`).",
    },
    Rule {
        code: "example-missing-field",
        severity: Severity::Error,
        meaning: "An example lacks a documented required field, pointed at the object that lacks it (`missing-field`).",
    },
    Rule {
        code: "example-wrong-type",
        severity: Severity::Error,
        meaning: "An example value has another JSON type than its annotation (`wrong-type`).",
    },
    Rule {
        code: "example-out-of-range",
        severity: Severity::Error,
        meaning: "An example number is out of its type's range: a json-int beyond 64 signed bits, a sized integer beyond its size, any number beyond `f64` (`out-of-range`).",
    },
    Rule {
        code: "example-undocumented-value",
        severity: Severity::Error,
        meaning: "An example string is not among the documented values (`undocumented-value`).",
    },
    Rule {
        code: "example-undocumented-field",
        severity: Severity::Error,
        meaning: "An example carries a member the document does not list (`undocumented-field`).",
    },
    Rule {
        code: "example-bad-timestamp",
        severity: Severity::Error,
        meaning: "An example's `timestamp` is missing or malformed (`bad-timestamp`).",
    },
    Rule {
        code: "data-none-with-example-data",
        severity: Severity::Error,
        meaning: "The event says `Data: None.`, but its example carries data members (`undocumented-field` at `/data/name`).",
    },
    Rule {
        code: "data-none-with-fields",
        severity: Severity::Warning,
        meaning: "The event says `Data: None.` and then documents fields; the fields are used.",
    },
    Rule {
        code: "unannotated-field",
        severity: Severity::Warning,
        meaning: "A field has no type annotation such as `(json-string)`; its type is unknown or only inferred from its values or members.",
    },
    Rule {
        code: "field-documented-twice",
        severity: Severity::Error,
        meaning: "The same field is documented twice in one list of members.",
    },
    Rule {
        code: "duplicate-event",
        severity: Severity::Error,
        meaning: "The same event is documented under two headings (or named twice in one).",
    },
    Rule {
        code: "underline-length",
        severity: Severity::Warning,
        meaning: "A heading's underline is longer or shorter than the heading.",
    },
    Rule {
        code: "heading-number",
        severity: Severity::Warning,
        meaning: "A numbered heading (`4 VNC_CONNECTED`, earliest versions) does not follow the number before it.",
    },
    Rule {
        code: "out-of-order",
        severity: Severity::Warning,
        meaning: "An event is out of alphabetical order in a document that is otherwise sorted (see below).",
    },
    Rule {
        code: "unfitted-text",
        severity: Severity::Error,
        meaning: "Parser: text that fits nowhere in the model (not a description, data, example or note).",
    },
    Rule {
        code: "missing-underline",
        severity: Severity::Warning,
        meaning: "Parser: a heading without its underline of dashes.",
    },
    Rule {
        code: "not-an-event",
        severity: Severity::Error,
        meaning: "Parser: an underlined heading that names no event.",
    },
    Rule {
        code: "bad-field",
        severity: Severity::Error,
        meaning: "Parser: a line starting with `-` that is not a field.",
    },
    Rule {
        code: "no-events",
        severity: Severity::Error,
        meaning: "Parser: the document documents no event.",
    },
    Rule {
        code: "undocumented-member",
        severity: Severity::Warning,
        meaning: "QAPI: a member of an event's data, or of a type the event reaches, that no `@member:` line of its doc comment describes (QEMU 2.10 fills in \"Not documented\"; today's QEMU rejects it).",
    },
    Rule {
        code: "missing-since",
        severity: Severity::Warning,
        meaning: "QAPI: an event whose doc comment has no `Since:` section, so no one can tell since which QEMU a client can rely on it.",
    },
    Rule {
        code: "ambiguous-annotation",
        severity: Severity::Warning,
        meaning: "Parser: a field's text holds a second group that reads as a type annotation besides the one taken (the last); `qmpgen fmt` cannot print such a field unambiguously.",
    },
    Rule {
        code: "invalid-utf8",
        severity: Severity::Error,
        meaning: "Parser: a line holds bytes that are not UTF-8 (20 lines one by one, then one error counting the rest).",
    },
    Rule {
        code: "not-text",
        severity: Severity::Error,
        meaning: "Parser: the file is not text (a NUL byte, or mostly bytes that are not UTF-8); reported once, nothing else is read.",
    },
    Rule {
        code: "unknown-annotation",
        severity: Severity::Warning,
        meaning: "Parser: an annotation names a `json-…` word that is no JSON type of the document (`json-str`); the field's type is unknown and any value is accepted (see \"Unknown annotation words\").",
    },
    Rule {
        code: "unknown-keyword",
        severity: Severity::Warning,
        meaning: "Parser: an annotation holds a bare word that is neither a JSON type nor `optional` (`operation`, `optinal`); it is ignored, with a \"did you mean\" hint when it is near a known word.",
    },
];

/// Every code of the table, in its order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule of `code`, if the table has one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// The table's rows as the README writes them, one `| code | severity | meaning |` line each.
pub fn markdown_rows() -> String {
    RULES
        .iter()
        .map(|rule| {
            format!(
                "| `{}` | {} | {} |\n",
                rule.code,
                rule.severity.as_str(),
                rule.meaning
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_every_code_with_its_severity() {
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

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
        meaning: "An example's `\"event\"` is not the event (or one of the events) its heading names. The lint's own rule: examples are judged against their heading's event, not looked up by name (`unknown-event`). Also an example that is a command reply or the greeting (`not-an-event`).",
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
        meaning: "An example number is out of its type's range: a json-int beyond -2^63..2^64-1 (it states no width), a sized integer beyond its size, any number beyond `f64` (`out-of-range`).",
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
    Rule {
        code: "qapi-syntax",
        severity: Severity::Error,
        meaning: "QAPI: the schema's text breaks QEMU's grammar (a stray character, an unterminated string, an unknown escape, a missing `:` or `,`, a key twice, a doc block without its closing `##`), in QEMU's words at QEMU's line and column. Reading stops there, as QEMU's does.",
    },
    Rule {
        code: "qapi-directive",
        severity: Severity::Error,
        meaning: "QAPI: an `include` or `pragma` QEMU rejects (not alone in its expression, a value of the wrong kind, an include loop, an unknown pragma), with the chain of includes that reached it.",
    },
    Rule {
        code: "qapi-unreadable",
        severity: Severity::Error,
        meaning: "QAPI: a file the schema includes cannot be read (missing, a directory, no permission): trouble, exit 2.",
    },
    Rule {
        code: "introspection-invalid",
        severity: Severity::Error,
        meaning: "Introspection: not JSON, or not the shape of a `query-qmp-schema` answer (an array of entries, `{\"qemu\", \"schema\"}` or `{\"return\"}`), or an entry without a field its meta-type needs.",
    },
    Rule {
        code: "introspection-unknown-type",
        severity: Severity::Error,
        meaning: "Introspection: a type name (a member's, an event's `arg-type`, an array's element, a branch) that names no entry.",
    },
    Rule {
        code: "introspection-cycle",
        severity: Severity::Error,
        meaning: "Introspection: a type that contains itself with no object member between (an array of itself, an alternate or union that is its own branch).",
    },
    Rule {
        code: "qapi-legacy-doc",
        severity: Severity::Warning,
        meaning: "QAPI: a doc comment in a form QEMU 2.1-2.8 took, reading doc comments as plain comments, and 2.9 on reject: no opening `##`, closed with `###`, opened with `## @NAME`, not closed before its definition.",
    },
    Rule {
        code: "qapi-doc-duplicated-arg",
        severity: Severity::Error,
        meaning: "QAPI: a doc comment describes a member twice (`'a' parameter name duplicated`).",
    },
    Rule {
        code: "qapi-doc-duplicated-section",
        severity: Severity::Error,
        meaning: "QAPI: a doc comment has a second `Returns:` or `Since:` section.",
    },
    Rule {
        code: "qapi-doc-invalid-arg-name",
        severity: Severity::Error,
        meaning: "QAPI: a member's description without a name (`@:`).",
    },
    Rule {
        code: "qapi-doc-empty-section",
        severity: Severity::Error,
        meaning: "QAPI: a tagged section with no text (`Note:` and nothing after it).",
    },
    Rule {
        code: "qapi-doc-invalid-name",
        severity: Severity::Error,
        meaning: "QAPI: `@:` as a doc comment's symbol line.",
    },
    Rule {
        code: "qapi-doc-arg-after-section",
        severity: Severity::Warning,
        meaning: "QAPI: a member's description after a section (`'@foobar:' can't follow 'Note' section`): QEMU 2.10 rejects it, QEMU 2.1-2.7's schemas do it.",
    },
    Rule {
        code: "qapi-doc-member-in-free-form",
        severity: Severity::Error,
        meaning: "QAPI: `@name:` starting a line of a doc block that documents no definition.",
    },
    Rule {
        code: "qapi-doc-space-before-colon",
        severity: Severity::Warning,
        meaning: "QAPI: `@name :`, a member's description with a space before its colon: read as the member's, where QEMU reads it as text (a slip QEMU's own schemas make).",
    },
    Rule {
        code: "qapi-doc-missing-colon",
        severity: Severity::Warning,
        meaning: "QAPI: a symbol line that does not end with `:` (`# @NAME`): QEMU 2.10 rejects it, QEMU 2.1-2.7 wrote it.",
    },
    Rule {
        code: "qapi-missing-metatype",
        severity: Severity::Error,
        meaning: "QAPI: an expression that defines nothing (no `struct`, `enum`, `union`, `alternate`, `command`, `event`).",
    },
    Rule {
        code: "qapi-unknown-key",
        severity: Severity::Error,
        meaning: "QAPI: a key the definition cannot have.",
    },
    Rule {
        code: "qapi-missing-key",
        severity: Severity::Error,
        meaning: "QAPI: a key the definition must have.",
    },
    Rule {
        code: "qapi-bad-value",
        severity: Severity::Error,
        meaning: "QAPI: a key's value of the wrong kind (`'boxed': false`, a name that is no string, `data` of an enum that is no list).",
    },
    Rule {
        code: "qapi-bad-name",
        severity: Severity::Error,
        meaning: "QAPI: a name QEMU does not take (characters, the `q_` prefix, `*` where no member is optional).",
    },
    Rule {
        code: "qapi-reserved-name",
        severity: Severity::Error,
        meaning: "QAPI: a name QEMU keeps: a type `…List`, a member `u` or `has-…`, the `…Kind` of a simple union or alternate.",
    },
    Rule {
        code: "qapi-duplicate-definition",
        severity: Severity::Error,
        meaning: "QAPI: a name defined twice (or a built-in type's name).",
    },
    Rule {
        code: "qapi-unknown-type",
        severity: Severity::Error,
        meaning: "QAPI: a type name no definition gives.",
    },
    Rule {
        code: "qapi-wrong-type",
        severity: Severity::Error,
        meaning: "QAPI: a type of a kind the place does not take (an array, a union as a base, inline members where a name is wanted).",
    },
    Rule {
        code: "qapi-member-clash",
        severity: Severity::Error,
        meaning: "QAPI: two members whose C names clash (`a-b`, `a_b`), own or from a base.",
    },
    Rule {
        code: "qapi-base-cycle",
        severity: Severity::Error,
        meaning: "QAPI: an object that is its own base.",
    },
    Rule {
        code: "qapi-bad-union",
        severity: Severity::Error,
        meaning: "QAPI: a union's base, discriminator or branches QEMU rejects.",
    },
    Rule {
        code: "qapi-bad-alternate",
        severity: Severity::Error,
        meaning: "QAPI: an alternate with fewer than two branches, or branches it cannot tell apart.",
    },
    Rule {
        code: "qapi-bad-boxed",
        severity: Severity::Error,
        meaning: "QAPI: `boxed` without `data`, or with a type that has no members.",
    },
    Rule {
        code: "qapi-bad-condition",
        severity: Severity::Error,
        meaning: "QAPI: an `if` of a form no QEMU takes.",
    },
    Rule {
        code: "qapi-bad-features",
        severity: Severity::Error,
        meaning: "QAPI: a `features` list of a form no QEMU takes.",
    },
    Rule {
        code: "qapi-returns-non-object",
        severity: Severity::Error,
        meaning: "QAPI: a command returning no object that the schema's pragma (or, without one, the list QEMU kept in its generator before 2.10) does not except.",
    },
    Rule {
        code: "qapi-missing-doc",
        severity: Severity::Error,
        meaning: "QAPI: no doc comment where the schema's `doc-required` pragma wants one.",
    },
    Rule {
        code: "qapi-doc-not-followed",
        severity: Severity::Error,
        meaning: "QAPI: a doc block naming a definition that does not follow it (a warning in a schema written before QEMU 2.9).",
    },
    Rule {
        code: "qapi-doc-no-symbol",
        severity: Severity::Error,
        meaning: "QAPI: a definition's doc block without `@NAME:` (a warning before QEMU 2.9).",
    },
    Rule {
        code: "qapi-doc-wrong-symbol",
        severity: Severity::Error,
        meaning: "QAPI: a definition after the doc block of another name (a warning before QEMU 2.9).",
    },
    Rule {
        code: "qapi-doc-returns",
        severity: Severity::Error,
        meaning: "QAPI: `Returns:` in the doc block of a definition that is no command (a warning before QEMU 2.9).",
    },
    Rule {
        code: "qapi-doc-unknown-member",
        severity: Severity::Error,
        meaning: "QAPI: members documented that the definition lacks (a warning before QEMU 2.9).",
    },
    Rule {
        code: "qapi-name-case",
        severity: Severity::Error,
        meaning: "QAPI: upper case in a member's name, its owner not excepted (a warning before QEMU 2.9).",
    },
    Rule {
        code: "qapi-legacy-struct",
        severity: Severity::Warning,
        meaning: "QAPI: QEMU 2.1's `'type'` for a struct (an error in a schema written for QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-legacy-flag",
        severity: Severity::Warning,
        meaning: "QAPI: QEMU 2.1's `'gen': 'no'` / `'success-response': 'no'` (an error from QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-legacy-nested",
        severity: Severity::Warning,
        meaning: "QAPI: a struct declared inline as a member's type, as QEMU 2.1 took (an error from QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-legacy-name",
        severity: Severity::Warning,
        meaning: "QAPI: `.` in a name outside a downstream prefix, as QEMU 2.1 took (an error from QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-legacy-alternate",
        severity: Severity::Warning,
        meaning: "QAPI: QEMU 2.1's anonymous union (`'discriminator': {}`), an alternate today (an error from QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-legacy-type",
        severity: Severity::Warning,
        meaning: "QAPI: a type QEMU 2.1 took unchecked in a command it generated nothing for (`'visitor'`, `'**'`, `'dict'`; an error from QEMU 2.9 on).",
    },
    Rule {
        code: "qapi-simple-union",
        severity: Severity::Warning,
        meaning: "QAPI: a union without a discriminator (QEMU 6.2 on reject it).",
    },
    Rule {
        code: "qapi-legacy-condition",
        severity: Severity::Warning,
        meaning: "QAPI: a condition as a C expression or a list (`'defined(CONFIG_SPICE)'`), as QEMU 3.0-6.0 wrote them.",
    },
    Rule {
        code: "qapi-name-style",
        severity: Severity::Warning,
        meaning: "QAPI: a name against today's conventions (events in upper case, commands and members in lower case with `-`, types in CamelCase) and not in the schema's exceptions.",
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
        let sources = [
            include_str!("../diagnostics.rs"),
            include_str!("../qapi/parse.rs"),
            include_str!("../qapi/load.rs"),
            include_str!("../qapi/doc/mod.rs"),
            include_str!("../qapi/check/mod.rs"),
        ];
        let codes = sources
            .iter()
            .flat_map(|source| source.lines())
            .filter_map(|line| line.trim().strip_prefix("pub const "))
            .filter_map(|rest| rest.split('"').nth(1))
            .filter(|code| *code != crate::diagnostics::codes::UNPRINTABLE);
        for code in codes {
            assert!(rule(code).is_some(), "no row for `{code}` under Lint codes");
        }
    }
}

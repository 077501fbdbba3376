//! QEMU's rules for names: which characters a name may have, the names QEMU keeps for the C it
//! generates, and today's conventions of case.

use super::codes;
use super::{Checked, Sink};
use crate::model::Span;
use crate::qapi::report::Finding;

/// The C identifier QEMU makes of a name: `.` and `-` become `_`; with `protect`, a C or C++
/// keyword (or a name the C library pollutes) gets the prefix `q_`.
pub(super) fn c_name(name: &str, protect: bool) -> String {
    // C89, C99, C11, GCC's extensions, C++, and names the C library pollutes.
    const RESERVED: &[&str] = &[
        "auto",
        "break",
        "case",
        "char",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extern",
        "float",
        "for",
        "goto",
        "if",
        "int",
        "long",
        "register",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "struct",
        "switch",
        "typedef",
        "union",
        "unsigned",
        "void",
        "volatile",
        "while",
        "inline",
        "restrict",
        "_Bool",
        "_Complex",
        "_Imaginary",
        "_Alignas",
        "_Alignof",
        "_Atomic",
        "_Generic",
        "_Noreturn",
        "_Static_assert",
        "_Thread_local",
        "asm",
        "typeof",
        "bool",
        "catch",
        "class",
        "const_cast",
        "delete",
        "dynamic_cast",
        "explicit",
        "false",
        "friend",
        "mutable",
        "namespace",
        "new",
        "operator",
        "private",
        "protected",
        "public",
        "reinterpret_cast",
        "static_cast",
        "template",
        "this",
        "throw",
        "true",
        "try",
        "typeid",
        "typename",
        "using",
        "virtual",
        "wchar_t",
        "and",
        "and_eq",
        "bitand",
        "bitor",
        "compl",
        "not",
        "not_eq",
        "or",
        "or_eq",
        "xor",
        "xor_eq",
        "unix",
        "errno",
        "mips",
        "sparc",
    ];
    let name: String = name
        .chars()
        .map(|c| if c == '.' || c == '-' { '_' } else { c })
        .collect();
    if protect && RESERVED.contains(&name.as_str()) {
        format!("q_{name}")
    } else {
        name
    }
}

/// Whether `name` has the form QEMU takes: letters, digits, `-` and `_`, starting with a letter
/// (an enum value may start with a digit), after an optional downstream prefix `__RFQDN_`; and
/// not in the `q_` namespace QEMU keeps for itself.
pub(super) fn is_valid(name: &str, enum_value: bool) -> bool {
    let stem = downstream_stem(name);
    let mut chars = stem.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || (enum_value && c.is_ascii_digit()));
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !c_name(name, false).starts_with("q_")
}

/// The name without its downstream-extension prefix `__RFQDN_` (letters, digits, `.` and `-`
/// between `__` and the next `_`).
pub(super) fn downstream_stem(name: &str) -> &str {
    let Some(rest) = name.strip_prefix("__") else {
        return name;
    };
    match rest.find('_') {
        Some(end)
            if end > 0
                && rest[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') =>
        {
            &rest[end + 1..]
        }
        _ => name,
    }
}

/// QEMU's `check_name`: `name` (as written, with its `*` if any) of `what` (e.g. `Member of
/// enum 'Foo'`) is a name QEMU takes; a `*` only where optional members are. A `.` outside a
/// downstream prefix, which QEMU 2.1 took, is a warning.
pub(super) fn check(
    span: Span,
    what: &str,
    name: &str,
    allow_optional: bool,
    enum_value: bool,
    sink: &mut Sink,
) -> Checked {
    let bare = match name.strip_prefix('*') {
        Some(_) if !allow_optional => {
            return Err(Finding::error(
                codes::BAD_NAME,
                span,
                format!("{what} does not allow optional name '{name}'"),
            ));
        }
        Some(bare) => bare,
        None => name,
    };
    if is_valid(bare, enum_value) {
        return Ok(());
    }
    let message = format!("{what} uses invalid name '{name}'");
    if is_valid(&bare.replace('.', "-"), enum_value) {
        let error = Finding::error(codes::LEGACY_NAME, span, message);
        return sink.older_form(error, "'.' outside a downstream prefix, as QEMU 2.1 took");
    }
    Err(Finding::error(codes::BAD_NAME, span, message))
}

/// Today's convention for the name of a definition of `meta` (`struct`, `command`, …), broken:
/// the words QEMU gives, if it is. Types are CamelCase, events UPPER_CASE, commands
/// lower-case with `-` (unless `underscore_allowed`, an exception the schema lists).
pub(super) fn definition_style(meta: &str, name: &str, underscore_allowed: bool) -> Option<String> {
    let stem = downstream_stem(name);
    match meta {
        "event" => stem
            .chars()
            .any(|c| c.is_ascii_lowercase() || c == '-')
            .then(|| format!("name of {meta} '{name}' must not use lowercase or '-'")),
        "command" => lower_style(stem, underscore_allowed)
            .then(|| format!("name of {meta} '{name}' must not use uppercase or '_'")),
        _ => (!is_camel_case(stem)).then(|| format!("name of {meta} '{name}' must use CamelCase")),
    }
}

/// Whether `stem` breaks the lower-case convention (upper case, or `_` unless allowed).
pub(super) fn lower_style(stem: &str, underscore_allowed: bool) -> bool {
    stem.chars()
        .any(|c| c.is_ascii_uppercase() || (c == '_' && !underscore_allowed))
}

/// `[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*`: CamelCase, with at least one lower-case letter.
fn is_camel_case(stem: &str) -> bool {
    let mut chars = stem.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && stem.chars().all(|c| c.is_ascii_alphanumeric())
        && chars.any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_qemu_takes() {
        assert!(is_valid("block-job", false));
        assert!(is_valid("__org.qemu_x-y", false));
        assert!(is_valid("1x", true));
        assert!(!is_valid("1x", false));
        assert!(!is_valid("not^possible", false));
        assert!(!is_valid("q-unix", false));
        assert!(!is_valid("_oops", false));
        assert!(!is_valid("é", false));
        assert!(!is_valid("", false));
    }

    #[test]
    fn c_names() {
        assert_eq!(c_name("a-b.c", true), "a_b_c");
        assert_eq!(c_name("unix", true), "q_unix");
        assert_eq!(c_name("unix", false), "unix");
    }

    #[test]
    fn conventions() {
        assert_eq!(definition_style("struct", "BlockInfo", false), None);
        assert!(definition_style("struct", "block_info", false).is_some());
        assert!(definition_style("struct", "X86CPURegister32", false).is_none());
        assert_eq!(definition_style("event", "BLOCK_JOB_READY", false), None);
        assert!(definition_style("event", "oops", false).is_some());
        assert!(definition_style("command", "block_resize", false).is_some());
        assert_eq!(definition_style("command", "block_resize", true), None);
    }
}

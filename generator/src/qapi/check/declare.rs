//! The first pass (QEMU's `check_exprs`, first half): each expression's meta-type, its keys and
//! their values, and its name, learnt into the [`Table`]; then the enums QEMU makes for simple
//! unions and alternates.

use std::borrow::Cow;

use super::table::{Definition, Meta, Named, Table, object};
use super::{Checked, Findings, Sink, codes, names};
use crate::model::Span;
use crate::qapi::ast::{Expression, ValueKind};
use crate::qapi::report::Finding;

/// The keys that name a definition's meta-type, in the order QEMU looks for them.
const METAS: [(&str, Meta); 6] = [
    ("enum", Meta::Enum),
    ("union", Meta::Union),
    ("alternate", Meta::Alternate),
    ("struct", Meta::Struct),
    ("command", Meta::Command),
    ("event", Meta::Event),
];

/// The keys a definition of a meta-type must have, and those it may have (QEMU 2.10's and
/// today's).
fn keys(meta: Meta) -> (&'static [&'static str], &'static [&'static str]) {
    match meta {
        Meta::Enum => (&["data"], &["prefix", "if", "features"]),
        Meta::Struct => (&["data"], &["base", "if", "features"]),
        Meta::Union => (&["data"], &["base", "discriminator", "if", "features"]),
        Meta::Alternate => (&["data"], &["if", "features"]),
        Meta::Command => (
            &[],
            &[
                "data",
                "returns",
                "boxed",
                "gen",
                "success-response",
                "allow-oob",
                "allow-preconfig",
                "coroutine",
                "if",
                "features",
            ],
        ),
        Meta::Event => (&[], &["data", "boxed", "if", "features"]),
        Meta::Builtin => (&[], &[]),
    }
}

/// The flags that only make sense with one value (QEMU rejects the other).
const FALSE_FLAGS: [&str; 2] = ["gen", "success-response"];
const TRUE_FLAGS: [&str; 4] = ["boxed", "allow-oob", "allow-preconfig", "coroutine"];

/// Learns every definition of the schema into `table`.
pub(super) fn declare(table: &mut Table<'_>, findings: &mut Findings) {
    for index in 0..table.expressions.len() {
        let mut sink = Sink {
            findings,
            expression: index,
        };
        if let Err(error) = declare_one(table, index, &mut sink) {
            table.spoil(index);
            findings.push(index, error);
        }
    }
    implicit_enums(table, findings);
}

/// What an expression defines.
struct Metatype {
    meta: Meta,
    /// The key that names the definition.
    key: &'static str,
    /// QEMU's error about a form QEMUs before 2.9 took, and how they took it.
    legacy: Option<(Finding, &'static str)>,
}

/// The meta-type of a definition: the first of QEMU's keys it has, or QEMU 2.1-2.2's
/// `'type'` for a struct (with a warning). `None` for an include or a pragma.
fn meta_of(expression: &Expression, span: Span) -> Option<Result<Metatype, Finding>> {
    if expression.get("include").is_some() || expression.get("pragma").is_some() {
        return None;
    }
    if let Some((key, meta)) = METAS.iter().find(|(key, _)| expression.get(key).is_some()) {
        let anonymous = expression
            .get("discriminator")
            .and_then(object)
            .is_some_and(<[_]>::is_empty);
        if *meta == Meta::Union && anonymous {
            let error = Finding::error(
                codes::LEGACY_ALTERNATE,
                span,
                "Discriminator of flat union requires a string name",
            );
            return Some(Ok(Metatype {
                meta: Meta::Alternate,
                key,
                legacy: Some((error, "an anonymous union, as QEMU 2.1 wrote an alternate")),
            }));
        }
        return Some(Ok(Metatype {
            meta: *meta,
            key,
            legacy: None,
        }));
    }
    if expression.get("type").is_some() {
        let error = Finding::error(codes::LEGACY_STRUCT, span, "Expression is missing metatype");
        return Some(Ok(Metatype {
            meta: Meta::Struct,
            key: "type",
            legacy: Some((error, "'type' for a struct, as QEMU 2.1-2.2 wrote it")),
        }));
    }
    Some(Err(Finding::error(
        codes::MISSING_METATYPE,
        span,
        "Expression is missing metatype",
    )))
}

fn declare_one(table: &mut Table<'_>, index: usize, sink: &mut Sink) -> Checked {
    let expression = table.expressions[index];
    let span = expression.value.span;
    let Some(meta) = meta_of(expression, span) else {
        return Ok(());
    };
    if table.program.pragmas.doc_required && expression.doc.is_none() {
        return Err(Finding::error(
            codes::MISSING_DOC,
            span,
            "Expression missing documentation comment",
        ));
    }
    let Metatype { meta, key, legacy } = meta?;
    if let Some((error, how)) = legacy {
        sink.older_form(error, how)?;
    }
    let name = check_keys(expression, meta, key, span, sink)?;
    let what = meta.as_str();
    // Known from here on, even when its name is bad: references to it are not unknown.
    let definition = table.definitions.len();
    if let Some(Named::Definition(first)) = table.names.get(name) {
        let first = table.definitions[*first].meta.as_str();
        return Err(duplicate(span, first, name));
    }
    if table.names.contains_key(name) {
        return Err(duplicate(span, Meta::Builtin.as_str(), name));
    }
    table.definitions.push(Definition {
        expression: index,
        meta,
        name,
        sound: true,
    });
    table
        .names
        .insert(Cow::Borrowed(name), Named::Definition(definition));
    names::check(span, &format!("'{what}'"), name, false, false, sink)?;
    // QEMU names its array types `…List`. (It named the enums of simple unions and
    // alternates `…Kind` too, before 6.2: see [`implicit_enums`].)
    if name.ends_with("List") {
        return Err(Finding::error(
            codes::RESERVED_NAME,
            span,
            format!("{what} '{name}' should not end in 'List'"),
        ));
    }
    let pragmas = &table.program.pragmas;
    let underscore_allowed = pragmas
        .list("command-name-exceptions")
        .iter()
        .any(|allowed| allowed == name);
    if let Some(message) = names::definition_style(what, name, underscore_allowed) {
        sink.warn(Finding::warning(codes::NAME_STYLE, span, message));
    }
    Ok(())
}

fn duplicate(span: Span, first: &str, name: &str) -> Finding {
    Finding::error(
        codes::DUPLICATE_DEFINITION,
        span,
        format!("{first} '{name}' is already defined"),
    )
}

/// QEMU's `check_keys`: the name is a string, every key is one the meta-type has, the flags
/// have their one value, and the keys it needs are there. Gives the name.
fn check_keys<'p>(
    expression: &'p Expression,
    meta: Meta,
    meta_key: &str,
    span: Span,
    sink: &mut Sink,
) -> Result<&'p str, Finding> {
    let what = meta.as_str();
    let Some(name) = expression.get(meta_key).and_then(|value| value.as_str()) else {
        return Err(Finding::error(
            codes::BAD_VALUE,
            span,
            format!("'{meta_key}' key must have a string value"),
        ));
    };
    let (required, optional) = keys(meta);
    for (key, value) in expression.members() {
        let key = key.name.as_str();
        // QEMU 2.1's anonymous union is an alternate with an empty `discriminator`.
        let legacy_alternate = meta_key == "union" && key == "discriminator";
        if key != meta_key
            && !required.contains(&key)
            && !optional.contains(&key)
            && !legacy_alternate
        {
            return Err(Finding::error(
                codes::UNKNOWN_KEY,
                span,
                format!("Unknown key '{key}' in {what} '{name}'"),
            ));
        }
        let (wanted, legacy) = if FALSE_FLAGS.contains(&key) {
            (false, value.as_str() == Some("no"))
        } else if TRUE_FLAGS.contains(&key) {
            (true, false)
        } else {
            continue;
        };
        if value.kind != ValueKind::Bool(wanted) {
            let (code, how) = match legacy {
                true => (codes::LEGACY_FLAG, "'no', as QEMU 2.1 wrote false"),
                false => (codes::BAD_VALUE, ""),
            };
            let error = Finding::error(
                code,
                span,
                format!("'{key}' of {what} '{name}' should only use {wanted} value"),
            );
            match legacy {
                true => sink.older_form(error, how)?,
                false => return Err(error),
            }
        }
    }
    if let Some(missing) = required.iter().find(|key| expression.get(key).is_none()) {
        return Err(Finding::error(
            codes::MISSING_KEY,
            span,
            format!("Key '{missing}' is missing from {what} '{name}'"),
        ));
    }
    Ok(name)
}

/// The enums QEMU makes of a simple union's or an alternate's branch names (`NameKind`); a
/// schema may name them as types. QEMU 2.10 kept every name ending in `Kind` for them; today's
/// QEMU has no simple unions and takes such names: a definition is an error only where it
/// takes the name of an enum QEMU makes in this schema.
fn implicit_enums(table: &mut Table<'_>, findings: &mut Findings) {
    let mut implicit = Vec::new();
    for definition in &table.definitions {
        let expression = table.expressions[definition.expression];
        let simple_union =
            definition.meta == Meta::Union && expression.get("discriminator").is_none();
        if simple_union || definition.meta == Meta::Alternate {
            let branches = expression
                .get("data")
                .and_then(object)
                .unwrap_or_default()
                .iter()
                .map(|(key, _)| key.name.clone())
                .collect();
            implicit.push((format!("{}Kind", definition.name), branches));
        }
    }
    for (name, branches) in implicit {
        if let Some(Named::Definition(taken)) = table.names.get(name.as_str()) {
            let definition = &table.definitions[*taken];
            let meta = definition.meta.as_str();
            let expression = definition.expression;
            findings.push(
                expression,
                Finding::error(
                    codes::RESERVED_NAME,
                    table.span(expression),
                    format!("{meta} '{name}' should not end in 'Kind'"),
                ),
            );
            table.spoil(expression);
            continue;
        }
        table
            .names
            .entry(Cow::Owned(name))
            .or_insert(Named::Implicit(branches));
    }
}

//! The second pass (QEMU's `check_exprs`, second half): each definition's shape, and the types
//! it names. Enums and structs here; unions and alternates in [`super::unions`], commands and
//! events in [`super::commands`].

use super::commands::{check_command, check_event};
use super::conditions::{check_features, check_if};
use super::table::{Meta, Table, array};
use super::types::{Allowed, check_type};
use super::unions::{check_alternate, check_union};
use super::{Checked, Findings, Sink, Subject, codes, names};
use crate::qapi::ast::{Value, ValueKind};
use crate::qapi::report::Finding;

/// Checks every definition that passed the first pass.
pub(super) fn check(table: &mut Table<'_>, findings: &mut Findings) {
    for index in 0..table.definitions.len() {
        let definition = table.definitions[index].clone();
        if !definition.sound {
            continue;
        }
        let subject = table.subject(&definition);
        let mut sink = Sink {
            findings,
            expression: definition.expression,
        };
        if let Err(error) = check_one(table, definition.meta, &subject, &mut sink) {
            table.definitions[index].sound = false;
            findings.push(definition.expression, error);
        }
    }
}

fn check_one(table: &Table<'_>, meta: Meta, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    match meta {
        Meta::Enum => check_enum(subject, sink)?,
        Meta::Struct => check_struct(table, subject, sink)?,
        Meta::Union => check_union(table, subject, sink)?,
        Meta::Alternate => check_alternate(table, subject, sink)?,
        Meta::Command => check_command(table, subject, sink)?,
        Meta::Event => check_event(table, subject, sink)?,
        Meta::Builtin => {}
    }
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let what = format!("{} '{name}'", meta.as_str());
    check_if(span, &what, expression.get("if"), sink)?;
    check_features(span, &what, expression.get("features"), sink)
}

fn check_enum(subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let bad = |message: String| Err(Finding::error(codes::BAD_VALUE, span, message));
    let Some(values) = expression.get("data").and_then(array) else {
        return bad(format!("Enum '{name}' requires an array for 'data'"));
    };
    if expression
        .get("prefix")
        .is_some_and(|prefix| prefix.as_str().is_none())
    {
        return bad(format!("Enum '{name}' requires a string for 'prefix'"));
    }
    let source = format!("Member of enum '{name}'");
    for value in values {
        let value_name = match &value.kind {
            ValueKind::Str(value_name) => Some(value_name.as_str()),
            ValueKind::Object(keys) => {
                if let Some((key, _)) = keys
                    .iter()
                    .find(|(key, _)| !["name", "if", "features"].contains(&key.name.as_str()))
                {
                    return Err(Finding::error(
                        codes::UNKNOWN_KEY,
                        span,
                        format!("{source} has unknown key '{}'", key.name),
                    ));
                }
                check_if(span, &source, value.get("if"), sink)?;
                check_features(span, &source, value.get("features"), sink)?;
                value.get("name").and_then(Value::as_str)
            }
            _ => None,
        };
        let Some(value_name) = value_name else {
            return Err(Finding::error(
                codes::BAD_NAME,
                span,
                format!("{source} requires a string name"),
            ));
        };
        names::check(span, &source, value_name, false, true, sink)?;
    }
    Ok(())
}

fn check_struct(table: &Table<'_>, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let data = Allowed {
        array: false,
        inline: true,
        optional: true,
        metas: &[],
        unchecked: false,
    };
    let source = format!("'data' for struct '{name}'");
    check_type(table, span, &source, expression.get("data"), data, sink)?;
    let base = Allowed {
        array: false,
        inline: false,
        optional: false,
        metas: &[Meta::Struct],
        unchecked: false,
    };
    let source = format!("'base' for struct '{name}'");
    check_type(table, span, &source, expression.get("base"), base, sink)
}

//! Unions (flat: a base, a discriminator and a branch per discriminator value; simple: branches
//! only, QEMU before 6.2) and alternates (branches told apart by their JSON type).

use std::collections::HashMap;

use super::table::{JsonType, Member, Meta, Named, Table, members, object};
use super::types::{Allowed, MEMBER_METAS, check_type, long_form};
use super::{Checked, Sink, Subject, codes, names};
use crate::model::Span;
use crate::qapi::ast::{Expression, Key, Value};
use crate::qapi::report::Finding;

/// A union's or alternate's `data`: its branches.
fn branches<'e>(
    span: Span,
    what: &str,
    expression: &'e Expression,
) -> Result<&'e [(Key, Value)], Finding> {
    expression.get("data").and_then(object).ok_or_else(|| {
        Finding::error(
            codes::WRONG_TYPE,
            span,
            format!("'data' for {what} should be a dictionary"),
        )
    })
}

/// One branch of `what` (`union 'U'`, `alternate 'A'`): a name QEMU takes, and a type (today's
/// long form unwrapped) of one of the kinds `metas`, or an array where `arrays`. Gives the
/// type.
fn check_branch<'v>(
    table: &Table<'_>,
    span: Span,
    what: &str,
    (key, value): &'v (Key, Value),
    arrays: bool,
    metas: &[Meta],
    sink: &mut Sink,
) -> Result<&'v Value, Finding> {
    let branch = key.name.as_str();
    names::check(
        span,
        &format!("Member of {what}"),
        branch,
        false,
        false,
        sink,
    )?;
    let source = format!("Member '{branch}' of {what}");
    let ty = long_form(span, &source, value, sink)?;
    let allowed = Allowed {
        array: arrays,
        inline: false,
        optional: false,
        metas,
        unchecked: false,
    };
    check_type(table, span, &source, Some(ty), allowed, sink)?;
    Ok(ty)
}

/// A flat union's discriminator enum: its name and values.
type Tag<'t> = (String, Vec<&'t str>);

pub(super) fn check_union(table: &Table<'_>, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let bad = |message: String| Err(Finding::error(codes::BAD_UNION, span, message));
    let data = branches(span, &format!("union '{name}'"), expression)?;
    let base = expression.get("base");
    // The discriminator's enum (a flat union's), and what its branches may be.
    let (tag_values, metas, arrays): (Option<Tag>, &[Meta], bool) =
        match expression.get("discriminator") {
            None => {
                if base.is_some() {
                    return bad(format!("Simple union '{name}' must not have a base"));
                }
                sink.warn(Finding::warning(
                    codes::SIMPLE_UNION,
                    span,
                    format!(
                        "union '{name}' is a simple union (no 'discriminator'): QEMU 6.2 on \
                         take flat unions only"
                    ),
                ));
                (None, &MEMBER_METAS, true)
            }
            Some(discriminator) => {
                let tag = discriminator_enum(table, span, name, base, discriminator, sink)?;
                // Today's QEMU takes a union as a branch too (2.10 only a struct).
                (Some(tag), &[Meta::Struct, Meta::Union], false)
            }
        };
    if data.is_empty() && tag_values.is_none() {
        return bad(format!("Union '{name}' cannot have empty 'data'"));
    }
    let what = format!("union '{name}'");
    for branch in data {
        check_branch(table, span, &what, branch, arrays, metas, sink)?;
        let branch = branch.0.name.as_str();
        if let Some((enum_name, values)) = &tag_values
            && !values.contains(&branch)
        {
            return bad(format!(
                "Discriminator value '{branch}' is not found in enum '{enum_name}'"
            ));
        }
    }
    if let Some((_, values)) = &tag_values {
        let missing: Vec<&str> = values
            .iter()
            .copied()
            .filter(|value| !data.iter().any(|(key, _)| key.name == *value))
            .collect();
        if !missing.is_empty() {
            sink.warn(Finding::warning(
                codes::UNION_MISSING_BRANCH,
                span,
                format!(
                    "Union '{name}' data missing '{}' branch: QEMU before 3.0 reject it, later \
                     ones give the value no members",
                    missing.join("', '")
                ),
            ));
        }
    }
    Ok(())
}

/// A flat union's base and discriminator: the discriminator names a member of the base whose
/// type is an enum. Gives the enum's name and values.
fn discriminator_enum<'t>(
    table: &'t Table<'_>,
    span: Span,
    name: &str,
    base: Option<&Value>,
    discriminator: &Value,
    sink: &mut Sink,
) -> Result<Tag<'t>, Finding> {
    let bad = |message: String| Err(Finding::error(codes::BAD_UNION, span, message));
    let allowed = Allowed {
        array: false,
        inline: true,
        optional: true,
        metas: &[Meta::Struct],
        unchecked: false,
    };
    check_type(
        table,
        span,
        &format!("'base' for union '{name}'"),
        base,
        allowed,
        sink,
    )?;
    let Some(base) = base else {
        return bad(format!("Flat union '{name}' must have a base"));
    };
    let source = format!("Discriminator of flat union '{name}'");
    let Some(discriminator) = discriminator.as_str() else {
        return Err(Finding::error(
            codes::BAD_NAME,
            span,
            format!("{source} requires a string name"),
        ));
    };
    names::check(span, &source, discriminator, false, false, sink)?;
    let base_name = base.as_str().unwrap_or("base");
    let base_members = match base.as_str() {
        Some(struct_name) => struct_members(table, struct_name),
        None => members(base),
    };
    let Some(tag) = base_members
        .iter()
        .find(|member| member.name == discriminator && !member.optional)
    else {
        return bad(format!(
            "Discriminator '{discriminator}' is not a member of base struct '{base_name}'"
        ));
    };
    let enum_name = tag.ty.as_str().unwrap_or_default();
    match table.enum_values(enum_name) {
        Some(values) => Ok((enum_name.to_owned(), values)),
        None => bad(format!(
            "Discriminator '{discriminator}' must be of enumeration type"
        )),
    }
}

/// The members of struct `name` and of its bases (nothing for a name that is no struct; each
/// struct once, so a cycle of bases ends).
pub(super) fn struct_members<'p>(table: &Table<'p>, name: &str) -> Vec<Member<'p>> {
    let mut chain = Vec::new();
    let mut current = Some(name.to_owned());
    while let Some(name) = current.take() {
        let Some((definition, expression)) = table.definition(&name) else {
            break;
        };
        if definition.meta != Meta::Struct || chain.iter().any(|(seen, _)| *seen == definition.name)
        {
            break;
        }
        chain.push((definition.name, expression));
        current = expression
            .get("base")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    chain
        .iter()
        .rev()
        .flat_map(|(_, expression)| expression.get("data").map(members).unwrap_or_default())
        .collect()
}

pub(super) fn check_alternate(
    table: &Table<'_>,
    subject: &Subject<'_>,
    sink: &mut Sink,
) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let bad = |message: String| Err(Finding::error(codes::BAD_ALTERNATE, span, message));
    let data = branches(span, &format!("alternate '{name}'"), expression)?;
    if data.len() < 2 {
        return bad(format!(
            "Alternate '{name}' should have at least two branches in 'data'"
        ));
    }
    let mut seen: HashMap<JsonType, &str> = HashMap::new();
    let what = format!("alternate '{name}'");
    let metas = [Meta::Builtin, Meta::Union, Meta::Struct, Meta::Enum];
    for branch in data {
        // Today's QEMU takes an array as a branch too (2.10 did not).
        let ty = check_branch(table, span, &what, branch, true, &metas, sink)?;
        let branch = branch.0.name.as_str();
        let type_name = ty.as_str().unwrap_or_default();
        let json = match ty.as_str() {
            Some(type_name) => table.json_type(type_name),
            None => Some(JsonType::Array),
        };
        let Some(json) = json else {
            return bad(format!(
                "Alternate '{name}' member '{branch}' cannot use type '{type_name}'"
            ));
        };
        let conflicting = ambiguous_with(table, type_name, json);
        if let Some(other) = conflicting.iter().find_map(|json| seen.get(json)) {
            return bad(format!(
                "Alternate '{name}' member '{branch}' can't be distinguished from member '{other}'"
            ));
        }
        for json in conflicting {
            seen.insert(json, branch);
        }
    }
    Ok(())
}

/// The JSON types a branch of type `type_name` (of JSON type `json`) takes, as QEMU tells
/// branches apart: a string branch also takes what looks like a number or a boolean (an enum,
/// only if one of its values does: `on`/`off`, a leading digit or sign).
fn ambiguous_with(table: &Table<'_>, type_name: &str, json: JsonType) -> Vec<JsonType> {
    let mut types = vec![json];
    if json != JsonType::String {
        return types;
    }
    let enum_values = match table.names.get(type_name) {
        Some(Named::Builtin(_)) | None => None,
        Some(_) => table.enum_values(type_name),
    };
    match enum_values {
        Some(values) => {
            if values.iter().any(|value| *value == "on" || *value == "off") {
                types.push(JsonType::Bool);
            }
            if values
                .iter()
                .any(|value| value.starts_with(|c: char| c.is_ascii_digit() || "-+.".contains(c)))
            {
                types.push(JsonType::Number);
            }
        }
        None => types.extend([JsonType::Number, JsonType::Bool]),
    }
    types
}

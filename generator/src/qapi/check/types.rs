//! QEMU's `check_type`: a type as written where a definition uses one (`data`, `base`,
//! `returns`, a member, a branch) names a known type of an allowed kind, or is an array of
//! one, or (where allowed) declares members inline.

use super::conditions::{check_features, check_if};
use super::names::{self, c_name};
use super::table::{Meta, Table, member_type, object};
use super::{Checked, Sink, codes};
use crate::model::Span;
use crate::qapi::ast::{Value, ValueKind};
use crate::qapi::report::Finding;

/// What a place that takes a type allows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Allowed<'a> {
    /// `['TYPE']`.
    pub array: bool,
    /// Members declared inline (`{ 'name': 'TYPE', … }`).
    pub inline: bool,
    /// Optional members (`'*name'`), inline.
    pub optional: bool,
    /// The kinds of type it may name.
    pub metas: &'a [Meta],
    /// Whether an unknown type name is only a warning: in a command QEMU generates no code
    /// for (`'gen': 'no'`), where QEMU 2.1 took `'visitor'`, `'**'` and `'dict'` unchecked.
    pub unchecked: bool,
}

/// The kinds of type a member may have.
pub(super) const MEMBER_METAS: [Meta; 5] = [
    Meta::Builtin,
    Meta::Union,
    Meta::Alternate,
    Meta::Struct,
    Meta::Enum,
];

/// Checks `value`, the type of `source` (e.g. `'data' for command 'foo'`), when there is one.
pub(super) fn check_type(
    table: &Table<'_>,
    span: Span,
    source: &str,
    value: Option<&Value>,
    allowed: Allowed<'_>,
    sink: &mut Sink,
) -> Checked {
    let Some(mut value) = value else {
        return Ok(());
    };
    let wrong = |message: String| Err(Finding::error(codes::WRONG_TYPE, span, message));
    if let ValueKind::Array(elements) = &value.kind {
        if !allowed.array {
            return wrong(format!("{source} cannot be an array"));
        }
        match elements.as_slice() {
            [element] if element.as_str().is_some() => value = element,
            _ => {
                return wrong(format!(
                    "{source}: array type must contain single type name"
                ));
            }
        }
    }
    if let Some(name) = value.as_str() {
        let Some(meta) = table.meta(name) else {
            let message = format!("{source} uses unknown type '{name}'");
            if allowed.unchecked {
                let error = Finding::error(codes::LEGACY_TYPE, span, message);
                let how = "as QEMU 2.1 took in a command it generated no code for";
                return sink.older_form(error, how);
            }
            return Err(Finding::error(codes::UNKNOWN_TYPE, span, message));
        };
        if !allowed.metas.contains(&meta) {
            return wrong(format!(
                "{source} cannot use {} type '{name}'",
                meta.as_str()
            ));
        }
        return Ok(());
    }
    if !allowed.inline {
        return wrong(format!("{source} should be a type name"));
    }
    let Some(members) = object(value) else {
        return wrong(format!("{source} should be a dictionary or type name"));
    };
    for (key, member) in members {
        let name = key.name.as_str();
        names::check(
            span,
            &format!("Member of {source}"),
            name,
            allowed.optional,
            false,
            sink,
        )?;
        let c = c_name(name.trim_start_matches('*'), false);
        if c == "u" || c.starts_with("has_") {
            return Err(Finding::error(
                codes::RESERVED_NAME,
                span,
                format!("Member of {source} uses reserved name '{name}'"),
            ));
        }
        let source = format!("Member '{name}' of {source}");
        let ty = long_form(span, &source, member, sink)?;
        // QEMU 2.1 took a struct declared inline as a member's type; later ones reject it.
        let nested = object(ty).is_some();
        if nested {
            let error = Finding::error(
                codes::LEGACY_NESTED,
                span,
                format!("{source} should be a type name"),
            );
            sink.older_form(error, "members declared inline, as QEMU 2.1 took")?;
        }
        let allowed = Allowed {
            array: true,
            inline: nested,
            optional: nested,
            metas: &MEMBER_METAS,
            unchecked: allowed.unchecked,
        };
        check_type(table, span, &source, Some(ty), allowed, sink)?;
    }
    Ok(())
}

/// The type of a member or branch: the value itself, or the `type` of today's long form
/// `{ 'type': …, 'if': …, 'features': … }`, whose `if` and `features` are checked here.
pub(super) fn long_form<'v>(
    span: Span,
    source: &str,
    value: &'v Value,
    sink: &mut Sink,
) -> Result<&'v Value, Finding> {
    let ty = member_type(value);
    if std::ptr::eq(ty, value) {
        return Ok(value);
    }
    check_if(span, source, value.get("if"), sink)?;
    check_features(span, source, value.get("features"), sink)?;
    Ok(ty)
}

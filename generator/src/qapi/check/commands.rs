//! Commands and events: their `data` (inline members, or with `boxed` a type name), and a
//! command's `returns`.

use super::table::{Meta, Table, type_name};
use super::types::{Allowed, MEMBER_METAS, check_type};
use super::{Checked, Sink, Subject, codes};

use crate::qapi::ast::{Expression, ValueKind};
use crate::qapi::report::Finding;

/// Today's and QEMU 2.10's pragmas that list the commands allowed to return a non-object.
const RETURNS_EXCEPTIONS: [&str; 2] = ["returns-whitelist", "command-returns-exceptions"];

/// The commands QEMU's generator before 2.10 let return a non-object (of QMP and of the guest
/// agent), for schemas that list no exceptions themselves.
const QEMU_2_9_RETURNS_EXCEPTIONS: [&str; 15] = [
    "human-monitor-command",
    "qom-get",
    "query-migrate-cache-size",
    "query-tpm-models",
    "query-tpm-types",
    "ringbuf-read",
    "guest-file-open",
    "guest-fsfreeze-freeze",
    "guest-fsfreeze-freeze-list",
    "guest-fsfreeze-status",
    "guest-fsfreeze-thaw",
    "guest-get-time",
    "guest-set-vcpus",
    "guest-sync",
    "guest-sync-delimited",
];

/// The `data` of a command or event: inline members, or with `boxed` the name of a struct (or
/// union, or alternate).
fn check_data(table: &Table<'_>, meta: Meta, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    let boxed = expression.get("boxed").is_some();
    let unchecked = generates_nothing(expression);
    let metas: &[Meta] = if boxed {
        &[Meta::Struct, Meta::Union, Meta::Alternate]
    } else {
        &[Meta::Struct]
    };
    let allowed = Allowed {
        array: false,
        inline: !boxed,
        optional: true,
        metas,
        unchecked,
    };
    let source = format!("'data' for {} '{name}'", meta.as_str());
    check_type(table, span, &source, expression.get("data"), allowed, sink)
}

pub(super) fn check_event(table: &Table<'_>, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    check_data(table, Meta::Event, subject, sink)
}

pub(super) fn check_command(table: &Table<'_>, subject: &Subject<'_>, sink: &mut Sink) -> Checked {
    let (span, name, expression) = (subject.span, subject.name, subject.expression);
    check_data(table, Meta::Command, subject, sink)?;
    let source = format!("'returns' for command '{name}'");
    let returns = expression.get("returns");
    let allowed = Allowed {
        array: true,
        inline: false,
        optional: true,
        metas: &MEMBER_METAS,
        unchecked: generates_nothing(expression),
    };
    check_type(table, span, &source, returns, allowed, sink)?;
    // A command returns an object (or an array of objects), unless the schema excepts it.
    let Some(returned) = returns.and_then(type_name) else {
        return Ok(());
    };
    let Some(meta) = table.meta(returned) else {
        return Ok(());
    };
    if matches!(meta, Meta::Struct | Meta::Union) {
        return Ok(());
    }
    let pragmas = &table.program.pragmas;
    let listed = RETURNS_EXCEPTIONS
        .iter()
        .any(|pragma| pragmas.lists.contains_key(*pragma));
    // QEMU 2.10 on read the exceptions from the schema; QEMU before kept them in its
    // generator (the schemas before obey that list too).
    let excepted = if listed {
        RETURNS_EXCEPTIONS
            .iter()
            .any(|pragma| pragmas.list(pragma).iter().any(|allowed| allowed == name))
    } else {
        QEMU_2_9_RETURNS_EXCEPTIONS.contains(&name)
    };
    if excepted {
        return Ok(());
    }
    Err(Finding::error(
        codes::RETURNS_NON_OBJECT,
        span,
        format!("{source} cannot use {} type '{returned}'", meta.as_str()),
    ))
}

/// Whether QEMU generates no code for the command (`'gen': false`, QEMU 2.1's `'gen': 'no'`).
fn generates_nothing(expression: &Expression) -> bool {
    expression
        .get("gen")
        .is_some_and(|flag| flag.kind == ValueKind::Bool(false) || flag.as_str() == Some("no"))
}

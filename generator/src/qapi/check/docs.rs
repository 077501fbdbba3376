//! Doc comments against the definitions they document (QEMU 2.9 on): a definition's block
//! names it, documents only members it has, has `Returns:` only for a command; a block that
//! names a definition is followed by one.
//!
//! The findings of a block alone (its grammar) are the doc reader's ([`crate::qapi::doc`]).
//!
//! QEMU before 2.9 did not compare them, and the schemas written for it break every rule here:
//! in such a schema ([`super::written_before_2_9`]) the findings here are warnings.

use std::collections::HashMap;

use super::table::{Meta, Table, array, enum_value_name, object};
use super::unions::struct_members;
use super::{Findings, codes, downgrade};
use crate::qapi::ast::{Expression, Value};
use crate::qapi::doc::{DocOf, QapiDoc};
use crate::qapi::report::Finding;

/// Checks every doc block against the definition it documents.
pub(super) fn check(table: &Table<'_>, docs: &[DocOf<'_>], findings: &mut Findings) {
    let before_2_9 = findings.before_2_9;
    let verdict = |mut finding: Finding| {
        if before_2_9 {
            downgrade(
                &mut finding,
                "QEMU 2.9 on check it; this schema's doc comments are older",
            );
        }
        finding
    };
    let index_of: HashMap<*const Expression, usize> = table
        .expressions
        .iter()
        .enumerate()
        .map(|(index, expression)| (*expression as *const Expression, index))
        .collect();
    for doc_of in docs {
        let doc = &doc_of.doc;
        let Some(definition) = doc_of.definition else {
            if let Some(symbol) = &doc.symbol {
                // A block naming a definition, before an include, a pragma or nothing (listed
                // with the expression it stands before, if any).
                let carrier = table.expressions.iter().position(|expression| {
                    expression
                        .doc
                        .as_ref()
                        .is_some_and(|block| block.span == doc.span)
                });
                findings.push(
                    carrier.unwrap_or(table.expressions.len()),
                    verdict(Finding::error(
                        codes::DOC_NOT_FOLLOWED,
                        doc.span,
                        format!(
                            "Documentation for '{}' is not followed by the definition",
                            symbol.name
                        ),
                    )),
                );
            }
            continue;
        };
        let Some(&index) = index_of.get(&(definition as *const Expression)) else {
            continue;
        };
        let Some(entry) = table
            .definitions
            .iter()
            .find(|entry| entry.expression == index)
        else {
            continue;
        };
        if let Err(error) = check_doc(table, doc, entry.meta, entry.name, definition) {
            findings.push(index, verdict(error));
        }
    }
}

fn check_doc(
    table: &Table<'_>,
    doc: &QapiDoc,
    meta: Meta,
    name: &str,
    definition: &Expression,
) -> Result<(), Finding> {
    let Some(symbol) = &doc.symbol else {
        return Err(Finding::error(
            codes::DOC_NO_SYMBOL,
            doc.span,
            "Expression documentation required",
        ));
    };
    if symbol.name != name {
        return Err(Finding::error(
            codes::DOC_WRONG_SYMBOL,
            definition.value.span,
            format!(
                "Definition of '{name}' follows documentation for '{}'",
                symbol.name
            ),
        ));
    }
    if meta != Meta::Command && doc.section("Returns").is_some() {
        return Err(Finding::error(
            codes::DOC_RETURNS,
            doc.span,
            "'Returns:' is only valid for commands",
        ));
    }
    let declared = documentable(table, meta, definition);
    let bogus: Vec<&str> = doc
        .args
        .iter()
        .map(|arg| arg.name.as_str())
        .filter(|arg| !declared.contains(arg))
        .collect();
    if !bogus.is_empty() {
        return Err(Finding::error(
            codes::DOC_UNKNOWN_MEMBER,
            doc.span,
            format!(
                "The following documented members are not in the declaration: {}",
                bogus.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The names a definition's doc block may describe as members: an enum's values, an object's
/// own members (a flat union's inline base's too; a simple union's tag `type`), an
/// alternate's branches, a command's or event's parameters (the members of a named
/// argument type too).
fn documentable<'p>(table: &Table<'p>, meta: Meta, definition: &'p Expression) -> Vec<&'p str> {
    let data = definition.get("data");
    let keys = |value: Option<&'p Value>| -> Vec<&'p str> {
        value
            .and_then(object)
            .unwrap_or_default()
            .iter()
            .map(|(key, _)| key.name.trim_start_matches('*'))
            .collect()
    };
    match meta {
        Meta::Enum => data
            .and_then(array)
            .unwrap_or_default()
            .iter()
            .filter_map(enum_value_name)
            .collect(),
        Meta::Struct => keys(data),
        Meta::Union if definition.get("discriminator").is_none() => vec!["type"],
        Meta::Union => keys(definition.get("base")),
        Meta::Alternate => keys(data),
        Meta::Command | Meta::Event => match data.and_then(Value::as_str) {
            Some(type_name) => struct_members(table, type_name)
                .into_iter()
                .map(|member| member.name)
                .collect(),
            None => keys(data),
        },
        Meta::Builtin => Vec::new(),
    }
}

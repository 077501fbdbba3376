//! `if` conditions and `features` lists, on definitions, members, branches and enum values.
//!
//! A condition is a configuration symbol (`'CONFIG_SPICE'`) or `{ 'all': [ … ] }`,
//! `{ 'any': [ … ] }`, `{ 'not': … }` (QEMU 6.1 on); QEMU 3.0-6.0 wrote C expressions
//! (`'defined(CONFIG_SPICE)'`) and lists of them, which later QEMUs reject (a warning here).

use super::table::array;
use super::{Checked, Sink, codes, names};
use crate::model::Span;
use crate::qapi::ast::{Value, ValueKind};
use crate::qapi::report::Finding;

/// Checks the `if` (when there is one) of `what` (e.g. `struct 'Foo'`).
pub(super) fn check_if(
    span: Span,
    what: &str,
    condition: Option<&Value>,
    sink: &mut Sink,
) -> Checked {
    match condition {
        Some(condition) => check_condition(span, what, condition, sink),
        None => Ok(()),
    }
}

fn check_condition(span: Span, what: &str, condition: &Value, sink: &mut Sink) -> Checked {
    let error = |message: String| Err(Finding::error(codes::BAD_CONDITION, span, message));
    match &condition.kind {
        ValueKind::Str(symbol) if symbol.trim().is_empty() => error(format!(
            "'if' condition '{symbol}' of {what} makes no sense"
        )),
        ValueKind::Str(symbol) => {
            if !is_symbol(symbol) {
                sink.warn(Finding::warning(
                    codes::LEGACY_CONDITION,
                    span,
                    format!(
                        "'if' condition '{symbol}' of {what} is a C expression, as QEMU 3.0-6.0 \
                         wrote them; later QEMUs take a symbol or 'all', 'any', 'not'"
                    ),
                ));
            }
            Ok(())
        }
        ValueKind::Array(symbols) => {
            if symbols.is_empty() {
                return error(format!("'if' condition [] of {what} is useless"));
            }
            if symbols
                .iter()
                .any(|symbol| symbol.as_str().is_none_or(|text| text.trim().is_empty()))
            {
                return error(format!(
                    "'if' condition of {what} must be a list of strings"
                ));
            }
            sink.warn(Finding::warning(
                codes::LEGACY_CONDITION,
                span,
                format!(
                    "'if' condition of {what} is a list, as QEMU 3.0-6.0 wrote them; later \
                     QEMUs say {{ 'all': [ … ] }}"
                ),
            ));
            Ok(())
        }
        ValueKind::Object(operators) => {
            let [(operator, operand)] = operators.as_slice() else {
                return error(format!(
                    "'if' condition of {what} must have exactly one of 'all', 'any', 'not'"
                ));
            };
            match operator.name.as_str() {
                "not" => check_condition(span, what, operand, sink),
                "all" | "any" => match array(operand) {
                    Some([]) | None => error(format!(
                        "'{}' condition of {what} needs a non-empty list",
                        operator.name
                    )),
                    Some(operands) => operands
                        .iter()
                        .try_for_each(|operand| check_condition(span, what, operand, sink)),
                },
                other => error(format!(
                    "'if' condition of {what} has unknown operator '{other}'"
                )),
            }
        }
        ValueKind::Bool(_) | ValueKind::Null => error(format!(
            "'if' condition of {what} must be a string or an object"
        )),
    }
}

/// A configuration symbol: letters, digits and `_`, not starting with a digit.
fn is_symbol(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks the `features` (when there are) of `what`: a list of names, or of
/// `{ 'name': …, 'if': … }`.
pub(super) fn check_features(
    span: Span,
    what: &str,
    features: Option<&Value>,
    sink: &mut Sink,
) -> Checked {
    let Some(features) = features else {
        return Ok(());
    };
    let error = |message: String| Err(Finding::error(codes::BAD_FEATURES, span, message));
    let Some(features) = array(features) else {
        return error(format!("'features' of {what} must be an array"));
    };
    let source = format!("Feature of {what}");
    for feature in features {
        let name = match &feature.kind {
            ValueKind::Str(name) => name.as_str(),
            ValueKind::Object(keys) => {
                if let Some((key, _)) = keys
                    .iter()
                    .find(|(key, _)| key.name != "name" && key.name != "if")
                {
                    return error(format!("{source} has unknown key '{}'", key.name));
                }
                check_if(span, &source, feature.get("if"), sink)?;
                match feature.get("name").and_then(Value::as_str) {
                    Some(name) => name,
                    None => return error(format!("{source} requires a string name")),
                }
            }
            _ => return error(format!("{source} requires a string name")),
        };
        names::check(span, &source, name, false, false, sink)?;
    }
    Ok(())
}

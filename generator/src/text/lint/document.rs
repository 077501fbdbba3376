//! Rules about the document itself, not its examples: heading underlines and numbers, events
//! documented twice, fields without a type annotation or documented twice,
//! and `Data: None.` above fields.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::{Data, Event, Field, Heading, Spec, Type};

/// A heading whose underline is longer or shorter than the heading: `underline-length`.
pub fn underline(heading: &Heading, event: &str, out: &mut Vec<Diagnostic>) {
    let Some(underline) = heading.underline else {
        return;
    };
    let wanted = heading.text.chars().count() as u32;
    if underline.length != wanted {
        out.push(
            Diagnostic::warning(
                codes::UNDERLINE_LENGTH,
                underline.span,
                format!(
                    "the underline of `{}` has {} dashes, the heading {wanted} characters",
                    heading.text, underline.length
                ),
            )
            .with_len(underline.length)
            .with_event(event)
            .with_help(format!("underline it with {wanted} dashes")),
        );
    }
}

/// Numbered headings (the earliest versions: `1 SHUTDOWN`, `2 RESET`) whose number is not the
/// one before plus one: `heading-number`. Each heading is judged against the one just above it,
/// so that one slip is reported once, not at every heading after it.
pub fn heading_numbers(headings: &[&Heading], out: &mut Vec<Diagnostic>) {
    let mut previous: Option<u32> = None;
    for heading in headings {
        let Some(number) = heading.number else {
            continue;
        };
        let expected = previous.map_or(1, |p| p.saturating_add(1));
        if number != expected {
            out.push(
                Diagnostic::warning(
                    codes::HEADING_NUMBER,
                    heading.span,
                    format!(
                        "heading `{}` is numbered {number}, but follows {}",
                        heading.text,
                        previous
                            .map_or("no numbered heading".to_owned(), |p| format!("number {p}"))
                    ),
                )
                .with_len(number.to_string().len() as u32)
                .with_event(heading.names.first().map_or("", String::as_str))
                .with_help(format!("number it {expected}")),
            );
        }
        previous = Some(number);
    }
}

/// Every event after the first that bears the same name: `duplicate-event`.
pub fn duplicate_events(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &Event> = BTreeMap::new();
    for event in &spec.events {
        match first.get(event.name.as_str()) {
            Some(earlier) => out.push(
                Diagnostic::error(
                    codes::DUPLICATE_EVENT,
                    event.span,
                    format!(
                        "`{}` is documented twice (first at line {})",
                        event.name, earlier.span.line
                    ),
                )
                .with_len(event.name.chars().count() as u32)
                .with_event(&event.name),
            ),
            None => {
                first.insert(&event.name, event);
            }
        }
    }
}

/// `Data: None.` above a list of fields: `data-none-with-fields`.
pub fn data_none_with_fields(event: &Event, out: &mut Vec<Diagnostic>) {
    if let Data::Fields {
        declared_none: Some(span),
        ..
    } = event.data
    {
        out.push(
            Diagnostic::warning(
                codes::DATA_NONE_WITH_FIELDS,
                span,
                format!(
                    "`{}` says `Data: None.` but documents fields below it; the fields are used",
                    event.name
                ),
            )
            .with_len(5)
            .with_event(&event.name)
            .with_help("write `Data:` above a list of fields"),
        );
    }
}

/// Fields (at any depth) without a type annotation, and fields a member list documents twice.
pub fn fields(event: &Event, out: &mut Vec<Diagnostic>) {
    member_list(&event.fields, &event.name, out);
}

fn member_list(fields: &[Field], event: &str, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &Field> = BTreeMap::new();
    for field in fields {
        let name_len = field.name.chars().count() as u32 + 2;
        if let Some(earlier) = first.get(field.name.as_str()) {
            out.push(
                Diagnostic::error(
                    codes::FIELD_DOCUMENTED_TWICE,
                    field.span,
                    format!(
                        "field `{}` is documented twice (first at line {})",
                        field.name, earlier.span.line
                    ),
                )
                .with_len(name_len)
                .with_event(event),
            );
        } else {
            first.insert(&field.name, field);
        }
        if field.annotation.is_none() && !matches!(field.ty, Some(Type::Named(_))) {
            let guess = match (&field.ty, field.type_inferred) {
                (Some(ty), true) => format!("; read as {ty} from what it lists"),
                _ => "; any value is accepted".to_owned(),
            };
            out.push(
                Diagnostic::warning(
                    codes::UNANNOTATED_FIELD,
                    field.span,
                    format!("field `{}` has no type annotation{guess}", field.name),
                )
                .with_len(name_len)
                .with_event(event)
                .with_help("add an annotation such as `(json-string)` or `(json-int, optional)`"),
            );
        }
        member_list(&field.fields, event, out);
    }
}

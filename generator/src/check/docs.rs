//! What a doc comment schema's documentation leaves out: members no `@member:` line describes,
//! events without `Since:`.
//!
//! Only for QAPI schemas: the text's fields are themselves its documentation (a field cannot
//! be undocumented) and it never stated `Since:` per event; an introspection has no docs.

use crate::diagnostics::{Diagnostic, Severity, codes};
use crate::model::{Event, Format, Schema, TypeKind};

/// The findings about what the schema's doc comments leave out, events in order, then the
/// named types the events reach, by name.
pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    if schema.source.format != Format::Qapi {
        return;
    }
    for event in &schema.events {
        if event.since.is_none() {
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    codes::MISSING_SINCE,
                    event.span,
                    format!("event `{}` has no `Since:` in its doc comment", event.name),
                )
                .with_event(&event.name),
            );
        }
    }
    for named in schema.types.values() {
        let members = match &named.kind {
            TypeKind::Object(object) => &object.members,
            _ => continue,
        };
        let owner = owner(schema, &named.name);
        for member in members.iter().filter(|member| member.doc.is_none()) {
            let mut diagnostic = Diagnostic::at(
                Severity::Warning,
                codes::UNDOCUMENTED_MEMBER,
                member.span,
                format!(
                    "member `{}` of {} is not documented",
                    member.name,
                    owner.map_or_else(
                        || format!("`{}`", named.name),
                        |event| format!("event `{}`", event.name)
                    )
                ),
            );
            if let Some(event) = owner {
                diagnostic = diagnostic.with_event(&event.name);
            }
            out.push(diagnostic);
        }
    }
}

/// The event whose own data type `name` is (an implicit type the front end named by it).
fn owner<'s>(schema: &'s Schema, name: &str) -> Option<&'s Event> {
    schema.events.iter().find(|event| {
        matches!(&event.data, Some(crate::model::TypeRef::Named(data)) if data == name)
            && schema.named(name).is_some_and(|named| named.implicit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Builtin, Doc, Member, NamedType, ObjectType, Source, Span, Text, TypeRef};

    fn member(name: &str, line: u32, doc: Option<&str>) -> Member {
        Member {
            name: name.into(),
            span: Span {
                file: 1,
                line,
                column: 3,
            },
            ty: TypeRef::Builtin(Builtin::Str),
            optional: false,
            doc: doc.map(|text| Text {
                span: Span::new(line, 3),
                text: text.into(),
            }),
            since: None,
            features: Vec::new(),
            condition: None,
        }
    }

    fn schema(format: Format) -> Schema {
        let data = NamedType {
            name: "q_obj_EV-arg".into(),
            span: Span {
                file: 1,
                line: 5,
                column: 1,
            },
            kind: TypeKind::Object(ObjectType {
                base: None,
                members: vec![member("said", 6, Some("words")), member("silent", 7, None)],
            }),
            doc: Doc::default(),
            since: None,
            features: Vec::new(),
            condition: None,
            implicit: true,
        };
        Schema {
            source: Source {
                format,
                ..Source::default()
            },
            events: vec![Event {
                name: "EV".into(),
                span: Span {
                    file: 1,
                    line: 5,
                    column: 13,
                },
                data: Some(TypeRef::Named(data.name.clone())),
                data_span: None,
                doc: Doc::default(),
                since: None,
                features: Vec::new(),
                condition: None,
            }],
            types: [(data.name.clone(), data)].into(),
        }
    }

    #[test]
    fn finds_what_qapi_docs_leave_out_in_their_files() {
        let mut out = Vec::new();
        check(&schema(Format::Qapi), &mut out);
        let found: Vec<(&str, u32, u32, &str)> = out
            .iter()
            .map(|d| (d.code.as_str(), d.file, d.span.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    codes::MISSING_SINCE,
                    1,
                    5,
                    "event `EV` has no `Since:` in its doc comment"
                ),
                (
                    codes::UNDOCUMENTED_MEMBER,
                    1,
                    7,
                    "member `silent` of event `EV` is not documented"
                ),
            ]
        );
    }

    #[test]
    fn other_formats_are_not_judged_so() {
        for format in [Format::Text, Format::Introspection] {
            let mut out = Vec::new();
            check(&schema(format), &mut out);
            assert!(out.is_empty(), "{format:?}: {out:?}");
        }
    }
}

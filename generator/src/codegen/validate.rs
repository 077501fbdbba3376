//! The validators: model → the schema tables of one document.
//!
//! For every documented event the generator writes what its data must be, as `static` data: a
//! [`Schema`](#schema) of the events sorted by name, and per documented object its members in
//! document order, each with its name, line, whether it is required and its type (the documented
//! values of an enumerated string, the members of a nested object). The runtime
//! (`::qmp_events::__private::validate`) checks a message against these tables in one pass over
//! its text: one compiled validator serves every document, so a document costs tables, not
//! functions, to generate and to compile.
//!
//! The generated items live in a private module `validators`; the public entry points are
//! `validate` (text), `validate_bytes` and `validate_value` (a `serde_json::Value`).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::DocRef;
use super::names::{Case, Namespace, ident, screaming_case};
use crate::model::{Data, Field, Spec, Type};

/// The validators for `spec`, documented as coming from `doc`.
pub fn tokens(spec: &Spec, doc: &DocRef) -> TokenStream {
    let mut plan = Plan::default();
    // The schema's own static lives beside the objects' (an event may be called SCHEMA).
    plan.names.reserve(["SCHEMA"]);
    // By name, the order the runtime's binary search needs; the first of two events with one
    // name is the one a message can mean.
    let mut events: BTreeMap<&str, TokenStream> = BTreeMap::new();
    // Events named together by one heading share one description, so one object.
    let mut by_heading: BTreeMap<u32, proc_macro2::Ident> = BTreeMap::new();
    for event in &spec.events {
        let name = event.name.as_str();
        if events.contains_key(name) {
            continue;
        }
        let data = match &event.data {
            Data::Fields { span, .. } => {
                let heading = event.heading.span.line;
                let object = match by_heading.get(&heading) {
                    Some(object) => object.clone(),
                    None => {
                        let object = plan.object(&screaming_case(name), &event.fields, span.line);
                        by_heading.insert(heading, object.clone());
                        object
                    }
                };
                quote!(v::Data::Object(&#object))
            }
            Data::None { span } => {
                let line = line(span.line);
                quote!(v::Data::None(#line))
            }
            // Referenced types, prose and undocumented data accept any JSON.
            Data::Reference { .. } | Data::Prose { .. } | Data::Unspecified => {
                quote!(v::Data::Any)
            }
        };
        events.insert(name, quote!(v::Event::new(#name, #data)));
    }
    let events = events.into_values();
    let objects = plan.objects;
    let file = doc.file();
    let validate_doc = format!(
        " Validates one QMP message, given as JSON text, against the events documented in \
         `{file}`.\n\n Reads the text once, streaming; collects every violation (with its JSON \
         pointer, kind, what was expected and found, and the document line). Text that is not \
         JSON gives a single `not-json` violation."
    );
    let bytes_doc = format!(
        " Validates one QMP message given as bytes (UTF-8 JSON) against `{file}`; like \
         [`validate`]. Bytes that are not UTF-8 give a `not-json` violation."
    );
    let value_doc = format!(
        " Validates one QMP message already read into a `serde_json::Value` against `{file}`; \
         the same checks, paths and kinds as [`validate`]."
    );
    quote! {
        #[doc = #validate_doc]
        pub fn validate(text: &str, mode: ::qmp_events::Mode) -> ::qmp_events::Report {
            ::qmp_events::__private::validate::validate_str(&validators::SCHEMA, text, mode)
        }

        #[doc = #bytes_doc]
        pub fn validate_bytes(bytes: &[u8], mode: ::qmp_events::Mode) -> ::qmp_events::Report {
            ::qmp_events::__private::validate::validate_bytes(&validators::SCHEMA, bytes, mode)
        }

        #[doc = #value_doc]
        pub fn validate_value(
            value: &::qmp_events::__private::serde_json::Value,
            mode: ::qmp_events::Mode,
        ) -> ::qmp_events::Report {
            ::qmp_events::__private::validate::validate_value(&validators::SCHEMA, value, mode)
        }

        /// The schema behind `validate`: what each documented event's data must be, as tables
        /// the runtime's validator reads.
        mod validators {
            use ::qmp_events::__private::validate as v;

            /// The documented events, by name.
            pub(super) static SCHEMA: v::Schema = v::Schema {
                events: &[#(#events),*],
            };

            #(#objects)*
        }
    }
}

/// A document line as a literal.
fn line(line: u32) -> Literal {
    Literal::u32_unsuffixed(line)
}

/// The objects' tables, each a `static` named uniquely.
#[derive(Default)]
struct Plan {
    names: Namespace,
    objects: Vec<TokenStream>,
}

impl Plan {
    /// Plans the table of an object with `fields`, documented at `object_line`; returns the
    /// name of its `static`. Nested objects are planned first, named after their path.
    fn object(&mut self, wanted: &str, fields: &[Field], object_line: u32) -> proc_macro2::Ident {
        let name = ident(&self.names.claim(wanted, Case::Snake));
        let object_line = line(object_line);
        let mut member_names = std::collections::BTreeSet::new();
        let members: Vec<TokenStream> = fields
            .iter()
            // A member documented twice is checked as the first.
            .filter(|field| member_names.insert(field.name.as_str()))
            .map(|field| {
                let wire = &field.name;
                let field_line = line(field.span.line);
                let value = self.value(wanted, field);
                if field.optional {
                    quote!(v::Member::optional(#wire, #field_line, #value))
                } else {
                    quote!(v::Member::required(#wire, #field_line, #value))
                }
            })
            .collect();
        self.objects.push(quote! {
            static #name: v::Object = v::Object::new(#object_line, &[#(#members),*]);
        });
        name
    }

    /// What the value of one member must be (its nested object's table planned first).
    fn value(&mut self, parent: &str, field: &Field) -> TokenStream {
        if !field.fields.is_empty() {
            let wanted = format!("{parent}_{}", screaming_case(&field.name));
            let object = self.object(&wanted, &field.fields, field.span.line);
            return quote!(v::Value::Object(&#object));
        }
        match &field.ty {
            Some(Type::String) if !field.values.is_empty() => {
                let values = field.values.iter().map(|value| value.name.as_str());
                quote!(v::Value::OneOf(&[#(#values),*]))
            }
            Some(Type::String) => quote!(v::Value::String),
            Some(Type::Int) => quote!(v::Value::Int),
            Some(Type::Bool) => quote!(v::Value::Bool),
            Some(Type::Number) => quote!(v::Value::Number),
            Some(Type::Object) => quote!(v::Value::AnyObject),
            // A type documented elsewhere accepts any JSON, and names that type when missing.
            Some(Type::Named(named)) => {
                let named = named.as_str();
                quote!(v::Value::Named(#named))
            }
            // No annotation: any JSON.
            None => quote!(v::Value::Any),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// The validators of `document`, formatted (they must form a Rust file).
    fn generated(document: &str) -> String {
        let parsed = parse(document);
        let file: syn::File = syn::parse2(tokens(&parsed.spec, &DocRef::new("doc.txt")))
            .unwrap_or_else(|error| panic!("not a Rust file: {error}"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn each_event_gets_an_entry_and_each_object_its_table() {
        let code = generated(
            "TRAY\n----\n\nData:\n\n- \"device\": name (json-string)\n- \"tray-open\": open (json-bool)\n- \"mode\": mode (json-string, \"a\" or \"b\")\n- \"server\": server (json-object)\n  - \"port\": port (json-int, optional)\n\nSTOP\n----\n\nData: None.\n",
        );
        // Sorted by name for the runtime's binary search.
        let stop = code.find(r#"v::Event::new("STOP", v::Data::None(15))"#);
        let tray = code.find(r#"v::Event::new("TRAY", v::Data::Object(&TRAY))"#);
        assert!(stop.is_some() && tray.is_some() && stop < tray, "{code}");
        assert!(
            code.contains(r#"v::Member::required("device", 6, v::Value::String)"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Member::required("tray-open", 7, v::Value::Bool)"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Member::required("mode", 8, v::Value::OneOf(&["a", "b"]))"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Member::required("server", 9, v::Value::Object(&TRAY_SERVER))"#),
            "{code}"
        );
        // The optional member is marked so: it is never reported missing.
        assert!(
            code.contains(r#"v::Member::optional("port", 10, v::Value::Int)"#),
            "{code}"
        );
        assert!(
            code.contains("static TRAY_SERVER: v::Object = v::Object::new("),
            "{code}"
        );
    }

    #[test]
    fn documents_without_checked_data_still_generate_a_file() {
        // Only prose and `Data: None.`.
        let code =
            generated("ALPHA\n-----\n\nData: None.\n\nBRAVO\n-----\n\nSomething happened.\n");
        assert!(
            code.contains(r#"v::Event::new("ALPHA", v::Data::None(4))"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Event::new("BRAVO", v::Data::Any)"#),
            "{code}"
        );
        assert!(!code.contains("v::Object ="), "{code}");
    }

    #[test]
    fn repeated_events_and_members_are_checked_as_their_first_documentation() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"x\": x (json-int)\n- \"x\": x again (json-string)\n\nALPHA\n-----\n\nData: None.\n",
        );
        assert_eq!(
            code.matches(r#"v::Event::new("ALPHA""#).count(),
            1,
            "{code}"
        );
        assert_eq!(
            code.matches(r#"v::Member::required("x""#).count(),
            1,
            "{code}"
        );
        assert!(
            code.contains(r#"v::Member::required("x", 6, v::Value::Int)"#),
            "{code}"
        );
    }

    #[test]
    fn object_names_never_take_the_schema_name() {
        let code = generated("SCHEMA\n------\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(
            code.contains(r#"v::Event::new("SCHEMA", v::Data::Object(&SCHEMA_2))"#),
            "{code}"
        );
        assert!(
            code.contains("pub(super) static SCHEMA: v::Schema"),
            "{code}"
        );
    }

    #[test]
    fn events_of_one_heading_share_their_table() {
        let code = generated("A, B\n----\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(
            code.contains(r#"v::Event::new("A", v::Data::Object(&A))"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Event::new("B", v::Data::Object(&A))"#),
            "{code}"
        );
        assert_eq!(code.matches("v::Object = ").count(), 1, "{code}");
    }

    #[test]
    fn untyped_and_referenced_members_accept_anything() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"info\": ACPIOSTInfo type as described in qapi-schema.json\n- \"note\": free text\n- \"blob\": opaque (json-object)\n",
        );
        assert!(
            code.contains(r#"v::Member::required("blob", 8, v::Value::AnyObject)"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::Member::required("note", 7, v::Value::Any)"#),
            "{code}"
        );
    }
}

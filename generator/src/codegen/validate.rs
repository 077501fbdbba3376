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

use proc_macro2::TokenStream;
use quote::quote;
use syn::Expr;

use super::DocRef;
use super::names::{Case, Namespace, screaming_case};
use super::slices::Slice;
use super::syntax::{array, call, integer, parsed, path_expr, reference, string};
use crate::model::{Builtin, Member, Schema, TypeKind, TypeRef, Unknown};

/// The validators for `schema`, documented as coming from `doc`, as tokens.
pub fn tokens(schema: &Schema, doc: &DocRef) -> TokenStream {
    let items = items(schema, doc);
    quote!(#(#items)*)
}

/// The validators for `schema`, documented as coming from `doc`: the entry points and the
/// `validators` module of tables. The tables are built as syntax trees (see
/// [`super::syntax`]): one row per member and per event.
pub fn items(schema: &Schema, doc: &DocRef) -> Vec<syn::Item> {
    Tables::new(schema).items(doc, Slice::WHOLE)
}

/// The planned tables of one document: every name chosen, no syntax built yet, so that the
/// items can be made a slice at a time (see [`super::slices`]).
pub struct Tables<'a> {
    /// The schema the tables describe.
    schema: &'a Schema,
    /// The schema's entries, by event name (the order the runtime's binary search needs).
    events: Vec<(&'a str, EventData)>,
    /// The objects' tables, nested objects before the object holding them.
    objects: Vec<Object<'a>>,
}

/// What an event's entry in the schema says of its data.
enum EventData {
    /// The members of the object table of this name.
    Fields(String),
    /// No data, documented at this line.
    None(u32),
    /// Any JSON.
    Any,
}

/// One object's table.
struct Object<'a> {
    /// The name of its `static`.
    name: String,
    /// The line that documents the object.
    line: u32,
    /// Its members, with the name of a nested object's table.
    members: Vec<(&'a Member, Option<String>)>,
}

impl<'a> Tables<'a> {
    /// Plans the tables of `schema`.
    pub fn new(schema: &'a Schema) -> Self {
        let mut plan = Plan {
            schema,
            names: Namespace::default(),
            objects: Vec::new(),
            path: Vec::new(),
        };
        // The schema's own static lives beside the objects' (an event may be called SCHEMA).
        plan.names.reserve(["SCHEMA"]);
        let mut events: BTreeMap<&str, EventData> = BTreeMap::new();
        // Events that share a data type share its table.
        let mut by_type: BTreeMap<&str, String> = BTreeMap::new();
        for event in &schema.events {
            let name = event.name.as_str();
            let data = match &event.data {
                Some(TypeRef::Named(data)) if plan.object_type(data) => {
                    let object = match by_type.get(data.as_str()) {
                        Some(object) => object.clone(),
                        None => {
                            let line = schema.named(data).map_or(0, |named| named.span.line);
                            let object = plan.object(&screaming_case(name), data, line);
                            by_type.insert(data, object.clone());
                            object
                        }
                    };
                    EventData::Fields(object)
                }
                None => EventData::None(event.data_span.unwrap_or(event.span).line),
                // Types the document does not describe accept any JSON.
                Some(_) => EventData::Any,
            };
            events.insert(name, data);
        }
        Tables {
            schema,
            events: events.into_iter().collect(),
            objects: plan.objects,
        }
    }

    /// The length of the longest list the items hold.
    pub fn longest(&self) -> usize {
        self.events.len().max(self.objects.len())
    }

    /// The entry points and the `validators` module, with `slice`'s events and objects.
    pub fn items(&self, doc: &DocRef, slice: Slice) -> Vec<syn::Item> {
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
        let entry_points: syn::File = parsed(quote! {
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
        });
        let len = self.events.len();
        let entries = self.events[slice.range(len)]
            .iter()
            .map(|(name, data)| call(&["v", "event"], [string(name), data.expr()]));
        let events = array(
            slice
                .start(len)
                .map(|mark| path_expr(&[&mark.to_string()]))
                .into_iter()
                .chain(entries)
                .chain(slice.end(len).map(|mark| path_expr(&[&mark.to_string()]))),
        );
        let mut module: syn::ItemMod = parsed(quote! {
            /// The schema behind `validate`: what each documented event's data must be, as tables
            /// the runtime's validator reads.
            mod validators {
                use ::qmp_events::__private::validate as v;

                /// The documented events, by name.
                pub(super) static SCHEMA: v::Schema = v::Schema { events: &#events };
            }
        });
        if let Some((_, content)) = &mut module.content {
            let len = self.objects.len();
            let mark_item = |mark: proc_macro2::Ident| -> syn::Item { parsed(quote!(#mark!();)) };
            content.extend(slice.start(len).map(mark_item));
            content.extend(
                self.objects[slice.range(len)]
                    .iter()
                    .map(|object| object.item(self.schema)),
            );
            content.extend(slice.end(len).map(mark_item));
        }
        let mut items = entry_points.items;
        items.push(syn::Item::Mod(module));
        items
    }
}

impl EventData {
    /// The entry's data expression (`v::fields(&TRAY)`).
    fn expr(&self) -> Expr {
        match self {
            EventData::Fields(object) => call(&["v", "fields"], [reference(path_expr(&[object]))]),
            EventData::None(line) => call(&["v", "no_data"], [integer(*line)]),
            EventData::Any => path_expr(&["v", "ANY_DATA"]),
        }
    }
}

impl Object<'_> {
    /// `static NAME: v::Object = v::Object::new(line, &[rows…]);`
    fn item(&self, schema: &Schema) -> syn::Item {
        let members = self.members.iter().map(|(member, nested)| {
            let presence = if member.optional {
                "optional"
            } else {
                "required"
            };
            let row = [
                string(&member.name),
                integer(member.span.line),
                value(schema, member, nested.as_deref()),
            ];
            call(&["v", presence], row)
        });
        let table = call(
            &["v", "Object", "new"],
            [integer(self.line), reference(array(members))],
        );
        let mut item: syn::ItemStatic = parsed(quote!(
            static OBJECT: v::Object = OBJECT;
        ));
        item.ident = syn::Ident::new(&self.name, proc_macro2::Span::call_site());
        item.expr = Box::new(table);
        syn::Item::Static(item)
    }
}

/// What the value of one member must be; `nested` names its nested object's table.
fn value(schema: &Schema, member: &Member, nested: Option<&str>) -> Expr {
    if let Some(object) = nested {
        return call(&["v", "object"], [reference(path_expr(&[object]))]);
    }
    let constant = match &member.ty {
        TypeRef::Named(name) => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Enum(values)) => {
                let values = values.values.iter().map(|value| string(&value.name));
                return call(&["v", "one_of"], [reference(array(values))]);
            }
            _ => "ANY",
        },
        // A type documented elsewhere accepts any JSON, and names that type when missing.
        TypeRef::Unknown(Unknown::Elsewhere { name }) => {
            return call(&["v", "named"], [string(name)]);
        }
        TypeRef::Builtin(Builtin::Str) => "STRING",
        TypeRef::Builtin(builtin) if builtin.range().is_some() => "INT",
        TypeRef::Builtin(Builtin::Bool) => "BOOL",
        TypeRef::Builtin(Builtin::Number) => "NUMBER",
        TypeRef::Unknown(Unknown::Members) => "ANY_OBJECT",
        // No annotation: any JSON.
        _ => "ANY",
    };
    path_expr(&["v", constant])
}

/// The names of the objects' tables, chosen in document order.
struct Plan<'a> {
    schema: &'a Schema,
    names: Namespace,
    objects: Vec<Object<'a>>,
    /// The object types whose tables are being planned, with their tables' names.
    path: Vec<(&'a str, String)>,
}

impl<'a> Plan<'a> {
    /// Whether `name` is an object type of the schema.
    fn object_type(&self, name: &str) -> bool {
        matches!(
            self.schema.named(name).map(|named| &named.kind),
            Some(TypeKind::Object(_))
        )
    }

    /// Plans the table of the object type `object`, documented at `object_line`; returns the
    /// name of its `static`. Nested objects are planned first, named after their path.
    fn object(&mut self, wanted: &str, object: &'a str, object_line: u32) -> String {
        let name = self.names.claim(wanted, Case::Snake);
        // A type that holds itself refers to the table already being planned for it.
        self.path.push((object, name.clone()));
        let members = self
            .schema
            .object_members(object)
            .into_iter()
            .map(|member| {
                let nested = match &member.ty {
                    TypeRef::Named(nested) if self.object_type(nested) => {
                        Some(match self.path.iter().find(|(ty, _)| ty == nested) {
                            Some((_, table)) => table.clone(),
                            None => {
                                let wanted = format!("{wanted}_{}", screaming_case(&member.name));
                                self.object(&wanted, nested, member.span.line)
                            }
                        })
                    }
                    _ => None,
                };
                (member, nested)
            })
            .collect();
        self.path.pop();
        self.objects.push(Object {
            name: name.clone(),
            line: object_line,
            members,
        });
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse::parse;

    /// The validators of `document`, formatted (they must form a Rust file).
    fn generated(document: &str) -> String {
        let parsed = parse(document);
        let schema = crate::text::lower::lower(&parsed.spec, "doc.txt");
        let file: syn::File = syn::parse2(tokens(&schema, &DocRef::new("doc.txt")))
            .unwrap_or_else(|error| panic!("not a Rust file: {error}"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn each_event_gets_an_entry_and_each_object_its_table() {
        let code = generated(
            "TRAY\n----\n\nData:\n\n- \"device\": name (json-string)\n- \"tray-open\": open (json-bool)\n- \"mode\": mode (json-string, \"a\" or \"b\")\n- \"server\": server (json-object)\n  - \"port\": port (json-int, optional)\n\nSTOP\n----\n\nData: None.\n",
        );
        // Sorted by name for the runtime's binary search.
        let stop = code.find(r#"v::event("STOP", v::no_data(15))"#);
        let tray = code.find(r#"v::event("TRAY", v::fields(&TRAY))"#);
        assert!(stop.is_some() && tray.is_some() && stop < tray, "{code}");
        assert!(
            code.contains(r#"v::required("device", 6, v::STRING)"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::required("tray-open", 7, v::BOOL)"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::required("mode", 8, v::one_of(&["a", "b"]))"#),
            "{code}"
        );
        assert!(
            code.contains(r#"v::required("server", 9, v::object(&TRAY_SERVER))"#),
            "{code}"
        );
        // The optional member is marked so: it is never reported missing.
        assert!(
            code.contains(r#"v::optional("port", 10, v::INT)"#),
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
            code.contains(r#"v::event("ALPHA", v::no_data(4))"#),
            "{code}"
        );
        assert!(code.contains(r#"v::event("BRAVO", v::ANY_DATA)"#), "{code}");
        assert!(!code.contains("v::Object ="), "{code}");
    }

    #[test]
    fn repeated_events_and_members_are_checked_as_their_first_documentation() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"x\": x (json-int)\n- \"x\": x again (json-string)\n\nALPHA\n-----\n\nData: None.\n",
        );
        assert_eq!(code.matches(r#"v::event("ALPHA""#).count(), 1, "{code}");
        assert_eq!(code.matches(r#"v::required("x""#).count(), 1, "{code}");
        assert!(code.contains(r#"v::required("x", 6, v::INT)"#), "{code}");
    }

    #[test]
    fn object_names_never_take_the_schema_name() {
        let code = generated("SCHEMA\n------\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(
            code.contains(r#"v::event("SCHEMA", v::fields(&SCHEMA_2))"#),
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
        assert!(code.contains(r#"v::event("A", v::fields(&A))"#), "{code}");
        assert!(code.contains(r#"v::event("B", v::fields(&A))"#), "{code}");
        assert_eq!(code.matches("v::Object = ").count(), 1, "{code}");
    }

    #[test]
    fn untyped_and_referenced_members_accept_anything() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"info\": ACPIOSTInfo type as described in qapi-schema.json\n- \"note\": free text\n- \"blob\": opaque (json-object)\n",
        );
        assert!(
            code.contains(r#"v::required("blob", 8, v::ANY_OBJECT)"#),
            "{code}"
        );
        assert!(code.contains(r#"v::required("note", 7, v::ANY)"#), "{code}");
    }
}

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

use proc_macro2::TokenStream;
use quote::quote;
use syn::Expr;

use super::DocRef;
use super::slices::Slice;
use super::syntax::{array, call, integer, parsed, path_expr, reference, string};
use crate::model::{Builtin, Schema};
use crate::tables::{Data, Plan, Value};

/// The validators for `schema`, documented as coming from `doc`, as tokens.
pub fn tokens(schema: &Schema, doc: &DocRef) -> TokenStream {
    let items = items(schema, doc);
    quote!(#(#items)*)
}

/// The validators for `schema`, documented as coming from `doc`: the entry points and the
/// `validators` module of tables. The tables are built as syntax trees (see
/// [`super::syntax`]): one row per member and per event.
pub fn items(schema: &Schema, doc: &DocRef) -> Vec<syn::Item> {
    Tables::new(&Plan::new(schema)).items(doc, Slice::WHOLE)
}

/// The planned tables of one schema (see [`crate::tables`]), rendered a slice at a time (see
/// [`super::slices`]).
pub struct Tables<'p> {
    plan: &'p Plan,
}

/// `static NAME: TYPE = value;`
fn static_item(name: &str, ty: TokenStream, value: Expr) -> syn::Item {
    let mut item: syn::ItemStatic = parsed(quote!(static TABLE: #ty = TABLE;));
    item.ident = syn::Ident::new(name, proc_macro2::Span::call_site());
    item.expr = Box::new(value);
    syn::Item::Static(item)
}

/// `[v::Thing; len]`.
fn array_type(thing: &str, len: usize) -> TokenStream {
    let thing = syn::Ident::new(thing, proc_macro2::Span::call_site());
    let len = proc_macro2::Literal::usize_unsuffixed(len);
    quote!([v::#thing; #len])
}

/// `&NAME`, or `&[]` for an empty table (which needs no static).
fn table_ref(name: &str, len: usize) -> Expr {
    if len == 0 {
        reference(array([]))
    } else {
        reference(path_expr(&[name]))
    }
}

impl<'p> Tables<'p> {
    /// The tables of `plan` (a [`super::TypeSpace`] plans them with the types).
    pub fn new(plan: &'p Plan) -> Self {
        Tables { plan }
    }

    /// The length of the longest list the items hold.
    pub fn longest(&self) -> usize {
        self.plan.longest()
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
        let plan = &self.plan;
        let schema = call(
            &["v", "Schema", "new"],
            [
                table_ref("EVENTS", plan.events.len()),
                table_ref("OBJECTS", plan.objects.len()),
                table_ref("VALUES", plan.values.len()),
                table_ref("UNIONS", plan.unions.len()),
                table_ref("ALTERNATES", plan.alternates.len()),
            ],
        );
        let mut module: syn::ItemMod = parsed(quote! {
            /// The schema behind `validate`: what each documented event's data must be, as tables
            /// the runtime's validator reads. The tables refer to each other by index (an
            /// object's index in `OBJECTS`); a table of values with destructors is a `static` of
            /// its own, as a borrow in a `const fn`'s argument is not promoted to one.
            mod validators {
                use ::qmp_events::__private::validate as v;

                /// The documented events, by name, and the tables their data refers to.
                pub(super) static SCHEMA: v::Schema = SCHEMA;
            }
        });
        let Some((_, content)) = &mut module.content else {
            return entry_points.items;
        };
        if let Some(syn::Item::Static(item)) = content.last_mut() {
            *item.expr = schema;
        }
        let sliced = |len: usize, rows: &mut dyn Iterator<Item = Expr>| {
            array(
                slice
                    .start(len)
                    .map(|mark| path_expr(&[&mark.to_string()]))
                    .into_iter()
                    .chain(rows)
                    .chain(slice.end(len).map(|mark| path_expr(&[&mark.to_string()]))),
            )
        };
        let events = &plan.events;
        if !events.is_empty() {
            let mut rows = events[slice.range(events.len())].iter().map(|event| {
                call(
                    &["v", "event"],
                    [string(&event.name), data_expr(event.data)],
                )
            });
            let table = sliced(events.len(), &mut rows);
            content.push(static_item(
                "EVENTS",
                array_type("Event", events.len()),
                table,
            ));
        }
        let objects = &plan.objects;
        if !objects.is_empty() {
            let mut rows = objects[slice.range(objects.len())].iter().map(|object| {
                call(
                    &["v", "Object", "new"],
                    [integer(object.line), reference(path_expr(&[&object.name]))],
                )
            });
            let table = sliced(objects.len(), &mut rows);
            content.push(static_item(
                "OBJECTS",
                array_type("Object", objects.len()),
                table,
            ));
        }
        if !plan.values.is_empty() {
            let table = array(plan.values.iter().map(value_expr));
            content.push(static_item(
                "VALUES",
                array_type("Value", plan.values.len()),
                table,
            ));
        }
        if !plan.unions.is_empty() {
            let table = array(plan.unions.iter().map(|union| {
                call(
                    &["v", "Union", "new"],
                    [
                        integer(union.base),
                        string(&union.discriminator),
                        reference(path_expr(&[&union.name])),
                    ],
                )
            }));
            content.push(static_item(
                "UNIONS",
                array_type("Union", plan.unions.len()),
                table,
            ));
            for union in &plan.unions {
                let variants = union.variants.iter().map(|(value, object)| {
                    call(&["v", "Variant", "new"], [string(value), integer(*object)])
                });
                let ty = array_type("Variant", union.variants.len());
                content.push(static_item(&union.name, ty, array(variants)));
            }
        }
        if !plan.alternates.is_empty() {
            let table = array(plan.alternates.iter().map(|alternate| {
                call(
                    &["v", "Alternate", "new"],
                    [reference(path_expr(&[&alternate.name]))],
                )
            }));
            let ty = array_type("Alternate", plan.alternates.len());
            content.push(static_item("ALTERNATES", ty, table));
            for alternate in &plan.alternates {
                let ty = array_type("Value", alternate.choices.len());
                let choices = array(alternate.choices.iter().map(value_expr));
                content.push(static_item(&alternate.name, ty, choices));
            }
        }
        let len = objects.len();
        let mark_item = |mark: proc_macro2::Ident| -> syn::Item { parsed(quote!(#mark!();)) };
        content.extend(slice.start(len).map(mark_item));
        content.extend(objects[slice.range(len)].iter().map(|object| {
            let members = object.members.iter().map(|member| {
                let presence = if member.required {
                    "required"
                } else {
                    "optional"
                };
                let row = [
                    string(&member.name),
                    integer(member.line),
                    value_expr(&member.value),
                ];
                call(&["v", presence], row)
            });
            let ty = array_type("Member", object.members.len());
            static_item(&object.name, ty, array(members))
        }));
        content.extend(slice.end(len).map(mark_item));
        let mut items = entry_points.items;
        items.push(syn::Item::Mod(module));
        items
    }
}

/// An event's data expression (`v::fields(3)`).
fn data_expr(data: Data) -> Expr {
    match data {
        Data::Object(object) => call(&["v", "fields"], [integer(object)]),
        Data::Union(union) => call(&["v", "Data", "Union"], [integer(union)]),
        Data::None(line) => call(&["v", "no_data"], [integer(line)]),
        Data::Any => path_expr(&["v", "ANY_DATA"]),
    }
}

/// What a value must be (`v::STRING`, `v::one_of(&["a", "b"])`, `v::object(3)`).
fn value_expr(value: &Value) -> Expr {
    let constant = match value {
        Value::Named(named) => return call(&["v", "named"], [string(named)]),
        Value::OneOf(values) => {
            let values = values.iter().map(|value| string(value));
            return call(&["v", "one_of"], [reference(array(values))]);
        }
        Value::Object(at) => return call(&["v", "object"], [integer(*at)]),
        Value::Array(at) => return call(&["v", "array"], [integer(*at)]),
        Value::Union(at) => return call(&["v", "union"], [integer(*at)]),
        Value::Alternate(at) => return call(&["v", "alternate"], [integer(*at)]),
        Value::Ranged(builtin) => {
            return call(
                &["v", "ranged"],
                [path_expr(&["v", "Ranged", ranged(*builtin)])],
            );
        }
        Value::String => "STRING",
        Value::Int => "INT",
        Value::Bool => "BOOL",
        Value::Number => "NUMBER",
        Value::Null => "NULL",
        Value::AnyObject => "ANY_OBJECT",
        Value::Any => "ANY",
    };
    path_expr(&["v", constant])
}

/// The runtime's name of a sized integer type.
fn ranged(builtin: Builtin) -> &'static str {
    match builtin {
        Builtin::Int8 => "Int8",
        Builtin::Int16 => "Int16",
        Builtin::Int32 => "Int32",
        Builtin::Uint8 => "Uint8",
        Builtin::Uint16 => "Uint16",
        Builtin::Uint32 => "Uint32",
        Builtin::AnyInt => "AnyInt",
        _ => "Uint64",
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
        let tray = code.find(r#"v::event("TRAY", v::fields(0))"#);
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
            code.contains(r#"v::required("server", 9, v::object(1))"#),
            "{code}"
        );
        // The optional member is marked so: it is never reported missing.
        assert!(
            code.contains(r#"v::optional("port", 10, v::ranged(v::Ranged::AnyInt))"#),
            "{code}"
        );
        assert!(
            code.contains("static TRAY_SERVER: [v::Member; 1] = ["),
            "{code}"
        );
        assert!(code.contains("v::Object::new(9, &TRAY_SERVER)"), "{code}");
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
        assert!(!code.contains("v::Object"), "{code}");
    }

    #[test]
    fn repeated_events_and_members_are_checked_as_their_first_documentation() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"x\": x (json-int)\n- \"x\": x again (json-string)\n\nALPHA\n-----\n\nData: None.\n",
        );
        assert_eq!(code.matches(r#"v::event("ALPHA""#).count(), 1, "{code}");
        assert_eq!(code.matches(r#"v::required("x""#).count(), 1, "{code}");
        assert!(
            code.contains(r#"v::required("x", 6, v::ranged(v::Ranged::AnyInt))"#),
            "{code}"
        );
    }

    #[test]
    fn object_names_never_take_the_schema_name() {
        let code = generated("SCHEMA\n------\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(code.contains("static SCHEMA_2: [v::Member; 1]"), "{code}");
        assert!(
            code.contains("pub(super) static SCHEMA: v::Schema"),
            "{code}"
        );
    }

    #[test]
    fn events_of_one_heading_share_their_table() {
        let code = generated("A, B\n----\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(code.contains(r#"v::event("A", v::fields(0))"#), "{code}");
        assert!(code.contains(r#"v::event("B", v::fields(0))"#), "{code}");
        assert_eq!(code.matches("v::Object::new(").count(), 1, "{code}");
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

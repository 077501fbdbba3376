//! The validators: model → a `validate` function specialised to one document.
//!
//! For every event the generator writes the checks of its data as code: a `match` from event
//! name to a data check ([`Schema`](#schema)), and for every documented object a `match` from
//! member name to the expectation of that member, followed by the required members that did not
//! come. Nothing walks the model at run time; the runtime
//! (`::qmp_events::__private::validate`) supplies only the streaming reader, the path and depth
//! bookkeeping and the checks of single JSON values.
//!
//! The generated items live in a private module `validators`; the public entry points are
//! `validate` (text), `validate_bytes` and `validate_value` (a `serde_json::Value`).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::DocRef;
use super::names::{Case, Namespace, camel_case, ident};
use crate::model::{Data, Field, Spec, Type};

/// The validators for `spec`, documented as coming from `doc`.
pub fn tokens(spec: &Spec, doc: &DocRef) -> TokenStream {
    let mut plan = Plan::default();
    // The schema's own type lives beside the objects' (an event may be called DOCUMENT).
    plan.names.reserve(["Document"]);
    let mut arms = Vec::new();
    let mut data_arms = Vec::new();
    let mut without_data_arms = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Events named together by one heading share one description, so one set of checks.
    let mut by_heading: std::collections::BTreeMap<u32, proc_macro2::Ident> = Default::default();
    for event in &spec.events {
        // The first of two events with one name is the one a message can mean.
        if !seen.insert(event.name.as_str()) {
            continue;
        }
        let index = Literal::usize_unsuffixed(arms.len());
        let name = &event.name;
        arms.push(quote!(#name => Some(#index),));
        let expect = match &event.data {
            Data::Fields { span, .. } => {
                let line = line(span.line);
                let heading = event.heading.span.line;
                let members = match by_heading.get(&heading) {
                    Some(members) => members.clone(),
                    None => {
                        let members =
                            plan.object(&camel_case(&event.name), &event.fields, span.line);
                        by_heading.insert(heading, members.clone());
                        members
                    }
                };
                if event.fields.iter().any(|field| !field.optional) {
                    let check = quote!(ctx.missing("data", "json-object", #line));
                    without_data_arms.push((index.clone(), check));
                }
                quote!(v::Object::<#members>::new(#line))
            }
            Data::None { span } => {
                let line = line(span.line);
                quote!(v::NoData(#line))
            }
            // Referenced types, prose and undocumented data accept any JSON.
            Data::Reference { .. } | Data::Prose { .. } | Data::Unspecified => continue,
        };
        data_arms.push(quote!(#index => serde::de::DeserializeSeed::deserialize(v::Seed::new(ctx, #expect), data),));
    }

    let event_fn = if arms.is_empty() {
        quote!(
            fn event(_: &str) -> Option<usize> {
                None
            }
        )
    } else {
        quote! {
            fn event(name: &str) -> Option<usize> {
                match name {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    };
    let any = quote!(serde::de::DeserializeSeed::deserialize(
        v::Seed::new(ctx, v::Any),
        data
    ));
    let data_body = if data_arms.is_empty() {
        quote!(let _ = event; #any)
    } else {
        quote! {
            match event {
                #(#data_arms)*
                _ => #any,
            }
        }
    };
    let without_data_fn = match without_data_arms.as_slice() {
        [] => quote!(
            fn without_data(_: usize, _: &mut v::Ctx) {}
        ),
        // One event needs data: an `if` (clippy's single_match wants no one-arm `match`).
        [(index, check)] => quote! {
            fn without_data(event: usize, ctx: &mut v::Ctx) {
                if event == #index {
                    #check;
                }
            }
        },
        arms => {
            let arms = arms.iter().map(|(index, check)| quote!(#index => #check,));
            quote! {
                fn without_data(event: usize, ctx: &mut v::Ctx) {
                    match event {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    };
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
            ::qmp_events::__private::validate::validate_str::<validators::Document>(text, mode)
        }

        #[doc = #bytes_doc]
        pub fn validate_bytes(bytes: &[u8], mode: ::qmp_events::Mode) -> ::qmp_events::Report {
            ::qmp_events::__private::validate::validate_bytes::<validators::Document>(bytes, mode)
        }

        #[doc = #value_doc]
        pub fn validate_value(
            value: &::qmp_events::__private::serde_json::Value,
            mode: ::qmp_events::Mode,
        ) -> ::qmp_events::Report {
            ::qmp_events::__private::validate::validate_value::<validators::Document>(value, mode)
        }

        /// The generated checks behind `validate`: one `match` per event and per object. (The
        /// standard prelude applies in this module whatever the including module declares.)
        mod validators {
            use ::qmp_events::__private::serde;
            use ::qmp_events::__private::validate as v;

            /// The documented events.
            pub(super) struct Document;

            impl v::Schema for Document {
                #event_fn

                fn data<'de, D: serde::Deserializer<'de>>(
                    event: usize,
                    ctx: &mut v::Ctx,
                    data: D,
                ) -> Result<(), D::Error> {
                    #data_body
                }

                #without_data_fn
            }

            #(#objects)*
        }
    }
}

/// A document line as a literal.
fn line(line: u32) -> Literal {
    Literal::u32_unsuffixed(line)
}

/// The objects to generate checks for, named uniquely.
#[derive(Default)]
struct Plan {
    names: Namespace,
    objects: Vec<TokenStream>,
}

impl Plan {
    /// Plans the checks of an object with `fields`, documented at `object_line`; returns the
    /// name of its `Members` type. Nested objects are planned first, named after their path.
    fn object(&mut self, wanted: &str, fields: &[Field], object_line: u32) -> proc_macro2::Ident {
        let name = ident(&self.names.claim(wanted, Case::Camel));
        let documented = documented(fields);
        let object_line = line(object_line);
        let mut member_names = std::collections::BTreeSet::new();
        let fields: Vec<&Field> = fields
            .iter()
            // A member documented twice is checked as the first.
            .filter(|field| member_names.insert(field.name.as_str()))
            .collect();
        let mut index_arms = Vec::new();
        // The documented names by index (`MEMBERS`): the path steps into them without copying.
        let mut wires = Vec::new();
        let mut member_arms = Vec::new();
        let mut missing = Vec::new();
        for (index, field) in fields.iter().enumerate() {
            let wire = &field.name;
            let at = Literal::usize_unsuffixed(index);
            let field_line = line(field.span.line);
            index_arms.push(quote!(#wire => Some(#at),));
            wires.push(wire);
            let (expect, statics) = self.expectation(wanted, field);
            member_arms.push(quote! {
                Some(#at) => {
                    #statics
                    ctx.once(&mut seen[#at]);
                    serde::de::MapAccess::next_value_seed(&mut map, v::Seed::new(ctx, #expect))?;
                }
            });
            if !field.optional {
                let expected = expected(field);
                missing.push(quote! {
                    if !seen[#at] {
                        ctx.missing(#wire, #expected, #field_line);
                    }
                });
            }
        }
        let count = Literal::usize_unsuffixed(fields.len());
        let undocumented = quote! {
            others.undocumented(ctx, #documented, Some(#object_line));
            serde::de::MapAccess::next_value_seed(&mut map, v::Seed::new(ctx, v::Any))?;
        };
        let body = if fields.is_empty() {
            quote! {
                let mut others = v::KeySet::default();
                while serde::de::MapAccess::next_key_seed(&mut map, v::KeySeed::new(ctx, &[], |_| None))?.is_some() {
                    #undocumented
                    ctx.pop();
                }
            }
        } else {
            quote! {
                const MEMBERS: [&str; #count] = [#(#wires),*];
                let mut seen = [false; #count];
                let mut others = v::KeySet::default();
                let index = |name: &str| match name {
                    #(#index_arms)*
                    _ => None,
                };
                while let Some(key) =
                    serde::de::MapAccess::next_key_seed(&mut map, v::KeySeed::new(ctx, &MEMBERS, index))?
                {
                    match key {
                        #(#member_arms)*
                        _ => {
                            #undocumented
                        }
                    }
                    ctx.pop();
                }
                #(#missing)*
            }
        };
        self.objects.push(quote! {
            struct #name;

            impl v::Members for #name {
                fn visit<'de, A: serde::de::MapAccess<'de>>(
                    ctx: &mut v::Ctx,
                    mut map: A,
                ) -> Result<(), A::Error> {
                    #body
                    Ok(())
                }
            }
        });
        name
    }

    /// The expectation of one member, and the static its check needs (the documented values).
    fn expectation(&mut self, parent: &str, field: &Field) -> (TokenStream, TokenStream) {
        let field_line = line(field.span.line);
        if !field.fields.is_empty() {
            let wanted = format!("{parent}{}", camel_case(&field.name));
            let members = self.object(&wanted, &field.fields, field.span.line);
            return (quote!(v::Object::<#members>::new(#field_line)), quote!());
        }
        match &field.ty {
            Some(Type::String) if !field.values.is_empty() => {
                let values: Vec<&str> = field
                    .values
                    .iter()
                    .map(|value| value.name.as_str())
                    .collect();
                let expected = format!("one of {}", quoted(&values));
                let name = format_ident!("VALUES");
                let statics = quote! {
                    static #name: v::Values = v::Values {
                        contains: |value| ::core::matches!(value, #(#values)|*),
                        expected: #expected,
                    };
                };
                (quote!(v::Str::one_of(#field_line, &#name)), statics)
            }
            Some(Type::String) => (quote!(v::Str::any(#field_line)), quote!()),
            Some(Type::Int) => (quote!(v::Int(#field_line)), quote!()),
            Some(Type::Bool) => (quote!(v::Bool(#field_line)), quote!()),
            Some(Type::Number) => (quote!(v::Number(#field_line)), quote!()),
            Some(Type::Object) => (quote!(v::AnyObject(#field_line)), quote!()),
            // A type documented elsewhere, or no annotation: any JSON.
            Some(Type::Named(_)) | None => (quote!(v::Any), quote!()),
        }
    }
}

/// What a missing member should have been.
fn expected(field: &Field) -> String {
    match &field.ty {
        _ if !field.fields.is_empty() => Type::Object.as_str().to_owned(),
        Some(ty) => ty.as_str().to_owned(),
        None => "any JSON value".to_owned(),
    }
}

/// What an object documents, for an undocumented member: `the documented members "a", "b"`.
fn documented(fields: &[Field]) -> String {
    if fields.is_empty() {
        return "no documented members".to_owned();
    }
    let names: Vec<&str> = fields.iter().map(|field| field.name.as_str()).collect();
    format!("the documented members {}", quoted(&names))
}

/// Names as JSON strings, separated by commas.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| serde_json::Value::from(*name).to_string())
        .collect::<Vec<_>>()
        .join(", ")
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
    fn each_event_gets_a_match_arm_and_each_object_its_members() {
        let code = generated(
            "TRAY\n----\n\nData:\n\n- \"device\": name (json-string)\n- \"tray-open\": open (json-bool)\n- \"mode\": mode (json-string, \"a\" or \"b\")\n- \"server\": server (json-object)\n  - \"port\": port (json-int, optional)\n\nSTOP\n----\n\nData: None.\n",
        );
        assert!(code.contains(r#""TRAY" => Some(0),"#), "{code}");
        assert!(code.contains(r#""STOP" => Some(1),"#), "{code}");
        assert!(code.contains("v::Object::<Tray>::new(4)"), "{code}");
        assert!(code.contains("v::NoData(15)"), "{code}");
        assert!(code.contains(r#""tray-open" => Some(1),"#), "{code}");
        assert!(code.contains("v::Bool(7)"), "{code}");
        assert!(
            code.contains(r#"::core::matches!(value, "a" | "b")"#),
            "{code}"
        );
        assert!(
            code.contains(r#"expected: "one of \"a\", \"b\"","#),
            "{code}"
        );
        assert!(code.contains("v::Object::<TrayServer>::new(9)"), "{code}");
        assert!(
            code.contains(r#"ctx.missing("device", "json-string", 6);"#),
            "{code}"
        );
        // The optional member is never reported missing; the event needs its data.
        assert!(!code.contains(r#"ctx.missing("port""#), "{code}");
        assert!(code.contains(r#"if event == 0 {"#), "{code}");
        assert!(
            code.contains(r#"ctx.missing("data", "json-object", 4)"#),
            "{code}"
        );
    }

    #[test]
    fn documents_without_checked_data_still_generate_a_file() {
        // Only prose and `Data: None.`: no data arm, no required data.
        let code =
            generated("ALPHA\n-----\n\nData: None.\n\nBRAVO\n-----\n\nSomething happened.\n");
        assert!(code.contains(r#""BRAVO" => Some(1),"#), "{code}");
        assert!(code.contains("v::NoData(4)"), "{code}");
        assert!(
            code.contains("fn without_data(_: usize, _: &mut v::Ctx) {}"),
            "{code}"
        );
        let code = generated("BRAVO\n-----\n\nSomething happened.\n");
        assert!(code.contains(r#""BRAVO" => Some(0),"#), "{code}");
        assert!(code.contains("let _ = event;"), "{code}");
    }

    #[test]
    fn repeated_events_and_members_are_checked_as_their_first_documentation() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"x\": x (json-int)\n- \"x\": x again (json-string)\n\nALPHA\n-----\n\nData: None.\n",
        );
        assert_eq!(code.matches(r#""ALPHA" => Some("#).count(), 1, "{code}");
        assert_eq!(code.matches(r#""x" => Some("#).count(), 1, "{code}");
        assert!(code.contains("v::Int(6)"), "{code}");
        assert!(!code.contains("v::Str::any(7)"), "{code}");
    }

    #[test]
    fn object_names_never_take_the_schema_type_name() {
        let code = generated("DOCUMENT\n--------\n\nData:\n\n- \"x\": x (json-int)\n");
        assert!(code.contains("v::Object::<Document2>::new(4)"), "{code}");
        assert!(code.contains("pub(super) struct Document;"), "{code}");
    }

    #[test]
    fn events_of_one_heading_share_their_checks() {
        let code = generated("A, B\n----\n\nData:\n\n- \"x\": x (json-int)\n");
        assert_eq!(code.matches("v::Object::<A>::new(4)").count(), 2, "{code}");
        assert_eq!(code.matches("impl v::Members for").count(), 1, "{code}");
    }

    #[test]
    fn untyped_and_referenced_members_accept_anything() {
        let code = generated(
            "ALPHA\n-----\n\nData:\n\n- \"info\": ACPIOSTInfo type as described in qapi-schema.json\n- \"note\": free text\n- \"blob\": opaque (json-object)\n",
        );
        assert!(code.contains("v::AnyObject(8)"), "{code}");
        // `info` and `note`, an undocumented member, the data of an undocumented event.
        let any = code.matches("v::Seed::new(ctx, v::Any)").count();
        assert_eq!(any, 4, "{code}");
    }
}

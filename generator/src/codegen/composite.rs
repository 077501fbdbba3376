//! Unions and alternates: the model's types whose members or JSON type vary.
//!
//! A union is an enum tagged by its discriminator: one variant per value of the discriminator,
//! each holding a struct of the base's other members and the variant's own, written as serde
//! writes an internally tagged enum (the discriminator first). Reading is generated: when the
//! discriminator comes first, as QEMU writes it, the other members are read straight into the
//! branch's struct (as fast as reading that struct); when it comes later, the members are read
//! into a `serde_json::Map` first, then the branch from it.
//!
//! An alternate is an enum with one variant per alternative, read as serde reads untagged
//! enums: the first alternative whose type the value has is chosen (QAPI's alternatives differ
//! in their JSON type, so at most one fits), and written as the alternative's value alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::syntax::ident;
use super::types::{
    Alternative, PlannedType, Union, named_struct, serde, serde_json, struct_derives, ty_tokens,
};
use super::wording;
use crate::model::Schema;

/// The union's enum and the struct of each of its branches.
pub fn union(
    schema: &Schema,
    planned: &PlannedType<'_>,
    comment: Doc,
    union: &Union<'_>,
    doc: &DocRef,
) -> TokenStream {
    let name = ident(&planned.name);
    let tag = union.discriminator;
    let comment = comment.tokens();
    let variants = union.branches.iter().map(|branch| {
        let variant = ident(&branch.variant);
        let payload = ident(&branch.struct_name);
        let wire = branch.value;
        let words = branch.doc.map_or("", |text| text.text.as_str());
        let comment = Doc::new()
            .prose(words)
            .note(format!(
                "{} is {}: see [`{}`].",
                code(&format!("\"{tag}\"")),
                code(&format!("\"{wire}\"")),
                branch.struct_name
            ))
            .tokens();
        quote! {
            #comment
            #[serde(rename = #wire)]
            #variant(#payload),
        }
    });
    let serde = serde();
    let serde_json = serde_json();
    let wires: Vec<&str> = union.branches.iter().map(|branch| branch.value).collect();
    let variant_idents: Vec<_> = union
        .branches
        .iter()
        .map(|branch| ident(&branch.variant))
        .collect();
    let expecting = format!("an object with a \"{tag}\" member");
    let mut out = quote! {
        #comment
        #[derive(Debug, Clone, PartialEq, Eq, #serde::Serialize)]
        #[serde(crate = "::qmp_events::__private::serde")]
        #[serde(tag = #tag)]
        pub enum #name { #(#variants)* }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                /// The branch `value` names, read from the other members.
                fn branch<'de, __R: #serde::Deserializer<'de>>(
                    value: &str,
                    rest: __R,
                ) -> ::core::result::Result<#name, __R::Error> {
                    match value {
                        #( #wires => #serde::Deserialize::deserialize(rest).map(#name::#variant_idents), )*
                        other => Err(#serde::de::Error::unknown_variant(other, &[#(#wires),*])),
                    }
                }

                struct Visitor;

                impl<'de> #serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(
                        &self,
                        formatter: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    fn visit_map<__A: #serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<#name, __A::Error> {
                        use #serde::de::Error as _;
                        let first = map.next_key::<String>()?;
                        // The discriminator first, as QEMU writes it: the rest is read
                        // straight into its branch.
                        if first.as_deref() == Some(#tag) {
                            let value: String = map.next_value()?;
                            return branch(&value, #serde::de::value::MapAccessDeserializer::new(map));
                        }
                        // Elsewhere: the members are read first.
                        let mut members = #serde_json::Map::new();
                        if let Some(first) = first {
                            members.insert(first, map.next_value()?);
                        }
                        while let Some((key, value)) = map.next_entry::<String, #serde_json::Value>()? {
                            members.insert(key, value);
                        }
                        let value: String = match members.remove(#tag) {
                            Some(value) => #serde_json::from_value(value).map_err(__A::Error::custom)?,
                            None => return Err(__A::Error::missing_field(#tag)),
                        };
                        branch(&value, #serde_json::Value::Object(members)).map_err(__A::Error::custom)
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    };
    for branch in &union.branches {
        let comment = Doc::new()
            .note(format!(
                "The members of [`{}`] besides {} when it is {}.",
                planned.name,
                code(&format!("\"{tag}\"")),
                code(&format!("\"{}\"", branch.value))
            ))
            .located(doc.at(planned.named.span));
        out.extend(named_struct(
            schema,
            &branch.struct_name,
            comment,
            &branch.members,
            doc,
        ));
    }
    out
}

/// The alternate's enum: one variant per alternative.
pub fn alternate(
    schema: &Schema,
    name: &str,
    comment: Doc,
    alternatives: &[Alternative<'_>],
) -> TokenStream {
    let name = ident(name);
    let derives = struct_derives();
    let comment = comment.tokens();
    let variants = alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.variant);
        let ty = ty_tokens(&alternative.ty);
        let comment = Doc::new().note(format!(
            "A value of type {}.",
            code(&wording::type_word(schema, &alternative.alternative.ty))
        ));
        let comment = wording::item_notes(
            comment,
            None,
            &[],
            alternative.alternative.condition.as_ref(),
        );
        let comment = comment.tokens();
        quote! {
            #comment
            #variant(#ty),
        }
    });
    quote! {
        #comment
        #derives
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
    }
}

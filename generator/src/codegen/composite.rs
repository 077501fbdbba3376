//! Unions and alternates: the model's types whose members or JSON type vary.
//!
//! A union is an enum tagged by its discriminator, read and written by serde as an internally
//! tagged enum: one variant per value of the discriminator, each holding a struct of the base's
//! other members and the variant's own. serde reads the message's members once, finds the
//! discriminator among them wherever it stands, and reads the chosen struct from them, each
//! checked by its derived code.
//!
//! An alternate is an enum with one variant per alternative, read as serde reads untagged
//! enums: the first alternative whose type the value has is chosen (QAPI's alternatives differ
//! in their JSON type, so at most one fits), and written as the alternative's value alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::names::ident;
use super::types::{Alternative, PlannedType, Union, named_struct, struct_derives, ty_tokens};
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
    let derives = struct_derives();
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
    let mut out = quote! {
        #comment
        #derives
        #[serde(tag = #tag)]
        pub enum #name { #(#variants)* }
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

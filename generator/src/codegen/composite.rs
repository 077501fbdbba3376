//! Unions and alternates: the model's types whose members or JSON type vary.
//!
//! A union is an enum tagged by its discriminator: one variant per value of the discriminator,
//! each holding a struct of the base's other members and the variant's own, written as serde
//! writes an internally tagged enum (the discriminator first). Reading is generated: when the
//! discriminator comes first, as QEMU writes it, the other members are read straight into the
//! branch's struct (as fast as reading that struct); when it comes later, the members are read
//! into a `serde_json::Map` first, then the branch from it.
//!
//! A value of the discriminator that the schema does not list (a newer QEMU may send one) is
//! no error: it reads into the variant `Other`, whose struct holds the value, the base's
//! members and the other members as received. Every variant holds the base's members, with
//! the same field names, so the union has a method per base member (and one for the
//! discriminator) that reads it from any variant.
//!
//! An alternate is an enum with one variant per alternative, chosen by the JSON type of the
//! value (QAPI's alternatives differ in it, so one fits): the value is read whole, then as that
//! alternative. It is written as the alternative's value alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::reach::{allow_deprecated, deprecated, is_deprecated};
use super::syntax::ident;
use super::types::{
    Alternative, Member, OTHER_VARIANT, PlannedType, Shape, Ty, TypeSpace, Union, equality,
    named_struct, serde, serde_json, struct_derives, struct_field, ty_tokens,
};
use super::wording;
use crate::model::Builtin;

/// The union's enum, its methods, and the struct of each of its branches.
pub fn union(
    space: &TypeSpace<'_>,
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
        let comment = Doc::new().prose(words).note(format!(
            "{} is {}: see [`{}`].",
            code(&format!("\"{tag}\"")),
            code(&format!("\"{wire}\"")),
            branch.struct_name
        ));
        let comment = wording::item_notes(comment, None, &[], branch.condition).tokens();
        quote! {
            #comment
            #[serde(rename = #wire)]
            #variant(#payload),
        }
    });
    let other = ident(OTHER_VARIANT);
    let other_struct = ident(&union.other.struct_name);
    let other_doc = Doc::new()
        .note(format!(
            "A value of {} that the schema does not list (a newer QEMU may send one), with \
             the members as received: see [`{}`].",
            code(&format!("\"{tag}\"")),
            union.other.struct_name
        ))
        .tokens();
    let serde = serde();
    let serde_json = serde_json();
    let wires: Vec<&str> = union.branches.iter().map(|branch| branch.value).collect();
    let variant_idents: Vec<_> = union
        .branches
        .iter()
        .map(|branch| ident(&branch.variant))
        .collect();
    let value_field = ident(&union.other.discriminator_field);
    let expecting = format!("an object with a \"{tag}\" member");
    let eq = equality(space.reach.type_holds_float(&planned.name));
    let deprecated_type = deprecated(&planned.named.features);
    // The methods name the type, read the base's members and name their types; the reading
    // names the type.
    let allow = allow_deprecated(is_deprecated(&planned.named.features));
    let allow_methods = allow_deprecated(
        is_deprecated(&planned.named.features)
            || space.reach.members_name_deprecated(&union.other.members)
            || union
                .other
                .members
                .iter()
                .any(|member| is_deprecated(&member.member.features)),
    );
    let methods = base_methods(space, union);
    let mut out = quote! {
        #comment
        #deprecated_type
        #[derive(Debug, Clone, #eq, #serde::Serialize)]
        #[serde(crate = "::qmp_events::__private::serde")]
        #[serde(tag = #tag)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #[serde(untagged)]
            #other(#other_struct),
        }

        #allow_methods
        impl #name { #methods }

        #allow
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
                        other => #serde::Deserialize::deserialize(rest).map(|mut data: #other_struct| {
                            data.#value_field = other.to_owned();
                            #name::#other(data)
                        }),
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
            space,
            &branch.struct_name,
            comment,
            &[],
            &branch.members,
            doc,
        ));
    }
    out.extend(other_branch_struct(space, planned, union, doc));
    out
}

/// The union's methods: the discriminator's value, and each base member, read from any
/// variant.
fn base_methods(space: &TypeSpace<'_>, union: &Union<'_>) -> TokenStream {
    let tag = union.discriminator;
    let other = ident(OTHER_VARIANT);
    let value_field = ident(&union.other.discriminator_field);
    let variants: Vec<_> = union
        .branches
        .iter()
        .map(|branch| ident(&branch.variant))
        .collect();
    let wires = union.branches.iter().map(|branch| branch.value);
    let value_doc = Doc::new()
        .note(format!(
            "The value of {}, which chooses the variant.",
            code(&format!("\"{tag}\""))
        ))
        .tokens();
    let mut methods = quote! {
        #value_doc
        pub fn #value_field(&self) -> &str {
            match self {
                #( Self::#variants(_) => #wires, )*
                Self::#other(data) => &data.#value_field,
            }
        }
    };
    for member in &union.other.members {
        methods.extend(base_method(space, member, &variants));
    }
    methods
}

/// The method that reads the base member `member` from any variant.
fn base_method(
    space: &TypeSpace<'_>,
    planned: &Member<'_>,
    variants: &[proc_macro2::Ident],
) -> TokenStream {
    let member = planned.member;
    let field = ident(&planned.ident);
    let other = ident(OTHER_VARIANT);
    let inner = ty_tokens(&planned.ty);
    let ty = wording::type_word(space.schema, &member.ty);
    let words = member.doc.as_ref().map_or("", |doc| doc.text.as_str());
    let comment = Doc::new().prose(words).note(format!(
        "The base member {} ({}{}), which every variant has.",
        code(&format!("\"{}\"", member.name)),
        super::docs::escape(&ty),
        if member.optional { ", optional" } else { "" }
    ));
    let comment = wording::item_notes(
        comment,
        member.since.as_ref(),
        &member.features,
        member.condition.as_ref(),
    )
    .tokens();
    let deprecated = deprecated(&member.features);
    let (output, read) = if member.optional {
        (quote!(Option<&#inner>), quote!(data.#field.as_ref()))
    } else {
        (quote!(&#inner), quote!(&data.#field))
    };
    quote! {
        #comment
        #deprecated
        pub fn #field(&self) -> #output {
            match self {
                #( Self::#variants(data) => #read, )*
                Self::#other(data) => #read,
            }
        }
    }
}

/// The struct of the union's `Other` variant: the discriminator's value, the base's members
/// and the other members as received.
fn other_branch_struct(
    space: &TypeSpace<'_>,
    planned: &PlannedType<'_>,
    union: &Union<'_>,
    doc: &DocRef,
) -> TokenStream {
    let other = &union.other;
    let tag = union.discriminator;
    let name = ident(&other.struct_name);
    let comment = Doc::new()
        .note(format!(
            "The members of [`{}`] when {} is a value the schema does not list: the value, \
             the base's members, and the other members as received.",
            planned.name,
            code(&format!("\"{tag}\""))
        ))
        .located(doc.at(planned.named.span))
        .tokens();
    let derives = struct_derives(space.reach.type_holds_float(&other.struct_name));
    let allow = allow_deprecated(space.reach.members_name_deprecated(&other.members));
    let value_field = ident(&other.discriminator_field);
    let value_doc = Doc::new()
        .note(format!(
            "The value of {}, written first (read by the union, which chose this variant by \
             it).",
            code(&format!("\"{tag}\""))
        ))
        .tokens();
    let fields = other
        .members
        .iter()
        .map(|member| struct_field(space, member, doc));
    let rest_field = ident(&other.rest_field);
    let serde_json = serde_json();
    quote! {
        #comment
        #allow
        #derives
        pub struct #name {
            #value_doc
            #[serde(rename = #tag, skip_deserializing)]
            pub #value_field: String,
            #(#fields)*
            /// The members besides the base's, as received.
            #[serde(flatten)]
            pub #rest_field: #serde_json::Map<String, #serde_json::Value>,
        }
    }
}

/// The alternate's enum: one variant per alternative, written as the alternative's value and
/// read by the value's JSON type (see `alternate_reading`).
pub fn alternate(
    space: &TypeSpace<'_>,
    planned: &PlannedType<'_>,
    comment: Doc,
    alternatives: &[Alternative<'_>],
) -> TokenStream {
    let name = ident(&planned.name);
    let serde = serde();
    let eq = equality(space.reach.type_holds_float(&planned.name));
    let deprecated = deprecated(&planned.named.features);
    let allow = allow_deprecated(
        alternatives
            .iter()
            .any(|alternative| space.reach.names_deprecated(&alternative.ty)),
    );
    let allow_reading = allow_deprecated(
        is_deprecated(&planned.named.features)
            || alternatives
                .iter()
                .any(|alternative| space.reach.names_deprecated(&alternative.ty)),
    );
    let comment = comment.tokens();
    let variants = alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.variant);
        let ty = ty_tokens(&alternative.ty);
        let comment = Doc::new().note(format!(
            "A value of type {}.",
            code(&wording::type_word(
                space.schema,
                &alternative.alternative.ty
            ))
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
    let reading = alternate_reading(space, planned, alternatives);
    quote! {
        #comment
        #deprecated
        #allow
        #[derive(Debug, Clone, #eq, #serde::Serialize)]
        #[serde(crate = "::qmp_events::__private::serde")]
        #[serde(untagged)]
        pub enum #name { #(#variants)* }

        #allow_reading
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #reading
            }
        }
    }
}

/// The JSON types a value may have, as an alternative's type takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonType {
    String,
    Number,
    Bool,
    Null,
    Object,
    Array,
}

impl JsonType {
    const ALL: [JsonType; 6] = [
        JsonType::String,
        JsonType::Number,
        JsonType::Bool,
        JsonType::Null,
        JsonType::Object,
        JsonType::Array,
    ];

    /// The pattern of a `serde_json::Value` of this type.
    fn pattern(self) -> TokenStream {
        let serde_json = serde_json();
        match self {
            JsonType::String => quote!(#serde_json::Value::String(_)),
            JsonType::Number => quote!(#serde_json::Value::Number(_)),
            JsonType::Bool => quote!(#serde_json::Value::Bool(_)),
            JsonType::Null => quote!(#serde_json::Value::Null),
            JsonType::Object => quote!(#serde_json::Value::Object(_)),
            JsonType::Array => quote!(#serde_json::Value::Array(_)),
        }
    }

    /// The type in words, for the error of a value of no alternative's type.
    fn words(self) -> &'static str {
        match self {
            JsonType::String => "a string",
            JsonType::Number => "a number",
            JsonType::Bool => "a boolean",
            JsonType::Null => "null",
            JsonType::Object => "an object",
            JsonType::Array => "an array",
        }
    }
}

/// The JSON type of the values of `ty`; `None` for a type of any JSON type (one the
/// document does not describe).
fn json_type(space: &TypeSpace<'_>, ty: &Ty) -> Option<JsonType> {
    Some(match ty {
        Ty::Builtin(builtin) => match builtin {
            Builtin::Str => JsonType::String,
            Builtin::Bool => JsonType::Bool,
            Builtin::Null => JsonType::Null,
            Builtin::Any => return None,
            _ => JsonType::Number,
        },
        Ty::JsonNumber => JsonType::Number,
        Ty::Array(_) => JsonType::Array,
        Ty::Value(_) => return None,
        Ty::Named(name) | Ty::Boxed(name) => {
            match space
                .types
                .iter()
                .find(|planned| planned.name == *name)?
                .shape
            {
                Shape::Enum(_) => JsonType::String,
                Shape::Struct(_) | Shape::Union(_) => JsonType::Object,
                // QAPI does not nest alternates.
                Shape::Alternate(_) => return None,
            }
        }
    })
}

/// The body of an alternate's `deserialize`: the value is read whole (a `serde_json::Value`,
/// through which every type reads, `RawJson` included, as it does not through the buffer of a
/// serde untagged enum), then as the alternative of its JSON type (QAPI's alternatives differ
/// in it; should two share one, the first that reads it is chosen).
fn alternate_reading(
    space: &TypeSpace<'_>,
    planned: &PlannedType<'_>,
    alternatives: &[Alternative<'_>],
) -> TokenStream {
    let serde = serde();
    let serde_json = serde_json();
    let types: Vec<Option<JsonType>> = alternatives
        .iter()
        .map(|alternative| json_type(space, &alternative.ty))
        .collect();
    let mut arms = Vec::new();
    let mut expected = Vec::new();
    for json in JsonType::ALL {
        let variants: Vec<_> = alternatives
            .iter()
            .zip(&types)
            .filter(|(_, of)| of.is_none_or(|of| of == json))
            .map(|(alternative, _)| ident(&alternative.variant))
            .collect();
        // Each alternative of this JSON type in turn, the value moved into the last.
        let Some((last, first)) = variants.split_last() else {
            continue;
        };
        let read = first.iter().rev().fold(
            quote!(#serde_json::from_value(value).map(Self::#last)),
            |rest, variant| {
                quote!(#serde_json::from_value(value.clone()).map(Self::#variant).or_else(|_| #rest))
            },
        );
        let pattern = json.pattern();
        arms.push(quote!(#pattern => #read,));
        expected.push(json.words().to_owned());
    }
    // A value of another JSON type, unless every type has an alternative.
    if expected.len() < JsonType::ALL.len() {
        let message = format!(
            "invalid value for the alternate {}: expected {}",
            planned.named.name,
            wording::list_words(&expected, "or")
        );
        arms.push(quote!(_ => return Err(__D::Error::custom(#message)),));
    }
    quote! {
        use #serde::de::Error as _;
        let value: #serde_json::Value = #serde::Deserialize::deserialize(deserializer)?;
        let read: ::core::result::Result<Self, #serde_json::Error> = match &value {
            #(#arms)*
        };
        read.map_err(__D::Error::custom)
    }
}

//! `Event`, `Message` and the QMP wire format:
//! `{"event": "NAME", "data": {...}, "timestamp": {"seconds": s, "microseconds": us}}`.
//!
//! Reading is generated, not derived: serde's adjacently tagged enums buffer, cannot keep an
//! unknown event, and cannot ignore data on an event documented without it. The envelope is
//! read once for every generated module by the runtime (`qmp_events::runtime::wire`: any key
//! order; `data` read straight into the event's struct when `event` comes first, as QEMU sends
//! it, and kept as raw JSON text only when `data` comes first; other keys ignored). What depends on
//! the document is generated here: `impl WireEvent for Event`, one match arm per event for
//! reading its data, making it without data, and writing it. No `serde_json::Value` stands
//! between the text and a documented event.
//!
//! Writing gives `event`, then `data` (left out for events without data), then `timestamp`.
//!
//! Generic parameters start with `__`, which no generated type name does, so that no event's
//! type is shadowed.

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::reach::{allow_deprecated, deprecated, is_deprecated};
use super::slices::Slice;
use super::syntax::ident;
use super::types::{Body, EventType, TypeSpace, UNKNOWN_VARIANT, equality, serde, serde_json};
use super::wording;

/// `Event`, `Message`, their methods and their serde impls.
pub fn tokens(space: &TypeSpace<'_>, doc: &DocRef) -> TokenStream {
    slice_tokens(space, doc, Slice::WHOLE)
}

/// [`tokens`] with only `slice`'s events in each list of one entry per event (see
/// [`super::slices`]).
pub fn slice_tokens(space: &TypeSpace<'_>, doc: &DocRef, slice: Slice) -> TokenStream {
    let events = &space.events[slice.range(space.events.len())];
    let marks = Marks::new(slice, space.events.len());
    let mut out = event_enum(space, events, &marks, doc);
    out.extend(message_struct(space, doc));
    out.extend(serde_impls(space, events, &marks));
    out
}

/// The marks around a slice's elements in each kind of list, or nothing when the lists are
/// whole.
struct Marks {
    variant: [TokenStream; 2],
    element: [TokenStream; 2],
    arm: [TokenStream; 2],
    item: [TokenStream; 2],
}

impl Marks {
    fn new(slice: Slice, len: usize) -> Self {
        let marks = [slice.start(len), slice.end(len)];
        let each = |make: fn(&proc_macro2::Ident) -> TokenStream| {
            marks
                .each_ref()
                .map(|mark| mark.as_ref().map(make).unwrap_or_default())
        };
        Marks {
            variant: each(|mark| quote!(#mark,)),
            element: each(|mark| quote!(#mark,)),
            arm: each(|mark| quote!(#mark => {})),
            item: each(|mark| quote!(#mark!();)),
        }
    }
}

fn event_enum(
    space: &TypeSpace<'_>,
    events: &[EventType<'_>],
    marks: &Marks,
    doc: &DocRef,
) -> TokenStream {
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = events.iter().map(|e| ident(&e.variant)).collect();
    let types: Vec<_> = events.iter().map(|e| ident(&e.type_name)).collect();
    let names: Vec<&str> = events.iter().map(|e| e.event.name.as_str()).collect();
    let variant_docs = events.iter().map(|planned| {
        let event = planned.event;
        let mut comment = Doc::new();
        comment = match &event.doc.description {
            Some(description) => comment.prose(first_paragraph(&description.text)),
            None => comment,
        };
        let mut comment = comment.note(format!(
            "{}: see [`{}`].",
            code(&event.name),
            planned.type_name
        ));
        if let Some(since) = &event.since {
            comment = comment.prose(&wording::since_words(&since.text));
        }
        let comment = comment.located(doc.at(event.span)).tokens();
        let deprecated = deprecated(&event.features);
        quote!(#comment #deprecated)
    });
    // Of the whole document, not the slice: every slice's item is the same but its lists.
    let eq = equality(space.reach.events_hold_float());
    let allow = allow_deprecated(space.reach.events_deprecated());
    let title = doc_title(doc);
    let comment = Doc::new()
        .note(format!(
            "An event, one variant per event that {title} documents, and [`Event::{UNKNOWN_VARIANT}`] \
             for the rest."
        ))
        .note(
            "Reads and writes the `event` and `data` members of a QMP message (see \
             [`Message`] for the whole message).",
        )
        .note(
            "Each variant holds its event's data boxed, so an `Event` stays small (a \
             message moves a few words, whatever the largest event); make one with \
             `Event::from(data)`.",
        )
        .tokens();
    let from_impls = events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        let allow = allow_deprecated(is_deprecated(&planned.event.features));
        quote! {
            #allow
            impl ::core::convert::From<#ty> for Event {
                fn from(event: #ty) -> Self {
                    Event::#variant(Box::new(event))
                }
            }
        }
    });
    let [variant_start, variant_end] = &marks.variant;
    let [element_start, element_end] = &marks.element;
    let [arm_start, arm_end] = &marks.arm;
    let [item_start, item_end] = &marks.item;
    let names_doc = Doc::new()
        .note(format!(
            "The wire names of the events that {title} documents, in its order."
        ))
        .tokens();
    quote! {
        #comment
        #allow
        #[derive(Debug, Clone, #eq)]
        #[allow(clippy::enum_variant_names)]
        pub enum Event {
            #variant_start
            #( #variant_docs #variants(Box<#types>), )*
            #variant_end
            /// An event that the document does not list (a newer QEMU may send one), kept as
            /// received.
            #unknown {
                /// The event's wire name.
                name: String,
                /// Its `data` member, if it had one, as the JSON text QEMU sent.
                data: Option<::qmp_events::RawJson>,
            },
        }

        #allow
        impl Event {
            #names_doc
            pub const NAMES: &'static [&'static str] = &[#element_start #(#names,)* #element_end];

            /// The event's wire name (`"BLOCK_IO_ERROR"`).
            pub fn name(&self) -> &str {
                match self {
                    #arm_start
                    #( Event::#variants(_) => #names, )*
                    #arm_end
                    Event::#unknown { name, .. } => name,
                }
            }

            /// Whether the document lists this event (it is not [`Event::Unknown`]).
            pub fn is_documented(&self) -> bool {
                !matches!(self, Event::#unknown { .. })
            }
        }

        #item_start
        #(#from_impls)*
        #item_end
    }
}

fn message_struct(space: &TypeSpace<'_>, doc: &DocRef) -> TokenStream {
    let eq = equality(space.reach.events_hold_float());
    let title = doc_title(doc);
    let comment = Doc::new()
        .note(format!("A QMP event message, as {title} documents them."))
        .note(
            "The wire format, read in any key order and written in this one (`data` left out \
             for events without data):",
        )
        .json(
            None,
            "{\"event\": \"NAME\", \"data\": {...}, \"timestamp\": {\"seconds\": s, \"microseconds\": us}}",
        )
        .tokens();
    quote! {
        #comment
        #[derive(Debug, Clone, #eq)]
        pub struct Message {
            /// The event and its data.
            pub event: Event,
            /// When QEMU emitted it.
            pub timestamp: ::qmp_events::Timestamp,
        }
    }
}

/// How the generated doc comments name the document: `` `qmp-events.txt` ``.
fn doc_title(doc: &DocRef) -> String {
    code(doc.file())
}

/// The first paragraph of a description (the summary line of a variant's doc).
fn first_paragraph(text: &str) -> &str {
    text.split("\n\n").next().unwrap_or(text)
}

fn serde_impls(space: &TypeSpace<'_>, events: &[EventType<'_>], marks: &Marks) -> TokenStream {
    let serde = serde();
    let serde_json = serde_json();
    let private = quote!(::qmp_events::__private);
    let unknown = ident(UNKNOWN_VARIANT);
    let [arm_start, arm_end] = &marks.arm;

    // The runtime's helpers the arms call, named by a `use` in each function (only those used,
    // so that no import is unused).
    let empty = space
        .events
        .iter()
        .any(|planned| matches!(planned.body, Body::Empty));
    let with_data = space
        .events
        .iter()
        .any(|planned| !matches!(planned.body, Body::Empty));
    let with_fields = space
        .events
        .iter()
        .any(|planned| matches!(planned.body, Body::Fields(_) | Body::Wrapped(_)));
    let read_helpers = [(with_data, "read_as"), (empty, "read_empty")]
        .into_iter()
        .filter(|(used, _)| *used)
        .map(|(_, name)| ident(name));
    let read_helpers: Vec<_> = read_helpers.collect();
    let read_use = if read_helpers.is_empty() {
        quote!()
    } else {
        quote!(use #private::{#(#read_helpers),*};)
    };
    let absent_use = if with_fields {
        quote!(use #private::read_absent;)
    } else {
        quote!()
    };

    // Reading the data of a known event, and making it when `data` is absent.
    let read_arms = events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        let name = planned.event.name.as_str();
        match planned.body {
            Body::Empty => quote! {
                #name => read_empty(data, Event::#variant(Box::new(#ty {}))),
            },
            Body::Fields(_) | Body::Opaque(_) | Body::Wrapped(_) => quote! {
                #name => read_as(data, |event| Event::#variant(Box::new(event))),
            },
        }
    });
    let absent_arms = events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        let name = planned.event.name.as_str();
        match planned.body {
            Body::Empty => quote! {
                #name => Ok(Event::#variant(Box::new(#ty {}))),
            },
            // Reading the struct from an empty object names the first missing member.
            Body::Fields(_) | Body::Wrapped(_) => quote! {
                #name => read_absent(|event| Event::#variant(Box::new(event))),
            },
            Body::Opaque(_) => quote! {
                #name => Ok(Event::#variant(Box::new(#ty { data: #serde_json::Value::Null }))),
            },
        }
    });
    let write_arms = events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        match planned.body {
            Body::Empty => quote! { Event::#variant(_) => Ok(()), },
            Body::Fields(_) | Body::Wrapped(_) => quote! {
                Event::#variant(data) => map.serialize_entry("data", data),
            },
            Body::Opaque(_) => quote! {
                Event::#variant(data) if !data.data.is_null() => map.serialize_entry("data", data),
                Event::#variant(_) => Ok(()),
            },
        }
    });

    let allow = allow_deprecated(space.reach.events_deprecated());
    quote! {
        #allow
        impl #private::WireEvent for Event {
            fn read_data<'de, __D: #serde::Deserializer<'de>>(
                name: ::std::borrow::Cow<'_, str>,
                data: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                // One short arm per event: what each does is the runtime's.
                #read_use
                match &*name {
                    #arm_start
                    #(#read_arms)*
                    #arm_end
                    _ => Ok(Event::#unknown {
                        name: name.into_owned(),
                        data: Some(#serde::Deserialize::deserialize(data)?),
                    }),
                }
            }

            fn without_data<__E: #serde::de::Error>(
                name: ::std::borrow::Cow<'_, str>,
            ) -> ::core::result::Result<Self, __E> {
                #absent_use
                match &*name {
                    #arm_start
                    #(#absent_arms)*
                    #arm_end
                    _ => Ok(Event::#unknown { name: name.into_owned(), data: None }),
                }
            }

            fn wire_name(&self) -> &str {
                self.name()
            }

            fn write_data<__M: #serde::ser::SerializeMap>(
                &self,
                map: &mut __M,
            ) -> ::core::result::Result<(), __M::Error> {
                match self {
                    #arm_start
                    #(#write_arms)*
                    #arm_end
                    Event::#unknown { data: Some(data), .. } => map.serialize_entry("data", data),
                    Event::#unknown { data: None, .. } => Ok(()),
                }
            }
        }

        impl #private::TypedMessage for Message {
            fn event_name(&self) -> &str {
                self.event.name()
            }
        }

        impl<'de> #serde::Deserialize<'de> for Message {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                let (event, timestamp) = #private::deserialize_message(deserializer)?;
                Ok(Message { event, timestamp })
            }
        }

        impl #serde::Serialize for Message {
            fn serialize<__S: #serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                #private::serialize_message(&self.event, Some(&self.timestamp), serializer)
            }
        }

        impl<'de> #serde::Deserialize<'de> for Event {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #private::deserialize_event(deserializer)
            }
        }

        impl #serde::Serialize for Event {
            fn serialize<__S: #serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                #private::serialize_message(self, None, serializer)
            }
        }
    }
}

//! `Event`, `Message` and the QMP wire format:
//! `{"event": "NAME", "data": {...}, "timestamp": {"seconds": s, "microseconds": us}}`.
//!
//! Reading is generated, not derived: serde's adjacently tagged enums buffer, cannot keep an
//! unknown event, and cannot ignore data on an event documented without it. The generated
//! reader walks the object once, in any key order. When `event` comes before `data` (as QEMU
//! sends it) the data is read straight into the event's struct; only when `data` comes first is
//! it kept as raw JSON text (`Box<RawValue>`) until the name is known. No `serde_json::Value`
//! stands between the text and the typed event. Keys other than `event`, `data` and `timestamp`
//! are ignored (a newer QEMU may add some).
//!
//! Writing gives `event`, then `data` (left out for events without data), then `timestamp`.
//!
//! The helpers live in a `const _: () = { … };` block, as serde's derives do, and their names
//! start with `__`, which no generated type name does: nothing leaks into the module, so
//! several versions can sit side by side.

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::names::ident;
use super::types::{Body, TypeSpace, UNKNOWN_VARIANT, serde, serde_json};

/// `Event`, `Message`, their methods and their serde impls.
pub fn tokens(space: &TypeSpace<'_>, doc: &DocRef) -> TokenStream {
    let mut out = event_enum(space, doc);
    out.extend(message_struct(doc));
    out.extend(serde_impls(space));
    out
}

fn event_enum(space: &TypeSpace<'_>, doc: &DocRef) -> TokenStream {
    let serde_json = serde_json();
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = space.events.iter().map(|e| ident(&e.variant)).collect();
    let types: Vec<_> = space.events.iter().map(|e| ident(&e.type_name)).collect();
    let names: Vec<&str> = space.events.iter().map(|e| e.event.name.as_str()).collect();
    let variant_docs = space.events.iter().map(|planned| {
        let event = planned.event;
        let mut comment = Doc::new();
        comment = match &event.description {
            Some(description) => comment.prose(first_paragraph(&description.text)),
            None => comment,
        };
        comment
            .note(format!(
                "{}: see [`{}`].",
                code(&event.name),
                planned.type_name
            ))
            .located(doc.at(event.span))
            .tokens()
    });
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
        .tokens();
    let from_impls = space.events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        quote! {
            impl ::core::convert::From<#ty> for Event {
                fn from(event: #ty) -> Self {
                    Event::#variant(event)
                }
            }
        }
    });
    let names_doc = Doc::new()
        .note(format!(
            "The wire names of the events that {title} documents, in its order."
        ))
        .tokens();
    quote! {
        #comment
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        pub enum Event {
            #( #variant_docs #variants(#types), )*
            /// An event that the document does not list (a newer QEMU may send one), kept as
            /// received.
            #unknown {
                /// The event's wire name.
                name: String,
                /// Its `data` member, if it had one.
                data: Option<#serde_json::Value>,
            },
        }

        impl Event {
            #names_doc
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The event's wire name (`"BLOCK_IO_ERROR"`).
            pub fn name(&self) -> &str {
                match self {
                    #( Event::#variants(_) => #names, )*
                    Event::#unknown { name, .. } => name,
                }
            }

            /// Whether the document lists this event (it is not [`Event::Unknown`]).
            pub fn is_documented(&self) -> bool {
                !matches!(self, Event::#unknown { .. })
            }
        }

        #(#from_impls)*
    }
}

fn message_struct(doc: &DocRef) -> TokenStream {
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
        #[derive(Debug, Clone, PartialEq, Eq)]
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

fn serde_impls(space: &TypeSpace<'_>) -> TokenStream {
    let serde = serde();
    let serde_json = serde_json();
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = space.events.iter().map(|e| ident(&e.variant)).collect();
    let names: Vec<&str> = space.events.iter().map(|e| e.event.name.as_str()).collect();

    // Reading the data of a known event, and making it when `data` is absent.
    let read_arms = space.events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        match planned.body {
            Body::Empty => quote! {
                __WireName::#variant => {
                    <#serde::de::IgnoredAny as #serde::Deserialize>::deserialize(data)?;
                    Ok(Event::#variant(#ty {}))
                }
            },
            Body::Fields(_) | Body::Opaque(_) => quote! {
                __WireName::#variant => Ok(Event::#variant(
                    <#ty as #serde::Deserialize>::deserialize(data)?,
                )),
            },
        }
    });
    let absent_arms = space.events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        let ty = ident(&planned.type_name);
        match planned.body {
            Body::Empty => quote! {
                __WireName::#variant => Ok(Event::#variant(#ty {})),
            },
            // Reading the struct from an empty object names the first missing member.
            Body::Fields(_) => quote! {
                __WireName::#variant => Ok(Event::#variant(
                    <#ty as #serde::Deserialize>::deserialize(
                        #serde::de::value::MapDeserializer::<_, __E>::new(
                            ::core::iter::empty::<(&str, ())>(),
                        ),
                    )?,
                )),
            },
            Body::Opaque(_) => quote! {
                __WireName::#variant => Ok(Event::#variant(#ty {
                    data: #serde_json::Value::Null,
                })),
            },
        }
    });
    let write_arms = space.events.iter().map(|planned| {
        let variant = ident(&planned.variant);
        match planned.body {
            Body::Empty => quote! { Event::#variant(_) => {} },
            Body::Fields(_) => quote! {
                Event::#variant(data) => map.serialize_entry("data", data)?,
            },
            Body::Opaque(_) => quote! {
                Event::#variant(data) => {
                    if !data.data.is_null() {
                        map.serialize_entry("data", data)?;
                    }
                }
            },
        }
    });

    quote! {
        const _: () = {
            /// A key of a message object.
            enum __WireKey {
                Event,
                Data,
                Timestamp,
                Other,
            }

            impl ::core::convert::From<&str> for __WireKey {
                fn from(key: &str) -> Self {
                    match key {
                        "event" => __WireKey::Event,
                        "data" => __WireKey::Data,
                        "timestamp" => __WireKey::Timestamp,
                        _ => __WireKey::Other,
                    }
                }
            }

            impl ::core::convert::From<String> for __WireKey {
                fn from(key: String) -> Self {
                    __WireKey::from(key.as_str())
                }
            }

            impl<'de> #serde::Deserialize<'de> for __WireKey {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::qmp_events::__private::deserialize_enum(deserializer)
                }
            }

            /// An event name: a documented one without allocating, or any other.
            enum __WireName {
                #( #variants, )*
                #unknown(String),
            }

            impl ::core::convert::From<&str> for __WireName {
                fn from(name: &str) -> Self {
                    match name {
                        #( #names => __WireName::#variants, )*
                        _ => __WireName::#unknown(name.to_owned()),
                    }
                }
            }

            impl ::core::convert::From<String> for __WireName {
                fn from(name: String) -> Self {
                    match name.as_str() {
                        #( #names => __WireName::#variants, )*
                        _ => __WireName::#unknown(name),
                    }
                }
            }

            impl<'de> #serde::Deserialize<'de> for __WireName {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::qmp_events::__private::deserialize_enum(deserializer)
                }
            }

            impl __WireName {
                /// The event, its data read from `data`.
                fn read<'de, __D: #serde::Deserializer<'de>>(
                    self,
                    data: __D,
                ) -> ::core::result::Result<Event, __D::Error> {
                    match self {
                        #(#read_arms)*
                        __WireName::#unknown(name) => Ok(Event::#unknown {
                            name,
                            data: Some(<#serde_json::Value as #serde::Deserialize>::deserialize(
                                data,
                            )?),
                        }),
                    }
                }

                /// The event of a message without `data`.
                fn without_data<__E: #serde::de::Error>(
                    self,
                ) -> ::core::result::Result<Event, __E> {
                    match self {
                        #(#absent_arms)*
                        __WireName::#unknown(name) => Ok(Event::#unknown { name, data: None }),
                    }
                }
            }

            /// Reads `data` once the event's name is known.
            struct __DataSeed(__WireName);

            impl<'de> #serde::de::DeserializeSeed<'de> for __DataSeed {
                type Value = Event;

                fn deserialize<__D: #serde::Deserializer<'de>>(
                    self,
                    deserializer: __D,
                ) -> ::core::result::Result<Event, __D::Error> {
                    self.0.read(deserializer)
                }
            }

            /// Reads a message object: the event, and the timestamp when there is one.
            fn __read_message<'de, __A: #serde::de::MapAccess<'de>>(
                mut map: __A,
            ) -> ::core::result::Result<(Event, Option<::qmp_events::Timestamp>), __A::Error> {
                use #serde::de::Error as _;

                let mut name: Option<__WireName> = None;
                let mut event: Option<Event> = None;
                let mut raw: Option<Box<#serde_json::value::RawValue>> = None;
                let mut timestamp: Option<::qmp_events::Timestamp> = None;
                while let Some(key) = map.next_key::<__WireKey>()? {
                    match key {
                        __WireKey::Event => {
                            if name.is_some() || event.is_some() {
                                return Err(__A::Error::duplicate_field("event"));
                            }
                            name = Some(map.next_value()?);
                        }
                        __WireKey::Data => {
                            if event.is_some() || raw.is_some() {
                                return Err(__A::Error::duplicate_field("data"));
                            }
                            match name.take() {
                                Some(known) => {
                                    event = Some(map.next_value_seed(__DataSeed(known))?);
                                }
                                None => raw = Some(map.next_value()?),
                            }
                        }
                        __WireKey::Timestamp => {
                            if timestamp.is_some() {
                                return Err(__A::Error::duplicate_field("timestamp"));
                            }
                            timestamp = Some(map.next_value()?);
                        }
                        __WireKey::Other => {
                            map.next_value::<#serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let event = match event {
                    Some(event) => event,
                    None => {
                        let name = name.ok_or_else(|| __A::Error::missing_field("event"))?;
                        match raw {
                            Some(raw) => {
                                let mut data = #serde_json::Deserializer::from_str(raw.get());
                                name.read(&mut data).map_err(__A::Error::custom)?
                            }
                            None => name.without_data()?,
                        }
                    }
                };
                Ok((event, timestamp))
            }

            /// Writes the `event` and `data` entries.
            fn __write_event<__M: #serde::ser::SerializeMap>(
                event: &Event,
                map: &mut __M,
            ) -> ::core::result::Result<(), __M::Error> {
                map.serialize_entry("event", event.name())?;
                match event {
                    #(#write_arms)*
                    Event::#unknown { data: Some(data), .. } => map.serialize_entry("data", data)?,
                    Event::#unknown { data: None, .. } => {}
                }
                Ok(())
            }

            struct __MessageVisitor;

            impl<'de> #serde::de::Visitor<'de> for __MessageVisitor {
                type Value = Message;

                fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str("a QMP event message")
                }

                fn visit_map<__A: #serde::de::MapAccess<'de>>(
                    self,
                    map: __A,
                ) -> ::core::result::Result<Message, __A::Error> {
                    use #serde::de::Error as _;

                    let (event, timestamp) = __read_message(map)?;
                    let timestamp =
                        timestamp.ok_or_else(|| __A::Error::missing_field("timestamp"))?;
                    Ok(Message { event, timestamp })
                }
            }

            impl<'de> #serde::Deserialize<'de> for Message {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    deserializer.deserialize_map(__MessageVisitor)
                }
            }

            impl #serde::Serialize for Message {
                fn serialize<__S: #serde::Serializer>(
                    &self,
                    serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    use #serde::ser::SerializeMap as _;

                    let mut map = serializer.serialize_map(None)?;
                    __write_event(&self.event, &mut map)?;
                    map.serialize_entry("timestamp", &self.timestamp)?;
                    map.end()
                }
            }

            struct __EventVisitor;

            impl<'de> #serde::de::Visitor<'de> for __EventVisitor {
                type Value = Event;

                fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str("an object with an \"event\" member")
                }

                fn visit_map<__A: #serde::de::MapAccess<'de>>(
                    self,
                    map: __A,
                ) -> ::core::result::Result<Event, __A::Error> {
                    let (event, _timestamp) = __read_message(map)?;
                    Ok(event)
                }
            }

            impl<'de> #serde::Deserialize<'de> for Event {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    deserializer.deserialize_map(__EventVisitor)
                }
            }

            impl #serde::Serialize for Event {
                fn serialize<__S: #serde::Serializer>(
                    &self,
                    serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    use #serde::ser::SerializeMap as _;

                    let mut map = serializer.serialize_map(None)?;
                    __write_event(self, &mut map)?;
                    map.end()
                }
            }
        };
    }
}

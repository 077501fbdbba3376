//! QAPI schemas lowered into the model: every real schema gives the events its text declares (an
//! independent line scan), the types they reach and only those, and chosen events have the
//! members, optionality, features and places the schema writes.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use qmpgen::model::{
    Builtin, Condition, Event, Format, Member, Schema, TypeKind, TypeRef, Unknown,
};
use qmpgen::qapi::load::{load, load_from};
use qmpgen::qapi::lower::lower;

/// The schema of INDEX.tsv whose QEMU is `release`, lowered.
fn lowered(release: &str) -> Schema {
    let schema = common::qapi_schemas()
        .into_iter()
        .find(|schema| schema.qemu_release == release)
        .unwrap_or_else(|| panic!("INDEX.tsv has QEMU {release}"));
    let loaded = load(&common::qapi_dir().join(&schema.file));
    assert!(
        loaded.error.is_none(),
        "{}: {:?}",
        schema.file,
        loaded.error
    );
    lower(&loaded.program)
}

/// A schema written in memory: `files` as `(path, text)`, the first the main file.
fn lowered_from(files: &[(&str, &str)]) -> Schema {
    let mut memory: HashMap<PathBuf, Vec<u8>> = files
        .iter()
        .map(|(path, text)| (std::path::absolute(path).unwrap(), text.as_bytes().to_vec()))
        .collect();
    let loaded = load_from(std::path::Path::new(files[0].0), &mut memory);
    assert!(loaded.error.is_none(), "{:?}", loaded.error);
    lower(&loaded.program)
}

/// The names of the events a file declares, by a scan of its lines independent of the parser:
/// a line that starts an expression with `'event'` names the event in the next quoted word.
fn scanned_events(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix('{')?.trim_start();
            let rest = rest
                .strip_prefix("'event'")?
                .trim_start()
                .strip_prefix(':')?;
            let name = rest.trim_start().strip_prefix('\'')?;
            Some(name[..name.find('\'')?].to_owned())
        })
        .collect()
}

/// `(name, type, optional)` of every member of the event's data, a base's first.
fn members(schema: &Schema, event: &str) -> Vec<(String, TypeRef, bool)> {
    let event = event_named(schema, event);
    let Some(TypeRef::Named(data)) = &event.data else {
        panic!("{}: data {:?}", event.name, event.data);
    };
    schema
        .object_members(data)
        .into_iter()
        .map(|member: &Member| (member.name.clone(), member.ty.clone(), member.optional))
        .collect()
}

fn event_named<'s>(schema: &'s Schema, name: &str) -> &'s Event {
    schema
        .event(name)
        .unwrap_or_else(|| panic!("the schema has {name}"))
}

fn builtin(builtin: Builtin) -> TypeRef {
    TypeRef::Builtin(builtin)
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn member(name: &str, ty: TypeRef, optional: bool) -> (String, TypeRef, bool) {
    (name.to_owned(), ty, optional)
}

#[test]
fn every_real_schema_gives_the_events_its_text_declares_in_order() {
    for entry in common::qapi_schemas() {
        let loaded = load(&common::qapi_dir().join(&entry.file));
        let schema = lower(&loaded.program);
        let mut expected: Vec<String> = Vec::new();
        // Files in reading order: the event lines of each file, in the place its include stands.
        // Every real schema includes its files before or after whole definitions, so the files'
        // own order (each event once) is the schema's order of events as the loader reads it.
        for item in &loaded.program.items {
            if let qmpgen::qapi::ast::Item::Expression(expression) = item
                && let Some(name) = expression.get("event").and_then(|value| value.as_str())
            {
                expected.push(name.to_owned());
            }
        }
        let scanned: usize = loaded
            .program
            .files
            .iter()
            .map(|file| scanned_events(&file.text).len())
            .sum();
        assert_eq!(
            expected.len(),
            scanned,
            "{}: the scan and the parser",
            entry.file
        );
        let names: Vec<&str> = schema
            .events
            .iter()
            .map(|event| event.name.as_str())
            .collect();
        assert_eq!(names, expected, "{}", entry.file);
        let mut scanned_names: Vec<String> = loaded
            .program
            .files
            .iter()
            .flat_map(|file| scanned_events(&file.text))
            .collect();
        scanned_names.sort();
        let mut sorted: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        sorted.sort();
        assert_eq!(sorted, scanned_names, "{}", entry.file);
        assert_eq!(schema.source.format, Format::Qapi);
        assert_eq!(schema.source.files.len(), entry.files, "{}", entry.file);
        assert!(schema.source.title.is_none());
    }
}

#[test]
fn every_real_schema_reaches_every_type_it_uses_and_defines_each() {
    for entry in common::qapi_schemas() {
        let loaded = load(&common::qapi_dir().join(&entry.file));
        let schema = lower(&loaded.program);
        for named in schema.types.values() {
            let mut refs = Vec::new();
            match &named.kind {
                TypeKind::Object(object) => {
                    refs.extend(object.base.iter().cloned().map(TypeRef::Named));
                    refs.extend(object.members.iter().map(|member| member.ty.clone()));
                }
                TypeKind::Union(union) => {
                    refs.push(named_ref(&union.base));
                    refs.extend(union.variants.iter().map(|variant| named_ref(&variant.ty)));
                    let base = schema.object_members(&union.base);
                    assert!(
                        base.iter().any(|member| member.name == union.discriminator),
                        "{}: {}'s discriminator is a base member",
                        entry.file,
                        named.name
                    );
                }
                TypeKind::Alternate(alternatives) => refs.extend(
                    alternatives
                        .iter()
                        .map(|alternative| alternative.ty.clone()),
                ),
                TypeKind::Enum(values) => assert!(!values.values.is_empty(), "{}", named.name),
            }
            for ty in refs {
                assert_defined(&schema, &ty, &entry.file);
            }
        }
        for event in &schema.events {
            if let Some(ty) = &event.data {
                assert_defined(&schema, ty, &entry.file);
            }
        }
        // Only what the events reach: every type is reached from some event.
        let mut reached = std::collections::BTreeSet::new();
        for event in &schema.events {
            if let Some(ty) = &event.data {
                walk(&schema, ty, &mut reached);
            }
        }
        let all: Vec<&String> = schema.types.keys().collect();
        let reached: Vec<&String> = reached.iter().collect();
        assert_eq!(all, reached, "{}: types no event reaches", entry.file);
    }
}

fn named_ref(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn assert_defined(schema: &Schema, ty: &TypeRef, file: &str) {
    match ty {
        TypeRef::Named(name) => assert!(schema.named(name).is_some(), "{file}: {name}"),
        TypeRef::Array(element) => assert_defined(schema, element, file),
        TypeRef::Unknown(unknown) => panic!("{file}: {unknown:?}"),
        TypeRef::Builtin(_) => {}
    }
}

/// Every named type `ty` reaches, into `reached`.
fn walk(schema: &Schema, ty: &TypeRef, reached: &mut std::collections::BTreeSet<String>) {
    match ty {
        TypeRef::Array(element) => walk(schema, element, reached),
        TypeRef::Named(name) => {
            if !reached.insert(name.clone()) {
                return;
            }
            let Some(named) = schema.named(name) else {
                return;
            };
            match &named.kind {
                TypeKind::Object(object) => {
                    if let Some(base) = &object.base {
                        walk(schema, &named_ref(base), reached);
                    }
                    for member in &object.members {
                        walk(schema, &member.ty, reached);
                    }
                }
                TypeKind::Union(union) => {
                    walk(schema, &named_ref(&union.base), reached);
                    for variant in &union.variants {
                        walk(schema, &named_ref(&variant.ty), reached);
                    }
                }
                TypeKind::Alternate(alternatives) => {
                    for alternative in alternatives {
                        walk(schema, &alternative.ty, reached);
                    }
                }
                TypeKind::Enum(_) => {}
            }
        }
        _ => {}
    }
}

#[test]
fn shutdown_has_no_data_in_2_9_and_guest_and_reason_in_7_2() {
    let old = lowered("2.9");
    let shutdown = event_named(&old, "SHUTDOWN");
    assert_eq!(shutdown.data, None);
    assert_eq!(
        old.file(shutdown.span),
        format!("{}/qemu-2.9/qapi/event.json", common::qapi_dir().display())
    );
    assert_eq!((shutdown.span.line, shutdown.span.column), (24, 12));

    let new = lowered("7.2");
    assert_eq!(
        members(&new, "SHUTDOWN"),
        [
            member("guest", builtin(Builtin::Bool), false),
            member("reason", named("ShutdownCause"), false),
        ]
    );
    assert_eq!(
        event_named(&new, "SHUTDOWN").data,
        Some(named("q_obj_SHUTDOWN-arg"))
    );
    let data = new.named("q_obj_SHUTDOWN-arg").expect("the implicit type");
    assert!(data.implicit);
    let Some(TypeKind::Enum(cause)) = new.named("ShutdownCause").map(|named| &named.kind) else {
        panic!("ShutdownCause is an enum");
    };
    assert_eq!(cause.values[0].name, "none");
    assert!(cause.values.iter().any(|value| value.name == "guest-panic"));
}

#[test]
fn block_io_error_has_its_members_and_optionality() {
    let schema = lowered("9.1");
    assert_eq!(
        members(&schema, "BLOCK_IO_ERROR"),
        [
            member("device", builtin(Builtin::Str), false),
            member("node-name", builtin(Builtin::Str), true),
            member("operation", named("IoOperationType"), false),
            member("action", named("BlockErrorAction"), false),
            member("nospace", builtin(Builtin::Bool), true),
            member("reason", builtin(Builtin::Str), false),
        ]
    );
}

#[test]
fn guest_panicked_reaches_a_flat_union_with_an_inline_base() {
    let schema = lowered("9.1");
    assert_eq!(
        members(&schema, "GUEST_PANICKED"),
        [
            member("action", named("GuestPanicAction"), false),
            member("info", named("GuestPanicInformation"), true),
        ]
    );
    let Some(TypeKind::Union(union)) = schema.named("GuestPanicInformation").map(|n| &n.kind)
    else {
        panic!("GuestPanicInformation is a union");
    };
    assert_eq!(union.base, "q_obj_GuestPanicInformation-base");
    assert_eq!(union.discriminator, "type");
    let variants: Vec<(&str, &str)> = union
        .variants
        .iter()
        .map(|variant| (variant.value.as_str(), variant.ty.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("hyper-v", "GuestPanicInformationHyperV"),
            ("s390", "GuestPanicInformationS390")
        ]
    );
    let base: Vec<(&str, &TypeRef)> = schema
        .object_members(&union.base)
        .into_iter()
        .map(|member| (member.name.as_str(), &member.ty))
        .collect();
    assert_eq!(base, [("type", &named("GuestPanicInformationType"))]);
    assert!(schema.named(&union.base).unwrap().implicit);
    let hyper_v = schema.object_members("GuestPanicInformationHyperV");
    assert_eq!(hyper_v.len(), 5);
    assert!(
        hyper_v
            .iter()
            .all(|member| member.ty == builtin(Builtin::Uint64))
    );
}

#[test]
fn mem_unplug_error_is_deprecated_in_7_2() {
    // QEMU 9.1 no longer has the event (deprecated in 6.2, removed in 9.1).
    let schema = lowered("7.2");
    let event = event_named(&schema, "MEM_UNPLUG_ERROR");
    let features: Vec<&str> = event.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(features, ["deprecated"]);
    assert!(event.features[0].is_deprecated());
    assert_eq!(
        members(&schema, "MEM_UNPLUG_ERROR"),
        [
            member("device", builtin(Builtin::Str), false),
            member("msg", builtin(Builtin::Str), false),
        ]
    );
    assert!(lowered("9.1").event("MEM_UNPLUG_ERROR").is_none());
}

#[test]
fn hv_balloon_status_report_has_a_named_type_as_data() {
    let schema = lowered("9.1");
    let event = event_named(&schema, "HV_BALLOON_STATUS_REPORT");
    assert_eq!(event.data, Some(named("HvBalloonInfo")));
    assert!(!schema.named("HvBalloonInfo").unwrap().implicit);
    assert_eq!(
        members(&schema, "HV_BALLOON_STATUS_REPORT"),
        [
            member("committed", builtin(Builtin::Size), false),
            member("available", builtin(Builtin::Size), false),
        ]
    );
}

#[test]
fn only_the_types_events_reach_are_lowered() {
    let schema = lowered("9.1");
    // A type only commands use.
    assert!(schema.named("BlockdevOptions").is_none());
    assert!(schema.types.keys().all(|name| {
        !name.ends_with("-arg")
            || schema
                .events
                .iter()
                .any(|event| event.data == Some(named(name)))
    }));
}

const CRAFTED: &str = "
{ 'include': 'types.json' }
{ 'event': 'PLAIN' }
{ 'event': 'EMPTY', 'data': {} }
{ 'event': 'INLINE', 'data': { 'a': 'int8', '*b': ['str'], 'c': { 'type': 'Simple', 'if': 'CONFIG_X' },
  'd': 'QType', 'e': 'Missing', 'f': 'Anon', 'g': 'Choice' },
  'if': { 'all': [ 'CONFIG_A', { 'not': 'CONFIG_B' } ] }, 'features': [ 'unstable', { 'name': 'x', 'if': 'CONFIG_C' } ] }
{ 'event': 'BOXED', 'data': 'Flat', 'boxed': true }
{ 'event': 'PLAIN', 'data': { 'again': 'int' } }
";

const TYPES: &str = "
{ 'type': 'Base', 'data': { 'kind': 'Kinds' } }
{ 'enum': 'Kinds', 'data': [ 'one', { 'name': 'two', 'if': 'CONFIG_TWO', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'One', 'base': 'Base', 'data': { 'x': 'number' } }
{ 'struct': 'Unused', 'data': { 'y': 'int' } }
{ 'union': 'Flat', 'base': 'Base', 'discriminator': 'kind', 'data': { 'one': 'One', 'two': { 'type': 'One', 'if': 'CONFIG_TWO' } } }
{ 'union': 'Simple', 'data': { 'text': 'str', 'texts': ['str'], 'again': 'str' } }
{ 'union': 'Anon', 'discriminator': {}, 'data': { 'a': 'int', 'b': 'One' } }
{ 'alternate': 'Choice', 'data': { 'n': 'null', 's': { 'type': 'str', 'if': 'CONFIG_S' } } }
";

#[test]
fn crafted_schema_lowers_every_shape_as_qemu_puts_it_on_the_wire() {
    let schema = lowered_from(&[
        ("crafted/main.json", CRAFTED),
        ("crafted/types.json", TYPES),
    ]);
    let names: Vec<&str> = schema.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["PLAIN", "EMPTY", "INLINE", "BOXED"],
        "first of a name wins"
    );
    assert_eq!(event_named(&schema, "PLAIN").data, None);
    assert_eq!(event_named(&schema, "EMPTY").data, None);
    assert_eq!(event_named(&schema, "BOXED").data, Some(named("Flat")));

    let inline = event_named(&schema, "INLINE");
    assert_eq!(
        inline.condition,
        Some(Condition::All(vec![
            Condition::Name("CONFIG_A".into()),
            Condition::Not(Box::new(Condition::Name("CONFIG_B".into())))
        ]))
    );
    let features: Vec<(&str, Option<&Condition>)> = inline
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.condition.as_ref()))
        .collect();
    assert_eq!(
        features,
        [
            ("unstable", None),
            ("x", Some(&Condition::Name("CONFIG_C".into())))
        ]
    );
    assert_eq!(
        members(&schema, "INLINE"),
        [
            member("a", builtin(Builtin::Int8), false),
            member("b", TypeRef::Array(Box::new(builtin(Builtin::Str))), true),
            member("c", named("Simple"), false),
            member("d", named("QType"), false),
            member(
                "e",
                TypeRef::Unknown(Unknown::Elsewhere {
                    name: "Missing".into()
                }),
                false
            ),
            member("f", named("Anon"), false),
            member("g", named("Choice"), false),
        ]
    );
    let data = schema.object_members("q_obj_INLINE-arg");
    assert_eq!(data[2].condition, Some(Condition::Name("CONFIG_X".into())));
    // Places: the member's key, in its own file.
    assert_eq!(schema.file(data[0].span), "crafted/main.json");
    assert_eq!((data[0].span.line, data[0].span.column), (5, 32));

    // The flat union: the named base, the variants with their conditions.
    let Some(TypeKind::Union(flat)) = schema.named("Flat").map(|n| &n.kind) else {
        panic!("Flat is a union");
    };
    assert_eq!(
        (flat.base.as_str(), flat.discriminator.as_str()),
        ("Base", "kind")
    );
    assert_eq!(
        flat.variants[1].condition,
        Some(Condition::Name("CONFIG_TWO".into()))
    );
    assert_eq!(
        schema.object_members("One").len(),
        2,
        "the base's member and its own"
    );
    let Some(TypeKind::Enum(kinds)) = schema.named("Kinds").map(|n| &n.kind) else {
        panic!("Kinds is an enum");
    };
    assert_eq!(kinds.values[1].features[0].name, "deprecated");
    assert_eq!(
        kinds.values[1].condition,
        Some(Condition::Name("CONFIG_TWO".into()))
    );
    assert_eq!(
        schema.file(schema.named("Kinds").unwrap().span),
        "crafted/types.json"
    );

    // The simple union, as QEMU puts it on the wire.
    let Some(TypeKind::Union(simple)) = schema.named("Simple").map(|n| &n.kind) else {
        panic!("Simple is a union");
    };
    assert_eq!(simple.discriminator, "type");
    let tag: Vec<(&str, &TypeRef)> = schema
        .object_members(&simple.base)
        .into_iter()
        .map(|m| (m.name.as_str(), &m.ty))
        .collect();
    assert_eq!(tag, [("type", &named("SimpleKind"))]);
    let Some(TypeKind::Enum(kind)) = schema.named("SimpleKind").map(|n| &n.kind) else {
        panic!("SimpleKind is an enum");
    };
    let values: Vec<&str> = kind.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(values, ["text", "texts", "again"]);
    let wrappers: BTreeMap<&str, &str> = simple
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.ty.as_str()))
        .collect();
    assert_eq!(wrappers["text"], "q_obj_str-wrapper");
    assert_eq!(wrappers["again"], "q_obj_str-wrapper");
    assert_eq!(wrappers["texts"], "q_obj_strList-wrapper");
    let wrapped = schema.object_members("q_obj_strList-wrapper");
    assert_eq!(
        (wrapped[0].name.as_str(), &wrapped[0].ty),
        ("data", &TypeRef::Array(Box::new(builtin(Builtin::Str))))
    );

    // 2.1's anonymous union is an alternate; alternates keep their conditions.
    assert!(
        matches!(schema.named("Anon").map(|n| &n.kind), Some(TypeKind::Alternate(a)) if a.len() == 2)
    );
    let Some(TypeKind::Alternate(choice)) = schema.named("Choice").map(|n| &n.kind) else {
        panic!("Choice is an alternate");
    };
    assert_eq!(choice[0].ty, builtin(Builtin::Null));
    assert_eq!(
        choice[1].condition,
        Some(Condition::Name("CONFIG_S".into()))
    );

    // QType is predefined; what no event reaches is not lowered.
    assert!(schema.named("QType").is_some());
    assert!(schema.named("Unused").is_none());
}

/// `(event name, Since: as written)` for every event of a file, by a scan of its lines: the
/// comment lines right above the event's expression are its doc comment, and the line that
/// starts `# Since:` in it gives the version.
fn scanned_since(text: &str) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(name) = scanned_events(line).pop() else {
            continue;
        };
        let since = lines[..at]
            .iter()
            .rev()
            .take_while(|line| line.starts_with('#'))
            .find_map(|line| line.strip_prefix("# Since:"))
            .map(|version| version.trim().to_owned());
        found.push((name, since));
    }
    found
}

#[test]
fn every_event_has_the_since_its_doc_comment_writes() {
    for entry in common::qapi_schemas() {
        let loaded = load(&common::qapi_dir().join(&entry.file));
        let schema = lower(&loaded.program);
        let expected: BTreeMap<String, Option<String>> = loaded
            .program
            .files
            .iter()
            .flat_map(|file| scanned_since(&file.text))
            .collect();
        let lowered: BTreeMap<String, Option<String>> = schema
            .events
            .iter()
            .map(|event| {
                let since = event.since.as_ref().map(|since| since.text.clone());
                (event.name.clone(), since)
            })
            .collect();
        assert_eq!(lowered, expected, "{}", entry.file);
        let with_since = lowered.values().filter(|since| since.is_some()).count();
        eprintln!(
            "{}: {} events, {with_since} with Since:",
            entry.file,
            lowered.len()
        );
    }
}

#[test]
fn docs_give_descriptions_members_words_features_and_examples() {
    let schema = lowered("7.2");
    let shutdown = event_named(&schema, "SHUTDOWN");
    assert_eq!(shutdown.since.as_ref().unwrap().text, "0.12");
    let description = &shutdown.doc.description.as_ref().unwrap().text;
    assert!(
        description.starts_with("Emitted when the virtual machine has shut down"),
        "{description}"
    );
    assert_eq!(shutdown.doc.notes.len(), 1, "{:?}", shutdown.doc.notes);
    assert_eq!(shutdown.doc.examples.len(), 1);
    let example = &shutdown.doc.examples[0];
    assert!(
        example.text.starts_with("{ \"event\": \"SHUTDOWN\""),
        "{}",
        example.text
    );
    assert_eq!(schema.file(example.span()), schema.file(shutdown.span));
    let data = schema.object_members("q_obj_SHUTDOWN-arg");
    assert!(
        data[0]
            .doc
            .as_ref()
            .unwrap()
            .text
            .starts_with("If true, the shutdown was triggered by a guest request")
    );

    let unplug = event_named(&schema, "MEM_UNPLUG_ERROR");
    let deprecated = &unplug.features[0];
    assert!(
        deprecated
            .doc
            .as_ref()
            .is_some_and(|doc| doc.text.contains("DEVICE_UNPLUG_GUEST_ERROR")),
        "{deprecated:?}"
    );

    // A member's `(since X.Y)`; an enum value's words.
    let block = schema.object_members("q_obj_BLOCK_IO_ERROR-arg");
    let node_name = block
        .iter()
        .find(|member| member.name == "node-name")
        .unwrap();
    assert_eq!(
        node_name.since.as_ref().map(|since| since.text.as_str()),
        Some("2.8")
    );
    let Some(TypeKind::Enum(cause)) = schema.named("ShutdownCause").map(|named| &named.kind) else {
        panic!("ShutdownCause is an enum");
    };
    assert!(
        cause.values.iter().all(|value| value.doc.is_some()),
        "every value is described"
    );
    // Types have their own `Since:` (ShutdownCause's block writes none).
    assert_eq!(schema.named("ShutdownCause").unwrap().since, None);
    let action = schema.named("GuestPanicAction").unwrap();
    assert_eq!(
        action.since.as_ref().unwrap().text,
        "2.1 (poweroff since 2.8, run since 5.0)",
        "as written"
    );
}

#[test]
fn an_enum_value_keeps_the_since_its_documentation_ends_with() {
    let schema = lowered("9.1");
    let Some(TypeKind::Enum(action)) = schema.named("WatchdogAction").map(|named| &named.kind)
    else {
        panic!("WatchdogAction is an enum");
    };
    let since = |value: &str| {
        let value = action.values.iter().find(|v| v.name == value).unwrap();
        value.since.as_ref().map(|since| since.text.as_str())
    };
    // "a non-maskable interrupt is injected into the first VCPU (all VCPUS on x86) (since 2.4)"
    assert_eq!(since("inject-nmi"), Some("2.4"));
    assert_eq!(since("reset"), None);
}

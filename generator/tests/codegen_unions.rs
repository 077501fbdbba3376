//! How the bindings of a flat union are planned where names could clash: the catch-all
//! variant `Other` and its struct beside a value called "other", and its fields beside base
//! members named as they would be; and a union of `number`s holding an `f64` everywhere.

use qmpgen::codegen::types::{Shape, TypeSpace};
use qmpgen::codegen::{DocRef, generate};
use qmpgen::model::{Builtin, Schema, TypeKind, UnionType};

// Its builders; its own schema is for the snapshot and the golden file.
#[allow(dead_code)]
#[path = "fixtures/kinds.rs"]
mod kinds;

use kinds::{builtin, enumeration, event, member, named, named_type, object, qapi_schema};

/// One event whose data is the union `U`: discriminator `kind` (an enum of `values`), the
/// base's other members `base` (`number`s), no variant types.
fn union_schema(values: &[&str], base: &[&str]) -> Schema {
    let mut members = vec![member("kind", named("Kind"), 2)];
    members.extend(
        base.iter()
            .map(|name| member(name, builtin(Builtin::Number), 3)),
    );
    let union = TypeKind::Union(UnionType {
        base: "Base".to_owned(),
        discriminator: "kind".to_owned(),
        variants: Vec::new(),
    });
    qapi_schema(
        &["u.json"],
        vec![event("E", 10, Some(named("U")), "A union.")],
        vec![
            enumeration("Kind", 1, values),
            object("Base", 2, None, members),
            named_type("U", 5, union),
        ],
    )
}

#[test]
fn the_catch_all_takes_names_that_values_and_base_members_leave() {
    // A value "other", and base members named as the catch-all's fields would be.
    let schema = union_schema(&["other", "x"], &["kind_", "members"]);
    let space = TypeSpace::new(&schema);
    let Shape::Union(union) = &space.types[0].shape else {
        panic!("{:?}", space.types[0].shape)
    };
    let variants: Vec<&str> = union.branches.iter().map(|b| b.variant.as_str()).collect();
    assert_eq!(variants, ["Other2", "X"]);
    let structs: Vec<&str> = union
        .branches
        .iter()
        .map(|b| b.struct_name.as_str())
        .collect();
    assert_eq!(structs, ["UOther", "UX"]);
    assert_eq!(union.other.struct_name, "UOther2");
    // The base's members have the names they have in every branch (`kind_` is the field
    // `kind`); the discriminator's value and the other members take the next free names.
    let fields: Vec<&str> = union
        .other
        .members
        .iter()
        .map(|m| m.ident.as_str())
        .collect();
    assert_eq!(fields, ["kind", "members"]);
    assert_eq!(union.branches[0].members[0].ident, "kind");
    assert_eq!(union.other.discriminator_field, "kind_2");
    assert_eq!(union.other.rest_field, "members_2");
}

#[test]
fn a_union_of_numbers_is_partial_eq_only_and_so_are_event_and_message() {
    let schema = union_schema(&["a"], &["ratio"]);
    let space = TypeSpace::new(&schema);
    for name in ["U", "UA", "UOther", "E"] {
        assert!(space.reach.type_holds_float(name), "{name}");
    }
    assert!(space.reach.events_hold_float());
    let code = generate(&schema, &DocRef::new("u.json"));
    assert!(code.contains("pub ratio: f64,"), "{code}");
    assert!(
        code.contains(
            "#[derive(Debug, Clone, PartialEq)]\n#[allow(clippy::enum_variant_names)]\n\
             pub enum Event {"
        ),
        "{code}"
    );
    assert!(
        code.contains("#[derive(Debug, Clone, PartialEq)]\npub struct Message {"),
        "{code}"
    );
    // No derive names `Eq` (one per line when the derive is long).
    assert!(
        !code.contains(", Eq") && !code.lines().any(|line| line.trim() == "Eq,"),
        "{code}"
    );
}

//! Snapshots (insta) of the code generated for small crafted documents (`fixtures/`), one per
//! concern: identifiers, data shapes, shared types. `cargo insta review` accepts changes. The
//! root crate's `tests/golden.rs` compiles the same code and reads messages through it.

use qmpgen::codegen::{DocRef, generate};
use qmpgen::text::lower::lower;

#[path = "fixtures/kinds.rs"]
mod kinds;

fn generated(name: &str, text: &str) -> String {
    let parsed = qmpgen::text::parse::parse(text);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    generate(&lower(&parsed.spec, name), &DocRef::new(name))
}

/// Names that are keywords, start with digits, carry vendor prefixes or collide.
const NAMES: &str = include_str!("fixtures/names.txt");

/// Every shape of data: none, undocumented, a reference, prose, untyped and named members,
/// a json-object without members.
const SHAPES: &str = include_str!("fixtures/shapes.txt");

/// Two events documenting the same object and the same values share their types.
const SHARED: &str = include_str!("fixtures/shared.txt");

#[test]
fn names_are_sanitised_and_collision_free() {
    insta::assert_snapshot!(generated("names.txt", NAMES));
}

#[test]
fn every_data_shape_has_a_type() {
    insta::assert_snapshot!(generated("shapes.txt", SHAPES));
}

#[test]
fn identical_objects_and_values_share_one_type() {
    insta::assert_snapshot!(generated("shared.txt", SHARED));
}

#[test]
fn every_kind_of_the_model_has_a_type() {
    insta::assert_snapshot!(generate(&kinds::schema(), &DocRef::new("kinds.json")));
}

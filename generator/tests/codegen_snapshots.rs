//! Snapshots (insta) of the code generated for small crafted documents, one per concern:
//! identifiers, data shapes, shared types. `cargo insta review` accepts changes.

use qmpgen::codegen::{DocRef, generate};

fn generated(name: &str, text: &str) -> String {
    let parsed = qmpgen::parse::parse(text);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    generate(&parsed.spec, &DocRef::new(name))
}

/// Names that are keywords, start with digits, carry vendor prefixes or collide.
const NAMES: &str = r#"EVENT
-----

Emitted to test names.

Data:

- "type": a keyword (json-string)
- "self": another keyword (json-int)
- "1st": a leading digit (json-bool)
- "__com.vendor_x": a vendor extension (json-string, optional)
- "tray-open": with a dash (json-bool)
- "tray_open": with an underscore (json-bool)
- "mode": values that need care (json-string, "other", "Self", "2d" or "a-b")

UNKNOWN
-------

Emitted to test the name of the variant for unknown events.

Data: None.
"#;

/// Every shape of data: none, undocumented, a reference, prose, untyped and named members,
/// a json-object without members.
const SHAPES: &str = r#"QUIET
-----

Emitted with no data at all.

Data: None.

SILENT
------

Emitted without saying anything about data.

ACPI_DEVICE_OST
---------------

Emitted when guest executes ACPI _OST method.

 - data: ACPIOSTInfo type as described in qapi-schema.json

VNC_LEGACY
----------

Emitted when a VNC client connects.

Data: 'server' and 'client' keys with the same keys as 'query-vnc'.

MIXED
-----

Emitted with members the document does not type.

Data:

- "untyped": no annotation at all
- "result": DumpQueryResult type described in qapi-schema.json
- "blob": something (json-object)
- "ratio": a number (json-number, optional)
"#;

/// Two events documenting the same object and the same values share their types.
const SHARED: &str = r#"LINK_UP
-------

Emitted when a link goes up.

Data:

- "link": the link (json-object)
  - "host": IP address (json-string)
  - "family": address family (json-string, "ipv4" or "ipv6")
- "state": the state (json-string, "on" or "off")

LINK_DOWN
---------

Emitted when a link goes down.

Data:

- "link": the link, again (json-object)
  - "host": IP address (json-string)
  - "family": address family (json-string, "ipv4" or "ipv6")
- "peer": a different object (json-object)
  - "host": IP address (json-string)
- "reason": why (json-string, "on" or "off")

Example:

{ "event": "LINK_DOWN",
  "data": { "link": { "host": "10.0.0.1", "family": "ipv4" },
            "peer": { "host": "10.0.0.2" }, "reason": "off" },
  "timestamp": { "seconds": 1, "microseconds": 2 } }
"#;

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

//! `qmpgen diff` between a text document and a QAPI schema: spelling is no change (json-string
//! and `str`, an enumerated string and an enum type, a nested json-object and an object type,
//! whatever their names); a type the text names as described in qapi-schema.json is the QAPI side's
//! type of that name, compared by structure (its members present on one side only are reported,
//! never an opaque change of the data's shape); a name the other side does not define stays a
//! reference, compared by its name.

use qmpgen::diff::{ChangeKind, Options, diff};
use qmpgen::document::Document;
use qmpgen::model::Schema;

fn read(file: &str, text: &str) -> Schema {
    let document = Document::from_bytes(file, text.as_bytes().to_vec());
    assert!(!document.has_errors(), "{:?}", document.findings());
    document.schema()
}

const TEXT_OST: &str = "ACPI_DEVICE_OST\n---------------\n\nEmitted when guest executes ACPI _OST method.\n\n - data: ACPIOSTInfo type as described in qapi-schema.json\n";

const QAPI_OST: &str = "{ 'enum': 'ACPISlotType', 'data': [ 'DIMM' ] }\n\
{ 'struct': 'ACPIOSTInfo', 'data': { '*device': 'str', 'slot': 'str',\n\
  'slot-type': 'ACPISlotType', 'source': 'int', 'status': 'int' } }\n\
{ 'event': 'ACPI_DEVICE_OST', 'data': { 'info': 'ACPIOSTInfo' } }\n";

/// Each change as (kind, field, breaking).
fn found(old: &Schema, new: &Schema) -> Vec<(ChangeKind, Option<String>, bool)> {
    diff(old, new, Options::default())
        .into_iter()
        .map(|change| (change.kind, change.field, change.breaking))
        .collect()
}

fn field(kind: ChangeKind, name: &str, breaking: bool) -> (ChangeKind, Option<String>, bool) {
    (kind, Some(name.to_owned()), breaking)
}

#[test]
fn a_data_reference_is_the_other_sides_type_compared_member_by_member() {
    let (text, qapi) = (read("events.txt", TEXT_OST), read("schema.json", QAPI_OST));
    assert_eq!(
        found(&text, &qapi),
        [
            field(ChangeKind::FieldAdded, "info", false),
            field(ChangeKind::FieldRemoved, "device", false),
            field(ChangeKind::FieldRemoved, "slot", true),
            field(ChangeKind::FieldRemoved, "slot-type", true),
            field(ChangeKind::FieldRemoved, "source", true),
            field(ChangeKind::FieldRemoved, "status", true),
        ]
    );
    // The other way round: QAPI's `info` is gone, the referenced type's members appear.
    assert_eq!(
        found(&qapi, &text),
        [
            field(ChangeKind::FieldAdded, "device", false),
            field(ChangeKind::FieldAdded, "slot", false),
            field(ChangeKind::FieldAdded, "slot-type", false),
            field(ChangeKind::FieldAdded, "source", false),
            field(ChangeKind::FieldAdded, "status", false),
            field(ChangeKind::FieldRemoved, "info", true),
        ]
    );
    // The members stand where the text names the type.
    let changes = diff(&text, &qapi, Options::default());
    let slot = changes
        .iter()
        .find(|change| change.field.as_deref() == Some("slot"))
        .unwrap();
    assert_eq!((slot.old_line, slot.new_line), (Some(6), None));
    assert_eq!(slot.old_str(), Some("json-string"));
}

#[test]
fn a_member_reference_the_other_side_defines_is_no_change() {
    let text = read(
        "events.txt",
        "DUMP_COMPLETED\n--------------\n\nEmitted when the guest has finished one memory dump.\n\nData:\n\n\
         - \"result\": DumpQueryResult type described in qapi-schema.json\n\
         - \"error\": Error message (json-string, optional)\n",
    );
    let qapi = read(
        "schema.json",
        "{ 'enum': 'DumpStatus', 'data': [ 'none', 'active', 'completed', 'failed' ] }\n\
         { 'struct': 'DumpQueryResult', 'data': { 'status': 'DumpStatus', 'completed': 'int', 'total': 'int' } }\n\
         { 'event': 'DUMP_COMPLETED', 'data': { 'result': 'DumpQueryResult', '*error': 'str' } }\n",
    );
    assert_eq!(found(&text, &qapi), []);
    assert_eq!(found(&qapi, &text), []);
    // Once resolved, the type is compared by structure: a member the QAPI type lacks is reported.
    let fewer = read(
        "schema.json",
        "{ 'struct': 'DumpQueryResult', 'data': { 'completed': 'int', 'total': 'int' } }\n\
         { 'event': 'DUMP_COMPLETED', 'data': { 'result': 'DumpQueryResult', '*error': 'str' } }\n",
    );
    assert_eq!(found(&text, &fewer), []);
    assert_eq!(
        found(&qapi, &fewer),
        [field(ChangeKind::FieldRemoved, "result.status", true)]
    );
}

#[test]
fn a_reference_the_other_side_does_not_define_stays_a_reference() {
    let text = read("events.txt", TEXT_OST);
    let qapi = read(
        "schema.json",
        "{ 'event': 'ACPI_DEVICE_OST', 'data': { 'slot': 'str' } }\n",
    );
    let changes = diff(&text, &qapi, Options::default());
    assert_eq!(
        changes
            .iter()
            .map(|change| (change.kind, change.old_str(), change.new_str()))
            .collect::<Vec<_>>(),
        [
            (ChangeKind::DataChanged, Some("reference"), Some("fields")),
            (ChangeKind::FieldAdded, None, Some("str")),
        ]
    );
    // Two texts naming the same type agree; naming another type is a change of the reference.
    let renamed = read("new.txt", &TEXT_OST.replace("ACPIOSTInfo", "ACPIInfo"));
    assert_eq!(found(&text, &text), []);
    assert_eq!(
        found(&text, &renamed),
        [(ChangeKind::TypeChanged, None, true)]
    );
}

#[test]
fn spelling_is_no_change() {
    // Each of the text's spellings against QAPI's, under type names the text never makes.
    let text = read(
        "events.txt",
        "VNC_CONNECTED\n-------------\n\nData:\n\n\
         - \"server\": Server information (json-object)\n\
         \x20 - \"host\": IP address (json-string)\n\
         \x20 - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n\
         \x20 - \"auth\": authentication method (json-string, optional)\n\
         - \"websocket\": whether (json-bool)\n\
         - \"port\": port (json-int)\n\
         - \"ratio\": ratio (json-number)\n",
    );
    let qapi = read(
        "schema.json",
        "{ 'enum': 'NetworkAddressFamily', 'data': [ 'ipv4', 'ipv6' ] }\n\
         { 'struct': 'VncBasicInfo', 'data': { 'host': 'str', 'family': 'NetworkAddressFamily' } }\n\
         { 'struct': 'VncServerInfo', 'base': 'VncBasicInfo', 'data': { '*auth': 'str' } }\n\
         { 'event': 'VNC_CONNECTED', 'data': { 'server': 'VncServerInfo', 'websocket': 'bool',\n\
           'port': 'uint16', 'ratio': 'number' } }\n",
    );
    assert_eq!(found(&text, &qapi), []);
    assert_eq!(found(&qapi, &text), []);
}

//! Property tests: any message the bindings can hold is written in the wire format and reads
//! back equal (read, write, read), whatever the values, documented or not.

use proptest::prelude::*;
use qmp_events::{
    AnyInt, BlockIoError, BlockIoErrorAction, BlockIoErrorOperation, BlockJobCompleted,
    BlockJobCompletedType, Event, Message, Timestamp, Watchdog, WatchdogAction,
};
use serde_json::json;

/// A value of an enumerated string: mostly documented ones, sometimes any text (`From` keeps a
/// documented value out of `Other`).
fn value<T: From<String> + std::fmt::Debug>(
    documented: &'static [&'static str],
) -> impl Strategy<Value = T> {
    prop_oneof![
        3 => proptest::sample::select(documented).prop_map(|value| T::from(value.to_owned())),
        1 => "\\PC{0,8}".prop_map(T::from),
    ]
}

/// A json-int: it states no width, so any integer QEMU sends, from -2^63 to 2^64-1.
fn json_int() -> impl Strategy<Value = AnyInt> {
    (i128::from(i64::MIN)..=i128::from(u64::MAX))
        .prop_map(|value| AnyInt::new(value).expect("within the range"))
}

fn event() -> impl Strategy<Value = Event> {
    let block_io_error = (
        "\\PC{0,12}",
        value::<BlockIoErrorOperation>(BlockIoErrorOperation::VALUES),
        value::<BlockIoErrorAction>(BlockIoErrorAction::VALUES),
    )
        .prop_map(|(device, operation, action)| {
            Event::from(BlockIoError {
                device,
                operation,
                action,
            })
        });
    let watchdog = value::<WatchdogAction>(WatchdogAction::VALUES)
        .prop_map(|action| Event::from(Watchdog { action }));
    let job = (
        value::<BlockJobCompletedType>(BlockJobCompletedType::VALUES),
        "[a-z0-9-]{1,8}",
        json_int(),
        json_int(),
        json_int(),
        proptest::option::of("\\PC{0,12}"),
    )
        .prop_map(|(type_, device, len, offset, speed, error)| {
            Event::from(BlockJobCompleted {
                type_,
                device,
                len,
                offset,
                speed,
                error,
            })
        });
    let unknown = (
        "[A-Z_]{1,12}".prop_filter("not a documented event", |name| {
            !Event::NAMES.contains(&name.as_str())
        }),
        proptest::option::of(
            any::<i64>().prop_map(|n| json!({ "n": n, "s": n.to_string() }).into()),
        ),
    )
        .prop_map(|(name, data)| Event::Unknown { name, data });
    prop_oneof![block_io_error, watchdog, job, unknown]
}

proptest! {
    #[test]
    fn messages_round_trip(event in event(), seconds in any::<i64>(), microseconds in 0..1_000_000i64) {
        let message = Message { event, timestamp: Timestamp::new(seconds, microseconds) };
        let text = serde_json::to_string(&message).unwrap();
        let read: Message = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&read, &message);
        // And once more from the written text, through a `serde_json::Value`.
        let value = serde_json::to_value(&read).unwrap();
        prop_assert_eq!(serde_json::from_value::<Message>(value).unwrap(), message);
    }
}

/// Found by fuzzing (V1 in RELIABILITY.md): an integer beyond u64 is read as the nearest f64,
/// which must write and read back as itself. serde_json's default float reading was an ulp off
/// for `1.8446744073709638e+19`; the crate enables its exact reading (`float_roundtrip`).
#[test]
fn a_number_read_as_a_float_writes_and_reads_back_exactly() {
    for offset in [
        "18446744073709637933",
        "1.8446744073709638e+19",
        "0.1",
        "5e-324",
        "1.7976931348623157e308",
    ] {
        let text = format!(
            r#"{{"event": "RTC_CHANGE", "data": {{"offset": {offset}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
        );
        let message: Message = serde_json::from_str(&text).unwrap();
        let written = serde_json::to_string(&message).unwrap();
        let reread: Message = serde_json::from_str(&written).unwrap();
        assert_eq!(reread, message, "{written}");
    }
}

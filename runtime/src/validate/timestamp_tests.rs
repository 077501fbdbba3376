//! The timestamp's short path ([`plain_timestamp`]) against its general walk ([`Timestamp`]):
//! whatever the short path takes, the walk finds nothing wrong with and ends at the same byte.

use proptest::prelude::*;

use super::{Ctx, Json, Timestamp, check, plain_timestamp};
use crate::report::Mode;

/// What the short path makes of `text`: where it stops when it takes it.
fn short(text: &str) -> Option<usize> {
    let mut json = Json::from_str(text);
    let mut ctx = Ctx::new(Mode::Strict);
    plain_timestamp(&mut json, &mut ctx).then(|| json.offset())
}

/// What the general walk makes of `text`, at the depth of a message's member: where it stops
/// when it reads it whole without a violation.
fn general(text: &str) -> Option<usize> {
    let mut json = Json::from_str(text);
    let mut ctx = Ctx::new(Mode::Strict);
    ctx.enter();
    let read = check(&mut json, &mut ctx, Timestamp);
    let clean = ctx.take_report().violations.is_empty();
    (read.is_ok() && clean).then(|| json.offset())
}

#[test]
fn qemus_timestamps_take_the_short_path_and_others_do_not() {
    for text in [
        r#"{"seconds": 1795443782, "microseconds": 877419}"#,
        r#"{"seconds": 0, "microseconds": 0}, "event": "STOP"}"#,
        r#" {"seconds": 999999999999999999, "microseconds": 999999}"#,
    ] {
        assert!(short(text).is_some(), "{text}");
        assert_eq!(short(text), general(text), "{text}");
    }
    for text in [
        r#"{"seconds":1, "microseconds": 2}"#,
        r#"{"seconds": 01, "microseconds": 2}"#,
        r#"{"seconds": 1, "microseconds": 02}"#,
        r#"{"seconds": -1, "microseconds": -1}"#,
        r#"{"seconds": 1.5, "microseconds": 2}"#,
        r#"{"seconds": 1, "microseconds": 2e0}"#,
        r#"{"seconds": 1, "microseconds": 1000000}"#,
        r#"{"seconds": 9999999999999999999, "microseconds": 2}"#,
        r#"{"seconds": 1, "microseconds": 2 }"#,
        r#"{"microseconds": 2, "seconds": 1}"#,
        r#"{"seconds": 1, "microseconds": 2"#,
        r#"{"seconds": 1, "microseconds": "#,
        r#"{"seconds": "#,
        "",
    ] {
        assert_eq!(short(text), None, "{text}");
    }
}

proptest! {
    #[test]
    fn what_the_short_path_takes_the_walk_finds_valid_and_ends_at_the_same_byte(
        seconds in "-?[0-9]{0,20}(\\.[0-9]|e1)?",
        microseconds in "-?[0-9]{0,8}(\\.[0-9]|e1)?",
        space in prop_oneof![Just(""), Just(" "), Just("  ")],
        tail in prop_oneof![Just(""), Just("}"), Just(" }"), Just(","), Just("x")],
    ) {
        let text = format!(
            "{{\"seconds\":{space}{seconds}, \"microseconds\": {microseconds}}}{tail}"
        );
        if let Some(end) = short(&text) {
            prop_assert_eq!(Some(end), general(&text), "{}", text);
        }
    }
}

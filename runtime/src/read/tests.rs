//! The runtime's reader against serde_json: the same values, the same errors in the same words
//! at the same places.

use super::*;
use proptest::prelude::*;
use serde_json::Value;

/// What serde_json and this reader say of `text` read as `T`: the values, or the errors'
/// texts.
fn both<'de, T>(text: &'de str) -> (Result<T, String>, Result<T, String>)
where
    T: Deserialize<'de>,
{
    let theirs = serde_json::from_str::<T>(text).map_err(|error| error.to_string());
    let ours = from_str::<T>(text).map_err(|error| error.to_string());
    (theirs, ours)
}

#[test]
fn values_and_syntax_errors_are_serde_json_s() {
    let texts = [
        "",
        " ",
        "{",
        "[",
        "{\"a\"",
        "{\"a\":",
        "{\"a\": 1",
        "{\"a\": 1,",
        "{\"a\": 1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{1: 2}",
        "{,}",
        "[,]",
        "nul",
        "tru",
        "-",
        "01",
        "1.",
        "1e+",
        "+1",
        "\"abc",
        "\"a\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"a\u{1}b\"",
        "{} x",
        "[] ]",
        "1 2",
        "{\"a\":\n  [1,\n  2,,]}",
        "1e999",
        "[-1e999]",
        "1e39531540002",
        "[17954411111111111111111e39531540002, 1]",
        "1.5E+2147483648",
        "1e2147483647",
        "0e99999999999",
        "1e-99999999999",
        "null",
        "[true, false, null]",
        "{\"a\": true, \"b\": [null, false, -0, 1e300, 12345678901234567890123]}",
        "{\"a\\\"b\": \"\\ud83d\\ude00\\u00e9\\n\", \"a\\\"b\": 2}",
        " [ 1.5 , -2 , 18446744073709551615 , -9223372036854775808, 0.1e-3 ] ",
    ];
    for text in texts {
        let (theirs, ours) = both::<Value>(text);
        assert_eq!(ours, theirs, "{text:?}");
    }
}

#[test]
fn errors_passed_on_keep_their_place() {
    use de::Error;
    let passed = ReadError::custom("missing field `x` at line 1 column 32");
    assert_eq!(
        (passed.message(), passed.line(), passed.column()),
        ("missing field `x`", 1, 32)
    );
    let theirs = serde_json::Error::custom("missing field `x` at line 1 column 32");
    assert_eq!(passed.to_string(), theirs.to_string());
    for odd in [
        "at line 1 column 2",
        "x at line 1 column 2 y",
        "x at line a column 2",
        "x",
    ] {
        let ours = ReadError::custom(odd);
        assert_eq!(
            ours.to_string(),
            serde_json::Error::custom(odd).to_string(),
            "{odd}"
        );
    }
}

#[test]
fn nesting_stops_at_serde_json_s_limit() {
    for depth in [126, 127, 128, 129, 200_000] {
        let text = format!(
            "{}1{}",
            "[{\"a\":".repeat(depth / 2),
            "}]".repeat(depth / 2)
        );
        let text = if depth % 2 == 1 {
            format!("[{text}]")
        } else {
            text
        };
        let (theirs, ours) = both::<Value>(&text);
        assert_eq!(ours, theirs, "depth {depth}");
    }
}

#[test]
fn visitor_errors_name_serde_json_s_place() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Point {
        x: i64,
        y: Option<u8>,
    }
    for text in [
        r#"{"x": 1, "y": 2}"#,
        r#"{"x": 1}"#,
        r#"{"y": 2}"#,
        r#"{"x": 1.5}"#,
        r#"{"x": "1"}"#,
        r#"{"x": 1, "y": 300}"#,
        r#"{"x": 1, "x": 2}"#,
        r#"{"x": 1, "x" : 2}"#,
        "{\"y\": 1\n  }\n",
        "{\"y\": 1 }  ",
        "[1 ]\n",
        "{\"x\": 1,\n \"y\": 2,\n \"z\": 3\n}",
        "[1, 2,\n  3]",
        r#"{"x": 1, "z": 2}"#,
        "[1, 2]",
        "[1, 2, 3]",
        "[1]",
        "{\n  \"x\": 1,\n  \"y\": null\n}",
        "[]",
        "\"x\"",
        "5",
        r#"{"x": {}}"#,
        r#"{"x": [1]}"#,
        r#"{"x": 1, "y": {"a": 1}}"#,
        r#"{"x": 1e300}"#,
        r#"{"x": -0.5}"#,
        r#"{"x": 1, "y": -1}"#,
        r#"{"x": ["#,
        r#"{"x": [1"#,
        r#"{"x": {"#,
        "[",
        "[1,",
        r#"{"x": 1, "y": "\u00e9"}"#,
    ] {
        let (theirs, ours) = both::<Point>(text);
        assert_eq!(ours, theirs, "{text:?}");
        let (theirs, ours) = both::<std::collections::BTreeMap<String, i64>>(text);
        assert_eq!(ours, theirs, "{text:?}");
        let (theirs, ours) = both::<Vec<Option<String>>>(text);
        assert_eq!(ours, theirs, "{text:?}");
        let (theirs, ours) = both::<serde_json::Number>(text);
        assert_eq!(ours, theirs, "{text:?}");
    }
}

#[test]
fn ignored_and_raw_values_are_stepped_over_as_serde_json_does() {
    use crate::raw_json::RawJson;
    use serde::de::IgnoredAny;
    #[derive(Debug, PartialEq, Deserialize)]
    struct Known {
        a: Option<u8>,
    }
    for value in [
        "1",
        "-1.5e+3",
        "\"\\ud800\"",
        "\"a\\x\"",
        "\"a\u{1}\"",
        "\"\\u12\"",
        "\"\\u12zz\"",
        "[1,]",
        "[1 2]",
        "{\"k\": 1,}",
        "{\"k\" 1}",
        "{1: 2}",
        "{,}",
        "01",
        "1.",
        "1.e3",
        "1e",
        "1e+",
        "-",
        "-x",
        "nul",
        "tx",
        "[",
        "{",
        "{\"k\"",
        "\"abc",
        "[[], {}, [{}]]",
        "x",
        "",
        "\"\\",
        "\"\\u00",
    ] {
        for text in [
            value.to_owned(),
            format!("{{\"b\": {value}}}"),
            format!("[{value}]"),
        ] {
            let (theirs, ours) = both::<IgnoredAny>(&text);
            assert_eq!(ours.map(|_| ()), theirs.map(|_| ()), "{text:?}");
            let (theirs, ours) = both::<RawJson>(&text);
            assert_eq!(
                ours.map(|raw| raw.as_str().to_owned()),
                theirs.map(|raw| raw.as_str().to_owned()),
                "{text:?}"
            );
            let (theirs, ours) = both::<Known>(&text);
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}

#[test]
fn enums_read_as_serde_json_reads_them() {
    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Dot,
        Circle(u32),
        Pair(u8, u8),
        Box { side: u8 },
    }
    for text in [
        r#""Dot""#,
        r#""Do\u0074""#,
        r#"{"Circle": 3}"#,
        r#"{"Pair": [1, 2]}"#,
        r#"{"Box": {"side": 4}}"#,
        r#"{"Dot": null}"#,
        r#""Square""#,
        r#"{"Circle": 3, "Dot": null}"#,
        r#"{}"#,
        "3",
    ] {
        let (theirs, ours) = both::<Shape>(text);
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{text:?}: {ours:?} {theirs:?}"
        );
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}

#[test]
fn raw_json_keeps_the_text_with_either_reader() {
    use crate::raw_json::RawJson;
    let text = r#"[{"a" : [1, 2.50]}, "x\u00e9"]"#;
    let ours: Vec<RawJson> = from_str(text).unwrap();
    let theirs: Vec<RawJson> = serde_json::from_str(text).unwrap();
    assert_eq!(ours[0].as_str(), r#"{"a" : [1, 2.50]}"#);
    assert_eq!(ours[1].as_str(), r#""x\u00e9""#);
    assert_eq!(
        ours.iter().map(RawJson::as_str).collect::<Vec<_>>(),
        theirs.iter().map(RawJson::as_str).collect::<Vec<_>>()
    );
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        r#"[{"a" : [1, 2.50]},"x\u00e9"]"#
    );
}

/// JSON values of every kind, nested a few levels.
fn values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Value::from),
        "(\\PC|[\"\\\\\\x00-\\x1f]){0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map("[a-z\"\\\\]{0,6}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Texts of values, whole, cut anywhere and with a byte changed: the same value or
    /// the same error.
    #[test]
    fn any_text_reads_as_serde_json_reads_it(
        value in values(),
        pretty in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        change in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(b','), Just(b'"'), Just(b'\\'), Just(b'}'), Just(b'1'), Just(b' ')],
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let (theirs, ours) = both::<Value>(&text);
        prop_assert_eq!(ours, theirs);
        let mut cut_at = cut.index(text.len() + 1);
        while !text.is_char_boundary(cut_at) {
            cut_at -= 1;
        }
        let (theirs, ours) = both::<Value>(&text[..cut_at]);
        prop_assert_eq!(ours, theirs);
        if !text.is_empty() {
            let at = change.index(text.len());
            if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                let mut changed = text.clone().into_bytes();
                changed[at] = byte;
                let changed = String::from_utf8(changed).unwrap();
                let (theirs, ours) = both::<Value>(&changed);
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}

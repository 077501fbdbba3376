//! Scalars and names as reports quote them: JSON text, escaped as serde_json escapes it, a long
//! string shortened to its start and its length.

use crate::scalar::Scalar;

/// Strings longer than this are quoted shortened in reports.
pub const QUOTED_MAX: usize = 256;
/// How much of a shortened string is quoted.
const QUOTED_HEAD: usize = 64;

impl Scalar<'_> {
    /// The value as JSON text; a string longer than [`QUOTED_MAX`] bytes is shown by its
    /// start and its length (`"abc…" (20971520 bytes)`), so that a report stays small whatever
    /// the message holds.
    pub fn render(&self) -> String {
        match *self {
            Scalar::Str(value) if value.len() > QUOTED_MAX => {
                let mut cut = QUOTED_HEAD;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                let mut shown = String::with_capacity(QUOTED_HEAD + 24);
                push_json_string(&mut shown, &value[..cut]);
                shown.pop();
                shown.push_str("…\" (");
                shown.push_str(&value.len().to_string());
                shown.push_str(" bytes)");
                shown
            }
            Scalar::Null => "null".to_owned(),
            Scalar::Bool(value) => value.to_string(),
            Scalar::Int(value) => value.to_string(),
            Scalar::UInt(value) => value.to_string(),
            Scalar::Float(value) => serde_json::Value::from(value).to_string(),
            Scalar::Str(value) => {
                let mut shown = String::with_capacity(value.len() + 2);
                push_json_string(&mut shown, value);
                shown
            }
        }
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    loop {
        // The text up to the next byte to escape, found as the reader finds a string's end.
        let end = crate::json::plain_end(bytes, plain);
        out.push_str(&text[plain..end]);
        let Some(&byte) = bytes.get(end) else {
            break;
        };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xf)] as char);
            }
        }
        // Every byte to escape is ASCII: the next plain run starts on a character.
        plain = end + 1;
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for text in [
            "",
            "plain",
            "a\"b\\c",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "caf\u{e9} \u{1F600}/",
        ] {
            let mut ours = String::new();
            push_json_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
        }
        let long = "\u{e9}".repeat(200);
        let shown = Scalar::Str(&long).render();
        assert!(
            shown.starts_with("\"\u{e9}") && shown.ends_with("…\" (400 bytes)"),
            "{shown}"
        );
    }

    proptest::proptest! {
        /// Escapes at every position of texts longer than a word (the plain runs are found
        /// eight bytes at a time).
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in "(\\PC|[\"\\\\\\x00-\\x1f]){0,40}") {
            let mut ours = String::new();
            push_json_string(&mut ours, &text);
            proptest::prop_assert_eq!(ours, serde_json::to_string(&text).unwrap());
        }
    }
}

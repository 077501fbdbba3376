//! Scalars as the validators see them, and numbers read the way serde_json reads them. Below
//! the tokenizer (`crate::json`), which reads into them; how reports quote them is
//! `crate::validate::quote`.
//!
//! The model-driven lint (`qmpgen check`) judges examples read by serde_json, and the two must
//! agree kind for kind; so a number's text is classified exactly as serde_json classifies it:
//! a non-negative integer that fits `u64` is [`Scalar::UInt`], a negative one that fits `i64`
//! [`Scalar::Int`], every other number (a fraction, an exponent, `-0`, an integer beyond 64
//! bits) a [`Scalar::Float`], and a number whose `f64` would be infinite is beyond `f64`.

/// A scalar as read.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A negative integer that fits in `i64`.
    Int(i64),
    /// A non-negative integer that fits in `u64`.
    UInt(u64),
    /// A number with a fraction or exponent, `-0`, or an integer too large for 64 bits.
    Float(f64),
    /// A string.
    Str(&'a str),
}

impl Scalar<'_> {
    /// The JSON type, named as the document names types (`json-int`).
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "json-bool",
            Scalar::Int(_) | Scalar::UInt(_) => "json-int",
            Scalar::Float(_) => "json-number",
            Scalar::Str(_) => "json-string",
        }
    }
}

/// A number's text (well-formed JSON), as serde_json reads it: a scalar, or `Err` with the text
/// when it is beyond the range of `f64` (serde_json refuses such a number).
pub fn number(text: &[u8]) -> Result<Scalar<'static>, ()> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', digits)) => (true, digits),
        _ => (false, text),
    };
    if digits.iter().all(u8::is_ascii_digit)
        && let Some(magnitude) = integer(digits)
    {
        if !negative {
            return Ok(Scalar::UInt(magnitude));
        }
        // `-0` and magnitudes beyond i64 are floats for serde_json; i64::MIN is not.
        let negated = (magnitude as i64).wrapping_neg();
        if negated < 0 {
            return Ok(Scalar::Int(negated));
        }
        if magnitude == 0 {
            return Ok(Scalar::Float(-0.0));
        }
    }
    // A fraction, an exponent or a long integer: the nearest f64 (both serde_json and the
    // standard library round correctly), refused when infinite.
    let float = std::str::from_utf8(text)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .ok_or(())?;
    if float.is_infinite() {
        return Err(());
    }
    Ok(Scalar::Float(float))
}

/// The value of a run of decimal digits, if it fits in `u64`.
#[inline]
fn integer(digits: &[u8]) -> Option<u64> {
    if digits.len() > 20 {
        return None;
    }
    digits.iter().try_fold(0_u64, |value, digit| {
        value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json makes of `text`: the scalar, or `Err` when it refuses it.
    fn serde_json_reads(text: &str) -> Result<String, ()> {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Number(n)) if n.is_u64() => Ok(format!("u{}", n)),
            Ok(serde_json::Value::Number(n)) if n.is_i64() => Ok(format!("i{}", n)),
            Ok(serde_json::Value::Number(n)) => Ok(format!("f{:?}", n.as_f64().unwrap())),
            Ok(other) => panic!("{text} read as {other}"),
            Err(_) => Err(()),
        }
    }

    fn ours(text: &str) -> Result<String, ()> {
        number(text.as_bytes()).map(|scalar| match scalar {
            Scalar::UInt(n) => format!("u{n}"),
            Scalar::Int(n) => format!("i{n}"),
            Scalar::Float(f) => format!("f{f:?}"),
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let long = "9".repeat(400);
        let negative_long = format!("-{long}");
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-0.0",
            "1e3",
            "1E-3",
            "2.5e+10",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e999",
            "1e-999",
            "123456789012345678901234567890",
            &long,
            &negative_long,
        ] {
            assert_eq!(ours(text), serde_json_reads(text), "{text}");
        }
    }
}

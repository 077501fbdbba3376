//! Rust identifiers for the document's names.
//!
//! Wire names are free text (`tray-open`, `__com.redhat_debug`, `x509_dname`, `1st`, `type`);
//! Rust wants snake_case fields and CamelCase types and variants that are neither keywords nor
//! start with a digit. The original name is always kept for `#[serde(rename)]`, so the mapping
//! only has to be readable, deterministic and collision-free:
//!
//! - words are split at anything that is not an ASCII letter or digit, and where a lowercase
//!   letter or digit meets an uppercase one (`channelType`, `VNCServer`);
//! - snake_case joins the lowercase words with `_`; CamelCase capitalises each word;
//! - a keyword gets a `_` suffix (`type` → `type_`, `self` → `self_`, `Self` → `Self_`), a
//!   leading digit a prefix (`_1st` for fields, `N1st` for types and variants), and a name with
//!   no letter or digit at all becomes `field` / `Empty`;
//! - a [`Namespace`] hands out each name once: a later name that would collide gets the first
//!   free numeric suffix (`device_2`, `Family2`), in the order names are claimed.

use std::collections::{BTreeMap, BTreeSet};

/// Rust's keywords (strict, reserved and edition-2024), which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The lowercase words of a wire name.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !word.is_empty() {
            let previous = chars[index - 1];
            let next_is_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase);
            // `channelType` and `ide0Hd` split before the capital; `VNCServer` before `S`.
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut word));
            }
        }
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The snake_case identifier for a field's wire name (`tray-open` → `tray_open`), sanitised.
///
/// ```
/// use qmpgen::names::snake_case;
/// assert_eq!(snake_case("tray-open"), "tray_open");
/// assert_eq!(snake_case("__com.redhat_debug"), "com_redhat_debug");
/// assert_eq!(snake_case("type"), "type_");
/// assert_eq!(snake_case("1st"), "_1st");
/// ```
pub fn snake_case(name: &str) -> String {
    let joined = words(name).join("_");
    if joined.is_empty() {
        return "field".to_owned();
    }
    if joined.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{joined}");
    }
    if KEYWORDS.contains(&joined.as_str()) {
        return format!("{joined}_");
    }
    joined
}

/// The CamelCase identifier for an event, type or value name (`BLOCK_IO_ERROR` →
/// `BlockIoError`, `host-qmp-quit` → `HostQmpQuit`), sanitised.
///
/// ```
/// use qmpgen::names::camel_case;
/// assert_eq!(camel_case("BLOCK_IO_ERROR"), "BlockIoError");
/// assert_eq!(camel_case("ipv4"), "Ipv4");
/// assert_eq!(camel_case("self"), "Self_");
/// assert_eq!(camel_case("1024"), "N1024");
/// ```
pub fn camel_case(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        return "Empty".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("N{out}");
    }
    if KEYWORDS.contains(&out.as_str()) {
        return format!("{out}_");
    }
    out
}

/// The SCREAMING_SNAKE_CASE identifier for a `static` named after an event or a member path
/// (`BLOCK_IO_ERROR`, `vnc-server` → `VNC_SERVER`), sanitised.
///
/// ```
/// use qmpgen::names::screaming_case;
/// assert_eq!(screaming_case("BLOCK_IO_ERROR"), "BLOCK_IO_ERROR");
/// assert_eq!(screaming_case("tray-open"), "TRAY_OPEN");
/// assert_eq!(screaming_case("1st"), "N1ST");
/// assert_eq!(screaming_case("--"), "OBJECT");
/// ```
pub fn screaming_case(name: &str) -> String {
    let joined = words(name).join("_").to_ascii_uppercase();
    if joined.is_empty() {
        return "OBJECT".to_owned();
    }
    if joined.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("N{joined}");
    }
    joined
}

/// How a [`Namespace`] makes a taken name free again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// snake_case (and SCREAMING_SNAKE_CASE): `device_2`.
    Snake,
    /// CamelCase: `Family2` (an underscore there would upset `non_camel_case_types`).
    Camel,
}

/// A set of identifiers in one scope (a struct's fields, an enum's variants, the module's types)
/// that hands out each name once.
///
/// ```
/// use qmpgen::names::{Case, Namespace};
/// let mut fields = Namespace::default();
/// assert_eq!(fields.claim("device", Case::Snake), "device");
/// assert_eq!(fields.claim("device", Case::Snake), "device_2");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Per wanted name (and case) that was taken, the suffix to try first next time: every
    /// lower one is taken, and names are never given back. Without it, `n` claims of one name
    /// would try 1 + 2 + … + n suffixes.
    next_suffix: BTreeMap<(String, bool), u32>,
}

impl Namespace {
    /// Marks names as taken without handing them out (names the generated code itself uses).
    pub fn reserve<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.taken
            .extend(names.into_iter().map(|name| name.to_owned()));
    }

    /// `wanted` if it is free, else `wanted` with the first free numeric suffix; taken from now
    /// on.
    pub fn claim(&mut self, wanted: &str, case: Case) -> String {
        let mut name = wanted.to_owned();
        if self.taken.contains(&name) {
            let key = (name, matches!(case, Case::Snake));
            let next = self.next_suffix.entry(key).or_insert(2);
            loop {
                name = match case {
                    Case::Snake => format!("{wanted}_{next}"),
                    Case::Camel => format!("{wanted}{next}"),
                };
                *next += 1;
                if !self.taken.contains(&name) {
                    break;
                }
            }
        }
        self.taken.insert(name.clone());
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// Type names the generated module must not define, because it uses them (`Event`, `Message`)
/// or names them unqualified (the prelude's types and derive macros).
pub const RESERVED: &[&str] = &[
    "Event",
    "Message",
    "Timestamp",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToOwned",
    "ToString",
    "Unpin",
];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_name_gives_identifiers(name in "\\PC{0,12}") {
            for made in [snake_case(&name), camel_case(&name)] {
                prop_assert!(syn::parse_str::<syn::Ident>(&made).is_ok(), "{:?} → {:?}", name, made);
            }
        }

        #[test]
        fn a_namespace_never_hands_out_a_name_twice(
            names in proptest::collection::vec("[ab_1-]{0,3}", 0..24),
        ) {
            let mut space = Namespace::default();
            let mut given = BTreeSet::new();
            for name in &names {
                prop_assert!(given.insert(space.claim(&camel_case(name), Case::Camel)));
                prop_assert!(given.insert(space.claim(&snake_case(name), Case::Snake)));
            }
        }
    }

    #[test]
    fn splits_words_at_separators_and_case_changes() {
        assert_eq!(words("tray-open"), ["tray", "open"]);
        assert_eq!(words("channelType"), ["channel", "type"]);
        assert_eq!(words("VNCServer"), ["vnc", "server"]);
        assert_eq!(words("ide0Hd1"), ["ide0", "hd1"]);
        assert_eq!(words("x509_dname"), ["x509", "dname"]);
        assert_eq!(words("__com.vendor_x"), ["com", "vendor", "x"]);
        assert!(words("--").is_empty());
    }

    #[test]
    fn snake_case_sanitises() {
        assert_eq!(snake_case("sasl_username"), "sasl_username");
        assert_eq!(snake_case("connection-id"), "connection_id");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(snake_case("Self"), "self_");
        assert_eq!(snake_case("gen"), "gen_");
        assert_eq!(snake_case("3d-mode"), "_3d_mode");
        assert_eq!(snake_case(""), "field");
        assert_eq!(snake_case("__com.vendor_x"), "com_vendor_x");
    }

    #[test]
    fn camel_case_sanitises() {
        assert_eq!(camel_case("VNC_CONNECTED"), "VncConnected");
        assert_eq!(camel_case("tray-open"), "TrayOpen");
        assert_eq!(camel_case("Self"), "Self_");
        assert_eq!(camel_case("__com.vendor_x"), "ComVendorX");
        assert_eq!(camel_case("-"), "Empty");
        assert_eq!(camel_case("2nd"), "N2nd");
    }

    #[test]
    fn every_sanitised_name_is_an_identifier() {
        for name in [
            "type",
            "self",
            "super",
            "crate",
            "Self",
            "1",
            "",
            "a-b",
            "__com.x_y",
        ] {
            for made in [snake_case(name), camel_case(name)] {
                syn::parse_str::<syn::Ident>(&made)
                    .unwrap_or_else(|error| panic!("{name:?} → {made:?}: {error}"));
            }
        }
    }

    #[test]
    fn namespaces_resolve_collisions_in_claim_order() {
        let mut types = Namespace::default();
        types.reserve(["Event", "Message"]);
        assert_eq!(types.claim("Event", Case::Camel), "Event2");
        assert_eq!(types.claim("Event", Case::Camel), "Event3");
        assert_eq!(types.claim("Other", Case::Camel), "Other");
        assert!(types.contains("Event3"));
    }

    #[test]
    fn suffixes_skip_names_taken_between_claims() {
        let mut fields = Namespace::default();
        fields.reserve(["x_3"]);
        assert_eq!(fields.claim("x", Case::Snake), "x");
        assert_eq!(fields.claim("x", Case::Snake), "x_2");
        assert_eq!(fields.claim("x_5", Case::Snake), "x_5");
        assert_eq!(fields.claim("x", Case::Snake), "x_4");
        assert_eq!(fields.claim("x", Case::Snake), "x_6");
        // The other case counts its own suffixes.
        assert_eq!(fields.claim("x", Case::Camel), "x2");
        // Many claims of one name stay cheap (each tries one suffix) and all differ.
        let claimed: BTreeSet<String> = (0..20_000)
            .map(|_| fields.claim("y", Case::Snake))
            .collect();
        assert_eq!(claimed.len(), 20_000);
    }
}

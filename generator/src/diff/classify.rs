//! Which changes break a client, and why.
//!
//! The point of view is a client that *consumes* events: it receives them from QEMU, decodes
//! them (with bindings generated from the document, or by hand) and reacts to them. A change is
//! breaking when such a client, written against the old document, can fail or silently miss
//! something against the new one. Each [`Rule`] is one row of the table in the README
//! (`## Diff rules`); the diff picks the rule, this module holds the verdict and its reason.

use super::ChangeKind;

/// One classification rule: a kind of change, in the circumstances that decide its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A new event. Clients that do not know an event ignore it (QMP clients must).
    EventAdded,
    /// An event is no longer documented. Clients that wait for it may wait forever, and the
    /// generated type disappears.
    EventRemoved,
    /// A new member. Clients ignore members they do not know (the generated types do).
    FieldAdded,
    /// A required member is gone. Clients read it unconditionally and fail without it.
    RequiredFieldRemoved,
    /// An optional member is gone. Clients already cope with its absence.
    OptionalFieldRemoved,
    /// A member's (or a referenced data type's) JSON type changed. Clients decode the old type and
    /// reject the new one.
    TypeChanged,
    /// A member's type is documented where it was not. The wire did not change; a client that
    /// accepted any JSON value still does.
    TypeDocumented,
    /// A member's type is no longer documented. Clients can no longer rely on the type they
    /// decode.
    TypeUndocumented,
    /// A member's JSON number became an integer (`json-number` → `int`): every integer is a
    /// number, so a client decoding numbers still accepts every value.
    NumberToInteger,
    /// A member's integer became any JSON number (`int` → `number`): a client decoding integers
    /// rejects a fraction.
    IntegerToNumber,
    /// A member's integer type holds integers the old one does not (a wider range, or a shifted
    /// one: `int8` → `uint8`). Events flow from QEMU to the client: a client decoding with the
    /// old width rejects the new values.
    RangeWidened,
    /// A member's integer type holds fewer integers, all within the old range. Every value QEMU
    /// now sends still decodes with the old width.
    RangeNarrowed,
    /// A required member became optional. Clients that read it unconditionally fail when it is
    /// absent.
    BecameOptional,
    /// An optional member became required. Clients that handled its absence still work.
    BecameRequired,
    /// A new enumerated value. Clients must expect values they do not know: the generated enums
    /// keep them in their `Other(String)` variant, so decoding never fails. (A hand-written client
    /// with an exhaustive match that rejects unknown values should treat this as a warning.)
    ValueAdded,
    /// An enumerated value is gone. Code that reacts to it never runs again, and the generated
    /// enum loses its variant, so code that names it no longer compiles.
    ValueRemoved,
    /// The data gained a shape where the old document promised none a client could read
    /// (`unspecified` or `none` before). Like an added member, a client that read nothing still
    /// works.
    DataGained,
    /// Data described in prose became precisely documented (fields or a referenced type). The
    /// promise did not change; it became checkable.
    DataMadePrecise,
    /// Any other change of the data's shape (fields ↔ reference ↔ prose, or to unspecified): what
    /// clients decode is no longer what the document promises.
    DataReshaped,
    /// Documentation only (a description, an example, a note): no client decodes it.
    Documentation,
}

/// A rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Whether a client written against the old document can break.
    pub breaking: bool,
    /// Why, in one line.
    pub reason: &'static str,
}

impl Rule {
    /// Every rule, in the order of the README's table.
    pub const ALL: [Rule; 20] = [
        Rule::EventAdded,
        Rule::EventRemoved,
        Rule::FieldAdded,
        Rule::RequiredFieldRemoved,
        Rule::OptionalFieldRemoved,
        Rule::TypeChanged,
        Rule::TypeDocumented,
        Rule::TypeUndocumented,
        Rule::NumberToInteger,
        Rule::IntegerToNumber,
        Rule::RangeWidened,
        Rule::RangeNarrowed,
        Rule::BecameOptional,
        Rule::BecameRequired,
        Rule::ValueAdded,
        Rule::ValueRemoved,
        Rule::DataGained,
        Rule::DataMadePrecise,
        Rule::DataReshaped,
        Rule::Documentation,
    ];

    /// The verdict: breaking or not, and the one-line reason reported with the change.
    pub fn verdict(self) -> Verdict {
        let (breaking, reason) = match self {
            Rule::EventAdded => (false, "a new event; clients ignore events they do not know"),
            Rule::EventRemoved => (
                true,
                "the event is no longer documented; clients waiting for it never see it",
            ),
            Rule::FieldAdded => (
                false,
                "a new member; clients ignore members they do not know",
            ),
            Rule::RequiredFieldRemoved => (
                true,
                "a required member is gone; clients that read it fail without it",
            ),
            Rule::OptionalFieldRemoved => (
                false,
                "an optional member is gone; clients already cope with its absence",
            ),
            Rule::TypeChanged => (
                true,
                "the JSON type changed; clients decoding the old type reject the new one",
            ),
            Rule::TypeDocumented => (
                false,
                "the type is now documented; the wire form did not change",
            ),
            Rule::TypeUndocumented => (
                true,
                "the type is no longer documented; clients cannot rely on it",
            ),
            Rule::NumberToInteger => (
                false,
                "a number became an integer; clients decoding numbers accept every integer",
            ),
            Rule::IntegerToNumber => (
                true,
                "an integer became any number; clients decoding integers reject fractions",
            ),
            Rule::RangeWidened => (
                true,
                "the integer range now holds values the old one does not; clients decoding with the old width reject them",
            ),
            Rule::RangeNarrowed => (
                false,
                "the integer range is within the old one; every value still decodes with the old width",
            ),
            Rule::BecameOptional => (
                true,
                "the member may now be absent; clients that read it unconditionally fail",
            ),
            Rule::BecameRequired => (
                false,
                "the member is now always sent; clients that handled its absence still work",
            ),
            Rule::ValueAdded => (
                false,
                "a new value; clients must keep unknown values (generated enums keep them in Other)",
            ),
            Rule::ValueRemoved => (
                true,
                "the value is no longer sent; code matching it never runs and its enum variant goes away",
            ),
            Rule::DataGained => (
                false,
                "the event gained data where none was promised; clients that read none still work",
            ),
            Rule::DataMadePrecise => (
                false,
                "data described in prose is now documented precisely; the promise did not change",
            ),
            Rule::DataReshaped => (
                true,
                "the data's shape changed; what clients decode is no longer what is promised",
            ),
            Rule::Documentation => (false, "documentation only; no client decodes it"),
        };
        Verdict { breaking, reason }
    }

    /// The kinds of change this rule classifies (some rules, such as [`Rule::Documentation`],
    /// serve several kinds).
    pub fn kinds(self) -> &'static [ChangeKind] {
        match self {
            Rule::EventAdded => &[ChangeKind::EventAdded],
            Rule::EventRemoved => &[ChangeKind::EventRemoved],
            Rule::FieldAdded => &[ChangeKind::FieldAdded],
            Rule::RequiredFieldRemoved | Rule::OptionalFieldRemoved => &[ChangeKind::FieldRemoved],
            Rule::TypeChanged
            | Rule::TypeDocumented
            | Rule::TypeUndocumented
            | Rule::NumberToInteger
            | Rule::IntegerToNumber => &[ChangeKind::TypeChanged],
            Rule::RangeWidened | Rule::RangeNarrowed => &[ChangeKind::RangeChanged],
            Rule::BecameOptional => &[ChangeKind::BecameOptional],
            Rule::BecameRequired => &[ChangeKind::BecameRequired],
            Rule::ValueAdded => &[ChangeKind::ValueAdded],
            Rule::ValueRemoved => &[ChangeKind::ValueRemoved],
            Rule::DataGained | Rule::DataMadePrecise | Rule::DataReshaped => {
                &[ChangeKind::DataChanged]
            }
            Rule::Documentation => &[
                ChangeKind::DescriptionChanged,
                ChangeKind::ExampleChanged,
                ChangeKind::NoteChanged,
            ],
        }
    }
}

/// The rule for a change of the data's shape, from the shape names the diff gives an event's data
/// (`unspecified`, `none`, `fields`, `reference`, `prose`). Equal shapes (a prose text or a
/// referenced name that changed) are reshaped.
pub fn data_rule(old_shape: &str, new_shape: &str) -> Rule {
    match (old_shape, new_shape) {
        (_, "unspecified") => Rule::DataReshaped,
        ("unspecified" | "none", _) => Rule::DataGained,
        ("prose", "fields" | "reference") => Rule::DataMadePrecise,
        _ => Rule::DataReshaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_rule() {
        for kind in ChangeKind::ALL {
            assert!(
                Rule::ALL.iter().any(|rule| rule.kinds().contains(&kind)),
                "{kind:?} has no rule"
            );
        }
    }

    #[test]
    fn reasons_are_one_line() {
        for rule in Rule::ALL {
            let reason = rule.verdict().reason;
            assert!(!reason.is_empty() && !reason.contains('\n'), "{rule:?}");
        }
    }

    #[test]
    fn data_rules() {
        assert_eq!(data_rule("none", "fields"), Rule::DataGained);
        assert_eq!(data_rule("unspecified", "prose"), Rule::DataGained);
        assert_eq!(data_rule("prose", "fields"), Rule::DataMadePrecise);
        assert_eq!(data_rule("fields", "none"), Rule::DataReshaped);
        assert_eq!(data_rule("none", "unspecified"), Rule::DataReshaped);
        assert_eq!(data_rule("fields", "reference"), Rule::DataReshaped);
    }
}

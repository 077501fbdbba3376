//! Counts of things as people write them: `1 message`, `2 messages`, `0 errors`.
//!
//! Both command-line tools (`qmp-events`, `qmpgen`) print their counts through [`Count`], so
//! that no output says `1 error(s)` or `1 messages`.

use std::fmt;

/// A number and a noun, displayed with the noun in the singular for exactly one and in the
/// plural otherwise.
///
/// ```
/// use qmp_events_runtime::Count;
///
/// assert_eq!(Count::new(1_u64, "message").to_string(), "1 message");
/// assert_eq!(Count::new(2_usize, "message").to_string(), "2 messages");
/// assert_eq!(Count::irregular(0_u64, "entry", "entries").to_string(), "0 entries");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count<'a, N> {
    count: N,
    singular: &'a str,
    /// `None`: the singular with an `s`.
    plural: Option<&'a str>,
}

impl<'a, N> Count<'a, N> {
    /// `count` of a noun whose plural takes an `s` (`message`, `warning`).
    pub fn new(count: N, singular: &'a str) -> Self {
        Count {
            count,
            singular,
            plural: None,
        }
    }

    /// `count` of a noun with a plural of its own (`entry`/`entries`).
    pub fn irregular(count: N, singular: &'a str, plural: &'a str) -> Self {
        Count {
            count,
            singular,
            plural: Some(plural),
        }
    }
}

impl<N: fmt::Display + PartialEq + From<u8>> fmt::Display for Count<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = &self.count;
        let noun = self.singular;
        if *count == N::from(1) {
            write!(f, "{count} {noun}")
        } else {
            match self.plural {
                Some(plural) => write!(f, "{count} {plural}"),
                None => write!(f, "{count} {noun}s"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        let shown = |count: u64| Count::new(count, "error").to_string();
        assert_eq!(shown(0), "0 errors");
        assert_eq!(shown(1), "1 error");
        assert_eq!(shown(2), "2 errors");
        assert_eq!(shown(11), "11 errors");
        assert_eq!(shown(21), "21 errors");
        assert_eq!(Count::new(1_usize, "file").to_string(), "1 file");
    }

    #[test]
    fn an_irregular_noun_takes_its_own_plural() {
        let shown = |count: u64| {
            Count::irregular(count, "greeting or reply line", "greetings and replies").to_string()
        };
        assert_eq!(shown(1), "1 greeting or reply line");
        assert_eq!(shown(3), "3 greetings and replies");
    }
}

//! Comparing the short texts of a message (names, enumerated values) with the document's, a
//! word at a time and inline. Below the tokenizer (`crate::json`), which reads keys as [`Name`]s.
//!
//! `==` and `cmp` on byte slices call libc's `memcmp`, a call through the PLT and a dispatch on
//! the length for texts of a few bytes: profiling (perf, stop 15) put a fifth of the validator's
//! time there, from the event-name lookup (a binary search that compared whole names) and
//! names past eight bytes. These loads compare the
//! same bytes in a few register operations.

/// The eight bytes at `at` (which `bytes` must hold), little-endian.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut chunk = [0; 8];
    chunk.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(chunk)
}

/// Whether `a` and `b` hold the same bytes.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    match len {
        0 => true,
        1 => a[0] == b[0],
        // Two loads that overlap cover every byte: the first and the last two or four.
        2..=3 => {
            let pair = |bytes: &[u8], at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
            pair(a, 0) == pair(b, 0) && pair(a, len - 2) == pair(b, len - 2)
        }
        4..=7 => {
            let quad = |bytes: &[u8], at: usize| {
                u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
            };
            quad(a, 0) == quad(b, 0) && quad(a, len - 4) == quad(b, len - 4)
        }
        _ => word(a, 0) == word(b, 0) && same_past_head(a, b),
    }
}

/// Whether `a` and `b`, of one length and with the same first eight bytes, hold the same bytes
/// past those.
#[inline]
pub(crate) fn same_past_head(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    debug_assert_eq!(len, b.len());
    if len <= 8 {
        return true;
    }
    let mut at = 8;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight bytes, overlapping what was compared: no byte-by-byte tail.
    word(a, len - 8) == word(b, len - 8)
}

/// A member name with its first eight bytes as a word, to compare names a word at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<'a> {
    pub(crate) text: &'a str,
    /// The first eight bytes of `text` (fewer, zero-padded), little-endian.
    pub(crate) head: u64,
}

impl<'a> Name<'a> {
    /// The name `text`.
    #[inline]
    pub(crate) const fn new(text: &'a str) -> Self {
        Name {
            text,
            head: head(text.as_bytes()),
        }
    }
}

impl PartialEq for Name<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.head == other.head
            && self.text.len() == other.text.len()
            && same_past_head(self.text.as_bytes(), other.text.as_bytes())
    }
}

/// The first eight bytes of `bytes` (fewer, zero-padded) as a little-endian word.
#[inline]
pub(crate) const fn head(bytes: &[u8]) -> u64 {
    let mut word = 0_u64;
    let mut at = 0;
    while at < bytes.len() && at < 8 {
        word |= (bytes[at] as u64) << (8 * at);
        at += 1;
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Two texts with a common start, over bytes that include zero (the padding's value): as
    /// event names share `BLOCK_JOB_`.
    fn texts() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
        let part = |max| {
            proptest::collection::vec(prop_oneof![Just(0_u8), Just(b'A'), Just(b'_')], 0..max)
        };
        (part(20), part(12), part(12)).prop_map(|(start, a, b)| {
            (
                [start.as_slice(), &a].concat(),
                [start.as_slice(), &b].concat(),
            )
        })
    }

    proptest! {
        #[test]
        fn same_is_slice_equality((a, b) in texts()) {
            prop_assert_eq!(same(&a, &b), a == b);
            prop_assert!(same(&a, &a.clone()));
        }

        #[test]
        fn same_past_head_is_slice_equality_past_eight_bytes((a, b) in texts()) {
            // The contract: one length, the first eight bytes equal (`Name` compares them first).
            if a.len() == b.len() && a.iter().take(8).eq(b.iter().take(8)) {
                let past = |text: &[u8]| text.get(8..).unwrap_or_default().to_vec();
                prop_assert_eq!(same_past_head(&a, &b), past(&a) == past(&b));
            }
        }
    }
}

//! Which documented members of one object a message has given so far.

/// Members past this many are tracked in an allocated list (no QMP object documents so many).
const INLINE: usize = 64;

/// A set of member indexes: a word of bits, or a list for objects with more members.
#[derive(Debug)]
pub(crate) struct Seen {
    bits: u64,
    more: Vec<bool>,
}

impl Seen {
    /// An empty set for an object with `members` documented members.
    #[inline]
    pub(crate) fn new(members: usize) -> Self {
        Seen {
            bits: 0,
            more: if members > INLINE {
                vec![false; members - INLINE]
            } else {
                Vec::new()
            },
        }
    }

    /// Adds member `at`: `false` when it was there already.
    #[inline]
    pub(crate) fn insert(&mut self, at: usize) -> bool {
        if at < INLINE {
            let bit = 1 << at;
            let new = self.bits & bit == 0;
            self.bits |= bit;
            new
        } else {
            !std::mem::replace(&mut self.more[at - INLINE], true)
        }
    }

    /// The first 64 members that came, as bits.
    #[inline]
    pub(crate) fn bits(&self) -> u64 {
        self.bits
    }

    /// Whether any member past the first 64 is tracked.
    #[inline]
    pub(crate) fn has_more(&self) -> bool {
        !self.more.is_empty()
    }

    /// Whether member `at` came.
    #[inline]
    pub(crate) fn contains(&self, at: usize) -> bool {
        if at < INLINE {
            self.bits & (1 << at) != 0
        } else {
            self.more[at - INLINE]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_few_and_many_members() {
        let mut seen = Seen::new(100);
        for at in [0, 5, 63, 64, 99] {
            assert!(!seen.contains(at));
            assert!(seen.insert(at));
            assert!(!seen.insert(at));
            assert!(seen.contains(at));
        }
        assert!(!seen.contains(1) && !seen.contains(65));
    }
}

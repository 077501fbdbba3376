//! The undocumented member names of one object, to find duplicates while streaming.

use std::borrow::Cow;
use std::collections::HashSet;

use super::Ctx;

/// Objects with more names than this are checked for duplicates through a hash set.
const SMALL: usize = 16;

/// The names of the undocumented members of one object met so far, to find duplicates while
/// streaming (documented members are tracked by index). Costs nothing until a name comes: the
/// hash set (and its random state) is made only for objects with many names.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    /// Empty (nothing to drop) until the first name: most objects have none.
    names: Option<Box<Names>>,
}

/// The names themselves: a short list, or a hash set past [`SMALL`] names.
#[derive(Debug, Default)]
struct Names {
    few: Vec<Box<str>>,
    many: Option<HashSet<Box<str>>>,
}

impl Names {
    fn insert(&mut self, name: &str) -> bool {
        let many = match &mut self.many {
            Some(many) => many,
            None => {
                if self.few.iter().any(|seen| **seen == *name) {
                    return false;
                }
                if self.few.len() < SMALL {
                    self.few.push(name.into());
                    return true;
                }
                self.many.insert(self.few.drain(..).collect())
            }
        };
        many.insert(name.into())
    }
}

impl Drop for KeySet {
    // Most objects have no undocumented member: the check for that stays inline, the freeing
    // of names is out of the way.
    #[inline]
    fn drop(&mut self) {
        if let Some(names) = self.names.take() {
            free(names);
        }
    }
}

#[cold]
fn free(names: Box<Names>) {
    drop(names);
}

impl KeySet {
    /// Adds `name`: `false` when it was there already.
    pub fn insert(&mut self, name: &str) -> bool {
        self.names.get_or_insert_default().insert(name)
    }

    /// Reports the undocumented member just read (named by its key seed): `undocumented-field`
    /// the first time, `duplicate-key` after. `documented` says what the document describes
    /// there; `spec_line` where.
    pub fn undocumented(
        &mut self,
        ctx: &mut Ctx,
        documented: impl FnOnce() -> Cow<'static, str>,
        spec_line: Option<u32>,
    ) {
        if self.insert(ctx.key()) {
            ctx.undocumented_member(documented(), spec_line);
        } else {
            ctx.duplicate();
        }
    }

    /// Reports the member just read as a `duplicate-key` when it came before.
    pub(crate) fn check(&mut self, ctx: &mut Ctx) {
        if !self.insert(ctx.key()) {
            ctx.duplicate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_among_few_and_many_names() {
        let mut keys = KeySet::default();
        for n in 0..40 {
            assert!(keys.insert(&format!("k{n}")), "k{n} is new");
        }
        for n in 0..40 {
            assert!(!keys.insert(&format!("k{n}")), "k{n} came before");
        }
    }
}

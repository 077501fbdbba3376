//! Reading member names: each one extends the path, documented ones become an index.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};

use super::Ctx;

/// Reads one member name: steps the path into it and maps it to the index of a documented
/// member with `index` (a `match` the generator writes), or `None` (the name is then kept in the
/// [`Ctx`] for its violation). The caller steps back out with [`Ctx::pop`] after the value.
///
/// `members` are the documented names in index order: the path steps into a documented member
/// by its `&'static str`, so the common case copies no name.
pub struct KeySeed<'c, F> {
    ctx: &'c mut Ctx,
    members: &'static [&'static str],
    index: F,
}

impl<'c, F: FnOnce(&str) -> Option<usize>> KeySeed<'c, F> {
    /// A seed for the next member name of an object whose documented members are `members`,
    /// found by `index`.
    pub fn new(ctx: &'c mut Ctx, members: &'static [&'static str], index: F) -> Self {
        KeySeed {
            ctx,
            members,
            index,
        }
    }
}

impl<'de, F: FnOnce(&str) -> Option<usize>> DeserializeSeed<'de> for KeySeed<'_, F> {
    type Value = Option<usize>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, F: FnOnce(&str) -> Option<usize>> Visitor<'de> for KeySeed<'_, F> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
    fn visit_str<E: Error>(self, name: &str) -> Result<Self::Value, E> {
        let index = (self.index)(name);
        match index.and_then(|index| self.members.get(index)) {
            Some(member) => self.ctx.push_member(member),
            None => self.ctx.push_key(name),
        }
        Ok(index)
    }
}

/// Objects with more names than this are checked for duplicates through a hash set.
const SMALL: usize = 16;

/// The names of the undocumented members of one object met so far, to find duplicates while
/// streaming (documented members are tracked by index). Costs nothing until a name comes: the
/// hash set (and its random state) is made only for objects with many names.
#[derive(Debug, Default)]
pub struct KeySet {
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

impl KeySet {
    /// Adds `name`: `false` when it was there already.
    pub fn insert(&mut self, name: &str) -> bool {
        self.names.get_or_insert_default().insert(name)
    }

    /// Reports the undocumented member just read (named by its key seed): `undocumented-field`
    /// the first time, `duplicate-key` after. `documented` says what the document describes
    /// there; `spec_line` where.
    pub fn undocumented(&mut self, ctx: &mut Ctx, documented: &str, spec_line: Option<u32>) {
        if self.insert(ctx.key()) {
            ctx.undocumented_member(documented, spec_line);
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

//! The undocumented member names of one object, to find duplicates while streaming.

use std::borrow::Cow;
use std::collections::HashSet;

use super::Ctx;

/// Objects with more undocumented names than this are checked for duplicates through a hash
/// set (a scan of the names met would be quadratic in a hostile object).
const SMALL: usize = 16;

/// The names of the undocumented members of one object met so far, to find duplicates while
/// streaming (documented members are tracked by index). The names themselves are kept in the
/// validation's [`Ctx`], one buffer for the whole message (objects nest, so their names stack);
/// an object with many names moves its own into a hash set.
#[derive(Debug)]
#[must_use = "an object's names are forgotten by `finish`"]
pub(crate) struct KeySet {
    /// Where this object's names start among the names the context keeps.
    first: usize,
    /// The names, once there are more than [`SMALL`].
    many: Option<HashSet<Box<str>>>,
}

impl Drop for KeySet {
    // Most objects have no undocumented member: the check for that stays inline, the freeing
    // of the set is out of the way.
    #[inline]
    fn drop(&mut self) {
        if let Some(many) = self.many.take() {
            free(many);
        }
    }
}

#[cold]
fn free(many: HashSet<Box<str>>) {
    drop(many);
}

impl KeySet {
    /// The names of an object about to be read.
    #[inline]
    pub(crate) fn new(ctx: &Ctx) -> Self {
        KeySet {
            first: ctx.kept_names(),
            many: None,
        }
    }

    /// Adds the member just read (the last step of the path): `false` when it came before.
    fn insert(&mut self, ctx: &mut Ctx) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(ctx.key().into());
        }
        match ctx.keep_name(self.first, SMALL) {
            Some(new) => new,
            None => {
                let mut many: HashSet<Box<str>> =
                    ctx.kept_since(self.first).map(Into::into).collect();
                ctx.forget_names(self.first);
                let new = many.insert(ctx.key().into());
                self.many = Some(many);
                new
            }
        }
    }

    /// Done with the object: its names are forgotten.
    #[inline]
    pub(crate) fn finish(self, ctx: &mut Ctx) {
        ctx.forget_names(self.first);
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
        if self.insert(ctx) {
            ctx.undocumented_member(documented(), spec_line);
        } else {
            ctx.duplicate();
        }
    }

    /// Reports the member just read as a `duplicate-key` when it came before.
    pub(crate) fn check(&mut self, ctx: &mut Ctx) {
        if !self.insert(ctx) {
            ctx.duplicate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Mode;

    #[test]
    fn finds_duplicates_among_few_and_many_names_and_nested_objects() {
        let mut ctx = Ctx::new(Mode::Strict);
        let mut outer = KeySet::new(&ctx);
        for n in 0..40 {
            ctx.push_key(&format!("k{n}"));
            assert!(outer.insert(&mut ctx), "k{n} is new");
            // A nested object with a name the outer one has too.
            let mut inner = KeySet::new(&ctx);
            ctx.push_key("k0");
            assert!(inner.insert(&mut ctx));
            assert!(!inner.insert(&mut ctx));
            ctx.pop();
            inner.finish(&mut ctx);
            ctx.pop();
        }
        for n in 0..40 {
            ctx.push_key(&format!("k{n}"));
            assert!(!outer.insert(&mut ctx), "k{n} came before");
            ctx.pop();
        }
        let mut few = KeySet::new(&ctx);
        ctx.push_key("x");
        assert!(few.insert(&mut ctx));
        assert!(!few.insert(&mut ctx));
        ctx.pop();
        few.finish(&mut ctx);
        outer.finish(&mut ctx);
        assert_eq!(ctx.kept_names(), 0);
    }
}

//! Items that hold a list as long as the document (the `Event` enum's variants, the arms of its
//! wire format's matches, the validators' tables), rendered a slice of each list at a time.
//!
//! Parsing and formatting one such item whole holds its tokens, its syntax tree and its text at
//! once: gigabytes for a document of tens of megabytes. So the item is made once per slice, with
//! only that slice's elements in each long list, framed by two marks that print as lines of
//! their own; the text between the marks is the slice's elements as the whole item prints them
//! (prettyplease lays out each variant, arm, element of a broken array and item of a module by
//! itself, at the same indentation), and the text around them comes from the first slice.
//!
//! A list no longer than [`ELEMENTS_PER_SLICE`] is not marked: every slice holds all of it, so
//! that it prints as in the whole item (a short array may fit on one line, which marks would
//! prevent).

use std::ops::Range;

use proc_macro2::{Ident, Span};

/// How many elements of its longest list one slice holds.
pub const ELEMENTS_PER_SLICE: usize = 256;

/// The mark before a slice's elements: longer than a line, so that an array holding it never
/// fits on one line, as the whole array of more than [`ELEMENTS_PER_SLICE`] elements does not.
const START: &str = "__QMPGEN_SLICE_START_________________________________________________________________________________________";
/// The mark after a slice's elements.
const END: &str = "__QMPGEN_SLICE_END___________________________________________________________________________________________";

/// Which elements of each long list one rendering of an item holds.
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    index: usize,
    count: usize,
}

impl Slice {
    /// Every element of every list, unmarked: the item as it is.
    pub const WHOLE: Slice = Slice { index: 0, count: 1 };

    /// The elements of a list of `len` that this slice holds.
    pub fn range(&self, len: usize) -> Range<usize> {
        if self.splits(len) {
            len * self.index / self.count..len * (self.index + 1) / self.count
        } else {
            0..len
        }
    }

    /// The mark to put before this slice's elements of a list of `len`, if the list is split.
    pub fn start(&self, len: usize) -> Option<Ident> {
        self.splits(len)
            .then(|| Ident::new(START, Span::call_site()))
    }

    /// The mark to put after this slice's elements of a list of `len`, if the list is split.
    pub fn end(&self, len: usize) -> Option<Ident> {
        self.splits(len).then(|| Ident::new(END, Span::call_site()))
    }

    fn splits(&self, len: usize) -> bool {
        self.count > 1 && len > ELEMENTS_PER_SLICE
    }
}

/// The text of an item (or items) whose longest list has `longest` elements, in pieces to be
/// joined in order (joining them here would hold the text twice): `render(slice)` formats it
/// holding `slice`'s elements, between the slice's marks.
pub fn render_sliced(longest: usize, render: impl Fn(Slice) -> String) -> Vec<String> {
    let count = longest.div_ceil(ELEMENTS_PER_SLICE).max(1);
    if count == 1 {
        return vec![render(Slice::WHOLE)];
    }
    // The text around the lists (from the first slice), and each list's elements.
    let mut around: Vec<String> = Vec::new();
    let mut lists: Vec<String> = Vec::new();
    for index in 0..count {
        let text = render(Slice { index, count });
        let mut rest = text.as_str();
        let mut list = 0;
        while let Some((before, after_start)) = split_at_mark(rest, START) {
            let Some((elements, after_end)) = split_at_mark(after_start, END) else {
                panic!("qmpgen: a slice's start mark without its end (a bug)");
            };
            if index == 0 {
                around.push(before.to_owned());
                lists.push(String::new());
            }
            lists[list].push_str(elements);
            list += 1;
            rest = after_end;
        }
        if index == 0 {
            around.push(rest.to_owned());
        }
    }
    let mut pieces = Vec::with_capacity(around.len() + lists.len());
    let mut lists = lists.into_iter();
    for text in around {
        pieces.push(text);
        pieces.extend(lists.next());
    }
    pieces
}

/// The text before the first line that starts (after its indentation) with `mark`, and the
/// text after that line.
fn split_at_mark<'t>(text: &'t str, mark: &str) -> Option<(&'t str, &'t str)> {
    let mut from = 0;
    loop {
        let at = from + text[from..].find(mark)?;
        let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let line_end = text[at..]
            .find('\n')
            .map_or(text.len(), |newline| at + newline + 1);
        if text[line_start..at].bytes().all(|byte| byte == b' ') {
            return Some((&text[..line_start], &text[line_end..]));
        }
        from = at + mark.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_a_long_list_once_and_leave_a_short_one_whole() {
        let count = 3;
        let long = 3 * ELEMENTS_PER_SLICE + 1;
        let mut covered = Vec::new();
        for index in 0..count {
            let slice = Slice { index, count };
            covered.extend(slice.range(long));
            assert_eq!(slice.range(5), 0..5);
            assert!(slice.start(5).is_none() && slice.start(long).is_some());
        }
        assert_eq!(covered, (0..long).collect::<Vec<_>>());
    }

    #[test]
    fn marks_count_only_at_the_start_of_a_line() {
        let text = format!("a\n/// {START}\n  {START},\nb\n");
        let before = format!("a\n/// {START}\n");
        assert_eq!(split_at_mark(&text, START), Some((before.as_str(), "b\n")));
    }
}

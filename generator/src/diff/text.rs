//! Word-level comparison of the document's prose (descriptions, examples, notes).
//!
//! Texts are compared by their words: re-wrapping a paragraph or re-indenting an example is not
//! a change, a fixed typo is. The word diff (by the `similar` crate, with the `word-diff` feature,
//! on by default) is what renderers show.

/// Whether two texts differ in their words (white space is not compared).
pub fn words_differ(old: &str, new: &str) -> bool {
    // Most texts do not change between versions: equal bytes are settled without splitting.
    old != new && !old.split_whitespace().eq(new.split_whitespace())
}

/// A text with its white space collapsed to single spaces.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(feature = "word-diff")]
/// What a run of words in a word diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// In both texts.
    Both,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

#[cfg(feature = "word-diff")]
/// A run of words (with the spaces between them) in a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Which text the run belongs to.
    pub side: Side,
    /// The words.
    pub text: String,
}

#[cfg(feature = "word-diff")]
/// The word-level diff of two texts, white space collapsed, as runs of unchanged, removed and
/// added words. Adjacent runs of one side are merged.
///
/// ```
/// use qmpgen::diff::text::{Side, word_diff};
/// let pieces = word_diff("the conection\nis closed", "the connection is closed");
/// assert_eq!(pieces[1].side, Side::Removed);
/// assert_eq!(pieces[1].text, "conection");
/// assert_eq!(pieces[2].text, "connection");
/// ```
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    use similar::{Algorithm, ChangeTag};
    let old = normalize(old);
    let new = normalize(new);
    let mut pieces: Vec<Piece> = Vec::new();
    for (tag, text) in similar::utils::diff_words(Algorithm::Patience, old.as_str(), new.as_str()) {
        let side = match tag {
            ChangeTag::Equal => Side::Both,
            ChangeTag::Delete => Side::Removed,
            ChangeTag::Insert => Side::Added,
        };
        match pieces.last_mut() {
            Some(last) if last.side == side => last.text.push_str(text),
            _ => pieces.push(Piece {
                side,
                text: text.to_owned(),
            }),
        }
    }
    pieces
}

#[cfg(feature = "word-diff")]
/// Shortens long unchanged runs of a word diff to their first and last `keep` words around an
/// ellipsis, so that a one-word fix in a long paragraph shows as the fix and its context.
pub fn elide_context(pieces: &[Piece], keep: usize) -> Vec<Piece> {
    let last = pieces.len().saturating_sub(1);
    pieces
        .iter()
        .enumerate()
        .map(|(index, piece)| {
            if piece.side != Side::Both {
                return piece.clone();
            }
            // Runs keep the spaces that separate them from their neighbours.
            let leading = piece.text.starts_with(' ');
            let trailing = piece.text.ends_with(' ');
            let words: Vec<&str> = piece.text.split_whitespace().collect();
            let head = if index > 0 { keep } else { 0 };
            let tail = if index < last { keep } else { 0 };
            if words.len() <= head + tail + 1 {
                return piece.clone();
            }
            let mut kept: Vec<&str> = words[..head].to_vec();
            kept.push("…");
            kept.extend_from_slice(&words[words.len() - tail..]);
            let mut text = kept.join(" ");
            if leading {
                text.insert(0, ' ');
            }
            if trailing {
                text.push(' ');
            }
            Piece {
                side: Side::Both,
                text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_not_a_difference() {
        assert!(!words_differ("a  b\n  c", "a b c"));
        assert!(words_differ("a b c", "a b d"));
    }

    #[cfg(feature = "word-diff")]
    #[test]
    fn word_diff_marks_the_changed_word() {
        let pieces = word_diff("{ \"event\": \"SHUTDOWN\" }", "{ \"event\": \"STOP\" }");
        let removed: Vec<&str> = pieces
            .iter()
            .filter(|piece| piece.side == Side::Removed)
            .map(|piece| piece.text.as_str())
            .collect();
        let added: Vec<&str> = pieces
            .iter()
            .filter(|piece| piece.side == Side::Added)
            .map(|piece| piece.text.as_str())
            .collect();
        assert_eq!(removed, ["\"SHUTDOWN\""]);
        assert_eq!(added, ["\"STOP\""]);
    }

    #[cfg(feature = "word-diff")]
    #[test]
    fn long_context_is_elided() {
        let pieces = word_diff(
            "one two three four five six seven eight nine ten wrong",
            "one two three four five six seven eight nine ten right",
        );
        let short = elide_context(&pieces, 2);
        assert_eq!(short[0].text, "… nine ten ");
        assert_eq!(short[1].text, "wrong");
        assert_eq!(short[2].text, "right");
    }
}

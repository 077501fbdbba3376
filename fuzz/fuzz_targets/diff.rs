//! Two documents (the input split at its first NUL byte): diffing never panics, a document
//! compared with itself has no changes, and the word diff of changed prose rebuilds both sides.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::{Document, split_pair};
use qmpgen::diff::text::{Side, elide_context, normalize, word_diff};
use qmpgen::diff::{Options, count_breaking, diff};
use qmpgen::text::lower::lower;

fuzz_target!(|data: &[u8]| {
    let (old, new) = split_pair(data);
    let (old, new) = (Document::read(old), Document::read(new));
    let options = Options { docs: true };
    let (old, new) = (
        lower(&old.parsed.spec, "old.txt"),
        lower(&new.parsed.spec, "new.txt"),
    );
    let changes = diff(&old, &new, options);
    assert!(count_breaking(&changes) <= changes.len());
    assert!(diff(&new, &new, options).is_empty());
    for change in &changes {
        let (Some(before), Some(after)) = (change.old_str(), change.new_str()) else {
            continue;
        };
        let pieces = word_diff(before, after);
        let side = |keep: Side| {
            pieces
                .iter()
                .filter(|piece| piece.side == Side::Both || piece.side == keep)
                .map(|piece| piece.text.as_str())
                .collect::<String>()
        };
        assert_eq!(side(Side::Removed), normalize(before));
        assert_eq!(side(Side::Added), normalize(after));
        assert!(elide_context(&pieces, 3).len() <= pieces.len());
    }
});

//! Events out of alphabetical order, in a document that is otherwise sorted.
//!
//! The rule: take the headings in document order (a heading naming several events counts once,
//! by its first name) and find the longest run of them, not necessarily adjacent, that is already
//! sorted. The headings outside it are the slips; slips next to each other and sorted among
//! themselves form one block (events moved or added together). A document counts as sorted when
//! it has at least [`MIN_HEADINGS`] headings and at most one block of slips per ten headings (at
//! least one allowed); only then are its slips reported, each once, so that one misplaced event
//! does not make every event after it look wrong, and a document kept in another order (early
//! versions were appended to in the order events were added) is not judged at all. Names compare either with `_` before letters
//! and digits, as a reader sorts words (`SUSPEND` < `SUSPEND_DISK` < `SUSPENDED`), or byte by
//! byte, as `sort` does (`SUSPENDED` < `SUSPEND_DISK`): whichever leaves fewer slips.

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::Event;

/// The fewest headings a document needs for its order to be judged.
pub const MIN_HEADINGS: usize = 5;

/// Reports the slips among `headings` (one event per heading, in document order).
pub fn out_of_order(headings: &[&Event], out: &mut Vec<Diagnostic>) {
    let count = headings.len();
    if count < MIN_HEADINGS {
        return;
    }
    // Judge by whichever convention the document follows better: `_` before letters (as a reader
    // sorts words) or plain byte order (as `sort` does).
    let by_words: Vec<Vec<u8>> = headings.iter().map(|event| sort_key(&event.name)).collect();
    let by_bytes: Vec<Vec<u8>> = headings
        .iter()
        .map(|event| event.name.as_bytes().to_vec())
        .collect();
    let kept_by_words = longest_sorted(&by_words);
    let kept_by_bytes = longest_sorted(&by_bytes);
    let (keys, kept) = if kept_by_bytes.len() > kept_by_words.len() {
        (by_bytes, kept_by_bytes)
    } else {
        (by_words, kept_by_words)
    };
    let mut is_kept = vec![false; count];
    for &index in &kept {
        is_kept[index] = true;
    }
    let blocks = misplaced_blocks(&is_kept, &keys);
    if blocks == 0 || blocks > (count / 10).max(1) {
        return;
    }
    for (index, event) in headings.iter().enumerate() {
        if is_kept[index] {
            continue;
        }
        // The kept headings are sorted: the slip belongs after those with keys no greater.
        let split = kept.partition_point(|&k| keys[k] <= keys[index]);
        let before = split.checked_sub(1).map(|at| &kept[at]);
        let after = kept.get(split);
        let place = match (before, after) {
            (Some(&b), Some(&a)) => {
                format!("between `{}` and `{}`", headings[b].name, headings[a].name)
            }
            (None, Some(&a)) => format!("before `{}`", headings[a].name),
            (Some(&b), None) => format!("after `{}`", headings[b].name),
            (None, None) => continue,
        };
        out.push(
            Diagnostic::warning(
                codes::OUT_OF_ORDER,
                event.heading.span,
                format!(
                    "`{}` is out of alphabetical order (the other events are sorted): it belongs {place}",
                    event.name
                ),
            )
            .with_len(event.heading.text.chars().count() as u32)
            .with_event(&event.name),
        );
    }
}

/// How many blocks the slips form: runs of slips next to each other that are sorted among
/// themselves (events moved, or added, together: one misplacement).
fn misplaced_blocks(is_kept: &[bool], keys: &[Vec<u8>]) -> usize {
    let mut blocks = 0;
    let mut previous: Option<usize> = None;
    for (index, &kept) in is_kept.iter().enumerate() {
        if kept {
            previous = None;
            continue;
        }
        let continues = previous.is_some_and(|before| keys[before] <= keys[index]);
        if !continues {
            blocks += 1;
        }
        previous = Some(index);
    }
    blocks
}

/// A name's bytes with `_` sorting before every letter and digit.
fn sort_key(name: &str) -> Vec<u8> {
    name.bytes()
        .map(|byte| if byte == b'_' { b' ' } else { byte })
        .collect()
}

/// The indices of a longest non-decreasing subsequence of `keys`, in order. Among equally long
/// ones, earlier elements are preferred, so that of two swapped neighbours the later is the slip.
/// O(n log n), so that a hostile document with many headings does not hang the lint.
fn longest_sorted(keys: &[Vec<u8>]) -> Vec<usize> {
    // length[i]: the longest sorted run that starts at i. Computed from the end: `tails[k]` is the
    // largest first key of a run of length k + 1 seen so far (non-increasing in k).
    let mut length = vec![0usize; keys.len()];
    let mut tails: Vec<&[u8]> = Vec::new();
    for (index, key) in keys.iter().enumerate().rev() {
        let position = tails.partition_point(|tail| *tail >= key.as_slice());
        if position == tails.len() {
            tails.push(key);
        } else {
            tails[position] = key;
        }
        length[index] = position + 1;
    }
    // Indices by run length, in order. Within one class keys strictly decrease (an earlier index
    // with a key no greater would start a longer run), so the first index past the current one is
    // the only candidate for the next element.
    let mut classes: Vec<Vec<usize>> = vec![Vec::new(); tails.len() + 1];
    for (index, &run) in length.iter().enumerate() {
        classes[run].push(index);
    }
    let mut out = Vec::with_capacity(tails.len());
    let Some(&first) = classes.get(tails.len()).and_then(|class| class.first()) else {
        return out;
    };
    out.push(first);
    let mut current = first;
    for run in (1..tails.len()).rev() {
        let class = &classes[run];
        let Some(&next) = class.get(class.partition_point(|&index| index <= current)) else {
            break;
        };
        if keys[next] < keys[current] {
            break;
        }
        out.push(next);
        current = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<Vec<u8>> {
        names.iter().map(|name| sort_key(name)).collect()
    }

    #[test]
    fn the_moved_element_is_the_slip() {
        assert_eq!(
            longest_sorted(&keys(&["A", "B", "SPICE", "C", "D"])),
            [0, 1, 3, 4]
        );
        assert_eq!(longest_sorted(&keys(&["A", "C", "B", "D"])), [0, 1, 3]);
        assert_eq!(longest_sorted(&keys(&[])), Vec::<usize>::new());
        assert_eq!(
            longest_sorted(&keys(&["B", "A", "B", "C", "A", "D"])),
            [0, 2, 3, 5]
        );
        assert_eq!(longest_sorted(&keys(&["C", "B", "A"])), [0]);
    }

    #[test]
    fn agrees_with_the_quadratic_definition() {
        // Every sequence of up to 7 keys from a 4-letter alphabet: the run is sorted, as long as
        // the longest, and the earliest-first choice.
        for count in 0..=7u32 {
            for code in 0..4usize.pow(count) {
                let names: Vec<Vec<u8>> = (0..count)
                    .map(|place| vec![b'A' + (code / 4usize.pow(place) % 4) as u8])
                    .collect();
                let run = longest_sorted(&names);
                assert!(
                    run.windows(2)
                        .all(|w| w[0] < w[1] && names[w[0]] <= names[w[1]])
                );
                assert_eq!(run, quadratic(&names), "{names:?}");
            }
        }
    }

    fn quadratic(keys: &[Vec<u8>]) -> Vec<usize> {
        let count = keys.len();
        let mut length = vec![1usize; count];
        let mut next = vec![None; count];
        for i in (0..count).rev() {
            for j in i + 1..count {
                if keys[j] >= keys[i] && length[j] + 1 > length[i] {
                    length[i] = length[j] + 1;
                    next[i] = Some(j);
                }
            }
        }
        let best = length.iter().copied().max().unwrap_or(0);
        let mut at = length.iter().position(|&l| l == best);
        let mut out = Vec::new();
        while let Some(index) = at {
            out.push(index);
            at = next[index];
        }
        out
    }

    #[test]
    fn slips_moved_together_are_one_block() {
        let names = keys(&["A", "B", "X", "Y", "C", "D", "Q", "E"]);
        let kept = longest_sorted(&names);
        let mut is_kept = vec![false; names.len()];
        for index in kept {
            is_kept[index] = true;
        }
        // `X`, `Y` (moved together) and `Q`: two blocks.
        assert_eq!(misplaced_blocks(&is_kept, &names), 2);
    }

    #[test]
    fn underscore_sorts_before_letters() {
        assert!(sort_key("SUSPEND_DISK") < sort_key("SUSPENDED"));
        assert!(sort_key("SUSPEND") < sort_key("SUSPEND_DISK"));
    }
}

//! Real documents mutated the way hand edits go wrong: lines deleted, duplicated, swapped,
//! truncated; CRLF line ends; tabs; a byte-order mark; bytes that are not UTF-8.

use proptest::prelude::*;

/// One way a hand edit goes wrong; positions are taken modulo the document's lines.
#[derive(Debug, Clone)]
pub enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize),
    Crlf,
    Tab(usize),
    Bom,
    NotUtf8(usize),
}

/// Any mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        Just(Mutation::Crlf),
        any::<usize>().prop_map(Mutation::Tab),
        Just(Mutation::Bom),
        any::<usize>().prop_map(Mutation::NotUtf8),
    ]
}

/// The document's bytes with `mutations` applied in turn.
pub fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let mut prefix = Vec::new();
    let mut crlf = false;
    for mutation in mutations {
        let n = lines.len().max(1);
        match *mutation {
            Mutation::Delete(at) if !lines.is_empty() => {
                lines.remove(at % n);
            }
            Mutation::Duplicate(at) if !lines.is_empty() => {
                let line = lines[at % n].clone();
                lines.insert(at % n, line);
            }
            Mutation::Swap(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::Truncate(at) if !lines.is_empty() => {
                let line = &mut lines[at % n];
                line.truncate(at % (line.len() + 1));
            }
            Mutation::Crlf => crlf = true,
            Mutation::Tab(at) if !lines.is_empty() => lines[at % n].insert(0, b'\t'),
            Mutation::Bom => prefix = b"\xEF\xBB\xBF".to_vec(),
            Mutation::NotUtf8(at) if !lines.is_empty() => lines[at % n].push(0xFF),
            _ => {}
        }
    }
    let separator: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = prefix;
    out.extend(lines.join(separator));
    out
}

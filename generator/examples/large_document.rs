//! Writes a large, real-looking document for measuring `qmpgen generate` and `qmpgen schema` on
//! big inputs (`generator/benches/large-document.sh`):
//!
//! ```text
//! cargo run --release -p qmpgen --example large_document -- DIR MEGABYTES OUT
//! ```
//!
//! The versions of `qmp-events.txt` in DIR (`tests/data/qmp-events-history`), in file-name
//! order, are concatenated over and over until the text reaches MEGABYTES (10^6 bytes), each
//! copy with its events renamed so that every event name in the result is unique: copy `round`
//! of version `NNN_…` calls `BLOCK_IO_ERROR` `BLOCK_IO_ERROR_VNNN_round`. The name is renamed
//! everywhere it stands as a word (headings, examples, references in prose), so the document
//! reads as the original does; only the first copy keeps the title. The output is the same on
//! every run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(megabytes), Some(out)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: large_document DIR MEGABYTES OUT");
        std::process::exit(2);
    };
    let Ok(megabytes) = megabytes.parse::<f64>() else {
        eprintln!("large_document: MEGABYTES must be a number, not {megabytes:?}");
        std::process::exit(2);
    };
    let versions = match read_versions(Path::new(&dir)) {
        Ok(versions) if !versions.is_empty() => versions,
        Ok(_) => {
            eprintln!("large_document: {dir}: no .txt files");
            std::process::exit(2);
        }
        Err(error) => {
            eprintln!("large_document: {dir}: {error}");
            std::process::exit(2);
        }
    };
    let text = large_document(&versions, (megabytes * 1e6) as usize);
    if let Err(error) = std::fs::write(&out, &text) {
        eprintln!("large_document: {out}: {error}");
        std::process::exit(2);
    }
    eprintln!("{out}: {} bytes", text.len());
}

/// One version of the document: the number its file name starts with, and its text.
struct Version {
    number: String,
    text: String,
}

/// The `.txt` files of `dir`, sorted by name.
fn read_versions(dir: &Path) -> std::io::Result<Vec<Version>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "txt"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let number = stem.split('_').next().unwrap_or(&stem).to_owned();
            Ok(Version { number, text })
        })
        .collect()
}

/// The versions concatenated, with unique event names, until the text has at least `bytes`
/// bytes (whole versions only).
fn large_document(versions: &[Version], bytes: usize) -> String {
    let names: Vec<HashSet<String>> = versions
        .iter()
        .map(|version| {
            qmpgen::text::parse::parse(&version.text)
                .spec
                .events
                .into_iter()
                .map(|event| event.name)
                .collect()
        })
        .collect();
    let mut out = String::with_capacity(bytes + versions[0].text.len());
    'rounds: for round in 1.. {
        for (version, names) in versions.iter().zip(&names) {
            if out.len() >= bytes {
                break 'rounds;
            }
            let suffix = format!("_V{}_{round}", version.number);
            // One title for the whole document: a second one would be text outside any event.
            let text = if out.is_empty() {
                &version.text
            } else {
                without_title(&version.text)
            };
            rename_events(text, names, &suffix, &mut out);
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
    }
    out
}

/// `text` after its title (a line underlined with `=` among the first three), if it has one.
fn without_title(text: &str) -> &str {
    let mut rest = text;
    for _ in 0..3 {
        let Some((line, after)) = rest.split_once('\n') else {
            return text;
        };
        rest = after;
        if !line.trim().is_empty() && line.trim().chars().all(|c| c == '=') {
            return rest;
        }
    }
    text
}

/// Appends `text` to `out` with every word in `names` followed by `suffix`. A word is a run of
/// letters, digits and `_` (event names are upper-case words joined by `_`).
fn rename_events(text: &str, names: &HashSet<String>, suffix: &str, out: &mut String) {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut rest = text;
    while let Some(start) = rest.find(is_word) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        out.push_str(word);
        if names.contains(word) {
            out.push_str(suffix);
            // A heading's underline grows with its name.
            let after = &rest[end..];
            if let Some(underline) = after.strip_prefix('\n') {
                let dashes = underline.len() - underline.trim_start_matches(['-', '=']).len();
                if dashes > 0 && dashes == word.len() {
                    out.push('\n');
                    out.push_str(&underline[..dashes]);
                    out.push_str(&underline[..1].repeat(suffix.len()));
                    rest = &underline[dashes..];
                    continue;
                }
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
}

//! spec/qmp-events.txt is the 2012-02 document, rebuilt byte for byte from seed 003 (a web page's
//! rendering of it). These tests pin that down: the file's git blob id, and that rebuilding from
//! the seed (tests/data/seeds) gives exactly the file. `UPDATE_SPEC=1 cargo test
//! --test spec_file` writes the rebuilt file.

use std::path::{Path, PathBuf};

use sha1::{Digest, Sha1};

const SPEC: &str = "spec/qmp-events.txt";
/// The blob id that the seed's third line names (`blob9286af…`): git's id of the original file.
const BLOB_ID: &str = "9286af569dbec82a54b34f0976b2dada349a668a";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// git's blob id: SHA-1 over `blob <len>\0<bytes>`.
fn git_blob_id(bytes: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn the_bundled_spec_has_the_blob_id_the_seed_names() {
    let bytes =
        std::fs::read(root().join(SPEC)).expect("spec/qmp-events.txt is part of the repository");
    assert_eq!(git_blob_id(&bytes), BLOB_ID);
}

#[test]
fn git_blob_ids_are_computed_as_git_does() {
    // `printf 'hello\n' | git hash-object --stdin`
    assert_eq!(
        git_blob_id(b"hello\n"),
        "ce013625030ba8dba906f756967f9e9ca394464a"
    );
}

/// Rebuilds the document from the seed page: drop the page's three header lines; from each
/// numbered line drop the number and one ASCII space; non-breaking spaces become spaces; the
/// numbering gaps are blank lines, except lines 226 and 264, which the page dropped although they
/// were the `}}` that close the SPICE examples (seed 000 shows them); end with a newline.
fn rebuild(seed: &str) -> String {
    const DROPPED_CLOSERS: [usize; 2] = [226, 264];
    let mut out: Vec<String> = Vec::new();
    for line in seed.lines().skip(3) {
        let (number, rest) = line.split_once(' ').unwrap_or((line, ""));
        let number: usize = number
            .parse()
            .expect("every line of the seed after its header is numbered");
        while out.len() + 1 < number {
            let missing = out.len() + 1;
            out.push(if DROPPED_CLOSERS.contains(&missing) {
                "}}".to_owned()
            } else {
                String::new()
            });
        }
        out.push(rest.replace('\u{a0}', " "));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn seed_path() -> PathBuf {
    root().join("tests/data/seeds/003_d7b1ac59b5146d45.txt")
}

#[test]
fn the_bundled_spec_is_the_seed_rebuilt() {
    let seed = std::fs::read_to_string(seed_path())
        .unwrap_or_else(|error| panic!("{}: {error}", seed_path().display()));
    let rebuilt = rebuild(&seed);
    assert_eq!(
        git_blob_id(rebuilt.as_bytes()),
        BLOB_ID,
        "the rebuild no longer matches the blob id"
    );
    if std::env::var_os("UPDATE_SPEC").is_some() {
        std::fs::write(root().join(SPEC), &rebuilt).expect("write spec/qmp-events.txt");
    }
    let bundled = std::fs::read_to_string(root().join(SPEC)).expect("read spec/qmp-events.txt");
    assert!(
        bundled == rebuilt,
        "spec/qmp-events.txt differs from the seed rebuilt; run UPDATE_SPEC=1 cargo test --test spec_file"
    );
}

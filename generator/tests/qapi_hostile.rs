//! Hostile input to the QAPI front end (`qapi::load`): deep nesting, huge strings, a million
//! expressions, include loops, missing includes, an include of a folder, bytes that are not
//! UTF-8, NUL bytes, CRLF line ends, no final newline, empty files and files of comments. For
//! each: no panic, no hang (each case is linear; the whole file runs in seconds), and either a
//! clean read or one error that names its file, line and column. Then proptest: random bytes
//! and random token soups, in a main file and an included one, never panic, and every finding
//! names a line and column inside its file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use qmpgen::qapi::ast::Item;
use qmpgen::qapi::load::{Loaded, load, load_from};
use qmpgen::qapi::parse::MAX_DEPTH;
use qmpgen::qapi::report::{Finding, headline, include_chain, is_located, render};

/// The folder of the in-memory schemas (absolute, as the loader keys files by absolute path).
const DIR: &str = "/schema";

fn path(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

/// Loads `main.json` from `files` (name, bytes), held in memory.
fn load_files(files: &[(&str, &[u8])]) -> Loaded {
    let mut map: HashMap<PathBuf, Vec<u8>> = files
        .iter()
        .map(|(name, bytes)| (path(name), bytes.to_vec()))
        .collect();
    let loaded = load_from(&path("main.json"), &mut map);
    assert_located(&loaded);
    loaded
}

fn load_one(text: &[u8]) -> Loaded {
    load_files(&[("main.json", text)])
}

/// Every finding names a file of the program and a line and column inside that file's text
/// (the column at most one past the line's last character), and rendering them does not panic.
fn assert_located(loaded: &Loaded) {
    let files = &loaded.program.files;
    let findings: Vec<&Finding> = loaded.warnings.iter().chain(&loaded.error).collect();
    for finding in &findings {
        assert!(
            is_located(files, finding),
            "finding outside its file: {}",
            headline(files, finding)
        );
    }
    let owned: Vec<Finding> = findings.into_iter().cloned().collect();
    let rendered = render(files, &owned, false);
    for finding in &owned {
        assert!(rendered.contains(&headline(files, finding)), "{rendered}");
    }
}

/// The error's headline (`FILE:LINE:COL: error[code]: message`) with its include chain above.
fn error_of(loaded: &Loaded) -> String {
    let error = loaded.error.as_ref().expect("an error");
    let mut lines = include_chain(&loaded.program.files, error.file);
    lines.push(headline(&loaded.program.files, error));
    lines.join("\n")
}

fn expressions(loaded: &Loaded) -> usize {
    loaded
        .program
        .items
        .iter()
        .filter(|item| matches!(item, Item::Expression(_)))
        .count()
}

fn assert_clean(loaded: &Loaded) {
    assert_eq!(
        loaded.error.as_ref().map(|_| error_of(loaded)),
        None,
        "expected a clean read"
    );
}

#[test]
fn deep_nesting_is_an_error_at_the_level_too_deep() {
    const LEVELS: usize = 100_000;
    for (open, close) in [("[", "]"), ("{ 'a': ", " }")] {
        let text = format!(
            "{{ 'a': {}{} }}\n",
            open.repeat(LEVELS),
            close.repeat(LEVELS)
        );
        let loaded = load_one(text.as_bytes());
        let error = loaded.error.as_ref().expect("too deep");
        assert_eq!(
            error.diagnostic.message,
            format!("Values nested deeper than {MAX_DEPTH} levels")
        );
        // The top-level object is level 1: the bracket that opens level MAX_DEPTH + 1 is named.
        let column = 8 + open.len() * (MAX_DEPTH - 1);
        assert_eq!(
            (error.diagnostic.span.line, error.diagnostic.span.column),
            (1, column as u32),
            "{open}"
        );
    }
}

#[test]
fn nesting_up_to_the_limit_reads() {
    let depth = MAX_DEPTH - 1;
    let text = format!("{{ 'a': {}{} }}\n", "[".repeat(depth), "]".repeat(depth));
    assert_clean(&load_one(text.as_bytes()));
}

#[test]
fn a_ten_megabyte_string_reads_whole() {
    let big = "x".repeat(10 << 20);
    let text = format!("{{ 'doc': '{big}', 'after': 'é' }}\n");
    let loaded = load_one(text.as_bytes());
    assert_clean(&loaded);
    let [Item::Expression(expression)] = loaded.program.items.as_slice() else {
        panic!("one expression");
    };
    assert_eq!(expression.get("doc").and_then(|v| v.as_str()), Some(&*big));
    // The member after it is placed past the 10 MB on the same line.
    let (key, _) = &expression.members()[1];
    assert_eq!((key.span.line, key.span.column), (1, 10 + (10 << 20) + 4));
}

#[test]
fn a_ten_megabyte_unterminated_string_is_an_error_at_its_quote() {
    let text = format!("{{ 'a':\n  '{}", "y".repeat(10 << 20));
    let loaded = load_one(text.as_bytes());
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:2:3: error[qapi-syntax]: Missing terminating \"'\""
    );
}

#[test]
fn a_ten_megabyte_doc_comment_line_reads() {
    let line = "z".repeat(10 << 20);
    let text = format!("##\n# @a:\n# {line}\n##\n{{ 'struct': 'a' }}\n");
    let loaded = load_one(text.as_bytes());
    assert_clean(&loaded);
    let [Item::Expression(expression)] = loaded.program.items.as_slice() else {
        panic!("one expression");
    };
    let doc = expression.doc.as_ref().expect("documented");
    assert_eq!(doc.lines[1].text.len(), 10 << 20);
}

#[test]
fn a_million_tiny_expressions_read() {
    const COUNT: usize = 1_000_000;
    let loaded = load_one("{}\n".repeat(COUNT).as_bytes());
    assert_clean(&loaded);
    assert_eq!(expressions(&loaded), COUNT);
    let Some(Item::Expression(last)) = loaded.program.items.last() else {
        panic!("expressions");
    };
    assert_eq!(
        (last.value.span.line, last.value.span.column),
        (COUNT as u32, 1)
    );
}

#[test]
fn a_million_expressions_on_one_line_read_in_linear_time() {
    // Columns are counted on from the last span, not from the line's start: quadratic counting
    // would take hours here.
    const COUNT: usize = 1_000_000;
    let mut text = "{}".repeat(COUNT);
    text.push_str("{ 'é': 1 }");
    let loaded = load_one(text.as_bytes());
    assert_eq!(
        error_of(&loaded),
        format!(
            "/schema/main.json:1:{}: error[qapi-syntax]: Stray \"1\"",
            2 * COUNT + 8
        )
    );
    assert_eq!(expressions(&loaded), COUNT);
}

#[test]
fn an_object_of_a_hundred_thousand_keys_reads_and_finds_a_key_given_twice() {
    const KEYS: usize = 100_000;
    let members: Vec<String> = (0..KEYS).map(|n| format!("'k{n}': 'v'")).collect();
    let text = format!("{{ {} }}\n", members.join(",\n  "));
    let loaded = load_one(text.as_bytes());
    assert_clean(&loaded);
    let [Item::Expression(expression)] = loaded.program.items.as_slice() else {
        panic!("one expression");
    };
    assert_eq!(expression.members().len(), KEYS);

    let text = format!("{{ {},\n  'k7': 'again' }}\n", members.join(",\n  "));
    let loaded = load_one(text.as_bytes());
    assert_eq!(
        error_of(&loaded),
        format!(
            "/schema/main.json:{}:9: error[qapi-syntax]: Duplicate key \"k7\"",
            KEYS + 1
        )
    );
}

#[test]
fn an_include_of_itself_is_a_loop() {
    let loaded = load_one(b"{ 'include': 'main.json' }\n");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:1:1: error[qapi-directive]: Inclusion loop for main.json"
    );
}

#[test]
fn include_loops_name_the_chain_of_includes() {
    let loaded = load_files(&[
        ("main.json", b"{ 'include': 'a.json' }\n"),
        ("a.json", b"# a\n{ 'include': 'b.json' }\n"),
        ("b.json", b"\n\n{ 'include': 'a.json' }\n"),
    ]);
    assert_eq!(
        error_of(&loaded),
        "In file included from /schema/main.json:1:\n\
         In file included from /schema/a.json:2:\n\
         /schema/b.json:3:1: error[qapi-directive]: Inclusion loop for a.json"
    );

    let loaded = load_files(&[
        ("main.json", b"{ 'include': 'sub/b.json' }\n"),
        ("sub/b.json", b"{ 'include': 'c.json' }\n"),
        (
            "sub/c.json",
            b"{ 'struct': 'C' }\n{ 'include': '../main.json' }\n",
        ),
    ]);
    assert_eq!(
        error_of(&loaded),
        "In file included from /schema/main.json:1:\n\
         In file included from /schema/sub/b.json:1:\n\
         /schema/sub/c.json:2:1: error[qapi-directive]: Inclusion loop for ../main.json"
    );
    // What was read before the loop is kept.
    assert_eq!(loaded.program.files.len(), 3);
}

#[test]
fn a_file_included_twice_is_read_once() {
    let loaded = load_files(&[
        (
            "main.json",
            b"{ 'include': 'a.json' }\n{ 'include': './a.json' }\n",
        ),
        ("a.json", b"{ 'struct': 'A' }\n"),
    ]);
    assert_clean(&loaded);
    assert_eq!(loaded.program.files.len(), 2);
    assert_eq!(expressions(&loaded), 3);
}

#[test]
fn a_missing_include_is_an_error_at_the_include() {
    let loaded = load_files(&[
        ("main.json", b"{ 'include': 'a.json' }\n"),
        (
            "a.json",
            b"{ 'struct': 'A' }\n  { 'include': 'gone.json' }\n",
        ),
    ]);
    assert_eq!(
        error_of(&loaded),
        "In file included from /schema/main.json:1:\n\
         /schema/a.json:2:3: error[qapi-unreadable]: No such file or directory: gone.json"
    );
}

#[test]
fn a_missing_main_file_is_an_error() {
    let mut files = HashMap::new();
    let loaded = load_from(&path("main.json"), &mut files);
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:1:1: error[qapi-unreadable]: No such file or directory: /schema/main.json"
    );
}

#[test]
fn an_include_of_a_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("sub")).expect("a folder");
    let main = dir.path().join("main.json");
    std::fs::write(&main, "\n{ 'include': 'sub' }\n").expect("write");
    let loaded = load(&main);
    assert_located(&loaded);
    let error = loaded.error.as_ref().expect("an error");
    assert_eq!(
        (
            error.diagnostic.span.line,
            error.diagnostic.span.column,
            error.diagnostic.message.as_str()
        ),
        (2, 1, "Is a directory: sub")
    );
    // The main file being a folder is the same error, on the main file.
    let loaded = load(dir.path());
    assert_located(&loaded);
    assert_eq!(
        loaded.error.as_ref().map(|e| e.diagnostic.message.clone()),
        Some(format!("Is a directory: {}", dir.path().display()))
    );
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_at_their_line_and_column() {
    let loaded = load_one(b"{ 'struct': 'A' }\n{ 'enum': 'caf\xe9' }\n");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:2:15: error[invalid-utf8]: The schema is not UTF-8 text"
    );
    // In an included file: that file, with the chain.
    let loaded = load_files(&[
        ("main.json", b"{ 'include': 'a.json' }\n"),
        ("a.json", b"# \xff\xfe\n"),
    ]);
    assert_eq!(
        error_of(&loaded),
        "In file included from /schema/main.json:1:\n\
         /schema/a.json:1:3: error[invalid-utf8]: The schema is not UTF-8 text"
    );
}

#[test]
fn nul_bytes_are_characters_in_strings_and_comments_and_stray_elsewhere() {
    let loaded = load_one(b"# a \0 comment\n{ 'struct': 'a\0b' }\n");
    assert_clean(&loaded);
    let [Item::Expression(expression)] = loaded.program.items.as_slice() else {
        panic!("one expression");
    };
    assert_eq!(
        expression.get("struct").and_then(|v| v.as_str()),
        Some("a\0b")
    );
    let loaded = load_one(b"{ 'struct':\n   \0 }\n");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:2:4: error[qapi-syntax]: Stray \"\0\""
    );
}

#[test]
fn crlf_and_cr_line_ends_read_as_qemu_reads_them() {
    // QEMU opens a schema in Python's universal-newlines mode: `\r\n` and `\r` end lines.
    let lf = "##\n# @Ev:\n#\n# An event.\n##\n{ 'event': 'Ev',\n  'data': { 'a': 'str' } }\n";
    let expected = load_one(lf.as_bytes());
    assert_clean(&expected);
    for ending in ["\r\n", "\r"] {
        let text = lf.replace('\n', ending);
        let loaded = load_one(text.as_bytes());
        assert_clean(&loaded);
        assert_eq!(loaded.program.items, expected.program.items, "{ending:?}");
    }
    // Errors are placed on the same line and column as with `\n`.
    let loaded = load_one(b"{ 'a': 'b',\r\n  'c' }\r\n");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:2:7: error[qapi-syntax]: Expected \":\""
    );
}

#[test]
fn a_file_without_a_final_newline_reads() {
    let loaded = load_one(b"##\n# @a:\n##\n{ 'struct': 'a' }");
    assert_clean(&loaded);
    assert_eq!(expressions(&loaded), 1);
    // An error at its end is placed at its end.
    let loaded = load_one(b"{ 'struct': 'a'");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:1:16: error[qapi-syntax]: Expected \",\" or \"}\""
    );
    let loaded = load_one(b"##\n# @a:");
    assert_eq!(
        error_of(&loaded),
        "/schema/main.json:2:6: error[qapi-syntax]: Documentation comment must end with '##'"
    );
}

#[test]
fn an_empty_file_reads_as_nothing() {
    for text in [&b""[..], b"\n", b"  \n\t\n"] {
        let loaded = load_one(text);
        assert_clean(&loaded);
        assert!(loaded.program.items.is_empty());
    }
    let loaded = load_files(&[("main.json", b"{ 'include': 'e.json' }\n"), ("e.json", b"")]);
    assert_clean(&loaded);
    assert_eq!(loaded.program.files.len(), 2);
}

#[test]
fn a_file_of_only_comments_reads() {
    let loaded = load_one(b"# one\n# two\n   # three\n");
    assert_clean(&loaded);
    assert!(loaded.program.items.is_empty());
    // A doc block with no definition after it is free documentation.
    let loaded = load_one(b"# plain\n##\n# = Title\n##\n");
    assert_clean(&loaded);
    let [Item::FreeDoc(doc)] = loaded.program.items.as_slice() else {
        panic!("a free doc block: {:?}", loaded.program.items);
    };
    assert_eq!(doc.lines[0].text, "= Title");
    assert_eq!((doc.span.line, doc.span.column), (2, 1));
}

/// Pieces of QAPI text, valid and not, for token soups.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    " ",
    "\n",
    "\r\n",
    "\t",
    "'a'",
    "'*b'",
    "'struct'",
    "'event'",
    "'data'",
    "'str'",
    "'é'",
    "'\\n'",
    "'\\u0041'",
    "'\\x'",
    "'unterminated",
    "true",
    "false",
    "null",
    "tru",
    "#",
    "# comment",
    "##",
    "# @a:",
    "#x",
    "###",
    "## @a",
    "{ 'include': 'b.json' }",
    "{ 'include': 'main.json' }",
    "{ 'include': 'none.json' }",
    "{ 'pragma': { 'doc-required': true } }",
    "{ 'pragma': { 'x': 1 } }",
    "\0",
    "\u{feff}",
    ";",
    "1",
];

fn soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
        .prop_map(|pieces| pieces.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic_and_findings_are_located(
        main in proptest::collection::vec(any::<u8>(), 0..400),
        included in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut with_include = b"{ 'include': 'b.json' }\n".to_vec();
        with_include.extend_from_slice(&main);
        load_files(&[("main.json", &main)]);
        load_files(&[("main.json", &with_include), ("b.json", &included)]);
    }

    #[test]
    fn token_soups_never_panic_and_findings_are_located(main in soup(), included in soup()) {
        load_files(&[("main.json", &main), ("b.json", &included)]);
    }
}

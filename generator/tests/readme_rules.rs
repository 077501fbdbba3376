//! The README's "Lint codes" table is `qmpgen::check::rules::RULES` as Markdown: the codes, their
//! severities and meanings are written once, in the code, and the README shows them. Run with
//! `UPDATE_README=1` to rewrite the table's rows from the code.

use std::path::Path;

use qmpgen::check::rules::markdown_rows;

#[test]
fn the_readme_lists_every_lint_code_as_the_code_does() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is in the repository");
    let (before, section) = readme
        .split_once("\n## Lint codes\n")
        .expect("a Lint codes section");
    let header = "| code | severity | meaning |\n|---|---|---|\n";
    let start = section.find(header).expect("the table's header") + header.len();
    let end = section[start..]
        .find("\n\n")
        .map_or(section.len(), |at| start + at + 1);
    let expected = markdown_rows();
    if section[start..end] == expected {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some_and(|value| value == "1") {
        let rewritten = format!(
            "{before}\n## Lint codes\n{}{expected}{}",
            &section[..start],
            &section[end..]
        );
        std::fs::write(&path, rewritten).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md's Lint codes table differs from qmpgen::check::rules::RULES; run \
         UPDATE_README=1 cargo test -p qmpgen --test readme_rules and review the diff.\n\
         Expected rows:\n{expected}"
    );
}

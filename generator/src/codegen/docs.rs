//! Rustdoc for generated items, made from the document's own words.
//!
//! Every doc comment is a list of paragraphs followed by the place that documents the item
//! (`Documented at spec/qmp-events.txt:12.`). The document is plain text, not Markdown, so the
//! few characters that rustdoc would read as links or HTML are escaped, and lines lose their
//! indentation so that none turns into an (executable) indented code block.

use proc_macro2::TokenStream;
use quote::quote;

/// The doc comment of one generated item, built paragraph by paragraph.
///
/// ```
/// use qmpgen::codegen::docs::Doc;
/// let doc = Doc::new().prose("Emitted when the VM stops.").located("spec/qmp-events.txt:101");
/// assert_eq!(
///     doc.lines(),
///     ["Emitted when the VM stops.", "", "Documented at `spec/qmp-events.txt:101`."]
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// An empty doc comment.
    pub fn new() -> Self {
        Doc::default()
    }

    /// Adds a paragraph of the document's prose (escaped for Markdown, indentation dropped).
    /// Blank prose adds nothing.
    pub fn prose(mut self, text: &str) -> Self {
        let lines: Vec<String> = text.lines().map(|line| escape(line.trim())).collect();
        let joined = lines.join("\n");
        if !joined.trim().is_empty() {
            self.paragraphs.push(joined);
        }
        self
    }

    /// Adds a paragraph written by the generator (Markdown kept as is).
    pub fn note(mut self, markdown: impl Into<String>) -> Self {
        self.paragraphs.push(markdown.into());
        self
    }

    /// Adds a fenced block of JSON (an example message), indentation kept.
    pub fn json(mut self, label: Option<&str>, text: &str) -> Self {
        let fence = if text.contains("```") { "~~~~" } else { "```" };
        let mut block = String::new();
        if let Some(label) = label {
            block.push_str(&escape(label.trim()));
            block.push('\n');
        }
        block.push_str(&format!("{fence}json\n{}\n{fence}", text.trim_end()));
        self.paragraphs.push(block);
        self
    }

    /// Ends the comment with where the item is documented (`FILE:LINE`).
    pub fn located(mut self, at: impl AsRef<str>) -> Self {
        self.paragraphs
            .push(format!("Documented at `{}`.", at.as_ref()));
        self
    }

    /// The comment's lines (paragraphs separated by blank lines).
    pub fn lines(&self) -> Vec<String> {
        let text = self.paragraphs.join("\n\n");
        text.split('\n').map(str::to_owned).collect()
    }

    /// One `#[doc = "…"]` attribute holding every line. prettyplease prints it as a block
    /// comment, which [`block_comments_as_lines`] turns into `///` lines: one literal to parse
    /// and format per item instead of one per line, the same output.
    pub fn tokens(&self) -> TokenStream {
        let mut text = String::new();
        for (index, line) in self.lines().iter().enumerate() {
            if index > 0 {
                text.push('\n');
            }
            // `///x` would print as `///x`; rustdoc strips one leading space, so add it.
            if !line.is_empty() {
                text.push(' ');
                text.push_str(line);
            }
        }
        quote! { #[doc = #text] }
    }
}

/// Rewrites the block doc comments prettyplease prints for doc attributes of several lines
/// (`/** a\n b*/`) as `///` lines at the comment's indentation (`/// a` and `/// b`), as
/// rustfmt and people write them. Other text is left as it is: prettyplease keeps a doc that
/// a block comment cannot hold as an attribute, and [`escape`]d prose holds no `*/`.
pub fn block_comments_as_lines(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 8);
    let mut lines = formatted.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let indent_len = line.len() - line.trim_start().len();
        let (indent, rest) = line.split_at(indent_len);
        let Some(first) = rest.strip_prefix("/**") else {
            out.push_str(line);
            continue;
        };
        // The comment's lines, up to the one that ends it.
        let mut doc_line = first.trim_end_matches('\n');
        loop {
            let last = doc_line.strip_suffix("*/");
            out.push_str(indent);
            out.push_str("///");
            out.push_str(last.unwrap_or(doc_line));
            out.push('\n');
            if last.is_some() {
                break;
            }
            match lines.next() {
                Some(next) => doc_line = next.trim_end_matches('\n'),
                None => break,
            }
        }
    }
    out
}

/// The document's text with the characters rustdoc's Markdown would misread escaped: `[` `]`
/// (intra-doc links), `<` `>` (HTML), `*` (emphasis), a backslash and a leading `#` (a heading).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        let leading_hash = index == 0 && c == '#';
        if matches!(c, '[' | ']' | '<' | '>' | '*' | '\\') || leading_hash {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `name` as inline code in a doc comment (`` `"tray-open"` ``).
pub fn code(name: &str) -> String {
    let ticks = if name.contains('`') { "``" } else { "`" };
    format!("{ticks}{name}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_drops_indentation() {
        let doc = Doc::new().prose("  see [qapi] <here>\n    x_y *z*");
        assert_eq!(doc.lines(), ["see \\[qapi\\] \\<here\\>", "x_y \\*z\\*"]);
    }

    #[test]
    fn blank_prose_adds_no_paragraph() {
        assert!(Doc::new().prose(" \n ").lines() == [""]);
    }

    #[test]
    fn examples_keep_their_indentation_in_a_fence() {
        let doc = Doc::new().json(Some("Read:"), "{ \"a\":\n    1 }");
        assert_eq!(
            doc.lines(),
            ["Read:", "```json", "{ \"a\":", "    1 }", "```"]
        );
    }

    #[test]
    fn tokens_are_one_doc_attribute_printed_as_lines() {
        let doc = Doc::new().prose("One.").located("x.txt:3");
        let tokens = doc.tokens();
        assert_eq!(
            tokens.to_string(),
            "# [doc = \" One.\\n\\n Documented at `x.txt:3`.\"]"
        );
        let item: syn::File = syn::parse2(quote! { #tokens pub struct A; }).unwrap();
        let printed = prettyplease::unparse(&item);
        assert!(printed.starts_with("/**"), "{printed}");
        assert_eq!(
            block_comments_as_lines(&printed),
            "/// One.\n///\n/// Documented at `x.txt:3`.\npub struct A;\n"
        );
    }

    #[test]
    fn block_comments_become_lines_at_their_indentation() {
        let printed = "mod m {\n    /** a\n\n b*/\n    pub struct A;\n    /// one line\n}\n";
        assert_eq!(
            block_comments_as_lines(printed),
            "mod m {\n    /// a\n    ///\n    /// b\n    pub struct A;\n    /// one line\n}\n"
        );
    }
}

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

    /// `#[doc = "…"]` attributes, one per line (prettyplease prints them as `///` lines).
    pub fn tokens(&self) -> TokenStream {
        let lines = self.lines().into_iter().map(|line| {
            // `///x` would print as `///x`; rustdoc strips one leading space, so add it.
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        });
        quote! { #( #[doc = #lines] )* }
    }
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
    fn tokens_are_doc_attributes() {
        let tokens = Doc::new()
            .prose("One.")
            .located("x.txt:3")
            .tokens()
            .to_string();
        assert!(tokens.contains("doc = \" One.\""), "{tokens}");
        assert!(tokens.contains("doc = \"\""), "{tokens}");
    }
}

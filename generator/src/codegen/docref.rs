//! How generated code names the document it was made from: `spec/qmp-events.txt:12`.
//!
//! Every generated item ends its rustdoc with the place that documents it, and the file header
//! names the document. The name must be the same on every machine (the output is
//! byte-deterministic), so it is never an absolute path: it is the spec's path relative to the
//! crate root when the spec lies inside it, else its file name alone.

use std::fmt;
use std::path::{Component, Path};

use crate::model::Span;

/// The document as generated code names it, and places in it.
///
/// ```
/// use qmpgen::codegen::DocRef;
/// use qmpgen::model::Span;
///
/// let doc = DocRef::new("spec/qmp-events.txt");
/// assert_eq!(doc.at(Span::new(12, 1)), "spec/qmp-events.txt:12");
/// assert_eq!(doc.file(), "spec/qmp-events.txt");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocRef {
    file: String,
    /// The names of the files a span's [`Span::file`] 1, 2… names (a QAPI schema's includes).
    included: Vec<String>,
}

impl DocRef {
    /// A document named exactly `file` (use `/` as the separator, so that output does not
    /// depend on the machine).
    pub fn new(file: impl Into<String>) -> Self {
        DocRef {
            file: file.into(),
            included: Vec::new(),
        }
    }

    /// The same document, whose spans in files after the first name `files` (the schema's
    /// [`Source::files`](crate::model::Source::files) after the first, as the front end names
    /// them: a QAPI schema's includes, relative to the main file).
    ///
    /// ```
    /// use qmpgen::codegen::DocRef;
    /// use qmpgen::model::Span;
    ///
    /// let doc = DocRef::new("qapi/qapi-schema.json").including(["qapi/block.json".to_owned()]);
    /// assert_eq!(doc.at(Span { file: 1, line: 7, column: 1 }), "qapi/block.json:7");
    /// assert_eq!(doc.at(Span::new(3, 1)), "qapi/qapi-schema.json:3");
    /// ```
    pub fn including(mut self, files: impl IntoIterator<Item = String>) -> Self {
        self.included = files.into_iter().collect();
        self
    }

    /// The name for the document at `spec` as seen from the crate whose root is `root`: the
    /// path relative to `root` (with `/` separators) when `spec` lies inside it, else the file
    /// name alone. Both paths are resolved against the file system when they exist, so that
    /// `./spec/../spec/qmp-events.txt` and symbolic links give the same name.
    ///
    /// ```
    /// use std::path::Path;
    /// use qmpgen::codegen::DocRef;
    ///
    /// let inside = DocRef::for_path(Path::new("/crate/spec/qmp-events.txt"), Path::new("/crate"));
    /// assert_eq!(inside.file(), "spec/qmp-events.txt");
    /// let outside = DocRef::for_path(Path::new("/elsewhere/v1.txt"), Path::new("/crate"));
    /// assert_eq!(outside.file(), "v1.txt");
    /// ```
    pub fn for_path(spec: &Path, root: &Path) -> Self {
        let spec_full = resolve(spec, root);
        let root_full = resolve(root, root);
        if let Ok(relative) = spec_full.strip_prefix(&root_full)
            && let Some(name) = slash_path(relative)
        {
            return DocRef::new(name);
        }
        let name = spec.file_name().map_or_else(
            || spec.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        DocRef::new(name)
    }

    /// The document's name, as printed.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// `FILE:LINE` for a place in the document (or in a file it includes).
    pub fn at(&self, span: Span) -> String {
        let file = match span.file {
            0 => &self.file,
            n => self.included.get(n as usize - 1).unwrap_or(&self.file),
        };
        format!("{file}:{}", span.line)
    }
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)
    }
}

/// `path` made absolute (relative paths against the current directory, or `base` when that
/// fails) and canonical when it exists.
fn resolve(path: &Path, base: &Path) -> std::path::PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| base.to_owned())
            .join(path)
    };
    normalise(&absolute)
}

/// `path` without `.` and with `..` applied, lexically.
fn normalise(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path of plain components joined with `/`, or `None` when it has none (the root
/// itself) or names something odd.
fn slash_path(relative: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_spec_inside_the_root_relative_to_it() {
        let doc = DocRef::for_path(Path::new("/a/b/./spec/../spec/x.txt"), Path::new("/a/b"));
        assert_eq!(doc.file(), "spec/x.txt");
    }

    #[test]
    fn names_a_spec_outside_the_root_by_its_file_name() {
        let doc = DocRef::for_path(Path::new("/a/other/x.txt"), Path::new("/a/b"));
        assert_eq!(doc.file(), "x.txt");
        assert_eq!(doc.at(Span::new(7, 3)), "x.txt:7");
    }

    #[test]
    fn the_root_itself_is_not_a_relative_name() {
        let doc = DocRef::for_path(Path::new("/a/b"), Path::new("/a/b"));
        assert_eq!(doc.file(), "b");
    }
}

//! `INDEX.tsv`: the list of a history folder's versions, in the order to read them.
//!
//! A header row names the columns (`n`, `commit_date` or `date`, `commit`, `path_in_qemu`,
//! `file`, `qemu_release`, `subject`); only `file` is required. Columns are found by name, so
//! their order may change. `file` is relative to the folder (for a QAPI schema, the file to read
//! first; it includes the others).

use std::fmt;
use std::path::{Path, PathBuf};

#[cfg(feature = "analysis")]
use serde::Serialize;

/// The name of a history folder's index.
pub const INDEX: &str = "INDEX.tsv";

/// One version of the document, as a history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize))]
pub struct Version {
    /// The short name shown in timelines (`011`, the `n` column, or the file's stem).
    pub label: String,
    /// The file's name (relative to the folder).
    pub file: String,
    /// The commit date, when the index has one.
    #[cfg_attr(feature = "analysis", serde(skip_serializing_if = "Option::is_none"))]
    pub date: Option<String>,
    /// The first QEMU release that has this version (`2.1`), when the index says
    /// (`qemu_release`).
    #[cfg_attr(feature = "analysis", serde(skip_serializing_if = "Option::is_none"))]
    pub release: Option<String>,
    /// The commit's subject, when the index has one.
    #[cfg_attr(feature = "analysis", serde(skip_serializing_if = "Option::is_none"))]
    pub subject: Option<String>,
    /// Which series of versions it belongs to (one folder, or the files given one by one), by
    /// position: a version's changes are measured against the version before it in its series.
    pub series: usize,
}

impl Version {
    /// A version known only by its file name: labelled with the name without `.txt`.
    pub fn from_file(file: &str) -> Version {
        Version {
            label: file.strip_suffix(".txt").unwrap_or(file).to_owned(),
            file: file.to_owned(),
            date: None,
            release: None,
            subject: None,
            series: 0,
        }
    }
}

/// Why an index could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    /// The 1-based line of the index where the problem is.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

impl std::error::Error for IndexError {}

/// Reads an index's text into its versions, in its order. Blank lines are skipped.
///
/// ```
/// let index = "n\tcommit_date\tfile\tsubject\n011\t2010-05-03\t011_x.txt\tQMP: Introduce RESUME event\n";
/// let versions = qmpgen::history::index::read(index).unwrap();
/// assert_eq!(versions[0].label, "011");
/// assert_eq!(versions[0].file, "011_x.txt");
/// ```
pub fn read(text: &str) -> Result<Vec<Version>, IndexError> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((_, header)) = rows.next() else {
        return Err(IndexError {
            line: 1,
            message: "the index is empty; it needs a header row with a `file` column".into(),
        });
    };
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let column = |name: &str| columns.iter().position(|column| *column == name);
    let Some(file_column) = column("file") else {
        return Err(IndexError {
            line: 1,
            message: format!(
                "the header row has no `file` column ({})",
                columns.join(", ")
            ),
        });
    };
    let (label_column, date_column, release_column, subject_column) = (
        column("n"),
        column("commit_date").or_else(|| column("date")),
        column("qemu_release"),
        column("subject"),
    );
    let mut versions = Vec::new();
    for (index, row) in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        let cell = |column: Option<usize>| {
            column
                .and_then(|column| cells.get(column))
                .map(|cell| cell.trim().to_owned())
                .filter(|cell| !cell.is_empty())
        };
        let Some(file) = cell(Some(file_column)) else {
            return Err(IndexError {
                line: index + 1,
                message: format!("the row has no `file` (column {})", file_column + 1),
            });
        };
        let mut version = Version::from_file(&file);
        if let Some(label) = cell(label_column) {
            version.label = label;
        }
        version.date = cell(date_column);
        version.release = cell(release_column);
        version.subject = cell(subject_column);
        // Timelines name versions by label, so a label must name one version.
        if versions
            .iter()
            .any(|known: &Version| known.label == version.label)
        {
            return Err(IndexError {
                line: index + 1,
                message: format!("the label `{}` is used twice", version.label),
            });
        }
        versions.push(version);
    }
    Ok(versions)
}

/// The versions of a history folder and their files: in its `INDEX.tsv` order when it has one,
/// else its `*.txt` files by name. The error says what is wrong, naming the file (and the index's
/// line).
pub fn folder(folder: &Path) -> Result<Vec<(Version, PathBuf)>, String> {
    let index_path = folder.join(INDEX);
    if index_path.is_file() {
        let text = std::fs::read_to_string(&index_path)
            .map_err(|error| format!("cannot read {}: {error}", index_path.display()))?;
        let versions = read(&text).map_err(|error| format!("{}:{error}", index_path.display()))?;
        if versions.is_empty() {
            return Err(format!("{} lists no versions", index_path.display()));
        }
        return Ok(versions
            .into_iter()
            .map(|version| {
                let path = folder.join(&version.file);
                (version, path)
            })
            .collect());
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") && entry.path().is_file() {
            files.push(name);
        }
    }
    if files.is_empty() {
        return Err(format!(
            "{} has neither {INDEX} nor .txt files",
            folder.display()
        ));
    }
    files.sort();
    Ok(files
        .into_iter()
        .map(|name| (Version::from_file(&name), folder.join(&name)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name() {
        let versions = read("file\tn\nb.txt\t2\n\na.txt\t1\n").unwrap();
        let labels: Vec<&str> = versions.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["2", "1"]);
        assert_eq!(versions[1].file, "a.txt");
        assert_eq!(versions[1].date, None);
        assert_eq!(versions[1].release, None);
    }

    #[test]
    fn the_release_and_a_plain_date_are_read() {
        let versions =
            read("n\tfile\tqemu_release\tdate\n01\tq/a.json\t2.1\t2014-08-01\n").unwrap();
        assert_eq!(versions[0].release.as_deref(), Some("2.1"));
        assert_eq!(versions[0].date.as_deref(), Some("2014-08-01"));
        assert_eq!(versions[0].file, "q/a.json");
    }

    #[test]
    fn a_label_defaults_to_the_file_stem() {
        let versions = read("file\nv1.txt\n").unwrap();
        assert_eq!(versions[0].label, "v1");
    }

    #[test]
    fn labels_are_unique() {
        let error = read("n\tfile\n1\ta.txt\n1\tb.txt\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("`1` is used twice"), "{error}");
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(read("").unwrap_err().line, 1);
        assert!(
            read("n\tname\n")
                .unwrap_err()
                .message
                .contains("no `file` column")
        );
        let error = read("n\tfile\n1\ta.txt\n2\n").unwrap_err();
        assert_eq!(error.line, 3);
    }
}

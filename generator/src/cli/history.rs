//! `qmpgen history FILE...|DIR [--format text|json|markdown] [--docs] [--event NAME]`: the
//! timeline of the document over many versions.
//!
//! A folder is read in its `INDEX.tsv` order when it has one, else its `*.txt` files by name.
//! Exit codes: 0 fine, 1 when an `--event` names no event any version documents (the others are
//! still shown; the missing ones are named on stderr with near names), 2 trouble (bad arguments,
//! an unreadable file or index, a document with errors: all of them are reported).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use qmp_events_runtime::Count;
use qmpgen::diff::Options;
use qmpgen::history::index::{self, Version};
use qmpgen::history::{EventHistory, History, Step, VersionSpan};

use super::diff::{DIM, EVENT, markdown_change, md_code, md_escape, refuse_errors, text_change};
use super::input::{Document, Trouble, display_name, is_stdio, load_reported, stdin_at_most_once};
use super::{ReportFormat, exit_code};
use qmpgen::suggest::near;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The versions, oldest first, or one folder of them (read in its INDEX.tsv order).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// `text` (for people), `json` (`{"versions": [...], "events": [...]}`) or `markdown`.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Also record changes of descriptions, examples and notes.
    #[arg(long)]
    docs: bool,
    /// Show only these events (repeat for several).
    #[arg(long = "event", value_name = "NAME")]
    events: Vec<String>,
}

/// The name of a history folder's index.
const INDEX: &str = "INDEX.tsv";

pub fn run(args: HistoryArgs) -> Result<ExitCode, Trouble> {
    stdin_at_most_once(&args.paths)?;
    let sources = match sources(&args.paths) {
        Ok(sources) => sources,
        Err(message) => {
            anstream::eprintln!("qmpgen: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    // Every version is read before any is refused, so that each unreadable one is named.
    let mut versions = Vec::with_capacity(sources.len());
    let mut documents = Vec::with_capacity(sources.len());
    let mut unreadable = false;
    for (version, path) in sources {
        match load_reported(&path) {
            Some(document) => {
                documents.push(document);
                versions.push(version);
            }
            None => unreadable = true,
        }
    }
    // A timeline missing a version, or built from a document the parser could not fully read,
    // would show changes that were never made: both are trouble.
    let broken = refuse_errors(&documents.iter().collect::<Vec<_>>());
    if unreadable || broken.is_some() {
        return Ok(ExitCode::from(2));
    }
    let specs: Vec<_> = documents.iter().map(Document::schema).collect();
    let mut history = History::build(versions, &specs, Options { docs: args.docs });
    let mut not_found = false;
    if !args.events.is_empty() {
        for name in &args.events {
            if history.event(name).is_none() {
                let known = history.events.iter().map(|event| event.name.as_str());
                anstream::eprintln!(
                    "qmpgen: no version documents {name}{}",
                    did_you_mean(&near(name, known))
                );
                not_found = true;
            }
        }
        history
            .events
            .retain(|event| args.events.contains(&event.name));
        if history.events.is_empty() {
            return Ok(ExitCode::from(1));
        }
    }
    let out = match args.format {
        ReportFormat::Text => text(&history),
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&history)
                .map_err(|error| Trouble::Output(error.to_string()))?;
            json.push('\n');
            json
        }
        ReportFormat::Markdown => markdown(&history),
    };
    anstream::print!("{out}");
    Ok(exit_code(false, not_found))
}

/// The versions to read and their files: one folder (by its index, else its `*.txt` by name),
/// or the files as given.
fn sources(paths: &[PathBuf]) -> Result<Vec<(Version, PathBuf)>, String> {
    if let [folder] = paths
        && folder.is_dir()
    {
        return folder_sources(folder);
    }
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        if path.is_dir() {
            return Err(format!(
                "{} is a folder; give either one folder or files",
                path.display()
            ));
        }
        // Standard input is named as diagnostics name it.
        let name = match path.file_name() {
            Some(name) if !is_stdio(path) => name.to_string_lossy().into_owned(),
            _ => display_name(path),
        };
        sources.push((Version::from_file(&name), path.clone()));
    }
    // Versions are named by label: files of one name from several folders are named by their
    // path, and a file given twice also by its position.
    disambiguate(&mut sources, |_, path| path.display().to_string());
    disambiguate(&mut sources, |position, path| {
        format!("{} ({})", path.display(), position + 1)
    });
    Ok(sources)
}

/// Renames with `name` the versions whose label another version also has.
fn disambiguate(sources: &mut [(Version, PathBuf)], name: impl Fn(usize, &Path) -> String) {
    let labels: Vec<String> = sources.iter().map(|(v, _)| v.label.clone()).collect();
    for (position, (version, path)) in sources.iter_mut().enumerate() {
        if labels
            .iter()
            .filter(|label| **label == version.label)
            .count()
            > 1
        {
            version.label = name(position, path);
        }
    }
}

fn folder_sources(folder: &Path) -> Result<Vec<(Version, PathBuf)>, String> {
    let index_path = folder.join(INDEX);
    if index_path.is_file() {
        let text = std::fs::read_to_string(&index_path)
            .map_err(|error| format!("cannot read {}: {error}", index_path.display()))?;
        let versions =
            index::read(&text).map_err(|error| format!("{}:{error}", index_path.display()))?;
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

/// The timeline as text: per event, where it is documented (and its gaps), its members' spans,
/// and its changes grouped by the version that made them.
fn text(history: &History) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", versions_line(history));
    for event in &history.events {
        let _ = writeln!(
            out,
            "{EVENT}{}{EVENT:#}: documented in {}",
            event.name,
            spans_text(&event.spans)
        );
        if !event.gaps.is_empty() {
            let _ = writeln!(out, "  gaps: {}", spans_text(&event.gaps));
        }
        if !event.fields.is_empty() {
            let _ = writeln!(out, "  fields:");
            let width = event.fields.iter().map(|f| f.path.len()).max().unwrap_or(0);
            for field in &event.fields {
                let _ = writeln!(
                    out,
                    "    {:width$}  {}",
                    field.path,
                    spans_text(&field.spans)
                );
            }
        }
        if !event.changes.is_empty() {
            let _ = writeln!(out, "  changes:");
            for steps in by_version(&event.changes) {
                let _ = writeln!(
                    out,
                    "    {}{DIM}{}{DIM:#}",
                    steps[0].version,
                    subject(history, &steps[0].version)
                );
                for step in steps {
                    text_change(&mut out, &step.change, "      ");
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(history));
    out
}

/// `113 versions, 001 (2009-12-03) … 113 (2017-01-16)`.
fn versions_line(history: &History) -> String {
    let name = |version: &Version| match &version.date {
        Some(date) => format!("{} ({date})", version.label),
        None => version.label.clone(),
    };
    match (history.versions.first(), history.versions.last()) {
        (Some(first), Some(last)) => format!(
            "{}, {} … {}",
            Count::new(history.versions.len(), "version"),
            name(first),
            name(last)
        ),
        _ => "no versions".to_owned(),
    }
}

/// `12 events, 418 changes`.
fn summary(history: &History) -> String {
    let changes: usize = history.events.iter().map(|event| event.changes.len()).sum();
    format!(
        "{}, {} between consecutive versions",
        Count::new(history.events.len(), "event"),
        Count::new(changes, "change")
    )
}

/// ` — qmp: add DEVICE_TRAY_MOVED event` for a version with a subject, else nothing.
fn subject(history: &History, label: &str) -> String {
    history
        .versions
        .iter()
        .find(|version| version.label == label)
        .and_then(|version| version.subject.as_deref())
        .map(|subject| format!(" — {subject}"))
        .unwrap_or_default()
}

/// `011–040, 058–089` (a run of one version is just its label).
fn spans_text(spans: &[VersionSpan]) -> String {
    if spans.is_empty() {
        return "no version".to_owned();
    }
    spans
        .iter()
        .map(|span| {
            if span.first == span.last {
                span.first.clone()
            } else {
                format!("{}–{}", span.first, span.last)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Consecutive steps made by one version.
fn by_version(steps: &[Step]) -> Vec<&[Step]> {
    steps
        .chunk_by(|first, second| first.version == second.version)
        .collect()
}

/// The timeline as Markdown: per event a heading, where it is documented, a table of its
/// members' spans and a list of its changes.
fn markdown(history: &History) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### QMP events history\n\n{}; {}\n",
        versions_line(history),
        summary(history)
    );
    for event in &history.events {
        markdown_event(&mut out, history, event);
    }
    out
}

fn markdown_event(out: &mut String, history: &History, event: &EventHistory) {
    let _ = writeln!(out, "#### `{}`\n", md_code(&event.name));
    let _ = write!(out, "Documented in {}", spans_text(&event.spans));
    if !event.gaps.is_empty() {
        let _ = write!(out, " (gaps: {})", spans_text(&event.gaps));
    }
    out.push_str(".\n\n");
    if !event.fields.is_empty() {
        out.push_str("| Field | Documented in |\n|---|---|\n");
        for field in &event.fields {
            let _ = writeln!(
                out,
                "| `{}` | {} |",
                md_code(&field.path),
                spans_text(&field.spans)
            );
        }
        out.push('\n');
    }
    for step in &event.changes {
        let prefix = format!(
            "**{}**{}: ",
            md_escape(&step.version),
            md_escape(&subject(history, &step.version))
        );
        markdown_change(out, &step.change, &prefix);
    }
    if !event.changes.is_empty() {
        out.push('\n');
    }
}

/// ` (did you mean RESUME?)`, ` (did you mean RESET or RESUME?)`, or nothing.
fn did_you_mean(suggestions: &[&str]) -> String {
    match suggestions.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" (did you mean {last}?)"),
        Some((last, rest)) => format!(" (did you mean {} or {last}?)", rest.join(", ")),
    }
}

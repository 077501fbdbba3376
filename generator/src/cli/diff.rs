//! `qmpgen diff OLD NEW [--format text|json|markdown] [--docs] [--fail-on breaking]`: what
//! changed between two versions of the document, and whether it breaks clients.
//!
//! Exit codes, like diff(1): 0 no differences, 1 differences (with `--fail-on breaking`: 1 only
//! when a change is breaking), 2 trouble (bad arguments, an unreadable document, a document with
//! errors). The renderers of single changes are shared with `qmpgen history`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anstyle::{AnsiColor, Effects, Style};
use clap::{Args, ValueEnum};
use qmp_events_runtime::Count;
use qmpgen::diff::text::{Piece, Side, elide_context, word_diff};
use qmpgen::diff::{Change, ChangeKind, Options, count_breaking, diff};

use super::ReportFormat;
use super::input::{Document, Trouble, load_all, report_parse};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version of the document (`-`: standard input).
    old: PathBuf,
    /// The new version of the document (`-`: standard input).
    new: PathBuf,
    /// `text` (grouped by event, for people), `json` (`{"changes": [...]}`, a stable contract) or
    /// `markdown` (for a pull-request comment).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Also compare descriptions, examples and notes (shown as word diffs).
    #[arg(long)]
    docs: bool,
    /// Exit 1 only for changes of this severity (by default, any difference exits 1).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

/// Which changes make `qmpgen diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FailOn {
    /// Only breaking changes.
    Breaking,
}

pub fn run(args: DiffArgs) -> Result<ExitCode, Trouble> {
    // Both are read before either is refused, so that every unreadable one is named.
    let (documents, unreadable) = load_all(&[args.old, args.new])?;
    let [old, new] = match <[Document; 2]>::try_from(documents) {
        Ok(pair) if !unreadable => pair,
        _ => return Ok(ExitCode::from(2)),
    };
    if let Some(code) = refuse_errors(&[&old, &new]) {
        return Ok(code);
    }
    let options = Options { docs: args.docs };
    let changes = diff(&old.schema(), &new.schema(), options);
    let out = match args.format {
        ReportFormat::Text => text(&changes),
        ReportFormat::Json => json(&changes)?,
        ReportFormat::Markdown => markdown(&old.name, &new.name, &changes),
    };
    anstream::print!("{out}");
    let fails = match args.fail_on {
        Some(FailOn::Breaking) => count_breaking(&changes) > 0,
        None => !changes.is_empty(),
    };
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints the diagnostics of the documents that have errors and returns exit code 2 when any
/// has: a document the parser could not fully read cannot be compared faithfully.
pub(super) fn refuse_errors(documents: &[&Document]) -> Option<ExitCode> {
    let broken: Vec<&&Document> = documents
        .iter()
        .filter(|document| document.has_errors())
        .collect();
    for document in &broken {
        report_parse(document);
        anstream::eprintln!(
            "qmpgen: {} has errors; fix them before comparing it",
            document.name
        );
    }
    (!broken.is_empty()).then(|| ExitCode::from(2))
}

fn json(changes: &[Change]) -> Result<String, Trouble> {
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "changes": changes }))
        .map_err(|error| Trouble::Output(error.to_string()))?;
    out.push('\n');
    Ok(out)
}

pub(super) const EVENT: Style = Style::new().effects(Effects::BOLD);
const BREAKING: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::BOLD);
const ADDED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const REMOVED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const CHANGED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
pub(super) const DIM: Style = Style::new().effects(Effects::DIMMED);

/// The changes as text for people, grouped by event, styled for a terminal (anstream strips the
/// styles when stdout is not one or `NO_COLOR` is set), ending with a one-line summary.
fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for group in by_event(changes) {
        let _ = writeln!(out, "{EVENT}{}{EVENT:#}", group[0].event);
        for change in group {
            text_change(&mut out, change, "  ");
        }
    }
    let _ = writeln!(out, "{}", summary(changes));
    out
}

/// One change as text: a line with the kind, the member, the values and the lines; a dimmed
/// line with the reason; for prose, a word diff.
pub(super) fn text_change(out: &mut String, change: &Change, indent: &str) {
    let style = kind_style(change.kind);
    let breaking = if change.breaking {
        format!("{BREAKING}breaking{BREAKING:#} ")
    } else {
        String::new()
    };
    let _ = write!(out, "{indent}{breaking}{style}{}{style:#}", change.kind);
    if let Some(field) = &change.field {
        let _ = write!(out, " {field}");
    }
    if !change.is_prose()
        && let Some(values) = values(change)
    {
        let _ = write!(out, ": {values}");
    }
    let _ = writeln!(out, "  {DIM}({}){DIM:#}", lines(change));
    let _ = writeln!(out, "{indent}    {DIM}{}{DIM:#}", change.reason);
    if change.is_prose() {
        let _ = writeln!(out, "{indent}    {}", text_words(change));
    }
}

/// The old and new values of a change that is not prose: `json-int → json-string`, `"stop"`.
fn values(change: &Change) -> Option<String> {
    let show = |value: &serde_json::Value| match (change.kind, value) {
        (
            ChangeKind::BecameOptional | ChangeKind::BecameRequired,
            serde_json::Value::Bool(true),
        ) => "optional".to_owned(),
        (
            ChangeKind::BecameOptional | ChangeKind::BecameRequired,
            serde_json::Value::Bool(false),
        ) => "required".to_owned(),
        (ChangeKind::ValueAdded | ChangeKind::ValueRemoved, value) => value.to_string(),
        (_, serde_json::Value::String(text)) => text.clone(),
        (_, serde_json::Value::Null) => "(no type)".to_owned(),
        (_, value) => value.to_string(),
    };
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => Some(format!("{} → {}", show(old), show(new))),
        (Some(value), None) | (None, Some(value)) => Some(show(value)),
        (None, None) => None,
    }
}

/// The lines of a change in each document: `line 11 → 12`, `new line 29`, `old line 11`; with
/// the file where a description spans several (a QAPI schema): `old qapi/block.json:11`.
fn lines(change: &Change) -> String {
    let place = |file: &Option<String>, line: u32| match file {
        Some(file) => format!("{file}:{line}"),
        None => format!("line {line}"),
    };
    let (old_file, new_file) = (&change.old_file, &change.new_file);
    match (change.old_line, change.new_line) {
        (Some(old), Some(new)) if old_file.is_none() && new_file.is_none() => {
            format!("line {old} → {new}")
        }
        (Some(old), Some(new)) => format!("{} → {}", place(old_file, old), place(new_file, new)),
        (Some(old), None) => format!("old {}", place(old_file, old)),
        (None, Some(new)) => format!("new {}", place(new_file, new)),
        (None, None) => "no line".to_owned(),
    }
}

/// The word diff of a prose change, `[-removed-]{+added+}` around styled words, unchanged runs
/// elided to a few words of context.
fn text_words(change: &Change) -> String {
    let pieces = prose_diff(change);
    let mut out = String::new();
    for piece in &pieces {
        match piece.side {
            Side::Both => out.push_str(&piece.text),
            Side::Removed => {
                let _ = write!(out, "{REMOVED}[-{}-]{REMOVED:#}", piece.text);
            }
            Side::Added => {
                let _ = write!(out, "{ADDED}{{+{}+}}{ADDED:#}", piece.text);
            }
        }
    }
    out
}

/// The word diff of a prose change (a side that lacks the text counts as empty).
fn prose_diff(change: &Change) -> Vec<Piece> {
    let old = change.old_str().unwrap_or_default();
    let new = change.new_str().unwrap_or_default();
    elide_context(&word_diff(old, new), CONTEXT_WORDS)
}

/// How many unchanged words to keep on each side of a change in a word diff.
const CONTEXT_WORDS: usize = 6;

fn kind_style(kind: ChangeKind) -> Style {
    match kind {
        ChangeKind::EventAdded | ChangeKind::FieldAdded | ChangeKind::ValueAdded => ADDED,
        ChangeKind::EventRemoved | ChangeKind::FieldRemoved | ChangeKind::ValueRemoved => REMOVED,
        _ => CHANGED,
    }
}

/// Consecutive changes of one event. [`qmpgen::diff::diff`] reports an event's changes together,
/// so each event forms one group.
pub(super) fn by_event(changes: &[Change]) -> Vec<&[Change]> {
    changes
        .chunk_by(|first, second| first.event == second.event)
        .collect()
}

/// `7 changes in 7 events, 0 breaking (7 event-added)`, or `no differences`.
pub(super) fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no differences".to_owned();
    }
    let events = by_event(changes).len();
    let mut kinds: Vec<String> = Vec::new();
    for kind in ChangeKind::ALL {
        let count = changes.iter().filter(|change| change.kind == kind).count();
        if count > 0 {
            kinds.push(format!("{count} {kind}"));
        }
    }
    format!(
        "{} in {}, {} breaking ({})",
        Count::new(changes.len(), "change"),
        Count::new(events, "event"),
        count_breaking(changes),
        kinds.join(", ")
    )
}

/// The changes as Markdown for a pull-request comment: a summary heading, then per event a list
/// of changes, breaking ones marked, prose as `<del>`/`<ins>` word diffs.
fn markdown(old: &str, new: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### QMP events: `{}` → `{}`\n\n{}\n",
        md_code(old),
        md_code(new),
        summary(changes)
    );
    for group in by_event(changes) {
        let _ = writeln!(out, "#### `{}`\n", md_code(&group[0].event));
        for change in group {
            markdown_change(&mut out, change, "");
        }
        out.push('\n');
    }
    out
}

/// One change as a Markdown list item, after `prefix` (e.g. the version that made it).
pub(super) fn markdown_change(out: &mut String, change: &Change, prefix: &str) {
    let breaking = if change.breaking { "**breaking** " } else { "" };
    let _ = write!(out, "- {prefix}{breaking}`{}`", change.kind);
    if let Some(field) = &change.field {
        let _ = write!(out, " `{}`", md_code(field));
    }
    if !change.is_prose()
        && let Some(values) = values(change)
    {
        let _ = write!(out, ": `{}`", md_code(&values));
    }
    let _ = writeln!(out, " ({}): {}", lines(change), md_escape(change.reason));
    if change.is_prose() {
        // The word diff as a quote inside the list item.
        let _ = writeln!(out, "  > {}", markdown_words(change));
    }
}

fn markdown_words(change: &Change) -> String {
    let mut out = String::new();
    for piece in prose_diff(change) {
        let text = md_escape(&piece.text);
        match piece.side {
            Side::Both => out.push_str(&text),
            Side::Removed => {
                let _ = write!(out, "<del>{text}</del>");
            }
            Side::Added => {
                let _ = write!(out, "<ins>{text}</ins>");
            }
        }
    }
    out
}

/// Text for a Markdown code span: backticks would end it, so they become quotes.
pub(super) fn md_code(text: &str) -> String {
    text.replace('`', "'")
}

/// Text for Markdown prose: characters that format or that HTML reads are escaped.
pub(super) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

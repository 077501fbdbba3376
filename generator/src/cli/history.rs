//! `qmpgen history FILE|DIR... [--format text|json|markdown] [--docs] [--event NAME]
//! [--fail-on breaking]`: the timeline of QEMU's descriptions of its events over many versions,
//! in any format.
//!
//! A folder is one series of versions, read in its `INDEX.tsv` order when it has one (with each
//! version's `qemu_release` where the index gives it), else its `*.txt` files by name; files
//! given one by one are a series of their own. Series are merged by release when every version
//! has one ([`qmpgen::history::order`]), else follow each other as given.
//! Exit codes: 0 fine, 1 when an `--event` names no event any version documents (the others are
//! still shown; the missing ones are named on stderr with near names) or, with `--fail-on
//! breaking`, when a change is breaking; 2 trouble (bad arguments, an unreadable file or index,
//! a document with errors: all of them are reported).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use qmp_events_runtime::Count;
use qmpgen::diff::Options;
use qmpgen::history::index::{self, Version};
use qmpgen::history::order::{self, same_release};
use qmpgen::history::{EventHistory, History, Since, Step, VersionSpan};
use qmpgen::model::Schema;

use super::diff::{
    DIM, EVENT, FailOn, markdown_change, md_code, md_escape, refuse_errors, text_change,
};
use super::input::{Trouble, display_name, is_stdio, load_reported, stdin_at_most_once};
use super::{ReportFormat, exit_code};
use qmpgen::suggest::near;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The versions, oldest first: files of any format, and folders of them (each read in its
    /// INDEX.tsv order; several folders are merged by QEMU release).
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
    /// Exit 1 when a change of this severity is in the timeline (of the events shown).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

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
    // A QEMU's introspection names its own version: its release, where no index gives one.
    let mut series: Vec<Vec<(Version, Schema)>> = Vec::new();
    for (mut version, document) in versions.into_iter().zip(&documents) {
        let schema = document.schema();
        if version.release.is_none() {
            version.release = schema.source.qemu.as_deref().and_then(order::release_of);
        }
        match series.get_mut(version.series) {
            Some(versions) => versions.push((version, schema)),
            None => series.push(vec![(version, schema)]),
        }
    }
    let (versions, specs): (Vec<Version>, Vec<Schema>) = order::merge(series).into_iter().unzip();
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
    let fails = match args.fail_on {
        Some(FailOn::Breaking) => breaking(&history) > 0,
        None => false,
    };
    Ok(exit_code(false, not_found || fails))
}

/// How many changes of the timeline break clients.
fn breaking(history: &History) -> usize {
    history
        .events
        .iter()
        .flat_map(|event| &event.changes)
        .filter(|step| step.breaking())
        .count()
}

/// The versions to read and their files, as given: each folder a series (by its index, else its
/// `*.txt` by name), files given one after the other a series of their own.
fn sources(paths: &[PathBuf]) -> Result<Vec<(Version, PathBuf)>, String> {
    let mut series: Vec<Vec<(Version, PathBuf)>> = Vec::new();
    let mut files_series = false;
    for path in paths {
        if path.is_dir() {
            series.push(index::folder(path)?);
            files_series = false;
            continue;
        }
        // Standard input is named as diagnostics name it.
        let name = match path.file_name() {
            Some(name) if !is_stdio(path) => name.to_string_lossy().into_owned(),
            _ => display_name(path),
        };
        let version = (Version::from_file(&name), path.clone());
        match series.last_mut() {
            Some(files) if files_series => files.push(version),
            _ => series.push(vec![version]),
        }
        files_series = true;
    }
    // Each version knows its series; they are merged once read (a version's release may come
    // from the document itself).
    let mut sources: Vec<(Version, PathBuf)> = series
        .into_iter()
        .enumerate()
        .flat_map(|(position, versions)| {
            versions.into_iter().map(move |(mut version, path)| {
                version.series = position;
                (version, path)
            })
        })
        .collect();
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
            spans_released(history, &event.spans)
        );
        if !event.gaps.is_empty() {
            let _ = writeln!(out, "  gaps: {}", spans_released(history, &event.gaps));
        }
        if let Some(since) = since_text(&event.since) {
            let _ = writeln!(out, "  since {since}");
        }
        if !event.fields.is_empty() {
            let _ = writeln!(out, "  fields:");
            let width = event.fields.iter().map(|f| f.path.len()).max().unwrap_or(0);
            let spans: Vec<String> = event.fields.iter().map(|f| spans_text(&f.spans)).collect();
            let spans_width = spans.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            for (field, spans) in event.fields.iter().zip(&spans) {
                let line = match since_text(&field.since) {
                    Some(since) => format!("{spans:spans_width$}  since {since}"),
                    None => spans.clone(),
                };
                let _ = writeln!(out, "    {:width$}  {}", field.path, line);
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
                    if let Some(label) = &step.still_documented_in {
                        let _ = writeln!(
                            out,
                            "          {DIM}still documented in {label}: not breaking for the timeline{DIM:#}"
                        );
                    }
                }
            }
        }
        out.push('\n');
    }
    let differences = since_differences(history);
    if !differences.is_empty() {
        let _ = writeln!(
            out,
            "Documented and derived since differ for {}:",
            Count::new(differences.len(), "item")
        );
        for (item, since) in &differences {
            let _ = writeln!(out, "  {item}: {}", since_text(since).unwrap_or_default());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(history));
    out
}

/// `2.1`, `0.12 (documented)`, `2.1 (documented 2.1.0)`, `5.2 (documented 2.10; no version
/// between 2.9 and 5.2)`, or `2.1, documented "Since: 0.12": they differ`; `None` when neither
/// is known.
fn since_text(since: &Since) -> Option<String> {
    match (&since.documented, &since.derived) {
        (None, None) => None,
        (None, Some(derived)) => Some(derived.clone()),
        (Some(documented), None) => Some(format!("{documented} (documented)")),
        (Some(documented), Some(derived)) if since.differ => Some(format!(
            "{derived}, documented \"Since: {documented}\": they differ"
        )),
        (Some(documented), Some(derived)) if same_release(documented, derived) => {
            Some(format!("{derived} (documented {documented})"))
        }
        // The documented release falls where the history has no version.
        (Some(documented), Some(derived)) => Some(match &since.after {
            Some(after) => format!(
                "{derived} (documented {documented}; no version between {after} and {derived})"
            ),
            None => format!("{derived} (documented {documented}; no version before {derived})"),
        }),
    }
}

/// The events and members whose documented since differs from the derived one, by name
/// (`POWERDOWN`, `BLOCK_JOB_READY.speed`).
fn since_differences(history: &History) -> Vec<(String, &Since)> {
    let mut differences = Vec::new();
    for event in &history.events {
        if event.since.differ {
            differences.push((event.name.clone(), &event.since));
        }
        for field in event.fields.iter().filter(|field| field.since.differ) {
            differences.push((format!("{}.{}", event.name, field.path), &field.since));
        }
    }
    differences
}

/// `113 versions, 001 (2009-12-03, QEMU 0.12) … 113 (2017-01-16, QEMU 2.9)`.
fn versions_line(history: &History) -> String {
    let name = |version: &Version| {
        let about: Vec<String> = [
            version.date.clone(),
            version
                .release
                .as_ref()
                .map(|release| format!("QEMU {release}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if about.is_empty() {
            version.label.clone()
        } else {
            format!("{} ({})", version.label, about.join(", "))
        }
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

/// `12 events, 418 changes between consecutive versions (37 breaking)`.
fn summary(history: &History) -> String {
    let changes: usize = history.events.iter().map(|event| event.changes.len()).sum();
    format!(
        "{}, {} between consecutive versions ({} breaking)",
        Count::new(history.events.len(), "event"),
        Count::new(changes, "change"),
        breaking(history)
    )
}

/// ` (QEMU 2.1) — qmp: add DEVICE_TRAY_MOVED event` for a version with a release and a
/// subject, either part alone, else nothing.
fn subject(history: &History, label: &str) -> String {
    let Some(version) = version(history, label) else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(release) = &version.release {
        let _ = write!(out, " (QEMU {release})");
    }
    if let Some(subject) = &version.subject {
        let _ = write!(out, " — {subject}");
    }
    out
}

fn version<'a>(history: &'a History, label: &str) -> Option<&'a Version> {
    history
        .versions
        .iter()
        .find(|version| version.label == label)
}

/// `011–040 (0.13–0.15), 058–089 (2.1–2.9)`: [`spans_text`] with the releases of each run, when
/// the versions have them.
fn spans_released(history: &History, spans: &[VersionSpan]) -> String {
    let release = |label: &str| version(history, label).and_then(|v| v.release.as_deref());
    let runs: Vec<String> = spans
        .iter()
        .map(|span| {
            let run = spans_text(std::slice::from_ref(span));
            match (release(&span.first), release(&span.last)) {
                (Some(first), Some(last)) if first == last => format!("{run} ({first})"),
                (Some(first), Some(last)) => format!("{run} ({first}–{last})"),
                _ => run,
            }
        })
        .collect();
    if runs.is_empty() {
        spans_text(spans)
    } else {
        runs.join(", ")
    }
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
    let _ = write!(
        out,
        "Documented in {}",
        spans_released(history, &event.spans)
    );
    if !event.gaps.is_empty() {
        let _ = write!(out, " (gaps: {})", spans_released(history, &event.gaps));
    }
    out.push('.');
    if let Some(since) = since_text(&event.since) {
        let _ = write!(out, " Since {}.", md_escape(&since));
    }
    out.push_str("\n\n");
    if !event.fields.is_empty() {
        // A Since column only when the history knows since when for some member.
        let since = event
            .fields
            .iter()
            .any(|field| since_text(&field.since).is_some());
        out.push_str(if since {
            "| Field | Documented in | Since |\n|---|---|---|\n"
        } else {
            "| Field | Documented in |\n|---|---|\n"
        });
        for field in &event.fields {
            let _ = write!(
                out,
                "| `{}` | {} |",
                md_code(&field.path),
                spans_text(&field.spans)
            );
            if since {
                let _ = write!(
                    out,
                    " {} |",
                    md_escape(&since_text(&field.since).unwrap_or_default())
                );
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for step in &event.changes {
        let still = match &step.still_documented_in {
            Some(label) => format!(" (still documented in {})", md_escape(label)),
            None => String::new(),
        };
        let prefix = format!(
            "**{}**{}{still}: ",
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

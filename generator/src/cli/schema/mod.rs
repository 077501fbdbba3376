//! `qmpgen schema FILE [--format json|text]`: the model of a document (for a QAPI schema, the
//! event-centric view of [`events`]); `qmpgen schema --socket PATH|--tcp HOST:PORT [-o FILE]`:
//! a live QEMU's own schema, saved ([`live`]).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Args};
use qmp_events_runtime::Count;
use qmp_events_runtime::client::Address;
use qmpgen::text::model::{Data, Field, Spec};

use qmpgen::document::Contents;

use super::Format;
use super::input::{Trouble, load, report_parse};

mod events;
mod live;

#[derive(Debug, Args)]
#[command(group = ArgGroup::new("source").required(true).args(["file", "socket", "tcp"]))]
#[command(group = ArgGroup::new("live").args(["socket", "tcp"]))]
pub struct SchemaArgs {
    /// The document (a version of qmp-events.txt, a QAPI schema or a QEMU's introspection), or `-`
    /// for standard input.
    file: Option<PathBuf>,
    /// `json` (the model, a stable contract) or `text` (a tree for people).
    #[arg(long, value_enum, default_value_t = Format::Text, conflicts_with = "live")]
    format: Format,
    /// Ask the QEMU at this QMP unix socket (`-qmp unix:PATH,server=on,wait=off`) for its
    /// schema (`query-qmp-schema`) and write it as introspection JSON:
    /// `{"qemu": <version>, "schema": [...]}`.
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// Like `--socket`, for QEMU's QMP TCP address (`-qmp tcp:HOST:PORT,server=on,wait=off`).
    #[arg(long, value_name = "HOST:PORT")]
    tcp: Option<String>,
    /// With `--socket` or `--tcp`: write the schema to this file instead of standard output
    /// (`-` is standard output).
    #[arg(short, long, value_name = "FILE", requires = "live")]
    output: Option<PathBuf>,
}

pub fn run(args: SchemaArgs) -> Result<ExitCode, Trouble> {
    let file = match (args.file, args.socket, args.tcp) {
        (_, Some(path), _) => return live::save(Address::Unix(path), args.output.as_deref()),
        (_, None, Some(address)) => {
            return live::save(Address::Tcp(address), args.output.as_deref());
        }
        (Some(file), None, None) => file,
        (None, None, None) => unreachable!("clap requires FILE, --socket or --tcp"),
    };
    let document = load(&file)?;
    report_parse(&document);
    let out = match (&document.contents, args.format) {
        (Contents::Text { parsed, .. }, Format::Json) => json(&parsed.spec)?,
        (Contents::Text { parsed, .. }, Format::Text) => tree(&parsed.spec),
        (Contents::Qapi { .. } | Contents::Introspection { .. }, Format::Json) => {
            json(&events::view(&document.schema()))?
        }
        (Contents::Qapi { .. } | Contents::Introspection { .. }, Format::Text) => {
            events::tree(&events::view(&document.schema()))
        }
    };
    anstream::print!("{out}");
    Ok(if document.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Pretty-printed JSON, ending with a newline.
fn json(value: &impl serde::Serialize) -> Result<String, Trouble> {
    let mut json =
        serde_json::to_string_pretty(value).map_err(|error| Trouble::Output(error.to_string()))?;
    json.push('\n');
    Ok(json)
}

/// The model as an indented tree: events, their data and fields, types and values.
pub fn tree(spec: &Spec) -> String {
    let mut out = String::new();
    let title = spec
        .title
        .as_ref()
        .map_or("(untitled)", |title| title.text.as_str());
    let _ = writeln!(out, "{title}: {}", Count::new(spec.events.len(), "event"));
    for event in &spec.events {
        let _ = writeln!(out, "\n{}  (line {})", event.name, event.span.line);
        if let Some(description) = &event.description {
            let first = description.text.lines().next().unwrap_or_default();
            let _ = writeln!(out, "  {first}");
        }
        match &event.data {
            Data::Unspecified => {
                let _ = writeln!(out, "  data: not documented");
            }
            Data::None { .. } => {
                let _ = writeln!(out, "  data: none");
            }
            Data::Fields { declared_none, .. } => {
                let note = if declared_none.is_some() {
                    " (the document also says `Data: None.`)"
                } else {
                    ""
                };
                let _ = writeln!(out, "  data:{note}");
                for field in &event.fields {
                    field_tree(&mut out, field, 2);
                }
            }
            Data::Reference { type_name, .. } => {
                let _ = writeln!(out, "  data: {type_name} (documented elsewhere)");
            }
            Data::Prose { text, .. } => {
                let _ = writeln!(out, "  data (prose): {}", text.replace('\n', " "));
            }
        }
        let valid = event
            .examples
            .iter()
            .filter(|example| example.json().is_some())
            .count();
        let _ = writeln!(
            out,
            "  examples: {} ({valid} valid JSON), notes: {}",
            event.examples.len(),
            event.notes.len()
        );
    }
    out
}

fn field_tree(out: &mut String, field: &Field, depth: usize) {
    let indent = "  ".repeat(depth);
    let unknown;
    let ty = match (&field.ty, field.unknown_type()) {
        (Some(ty), _) => ty.as_str(),
        (None, Some(word)) => {
            unknown = format!("any (unknown annotation `{}`)", word.text);
            &unknown
        }
        (None, None) => "(no type)",
    };
    let inferred = if field.type_inferred {
        " (inferred)"
    } else {
        ""
    };
    let optional = if field.optional { ", optional" } else { "" };
    let _ = write!(out, "{indent}- {}: {ty}{inferred}{optional}", field.name);
    let values = values(field.values.iter().map(|value| value.name.as_str()));
    let _ = writeln!(out, "{values}  (line {})", field.span.line);
    for member in &field.fields {
        field_tree(out, member, depth + 1);
    }
}

/// An enum's values as the trees show them after a field's type: ` = "read" | "write"`, or
/// nothing without values.
fn values<'v>(names: impl Iterator<Item = &'v str>) -> String {
    let quoted: Vec<String> = names.map(|name| format!("\"{name}\"")).collect();
    if quoted.is_empty() {
        return String::new();
    }
    format!(" = {}", quoted.join(" | "))
}

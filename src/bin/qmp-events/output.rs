//! Printing each message's report and the summary, as text (coloured on a terminal, unless
//! `NO_COLOR`) or as JSON lines.

use std::io::{self, BufWriter, Stdout, Write};

use anstyle::{AnsiColor, Style};
use qmp_events::runtime::Count;
use qmp_events::{Report, Severity, Violation};
use serde::Serialize;

use crate::args::Format;
use crate::judge::Summary;
use crate::validate::output_error;

const EVENT: Style = Style::new().bold();
const OK: Style = AnsiColor::Green.on_default();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// One message's report in the JSON format: the contract of `--format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    line: u64,
    event: Option<&'a str>,
    valid: bool,
    violations: &'a [Violation],
}

/// Where reports go.
pub struct Printer {
    format: Format,
    color: bool,
    out: BufWriter<Stdout>,
    /// Flush after every message (a live stream), not only at the end.
    live: bool,
}

impl Printer {
    /// A printer to stdout; colour only for text on a terminal without `NO_COLOR`.
    pub fn new(format: Format, live: bool) -> Printer {
        let stdout = io::stdout();
        let color = format == Format::Text
            && anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
        Printer {
            format,
            color,
            out: BufWriter::with_capacity(64 * 1024, stdout),
            live,
        }
    }

    /// Prints the report of the message numbered `line`.
    pub fn message(&mut self, line: u64, report: &Report) -> io::Result<()> {
        match self.format {
            Format::Json => {
                let json = JsonReport {
                    line,
                    event: report.event.as_deref(),
                    valid: report.is_valid(),
                    violations: &report.violations,
                };
                serde_json::to_writer(&mut self.out, &json)?;
                self.out.write_all(b"\n")?;
            }
            Format::Text => self.text(line, report)?,
        }
        if self.live {
            self.out.flush()?;
        }
        Ok(())
    }

    fn text(&mut self, line: u64, report: &Report) -> io::Result<()> {
        let name = report.event.as_deref().unwrap_or("(no event name)");
        let styled = self.paint(EVENT, name);
        write!(
            self.out,
            "{}{line}:{} {styled} ",
            self.on(DIM),
            self.off(DIM)
        )?;
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        match (errors, warnings) {
            (0, 0) => writeln!(self.out, "{}", self.paint(OK, "ok"))?,
            _ => {
                let mut parts = Vec::new();
                if errors > 0 {
                    parts.push(self.paint(ERROR, &Count::new(errors, "error").to_string()));
                }
                if warnings > 0 {
                    parts.push(self.paint(WARNING, &Count::new(warnings, "warning").to_string()));
                }
                writeln!(self.out, "{}", parts.join(", "))?;
            }
        }
        for violation in &report.violations {
            let style = match violation.severity {
                Severity::Error => ERROR,
                Severity::Warning => WARNING,
            };
            let head = format!("{}[{}]", violation.severity, violation.kind);
            write!(
                self.out,
                "    {} at {}: {}",
                self.paint(style, &head),
                violation.place(),
                violation.message
            )?;
            if let Some(spec_line) = violation.spec_line {
                write!(
                    self.out,
                    " {}",
                    self.paint(DIM, &format!("(documented at line {spec_line})"))
                )?;
            }
            writeln!(self.out)?;
        }
        Ok(())
    }

    /// Prints the summary: after the reports in text, on stderr with JSON (stdout stays
    /// one object a line).
    pub fn summary(&mut self, summary: &Summary) -> io::Result<()> {
        self.out.flush()?;
        match self.format {
            Format::Text => {
                write!(self.out, "{}", self.paint(EVENT, "summary: "))?;
                write!(self.out, "{summary}")?;
                self.out.flush()
            }
            Format::Json => {
                let mut stderr = io::stderr().lock();
                write!(stderr, "summary: {summary}")?;
                stderr.flush()
            }
        }
    }

    /// Writes what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn paint(&self, style: Style, text: &str) -> String {
        format!("{}{text}{}", self.on(style), self.off(style))
    }

    fn on(&self, style: Style) -> String {
        if self.color {
            style.render().to_string()
        } else {
            String::new()
        }
    }

    fn off(&self, style: Style) -> String {
        if self.color {
            style.render_reset().to_string()
        } else {
            String::new()
        }
    }
}

/// Whether stdout is still read after a write: `Ok(false)` when its reader went away (a closed
/// pipe, as in `qmp-events validate FILE | head -1`). Like `grep` or `rg` in a pipe, the command
/// then stops quietly and exits by what it judged so far; other write errors are trouble.
pub fn still_open(written: io::Result<()>) -> Result<bool, String> {
    match written {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(output_error(error)),
    }
}

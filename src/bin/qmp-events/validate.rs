//! `qmp-events validate FILE|-`: judge a captured stream line by line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use qmp_events::runtime::Unreadable;

use crate::args::{Spec, Validate};
use crate::document::Document;
use crate::judge::{Judged, Summary, judge};
use crate::output::{Printer, still_open};

/// A line buffer that grew past this for one long message is shrunk back afterwards, so that
/// memory stays flat over a long stream.
const KEPT_CAPACITY: usize = 1 << 20;

/// Judges every line of the file; the summary tells whether any message had an error.
pub fn run(args: &Validate) -> Result<Summary, String> {
    let document = match &args.judging.spec {
        Some(Spec::File(path)) => Document::read(path)?,
        // `Cli::parse_checked` refuses `validate --spec live`: there is no QEMU to ask.
        Some(Spec::Live) => unreachable!("validate --spec live is a usage error"),
        None => Document::Bundled,
    };
    let name = args.file.display().to_string();
    let input: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(open(&args.file, &name)?)
    };
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut printer = Printer::new(args.judging.format, false);
    let mut summary = Summary::default();
    let mode = args.judging.mode();
    let mut line = Vec::new();
    let mut number = 0_u64;
    loop {
        line.clear();
        if line.capacity() > KEPT_CAPACITY {
            line.shrink_to(KEPT_CAPACITY);
        }
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|error| format!("{name}: line {}: {error}", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        let text = trim_line_end(&line);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let judged = judge(&document, text, mode);
        summary.add(&judged);
        if let Judged::Message(report) = &judged
            && !still_open(printer.message(number, report))?
        {
            // Nobody reads the reports any more (`| head`): stop, judged by what was read.
            return Ok(summary);
        }
    }
    still_open(printer.summary(&summary))?;
    Ok(summary)
}

/// Opens the file to read. A directory opens on unix but fails at the first read: it is named
/// as what it is, before any line is read.
fn open(path: &Path, name: &str) -> Result<File, String> {
    let unreadable = |error: io::Error| Unreadable::new(name, &error).to_string();
    let file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(unreadable(io::ErrorKind::IsADirectory.into()));
    }
    Ok(file)
}

/// The line without its `\n` or `\r\n`.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A failed write to stdout (a full disk; a closed pipe is not an error, see
/// [`still_open`]).
pub fn output_error(error: io::Error) -> String {
    format!("writing the output: {error}")
}

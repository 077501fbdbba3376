//! `qmp-events watch`: judge a live QEMU's events as they arrive.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use qmp_events::client::{ClientError, Connect};

use crate::args::{Spec, Watch};
use crate::document::Document;
use crate::judge::{Judged, Summary, judge};
use crate::output::{Printer, still_open};

/// How often the loop looks whether it was asked to stop while no event arrives.
const POLL: Duration = Duration::from_millis(200);

/// Connects, then judges each event until QEMU closes the connection, Ctrl-C (SIGINT), SIGTERM
/// or SIGHUP; each way ends with the summary.
pub fn run(args: &Watch) -> Result<Summary, String> {
    // A file is read before connecting: a document with errors is trouble before any QEMU is
    // involved. `live` is asked once connected, before any event is judged.
    let file = match &args.judging.spec {
        Some(Spec::Live) => None,
        Some(Spec::File(path)) => Some(Document::read(path)?),
        None => Some(Document::Bundled),
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|error| format!("cannot handle Ctrl-C and SIGTERM: {error}"))?;

    let address = args.address();
    let mut client = Connect::new(address.clone())
        .open()
        .map_err(|error| error.to_string())?;
    let document = match file {
        Some(document) => document,
        None => Document::live(&mut client)?,
    };
    anstream::eprintln!(
        "watching {address}: {}; {} mode; judged by {}; Ctrl-C to stop",
        client.greeting(),
        args.judging.mode(),
        document.name()
    );

    let mut printer = Printer::new(args.judging.format, true);
    let mut summary = Summary::default();
    let mode = args.judging.mode();
    let mut number = 0_u64;
    let ending = loop {
        if interrupted.load(Ordering::SeqCst) {
            break "interrupted";
        }
        match client.poll_event(POLL) {
            Ok(Some(received)) => {
                number += 1;
                let judged = judge(&document, received.line.as_bytes(), mode);
                summary.add(&judged);
                if let Judged::Message(report) = &judged
                    && !still_open(printer.message(number, report))?
                {
                    // Nobody reads the reports any more (`| head`): stop watching.
                    return Ok(summary);
                }
            }
            Ok(None) => {}
            Err(ClientError::PeerClosed { .. }) => break "QEMU closed the connection",
            Err(error) => {
                still_open(printer.flush())?;
                return Err(error.to_string());
            }
        }
    };
    if !still_open(printer.flush())? {
        return Ok(summary);
    }
    anstream::eprintln!("{ending}");
    still_open(printer.summary(&summary))?;
    Ok(summary)
}

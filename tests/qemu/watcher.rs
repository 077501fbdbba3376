//! `qmp-events watch --spec live --strict --format json` on a QEMU's second QMP monitor, for
//! the whole session: the CLI judging every event by the schema that QEMU gives.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde_json::Value;

/// A running watcher.
pub struct Watcher {
    child: Child,
    /// Its stderr, a line at a time.
    stderr: Receiver<String>,
    /// Its stdout, whole, once it exits (taken by [`Watcher::finish`]).
    stdout: Option<JoinHandle<String>>,
    /// The first line of its stderr: the banner.
    banner: String,
}

/// What the watcher printed, once QEMU closed the connection.
pub struct Watched {
    /// The first line of its stderr: the banner.
    pub banner: String,
    /// Its exit code.
    pub code: Option<i32>,
    /// One report a judged event (`{"line", "event", "valid", "violations"}`).
    pub reports: Vec<Value>,
    /// Its stderr after the banner (the ending and the summary).
    pub rest: String,
}

impl Watcher {
    /// Starts the watcher on `socket` and waits for its banner, which it prints once it has
    /// QEMU's schema and judges events: from then on, it sees every event.
    pub fn start(socket: &Path) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qmp-events"))
            .args(["watch", "--spec", "live", "--strict", "--format", "json"])
            .arg("--socket")
            .arg(socket)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qmp-events runs");
        let mut out = child.stdout.take().expect("piped stdout");
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            out.read_to_string(&mut text).expect("UTF-8 reports");
            text
        });
        let (lines, stderr) = mpsc::channel();
        let err = BufReader::new(child.stderr.take().expect("piped stderr"));
        thread::spawn(move || {
            for line in err.lines() {
                // The test may have stopped listening (a failed assertion): nothing to do.
                if lines.send(line.expect("UTF-8 stderr")).is_err() {
                    return;
                }
            }
        });
        let banner = match stderr.recv_timeout(Duration::from_secs(60)) {
            Ok(banner) => banner,
            Err(error) => {
                let _ = child.kill();
                panic!("the watcher printed no banner ({error})");
            }
        };
        Watcher {
            child,
            stderr,
            stdout: Some(stdout),
            banner,
        }
    }

    /// Waits for the watcher to end (QEMU closed the connection), at most `timeout`.
    pub fn finish(mut self, timeout: Duration) -> Watched {
        let mut rest = String::new();
        // The stderr thread ends when the watcher closes it, at exit.
        loop {
            match self.stderr.recv_timeout(timeout) {
                Ok(line) => {
                    rest.push_str(&line);
                    rest.push('\n');
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!("the watcher did not end within {timeout:?}; stderr:\n{rest}");
                }
            }
        }
        let status = self.child.wait().expect("the watcher's status");
        let stdout = self
            .stdout
            .take()
            .expect("finished once")
            .join()
            .expect("stdout read");
        let reports = stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect();
        Watched {
            banner: std::mem::take(&mut self.banner),
            code: status.code(),
            reports,
            rest,
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        // Gone already after `finish`; a failing test must not leave it behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

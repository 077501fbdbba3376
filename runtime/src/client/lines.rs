//! Reading QMP's newline-terminated JSON lines from a stream without ever dropping bytes.

use std::io::{self, BufRead, BufReader, Read};

/// What one attempt to read a line gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// A complete line, without its `\n` or `\r\n`.
    Line(String),
    /// The peer closed the stream; nothing is pending.
    Closed,
}

/// Splits a byte stream into lines.
///
/// The bytes of an unfinished line stay in `partial` when a read times out or is interrupted,
/// so the next call continues where this one stopped: a timeout never loses or splits a
/// message. Lines may be of any length (QEMU sends some of hundreds of KB); the buffer is reused.
pub(crate) struct LineReader<R> {
    inner: BufReader<R>,
    partial: Vec<u8>,
}

impl<R: Read> LineReader<R> {
    /// A reader over `inner`.
    pub(crate) fn new(inner: R) -> Self {
        LineReader {
            inner: BufReader::with_capacity(64 * 1024, inner),
            partial: Vec::new(),
        }
    }

    /// The underlying stream (to change its timeout).
    pub(crate) fn get_ref(&self) -> &R {
        self.inner.get_ref()
    }

    /// Reads the next line. A timeout or other I/O error is returned as it is, with the bytes
    /// read so far kept for the next call. At the end of the stream an unterminated last line
    /// is still returned as a line (a peer that closes mid-message loses nothing we received).
    pub(crate) fn read_line(&mut self) -> io::Result<LineRead> {
        loop {
            let start = self.partial.len();
            let read = match self.inner.read_until(b'\n', &mut self.partial) {
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if let Some(outcome) = after_read(&mut self.partial, start, read) {
                return Ok(outcome);
            }
        }
    }
}

/// What one `read_until(b'\n', partial)` that appended `read` bytes after `start` leaves: a
/// line, the end of the stream, or nothing yet (`None`: a blank line, skipped, or a line still
/// coming). Shared by the blocking reader and the tokio client, which differ only in how they
/// read.
pub(crate) fn after_read(partial: &mut Vec<u8>, start: usize, read: usize) -> Option<LineRead> {
    let terminated = partial.last() == Some(&b'\n') && partial.len() > start;
    if read == 0 && !terminated {
        if partial.is_empty() {
            return Some(LineRead::Closed);
        }
        return Some(LineRead::Line(take_line(partial)));
    }
    if !terminated {
        return None;
    }
    let line = take_line(partial);
    // QMP allows blank lines between messages; they carry nothing.
    (!line.trim().is_empty()).then_some(LineRead::Line(line))
}

/// Removes the pending bytes as one line, without its terminator. Invalid UTF-8 is kept
/// visible (replacement characters) so that validation reports it as not JSON.
fn take_line(partial: &mut Vec<u8>) -> String {
    while matches!(partial.last(), Some(b'\n' | b'\r')) {
        partial.pop();
    }
    let line = String::from_utf8_lossy(partial).into_owned();
    partial.clear();
    if partial.capacity() > 1024 * 1024 {
        // One huge message should not pin its buffer for the rest of the session.
        partial.shrink_to(64 * 1024);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives its chunks one per call, with a timeout between some of them.
    struct Chunks(Vec<Option<&'static [u8]>>);

    impl Read for Chunks {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            match self.0.remove(0) {
                Some(chunk) => {
                    buf[..chunk.len()].copy_from_slice(chunk);
                    Ok(chunk.len())
                }
                None => Err(io::Error::new(io::ErrorKind::WouldBlock, "timed out")),
            }
        }
    }

    #[test]
    fn a_timeout_mid_line_keeps_the_bytes_read_so_far() {
        let mut reader = LineReader::new(Chunks(vec![
            Some(b"{\"event\": "),
            None,
            Some(b"\"STOP\"}\r\n{\"ret"),
            Some(b"urn\": {}}\n"),
        ]));
        let error = reader.read_line().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::WouldBlock);
        assert_eq!(
            reader.read_line().unwrap(),
            LineRead::Line("{\"event\": \"STOP\"}".to_owned())
        );
        assert_eq!(
            reader.read_line().unwrap(),
            LineRead::Line("{\"return\": {}}".to_owned())
        );
        assert_eq!(reader.read_line().unwrap(), LineRead::Closed);
    }

    #[test]
    fn blank_lines_are_skipped_and_an_unterminated_last_line_is_kept() {
        let mut reader = LineReader::new(Chunks(vec![Some(b"\r\n\n{\"a\": 1}\n{\"b\"")]));
        assert_eq!(
            reader.read_line().unwrap(),
            LineRead::Line("{\"a\": 1}".to_owned())
        );
        assert_eq!(
            reader.read_line().unwrap(),
            LineRead::Line("{\"b\"".to_owned())
        );
        assert_eq!(reader.read_line().unwrap(), LineRead::Closed);
    }
}

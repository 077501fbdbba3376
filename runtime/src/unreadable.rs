//! Why a file named on a command line cannot be read, in the same words in both tools
//! (`qmp-events validate`, every `qmpgen` command): `NAME: cannot read: REASON`.

use std::fmt;
use std::io;

/// A file that could not be read, displayed as `NAME: cannot read: REASON`; a directory is
/// named as one (`is a directory, not a file`) rather than by the system's error text.
///
/// ```
/// use qmp_events_runtime::Unreadable;
///
/// let error = std::io::Error::from(std::io::ErrorKind::IsADirectory);
/// assert_eq!(
///     Unreadable::new("/tmp", &error).to_string(),
///     "/tmp: cannot read: is a directory, not a file"
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Unreadable<'a> {
    name: &'a str,
    error: &'a io::Error,
}

impl<'a> Unreadable<'a> {
    /// The file as the user named it and the error met reading it.
    pub fn new(name: &'a str, error: &'a io::Error) -> Self {
        Unreadable { name, error }
    }
}

impl fmt::Display for Unreadable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot read: ", self.name)?;
        if self.error.kind() == io::ErrorKind::IsADirectory {
            f.write_str("is a directory, not a file")
        } else {
            write!(f, "{}", self.error)
        }
    }
}

//! The `timestamp` member of every QMP event message.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// When QEMU emitted an event: `{"seconds": s, "microseconds": us}`, the time since the Unix
/// epoch as seconds and the microseconds within that second.
///
/// ```
/// use qmp_events_runtime::timestamp::Timestamp;
///
/// let timestamp: Timestamp =
///     serde_json::from_str(r#"{"seconds": 1265044230, "microseconds": 450486}"#).unwrap();
/// assert_eq!(timestamp, Timestamp::new(1265044230, 450486));
/// assert_eq!(
///     serde_json::to_string(&timestamp).unwrap(),
///     r#"{"seconds":1265044230,"microseconds":450486}"#
/// );
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch.
    pub seconds: i64,
    /// Microseconds within the second (0 to 999999 when QEMU's clock works).
    pub microseconds: i64,
}

impl Timestamp {
    /// A timestamp of `seconds` and `microseconds`.
    pub const fn new(seconds: i64, microseconds: i64) -> Self {
        Timestamp {
            seconds,
            microseconds,
        }
    }

    /// The moment as a [`SystemTime`], or `None` when it lies before the epoch or the
    /// microseconds are out of range (QEMU sends `-1` for both when its clock fails).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use qmp_events_runtime::timestamp::Timestamp;
    ///
    /// let at = Timestamp::new(2, 500_000).to_system_time();
    /// assert_eq!(at, Some(UNIX_EPOCH + Duration::from_micros(2_500_000)));
    /// assert_eq!(Timestamp::new(-1, -1).to_system_time(), None);
    /// ```
    pub fn to_system_time(self) -> Option<SystemTime> {
        let seconds = u64::try_from(self.seconds).ok()?;
        let micros = u32::try_from(self.microseconds)
            .ok()
            .filter(|micros| *micros < 1_000_000)?;
        UNIX_EPOCH.checked_add(Duration::new(seconds, micros * 1_000))
    }
}

//! Readable names for masked types, from where they are first used.

use crate::names::camel_case;

/// Whether QEMU masked the name (`"123"`): every defined type but the built-ins, unless QEMU was
/// asked not to.
pub(super) fn is_masked(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_digit())
}

/// The name of an event's data, as QAPI names an event's inline data.
pub(super) fn event_data(event: &str) -> String {
    format!("q_obj_{event}-arg")
}

/// The stem that names what an event's data holds (`SHUTDOWN` → `Shutdown`).
pub(super) fn event_stem(event: &str) -> String {
    camel_case(event)
}

/// The stem that names what a type holds: its own name, in CamelCase.
pub(super) fn type_stem(name: &str) -> String {
    camel_case(name)
}

/// The name of a type used by `owner`'s part `part` (a member, a union's case):
/// `Shutdown` + `reason` → `ShutdownReason`.
pub(super) fn part(owner: &str, part: &str) -> String {
    format!("{owner}{}", camel_case(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_names_are_numbers() {
        assert!(is_masked("0"));
        assert!(is_masked("291"));
        assert!(!is_masked("int"));
        assert!(!is_masked("[291]"));
        assert!(!is_masked(""));
    }

    #[test]
    fn parts_are_named_after_their_owner() {
        assert_eq!(part(&event_stem("SHUTDOWN"), "reason"), "ShutdownReason");
        assert_eq!(part("BlockJobError", "io-status"), "BlockJobErrorIoStatus");
        assert_eq!(event_data("STOP"), "q_obj_STOP-arg");
    }
}

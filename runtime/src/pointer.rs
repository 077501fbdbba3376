//! JSON pointers (RFC 6901), as reports name the place of a violation (`/data/a~1b`).
//!
//! The one escaping rule for every pointer the project writes: the validators' reports here, and
//! qmpgen's lint findings and JSON Schema references.

/// Appends `token` to `pointer` as one more reference token: `/`, then `token` with `~` written
/// `~0` and `/` written `~1`.
///
/// ```
/// let mut pointer = String::from("/data");
/// qmp_events_runtime::pointer::push_token(&mut pointer, "a/b~c");
/// assert_eq!(pointer, "/data/a~1b~0c");
/// ```
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

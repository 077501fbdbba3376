//! One timeline from several series of versions (history folders, or files given one by one),
//! and QEMU release numbers compared as numbers.
//!
//! Series may overlap in time: QEMU described its events in `qmp-events.txt` until 2017 and in
//! the QAPI schema from 2.1 (2014) on, both kept up to date in between. When every version says
//! which QEMU release first has it, the series are merged by release (each series keeps its own
//! order); versions of one release keep the order the series were given in, so a release's
//! schema, taken at its release commit (the end of that release's development), comes after the
//! text versions of the same release when the text's folder is given first. Without releases the
//! series follow each other as given.

use super::index::Version;

/// A release's numbers, for comparing (`2.10` after `2.9`; `1.0.0` the same as `1.0`): the first
/// run of digits and dots in `release`, so that `Since:` as written (`QEMU 2.1.`, `v8.0`,
/// `2.12 (as 'foo')`) compares too. `None` when it names no number.
///
/// ```
/// use qmpgen::history::order::release_key;
/// assert!(release_key("2.10") > release_key("2.9"));
/// assert_eq!(release_key("QEMU 1.0.0."), release_key("1.0"));
/// assert_eq!(release_key("unreleased"), None);
/// ```
pub fn release_key(release: &str) -> Option<Vec<u64>> {
    let start = release.find(|c: char| c.is_ascii_digit())?;
    let digits = &release[start..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(digits.len());
    let mut key: Vec<u64> = digits[..end]
        .split('.')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().unwrap_or(u64::MAX))
        .collect();
    while key.len() > 1 && key.last() == Some(&0) {
        key.pop();
    }
    Some(key)
}

/// The release (`major.minor`) of a QEMU version as a running QEMU names itself: `10.0.2 (Debian
/// 1:10.0.2+ds-2)` is release `10.0`. `None` when it names no number.
///
/// ```
/// use qmpgen::history::order::release_of;
/// assert_eq!(release_of("10.0.2 (Debian 1:10.0.2+ds-2)").as_deref(), Some("10.0"));
/// assert_eq!(release_of("7").as_deref(), Some("7"));
/// ```
pub fn release_of(qemu: &str) -> Option<String> {
    let start = qemu.find(|c: char| c.is_ascii_digit())?;
    let parts: Vec<&str> = qemu[start..]
        .split(|c: char| !c.is_ascii_digit())
        .take(2)
        .take_while(|part| !part.is_empty())
        .collect();
    Some(parts.join("."))
}

/// Whether two releases name the same QEMU (`2.1` and `2.1.0`, `QEMU 0.12` and `0.12`). Words
/// that name no number are compared as written.
pub fn same_release(one: &str, other: &str) -> bool {
    match (release_key(one), release_key(other)) {
        (Some(one), Some(other)) => one == other,
        _ => one.trim() == other.trim(),
    }
}

/// The versions of `series` (each oldest first) as one timeline, each marked with its series'
/// position ([`Version::series`]): merged by release when every version has one, else one
/// series after the other.
///
/// ```
/// use qmpgen::history::index::Version;
/// use qmpgen::history::order::merge;
/// let version = |file: &str, release: &str| Version {
///     release: Some(release.to_owned()),
///     ..Version::from_file(file)
/// };
/// let text = vec![(version("063.txt", "2.1"), ()), (version("065.txt", "2.4"), ())];
/// let qapi = vec![(version("2.1.json", "2.1"), ()), (version("2.3.json", "2.3"), ())];
/// let labels: Vec<String> = merge(vec![text, qapi]).into_iter().map(|(v, _)| v.label).collect();
/// assert_eq!(labels, ["063", "2.1.json", "2.3.json", "065"]);
/// ```
pub fn merge<T>(series: Vec<Vec<(Version, T)>>) -> Vec<(Version, T)> {
    let mut series: Vec<Vec<(Version, T)>> = series
        .into_iter()
        .enumerate()
        .map(|(position, versions)| {
            versions
                .into_iter()
                .map(|(mut version, item)| {
                    version.series = position;
                    (version, item)
                })
                .collect()
        })
        .collect();
    let keys: Option<Vec<Vec<Vec<u64>>>> = series
        .iter()
        .map(|versions| {
            versions
                .iter()
                .map(|(version, _)| version.release.as_deref().and_then(release_key))
                .collect()
        })
        .collect();
    let Some(keys) = keys.filter(|_| series.len() > 1) else {
        return series.into_iter().flatten().collect();
    };
    // Which version of each series is next, and the timeline so far.
    let mut next = vec![0; series.len()];
    let mut order = Vec::with_capacity(keys.iter().map(Vec::len).sum());
    loop {
        // The series whose next version has the lowest release; the first given on a tie.
        let pick = (0..series.len())
            .filter(|&position| next[position] < keys[position].len())
            .min_by(|&a, &b| keys[a][next[a]].cmp(&keys[b][next[b]]).then(a.cmp(&b)));
        let Some(position) = pick else { break };
        order.push((position, next[position]));
        next[position] += 1;
    }
    // Move each version out of its series in the merged order.
    let mut slots: Vec<Vec<Option<(Version, T)>>> = series
        .iter_mut()
        .map(|versions| versions.drain(..).map(Some).collect())
        .collect();
    order
        .into_iter()
        .filter_map(|(position, index)| slots[position][index].take())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(label: &str, release: Option<&str>) -> (Version, ()) {
        (
            Version {
                release: release.map(str::to_owned),
                ..Version::from_file(label)
            },
            (),
        )
    }

    fn labels(versions: Vec<(Version, ())>) -> Vec<(String, usize)> {
        versions
            .into_iter()
            .map(|(version, ())| (version.label, version.series))
            .collect()
    }

    #[test]
    fn without_releases_series_follow_each_other() {
        let merged = merge(vec![
            vec![version("b", Some("2.0")), version("c", None)],
            vec![version("a", Some("1.0"))],
        ]);
        assert_eq!(
            labels(merged),
            [("b".into(), 0), ("c".into(), 0), ("a".into(), 1)]
        );
    }

    #[test]
    fn a_series_keeps_its_own_order() {
        // A series whose index is not in release order is not sorted: it is merged as it is.
        let merged = merge(vec![
            vec![version("t1", Some("1.0")), version("t2", Some("0.9"))],
            vec![version("q1", Some("0.95"))],
        ]);
        assert_eq!(
            labels(merged),
            [("q1".into(), 1), ("t1".into(), 0), ("t2".into(), 0)]
        );
    }

    #[test]
    fn releases_compare_as_numbers() {
        assert!(release_key("0.12") > release_key("0.9"));
        assert!(same_release("Since: 2.1.", "2.1.0"));
        assert!(!same_release("0.12", "2.1"));
        assert!(same_release("unknown", " unknown"));
    }
}

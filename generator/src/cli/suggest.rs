//! "Did you mean …?": the known names nearest to one that was not found.

/// How many suggestions are offered at most.
const MAX_SUGGESTIONS: usize = 3;

/// The known names near `wanted`, nearest first: the same name in another case, else names
/// within a small edit distance (two edits, fewer for short names) once case is set aside.
pub fn near<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_folded = wanted.to_uppercase();
    // One edit per three characters, at least one and at most two: `RESUM` finds `RESUME`,
    // while `STOP` does not suggest every four-letter event.
    let limit = (wanted_folded.chars().count() / 3).clamp(1, 2);
    let mut found: Vec<(usize, &str)> = known
        .into_iter()
        .filter(|name| *name != wanted)
        .filter_map(|name| {
            let distance = strsim::levenshtein(&wanted_folded, &name.to_uppercase());
            (distance <= limit).then_some((distance, name))
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    // The same name in another case is surely what was meant: offer it alone.
    if found.first().is_some_and(|(distance, _)| *distance == 0) {
        found.retain(|(distance, _)| *distance == 0);
    }
    found
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name)
        .collect()
}

/// ` (did you mean RESUME?)`, ` (did you mean STOP or STOPPED?)`, or nothing.
pub fn did_you_mean(suggestions: &[&str]) -> String {
    match suggestions.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" (did you mean {last}?)"),
        Some((last, rest)) => format!(" (did you mean {} or {last}?)", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [&str; 4] = ["RESUME", "RESET", "STOP", "SHUTDOWN"];

    #[test]
    fn finds_another_case_and_near_spellings() {
        assert_eq!(near("resume", EVENTS), ["RESUME"]);
        assert_eq!(near("RESUM", EVENTS), ["RESUME"]);
        assert_eq!(near("RESUEM", EVENTS), ["RESET", "RESUME"]);
        assert_eq!(near("reset", ["RESET", "RESETS"]), ["RESET"]);
        assert!(near("NOPE", EVENTS).is_empty());
        assert!(near("STOP", EVENTS).is_empty());
    }

    #[test]
    fn words_the_suggestions() {
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&["A"]), " (did you mean A?)");
        assert_eq!(did_you_mean(&["A", "B", "C"]), " (did you mean A, B or C?)");
    }
}

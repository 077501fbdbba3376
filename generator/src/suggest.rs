//! "Did you mean …?": the known names nearest to one that is not known, by one rule for every
//! kind of name (events, lint codes, annotation words).
//!
//! The same name in another case is surely what was meant and is offered alone; otherwise the
//! names whose Jaro similarity to it, case set aside, is above 0.7 (the threshold clap uses for
//! its own suggestions), most similar first.

/// How many suggestions are offered at most.
const MAX_SUGGESTIONS: usize = 3;
/// How similar a name must be to be suggested (clap's threshold).
const THRESHOLD: f64 = 0.7;

/// The known names near `wanted`, nearest first (at most three); `wanted` itself is not one.
pub fn near<'k>(wanted: &str, known: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
    let folded = wanted.to_uppercase();
    let mut found: Vec<(f64, &str)> = known
        .into_iter()
        .filter(|name| *name != wanted)
        .filter_map(|name| {
            let similarity = strsim::jaro(&folded, &name.to_uppercase());
            (similarity > THRESHOLD).then_some((similarity, name))
        })
        .collect();
    // Most similar first; equally similar ones in name order, so that the output is stable.
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    found.dedup_by(|a, b| a.1 == b.1);
    if found
        .first()
        .is_some_and(|(similarity, _)| *similarity == 1.0)
    {
        found.retain(|(similarity, _)| *similarity == 1.0);
    }
    found
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name)
        .collect()
}

/// The one known name nearest to `wanted`, if any is near.
pub fn nearest<'k>(wanted: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    near(wanted, known).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [&str; 4] = ["RESUME", "RESET", "STOP", "SHUTDOWN"];

    #[test]
    fn another_case_alone_else_near_spellings_nearest_first() {
        assert_eq!(near("resume", EVENTS), ["RESUME"]);
        assert_eq!(near("reset", ["RESET", "RESETS"]), ["RESET"]);
        assert_eq!(near("RESUM", EVENTS), ["RESUME", "RESET"]);
        assert_eq!(near("RESUEM", EVENTS), ["RESUME", "RESET"]);
        assert!(near("NOPE", EVENTS).is_empty());
        assert!(near("RESUME", ["RESUME"]).is_empty());
    }

    #[test]
    fn the_nearest_word() {
        let keywords = crate::text::parse::annotation::KEYWORDS;
        assert_eq!(nearest("operation", keywords), Some("optional"));
        assert_eq!(nearest("json-str", keywords), Some("json-string"));
        assert_eq!(nearest("colour", keywords), None);
        assert_eq!(
            nearest(
                "example-bad-timestmap",
                ["example-bad-timestamp", "example-not-json"]
            ),
            Some("example-bad-timestamp")
        );
    }
}

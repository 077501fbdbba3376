//! A QAPI `if` condition in words, for the rustdoc of the item it guards: "with CONFIG_SPICE",
//! "with CONFIG_A and CONFIG_B", "with CONFIG_A or CONFIG_B", "without CONFIG_X". The
//! generated code never has a `#[cfg]`: the condition is QEMU's build configuration, not the
//! client's, so every item is always there and its rustdoc says when QEMU has it.
//!
//! QEMU 5.2 to 6.1 wrote conditions as C preprocessor expressions
//! (`'defined(CONFIG_SPICE)'`, `'defined(A) && !defined(B)'`), which the model keeps as written
//! in a [`Condition::Name`]; those are read here (with nom) into the same words.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{multispace0, multispace1};
use nom::combinator::{all_consuming, map};
use nom::multi::separated_list1;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use super::docs::{code, escape};
use super::wording;
use crate::model::Condition;

/// `condition` as the end of "Only when QEMU is built …": `with CONFIG_SPICE`,
/// `with CONFIG_A and CONFIG_B`, `without CONFIG_X`.
///
/// ```
/// use qmpgen::codegen::condition::words;
/// use qmpgen::model::Condition;
/// let name = |name: &str| Condition::Name(name.to_owned());
/// assert_eq!(words(&name("CONFIG_SPICE")), "with CONFIG_SPICE");
/// assert_eq!(words(&name("defined(CONFIG_SPICE)")), "with CONFIG_SPICE");
/// assert_eq!(
///     words(&Condition::Any(vec![name("CONFIG_A"), name("CONFIG_B")])),
///     "with CONFIG_A or CONFIG_B"
/// );
/// assert_eq!(words(&Condition::Not(Box::new(name("CONFIG_X")))), "without CONFIG_X");
/// ```
pub fn words(condition: &Condition) -> String {
    phrase(&positive(condition, true))
}

/// A condition with every negation on a name (De Morgan's laws), and the C expressions of QEMU
/// 5.2-6.1 read into conditions; `holds` is false under an odd number of `not`s.
fn positive(condition: &Condition, holds: bool) -> Term {
    match condition {
        Condition::Name(name) => match c_expression(name) {
            Some(read) => positive(&read, holds),
            None => Term::Name {
                name: name.clone(),
                with: holds,
            },
        },
        Condition::Not(inner) => positive(inner, !holds),
        Condition::All(all) | Condition::Any(all) => {
            let terms = all.iter().map(|term| positive(term, holds)).collect();
            // not(all(a, b)) is any(not a, not b), and not(any(…)) all(not …).
            if matches!(condition, Condition::All(_)) == holds {
                Term::All(terms)
            } else {
                Term::Any(terms)
            }
        }
    }
}

/// A condition with negations on names only.
enum Term {
    /// QEMU is built with the name (`with`) or without it.
    Name { name: String, with: bool },
    /// Every term holds.
    All(Vec<Term>),
    /// Some term holds.
    Any(Vec<Term>),
}

/// A term in words, starting with "with" or "without" (or saying that it always or never
/// holds, for an empty list, which QAPI does not allow).
fn phrase(term: &Term) -> String {
    let (terms, conjunction, empty) = match term {
        Term::Name { name, with } => {
            let preposition = if *with { "with" } else { "without" };
            return format!("{preposition} {}", name_words(name));
        }
        Term::All(terms) => (terms, "and", "in any configuration"),
        Term::Any(terms) => (terms, "or", "in no configuration"),
    };
    // Consecutive names of one preposition share it ("with A, B and C"); a nested list is
    // bracketed, so that "and" and "or" never mix unbracketed.
    let mut groups: Vec<(Option<bool>, Vec<String>)> = Vec::new();
    for term in terms {
        match term {
            Term::Name { name, with } => match groups.last_mut() {
                Some((Some(last), names)) if last == with => names.push(name_words(name)),
                _ => groups.push((Some(*with), vec![name_words(name)])),
            },
            nested => groups.push((None, vec![format!("({})", phrase(nested))])),
        }
    }
    let groups: Vec<String> = groups
        .into_iter()
        .map(|(with, items)| {
            let list = wording::list_words(&items, conjunction);
            match with {
                Some(true) => format!("with {list}"),
                Some(false) => format!("without {list}"),
                None => list,
            }
        })
        .collect();
    if groups.is_empty() {
        return empty.to_owned();
    }
    wording::list_words(&groups, conjunction)
}

/// A configuration name as it reads in rustdoc: plain when it is a name (`CONFIG_SPICE`), as
/// code otherwise (an expression that [`c_expression`] could not read).
fn name_words(name: &str) -> String {
    if !name.is_empty() && name.chars().all(is_name_char) {
        escape(name)
    } else {
        code(name)
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A C preprocessor condition of QEMU 5.2-6.1 (`defined(CONFIG_SPICE)`,
/// `defined(A) && !defined(B)`, `defined(A) || defined(B)`) read into a condition; `None` for a
/// plain name (nothing to read) and for anything else (kept as written).
fn c_expression(text: &str) -> Option<Condition> {
    if text.chars().all(is_name_char) {
        return None;
    }
    all_consuming(delimited(multispace0, or_expression, multispace0))
        .parse(text)
        .ok()
        .map(|(_, condition)| condition)
}

/// Terms joined by `||`.
fn or_expression(input: &str) -> IResult<&str, Condition> {
    joined("||", and_expression, Condition::Any).parse(input)
}

/// Terms joined by `&&`.
fn and_expression(input: &str) -> IResult<&str, Condition> {
    joined("&&", unary, Condition::All).parse(input)
}

/// One or more `term`s joined by `operator`: the term alone, or `list` of them.
fn joined<'a>(
    operator: &'static str,
    term: fn(&'a str) -> IResult<&'a str, Condition>,
    list: fn(Vec<Condition>) -> Condition,
) -> impl Parser<&'a str, Output = Condition, Error = nom::error::Error<&'a str>> {
    map(separated_list1(token(operator), term), move |mut terms| {
        if terms.len() == 1 {
            terms.remove(0)
        } else {
            list(terms)
        }
    })
}

/// `!term`, `(expression)`, `defined(NAME)`, `defined NAME` or `NAME`.
fn unary(input: &str) -> IResult<&str, Condition> {
    let name = || take_while1(is_name_char);
    let spaced = |text| delimited(multispace0, tag(text), multispace0);
    alt((
        map(preceded(spaced("!"), unary), |term| {
            Condition::Not(Box::new(term))
        }),
        delimited(spaced("("), or_expression, spaced(")")),
        map(
            preceded(
                preceded(multispace0, tag("defined")),
                alt((
                    delimited(spaced("("), name(), spaced(")")),
                    delimited(multispace1, name(), multispace0),
                )),
            ),
            |name: &str| Condition::Name(name.to_owned()),
        ),
        map(delimited(multispace0, name(), multispace0), |name: &str| {
            Condition::Name(name.to_owned())
        }),
    ))
    .parse(input)
}

/// An operator, with the spaces around it.
fn token<'a>(
    text: &'static str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    delimited(multispace0, tag(text), multispace0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(name: &str) -> Condition {
        Condition::Name(name.to_owned())
    }

    fn not(condition: Condition) -> Condition {
        Condition::Not(Box::new(condition))
    }

    #[test]
    fn names_lists_and_negations_read_as_words() {
        assert_eq!(words(&name("CONFIG_SPICE")), "with CONFIG_SPICE");
        assert_eq!(
            words(&Condition::All(vec![name("CONFIG_A"), name("CONFIG_B")])),
            "with CONFIG_A and CONFIG_B"
        );
        assert_eq!(
            words(&Condition::Any(vec![
                name("CONFIG_A"),
                name("CONFIG_B"),
                name("CONFIG_C")
            ])),
            "with CONFIG_A, CONFIG_B or CONFIG_C"
        );
        assert_eq!(words(&not(name("CONFIG_X"))), "without CONFIG_X");
        assert_eq!(
            words(&Condition::All(vec![
                name("CONFIG_SPICE"),
                not(name("CONFIG_WIN32"))
            ])),
            "with CONFIG_SPICE and without CONFIG_WIN32"
        );
        // not(any(a, b)) is without both; not(all(a, b)) without one of them.
        assert_eq!(
            words(&not(Condition::Any(vec![name("A"), name("B")]))),
            "without A and B"
        );
        assert_eq!(
            words(&not(Condition::All(vec![name("A"), name("B")]))),
            "without A or B"
        );
        assert_eq!(words(&not(not(name("A")))), "with A");
        // A nested list is bracketed.
        assert_eq!(
            words(&Condition::All(vec![
                name("A"),
                Condition::Any(vec![name("B"), name("C")])
            ])),
            "with A and (with B or C)"
        );
    }

    #[test]
    fn the_c_expressions_of_qemu_5_2_to_6_1_read_as_their_names() {
        assert_eq!(words(&name("defined(CONFIG_SPICE)")), "with CONFIG_SPICE");
        assert_eq!(words(&name("defined CONFIG_SPICE")), "with CONFIG_SPICE");
        assert_eq!(
            words(&name("defined(TARGET_I386) || defined(TARGET_S390X)")),
            "with TARGET_I386 or TARGET_S390X"
        );
        assert_eq!(
            words(&name("defined(CONFIG_SPICE) && !defined(CONFIG_WIN32)")),
            "with CONFIG_SPICE and without CONFIG_WIN32"
        );
        assert_eq!(
            words(&name("!(defined(A) || defined(B))")),
            "without A and B"
        );
        assert_eq!(words(&not(name("defined(CONFIG_X)"))), "without CONFIG_X");
        // What does not read is kept as written, as code.
        assert_eq!(
            words(&name("defined(CONFIG_X) &&")),
            "with `defined(CONFIG_X) &&`"
        );
    }

    #[test]
    fn empty_lists_say_when_they_hold() {
        assert_eq!(words(&Condition::All(Vec::new())), "in any configuration");
        assert_eq!(words(&Condition::Any(Vec::new())), "in no configuration");
    }
}

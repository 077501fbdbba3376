//! The lint's rules about how a `qmp-events.txt` document is written, which only the text has:
//! heading underlines and numbers, events documented twice, fields without a type annotation or
//! documented twice, `Data: None.` above fields ([`document`]), and events out of alphabetical
//! order ([`order`]). What the document means (its examples against its events) is judged on
//! the shared model by [`crate::check`].

pub mod document;
pub mod order;

use crate::diagnostics::Diagnostic;
use crate::text::model::{Event, Heading, Spec};

/// The findings about how `spec` is written, in the order the rules find them.
pub fn lint(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let groups: Vec<&[Event]> = spec.headings().collect();
    for events in &groups {
        let first = &events[0];
        document::underline(&first.heading, &first.name, out);
        // The events of one heading share their data: judge them once.
        document::data_none_with_fields(first, out);
        document::fields(first, out);
    }
    document::duplicate_events(spec, out);
    let firsts: Vec<&Event> = groups.iter().map(|events| &events[0]).collect();
    order::out_of_order(&firsts, out);
    let heading_list: Vec<&Heading> = firsts.iter().map(|event| &event.heading).collect();
    document::heading_numbers(&heading_list, out);
}

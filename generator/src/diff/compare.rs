//! Comparing one event in two schemas: its data, its members (by dotted path, through
//! [`Schema::object_members`]: nested object types are compared by structure, since their names
//! are made up by the front ends), and with `--docs` its prose.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::classify::{Rule, data_rule};
use super::text::words_differ;
use super::{Change, ChangeKind, Options};
use crate::model::{
    Builtin, EnumValue, Event, Format, Member, Schema, Span, Text, TypeKind, TypeRef, Unknown,
};

/// One side of a comparison: an item and the schema it belongs to.
pub(super) struct Side<'a, T> {
    pub schema: &'a Schema,
    pub item: &'a T,
}

// Not derived: a derive would ask `T: Copy`.
impl<T> Clone for Side<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Side<'_, T> {}

/// Appends the changes of one event present in both schemas.
pub(super) fn event(
    (old, old_owners): (Side<Event>, &Owners),
    (new, new_owners): (Side<Event>, &Owners),
    options: Options,
    out: &mut Vec<Change>,
) {
    data(old, new, out);
    // Shapes other than `fields` list no members, so a change to or from `fields` also reports
    // the members that appeared or went away: they are what a client gains or loses.
    let mut walk = Walk {
        event: new.item.name.as_str(),
        options,
        out,
        expanding: Vec::new(),
        owners: (old_owners, new_owners),
    };
    walk.members(
        "",
        (old.schema, data_members(old)),
        (new.schema, data_members(new)),
    );
    if let (Some(before), Some(after)) = (&old.item.data, &new.item.data) {
        walk.variants("", (old.schema, before), (new.schema, after));
    }
    if options.docs {
        docs(old.item, new.item, out);
    }
}

/// What an event's data is, as the diff names it: `none`, `fields`, `reference`, `prose` or
/// `unspecified` (the shapes of the JSON contract, see [`data_rule`]).
fn shape(data: Option<&TypeRef>) -> &'static str {
    match data {
        None => "none",
        Some(TypeRef::Unknown(Unknown::Elsewhere { .. })) => "reference",
        Some(TypeRef::Unknown(Unknown::Prose { .. })) => "prose",
        Some(TypeRef::Unknown(
            Unknown::Undocumented | Unknown::Unannotated | Unknown::Annotation { .. },
        )) => "unspecified",
        Some(_) => "fields",
    }
}

/// The members of an event's data.
fn data_members<'a>(event: Side<'a, Event>) -> Vec<&'a Member> {
    match &event.item.data {
        Some(ty) => members_of(event.schema, ty),
        None => Vec::new(),
    }
}

/// The named object type whose members a value of `ty` has (an array's elements' type), if any.
pub(crate) fn object_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(element) => object_name(element),
        _ => None,
    }
}

/// The change of the event's data, if any: its shape, the type it refers to, or its prose.
fn data(old: Side<Event>, new: Side<Event>, out: &mut Vec<Change>) {
    let (before, after) = (old.item.data.as_ref(), new.item.data.as_ref());
    let mut change = match (before, after) {
        (
            Some(TypeRef::Unknown(Unknown::Elsewhere { name: before })),
            Some(TypeRef::Unknown(Unknown::Elsewhere { name: after })),
        ) => {
            if before == after {
                return;
            }
            let mut change =
                Change::new(ChangeKind::TypeChanged, Rule::TypeChanged, &new.item.name);
            change.old = Some(Json::from(before.as_str()));
            change.new = Some(Json::from(after.as_str()));
            change
        }
        (
            Some(TypeRef::Unknown(Unknown::Prose { text: before })),
            Some(TypeRef::Unknown(Unknown::Prose { text: after })),
        ) => {
            if !words_differ(before, after) {
                return;
            }
            let mut change = Change::new(
                ChangeKind::DataChanged,
                data_rule("prose", "prose"),
                &new.item.name,
            );
            change.old = Some(Json::from(before.as_str()));
            change.new = Some(Json::from(after.as_str()));
            change
        }
        (before, after) => {
            let (before, after) = (shape(before), shape(after));
            if before == after {
                return;
            }
            let mut change = Change::new(
                ChangeKind::DataChanged,
                data_rule(before, after),
                &new.item.name,
            );
            change.old = Some(Json::from(before));
            change.new = Some(Json::from(after));
            change
        }
    };
    let place = |event: &Event| event.data_span.unwrap_or(event.span);
    change.at_old(Some(place(old.item)));
    change.at_new(Some(place(new.item)));
    out.push(change);
}

/// The members of one event being compared, and where the changes go.
struct Walk<'o, 'a> {
    event: &'a str,
    options: Options,
    out: &'o mut Vec<Change>,
    /// The named types whose members are being compared (old, new), outermost first: a pair met
    /// again is a type that contains itself, compared once.
    expanding: Vec<(Option<&'a str>, Option<&'a str>)>,
    /// Where each schema's enum types are first used (old, new).
    owners: (&'o Owners<'o>, &'o Owners<'o>),
}

impl<'a> Walk<'_, 'a> {
    /// Compares two lists of members at `prefix` (`""` at the top, `server.` below `server`).
    fn members(
        &mut self,
        prefix: &str,
        (old_schema, old): (&'a Schema, Vec<&'a Member>),
        (new_schema, new): (&'a Schema, Vec<&'a Member>),
    ) {
        for after in &new {
            match old.iter().find(|before| before.name == after.name) {
                Some(before) => self.member(
                    prefix,
                    Side {
                        schema: old_schema,
                        item: *before,
                    },
                    Side {
                        schema: new_schema,
                        item: *after,
                    },
                ),
                None => {
                    let mut change =
                        Change::new(ChangeKind::FieldAdded, Rule::FieldAdded, self.event);
                    change.field = Some(format!("{prefix}{}", after.name));
                    change.new = type_json(new_schema, &after.ty);
                    change.at_new(Some(after.span));
                    self.out.push(change);
                }
            }
        }
        for before in &old {
            if !new.iter().any(|after| after.name == before.name) {
                let rule = if before.optional {
                    Rule::OptionalFieldRemoved
                } else {
                    Rule::RequiredFieldRemoved
                };
                let mut change = Change::new(ChangeKind::FieldRemoved, rule, self.event);
                change.field = Some(format!("{prefix}{}", before.name));
                change.old = type_json(old_schema, &before.ty);
                change.at_old(Some(before.span));
                self.out.push(change);
            }
        }
    }

    /// Compares one member present in both schemas (under `prefix`), then its nested members.
    fn member(&mut self, prefix: &str, old: Side<'a, Member>, new: Side<'a, Member>) {
        // The path is spelled out only for a change or for nested members: most members match.
        let path = || format!("{prefix}{}", new.item.name);
        let event = self.event;
        let at = |kind: ChangeKind, rule: Rule| {
            let mut change = Change::new(kind, rule, event);
            change.field = Some(path());
            change.at_old(Some(old.item.span));
            change.at_new(Some(new.item.span));
            change
        };
        let (was, is) = (
            Shape::of(old.schema, &old.item.ty),
            Shape::of(new.schema, &new.item.ty),
        );
        let kind = match Relation::of(&was, &is) {
            Relation::Same => None,
            Relation::Narrowed => Some((ChangeKind::RangeChanged, Rule::RangeNarrowed)),
            Relation::Widened => Some((ChangeKind::RangeChanged, Rule::RangeWidened)),
            Relation::Integral => Some((ChangeKind::TypeChanged, Rule::NumberToInteger)),
            Relation::Fractional => Some((ChangeKind::TypeChanged, Rule::IntegerToNumber)),
            Relation::Changed => Some(match (&was, &is) {
                (Shape::Untyped, _) => (ChangeKind::TypeChanged, Rule::TypeDocumented),
                (_, Shape::Untyped) => (ChangeKind::TypeChanged, Rule::TypeUndocumented),
                _ => (ChangeKind::TypeChanged, Rule::TypeChanged),
            }),
        };
        if let Some((kind, rule)) = kind {
            let mut change = at(kind, rule);
            change.old = Some(type_json(old.schema, &old.item.ty).unwrap_or(Json::Null));
            change.new = Some(type_json(new.schema, &new.item.ty).unwrap_or(Json::Null));
            self.out.push(change);
        }
        if old.item.optional != new.item.optional {
            let (kind, rule) = if new.item.optional {
                (ChangeKind::BecameOptional, Rule::BecameOptional)
            } else {
                (ChangeKind::BecameRequired, Rule::BecameRequired)
            };
            let mut change = at(kind, rule);
            change.old = Some(Json::Bool(old.item.optional));
            change.new = Some(Json::Bool(new.item.optional));
            self.out.push(change);
        }
        let (before, after) = (
            values(old.schema, &old.item.ty),
            values(new.schema, &new.item.ty),
        );
        for value in after {
            if !before.iter().any(|known| known.name == value.name) {
                let mut change = at(ChangeKind::ValueAdded, Rule::ValueAdded);
                change.at_old(None);
                change.new = Some(Json::from(value.name.as_str()));
                change.at_new(Some(value.span));
                self.out.push(change);
            }
        }
        for value in before {
            if !after.iter().any(|known| known.name == value.name) {
                let mut change = at(ChangeKind::ValueRemoved, Rule::ValueRemoved);
                change.at_new(None);
                change.old = Some(Json::from(value.name.as_str()));
                change.at_old(Some(value.span));
                self.out.push(change);
            }
        }
        // An enum's values are documented with their type, which members share (the text's
        // lowering makes one type per list of values): a change of those words is reported
        // once, where the type is first used in both schemas.
        let place = (self.event, path());
        let first_use = |owners: &Owners, ty: &TypeRef| matches!(ty, TypeRef::Named(name) if owners.get(name.as_str()) == Some(&place));
        let values_here =
            first_use(self.owners.0, &old.item.ty) && first_use(self.owners.1, &new.item.ty);
        if self.options.docs
            && member_prose_differs(old.item, new.item, values_here.then_some((before, after)))
        {
            let mut change = at(ChangeKind::DescriptionChanged, Rule::Documentation);
            change.old = Some(Json::from(member_prose(old.item, before)));
            change.new = Some(Json::from(member_prose(new.item, after)));
            self.out.push(change);
        }
        let types = (object_name(&old.item.ty), object_name(&new.item.ty));
        if self.expanding.contains(&types) {
            return;
        }
        let (before, after) = (
            members_of(old.schema, &old.item.ty),
            members_of(new.schema, &new.item.ty),
        );
        let path = path();
        self.expanding.push(types);
        if !before.is_empty() || !after.is_empty() {
            self.members(
                &format!("{path}."),
                (old.schema, before),
                (new.schema, after),
            );
        }
        self.variants(
            &path,
            (old.schema, &old.item.ty),
            (new.schema, &new.item.ty),
        );
        self.expanding.pop();
    }

    /// Compares the members each branch of a union adds, branch by branch (matched by the
    /// discriminator's value), when both types at `path` are unions: `info[hyper-v].arg1` is
    /// `arg1` of `info` when its discriminator is `hyper-v`. A branch only one side has is its
    /// discriminator's value, added or removed, reported with the discriminator.
    fn variants(
        &mut self,
        path: &str,
        (old_schema, old): (&'a Schema, &'a TypeRef),
        (new_schema, new): (&'a Schema, &'a TypeRef),
    ) {
        let before = variants_of(old_schema, old);
        for (value, after) in variants_of(new_schema, new) {
            let Some((_, before)) = before.iter().find(|(known, _)| *known == value) else {
                continue;
            };
            self.members(
                &format!("{path}[{value}]."),
                (old_schema, old_schema.object_members(before)),
                (new_schema, new_schema.object_members(after)),
            );
        }
    }
}

/// The branches of a union type (an array's elements' type): each discriminator value with the
/// object type whose members it adds; none for other types.
fn variants_of<'a>(schema: &'a Schema, ty: &TypeRef) -> Vec<(&'a str, &'a str)> {
    match ty {
        TypeRef::Named(name) => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Union(union)) => union
                .variants
                .iter()
                .map(|variant| (variant.value.as_str(), variant.ty.as_str()))
                .collect(),
            _ => Vec::new(),
        },
        TypeRef::Array(element) => variants_of(schema, element),
        _ => Vec::new(),
    }
}

/// What a type is, as the diff compares it: by structure, never by the names front ends make up
/// (an enum is a string with values, compared on their own; any object is an object, its members
/// compared on their own).
#[derive(Debug, PartialEq)]
enum Shape<'a> {
    /// A built-in other than an integer.
    Builtin(Builtin),
    /// An integer type: the integers it holds, `None` when the description does not state its
    /// width ([`Builtin::AnyInt`]).
    Integer(Option<(i128, i128)>),
    Object,
    /// A type the description only names (`ACPIOSTInfo`), or one the schema does not define.
    Elsewhere(&'a str),
    /// No type: any value.
    Untyped,
    Array(Box<Shape<'a>>),
    Alternate(Vec<Shape<'a>>),
}

impl<'a> Shape<'a> {
    fn of(schema: &'a Schema, ty: &'a TypeRef) -> Shape<'a> {
        match ty {
            TypeRef::Builtin(Builtin::AnyInt) => Shape::Integer(None),
            TypeRef::Builtin(builtin) => match builtin.range() {
                Some(range) => Shape::Integer(Some(range)),
                None => Shape::Builtin(*builtin),
            },
            TypeRef::Array(element) => Shape::Array(Box::new(Shape::of(schema, element))),
            TypeRef::Unknown(Unknown::Members) => Shape::Object,
            TypeRef::Unknown(Unknown::Elsewhere { name }) => Shape::Elsewhere(name),
            TypeRef::Unknown(_) => Shape::Untyped,
            TypeRef::Named(name) => match schema.named(name).map(|named| &named.kind) {
                Some(TypeKind::Enum(_)) => Shape::Builtin(Builtin::Str),
                Some(TypeKind::Object(_) | TypeKind::Union(_)) => Shape::Object,
                Some(TypeKind::Alternate(alternatives)) => Shape::Alternate(
                    alternatives
                        .iter()
                        .map(|alternative| Shape::of(schema, &alternative.ty))
                        .collect(),
                ),
                None => Shape::Elsewhere(name),
            },
        }
    }
}

/// How a member's new type stands to its old one, for a client that decodes the old one: in
/// order of gravity, so that the gravest part of an array or alternate is the whole's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Relation {
    /// The same values on the wire: equal shapes, integers of one range, or integers of which
    /// one side does not state its width (introspection's `int`: no change, only less said).
    Same,
    /// Integers of a range within the old one: every new value decodes with the old width.
    Narrowed,
    /// Integers where the old type was any number: every new value decodes as a number.
    Integral,
    /// Integers of a range beyond the old one somewhere (wider, or shifted: `int8` → `uint8`).
    Widened,
    /// Any number where the old type was an integer: a fraction does not decode as one.
    Fractional,
    /// Another type.
    Changed,
}

impl Relation {
    fn of(was: &Shape<'_>, is: &Shape<'_>) -> Relation {
        match (was, is) {
            (Shape::Integer(Some(old)), Shape::Integer(Some(new))) => {
                if old == new {
                    Relation::Same
                } else if old.0 <= new.0 && new.1 <= old.1 {
                    Relation::Narrowed
                } else {
                    Relation::Widened
                }
            }
            (Shape::Integer(_), Shape::Integer(_)) => Relation::Same,
            (Shape::Builtin(Builtin::Number), Shape::Integer(_)) => Relation::Integral,
            (Shape::Integer(_), Shape::Builtin(Builtin::Number)) => Relation::Fractional,
            (Shape::Array(was), Shape::Array(is)) => Relation::of(was, is),
            (Shape::Alternate(was), Shape::Alternate(is)) if was.len() == is.len() => was
                .iter()
                .zip(is)
                .map(|(was, is)| Relation::of(was, is))
                .max()
                .unwrap_or(Relation::Same),
            _ if was == is => Relation::Same,
            _ => Relation::Changed,
        }
    }
}

/// A member's type as a JSON value: for a text document its annotation (`json-string`), else
/// the QAPI name (`str`, a named type's name); a type documented elsewhere by its name;
/// nothing for an unknown type.
fn type_json(schema: &Schema, ty: &TypeRef) -> Option<Json> {
    type_name(schema, ty).map(Json::from)
}

fn type_name(schema: &Schema, ty: &TypeRef) -> Option<String> {
    let text = schema.source.format == Format::Text;
    let builtin = |builtin: Builtin| {
        let annotation = match builtin {
            Builtin::Str => "json-string",
            Builtin::Int | Builtin::AnyInt => "json-int",
            Builtin::Number => "json-number",
            Builtin::Bool => "json-bool",
            _ => builtin.name(),
        };
        if text { annotation } else { builtin.name() }.to_owned()
    };
    Some(match ty {
        TypeRef::Builtin(each) => builtin(*each),
        TypeRef::Array(element) => format!(
            "[{}]",
            type_name(schema, element).unwrap_or_else(|| Builtin::Any.name().to_owned())
        ),
        TypeRef::Unknown(Unknown::Elsewhere { name }) => name.clone(),
        TypeRef::Unknown(Unknown::Members) if text => "json-object".to_owned(),
        TypeRef::Unknown(_) => return None,
        TypeRef::Named(name) if text => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Enum(_)) => builtin(Builtin::Str),
            Some(TypeKind::Object(_) | TypeKind::Union(_)) => "json-object".to_owned(),
            _ => name.clone(),
        },
        TypeRef::Named(name) => name.clone(),
    })
}

/// The values of a member's enum type (none for other types).
fn values<'a>(schema: &'a Schema, ty: &TypeRef) -> &'a [EnumValue] {
    match ty {
        TypeRef::Named(name) => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Enum(values)) => &values.values,
            _ => &[],
        },
        _ => &[],
    }
}

/// Where each enum type of a schema is first used: its name → (event, member path), events in
/// order, members depth first.
pub(super) type Owners<'a> = HashMap<&'a str, (&'a str, String)>;

/// The [`Owners`] of `schema`.
pub(super) fn owners(schema: &Schema) -> Owners<'_> {
    let mut owners = Owners::new();
    for event in &schema.events {
        if let Some(data) = &event.data {
            let mut expanding = Vec::new();
            enum_uses(schema, &event.name, "", data, &mut expanding, &mut owners);
        }
    }
    owners
}

/// Records the first use of every enum type the members of a value of `ty` reach.
fn enum_uses<'a>(
    schema: &'a Schema,
    event: &'a str,
    prefix: &str,
    ty: &'a TypeRef,
    expanding: &mut Vec<&'a str>,
    owners: &mut Owners<'a>,
) {
    let Some(name) = object_name(ty) else {
        return;
    };
    if expanding.contains(&name) {
        return;
    }
    expanding.push(name);
    for member in members_of(schema, ty) {
        let path = format!("{prefix}{}", member.name);
        if let TypeRef::Named(used) = &member.ty
            && let Some(TypeKind::Enum(_)) = schema.named(used).map(|named| &named.kind)
        {
            owners
                .entry(used.as_str())
                .or_insert_with(|| (event, path.clone()));
        }
        enum_uses(
            schema,
            event,
            &format!("{path}."),
            &member.ty,
            expanding,
            owners,
        );
    }
    expanding.pop();
}

/// The members a value of `ty` has: an object's (base first), a union's common ones, an array's
/// elements'; none for other types.
pub(crate) fn members_of<'a>(schema: &'a Schema, ty: &TypeRef) -> Vec<&'a Member> {
    match ty {
        TypeRef::Named(name) => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Union(union)) => schema.object_members(&union.base),
            _ => schema.object_members(name),
        },
        TypeRef::Array(element) => members_of(schema, element),
        _ => Vec::new(),
    }
}

/// Whether a member's documentation (see [`member_prose`]) changed in its words; compared in
/// place, since most members do not change.
/// `values` (old, new) are the enum values whose words count, when they do.
fn member_prose_differs(
    old: &Member,
    new: &Member,
    values: Option<(&[EnumValue], &[EnumValue])>,
) -> bool {
    if words_differ(words(&old.doc), words(&new.doc)) {
        return true;
    }
    let Some((before, after)) = values else {
        return false;
    };
    let (before, after) = (described(before), described(after));
    before.len() != after.len()
        || before
            .iter()
            .zip(&after)
            .any(|((name, text), (other, changed))| name != other || words_differ(text, changed))
}

fn words(doc: &Option<Text>) -> &str {
    doc.as_ref().map_or("", |doc| doc.text.as_str())
}

/// A member's enumerated values that say what they mean, as (name, meaning).
fn described(values: &[EnumValue]) -> Vec<(&str, &str)> {
    values
        .iter()
        .filter_map(|value| Some((value.name.as_str(), value.doc.as_ref()?.text.as_str())))
        .collect()
}

/// A member's documentation: its description, then each enumerated value with what it means,
/// so that a fix in a value's description shows as a change of the member's description.
fn member_prose(member: &Member, values: &[EnumValue]) -> String {
    let mut prose = words(&member.doc).to_owned();
    for (name, description) in described(values) {
        prose.push_str(&format!("\n\"{name}\": {description}"));
    }
    prose
}

/// The event's description, examples and notes.
fn docs(old: &Event, new: &Event, out: &mut Vec<Change>) {
    let event = new.name.as_str();
    let (before, after) = (description(old), description(new));
    texts(ChangeKind::DescriptionChanged, event, &before, &after, out);
    let (before, after) = (examples(old), examples(new));
    texts(ChangeKind::ExampleChanged, event, &before, &after, out);
    let (before, after) = (notes(old), notes(new));
    texts(ChangeKind::NoteChanged, event, &before, &after, out);
}

fn description(event: &Event) -> Vec<Prose<'_>> {
    event.doc.description.iter().map(Prose::from_text).collect()
}

fn examples(event: &Event) -> Vec<Prose<'_>> {
    event
        .doc
        .examples
        .iter()
        .map(|example| Prose {
            span: example.span(),
            label: example.label.as_deref(),
            text: &example.text,
        })
        .collect()
}

fn notes(event: &Event) -> Vec<Prose<'_>> {
    event.doc.notes.iter().map(Prose::from_text).collect()
}

/// A piece of prose borrowed from the model: a text, or an example with its label.
struct Prose<'a> {
    span: Span,
    label: Option<&'a str>,
    text: &'a str,
}

impl<'a> Prose<'a> {
    fn from_text(text: &'a Text) -> Self {
        Prose {
            span: text.span,
            label: None,
            text: &text.text,
        }
    }

    /// Whether two pieces differ in their words (label included).
    fn differs(&self, other: &Prose<'_>) -> bool {
        words_differ(
            self.label.unwrap_or_default(),
            other.label.unwrap_or_default(),
        ) || words_differ(self.text, other.text)
    }

    /// The text as reported: the label, if any, on a line before it.
    fn to_json(&self) -> Json {
        Json::from(match self.label {
            Some(label) => format!("{label}\n{}", self.text),
            None => self.text.to_owned(),
        })
    }
}

/// Compares two lists of prose position by position: a piece whose words changed, or one that
/// only one side has, is a change of `kind`.
fn texts(
    kind: ChangeKind,
    event: &str,
    old: &[Prose<'_>],
    new: &[Prose<'_>],
    out: &mut Vec<Change>,
) {
    for index in 0..old.len().max(new.len()) {
        let (before, after) = (old.get(index), new.get(index));
        if let (Some(before), Some(after)) = (before, after)
            && !before.differs(after)
        {
            continue;
        }
        let mut change = Change::new(kind, Rule::Documentation, event);
        change.old = before.map(Prose::to_json);
        change.new = after.map(Prose::to_json);
        change.at_old(before.map(|prose| prose.span));
        change.at_new(after.map(|prose| prose.span));
        out.push(change);
    }
}

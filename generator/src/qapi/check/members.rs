//! The third pass (QEMU's `QAPISchema.check`): the members each object gets from its base, its
//! own declaration and its branches must not clash in C (`a-b` and `a_b` do), an object must
//! not be its own base, `boxed` needs a type with members, and member names follow the case
//! rules.

use std::collections::HashSet;

use super::names::{c_name, downstream_stem, lower_style};
use super::table::{Meta, Table, array, enum_value_name, members, object};
use super::{Checked, Findings, Sink, Subject, codes};
use crate::model::Span;
use crate::qapi::ast::Value;
use crate::qapi::report::Finding;

/// A member with the object it belongs to, as QEMU names it (an inline `data` belongs to
/// `q_obj_NAME-arg`, an inline base to `q_obj_NAME-base`, a simple union's branch names to the
/// enum `NAMEKind`).
#[derive(Debug, Clone)]
struct Owned<'p> {
    name: &'p str,
    owner: String,
    role: &'static str,
}

impl Owned<'_> {
    /// How QEMU's messages name it: `'name' (member of Foo)`, `(parameter of cmd)`, …
    fn describe(&self) -> String {
        let owner = &self.owner;
        let whose = if let Some(implicit) = owner.strip_prefix("q_obj_") {
            match (
                implicit.strip_suffix("-arg"),
                implicit.strip_suffix("-base"),
            ) {
                (Some(of), _) => format!("(parameter of {of})"),
                (_, Some(of)) => format!("(base of {of})"),
                _ => format!("({} of {implicit})", self.role),
            }
        } else if let Some(of) = owner.strip_suffix("Kind") {
            format!("(branch of {of})")
        } else {
            format!("({} of {owner})", self.role)
        };
        format!("'{}' {whose}", self.name)
    }

    /// The definition the member's owner stands for (`q_obj_cmd-arg` → `cmd`).
    fn definition(&self) -> &str {
        let owner = &self.owner;
        owner
            .strip_prefix("q_obj_")
            .and_then(|implicit| {
                implicit
                    .strip_suffix("-arg")
                    .or_else(|| implicit.strip_suffix("-base"))
            })
            .or_else(|| owner.strip_suffix("Kind"))
            .unwrap_or(owner)
    }
}

/// The owners QEMU's generator before 2.10 let have upper-case member names, for schemas that list
/// no exceptions themselves.
const QEMU_2_9_CASE_EXCEPTIONS: [&str; 8] = [
    "ACPISlotType",
    "CpuInfoBase",
    // CpuInfo's base, inline from QEMU 2.7 on.
    "q_obj_CpuInfo-base",
    "CpuInfoMIPS",
    "CpuInfoTricore",
    "QapiErrorClass",
    "UuidInfo",
    "X86CPURegister32",
];

/// Checks the members of every definition that passed the earlier passes.
pub(super) fn check(table: &Table<'_>, findings: &mut Findings) {
    let mut pass = Pass {
        table,
        cycles_reported: HashSet::new(),
    };
    for definition in &table.definitions {
        if !definition.sound {
            continue;
        }
        let subject = table.subject(definition);
        let mut sink = Sink {
            findings,
            expression: definition.expression,
        };
        let checked = match definition.meta {
            Meta::Enum => pass.enum_values(&subject, &mut sink),
            Meta::Struct => pass.structure(&subject, &mut sink),
            Meta::Union => pass.union(&subject, &mut sink),
            Meta::Alternate => pass.alternate(&subject, &mut sink),
            Meta::Command | Meta::Event => pass.arguments(&subject, &mut sink),
            Meta::Builtin => Ok(()),
        };
        if let Err(error) = checked {
            findings.push(definition.expression, error);
        }
    }
}

struct Pass<'t, 'p> {
    table: &'t Table<'p>,
    /// The objects whose base cycle is reported (once, at the object QEMU reports it).
    cycles_reported: HashSet<String>,
}

/// A cycle of bases: the objects in it, from the one found again.
struct Cycle(Vec<String>);

impl<'p> Pass<'_, 'p> {
    fn enum_values(&self, subject: &Subject<'p>, sink: &mut Sink) -> Checked {
        let (span, name, expression) = (subject.span, subject.name, subject.expression);
        let values = expression.get("data").and_then(array).unwrap_or_default();
        let owned = values
            .iter()
            .filter_map(enum_value_name)
            .map(|value| Owned {
                name: value,
                owner: name.to_owned(),
                role: "member",
            });
        self.declared(span, &mut Vec::new(), owned, sink)
    }

    fn structure(&mut self, subject: &Subject<'p>, sink: &mut Sink) -> Checked {
        let (span, name, expression) = (subject.span, subject.name, subject.expression);
        // The object itself first: a cycle of bases is found at the object QEMU finds it.
        self.flatten_reporting(name)?;
        let mut seen = match expression.get("base").and_then(Value::as_str) {
            Some(base) => self.flatten_reporting(base)?,
            None => Vec::new(),
        };
        let local = data_members(expression.get("data"), name);
        self.declared(span, &mut seen, local.into_iter(), sink)
    }

    fn union(&mut self, subject: &Subject<'p>, sink: &mut Sink) -> Checked {
        let (span, name, expression) = (subject.span, subject.name, subject.expression);
        let branches = expression.get("data").and_then(object).unwrap_or_default();
        if expression.get("discriminator").is_none() {
            // A simple union: its tag `type`, and its branch names as the values of `NAMEKind`.
            let tag = Owned {
                name: "type",
                owner: name.to_owned(),
                role: "member",
            };
            self.declared(span, &mut Vec::new(), std::iter::once(tag), sink)?;
            let names = branches.iter().map(|(key, _)| Owned {
                name: key.name.as_str(),
                owner: format!("{name}Kind"),
                role: "branch",
            });
            return self.declared(span, &mut Vec::new(), names, sink);
        }
        let mut seen = Vec::new();
        match expression.get("base") {
            Some(base) if base.as_str().is_some() => {
                seen = self.flatten_reporting(base.as_str().unwrap_or_default())?;
            }
            Some(base) => {
                let owner = format!("q_obj_{name}-base");
                self.declared(
                    span,
                    &mut seen,
                    data_members(Some(base), &owner).into_iter(),
                    sink,
                )?;
            }
            None => {}
        }
        for (_, branch) in branches {
            let Some(ty) = super::table::member_type(branch).as_str() else {
                continue;
            };
            let branch_members = self.flatten_reporting(ty)?;
            let mut branch_seen = seen.clone();
            for (_, member) in branch_members {
                clash(span, &mut branch_seen, member)?;
            }
        }
        Ok(())
    }

    fn alternate(&self, subject: &Subject<'p>, sink: &mut Sink) -> Checked {
        let (span, name, expression) = (subject.span, subject.name, subject.expression);
        let branches = expression.get("data").and_then(object).unwrap_or_default();
        let names = branches.iter().map(|(key, _)| Owned {
            name: key.name.as_str(),
            owner: name.to_owned(),
            role: "branch",
        });
        self.declared(span, &mut Vec::new(), names, sink)
    }

    /// A command's or event's `data`: inline members (its parameters), or a type's name.
    fn arguments(&mut self, subject: &Subject<'p>, sink: &mut Sink) -> Checked {
        let (span, name, expression) = (subject.span, subject.name, subject.expression);
        let data = expression.get("data");
        let boxed = expression.get("boxed").is_some();
        match data {
            None if boxed => Err(Finding::error(
                codes::BAD_BOXED,
                span,
                "Use of 'boxed' requires 'data'",
            )),
            None => Ok(()),
            Some(data) => match data.as_str() {
                Some(ty) => {
                    let empty = self.table.meta(ty) == Some(Meta::Struct)
                        && self.flatten_reporting(ty)?.is_empty();
                    if boxed && empty {
                        return Err(Finding::error(
                            codes::BAD_BOXED,
                            span,
                            "Cannot use 'boxed' with empty type",
                        ));
                    }
                    Ok(())
                }
                None => {
                    let owner = format!("q_obj_{name}-arg");
                    let local = data_members(Some(data), &owner);
                    self.declared(span, &mut Vec::new(), local.into_iter(), sink)
                }
            },
        }
    }

    /// Members declared by the definition being checked: each follows the case rules and
    /// clashes with none seen before it.
    fn declared(
        &self,
        span: Span,
        seen: &mut Vec<(String, Owned<'p>)>,
        members: impl Iterator<Item = Owned<'p>>,
        sink: &mut Sink,
    ) -> Checked {
        for member in members {
            self.case(span, &member, sink)?;
            clash(span, seen, member)?;
        }
        Ok(())
    }

    /// QEMU's case rules for a member's name: no upper case unless its owner is an exception
    /// (QEMU 2.10 on list them in a pragma; QEMU before kept [`QEMU_2_9_CASE_EXCEPTIONS`],
    /// which schemas without the pragma obey); today also no `_`.
    fn case(&self, span: Span, member: &Owned<'_>, sink: &mut Sink) -> Checked {
        let pragmas = &self.table.program.pragmas;
        const LISTS: [&str; 2] = ["name-case-whitelist", "member-name-exceptions"];
        let is_owner = |owner: &str| owner == member.owner || owner == member.definition();
        let excepted = if LISTS.iter().any(|list| pragmas.lists.contains_key(*list)) {
            LISTS
                .iter()
                .any(|list| pragmas.list(list).iter().any(|owner| is_owner(owner)))
        } else {
            QEMU_2_9_CASE_EXCEPTIONS.iter().any(|owner| is_owner(owner))
        };
        if excepted {
            return Ok(());
        }
        let stem = downstream_stem(member.name);
        let c = c_name(stem, true);
        if c.to_lowercase() != c {
            let message = format!("{} should not use uppercase", member.describe());
            let error = Finding::error(codes::NAME_CASE, span, message);
            sink.older_form(error, "QEMU 2.6 on reject it")?;
        } else if lower_style(stem, false) {
            sink.warn(Finding::warning(
                codes::NAME_STYLE,
                span,
                format!(
                    "{} should use '-', not '_' (today's QEMU)",
                    member.describe()
                ),
            ));
        }
        Ok(())
    }

    /// The members of object type `name` (a struct, with its bases), reporting a cycle of bases
    /// once, at the object QEMU reports it.
    fn flatten_reporting(&mut self, name: &str) -> Result<Vec<(String, Owned<'p>)>, Finding> {
        match self.flatten(name, &mut Vec::new()) {
            Ok(members) => Ok(members),
            Err(Cycle(cycle)) => {
                // Reported already (QEMU stops there): nothing more to say about this object.
                if cycle.iter().any(|name| self.cycles_reported.contains(name)) {
                    return Ok(Vec::new());
                }
                let at = &cycle[0];
                let span = self
                    .table
                    .definition(at)
                    .map(|(definition, _)| self.table.span(definition.expression))
                    .unwrap_or_default();
                let message = format!("Object {at} contains itself");
                self.cycles_reported.extend(cycle);
                Err(Finding::error(codes::BASE_CYCLE, span, message))
            }
        }
    }

    /// The members of struct `name` with its bases', by C name (nothing for a name that is no
    /// struct).
    fn flatten(
        &self,
        name: &str,
        visiting: &mut Vec<String>,
    ) -> Result<Vec<(String, Owned<'p>)>, Cycle> {
        let Some((definition, expression)) = self.table.definition(name) else {
            return Ok(Vec::new());
        };
        if definition.meta != Meta::Struct {
            return Ok(Vec::new());
        }
        if let Some(start) = visiting.iter().position(|seen| seen == name) {
            return Err(Cycle(visiting.split_off(start)));
        }
        visiting.push(name.to_owned());
        let mut all = match expression.get("base").and_then(Value::as_str) {
            Some(base) => self.flatten(base, visiting)?,
            None => Vec::new(),
        };
        visiting.pop();
        for member in data_members(expression.get("data"), name) {
            all.push((c_name(member.name, true), member));
        }
        Ok(all)
    }
}

/// The members an inline `data` (or base) declares, owned by `owner`.
fn data_members<'p>(data: Option<&'p Value>, owner: &str) -> Vec<Owned<'p>> {
    data.map(members)
        .unwrap_or_default()
        .into_iter()
        .map(|member| Owned {
            name: member.name,
            owner: owner.to_owned(),
            role: "member",
        })
        .collect()
}

/// Adds `member` to those `seen`, unless its C name is there already.
fn clash<'p>(span: Span, seen: &mut Vec<(String, Owned<'p>)>, member: Owned<'p>) -> Checked {
    let c = c_name(member.name, true);
    if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == c) {
        return Err(Finding::error(
            codes::MEMBER_CLASH,
            span,
            format!("{} collides with {}", member.describe(), first.describe()),
        ));
    }
    seen.push((c, member));
    Ok(())
}

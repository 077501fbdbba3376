//! QEMU's semantic checks of a loaded schema: its verdicts, at its lines.
//!
//! QEMU reports a semantic error at the line of the expression it is about (its `QAPISemError`
//! names only FILE:LINE), so every finding here stands at the expression's `{` (or, for a
//! doc comment, at its `##`). QEMU stops at its first error; here each expression is checked
//! up to its own first error and the others go on, so that one run lists them all without
//! reporting the consequences of one mistake twice (an expression with an error takes no part
//! in the later passes).
//!
//! Severity: an **error** where QEMU rejects the construct in every version; a **warning**
//! where a QEMU version took it and schemas we read use it (simple unions, C-expression
//! conditions, names against today's conventions, …). What QEMU before 2.9 took (QEMU 2.1's
//! `'type'` for a struct, `'gen': 'no'`, doc comments unlike their definitions, …) is a
//! warning in a schema written for those QEMUs and an error in any other
//! (`written_before_2_9`).
//!
//! The passes follow QEMU's: `declare` learns every definition (its meta-type, keys and
//! name), `expressions` checks each definition's shape and the types it names (with `types`,
//! `names`, `conditions`, `unions`, `commands`), `members` the members each object gets from
//! its base and branches, and `docs` the doc comments against the definitions.

mod commands;
mod conditions;
mod declare;
mod docs;
mod expressions;
mod members;
mod names;
mod table;
mod types;
mod unions;

use super::ast::{self, Program};
use super::doc::DocOf;
use super::doc::codes::MISSING_COLON;
use super::report::Finding;
use crate::diagnostics::Severity;
use table::Table;

/// The stable codes of the checks' findings.
pub mod codes {
    /// An expression that is no definition QEMU knows (no `struct`, `enum`, … key).
    pub const MISSING_METATYPE: &str = "qapi-missing-metatype";
    /// A key a definition cannot have.
    pub const UNKNOWN_KEY: &str = "qapi-unknown-key";
    /// A key a definition must have.
    pub const MISSING_KEY: &str = "qapi-missing-key";
    /// A key with a value of the wrong kind (`'boxed': false`, a non-string name, …).
    pub const BAD_VALUE: &str = "qapi-bad-value";
    /// A name QEMU does not take (characters, the `q_` namespace, `*` where no optional is).
    pub const BAD_NAME: &str = "qapi-bad-name";
    /// A name QEMU keeps for itself (`…Kind`, `…List`, a member `u` or `has_…`).
    pub const RESERVED_NAME: &str = "qapi-reserved-name";
    /// A name defined twice.
    pub const DUPLICATE_DEFINITION: &str = "qapi-duplicate-definition";
    /// A type name that no definition gives.
    pub const UNKNOWN_TYPE: &str = "qapi-unknown-type";
    /// A type used where its kind is not allowed (an array, a union as a base, …).
    pub const WRONG_TYPE: &str = "qapi-wrong-type";
    /// Two members whose C names clash.
    pub const MEMBER_CLASH: &str = "qapi-member-clash";
    /// An object that is its own base.
    pub const BASE_CYCLE: &str = "qapi-base-cycle";
    /// A union that QEMU rejects (its discriminator, base or branches).
    pub const BAD_UNION: &str = "qapi-bad-union";
    /// An alternate that QEMU rejects (too few branches, branches it cannot tell apart).
    pub const BAD_ALTERNATE: &str = "qapi-bad-alternate";
    /// `boxed` without a type that has members.
    pub const BAD_BOXED: &str = "qapi-bad-boxed";
    /// An `if` condition of a form no QEMU takes.
    pub const BAD_CONDITION: &str = "qapi-bad-condition";
    /// A `features` list of a form no QEMU takes.
    pub const BAD_FEATURES: &str = "qapi-bad-features";
    /// Upper case in a member's name, against the schema's own exceptions (an error when the
    /// schema lists its exceptions in a pragma, as QEMU 2.10 on do; a warning before).
    pub const NAME_CASE: &str = "qapi-name-case";
    /// A name against today's conventions (events in upper case, the rest in lower case with
    /// `-`, types in CamelCase), which older schemas break (a warning).
    pub const NAME_STYLE: &str = "qapi-name-style";
    /// A command returning no object (QEMU lists its exceptions; a warning when the schema
    /// has no such list, as before QEMU 2.10).
    pub const RETURNS_NON_OBJECT: &str = "qapi-returns-non-object";
    /// A definition without the doc comment the schema's `doc-required` pragma asks for.
    pub const MISSING_DOC: &str = "qapi-missing-doc";
    /// A doc block naming a definition, followed by none.
    pub const DOC_NOT_FOLLOWED: &str = "qapi-doc-not-followed";
    /// A definition's doc block that does not start with its name (`@NAME:`).
    pub const DOC_NO_SYMBOL: &str = "qapi-doc-no-symbol";
    /// A definition after the doc block of another name.
    pub const DOC_WRONG_SYMBOL: &str = "qapi-doc-wrong-symbol";
    /// `Returns:` in the doc block of a definition that is no command.
    pub const DOC_RETURNS: &str = "qapi-doc-returns";
    /// Members documented that the definition does not have.
    pub const DOC_UNKNOWN_MEMBER: &str = "qapi-doc-unknown-member";
    /// QEMU 2.1-2.2's `'type'` for a struct (a warning).
    pub const LEGACY_STRUCT: &str = "qapi-legacy-struct";
    /// QEMU 2.1's `'gen': 'no'` / `'success-response': 'no'` (a warning).
    pub const LEGACY_FLAG: &str = "qapi-legacy-flag";
    /// A member whose type is a struct declared inline, as QEMU 2.1 took (a warning).
    pub const LEGACY_NESTED: &str = "qapi-legacy-nested";
    /// A name with `.` outside a downstream prefix, as QEMU 2.1 took (a warning).
    pub const LEGACY_NAME: &str = "qapi-legacy-name";
    /// QEMU 2.1's anonymous union (`'discriminator': {}`), an alternate today (a warning).
    pub const LEGACY_ALTERNATE: &str = "qapi-legacy-alternate";
    /// A type QEMU 2.1 took without checking in a command it generated no code for
    /// (`'gen': 'no'`): `'visitor'`, `'**'`, `'dict'` (a warning).
    pub const LEGACY_TYPE: &str = "qapi-legacy-type";
    /// A simple union (no discriminator), which QEMU 6.2 on reject (a warning).
    pub const SIMPLE_UNION: &str = "qapi-simple-union";
    /// A condition as a C expression or a list, as QEMU 3.0-6.0 wrote them (a warning).
    pub const LEGACY_CONDITION: &str = "qapi-legacy-condition";
    /// A flat union without a branch for some discriminator value: QEMU before 3.0 reject it,
    /// later ones give the value no members (a warning).
    pub const UNION_MISSING_BRANCH: &str = "qapi-union-missing-branch";
}

/// Every finding of QEMU's semantic checks on `program`, whose doc blocks `docs` holds
/// ([`super::doc::read_program`]: its findings about each block alone are the caller's to report), in
/// the order of the expressions they are about (errors and warnings; never a panic, whatever
/// the tree holds).
pub fn check(program: &Program, docs: &[DocOf<'_>]) -> Vec<Finding> {
    let mut table = Table::new(program);
    let mut findings = Findings {
        list: Vec::new(),
        before_2_9: written_before_2_9(docs),
    };
    declare::declare(&mut table, &mut findings);
    expressions::check(&mut table, &mut findings);
    members::check(&table, &mut findings);
    docs::check(&table, docs, &mut findings);
    // Stable: within an expression, the passes' order.
    findings.list.sort_by_key(|(expression, _)| *expression);
    findings
        .list
        .into_iter()
        .map(|(_, finding)| finding)
        .collect()
}

/// Whether the schema was written for a QEMU before 2.9: its doc blocks start `# @NAME`
/// without the colon 2.9 requires (the doc reader's [`MISSING_COLON`] warning). QEMU 2.9 began
/// to check doc comments against definitions and 2.9-2.10 tightened the rules for names and
/// types; forms the QEMUs before took are warnings in such a schema, errors in any other.
fn written_before_2_9(docs: &[DocOf<'_>]) -> bool {
    docs.iter()
        .flat_map(|doc| &doc.findings)
        .any(|finding| finding.diagnostic.code == MISSING_COLON)
}

/// What checking one expression gives when it fails: its first error.
type Checked = Result<(), Finding>;

/// The findings so far, each with the index of the expression it is about (in reading order).
#[derive(Debug, Default)]
struct Findings {
    list: Vec<(usize, Finding)>,
    /// Whether the schema was written for QEMU before 2.9 (see [`check`]).
    before_2_9: bool,
}

impl Findings {
    fn push(&mut self, expression: usize, finding: Finding) {
        self.list.push((expression, finding));
    }
}

/// The definition being checked: where it stands, its name and its expression.
#[derive(Debug, Clone, Copy)]
struct Subject<'p> {
    span: crate::model::Span,
    name: &'p str,
    expression: &'p ast::Expression,
}

/// Where the checks of one expression put their warnings.
struct Sink<'f> {
    findings: &'f mut Findings,
    expression: usize,
}

impl Sink<'_> {
    fn warn(&mut self, warning: Finding) {
        self.findings.push(self.expression, warning);
    }

    /// `error` is about a form QEMU took before 2.9 (`how`: `as QEMU 2.1 took`): in a schema
    /// written for those QEMUs, a warning (and the check goes on); in any other, the error.
    fn older_form(&mut self, mut error: Finding, how: &str) -> Checked {
        if !self.findings.before_2_9 {
            return Err(error);
        }
        downgrade(&mut error, how);
        self.warn(error);
        Ok(())
    }
}

/// Makes `finding` a warning, saying `how` the form was taken.
fn downgrade(finding: &mut Finding, how: &str) {
    let diagnostic = &mut finding.diagnostic;
    diagnostic.severity = Severity::Warning;
    diagnostic.message = format!("{} ({how})", diagnostic.message);
}

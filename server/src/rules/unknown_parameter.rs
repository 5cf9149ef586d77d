use super::doc::{pages, FixSafety, RuleDoc};
use super::{closest, Ctx, Rule, TypeState};
use crate::catalog::ParameterSpec;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Ident, Verb};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "unknown-parameter",
    severity: "error",
    summary: "A parameter no integration of this TYPE has.",
    doc: RuleDoc {
        what: "Reports a parameter name that no integration of the statement's TYPE has. On an \
               ALTER whose CREATE is not in the file the kind is unknown, and only names that no \
               kind of security integration has are reported; a name that belongs to another \
               kind is left to `not-applicable`.\n\n\
               When a known name is close, the rename is offered, unless the statement already \
               gives that name or, on an ALTER, cannot SET or UNSET it: \
               `EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM` becomes \
               `EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM`. The names come from the catalog; \
               `secint explain NAME` describes each one.",
        why: "Snowflake refuses the whole statement when one property is unknown, so a single \
              typo keeps the integration from being created or changed. Until the statement \
              runs, the misspelt setting reads like one that is in place.",
        fix: FixSafety::Safe(
            "The rename keeps the value and only corrects the spelling of the name. Names the \
             statement already uses, or that the ALTER cannot change, are never offered, so \
             the fix cannot make a duplicate or a new error.",
        ),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !matches!(ctx.statement.verb, Verb::Create | Verb::Alter) {
        return;
    }
    let set: Vec<&Ident> = ctx.statement.params.iter().map(|p| &p.name).collect();
    let unset: Vec<&Ident> = ctx.statement.unset().iter().collect();
    let names = set.iter().map(|n| (*n, &set, false));
    let names = names.chain(unset.iter().map(|n| (*n, &unset, true)));
    for (name, siblings, unsetting) in names {
        if name.upper.is_empty() {
            continue;
        }
        // Only names this place accepts: an ALTER can SET or UNSET only some of them.
        let accepts = |p: &ParameterSpec| match ctx.statement.verb {
            Verb::Alter if unsetting => p.alter.can_unset(),
            Verb::Alter => p.alter.can_set(),
            _ => true,
        };
        let candidates: Vec<&str> = match ctx.type_state {
            TypeState::Checked(kind) => {
                if kind.parameter(&name.upper).is_some()
                    || ctx.catalog.definitions(&name.upper).next().is_some()
                {
                    continue;
                }
                kind.parameters
                    .iter()
                    .filter(|p| accepts(p))
                    .map(|p| p.name.as_str())
                    .collect()
            }
            TypeState::Unknown => {
                if ctx.catalog.definitions(&name.upper).next().is_some() {
                    continue;
                }
                // A CREATE with an unknown TYPE says nothing certain about its parameters.
                if ctx.statement.verb == Verb::Create {
                    continue;
                }
                let mut all: Vec<&str> = ctx
                    .catalog
                    .checked_kinds()
                    .flat_map(|k| k.parameters.iter().filter(|p| accepts(p)))
                    .map(|p| p.name.as_str())
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            }
            TypeState::Unchecked => return,
        };
        let mut diagnostic = ctx.diagnostic(
            RULE.code,
            Severity::Error,
            name.range(),
            format!("unknown parameter `{}`", name.written(ctx.text)),
        );
        // A name the statement already sets (or unsets) would become a duplicate.
        let candidates = candidates
            .into_iter()
            .filter(|c| !siblings.iter().any(|n| n.upper.eq_ignore_ascii_case(c)));
        if let Some(suggestion) = closest(&name.upper, candidates) {
            super::suggest(&mut diagnostic.message, suggestion);
            diagnostic = diagnostic.with_fix(
                Fix::replace(
                    format!("Replace with {suggestion}"),
                    name.range(),
                    suggestion,
                )
                .preferred()
                .safe(),
            );
        }
        out.push(diagnostic);
    }
}

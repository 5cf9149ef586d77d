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
    doc: "The name is not a parameter of the integration's TYPE (or, on an ALTER whose CREATE is \
          not in the file, of any kind of security integration). A close match is offered as a fix, unless the \
          statement already gives it or (on an ALTER) cannot SET or UNSET it: \
          `EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM` becomes \
          `EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM`. A parameter that belongs to the other OAuth \
          TYPE is reported as `not-applicable` instead. Fix safety: the rename is safe.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !matches!(ctx.statement.verb, Verb::Create | Verb::Alter) {
        return;
    }
    let set: Vec<&Ident> = ctx.statement.params.iter().map(|p| &p.name).collect();
    let unset: Vec<&Ident> = ctx.statement.unset.iter().collect();
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
            name.range.clone(),
            format!("unknown parameter `{}`", name.text),
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
                    name.range.clone(),
                    suggestion,
                )
                .preferred()
                .safe(),
            );
        }
        out.push(diagnostic);
    }
}

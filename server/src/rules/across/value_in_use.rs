use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::{Live, Step, WorkspaceCtx};
use crate::workspace::WorkspaceDiagnostic;
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "value-in-use",
    severity: "warning",
    summary: "A value that an account allows on one integration only, already used by another.",
    doc: RuleDoc {
        what: "Reports a value that an account allows on one integration of a kind only, when \
               an integration that exists at that point of the workspace already uses it: an \
               External OAuth issuer, or a partner `OAUTH_CLIENT` such as `TABLEAU_SERVER`. \
               The catalog's `[[workspace.unique]]` entries list the parameters; a DROP or OR \
               REPLACE frees a value.",
        why: "Snowflake refuses the second integration: 003524 (an integration with the given \
              issuer already exists for this account) and 390950 (integration of this type \
              already exists). No docs page states either rule; both are errors Snowflake was \
              seen to return, and the scope of 390950 is uncertain, so this is a warning.",
        fix: FixSafety::None("Which integration should keep the value is the team's choice."),
        covers: None,
        sources: &[pages::CREATE_EXTERNAL_OAUTH, pages::CREATE_SNOWFLAKE_OAUTH],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    // (kind, parameter, value) to the step that holds it (one of the integrations' changes),
    // as (hash of the three, step, the parameter's place in the kind's list, the generation of
    // the holder's name): the kind and the value are read from the step when needed.
    let mut holders: HashTable<(u64, u32, u32, u32)> = HashTable::new();
    // A name's generation goes up when a CREATE replaces or a DROP drops it, which frees what
    // it held: an entry of an older generation is stale. (Removing the entries instead would
    // cost a pass over all of them per replacement.)
    let mut generations: FxHashMap<String, u32> = FxHashMap::default();
    let generation = |generations: &FxHashMap<String, u32>, live: &Live| {
        generations.get(&live.name().key()).copied().unwrap_or(0)
    };
    let holder = |at: u32| -> &Live {
        let (_, _, live) = ctx.steps[at as usize]
            .change()
            .expect("only changes hold values");
        live
    };
    for (at, step) in ctx.steps.iter().enumerate() {
        match step {
            Step::Create {
                live,
                previous: Some(_),
            } if live.create.statement.if_not_exists().is_none() => {
                *generations.entry(live.name().key()).or_default() += 1;
            }
            Step::Dropped { key } => *generations.entry(key.clone()).or_default() += 1,
            _ => {}
        }
        let Some((path, statement, live)) = step.change() else {
            continue;
        };
        let Some(kind) = live.kind else { continue };
        for (u, unique) in kind.workspace.unique.iter().enumerate() {
            let Some(param) = statement.param(&unique.parameter) else {
                continue;
            };
            let Some(value) = live.word(&unique.parameter) else {
                continue;
            };
            if !unique.values.is_empty() && !unique.values.contains(&value) {
                continue;
            }
            let parameter = unique.parameter.as_str();
            let hash = FxBuildHasher.hash_one((kind as *const _ as usize, parameter, &value));
            let holds = |&(h, at, p, g): &(u64, u32, u32, u32)| {
                let other = holder(at);
                h == hash
                    && p == u as u32
                    && other.kind.is_some_and(|k| std::ptr::eq(k, kind))
                    && other.word(parameter).as_ref() == Some(&value)
                    && generation(&generations, other) == g
            };
            match holders.find(hash, holds).map(|&(_, h, _, _)| holder(h)) {
                Some(holder) if !holder.same_name(live) => {
                    let range =
                        statement.at(&param.value.as_ref().map_or(param.range(), |v| v.range()));
                    let first = holder
                        .create
                        .param(&unique.parameter)
                        .map_or(holder.name_range(), |p| holder.create.at(&p.range()));
                    let diagnostic = Diagnostic::new(
                        RULE.code,
                        Severity::Warning,
                        range,
                        format!(
                            "`{}` already uses this {}",
                            holder.name().text,
                            unique.parameter
                        ),
                    )
                    .with_related_in(holder.path.clone(), first, "used first here")
                    .with_note(Some(&unique.note));
                    push(out, path, diagnostic);
                }
                Some(_) => {}
                None => {
                    let g = generation(&generations, live);
                    holders.insert_unique(hash, (hash, at as u32, u as u32, g), |&(h, ..)| h);
                }
            }
        }
    }
}

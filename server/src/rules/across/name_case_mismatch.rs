use super::push;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::semantics::RefForm;
use crate::workspace::rules::WorkspaceCtx;
use crate::workspace::{Location, WorkspaceDiagnostic};
use rustc_hash::FxHashMap;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "name-case-mismatch",
    severity: "warning",
    summary: "A name that differs only in case from the name an integration was created with.",
    doc: RuleDoc {
        what: "Reports a name that differs only in case from the name an integration was \
               created with: `ALTER INTEGRATION my_int` for an integration created as \
               `\"my_int\"`, and the string argument of `SYSTEM$SHOW_OAUTH_CLIENT_SECRETS` or \
               `SYSTEM$GENERATE_SCIM_ACCESS_TOKEN` when it is not the stored name exactly.",
        why: "Snowflake folds unquoted names to upper case and keeps quoted names as written, \
              so the unquoted name looks for `MY_INT` and fails with 002003 (does not exist or \
              not authorized). The two functions take the stored name in single quotes, upper \
              case for an unquoted name and without double quotes.",
        fix: FixSafety::Mixed(
            "Writing the stored name into a function's string is safe: it \
                               is the only name that works there. Quoting an identifier is \
                               unsafe: another integration may hold the folded name.",
        ),
        covers: None,
        sources: &[
            pages::IDENTIFIERS,
            pages::SHOW_OAUTH_CLIENT_SECRETS,
            pages::GENERATE_SCIM_ACCESS_TOKEN,
        ],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

/// Every CREATE by its upper-cased name.
pub fn by_upper(ctx: &WorkspaceCtx) -> FxHashMap<String, Location> {
    let mut out: FxHashMap<String, Location> = FxHashMap::default();
    for (path, file) in ctx.workspace.files() {
        for (i, name) in file.definitions() {
            out.entry(name.key.to_ascii_uppercase())
                .or_insert_with(|| Location {
                    path: path.clone(),
                    name,
                    statement: file.located(i).range(),
                });
        }
    }
    out
}

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    let mut upper: Option<FxHashMap<String, Location>> = None;
    for (path, reference) in ctx.unresolved() {
        let name = &reference.name;
        let bare = name.key.trim_matches('"');
        let upper = upper.get_or_insert_with(|| by_upper(ctx));
        let Some(found) = upper.get(&bare.to_ascii_uppercase()) else {
            continue;
        };
        let stored = &found.name.key;
        let (message, fix) = if name.in_string {
            if !matches!(
                reference.form,
                RefForm::Function {
                    exact_case: true,
                    ..
                }
            ) && !name.key.contains('"')
            {
                continue;
            }
            (
                format!("the stored name is `{stored}`"),
                Fix::replace(
                    format!("Use `{stored}`"),
                    name.range.clone(),
                    stored.replace('\'', "''"),
                )
                .safe()
                .preferred(),
            )
        } else {
            let quoted = format!("\"{}\"", stored.replace('"', "\"\""));
            (
                format!(
                    "`{}` resolves to `{}`; the integration is `{quoted}`",
                    name.text, name.key
                ),
                Fix::replace(
                    format!("Write {quoted}"),
                    name.range.clone(),
                    quoted.clone(),
                )
                .preferred(),
            )
        };
        let diagnostic = Diagnostic::new(RULE.code, Severity::Warning, name.range.clone(), message)
            .with_fix(fix)
            .with_related_in(found.path.clone(), found.name.range.clone(), "created here");
        push(out, path, diagnostic);
    }
}

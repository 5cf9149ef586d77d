use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ValueForm;
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::semantics::RefForm;
use crate::workspace::rules::WorkspaceCtx;
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "scope-not-allowed",
    severity: "warning",
    summary: "A secret asks for an OAuth scope its integration does not allow.",
    doc: RuleDoc {
        what: "Reports an `OAUTH_SCOPES` entry of a `TYPE = OAUTH2` secret that is not in the \
               `OAUTH_ALLOWED_SCOPES` of the API authentication integration the secret names. \
               Scopes are compared exactly. Silent when the integration lists no allowed \
               scopes or is created outside the workspace.",
        why: "CREATE SECRET requires the secret's scopes to be a subset of the integration's \
              allowed scopes; a token for a scope outside them is never issued.",
        fix: FixSafety::None(
            "Adding the scope to the integration widens what its tokens may \
                              do; dropping it from the secret may break the caller.",
        ),
        covers: None,
        sources: &[pages::CREATE_SECRET],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    for (path, reference, target) in ctx.resolved() {
        let RefForm::Secret { scopes, .. } = &reference.form else {
            continue;
        };
        let Some(list) = target
            .kind
            .and_then(|k| k.workspace.allowed_scopes.as_deref())
        else {
            continue;
        };
        let Some(allowed) = target.create.param(list).and_then(|p| p.value.as_ref()) else {
            continue;
        };
        if allowed.holds_placeholder() {
            continue;
        }
        let allowed: Vec<&str> = allowed
            .items()
            .iter()
            .filter_map(|v| match &v.form {
                ValueForm::String(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect();
        for (scope, range) in scopes {
            if allowed.contains(&scope.as_str()) || crate::model::is_placeholder_text(scope) {
                continue;
            }
            let diagnostic = Diagnostic::new(
                RULE.code,
                Severity::Warning,
                range.clone(),
                format!(
                    "scope `{scope}` is not in `{}`'s {list}",
                    target.name().text
                ),
            )
            .with_related_in(
                target.path.clone(),
                target
                    .create
                    .param(list)
                    .map_or(target.name_range(), |p| target.create.at(&p.range())),
                "the allowed scopes",
            );
            push(out, path, diagnostic);
        }
    }
}

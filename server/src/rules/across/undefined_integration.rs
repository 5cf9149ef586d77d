use super::name_case_mismatch::by_upper;
use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::WorkspaceCtx;
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "undefined-integration",
    severity: "off (information when selected)",
    summary: "A statement names an integration that no file of the workspace creates.",
    doc: RuleDoc {
        what: "Reports ALTER, DROP, GRANT, secrets, policies and `SYSTEM$` calls that name an \
               integration no CREATE of the workspace makes. Off unless selected: `[rules] \
               undefined-integration = \"information\"` or `--extend-select \
               undefined-integration`.",
        why: "A name with no CREATE is often a typo, but integrations are just as often \
              created outside the repository, by hand or by another project.",
        fix: FixSafety::None("Only the author knows which integration was meant."),
        covers: None,
        sources: &[pages::IDENTIFIERS],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    let mut upper = None;
    for (path, reference) in ctx.unresolved() {
        let upper = upper.get_or_insert_with(|| by_upper(ctx));
        let bare = reference.name.key.trim_matches('"').to_ascii_uppercase();
        if upper.contains_key(&bare) {
            continue;
        }
        let diagnostic = Diagnostic::new(
            RULE.code,
            Severity::Information,
            reference.name.range.clone(),
            format!("no file creates integration `{}`", reference.name.text),
        );
        push(out, path, diagnostic);
    }
}

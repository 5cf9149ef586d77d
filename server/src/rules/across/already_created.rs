use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::{Step, WorkspaceCtx};
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "already-created",
    severity: "warning",
    summary:
        "A CREATE of a name an earlier CREATE already made, without OR REPLACE or IF NOT EXISTS.",
    doc: RuleDoc {
        what: "Reports a CREATE of a name that an earlier CREATE of the workspace made, with no \
               DROP since and neither OR REPLACE nor IF NOT EXISTS. Statements are ordered by \
               file path, then by position, as migration tools run them.",
        why: "Every CREATE SECURITY INTEGRATION page says the name must be unique in the \
              account, so the second CREATE fails when it runs. It is a warning because a \
              repository may hold the scripts of several accounts.",
        fix: FixSafety::None(
            "OR REPLACE, IF NOT EXISTS and a DROP first each do something \
                              different; the author chooses.",
        ),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    for step in &ctx.steps {
        let Step::Create {
            live,
            previous: Some(previous),
        } = step
        else {
            continue;
        };
        let (path, statement) = (live.path, live.create.statement);
        if statement.or_replace().is_some() || statement.if_not_exists().is_some() {
            continue;
        }
        let diagnostic = Diagnostic::new(
            RULE.code,
            Severity::Warning,
            live.name_range(),
            format!("integration `{}` already exists", live.name().text),
        )
        .with_related_in(
            previous.path.clone(),
            previous.name_range(),
            "created first here; add OR REPLACE, IF NOT EXISTS or a DROP",
        );
        push(out, path, diagnostic);
    }
}

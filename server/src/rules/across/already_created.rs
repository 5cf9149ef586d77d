use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::{Step, WorkspaceCtx};
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "already-created",
    severity: "warning",
    summary:
        "A CREATE of a name an earlier CREATE already made, without OR REPLACE or IF NOT EXISTS.",
    doc: "Every CREATE SECURITY INTEGRATION page says the name must be unique in the account, so \
          a plain CREATE of a name that an earlier statement of the workspace created (and no \
          DROP removed since) fails when it runs. Statements are ordered by file path, then by \
          position, as migration tools run them. Add OR REPLACE to replace the integration, IF \
          NOT EXISTS to keep the first one, or DROP it first. It is a warning because a \
          repository may hold scripts for several accounts. \
          https://docs.snowflake.com/en/sql-reference/sql/create-security-integration",
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    for step in &ctx.steps {
        let Step::Create {
            path,
            statement,
            name,
            previous: Some(previous),
            ..
        } = step
        else {
            continue;
        };
        if statement.or_replace.is_some() || statement.if_not_exists.is_some() {
            continue;
        }
        let diagnostic = Diagnostic::new(
            RULE.code,
            Severity::Warning,
            name.range.clone(),
            format!("integration `{}` already exists", name.text),
        )
        .with_related_in(
            previous.path.clone(),
            previous.name.range.clone(),
            "created first here; add OR REPLACE, IF NOT EXISTS or a DROP",
        );
        push(out, path, diagnostic);
    }
}

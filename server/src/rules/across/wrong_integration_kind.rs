use super::push;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::{Step, WorkspaceCtx};
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "wrong-integration-kind",
    severity: "warning",
    summary: "A statement names an integration of a kind it cannot use.",
    doc: "Statements that name a security integration need one of a given kind: `GRANT \
          USE_ANY_ROLE` an External OAuth integration; a `TYPE = OAUTH2` secret an OAuth 2.0 \
          API authentication integration and a `TYPE = CLOUD_PROVIDER_TOKEN` secret an AWS IAM \
          one; `ALLOWED_API_AUTHENTICATION_INTEGRATIONS` of an external access integration API \
          authentication integrations; an authentication policy's `SECURITY_INTEGRATIONS` \
          SAML2, OIDC or External OAuth ones; delegated authorizations a Snowflake OAuth one; \
          and each `SYSTEM$` function the kind it serves. The catalog's `referenced_by` lists \
          say which. The rule only speaks when a CREATE in the workspace tells the kind. \
          https://docs.snowflake.com/en/sql-reference/sql/create-secret",
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    let catalog = Catalog::get();
    for step in &ctx.steps {
        let Step::Reference {
            path,
            reference,
            target: Some(target),
        } = step
        else {
            continue;
        };
        let (Some(form), Some(kind)) = (reference.form.catalog_key(), target.kind) else {
            continue;
        };
        let accepting: Vec<&str> = catalog
            .kinds
            .iter()
            .filter(|k| k.workspace.referenced_by.contains(&form))
            .map(|k| k.title.as_str())
            .collect();
        if accepting.is_empty() || kind.workspace.referenced_by.contains(&form) {
            continue;
        }
        let diagnostic = Diagnostic::new(
            RULE.code,
            Severity::Warning,
            reference.name.range.clone(),
            format!(
                "`{}` is {} {} integration",
                reference.name.text,
                article(&kind.title),
                kind.title
            ),
        )
        .with_related_in(
            target.path.clone(),
            target.name.range.clone(),
            format!(
                "created here; {} needs {}",
                reference.form.describe(),
                crate::rules::one_of(&accepting.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            ),
        );
        push(out, path, diagnostic);
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

use super::push;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::WorkspaceCtx;
use crate::workspace::WorkspaceDiagnostic;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "wrong-integration-kind",
    severity: "warning",
    summary: "A statement names an integration of a kind it cannot use.",
    doc: RuleDoc {
        what: "Reports a statement that names an integration of a kind it cannot use: `GRANT \
               USE_ANY_ROLE` on anything but External OAuth; a `TYPE = OAUTH2` secret over \
               anything but an OAuth 2.0 API authentication integration, a `TYPE = \
               CLOUD_PROVIDER_TOKEN` secret over anything but AWS IAM; external access \
               integrations listing other than API authentication integrations; authentication \
               policies listing other than SAML2, OIDC or External OAuth; delegated \
               authorizations to other than Snowflake OAuth; and `SYSTEM$` functions given the \
               wrong kind. The catalog's `referenced_by` lists say which. It speaks only when a \
               CREATE in the workspace tells the kind.",
        why: "Snowflake rejects the statement when it runs, or the grant, secret or policy \
              does nothing for the integration it names.",
        fix: FixSafety::None("The right integration to name is not knowable from the text."),
        covers: None,
        sources: &[
            pages::CREATE_SECRET,
            pages::EXTERNAL_ACCESS,
            pages::AUTHENTICATION_POLICY,
        ],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    let catalog = Catalog::get();
    for (path, reference, target) in ctx.resolved() {
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
            target.name_range(),
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

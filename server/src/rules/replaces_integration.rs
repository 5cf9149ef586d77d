use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "replaces-integration",
    severity: "information",
    summary: "CREATE OR REPLACE of an integration whose identity Snowflake generates.",
    doc: RuleDoc {
        what: "Reports CREATE OR REPLACE of a custom Snowflake OAuth client or of an external \
               secret provider (`AUTH_TYPE = WORKLOAD_IDENTITY_FEDERATION`). The message says \
               when the same file already creates the integration.",
        why: "CREATE OR REPLACE drops the integration and creates a new one in one transaction. \
              For these two kinds that is more than new parameters: a custom OAuth client gets \
              a new client ID and new secrets (read with `SYSTEM$SHOW_OAUTH_CLIENT_SECRETS`), \
              so every application that uses the old ones stops signing in; an external secret \
              provider gets a new subject, which breaks the trust the cloud provider placed in \
              the old one, and its page says to use ALTER instead.",
        fix: FixSafety::None("Whether to re-create or to ALTER is a deployment decision."),
        covers: None,
        sources: &[
            pages::CREATE,
            pages::SHOW_OAUTH_CLIENT_SECRETS,
            pages::CREATE_SECRET_PROVIDER,
        ],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Create {
        return;
    }
    let Some(or_replace) = ctx.statement.or_replace() else {
        return;
    };
    // A value whose identity Snowflake generates (the catalog's `on_replace`).
    let Some(breaks) = ctx.known_params().find_map(|(param, spec)| {
        let word = param.value.as_ref()?.scalar()?.trim().to_ascii_uppercase();
        spec.value(&word)?.on_replace.as_deref()
    }) else {
        return;
    };
    let name = ctx.named();
    let message = match ctx.create {
        Some(_) => format!("OR REPLACE re-creates {name}, which this file already creates"),
        None => format!("OR REPLACE re-creates {name} if it exists"),
    };
    let mut diagnostic = ctx
        .diagnostic(RULE.code, Severity::Information, or_replace, message)
        .with_note(Some(breaks));
    if let Some(earlier) = ctx.create {
        diagnostic = diagnostic.with_related(earlier.range(), "created here before");
    }
    out.push(diagnostic);
}

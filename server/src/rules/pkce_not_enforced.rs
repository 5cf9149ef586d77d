use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "pkce-not-enforced",
    severity: "warning",
    summary: "A PUBLIC OAuth client that does not require PKCE.",
    doc: RuleDoc {
        what: "Reports a public Snowflake OAuth client (`OAUTH_CLIENT_TYPE = 'PUBLIC'`) without \
               `OAUTH_ENFORCE_PKCE = TRUE`. On an ALTER the rule needs the CREATE in the same \
               file, and reports only what the ALTER changes.",
        why: "A public client cannot keep a secret, so the authorization code it receives is \
              all an attacker who intercepts it needs. PKCE binds the code to the client that \
              asked for it: RFC 9700 requires it for public clients, and the CREATE (Snowflake \
              OAuth) page recommends requiring it for every authorization. Snowflake enforces \
              it only with `OAUTH_ENFORCE_PKCE = TRUE`.",
        fix: FixSafety::Unsafe(
            "Setting or adding `OAUTH_ENFORCE_PKCE = TRUE` is unsafe: clients that send no code \
             challenge stop signing in.",
        ),
        covers: None,
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH, pages::RFC_9700],
    },
    check: Some(check),
};

const ENFORCE: &str = "OAUTH_ENFORCE_PKCE";

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.effective_word("OAUTH_CLIENT_TYPE").as_deref() != Some("PUBLIC") {
        return;
    }
    if ctx.spec(ENFORCE).is_none() || ctx.effective_word(ENFORCE).as_deref() == Some("TRUE") {
        return;
    }
    let written = ctx.statement.param(ENFORCE);
    // An ALTER reports only what it changes.
    if ctx.statement.verb == Verb::Alter
        && written.is_none()
        && ctx.statement.param("OAUTH_CLIENT_TYPE").is_none()
    {
        return;
    }
    if !matches!(ctx.statement.verb, Verb::Create | Verb::Alter) {
        return;
    }
    let (range, fix) = match written.and_then(|p| p.value.as_ref()) {
        Some(value) => (
            value.range(),
            Fix::replace("Set OAUTH_ENFORCE_PKCE = TRUE", value.range(), "TRUE"),
        ),
        None => (
            ctx.statement
                .param("OAUTH_CLIENT_TYPE")
                .map(|p| p.range())
                .unwrap_or(ctx.statement.range()),
            ctx.insert_param_fix("Add OAUTH_ENFORCE_PKCE = TRUE", "OAUTH_ENFORCE_PKCE = TRUE"),
        ),
    };
    let fixable = !ctx.statement.has_syntax_error;
    let diagnostic = ctx
        .diagnostic(
            RULE.code,
            Severity::Warning,
            range,
            "a PUBLIC client without OAUTH_ENFORCE_PKCE = TRUE",
        )
        .with_note(Some(
            "a public client holds no secret: without PKCE an intercepted authorization code is enough",
        ));
    out.push(match fixable {
        true => diagnostic.with_fix(fix.preferred()),
        false => diagnostic,
    });
}

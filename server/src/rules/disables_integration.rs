use super::doc::{pages, FixSafety, RuleDoc};
use super::{written_as, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "disables-integration",
    severity: "information",
    summary: "ALTER … SET ENABLED = FALSE: every sign-in through the integration stops.",
    doc: RuleDoc {
        what: "Reports ALTER … SET ENABLED = FALSE on a security integration.",
        why: "While an integration is disabled, Snowflake accepts no token, SAML assertion or \
              SCIM request through it: users who sign in that way are locked out until it is \
              enabled again. Fine for maintenance, worth a second look in a migration.",
        fix: FixSafety::None("Disabling may be exactly what the change is for."),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    let Some((param, _)) = written_as(ctx, "ENABLED", "FALSE") else {
        return;
    };
    let name = ctx.named();
    let kind = ctx
        .kind()
        .map(|k| format!(" ({})", k.title))
        .unwrap_or_default();
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Information,
            param.range(),
            format!("disabling {name} stops every sign-in through it{kind}"),
        )
        .with_note(Some(
            "users who sign in through this integration are locked out until it is enabled again",
        )),
    );
}

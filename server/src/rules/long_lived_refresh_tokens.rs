use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ValueForm;

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "long-lived-refresh-tokens",
    severity: "information",
    summary: "A PUBLIC client with refresh tokens at the 90-day maximum.",
    doc: RuleDoc {
        what: "Reports `OAUTH_REFRESH_TOKEN_VALIDITY = 7776000` (90 days, the maximum) on a \
               public client (`OAUTH_CLIENT_TYPE = 'PUBLIC'`). A judgement call, reported as \
               information.",
        why: "A public client keeps its refresh token on a desktop or a phone; if the token \
              leaks, it keeps working for three months. The CREATE (Snowflake OAuth) page gives \
              the range a shorter validity can be chosen from.",
        fix: FixSafety::None("The right lifetime is the team's choice."),
        covers: None,
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH],
    },
    check: Some(check),
};

const MAXIMUM: i64 = 7_776_000;

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.effective_word("OAUTH_CLIENT_TYPE").as_deref() != Some("PUBLIC") {
        return;
    }
    let Some(param) = ctx.statement.param("OAUTH_REFRESH_TOKEN_VALIDITY") else {
        return;
    };
    let Some(value) = &param.value else { return };
    let number = match &value.form {
        ValueForm::Number(n) => n.parse::<i64>().ok(),
        _ => None,
    };
    if number != Some(MAXIMUM) {
        return;
    }
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Information,
            value.range(),
            "refresh tokens of a PUBLIC client stay valid for 90 days",
        )
        .with_note(Some(
            "a leaked refresh token keeps working until it expires; consider a shorter validity",
        )),
    );
}

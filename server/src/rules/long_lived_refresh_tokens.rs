use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ValueForm;

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "long-lived-refresh-tokens",
    severity: "information",
    summary: "A PUBLIC client with refresh tokens at the 90-day maximum.",
    doc: "`OAUTH_REFRESH_TOKEN_VALIDITY = 7776000` (90 days, the maximum) on a public client \
          (`OAUTH_CLIENT_TYPE = 'PUBLIC'`): a refresh token held on a desktop or phone then keeps \
          working for three months after it leaks. A judgement call, reported as information; \
          the CREATE (Snowflake OAuth) page gives the range \
          (https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-snowflake). \
          No fix: the right lifetime is the team's choice.",
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
            value.range.clone(),
            "refresh tokens of a PUBLIC client stay valid for 90 days",
        )
        .with_note(Some(
            "a leaked refresh token keeps working until it expires; consider a shorter validity",
        )),
    );
}

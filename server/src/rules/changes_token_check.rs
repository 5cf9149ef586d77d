use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "changes-token-check",
    severity: "information",
    summary: "ALTER … SET of a value that every token is checked against.",
    doc: "Snowflake checks each External OAuth token's issuer and audience against \
          EXTERNAL_OAUTH_ISSUER and EXTERNAL_OAUTH_AUDIENCE_LIST, and maps it to a user through \
          EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM and EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE \
          (https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external). \
          Changing one of them with ALTER takes effect at once: tokens the identity provider \
          issues the old way stop working, and users may map to no user or another one.",
    check: Some(check),
};

const TOKEN_CHECKS: [(&str, &str); 4] = [
    (
        "EXTERNAL_OAUTH_ISSUER",
        "tokens from the old issuer are rejected",
    ),
    (
        "EXTERNAL_OAUTH_AUDIENCE_LIST",
        "tokens for a removed audience are rejected",
    ),
    (
        "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM",
        "users are looked up by another claim",
    ),
    (
        "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
        "users are matched on another attribute",
    ),
];

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    for param in &ctx.statement.params {
        let Some((name, effect)) = TOKEN_CHECKS
            .iter()
            .find(|(name, _)| param.name.upper == *name)
        else {
            continue;
        };
        let mut diagnostic = ctx
            .diagnostic(
                RULE.code,
                Severity::Information,
                param.name.range.clone(),
                format!("changing `{name}` affects every token at once"),
            )
            .with_note(Some(effect));
        if let Some(old) = ctx.create.and_then(|c| c.param(name)) {
            diagnostic = diagnostic.with_related(old.range.clone(), "the value it replaces");
        }
        out.push(diagnostic);
    }
}

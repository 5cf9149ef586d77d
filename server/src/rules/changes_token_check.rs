use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "changes-token-check",
    severity: "information",
    summary: "ALTER … SET of a value that every token is checked against.",
    doc: RuleDoc {
        what: "Reports ALTER … SET of `EXTERNAL_OAUTH_ISSUER`, `EXTERNAL_OAUTH_AUDIENCE_LIST`, \
               `EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM` or \
               `EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE`, with the value it replaces when \
               the CREATE is in the file.",
        why: "Snowflake checks each External OAuth token's issuer and audience against the first \
              two and maps it to a user through the other two. The change takes effect at once: \
              tokens the identity provider issues the old way stop working, and users may map \
              to no user or to another one.",
        fix: FixSafety::None(
            "The change is usually intended; the report is a reminder to change the identity \
             provider at the same moment.",
        ),
        covers: None,
        sources: &[pages::ALTER_EXTERNAL_OAUTH, pages::CREATE_EXTERNAL_OAUTH],
    },
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
                param.name.range(),
                format!("changing `{name}` affects every token at once"),
            )
            .with_note(Some(effect));
        if let Some(old) = ctx.create.and_then(|c| c.param(name)) {
            diagnostic = diagnostic.with_related(old.range(), "the value it replaces");
        }
        out.push(diagnostic);
    }
}

use super::{written_as, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "scim-password-sync",
    severity: "warning",
    summary: "SYNC_PASSWORD = TRUE copies passwords from the identity provider into Snowflake.",
    doc: "With `SYNC_PASSWORD = TRUE` a SCIM integration pushes each user's identity-provider \
          password into Snowflake, so the user can also sign in with a password that bypasses \
          single sign-on and the provider's multi-factor checks. Snowflake changed the default to \
          FALSE in behaviour change bundle 2024_08 (BCR-1768); the CREATE SECURITY INTEGRATION \
          (SCIM) page documents the parameter \
          (https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-scim). \
          Fix safety: setting it to FALSE is unsafe, since users who sign in with a password \
          today lose it.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some((_, value)) = written_as(ctx, "SYNC_PASSWORD", "TRUE") else {
        return;
    };
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            value.range.clone(),
            "SCIM copies passwords into Snowflake, where they bypass single sign-on",
        )
        .with_note(Some(
            "a synced password lets users sign in without the identity provider's checks",
        ))
        .with_fix(
            Fix::replace("Set SYNC_PASSWORD = FALSE", value.range.clone(), "FALSE").preferred(),
        ),
    );
}

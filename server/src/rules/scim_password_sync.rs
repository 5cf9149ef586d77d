use super::doc::{pages, FixSafety, RuleDoc};
use super::{written_as, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "scim-password-sync",
    severity: "warning",
    summary: "SYNC_PASSWORD = TRUE copies passwords from the identity provider into Snowflake.",
    doc: RuleDoc {
        what: "Reports `SYNC_PASSWORD = TRUE` on a SCIM integration.",
        why: "The integration then pushes each user's identity-provider password into \
              Snowflake, so the user can also sign in with a password that bypasses single \
              sign-on and the provider's multi-factor checks. Snowflake changed the default to \
              FALSE in behaviour change bundle 2024_08 (BCR-1768).",
        fix: FixSafety::Unsafe(
            "Setting it to FALSE is unsafe: users who sign in with a password today lose that \
             way in.",
        ),
        covers: None,
        sources: &[pages::CREATE_SCIM],
    },
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
            value.range(),
            "SCIM copies passwords into Snowflake, where they bypass single sign-on",
        )
        .with_note(Some(
            "a synced password lets users sign in without the identity provider's checks",
        ))
        .with_fix(Fix::replace("Set SYNC_PASSWORD = FALSE", value.range(), "FALSE").preferred()),
    );
}

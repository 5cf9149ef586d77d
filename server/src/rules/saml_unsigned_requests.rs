use super::doc::{pages, FixSafety, RuleDoc};
use super::{written_as, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "saml-unsigned-requests",
    severity: "information",
    summary: "SAML2_SIGN_REQUEST = FALSE: the identity provider cannot tell Snowflake's requests from forged ones.",
    doc: RuleDoc {
        what: "Reports `SAML2_SIGN_REQUEST = FALSE`. A judgement call, reported as information.",
        why: "The setting decides whether Snowflake signs the SAML authentication requests it \
              sends. Most identity providers accept unsigned requests, but only a signed one \
              lets the provider check that it came from Snowflake.",
        fix: FixSafety::Unsafe(
            "Signing requests is unsafe: the identity provider must first hold Snowflake's \
             certificate (`SAML2_SNOWFLAKE_X509_CERT`) to check the signature.",
        ),
        covers: None,
        sources: &[pages::CREATE_SAML2],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some((_, value)) = written_as(ctx, "SAML2_SIGN_REQUEST", "FALSE") else {
        return;
    };
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Information,
            value.range(),
            "Snowflake's SAML requests are not signed",
        )
        .with_note(Some(
            "a signed request lets the identity provider check that it came from Snowflake",
        ))
        .with_fix(Fix::replace("Sign requests", value.range(), "TRUE").preferred()),
    );
}

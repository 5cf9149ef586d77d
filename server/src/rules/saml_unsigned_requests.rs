use super::{written_as, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "saml-unsigned-requests",
    severity: "information",
    summary: "SAML2_SIGN_REQUEST = FALSE: the identity provider cannot tell Snowflake's requests from forged ones.",
    doc: "`SAML2_SIGN_REQUEST` decides whether Snowflake signs the SAML authentication requests it \
          sends (CREATE SECURITY INTEGRATION (SAML2), \
          https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-saml2). \
          Unsigned requests are accepted by most providers, but a signed request lets the \
          provider verify that it came from Snowflake. A judgement call, reported as information. \
          Fix safety: unsafe, since the provider must then hold Snowflake's certificate \
          (SAML2_SNOWFLAKE_X509_CERT) to check the signature.",
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
            value.range.clone(),
            "Snowflake's SAML requests are not signed",
        )
        .with_note(Some(
            "a signed request lets the identity provider check that it came from Snowflake",
        ))
        .with_fix(Fix::replace("Sign requests", value.range.clone(), "TRUE").preferred()),
    );
}

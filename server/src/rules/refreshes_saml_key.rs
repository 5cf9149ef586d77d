use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "refreshes-saml-key",
    severity: "information",
    summary: "ALTER … REFRESH SAML2_SNOWFLAKE_PRIVATE_KEY: SAML sign-in fails until the IdP has the new certificate.",
    doc: RuleDoc {
        what: "Reports ALTER … REFRESH SAML2_SNOWFLAKE_PRIVATE_KEY.",
        why: "The refresh replaces Snowflake's private key and its self-signed certificate. The \
              ALTER (SAML2) page warns that SAML sign-in fails until the new \
              `SAML2_SNOWFLAKE_X509_CERT` (from DESCRIBE INTEGRATION) is uploaded to the \
              identity provider.",
        fix: FixSafety::None(
            "The refresh may be due; what matters is updating the identity provider right after \
             it.",
        ),
        covers: None,
        sources: &[pages::ALTER_SAML2],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(target) = ctx.statement.refresh() else {
        return;
    };
    if target.upper != "SAML2_SNOWFLAKE_PRIVATE_KEY" {
        return;
    }
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Information,
            target.range(),
            "SAML sign-in fails until the IdP has the new Snowflake certificate",
        )
        .with_note(Some(
            "upload the new SAML2_SNOWFLAKE_X509_CERT (DESCRIBE INTEGRATION) to the identity provider",
        )),
    );
}

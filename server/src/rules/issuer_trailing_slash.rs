use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::ValueForm;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "issuer-trailing-slash",
    severity: "error",
    summary: "An Entra ID v1 issuer without its final `/`.",
    doc: RuleDoc {
        what: "Reports a Microsoft Entra ID (v1) `EXTERNAL_OAUTH_ISSUER` without its final `/`: \
               Entra ID v1 tokens name their issuer `https://sts.windows.net/<tenant_id>/`.",
        why: "Snowflake compares the issuer exactly, so without the slash every token is \
              rejected and nobody signs in; Snowflake's Power BI page says the integration must \
              then be dropped and created again.",
        fix: FixSafety::Safe(
            "Adding the slash makes the value match what every Entra ID v1 token says; nothing \
             else changes.",
        ),
        covers: None,
        sources: &[pages::POWER_BI, pages::CREATE_EXTERNAL_OAUTH],
    },
    check: Some(check),
};

const HOST: &str = "https://sts.windows.net/";

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.kind().is_some_and(|k| k.type_name != "EXTERNAL_OAUTH") || !ctx.is_checked() {
        return;
    }
    let Some(param) = ctx.statement.param("EXTERNAL_OAUTH_ISSUER") else {
        return;
    };
    let Some(value) = &param.value else { return };
    let ValueForm::String(issuer) = &value.form else {
        return;
    };
    let issuer = issuer.trim();
    let Some(tenant) = issuer
        .get(..HOST.len())
        .filter(|h| h.eq_ignore_ascii_case(HOST))
        .map(|_| &issuer[HOST.len()..])
    else {
        return;
    };
    if tenant.is_empty() || tenant.contains('/') || tenant.contains('?') {
        return;
    }
    let close = value.range.end - 1;
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Error,
            value.range.clone(),
            "Entra ID issuer is missing its trailing `/`",
        )
        .with_related(
            value.range.clone(),
            "Entra ID v1 tokens name their issuer `https://sts.windows.net/<tenant_id>/`; without the `/` no token matches",
        )
        .with_fix(
            Fix::replace("Add the trailing `/`", close..close, "/")
                .preferred()
                .safe(),
        ),
    );
}

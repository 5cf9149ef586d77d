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

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The issuer parameters of the kind whose hosts the catalog lists; without a kind, every
    // kind's (the message is about the host, whichever kind it is).
    let catalog = ctx.catalog;
    let kinds: Vec<&crate::catalog::KindSpec> = match ctx.kind() {
        Some(kind) => vec![kind],
        None if ctx.is_checked() => catalog.checked_kinds().collect(),
        None => return,
    };
    let Some((param, host)) = ctx.statement.params.iter().find_map(|p| {
        let spec = kinds.iter().find_map(|k| k.parameter(&p.name.upper))?;
        spec.slash_after_tenant.first().map(|h| (p, h.as_str()))
    }) else {
        return;
    };
    let Some(value) = &param.value else { return };
    let ValueForm::String(issuer) = &value.form else {
        return;
    };
    let issuer = issuer.trim();
    let Some(tenant) = issuer
        .get(..host.len())
        .filter(|h| h.eq_ignore_ascii_case(host))
        .map(|_| &issuer[host.len()..])
    else {
        return;
    };
    if tenant.is_empty() || tenant.contains('/') || tenant.contains('?') {
        return;
    }
    let close = value.range().end - 1;
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Error,
            value.range(),
            "Entra ID issuer is missing its trailing `/`",
        )
        .with_related(
            value.range(),
            "Entra ID v1 tokens name their issuer `https://sts.windows.net/<tenant_id>/`; without the `/` no token matches",
        )
        .with_fix(
            Fix::replace("Add the trailing `/`", close..close, "/")
                .preferred()
                .safe(),
        ),
    );
}

use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::ValueForm;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "redirect-query",
    severity: "warning",
    summary: "A redirect URI with a query string.",
    doc: RuleDoc {
        what: "Reports a redirect URI with a query string: for \
               `https://example.com/connect?authType=snowflake` register \
               `https://example.com/connect`.",
        why: "`OAUTH_REDIRECT_URI` must not include the query parameters the client sends with \
              its redirect: the client adds them to each redirect itself, and the registered \
              URI is the one without them.",
        fix: FixSafety::Unsafe(
            "Cutting the query string changes the URI Snowflake redirects to; check it against \
             the client's settings first.",
        ),
        covers: None,
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Kinds with redirect URIs (the catalog's `redirect`), once the kind is known.
    if ctx.kind().is_none() {
        return;
    }
    for param in ctx
        .statement
        .params
        .iter()
        .filter(|p| ctx.spec(&p.name.upper).is_some_and(|s| s.redirect))
    {
        let Some(value) = &param.value else { continue };
        for item in value.items() {
            let ValueForm::String(uri) = &item.form else {
                continue;
            };
            let Some(query) = uri.find('?') else { continue };
            let raw = &ctx.text[item.range()];
            // Cut from the `?` to the closing quote, in the raw text.
            let Some(raw_query) = raw.find('?') else {
                continue;
            };
            let start = item.range().start + raw_query;
            let end = item.range().end - 1;
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Warning,
                    start..end,
                    format!("`{}` includes a query string", param.name.upper),
                )
                .with_related(
                    start..end,
                    format!("register the URI without `{}`", &uri[query..]),
                )
                .with_fix(Fix::replace("Remove the query string", start..end, "").preferred()),
            );
        }
    }
}

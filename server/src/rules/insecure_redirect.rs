use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{ValueForm, Verb};

pub const RULE: Rule = Rule {
    code: "insecure-redirect",
    severity: "error",
    summary: "An http:// redirect URI without OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE.",
    doc: "Snowflake OAuth redirect URIs (OAUTH_REDIRECT_URI and OAUTH_ALTERNATE_REDIRECT_URIS) \
          must use TLS unless OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE; Snowflake rejects them \
          otherwise. Fixes: switch to https:// (preferred) or, for custom clients, allow non-TLS \
          redirects explicitly. On ALTER the rule needs the CREATE in the same file.",
    check: Some(check),
};

const PARAMS: [&str; 2] = ["OAUTH_REDIRECT_URI", "OAUTH_ALTERNATE_REDIRECT_URIS"];
const ALLOW: &str = "OAUTH_ALLOW_NON_TLS_REDIRECT_URI";

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.kind().is_none_or(|k| k.type_name != "OAUTH") {
        return;
    }
    if ctx.statement.verb == Verb::Alter && ctx.create.is_none() {
        return;
    }
    if ctx.effective_word(ALLOW).as_deref() == Some("TRUE") {
        return;
    }
    let custom = ctx.variant.client.as_deref() == Some("CUSTOM");
    for param in ctx
        .statement
        .params
        .iter()
        .filter(|p| PARAMS.contains(&p.name.upper.as_str()))
    {
        let Some(value) = &param.value else { continue };
        for item in value.items() {
            let ValueForm::String(uri) = &item.form else {
                continue;
            };
            let trimmed = uri.trim_start();
            if !trimmed
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
            {
                continue;
            }
            let scheme_at = item.range.start + 1 + (uri.len() - trimmed.len());
            let mut diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    Severity::Error,
                    item.range.clone(),
                    format!(
                        "`{}` uses http:// but {ALLOW} is not TRUE; Snowflake requires TLS here",
                        param.name.upper
                    ),
                )
                .with_fix(
                    Fix::replace("Use https://", scheme_at..scheme_at + 7, "https://").preferred(),
                );
            // Where a statement with a syntax error ends is a guess: insert nothing there; nor
            // a second copy of the parameter when it is written (as FALSE, or misspelt).
            if custom
                && ctx.statement.verb == Verb::Create
                && !ctx.statement.has_syntax_error
                && ctx.statement.param(ALLOW).is_none()
            {
                diagnostic = diagnostic.with_fix(
                    ctx.insert_param_fix(format!("Add {ALLOW} = TRUE"), &format!("{ALLOW} = TRUE")),
                );
            }
            out.push(diagnostic);
        }
    }
}

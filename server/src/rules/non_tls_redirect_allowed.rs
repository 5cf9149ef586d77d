use super::doc::{pages, FixSafety, RuleDoc};
use super::{http_redirects, use_https, Ctx, Group, HttpRedirect, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "non-tls-redirect-allowed",
    severity: "warning",
    summary: "Non-TLS redirects allowed for a redirect URI that is not this machine.",
    doc: RuleDoc {
        what: "Reports an `http://` redirect URI for a host other than this machine on an \
               integration with `OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE`. Loopback hosts \
               (`localhost`, `127.0.0.1`, `[::1]`) are fine.",
        why: "The allowance lets Snowflake send authorization codes over plain HTTP. A local \
              callback needs that, and the code never leaves the machine; for any other host \
              the code crosses the network unencrypted. RFC 9700 allows `http` redirect URIs \
              only for loopback interfaces.",
        fix: FixSafety::Unsafe(
            "Switching the URI to `https://` is unsafe: the server behind it must then serve \
             HTTPS, and the client's own redirect setting must change with it.",
        ),
        covers: None,
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH, pages::RFC_9700],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx
        .effective_word("OAUTH_ALLOW_NON_TLS_REDIRECT_URI")
        .as_deref()
        != Some("TRUE")
    {
        return;
    }
    for HttpRedirect {
        param,
        item,
        after_scheme,
        scheme_at,
    } in http_redirects(ctx)
    {
        if super::insecure_redirect::is_loopback(after_scheme) || item.holds_placeholder() {
            continue;
        }
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Warning,
                item.range(),
                format!(
                    "`{}` sends codes over http:// to another host",
                    param.name.upper
                ),
            )
            .with_note(Some(
                "only loopback callbacks (localhost, 127.0.0.1, [::1]) should use http://",
            ))
            .with_fix(use_https(scheme_at)),
        );
    }
}

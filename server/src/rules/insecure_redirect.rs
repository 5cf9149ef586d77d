use super::doc::{pages, FixSafety, RuleDoc};
use super::{http_redirects, use_https, Ctx, HttpRedirect, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "insecure-redirect",
    severity: "error",
    summary: "An http:// redirect URI without OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE.",
    doc: RuleDoc {
        what: "Reports an `http://` redirect URI (`OAUTH_REDIRECT_URI`, \
               `OAUTH_ALTERNATE_REDIRECT_URIS`) on a Snowflake OAuth integration without \
               `OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE`. On an ALTER the rule needs the CREATE \
               in the same file.",
        why: "Snowflake refuses the statement: redirect URIs must use TLS unless non-TLS \
              redirects are allowed explicitly. The redirect carries the authorization code, \
              and over plain HTTP anyone on the way can read it.",
        fix: FixSafety::Unsafe(
            "Both fixes are unsafe. Switching to `https://` changes where Snowflake sends the \
             user, and the server behind the URI must serve HTTPS. Allowing non-TLS redirects \
             (offered on a CREATE of a custom client, and first for loopback hosts such as \
             `localhost`, `127.0.0.1` and `[::1]`, whose local callbacks cannot switch) lets \
             codes travel unencrypted.",
        ),
        covers: None,
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH, pages::OAUTH_CUSTOM_CLIENTS],
    },
    check: Some(check),
};

const ALLOW: &str = "OAUTH_ALLOW_NON_TLS_REDIRECT_URI";

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Kinds with redirect URIs (the catalog's `redirect`), once the kind is known.
    if ctx.kind().is_none() {
        return;
    }
    if ctx.statement.verb == Verb::Alter && ctx.create.is_none() {
        return;
    }
    if ctx.effective_word(ALLOW).as_deref() == Some("TRUE") {
        return;
    }
    // Only integrations that accept the allow-list parameter are offered it.
    let can_allow = ctx.spec(ALLOW).is_some_and(|spec| {
        spec.applies_when
            .as_ref()
            .is_none_or(|w| ctx.variant.satisfies(w) == Some(true))
    });
    for HttpRedirect {
        param,
        item,
        after_scheme,
        scheme_at,
    } in http_redirects(ctx)
    {
        // A local callback (a desktop app, a CLI) cannot switch to https: for loopback
        // hosts allowing non-TLS redirects is the fix that keeps it working.
        let loopback = is_loopback(after_scheme);
        let https = use_https(scheme_at);
        let mut diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    Severity::Error,
                    item.range(),
                    format!("`{}` uses http:// without {ALLOW} = TRUE", param.name.upper),
                )
                .with_related(
                    item.range(),
                    "Snowflake accepts http:// redirect URIs only when OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE",
                )
                .with_fix(if loopback { https } else { https.preferred() });
        // Where a statement with a syntax error ends is a guess: insert nothing there; nor
        // a second copy of the parameter when it is written (as FALSE, or misspelt).
        if can_allow
            && ctx.statement.verb == Verb::Create
            && !ctx.statement.has_syntax_error
            && ctx.statement.param(ALLOW).is_none()
        {
            let allow =
                ctx.insert_param_fix(format!("Add {ALLOW} = TRUE"), &format!("{ALLOW} = TRUE"));
            diagnostic = diagnostic.with_fix(if loopback { allow.preferred() } else { allow });
        }
        out.push(diagnostic);
    }
}

/// Whether a URI after its `http://` names this machine.
pub(super) fn is_loopback(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost") || host == "::1" || host.starts_with("127.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts() {
        for uri in [
            "localhost:8080/cb",
            "127.0.0.1/cb",
            "[::1]:9/x",
            "LOCALHOST",
        ] {
            assert!(super::is_loopback(uri), "{uri}");
        }
        for uri in ["example.com/cb", "localhost.example.com/", "10.0.0.1/"] {
            assert!(!super::is_loopback(uri), "{uri}");
        }
    }
}

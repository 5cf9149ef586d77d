use super::doc::{code, pages, standing, Coverage, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::catalog::{KindSpec, LimitSeverity};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::{Value, ValueForm};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "account-url",
    severity: "error or warning",
    summary: "A Snowflake account URL that the identity provider will not match.",
    doc: RuleDoc {
        what: "Reports a Snowflake account URL in a SAML2 integration that the identity \
               provider will not match: an ACS URL that does not end in `/fed/login` (error), an \
               ACS URL whose host is not the issuer URL's (warning: both must use the same \
               account URL form), and a host with `_` or upper case (warning).",
        why: "The identity provider sends its SAML response to the ACS URL and checks both URLs \
              against its own settings, so a wrong path or a mismatched host fails every \
              sign-in. Okta refuses underscores in URLs, and redirects built from such account \
              URLs have failed; write the account name in lower case with `-`.",
        fix: FixSafety::Unsafe(
            "Every fix changes a URL that the identity provider must be configured with too, so \
             all are unsafe.",
        ),
        covers: Some(Coverage::new(
            "URL parameters and what the catalog says of them (`url`):",
            covered,
        )),
        sources: &[pages::CREATE_SAML2],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        let Some(shape) = &spec.url else { continue };
        let Some((value, url)) = url_of(param.value.as_ref()) else {
            continue;
        };
        let Some((host_at, host)) = host_of(url) else {
            continue;
        };
        let start = value.range().start + 1;
        if let Some(severity) = shape.lower_case {
            if host.contains('_') || host.bytes().any(|b| b.is_ascii_uppercase()) {
                let fixed = host.to_ascii_lowercase().replace('_', "-");
                let at = start + host_at;
                out.push(
                    ctx.diagnostic(
                        RULE.code,
                        super::severity_of(severity),
                        at..at + host.len(),
                        format!("`{}` has `_` or upper case in its host", spec.name),
                    )
                    .with_note(Some(
                        "Okta refuses `_` in URLs; write account names in lower case with `-`",
                    ))
                    .with_fix(Fix::replace(
                        format!("Replace with {fixed}"),
                        at..at + host.len(),
                        fixed.clone(),
                    )),
                );
            }
        }
        if let Some(suffix) = &shape.suffix {
            let path_end = url.trim_end().len();
            // A final `/` after the suffix is left alone: no page says it is refused.
            let path = url.trim_end().trim_end_matches('/').to_ascii_lowercase();
            if !path.ends_with(suffix.as_str()) {
                let at = start + path_end;
                let base = url.trim_end().trim_end_matches('/');
                let cut = start + base.len();
                out.push(
                    ctx.diagnostic(
                        RULE.code,
                        Severity::Error,
                        value.range(),
                        format!("`{}` must end in `{suffix}`", spec.name),
                    )
                    .with_note(Some(
                        "The ACS URL is the account URL followed by /fed/login",
                    ))
                    .with_fix(Fix::new(
                        format!("Append {suffix}"),
                        vec![Edit {
                            range: cut..at,
                            new_text: suffix.clone(),
                        }],
                    )),
                );
            }
        }
        if let Some(other_name) = &shape.same_host_as {
            let Some(other) = ctx.effective(other_name) else {
                continue;
            };
            let Some((other_value, other_url)) = url_of(other.value.as_ref()) else {
                continue;
            };
            let Some((_, other_host)) = host_of(other_url) else {
                continue;
            };
            if !other_host.eq_ignore_ascii_case(host) {
                let at = start + host_at;
                out.push(
                    ctx.diagnostic(
                        RULE.code,
                        Severity::Warning,
                        at..at + host.len(),
                        format!("`{}` and `{other_name}` name different hosts", spec.name),
                    )
                    .with_related(
                        other_value.range(),
                        format!("{other_name} uses {other_host}"),
                    )
                    .with_note(Some(
                        "Both must use the same account URL form as the identity provider's setting",
                    )),
                );
            }
        }
    }
}

/// A string value that is an http(s) URL without placeholders.
fn url_of(value: Option<&Value>) -> Option<(&Value, &str)> {
    let value = value?;
    if value.holds_placeholder() {
        return None;
    }
    let ValueForm::String(url) = &value.form else {
        return None;
    };
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some((value, url))
}

/// The host of a URL and where it starts.
fn host_of(url: &str) -> Option<(usize, &str)> {
    let at = url.find("://")? + 3;
    let rest = &url[at..];
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty()).then_some((at, host))
}

/// The kind's account URLs and what each must look like.
fn covered(kind: &KindSpec) -> Vec<String> {
    kind.parameters
        .iter()
        .filter_map(|p| {
            let shape = p.url.as_ref()?;
            let mut facts = Vec::new();
            if let Some(suffix) = &shape.suffix {
                facts.push(format!("ends in `{suffix}`"));
            }
            if let Some(other) = &shape.same_host_as {
                facts.push(format!(
                    "has the host of {}{}",
                    code(other),
                    standing(LimitSeverity::Warning)
                ));
            }
            if let Some(severity) = shape.lower_case {
                facts.push(format!(
                    "no `_` or upper case in the host{}",
                    standing(severity)
                ));
            }
            Some(format!("{}: {}", code(&p.name), facts.join("; ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts() {
        assert_eq!(
            super::host_of("https://a_b.snowflakecomputing.com/fed/login"),
            Some((8, "a_b.snowflakecomputing.com"))
        );
        assert_eq!(super::host_of("https://x:443/"), Some((8, "x")));
        assert_eq!(super::host_of("nope"), None);
    }
}

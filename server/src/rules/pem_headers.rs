use super::doc::{code, pages, Coverage, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::catalog::KindSpec;
use crate::catalog::ParameterSpec;
use crate::catalog::ValueKind;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Param, ValueForm};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "pem-headers",
    severity: "error or warning",
    summary: "A PEM key pasted with its BEGIN/END lines, or a private key pasted at all.",
    doc: RuleDoc {
        what: "Reports a key or certificate pasted with its PEM lines. RSA public keys are given \
               as the Base64 body only, without the `-----BEGIN PUBLIC KEY-----` and \
               `-----END PUBLIC KEY-----` lines: an error where the page says so (External \
               OAuth), a warning for Snowflake OAuth client keys, whose page does not. SAML2 \
               certificates go on one line, without BEGIN/END lines or line breaks, as the \
               SAML2 page states.\n\n\
               A private key pasted into a statement is always an error.",
        why: "The pages ask for the bare Base64 body; with its markers or line breaks the value \
              is not the key Snowflake expects, and tokens or SAML responses signed with the \
              matching private key cannot be checked. A private key must never leave its \
              owner, and Snowflake needs only the public half: one pasted into a script should \
              be treated as exposed and replaced.",
        fix: FixSafety::Safe(
            "Stripping the lines keeps the key or certificate itself, so the fix is safe where \
             a page states the form. The Snowflake OAuth client-key case, which no page \
             states, offers no fix, and neither does a private key.",
        ),
        covers: Some(Coverage::new(
            "Parameters that hold a public key or a certificate (value kinds `public_key` \
                   and `certificate` in the catalog):",
            covered,
        )),
        sources: &[pages::CREATE_EXTERNAL_OAUTH, pages::CREATE_SAML2],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        if spec.value == ValueKind::Certificate {
            check_certificate(ctx, param, spec, out);
            continue;
        }
        if spec.value != ValueKind::PublicKey {
            continue;
        }
        let Some(value) = &param.value else { continue };
        let ValueForm::String(key) = &value.form else {
            continue;
        };
        if !key.contains("-----BEGIN") && !key.contains("-----END") {
            continue;
        }
        if key.contains("PRIVATE KEY") {
            out.push(ctx.diagnostic(
                RULE.code,
                Severity::Error,
                value.range(),
                format!("`{}` holds a private key; paste only the public key", spec.name),
            ).with_note(Some("A private key must never leave its owner: treat this one as exposed and replace it"),
            ));
            continue;
        }
        let stated = stated(spec);
        let body: String = key
            .lines()
            .filter(|l| !l.trim_start().starts_with("-----"))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        let diagnostic = ctx.diagnostic(
            RULE.code,
            if stated {
                Severity::Error
            } else {
                Severity::Warning
            },
            value.range(),
            format!("`{}` includes the PEM -----BEGIN/-----END lines", spec.name),
        );
        // Stripping the markers keeps the key itself; where the page does not say that the
        // markers are refused, nothing is changed automatically.
        let strip = Fix::replace(
            "Strip the PEM header and footer",
            value.range(),
            format!("'{body}'"),
        )
        .preferred();
        out.push(if stated {
            diagnostic.with_fix(strip.safe())
        } else {
            diagnostic.with_note(Some(
                "The Snowflake OAuth page does not say whether client keys may keep their PEM lines",
            ))
        });
    }
}

/// Whether the key's page says that its PEM lines are refused: the External OAuth page does,
/// the Snowflake OAuth page says nothing of client keys.
fn stated(spec: &ParameterSpec) -> bool {
    spec.pem_lines_refused
}

/// A certificate is given as its Base64 body on one line: no PEM lines, no line breaks (stated
/// on the SAML2 CREATE page), so stripping them keeps the certificate and is safe.
fn check_certificate(ctx: &Ctx, param: &Param, spec: &ParameterSpec, out: &mut Vec<Diagnostic>) {
    let Some(value) = &param.value else { return };
    let ValueForm::String(cert) = &value.form else {
        return;
    };
    let markers = cert.contains("-----BEGIN") || cert.contains("-----END");
    let breaks = cert.trim().contains(['\n', '\r']);
    if !markers && !breaks {
        return;
    }
    let body: String = cert
        .lines()
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let message = match markers {
        true => format!("`{}` includes the PEM -----BEGIN/-----END lines", spec.name),
        false => format!("`{}` must be on one line, without line breaks", spec.name),
    };
    let title = match markers {
        true => "Strip the PEM header and footer",
        false => "Join the certificate onto one line",
    };
    out.push(
        ctx.diagnostic(RULE.code, Severity::Error, value.range(), message)
            .with_note(Some(
                "Give the certificate as its Base64 body on one line, without BEGIN/END lines",
            ))
            .with_fix(
                Fix::replace(title, value.range(), format!("'{body}'"))
                    .preferred()
                    .safe(),
            ),
    );
}

/// The kind's keys and certificates.
fn covered(kind: &KindSpec) -> Vec<String> {
    kind.parameters
        .iter()
        .filter_map(|p| match p.value {
            ValueKind::PublicKey if stated(p) => {
                Some(format!("{}: a public key, Base64 body only", code(&p.name)))
            }
            ValueKind::PublicKey => Some(format!(
                "{}: a public key, Base64 body only (reported as a warning)",
                code(&p.name)
            )),
            ValueKind::Certificate => Some(format!(
                "{}: a certificate, Base64 body on one line",
                code(&p.name)
            )),
            _ => None,
        })
        .collect()
}

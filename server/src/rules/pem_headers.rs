use super::{Ctx, Rule};
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
    doc: "RSA public keys are given as the Base64 body only, without the \
          `-----BEGIN PUBLIC KEY-----` and `-----END PUBLIC KEY-----` lines (stated for External \
          OAuth; a warning for Snowflake OAuth client keys, whose page does not say). Fix safety: \
          stripping the lines keeps the key, so the fix is safe where the page states the rule; \
          the disputed Snowflake OAuth case offers none. A *private* key in the statement is always an error: it must never leave \
          its owner, and Snowflake only needs the public half. Certificates (SAML2_X509_CERT, \
          SAML2_SNOWFLAKE_X509_CERT) go on one line without BEGIN/END lines, as the SAML2 page \
          states: markers or line breaks are an error, and the safe fix keeps only the Base64 body.",
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
                value.range.clone(),
                format!("`{}` holds a private key; paste only the public key", spec.name),
            ).with_note(Some("A private key must never leave its owner: treat this one as exposed and replace it"),
            ));
            continue;
        }
        let stated = spec.name.starts_with("EXTERNAL_OAUTH");
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
            value.range.clone(),
            format!("`{}` includes the PEM -----BEGIN/-----END lines", spec.name),
        );
        // Stripping the markers keeps the key itself; where the page does not say that the
        // markers are refused, nothing is changed automatically.
        let strip = Fix::replace(
            "Strip the PEM header and footer",
            value.range.clone(),
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
        ctx.diagnostic(RULE.code, Severity::Error, value.range.clone(), message)
            .with_note(Some(
                "Give the certificate as its Base64 body on one line, without BEGIN/END lines",
            ))
            .with_fix(
                Fix::replace(title, value.range.clone(), format!("'{body}'"))
                    .preferred()
                    .safe(),
            ),
    );
}

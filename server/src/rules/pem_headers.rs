use super::{Ctx, Rule};
use crate::catalog::ValueKind;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::ValueForm;

pub const RULE: Rule = Rule {
    code: "pem-headers",
    severity: "error or warning",
    summary: "A PEM key pasted with its BEGIN/END lines, or a private key pasted at all.",
    doc: "RSA public keys are given as the Base64 body only, without the \
          `-----BEGIN PUBLIC KEY-----` and `-----END PUBLIC KEY-----` lines (stated for External \
          OAuth; a warning for Snowflake OAuth client keys, whose page does not say). The fix \
          strips them. A *private* key in the statement is always an error: it must never leave \
          its owner, and Snowflake only needs the public half.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
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
                format!("`{}` holds a private key; paste only the public key, and treat this private key as exposed", spec.name),
            ));
            continue;
        }
        let stated = spec.name.starts_with("EXTERNAL_OAUTH");
        let body: String = key
            .lines()
            .filter(|l| !l.trim_start().starts_with("-----"))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        out.push(
            ctx.diagnostic(
                RULE.code,
                if stated {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                value.range.clone(),
                format!(
                    "`{}` takes the Base64 key without its -----BEGIN/-----END lines",
                    spec.name
                ),
            )
            .with_fix(
                Fix::replace(
                    "Strip the PEM header and footer",
                    value.range.clone(),
                    format!("'{body}'"),
                )
                .preferred(),
            ),
        );
    }
}

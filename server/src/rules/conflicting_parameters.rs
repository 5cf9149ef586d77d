use super::{severity_of, Ctx, Rule};
use crate::catalog::LimitSeverity;
use crate::diagnostic::Diagnostic;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "conflicting-parameters",
    severity: "error or warning",
    summary: "Two parameters that cannot be combined.",
    doc: "ALLOWED_ROLES_LIST cannot be combined with OAUTH_USE_SECONDARY_ROLES = IMPLICIT, and a \
          SAML2 METADATA_URL not with the four IdP parameters in the same statement. \
          Combinations that only the Terraform provider rejects (a JWS keys URL with an RSA \
          public key, allowed with blocked External OAuth role lists) are reported as \
          information and say so: Snowflake's pages do not forbid them. The other parameter is \
          shown as related information. Fix safety: removing either parameter changes who can \
          sign in, so the fix is unsafe, and second-hand facts offer none.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        for conflict in &spec.conflicts {
            let other = match conflict.same_statement {
                true => ctx.statement.param(&conflict.with),
                false => ctx.effective(&conflict.with),
            };
            let Some(other) = other else {
                continue;
            };
            let clash = match &conflict.value {
                None => true,
                Some(expected) => {
                    ctx.effective_word(&conflict.with).as_deref()
                        == Some(&expected.to_ascii_uppercase())
                }
            };
            if !clash {
                continue;
            }
            let with = match &conflict.value {
                Some(v) => format!("{} = {v}", conflict.with),
                None => conflict.with.clone(),
            };
            let message = match conflict.severity {
                LimitSeverity::Information => {
                    format!("Terraform rejects `{}` with `{with}`", spec.name)
                }
                _ => format!("`{}` cannot be combined with `{with}`", spec.name),
            };
            let diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    severity_of(conflict.severity),
                    param.name.range.clone(),
                    message,
                )
                .with_related(
                    other.range.clone(),
                    format!("{} is set here", conflict.with),
                )
                .with_note(conflict.note.as_deref());
            // Removing either side changes behaviour; a disputed conflict offers nothing.
            out.push(match conflict.severity.disputed() {
                true => diagnostic,
                false => diagnostic.with_fixes(ctx.remove_param_fix(param)),
            });
        }
    }
}

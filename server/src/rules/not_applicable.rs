use super::{one_of, Ctx, Rule};
use crate::catalog::{KindSpec, When};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "not-applicable",
    severity: "error",
    summary: "A parameter that does not apply to this TYPE, IdP, client or client type.",
    doc: "Some parameters only work for one variant: EXTERNAL_OAUTH_SCOPE_DELIMITER and \
          EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE need EXTERNAL_OAUTH_TYPE = CUSTOM; the custom-client \
          parameters (OAUTH_CLIENT_TYPE, OAUTH_ENFORCE_PKCE, PRE_AUTHORIZED_ROLES_LIST, …) are \
          rejected on Tableau and Looker integrations; PRE_AUTHORIZED_ROLES_LIST is for \
          confidential clients only; and parameters of the other OAuth TYPE do not belong. \
          The fix removes the parameter (unsafe: it deletes a setting). Silent while the variant is unknown (not written, or a \
          placeholder).",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(kind) = ctx.kind() else { return };
    if !matches!(ctx.statement.verb, Verb::Create | Verb::Alter) {
        return;
    }
    for param in &ctx.statement.params {
        let (message, detail) = match kind.parameter(&param.name.upper) {
            Some(spec) => match &spec.applies_when {
                Some(when) if ctx.variant.satisfies(when) == Some(false) => (
                    format!("`{}` is only for {}", spec.name, describe(kind, when)),
                    format!(
                        "this integration has {}",
                        ctx.describe_variant_for(Some(when))
                    ),
                ),
                _ => continue,
            },
            None => match ctx.catalog.definitions(&param.name.upper).next() {
                Some((other, _)) => (
                    format!(
                        "`{}` belongs to TYPE = {}, not TYPE = {}",
                        param.name.upper, other.type_name, kind.type_name
                    ),
                    format!("a parameter of {} integrations", other.title),
                ),
                None => continue,
            },
        };
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Error,
                param.name.range.clone(),
                message,
            )
            .with_related(param.name.range.clone(), detail)
            .with_fixes(ctx.remove_param_fix(param).map(Fix::preferred)),
        );
    }
}

fn describe(kind: &KindSpec, when: &When) -> String {
    when.describe(kind, one_of, " and ")
}

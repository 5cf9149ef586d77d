use super::{one_of, Ctx, Rule};
use crate::catalog::{KindSpec, When};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "not-applicable",
    severity: "error or warning",
    summary: "A parameter that does not apply to this TYPE, IdP, client or client type.",
    doc: "Some parameters only work for one variant: EXTERNAL_OAUTH_SCOPE_DELIMITER and \
          EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE need EXTERNAL_OAUTH_TYPE = CUSTOM; the custom-client \
          parameters (OAUTH_CLIENT_TYPE, OAUTH_ENFORCE_PKCE, PRE_AUTHORIZED_ROLES_LIST, …) are \
          rejected on Tableau and Looker integrations; PRE_AUTHORIZED_ROLES_LIST is for \
          confidential clients only; SYNC_PASSWORD is rejected with SCIM_CLIENT = 'AZURE'; \
          OIDC's managed providers reject the custom-provider parameters; each OAuth grant and \
          secret provider takes only its own; parameters of another kind do not belong. A \
          property only ALTER gives (REJECT_TOKENS_ISSUED_BEFORE) is an error in CREATE, and \
          SAML2_SNOWFLAKE_X509_CERT a warning (the page lists it, but it was accepted only by \
          ALTER when tried). \
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
            Some(spec) if ctx.statement.verb == Verb::Create && spec.alter_only.is_some() => {
                let Some(only) = &spec.alter_only else {
                    continue;
                };
                let diagnostic = ctx
                    .diagnostic(
                        RULE.code,
                        super::severity_of(only.severity),
                        param.name.range.clone(),
                        format!("`{}` is given by ALTER … SET, not by CREATE", spec.name),
                    )
                    .with_note(Some(&only.note));
                // Removing it deletes a setting; a disputed fact offers nothing.
                out.push(match only.severity.disputed() {
                    true => diagnostic,
                    false => diagnostic.with_fixes(ctx.remove_param_fix(param)),
                });
                continue;
            }
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
                    if other.type_name == kind.type_name {
                        format!(
                            "`{}` belongs to {}, not {}",
                            param.name.upper, other.title, kind.title
                        )
                    } else {
                        format!(
                            "`{}` belongs to TYPE = {}, not TYPE = {}",
                            param.name.upper, other.type_name, kind.type_name
                        )
                    },
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

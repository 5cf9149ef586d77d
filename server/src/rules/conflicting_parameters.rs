use super::doc::{code, pages, standing, Coverage, FixSafety, RuleDoc};
use super::{severity_of, Ctx, Rule};
use crate::catalog::KindSpec;
use crate::catalog::LimitSeverity;
use crate::diagnostic::Diagnostic;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "conflicting-parameters",
    severity: "error or warning",
    summary: "Two parameters that cannot be combined.",
    doc: RuleDoc {
        what: "Reports two parameters that cannot be combined, with the other one as related \
               information. Combinations that only the Terraform provider rejects are reported \
               as information and say so: Snowflake's pages do not forbid them.",
        why: "Snowflake refuses the combinations its pages forbid: `ALLOWED_ROLES_LIST` only \
              works while secondary roles are not used implicitly, and a SAML2 integration \
              takes its IdP settings from `METADATA_URL` or from the four parameters, not both.",
        fix: FixSafety::Unsafe(
            "Removing either parameter changes who can sign in, or with which roles, so the fix \
             is unsafe; combinations only the Terraform provider rejects offer none.",
        ),
        covers: Some(Coverage::new(
            "Combinations from the catalog (`conflicts`):",
            covered,
        )),
        sources: &[
            pages::CREATE_SNOWFLAKE_OAUTH,
            pages::OAUTH_CUSTOM_CLIENTS,
            pages::CREATE_SAML2,
        ],
    },
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
                    param.name.range(),
                    message,
                )
                .with_related(other.range(), format!("{} is set here", conflict.with))
                .with_note(conflict.note.as_deref());
            // Removing either side changes behaviour; a disputed conflict offers nothing.
            out.push(match conflict.severity.disputed() {
                true => diagnostic,
                false => diagnostic.with_fixes(ctx.remove_param_fix(param)),
            });
        }
    }
}

/// The combinations of the kind's parameters that the catalog forbids.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        for conflict in &p.conflicts {
            let with = match &conflict.value {
                Some(value) => code(&format!("{} = {value}", conflict.with)),
                None => code(&conflict.with),
            };
            let scope = match conflict.same_statement {
                true => " in the same statement",
                false => "",
            };
            items.push(format!(
                "{}: not with {with}{scope}{}",
                code(&p.name),
                standing(conflict.severity)
            ));
        }
    }
    items
}

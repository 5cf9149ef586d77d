use super::doc::{code, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
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
    doc: RuleDoc {
        what: "Reports a parameter the statement's kind does not take in its variant: the \
               custom-client parameters on a Tableau or Looker integration, \
               `PRE_AUTHORIZED_ROLES_LIST` on a public client, `SYNC_PASSWORD` with \
               `SCIM_CLIENT = 'AZURE'`, OIDC's custom-provider parameters with a managed \
               provider, the parameters of another OAuth grant or secret provider. A parameter \
               of another kind altogether is reported too, and so is a property only ALTER … \
               SET can give, in a CREATE.\n\n\
               The rule stays silent while the variant is unknown (not written, or a \
               placeholder).",
        why: "Snowflake refuses the statement (`invalid property 'OAUTH_CLIENT_TYPE' for \
              'INTEGRATION - OAUTH - TABLEAU_SERVER'`), even for a harmless value such as \
              `SYNC_PASSWORD = FALSE` on Azure, so the integration is not created or changed.",
        fix: FixSafety::Unsafe(
            "The fix removes the parameter, which deletes a setting the author wrote on \
             purpose, perhaps for another kind of integration. A CREATE property that the pages \
             dispute (`SAML2_SNOWFLAKE_X509_CERT`) is a warning with no fix.",
        ),
        covers: Some(Coverage::new(
            "Parameters the catalog limits to some variants (`applies_when`) or to ALTER \
                   (`alter_only`):",
            covered,
        )),
        sources: &[pages::CREATE],
    },
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
                        param.name.range(),
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
            ctx.diagnostic(RULE.code, Severity::Error, param.name.range(), message)
                .with_related(param.name.range(), detail)
                .with_fixes(ctx.remove_param_fix(param).map(Fix::preferred)),
        );
    }
}

fn describe(kind: &KindSpec, when: &When) -> String {
    when.describe(kind, one_of, " and ")
}

/// Parameters the kind takes only in some variants, or only from ALTER … SET.
fn covered(kind: &KindSpec) -> Vec<String> {
    kind.parameters
        .iter()
        .filter_map(|p| {
            let mut facts = Vec::new();
            if let Some(when) = &p.applies_when {
                facts.push(format!("only{}", when_clause(kind, Some(when))));
            }
            if let Some(only) = &p.alter_only {
                facts.push(format!(
                    "only from ALTER … SET, not CREATE{}",
                    standing(only.severity)
                ));
            }
            (!facts.is_empty()).then(|| format!("{}: {}", code(&p.name), facts.join("; ")))
        })
        .collect()
}

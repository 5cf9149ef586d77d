use super::{closest, Ctx, Rule, TypeState};
use crate::catalog::{ParameterSpec, ValueKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "missing-required",
    severity: "error",
    summary: "CREATE leaves out a parameter its TYPE, IdP or client requires.",
    doc: "External OAuth needs TYPE, EXTERNAL_OAUTH_TYPE, EXTERNAL_OAUTH_ISSUER, \
          EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM and EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE; \
          Snowflake OAuth needs TYPE and OAUTH_CLIENT, plus OAUTH_REDIRECT_URI for LOOKER and \
          CUSTOM and OAUTH_CLIENT_TYPE for CUSTOM. ENABLED is not required: one copy of the External \
          OAuth page lists it as required, a newer one says it defaults to TRUE. A parameter that \
          is only misspelt is reported once, by `unknown-parameter`. Fix safety: adding the TYPE \
          that every parameter points to is safe; inserting a parameter with a placeholder value \
          to fill in is unsafe (it needs the user's value). Statements with syntax errors are not checked for this, \
          so half-typed statements stay quiet.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let statement = ctx.statement;
    if statement.verb != Verb::Create || statement.has_syntax_error {
        return;
    }
    let at = statement
        .name
        .as_ref()
        .map(|n| n.range.clone())
        .unwrap_or(statement.range.start..statement.range.start + 6);
    let kind = match ctx.type_state {
        TypeState::Checked(kind) => kind,
        TypeState::Unchecked => return,
        TypeState::Unknown => {
            if statement.param("TYPE").is_none() && statement.is_security() {
                let inferred = infer_type(ctx);
                let mut diagnostic = ctx.diagnostic(
                    RULE.code,
                    Severity::Error,
                    at,
                    "missing required parameter `TYPE`",
                );
                if let Some(type_name) = inferred {
                    diagnostic = diagnostic.with_fix(
                        ctx.insert_param_fix(
                            format!("Add TYPE = {type_name}"),
                            &format!("TYPE = {type_name}"),
                        )
                        .preferred()
                        .safe(),
                    );
                }
                out.push(diagnostic);
            }
            return;
        }
    };
    // A misspelt parameter is offered a rename (by `unknown-parameter`) rather than a copy.
    let misspelt: Vec<(&crate::model::Param, &str)> = statement
        .params
        .iter()
        .filter(|p| kind.parameter(&p.name.upper).is_none())
        .filter_map(|p| {
            closest(
                &p.name.upper,
                kind.parameters.iter().map(|s| s.name.as_str()),
            )
            .map(|s| (p, s))
        })
        .collect();
    for spec in &kind.parameters {
        if statement.param(&spec.name).is_some() {
            continue;
        }
        let needed_for = match (&spec.required, &spec.required_when) {
            (true, _) => Some(String::new()),
            (false, Some(when)) if ctx.variant.satisfies(when) == Some(true) => {
                Some(format!(" for {}", ctx.describe_variant()))
            }
            _ => None,
        };
        let Some(needed_for) = needed_for else {
            continue;
        };
        // A misspelt name is one mistake: `unknown-parameter` reports it with the rename.
        if misspelt.iter().any(|(_, s)| *s == spec.name) {
            continue;
        }
        let message = format!("missing required parameter `{}`{needed_for}", spec.name);
        let assignment = format!("{} = {}", spec.name, placeholder_value(spec));
        out.push(
            ctx.diagnostic(RULE.code, Severity::Error, at.clone(), message)
                .with_fix(
                    ctx.insert_param_fix(format!("Add {}", spec.name), &assignment)
                        .preferred(),
                ),
        );
    }
}

/// The TYPE a statement without one most likely means, from the parameters it has.
fn infer_type(ctx: &Ctx) -> Option<&'static str> {
    let mut found = None;
    for param in &ctx.statement.params {
        let kinds: Vec<_> = ctx.catalog.definitions(&param.name.upper).collect();
        if let [(kind, _)] = kinds.as_slice() {
            match found {
                None => found = Some(kind.type_name.as_str()),
                Some(t) if t != kind.type_name => return None,
                _ => {}
            }
        }
    }
    found
}

/// A value to fill in, written so that the `placeholder` rule points at it.
pub fn placeholder_value(spec: &ParameterSpec) -> String {
    let choices = || {
        spec.values
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let lower = spec.name.to_ascii_lowercase();
    match spec.value {
        ValueKind::Enum | ValueKind::Boolean => spec.spell_value(&format!("<{}>", choices())),
        ValueKind::Integer => format!("<{lower}>"),
        ValueKind::RoleList => "('<role_name>')".to_string(),
        ValueKind::UriList => "('<uri>')".to_string(),
        _ => format!("'<{lower}>'"),
    }
}

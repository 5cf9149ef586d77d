use super::{Ctx, Rule, TypeState};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "unset-not-allowed",
    severity: "error",
    summary: "ALTER … UNSET of a property that cannot be unset.",
    doc: "External OAuth integrations can UNSET only ENABLED and EXTERNAL_OAUTH_AUDIENCE_LIST; \
          Snowflake OAuth integrations a short list (ENABLED, NETWORK_POLICY, the client RSA keys, \
          IS_AGENTIC, OAUTH_USE_SECONDARY_ROLES, COMMENT). To change anything else, SET it to \
          the wanted value. Without the CREATE in the file, only names no integration can unset \
          are reported.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for name in &ctx.statement.unset {
        let allowed: Vec<&str> = match ctx.type_state {
            TypeState::Checked(kind) => {
                let Some(spec) = kind.parameter(&name.upper) else {
                    continue;
                };
                if spec.alter.can_unset() {
                    continue;
                }
                kind.parameters
                    .iter()
                    .filter(|p| p.alter.can_unset())
                    .map(|p| p.name.as_str())
                    .collect()
            }
            TypeState::Unknown => {
                let definitions: Vec<_> = ctx.catalog.definitions(&name.upper).collect();
                if definitions.is_empty() || definitions.iter().any(|(_, p)| p.alter.can_unset()) {
                    continue;
                }
                Vec::new()
            }
            TypeState::Unchecked => return,
        };
        let message = format!("`{}` cannot be UNSET; SET a new value instead", name.upper);
        let mut diagnostic =
            ctx.diagnostic(RULE.code, Severity::Error, name.range.clone(), message);
        if !allowed.is_empty() {
            diagnostic = diagnostic.with_related(
                name.range.clone(),
                format!("UNSET accepts only {}", allowed.join(", ")),
            );
        }
        out.push(diagnostic);
    }
}

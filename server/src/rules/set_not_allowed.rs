use super::{Ctx, Rule, TypeState};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "set-not-allowed",
    severity: "error or warning",
    summary: "ALTER … SET of a property that only CREATE can give.",
    doc: "Some properties are fixed at creation: OAUTH_CLIENT and OAUTH_CLIENT_TYPE, for \
          instance, are not in the ALTER page's SET list, nor are SCIM_CLIENT, RUN_AS_ROLE, \
          API_PROVIDER, OIDC_PROVIDER, OIDC_ISSUER, OIDC_CLIENT_ID and the OIDC endpoints; drop and re-create the integration to \
          change them. Properties that only the current CREATE pages have get a warning, since \
          the ALTER page may lag behind.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    for param in &ctx.statement.params {
        let spec = match ctx.type_state {
            TypeState::Checked(kind) => match kind.parameter(&param.name.upper) {
                Some(spec) => spec,
                None => continue,
            },
            TypeState::Unknown => {
                let definitions: Vec<_> = ctx.catalog.definitions(&param.name.upper).collect();
                if definitions.is_empty() || definitions.iter().any(|(_, p)| p.alter.can_set()) {
                    continue;
                }
                definitions[0].1
            }
            TypeState::Unchecked => return,
        };
        if spec.alter.can_set() {
            continue;
        }
        let newer = spec.since.is_some();
        let message = format!("`{}` cannot be changed with ALTER … SET", spec.name);
        let mut diagnostic = ctx
            .diagnostic(
                RULE.code,
                if newer {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                param.name.range.clone(),
                message,
            )
            .with_related(
                param.name.range.clone(),
                "only CREATE OR REPLACE can give it a new value",
            );
        if newer {
            diagnostic = diagnostic.with_related(
                param.name.range.clone(),
                "The ALTER page does not list it, but it is newer than that page's copy, so this may change",
            );
        }
        out.push(diagnostic);
    }
}

use super::doc::{pages, FixSafety, RuleDoc};
use super::{respell, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "any-role-mode-enabled",
    severity: "warning",
    summary: "ANY_ROLE_MODE = ENABLE lets any token switch to any role its user holds.",
    doc: RuleDoc {
        what: "Reports `EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE`, and `OAUTH_ANY_ROLE_MODE = \
               ENABLE` on a custom Snowflake OAuth client.",
        why: "With ENABLE a session opened with a token may `USE ROLE` any role granted to its \
              user, not only the role named in the token, so a token meant for a harmless role \
              reaches everything its user can. `ENABLE_FOR_PRIVILEGE` keeps role switching for \
              the roles granted `USE_ANY_ROLE` on the integration, one by one.",
        fix: FixSafety::Unsafe(
            "Changing to `ENABLE_FOR_PRIVILEGE` changes who can switch roles: sessions that rely \
             on switching stop doing so until `USE_ANY_ROLE` is granted.",
        ),
        covers: None,
        sources: &[pages::CREATE_EXTERNAL_OAUTH, pages::CREATE_SNOWFLAKE_OAUTH],
    },
    check: Some(check),
};

const PARAMETERS: [&str; 2] = ["EXTERNAL_OAUTH_ANY_ROLE_MODE", "OAUTH_ANY_ROLE_MODE"];

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        if !PARAMETERS.contains(&spec.name.as_str()) {
            continue;
        }
        let Some(value) = &param.value else { continue };
        if !value
            .scalar()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("ENABLE"))
        {
            continue;
        }
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Warning,
                value.range(),
                format!("`{}` = ENABLE lets tokens switch to any role", spec.name),
            )
            .with_note(Some(
                "ENABLE_FOR_PRIVILEGE limits switching to roles granted USE_ANY_ROLE on the integration",
            ))
            .with_fix(
                Fix::replace(
                    "Change to ENABLE_FOR_PRIVILEGE",
                    value.range(),
                    respell(value, spec, "ENABLE_FOR_PRIVILEGE"),
                )
                .preferred(),
            ),
        );
    }
}

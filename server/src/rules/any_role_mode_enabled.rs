use super::{respell, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "any-role-mode-enabled",
    severity: "warning",
    summary: "ANY_ROLE_MODE = ENABLE lets any token switch to any role its user holds.",
    doc: "With `EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE` (or `OAUTH_ANY_ROLE_MODE = ENABLE` on a \
          custom Snowflake OAuth client) a session opened with a token may `USE ROLE` any role \
          granted to its user, not only the role named in the token \
          (https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external). \
          `ENABLE_FOR_PRIVILEGE` keeps role switching for the roles that hold `USE_ANY_ROLE` on \
          the integration, granted one by one. Fix safety: the change to ENABLE_FOR_PRIVILEGE is \
          unsafe, since it changes who can switch roles.",
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
                value.range.clone(),
                format!("`{}` = ENABLE lets tokens switch to any role", spec.name),
            )
            .with_note(Some(
                "ENABLE_FOR_PRIVILEGE limits switching to roles granted USE_ANY_ROLE on the integration",
            ))
            .with_fix(
                Fix::replace(
                    "Change to ENABLE_FOR_PRIVILEGE",
                    value.range.clone(),
                    respell(value, spec, "ENABLE_FOR_PRIVILEGE"),
                )
                .preferred(),
            ),
        );
    }
}

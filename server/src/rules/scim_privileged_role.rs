use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "scim-privileged-role",
    severity: "warning",
    summary: "A SCIM integration that provisions as a privileged role.",
    doc:
        "`RUN_AS_ROLE` is the role the identity provider acts as when it creates users and roles. \
          The SCIM guides give it a dedicated role (OKTA_PROVISIONER, AAD_PROVISIONER, \
          GENERIC_SCIM_PROVISIONER) holding only CREATE USER and CREATE ROLE \
          (https://docs.snowflake.com/en/user-guide/scim-intro). With ACCOUNTADMIN, SECURITYADMIN, \
          ORGADMIN or GLOBALORGADMIN, whoever holds the SCIM token (valid for six months, and \
          revoked only by dropping the integration) acts with the account's highest rights. No \
          fix: RUN_AS_ROLE cannot be changed by ALTER, and the role has to be created first.",
    check: Some(check),
};

const PRIVILEGED: [&str; 4] = [
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "ORGADMIN",
    "GLOBALORGADMIN",
];

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(param) = ctx.statement.param("RUN_AS_ROLE") else {
        return;
    };
    let Some(value) = &param.value else { return };
    let Some(role) = value.scalar().map(|r| r.trim().to_ascii_uppercase()) else {
        return;
    };
    if !PRIVILEGED.contains(&role.as_str()) {
        return;
    }
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            value.range.clone(),
            format!("SCIM provisions as `{role}`; use a dedicated provisioning role"),
        )
        .with_note(Some(
            "the SCIM token then carries this role's rights for six months, revoked only by DROP",
        )),
    );
}

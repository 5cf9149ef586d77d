use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "scim-privileged-role",
    severity: "warning",
    summary: "A SCIM integration that provisions as a privileged role.",
    doc: RuleDoc {
        what: "Reports a SCIM integration whose `RUN_AS_ROLE` is ACCOUNTADMIN, SECURITYADMIN, \
               ORGADMIN or GLOBALORGADMIN.",
        why: "`RUN_AS_ROLE` is the role the identity provider acts as when it creates users and \
              roles. The SCIM guides give it a dedicated role (OKTA_PROVISIONER, \
              AAD_PROVISIONER, GENERIC_SCIM_PROVISIONER) that holds only CREATE USER and CREATE \
              ROLE. With a privileged role, whoever holds the SCIM token (valid for six months, \
              and revoked only by dropping the integration) acts with the account's highest \
              rights.",
        fix: FixSafety::None(
            "`RUN_AS_ROLE` cannot be changed by ALTER, and the dedicated role has to be created \
             and granted first.",
        ),
        covers: None,
        sources: &[pages::SCIM_INTRO, pages::CREATE_SCIM],
    },
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
            value.range(),
            format!("SCIM provisions as `{role}`; use a dedicated provisioning role"),
        )
        .with_note(Some(
            "the SCIM token then carries this role's rights for six months, revoked only by DROP",
        )),
    );
}

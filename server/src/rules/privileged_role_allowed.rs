use super::doc::{pages, FixSafety, RuleDoc};
use super::{removal_range, Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};

pub const RULE: Rule = Rule {
    group: Group::Hardening,
    code: "privileged-role-allowed",
    severity: "information",
    summary: "A privileged role listed in EXTERNAL_OAUTH_ALLOWED_ROLES_LIST.",
    doc: RuleDoc {
        what: "Reports ACCOUNTADMIN, ORGADMIN, GLOBALORGADMIN or SECURITYADMIN in \
               `EXTERNAL_OAUTH_ALLOWED_ROLES_LIST`, as information, since it may be intended.",
        why: "Snowflake blocks these roles for External OAuth by default; listing one lets \
              tokens open sessions with it, and a stolen token then carries the account's \
              highest rights. The CREATE (External OAuth) page asks for caution with sessions \
              whose primary role is one of them.",
        fix: FixSafety::Unsafe(
            "Removing the role changes who can sign in with it. When it is the only role in \
             the list there is no fix, since removing it would leave the list empty.",
        ),
        covers: None,
        sources: &[pages::CREATE_EXTERNAL_OAUTH, pages::POWER_BI],
    },
    check: Some(check),
};

const PRIVILEGED: [&str; 4] = [
    "ACCOUNTADMIN",
    "ORGADMIN",
    "GLOBALORGADMIN",
    "SECURITYADMIN",
];

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(param) = ctx.statement.param("EXTERNAL_OAUTH_ALLOWED_ROLES_LIST") else {
        return;
    };
    let Some(value) = &param.value else { return };
    for item in value.items() {
        let Some(role) = item.scalar().map(|r| r.trim().to_ascii_uppercase()) else {
            continue;
        };
        if !PRIVILEGED.contains(&role.as_str()) {
            continue;
        }
        let mut diagnostic = ctx
            .diagnostic(
                RULE.code,
                Severity::Information,
                item.range(),
                format!("tokens may open sessions as `{role}`"),
            )
            .with_note(Some(
                "Snowflake blocks this role for External OAuth unless it is listed here",
            ));
        if value.is_list() && value.items().len() > 1 {
            diagnostic = diagnostic.with_fix(Fix::new(
                format!("Remove {role} from the list"),
                vec![Edit {
                    range: removal_range(ctx.text, item.range()),
                    new_text: String::new(),
                }],
            ));
        }
        out.push(diagnostic);
    }
}

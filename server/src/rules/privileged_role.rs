use super::{applicable_limits, removal_range, severity_of, Ctx, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "privileged-role",
    severity: "error or warning",
    summary: "A privileged role in a list that cannot hold it.",
    doc: "ACCOUNTADMIN, ORGADMIN and SECURITYADMIN cannot be pre-authorized \
          (PRE_AUTHORIZED_ROLES_LIST); GLOBALORGADMIN is a warning there because only the \
          current pages name it. Fix safety: dropping the role changes who can sign in, so the fix \
          is unsafe; the disputed GLOBALORGADMIN case offers none.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        let Some(value) = &param.value else { continue };
        for item in value.items() {
            let Some(role) = item.scalar() else { continue };
            let role = role.trim().to_ascii_uppercase();
            let limit = applicable_limits(ctx, spec).into_iter().find(|l| {
                l.forbidden_items
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&role))
            });
            let Some(limit) = limit else { continue };
            let mut diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    severity_of(limit.severity),
                    item.range.clone(),
                    format!("`{role}` cannot be listed in `{}`", spec.name),
                )
                .with_note(limit.note.as_deref());
            if value.is_list() && !limit.severity.disputed() {
                diagnostic = diagnostic.with_fix(
                    Fix::new(
                        format!("Remove {role} from {}", spec.name),
                        vec![Edit {
                            range: removal_range(ctx.text, item.range.clone()),
                            new_text: String::new(),
                        }],
                    )
                    .preferred(),
                );
            }
            out.push(diagnostic);
        }
    }
}

use super::doc::{code, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
use super::{applicable_limits, removal_range, severity_of, Ctx, Rule};
use crate::catalog::KindSpec;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "privileged-role",
    severity: "error or warning",
    summary: "A privileged role in a list that cannot hold it.",
    doc: RuleDoc {
        what: "Reports a privileged role in a role list that cannot hold it: ACCOUNTADMIN, \
               ORGADMIN and SECURITYADMIN cannot be pre-authorized. GLOBALORGADMIN is a warning \
               there, because only the current pages name it with the others.",
        why: "A pre-authorized role is one the client may use without asking the user. \
              Snowflake keeps its most powerful roles out of that list and refuses the \
              statement.",
        fix: FixSafety::Unsafe(
            "Removing the role changes which roles the client may use, so the fix is unsafe; \
             the disputed GLOBALORGADMIN case offers none.",
        ),
        covers: Some(Coverage::new(
            "Role lists and the roles the catalog forbids in them (`forbidden_items`):",
            covered,
        )),
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH],
    },
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
                    item.range(),
                    format!("`{role}` cannot be listed in `{}`", spec.name),
                )
                .with_note(limit.note.as_deref());
            if value.is_list() && !limit.severity.disputed() {
                diagnostic = diagnostic.with_fix(
                    Fix::new(
                        format!("Remove {role} from {}", spec.name),
                        vec![Edit {
                            range: removal_range(ctx.text, item.range()),
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

/// The role lists of the kind and the roles they cannot hold.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        for limit in p.limits.iter().filter(|l| !l.forbidden_items.is_empty()) {
            items.push(format!(
                "{}: not {}{}{}",
                code(&p.name),
                super::one_of(&limit.forbidden_items),
                when_clause(kind, limit.when.as_ref()),
                standing(limit.severity)
            ));
        }
    }
    items
}

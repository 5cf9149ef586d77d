use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "no-effect",
    severity: "warning",
    summary: "A parameter that another setting makes pointless.",
    doc: "OAUTH_REFRESH_TOKEN_VALIDITY does nothing while OAUTH_ISSUE_REFRESH_TOKENS = FALSE, and \
          OAUTH_USE_SECONDARY_ROLES is ignored while OAUTH_ENABLE_ROLE_SELECTION = TRUE. The fix \
          removes the parameter that has no effect. Fix safety: unsafe, since it deletes a setting \
          that takes effect again when the other one changes.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        for ignored in &spec.ignored_when {
            if ctx.effective_word(&ignored.param).as_deref()
                != Some(&ignored.value.to_ascii_uppercase())
            {
                continue;
            }
            let Some(other) = ctx.effective(&ignored.param) else {
                continue;
            };
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Warning,
                    param.name.range.clone(),
                    format!(
                        "`{}` has no effect while {} = {}",
                        spec.name, ignored.param, ignored.value
                    ),
                )
                .with_note(ignored.note.as_deref())
                .with_related(
                    other.range.clone(),
                    format!("{} = {} is set here", ignored.param, ignored.value),
                )
                .with_fixes(ctx.remove_param_fix(param).map(Fix::preferred)),
            );
        }
    }
}

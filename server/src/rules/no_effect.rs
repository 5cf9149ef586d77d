use super::doc::{code, pages, Coverage, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::catalog::KindSpec;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "no-effect",
    severity: "warning",
    summary: "A parameter that another setting makes pointless.",
    doc: RuleDoc {
        what: "Reports a parameter that another setting of the integration makes pointless, with \
               that setting as related information.",
        why: "The statement runs, but the parameter does nothing: a reader expects a setting \
              that is not in force, and it takes effect unnoticed when the other setting \
              changes.",
        fix: FixSafety::Unsafe(
            "The fix removes the parameter, which deletes a setting that takes effect again \
             when the other one changes.",
        ),
        covers: Some(Coverage::new(
            "Parameters and the settings that make them pointless (`ignored_when` in the \
                   catalog):",
            covered,
        )),
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH, pages::OAUTH_CUSTOM_CLIENTS],
    },
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
                    param.name.range(),
                    format!(
                        "`{}` has no effect while {} = {}",
                        spec.name, ignored.param, ignored.value
                    ),
                )
                .with_note(ignored.note.as_deref())
                .with_related(
                    other.range(),
                    format!("{} = {} is set here", ignored.param, ignored.value),
                )
                .with_fixes(ctx.remove_param_fix(param).map(Fix::preferred)),
            );
        }
    }
}

/// The kind's parameters that another setting makes pointless.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        for ignored in &p.ignored_when {
            items.push(format!(
                "{}: no effect while {}",
                code(&p.name),
                code(&format!("{} = {}", ignored.param, ignored.value))
            ));
        }
    }
    items
}

use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "duplicate-parameter",
    severity: "error",
    summary: "The same parameter is given twice in one statement.",
    doc: RuleDoc {
        what: "Reports a parameter given twice in one statement, and a name listed twice in one \
               UNSET. The later one is reported, with the first as related information.",
        why: "Each property may be given once per statement. With two different values a reader \
              cannot tell which one the author meant, and a later edit to one copy may leave the \
              other in force.",
        fix: FixSafety::Mixed(
            "Removing the later copy is safe when both give the same value, since nothing \
             changes; when the values differ it is unsafe, because the later value may be the \
             one meant. A name repeated in UNSET has no fix.",
        ),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let params = &ctx.statement.params;
    for (i, param) in params.iter().enumerate() {
        if param.name.upper.is_empty() {
            continue;
        }
        if let Some(first) = params[..i]
            .iter()
            .find(|p| p.name.upper == param.name.upper)
        {
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Error,
                    param.name.range(),
                    format!("`{}` is already set in this statement", param.name.upper),
                )
                .with_related(first.range(), "first set here")
                .with_fixes(ctx.remove_param_fix(param).map(|fix| {
                    // Dropping an exact repeat changes nothing; dropping a different value
                    // might be dropping the one the user meant.
                    let same = match (&first.value, &param.value) {
                        (Some(a), Some(b)) => ctx.text[a.range()] == ctx.text[b.range()],
                        (None, None) => true,
                        _ => false,
                    };
                    if same {
                        fix.preferred().safe()
                    } else {
                        fix.preferred()
                    }
                })),
            );
        }
    }
    let unset = ctx.statement.unset();
    for (i, name) in unset.iter().enumerate() {
        if let Some(first) = unset[..i].iter().find(|n| n.upper == name.upper) {
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Error,
                    name.range(),
                    format!("`{}` is already unset in this statement", name.upper),
                )
                .with_related(first.range(), "first unset here"),
            );
        }
    }
}

use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "duplicate-parameter",
    severity: "error",
    summary: "The same parameter is given twice in one statement.",
    doc: "Each property may appear once per statement. The later one is reported, with the first \
          as related information; the fix removes the later one. Fix safety: safe when both give the \
          same value, unsafe otherwise (the later value may be the one meant).",
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
                    param.name.range.clone(),
                    format!("`{}` is already set in this statement", param.name.upper),
                )
                .with_related(first.range.clone(), "first set here")
                .with_fixes(ctx.remove_param_fix(param).map(|fix| {
                    // Dropping an exact repeat changes nothing; dropping a different value
                    // might be dropping the one the user meant.
                    let same = match (&first.value, &param.value) {
                        (Some(a), Some(b)) => {
                            ctx.text[a.range.clone()] == ctx.text[b.range.clone()]
                        }
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
    let unset = &ctx.statement.unset;
    for (i, name) in unset.iter().enumerate() {
        if let Some(first) = unset[..i].iter().find(|n| n.upper == name.upper) {
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Error,
                    name.range.clone(),
                    format!("`{}` is already unset in this statement", name.upper),
                )
                .with_related(first.range.clone(), "first unset here"),
            );
        }
    }
}

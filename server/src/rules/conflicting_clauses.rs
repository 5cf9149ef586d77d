use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "conflicting-clauses",
    severity: "error",
    summary: "OR REPLACE together with IF NOT EXISTS.",
    doc: RuleDoc {
        what: "Reports a CREATE with both `OR REPLACE` and `IF NOT EXISTS`.",
        why: "CREATE accepts one or the other, and they mean opposite things: OR REPLACE \
              overwrites an existing integration, IF NOT EXISTS leaves it alone. Snowflake \
              refuses the statement.",
        fix: FixSafety::Unsafe(
            "Two fixes each drop one clause. Which is right depends on whether an existing \
             integration should be replaced, which can cut off its users: the author's call.",
        ),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let (Some(or_replace), Some(if_not_exists)) =
        (ctx.statement.or_replace(), ctx.statement.if_not_exists())
    else {
        return;
    };
    let drop = |range: &std::ops::Range<usize>| {
        // Take the blank after the clause with it.
        let mut end = range.end;
        while ctx.text[end..].starts_with([' ', '\t']) {
            end += 1;
        }
        vec![Edit {
            range: range.start..end,
            new_text: String::new(),
        }]
    };
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Error,
            if_not_exists.clone(),
            "OR REPLACE and IF NOT EXISTS cannot be used together",
        )
        .with_related(or_replace.clone(), "OR REPLACE is here")
        .with_fix(Fix::new("Remove IF NOT EXISTS", drop(&if_not_exists)))
        .with_fix(Fix::new("Remove OR REPLACE", drop(&or_replace))),
    );
}

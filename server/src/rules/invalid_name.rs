use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "invalid-name",
    severity: "error or warning",
    summary: "An integration name Snowflake will not accept unquoted.",
    doc: RuleDoc {
        what: "Reports an integration name Snowflake will not accept unquoted: unquoted names \
               hold only ASCII letters, digits, `_` and `$`, and the CREATE pages say they start \
               with a letter (a leading `_` is a warning). An empty quoted name is an error.",
        why: "Snowflake refuses the statement. Quoting the name makes it valid but \
              case-sensitive: later statements, grants and `SYSTEM$` calls must spell it \
              exactly, or they do not find the integration.",
        fix: FixSafety::Unsafe(
            "Quoting the name is unsafe: the quoted name is case-sensitive, so unquoted \
             references to it elsewhere stop matching. A rename is left to the author.",
        ),
        covers: None,
        sources: &[pages::IDENTIFIERS, pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(name) = &ctx.statement.name else {
        return;
    };
    if name.placeholder {
        return;
    }
    if name.quoted {
        if name.key().is_empty() {
            out.push(ctx.diagnostic(
                RULE.code,
                Severity::Error,
                name.range(),
                "an integration name cannot be empty",
            ));
        }
        return;
    }
    let text = &name.text;
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
    {
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Error,
                name.range(),
                format!("`{bad}` is not allowed in an unquoted name"),
            ).with_related(name.range(), "unquoted names take letters, digits, `_` and `$`; a double-quoted name takes anything but is case-sensitive"
            )
            .with_fix(Fix::replace("Quote the name (it becomes case-sensitive)", name.range(), format!("\"{text}\""))),
        );
    } else if text.starts_with('_') {
        out.push(ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            name.range(),
            "the CREATE pages say an integration name starts with a letter",
        ));
    }
}

use super::doc::{code, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
use super::{applicable_limits, severity_of, Ctx, Rule};
use crate::catalog::KindSpec;
use crate::diagnostic::Diagnostic;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "too-many-values",
    severity: "error or warning",
    summary: "A list holds more items than the IdP allows.",
    doc: RuleDoc {
        what: "Reports a list with more items than the statement's identity provider takes. The \
               CREATE (External OAuth) page allows several audiences only with CUSTOM, but \
               Snowflake's own Power BI page configures two with AZURE, so AZURE audiences are \
               not limited.",
        why: "Snowflake refuses the statement, so the integration is not created or changed \
              until the list holds what the provider supports.",
        fix: FixSafety::None(
            "Which items to keep is the author's choice: each may be the one the identity \
             provider signs or addresses its tokens with.",
        ),
        covers: Some(Coverage::new(
            "List limits from the catalog (`max_items`):",
            covered,
        )),
        sources: &[pages::CREATE_EXTERNAL_OAUTH, pages::POWER_BI],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        let Some(value) = &param.value else { continue };
        let count = value.items().len();
        let violated = applicable_limits(ctx, spec)
            .into_iter()
            .find(|l| l.max_items.is_some_and(|max| count > max));
        let Some(limit) = violated else { continue };
        let max = limit.max_items.unwrap_or_default();
        let allowed = if max == 1 {
            "one value".to_string()
        } else {
            format!("at most {max} values")
        };
        let variant = ctx.describe_variant();
        let mut message = format!(
            "`{}` takes {allowed} with {variant}; this list has {count}",
            spec.name
        );
        if message.chars().count() > super::MESSAGE_WIDTH {
            message = format!(
                "`{}` takes {allowed} here; this list has {count}",
                spec.name
            );
        }
        out.push(
            ctx.diagnostic(
                RULE.code,
                severity_of(limit.severity),
                value.range(),
                message,
            )
            .with_note(limit.note.as_deref()),
        );
    }
}

/// The lists of the kind that hold a limited number of items.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        for limit in &p.limits {
            if let Some(max) = limit.max_items {
                items.push(format!(
                    "{}: at most {}{}{}",
                    code(&p.name),
                    super::count(max, "item"),
                    when_clause(kind, limit.when.as_ref()),
                    standing(limit.severity)
                ));
            }
        }
    }
    items
}

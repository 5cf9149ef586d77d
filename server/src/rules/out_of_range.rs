use super::doc::{code, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
use super::{applicable_limits, severity_of, Ctx, Rule};
use crate::catalog::KindSpec;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::ValueForm;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "out-of-range",
    severity: "error or warning",
    summary: "A number outside the range Snowflake accepts for this client.",
    doc: RuleDoc {
        what: "Reports a number outside the range Snowflake accepts for the parameter and, where \
               the range depends on the client, for the statement's client: refresh-token \
               validities differ between Tableau Desktop, Tableau Cloud, Looker and custom \
               clients. Where Snowflake's pages disagree on a bound, a value between the bounds \
               is a warning, and the related information names the pages.",
        why: "Snowflake refuses the statement, so the integration keeps its old token lifetimes \
              or is not created at all.",
        fix: FixSafety::Unsafe(
            "The fix moves the value into the range, which changes how long tokens live. A \
             bound the pages dispute offers no fix.",
        ),
        covers: Some(Coverage::new(
            "Ranges from the catalog (`min`, `max`), in seconds:",
            covered,
        )),
        sources: &[pages::CREATE_SNOWFLAKE_OAUTH, pages::ALTER_SNOWFLAKE_OAUTH],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (param, spec) in ctx.known_params() {
        let Some(value) = &param.value else { continue };
        let number = match &value.form {
            ValueForm::Number(n) => n.parse::<i64>().ok(),
            ValueForm::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        let Some(number) = number else { continue };
        let limits = applicable_limits(ctx, spec);
        // The fix aims for a value every applicable limit accepts, when there is one.
        let low = limits
            .iter()
            .filter_map(|l| l.min)
            .max()
            .unwrap_or(i64::MIN);
        let high = limits
            .iter()
            .filter_map(|l| l.max)
            .min()
            .unwrap_or(i64::MAX);
        for limit in &limits {
            let (min, max) = (limit.min.unwrap_or(i64::MIN), limit.max.unwrap_or(i64::MAX));
            if (min..=max).contains(&number) {
                continue;
            }
            let clamped = if low <= high {
                number.clamp(low, high)
            } else {
                number.clamp(min, max)
            };
            let range = match (limit.min, limit.max) {
                (Some(min), Some(max)) => format!("outside {min}–{max}"),
                (Some(min), None) => format!("below {min}"),
                (None, Some(max)) => format!("above {max}"),
                (None, None) => continue,
            };
            let variant = match &limit.when {
                Some(when) => ctx.describe_variant_for(Some(when)),
                None => String::new(),
            };
            let for_variant = if variant.is_empty() {
                String::new()
            } else {
                format!(" with {variant}")
            };
            let mut message = format!("`{}` = {number} is {range}{for_variant}", spec.name);
            if message.chars().count() > super::MESSAGE_WIDTH {
                message = format!("`{}` = {number} is {range} for this client", spec.name);
            }
            let diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    severity_of(limit.severity),
                    value.range(),
                    message,
                )
                .with_note(limit.note.as_deref());
            // A new value changes how long tokens live: never automatic, and not offered at
            // all where the pages disagree on the bound.
            out.push(match limit.severity.disputed() {
                true => diagnostic,
                false => diagnostic.with_fix(
                    Fix::replace(
                        format!("Change to {clamped}"),
                        value.range(),
                        clamped.to_string(),
                    )
                    .preferred(),
                ),
            });
            break;
        }
    }
}

/// The numbers of the kind with a range, one item per range.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        for limit in &p.limits {
            let range = match (limit.min, limit.max) {
                (Some(min), Some(max)) => format!("{min}–{max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => continue,
            };
            items.push(format!(
                "{}: {range}{}{}",
                code(&p.name),
                when_clause(kind, limit.when.as_ref()),
                standing(limit.severity)
            ));
        }
    }
    items
}

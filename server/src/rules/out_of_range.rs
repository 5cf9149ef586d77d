use super::{applicable_limits, severity_of, Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::ValueForm;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "out-of-range",
    severity: "error or warning",
    summary: "A number outside the range Snowflake accepts for this client.",
    doc: "OAUTH_REFRESH_TOKEN_VALIDITY depends on the client (Tableau Desktop 60–36000 s, \
          Tableau Cloud 60–7776000 s, Looker 3600–7776000 s, custom clients 3600 or \
          86400–7776000 s) and OAUTH_ACCESS_TOKEN_VALIDITY is 60–3600 s. Where Snowflake's pages \
          disagree on a bound, a value between the bounds is a warning that says which pages \
          disagree, with the pages named in the related information. Fix safety: the fix clamps the \
          value into range, which changes how long tokens live, so it is unsafe; a disputed bound \
          offers no fix.",
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
                    value.range.clone(),
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
                        value.range.clone(),
                        clamped.to_string(),
                    )
                    .preferred(),
                ),
            });
            break;
        }
    }
}

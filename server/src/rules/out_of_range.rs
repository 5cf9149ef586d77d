use super::{applicable_limits, severity_of, with_note, Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::ValueForm;

pub const RULE: Rule = Rule {
    code: "out-of-range",
    severity: "error or warning",
    summary: "A number outside the range Snowflake accepts for this client.",
    doc: "OAUTH_REFRESH_TOKEN_VALIDITY depends on the client (Tableau Desktop 60–36000 s, \
          Tableau Cloud 60–7776000 s, Looker 3600–7776000 s, custom clients 3600 or \
          86400–7776000 s) and OAUTH_ACCESS_TOKEN_VALIDITY is 60–3600 s. Where Snowflake's pages \
          disagree on a bound, a value between the bounds is a warning that says which pages \
          disagree. The fix clamps the value into range.",
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
                (Some(min), Some(max)) => format!("{min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
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
            let message = format!(
                "`{}` = {number} is out of range{for_variant}: {range}",
                spec.name
            );
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    severity_of(limit.severity),
                    value.range.clone(),
                    with_note(message, limit.note.as_deref()),
                )
                .with_fix(
                    Fix::replace(
                        format!("Change to {clamped}"),
                        value.range.clone(),
                        clamped.to_string(),
                    )
                    .preferred(),
                ),
            );
            break;
        }
    }
}

use super::{applicable_limits, severity_of, Ctx, Rule};
use crate::diagnostic::Diagnostic;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "too-many-values",
    severity: "error or warning",
    summary: "A list holds more items than the IdP allows.",
    doc: "EXTERNAL_OAUTH_JWS_KEYS_URL takes one URL, or up to three with EXTERNAL_OAUTH_TYPE = AZURE. \
          EXTERNAL_OAUTH_AUDIENCE_LIST takes one audience with OKTA and PING_FEDERATE. The CREATE \
          page allows several only with CUSTOM, but Snowflake's own Power BI page configures two \
          with AZURE, so AZURE is not limited.",
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
                value.range.clone(),
                message,
            )
            .with_note(limit.note.as_deref()),
        );
    }
}

use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{placeholder_spans, Value, ValueForm};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "placeholder",
    severity: "warning",
    summary: "A template placeholder (`''` or `<…>`) is still in the statement.",
    doc: RuleDoc {
        what: "Reports a template placeholder left in a statement: an empty string `''` or a \
               `<…>` value such as `<OKTA_ISSUER>`, in a value or as the integration's name. The \
               rest of the statement is still checked, and value rules skip a value that is \
               only a placeholder.",
        why: "Vendor guides ship statements with values to fill in. A placeholder that reaches \
              Snowflake is refused, or stored as a value that matches nothing, so sign-in fails \
              later, where it is harder to trace.",
        fix: FixSafety::None("Only the author knows the real value."),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !ctx.is_checked() {
        return;
    }
    if let Some(name) = ctx.statement.name.as_ref().filter(|n| n.placeholder) {
        out.push(ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            name.range(),
            format!(
                "placeholder `{}` is left as the integration name",
                name.text
            ),
        ));
    }
    for param in &ctx.statement.params {
        let Some(value) = &param.value else { continue };
        for item in value.items() {
            report(ctx, &param.name.upper, item, out);
        }
    }
}

fn report(ctx: &Ctx, param: &str, value: &Value, out: &mut Vec<Diagnostic>) {
    match &value.form {
        ValueForm::Placeholder(text) => out.push(warning(ctx, value.range(), param, text)),
        ValueForm::String(s) if s.is_empty() => out.push(ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            value.range(),
            format!("`{param}` is empty; fill in its value"),
        )),
        ValueForm::String(_) => {
            // Spans are found in the raw text so that ranges point at the characters.
            let raw = &ctx.text[value.range()];
            for span in placeholder_spans(raw) {
                let range = value.range().start + span.start..value.range().start + span.end;
                out.push(warning(ctx, range, param, &raw[span]));
            }
        }
        _ => {}
    }
}

fn warning(ctx: &Ctx, range: std::ops::Range<usize>, param: &str, text: &str) -> Diagnostic {
    ctx.diagnostic(
        RULE.code,
        Severity::Warning,
        range,
        if text.chars().count() <= 24 {
            format!("placeholder `{text}` in `{param}` still needs a real value")
        } else {
            format!("a placeholder in `{param}` still needs a real value")
        },
    )
}

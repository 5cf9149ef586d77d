use super::{closest, respell, Ctx, Rule, TypeState};
use crate::catalog::{ParameterSpec, ValueKind};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Param, Value, ValueForm, Verb};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "invalid-value",
    severity: "error",
    summary: "A value the parameter does not accept, or of the wrong kind.",
    doc: "Enumerations and booleans must be one of their values (any case, quoted or not); \
          strings must be single-quoted; integers must be numbers; role and URI lists must be \
          parenthesised; EXTERNAL_OAUTH_SCOPE_DELIMITER is one character; TYPE must name a known \
          integration type; ALTER … REFRESH takes OAUTH_CLIENT_SECRET or OAUTH_CLIENT_SECRET_2. \
          EXTERNAL_OAUTH_JWS_KEYS_URL must use https:// (behaviour change 2026_02). The fix \
          replaces a misspelt value with the closest allowed one. Placeholders are left to the \
          `placeholder` rule. Fix safety: a change of case or quoting is safe; another word, even \
          a close one, may mean another behaviour, so that replacement is unsafe, and so is \
          switching a URL to https://.",
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    check_type(ctx, out);
    check_refresh(ctx, out);
    for (param, spec) in ctx.known_params() {
        if spec.name == "TYPE" {
            continue;
        }
        let Some(value) = &param.value else { continue };
        if value.is_placeholder() {
            continue;
        }
        check_value(ctx, param, spec, value, out);
    }
}

fn check_type(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !ctx.statement.is_security() {
        return;
    }
    let Some(param) = ctx.statement.param("TYPE") else {
        return;
    };
    let Some(value) = param.value.as_ref().filter(|v| !v.is_placeholder()) else {
        return;
    };
    if value.scalar().is_some_and(|s| ctx.catalog.is_type(s)) {
        return;
    }
    let types: Vec<&str> = ctx.catalog.type_names();
    let shown = value.scalar().unwrap_or("this value");
    let mut diagnostic = ctx
        .diagnostic(
            RULE.code,
            Severity::Error,
            value.range.clone(),
            format!("`{shown}` is not a security integration TYPE"),
        )
        .with_related(
            value.range.clone(),
            format!("expected one of {}", types.join(", ")),
        );
    if let Some(best) = value
        .scalar()
        .and_then(|s| closest(s, types.iter().copied()))
    {
        let old = &ctx.text[value.range.clone()];
        super::suggest(&mut diagnostic.message, best);
        diagnostic = diagnostic.with_fix(replace_with(old, value.range.clone(), best.to_string()));
    }
    out.push(diagnostic);
}

/// The preferred fix that puts the closest allowed spelling in place: safe when only case or
/// quoting changes, since another word may mean another behaviour.
fn replace_with(old_text: &str, range: std::ops::Range<usize>, new_text: String) -> Fix {
    let bare = |s: &str| {
        s.trim()
            .trim_matches(['\'', '"'])
            .trim()
            .to_ascii_uppercase()
    };
    let fix = Fix::replace(format!("Replace with {new_text}"), range, new_text.clone()).preferred();
    if bare(old_text) == bare(&new_text) {
        fix.safe()
    } else {
        fix
    }
}

fn check_refresh(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(target) = &ctx.statement.refresh else {
        return;
    };
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    let allowed: &[&str] = match ctx.kind().map(|k| k.type_name.as_str()) {
        Some("OAUTH") => &["OAUTH_CLIENT_SECRET", "OAUTH_CLIENT_SECRET_2"],
        Some(_) => &[],
        None if matches!(ctx.type_state, TypeState::Unchecked) => return,
        None => &[
            "OAUTH_CLIENT_SECRET",
            "OAUTH_CLIENT_SECRET_2",
            "METADATA_URL",
            "SAML2_SNOWFLAKE_PRIVATE_KEY",
        ],
    };
    if allowed.contains(&target.upper.as_str()) {
        return;
    }
    let message = if allowed.is_empty() {
        format!(
            "this integration has nothing to REFRESH (`{}`)",
            target.text
        )
    } else {
        format!(
            "cannot REFRESH `{}`; expected {}",
            target.text,
            allowed.join(" or ")
        )
    };
    let mut diagnostic = ctx.diagnostic(RULE.code, Severity::Error, target.range.clone(), message);
    if let Some(best) = closest(&target.upper, allowed.iter().copied()) {
        diagnostic = diagnostic.with_fix(replace_with(
            &target.text,
            target.range.clone(),
            best.to_string(),
        ));
    }
    out.push(diagnostic);
}

fn check_value(
    ctx: &Ctx,
    param: &Param,
    spec: &ParameterSpec,
    value: &Value,
    out: &mut Vec<Diagnostic>,
) {
    let name = &spec.name;
    let expected = match spec.value {
        ValueKind::Enum | ValueKind::Boolean => {
            let names: Vec<String> = spec
                .values
                .iter()
                .map(|v| spec.spell_value(&v.name))
                .collect();
            super::one_of(&names)
        }
        other => other.describe().to_string(),
    };
    let wrong_kind = |severity: Severity| {
        ctx.diagnostic(
            RULE.code,
            severity,
            value.range.clone(),
            format!("`{name}` expects {expected}"),
        )
    };
    match spec.value {
        ValueKind::Enum | ValueKind::Boolean => {
            let word = match &value.form {
                ValueForm::String(s) | ValueForm::Word(s) => s.trim(),
                _ => return out.push(wrong_kind(Severity::Error)),
            };
            if spec.value(word).is_some() {
                return;
            }
            if value.holds_placeholder() {
                return;
            }
            let names: Vec<&str> = spec.values.iter().map(|v| v.name.as_str()).collect();
            let mut diagnostic = ctx
                .diagnostic(
                    RULE.code,
                    Severity::Error,
                    value.range.clone(),
                    format!("`{word}` is not a valid value for `{name}`"),
                )
                .with_related(
                    value.range.clone(),
                    format!(
                        "expected {}",
                        super::one_of(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    ),
                );
            if let Some(best) = closest(word, names.iter().copied()) {
                super::suggest(&mut diagnostic.message, &respell(value, spec, best));
                diagnostic = diagnostic.with_fix(replace_with(
                    &ctx.text[value.range.clone()],
                    value.range.clone(),
                    respell(value, spec, best),
                ));
            }
            out.push(diagnostic);
        }
        ValueKind::Integer => match &value.form {
            ValueForm::Number(n) if n.parse::<i64>().is_ok() => {}
            ValueForm::String(s) if s.trim().parse::<i64>().is_ok() => {}
            _ => out.push(wrong_kind(Severity::Error)),
        },
        ValueKind::String | ValueKind::Uri | ValueKind::PublicKey => match &value.form {
            ValueForm::String(s) => {
                check_length(ctx, spec, value, s, out);
                if spec.value == ValueKind::Uri {
                    check_uri(ctx, spec, value, s, out);
                }
            }
            ValueForm::Word(w) if spec.value != ValueKind::Uri => out.push(
                wrong_kind(Severity::Error).with_fix(
                    Fix::replace("Quote the value", value.range.clone(), format!("'{w}'"))
                        .preferred()
                        .safe(),
                ),
            ),
            _ => out.push(wrong_kind(Severity::Error)),
        },
        ValueKind::StringOrList => {
            if !value
                .items()
                .iter()
                .all(|i| matches!(i.form, ValueForm::String(_) | ValueForm::Placeholder(_)))
            {
                out.push(wrong_kind(Severity::Error));
            }
            for item in value.items() {
                if let ValueForm::String(s) = &item.form {
                    check_https(ctx, spec, item, s, out);
                }
            }
        }
        ValueKind::RoleList | ValueKind::UriList => match &value.form {
            ValueForm::List(items) => {
                if spec.value == ValueKind::UriList {
                    for item in items {
                        if let ValueForm::String(s) = &item.form {
                            check_uri(ctx, spec, item, s, out);
                        }
                    }
                }
            }
            ValueForm::String(_) | ValueForm::Word(_) | ValueForm::QuotedIdentifier(_) => {
                let text = &ctx.text[value.range.clone()];
                out.push(
                    wrong_kind(Severity::Warning).with_fix(
                        Fix::replace(
                            "Wrap the value in parentheses",
                            value.range.clone(),
                            format!("({text})"),
                        )
                        .preferred()
                        .safe(),
                    ),
                )
            }
            _ => out.push(wrong_kind(Severity::Error)),
        },
        ValueKind::ObjectName => {
            if value.is_list() || matches!(value.form, ValueForm::Number(_)) {
                out.push(wrong_kind(Severity::Error));
            }
        }
    }
    let _ = param;
}

fn check_length(
    ctx: &Ctx,
    spec: &ParameterSpec,
    value: &Value,
    s: &str,
    out: &mut Vec<Diagnostic>,
) {
    for limit in &spec.limits {
        let Some(max) = limit.max_length else {
            continue;
        };
        let applies = limit
            .when
            .as_ref()
            .is_none_or(|w| ctx.variant.satisfies(w) == Some(true));
        if applies && s.chars().count() > max {
            let severity = super::severity_of(limit.severity);
            let unit = if max == 1 { "character" } else { "characters" };
            out.push(ctx.diagnostic(
                RULE.code,
                severity,
                value.range.clone(),
                format!("`{}` takes at most {max} {unit}", spec.name),
            ));
        }
    }
}

fn check_uri(ctx: &Ctx, spec: &ParameterSpec, value: &Value, s: &str, out: &mut Vec<Diagnostic>) {
    check_https(ctx, spec, value, s, out);
    let lower = s.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || value.holds_placeholder() {
        return;
    }
    out.push(ctx.diagnostic(
        RULE.code,
        Severity::Warning,
        value.range.clone(),
        format!("`{}` expects an absolute http(s):// URI", spec.name),
    ));
}

/// `http://` where the catalog says Snowflake takes only `https://`.
fn check_https(ctx: &Ctx, spec: &ParameterSpec, value: &Value, s: &str, out: &mut Vec<Diagnostic>) {
    let trimmed = s.trim_start();
    if !spec.https_only
        || !trimmed
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
    {
        return;
    }
    let scheme_at = value.range.start + 1 + (s.len() - trimmed.len());
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Error,
            value.range.clone(),
            format!("`{}` must use https://", spec.name),
        )
        .with_fix(Fix::replace(
            "Use https://",
            scheme_at..scheme_at + 7,
            "https://",
        )),
    );
}

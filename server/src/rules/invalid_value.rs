use super::doc::{code, codes, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
use super::{closest, respell, Ctx, Rule, TypeState};
use crate::catalog::{KindSpec, ParameterSpec, ValueKind};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Param, Value, ValueForm, Verb};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "invalid-value",
    severity: "error or warning",
    summary: "A value the parameter does not accept, or of the wrong kind.",
    doc: RuleDoc {
        what: "Reports a value the parameter does not accept, or of the wrong kind: an \
               enumeration or boolean that is none of its values (any case, quoted or not), an \
               unquoted string, an integer that is not a number, a role or URI list without \
               parentheses, a TYPE no integration has, an AUTH_TYPE no kind has, and an ALTER … \
               REFRESH target the kind does not have.\n\n\
               Some parameters carry more facts in the catalog, listed below: a documented form \
               (AWS role ARNs, GCP provider paths; a warning when a value differs), `https://` \
               only, items a list must hold, built-in SCIM role names that are case-sensitive \
               and go with one client, and known wrong values with what they mean (`'AzureAD'` \
               is `'CUSTOM'`). `ALTER … SET TYPE = AWS_IAM`, which the AWS IAM ALTER page writes \
               where AUTH_TYPE seems meant, is a warning. Placeholders are left to \
               `placeholder`. A misspelt value gets the closest allowed one as its fix.",
        why: "Snowflake refuses most of these values, so the statement fails when it runs. A \
              value in the wrong form that it accepts (a role name in the wrong case, an ARN \
              that is not one) names something that does not exist, and sign-in or the API \
              call fails later, where it is harder to trace. Since behaviour change 2026_02 an \
              `http://` JWS keys URL is refused.",
        fix: FixSafety::Mixed(
            "Changing only the case or quoting of a keyword, quoting a bare string and wrapping \
             a list in parentheses are safe. Replacing a value with another word is unsafe, \
             even a close one or a known alias, since another word may mean another behaviour; \
             so are switching a URL to `https://`, adding a required list item and changing the \
             case of a case-sensitive role name. Disputed facts (documented forms, role \
             pairings) carry no fix.",
        ),
        covers: Some(Coverage::new(
            "Parameters with facts of their own in the catalog, beyond their value kind \
                   (`secint explain NAME` lists each one's values):",
            covered,
        )),
        sources: &[pages::CREATE, pages::JWS_KEYS_URL_HTTPS],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    check_type(ctx, out);
    check_selector(ctx, out);
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
    // The AWS IAM ALTER page writes `SET TYPE = AWS_IAM`, an AUTH_TYPE value: a doc oddity
    // whose outcome no page states, so only a warning.
    let selected = value
        .scalar()
        .and_then(|s| ctx.catalog.kind_selected_by(s.trim()));
    if let (Some(kind), Verb::Alter) = (selected, ctx.statement.verb) {
        let word = value.scalar().unwrap_or_default().trim();
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Warning,
                value.range(),
                format!(
                    "`{word}` is not a TYPE; this kind is TYPE = {}",
                    kind.type_name
                ),
            )
            .with_note(Some(
                "The AWS IAM ALTER page writes SET TYPE = AWS_IAM where AUTH_TYPE seems meant; \
                 no page says what Snowflake does with it",
            )),
        );
        return;
    }
    let types: Vec<&str> = ctx.catalog.type_names();
    let shown = value.scalar().unwrap_or("this value");
    let mut diagnostic = not_one_of(
        ctx,
        value,
        format!("`{shown}` is not a security integration TYPE"),
        format!("one of {}", types.join(", ")),
    );
    if let Some(best) = value
        .scalar()
        .and_then(|s| closest(s, types.iter().copied()))
    {
        diagnostic = suggest_replacement(ctx, diagnostic, value, best.to_string());
    }
    out.push(diagnostic);
}

/// A value of the parameter that tells the kinds of a TYPE apart (`AUTH_TYPE`) that names
/// none of them. The rest of the statement stays unchecked, its kind being unknown.
fn check_selector(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !matches!(ctx.type_state, TypeState::Unknown) || !ctx.statement.is_security() {
        return;
    }
    let Some(type_name) = ctx.effective_word("TYPE") else {
        return;
    };
    let kinds: Vec<&KindSpec> = ctx.catalog.kinds_of_type(&type_name).collect();
    let selectors = kinds.iter().filter_map(|k| k.select.as_ref());
    let mut by_parameter: Vec<(&str, Vec<&str>)> = Vec::new();
    for select in selectors {
        for (param, values) in &select.0 {
            match by_parameter.iter_mut().find(|(p, _)| p == param) {
                Some((_, all)) => all.extend(values.iter().map(String::as_str)),
                None => by_parameter.push((param, values.iter().map(String::as_str).collect())),
            }
        }
    }
    for (param, values) in by_parameter {
        let Some(value) = ctx
            .statement
            .param(param)
            .and_then(|p| p.value.as_ref())
            .filter(|v| !v.is_placeholder())
        else {
            continue;
        };
        let Some(word) = value.scalar().map(str::trim) else {
            continue;
        };
        if values.iter().any(|v| v.eq_ignore_ascii_case(word)) {
            continue;
        }
        let upper = word.to_ascii_uppercase();
        // `AWS_IAM_ROLE` means `AWS_IAM`: a value the word starts with is as likely as a typo.
        let best = closest(word, values.iter().copied()).or_else(|| {
            values
                .iter()
                .copied()
                .filter(|v| upper.starts_with(v) || v.starts_with(&upper))
                .max_by_key(|v| v.len())
        });
        let mut diagnostic = not_one_of(
            ctx,
            value,
            format!("`{word}` is not a valid value for `{param}`"),
            super::one_of(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>()),
        );
        if let Some(best) = best {
            diagnostic = suggest_replacement(ctx, diagnostic, value, best.to_string());
        }
        out.push(diagnostic);
    }
}

/// An error at a value that is none of those `expected` describes, which the related
/// information names.
fn not_one_of(ctx: &Ctx, value: &Value, message: String, expected: String) -> Diagnostic {
    ctx.diagnostic(RULE.code, Severity::Error, value.range(), message)
        .with_related(value.range(), format!("expected {expected}"))
}

/// Names `replacement` in the message ("did you mean") and offers it as the fix for `value`.
fn suggest_replacement(
    ctx: &Ctx,
    mut diagnostic: Diagnostic,
    value: &Value,
    replacement: String,
) -> Diagnostic {
    super::suggest(&mut diagnostic.message, &replacement);
    let old = &ctx.text[value.range()];
    diagnostic.with_fix(replace_with(old, value.range(), replacement))
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
    let Some(target) = ctx.statement.refresh() else {
        return;
    };
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    // The kind's REFRESH targets; with the kind unknown, those of any kind.
    let kinds: Vec<&KindSpec> = match ctx.type_state {
        TypeState::Checked(kind) => vec![kind],
        TypeState::Unchecked => return,
        TypeState::Unknown => ctx.catalog.checked_kinds().collect(),
    };
    let mut allowed: Vec<&str> = kinds
        .iter()
        .flat_map(|k| k.refresh.iter().map(|r| r.name.as_str()))
        .collect();
    allowed.dedup();
    if allowed
        .iter()
        .any(|a| a.eq_ignore_ascii_case(&target.upper))
    {
        return;
    }
    let expected: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
    let expected = super::one_of(&expected);
    let mut message = if allowed.is_empty() {
        format!(
            "this integration has nothing to REFRESH (`{}`)",
            target.upper
        )
    } else {
        format!("cannot REFRESH `{}`; expected {expected}", target.upper)
    };
    // A long list of targets (any kind's, when the kind is unknown) goes to related information.
    let long = message.chars().count() > super::MESSAGE_WIDTH;
    if long {
        message = format!("cannot REFRESH `{}`", target.upper);
    }
    let mut diagnostic = ctx.diagnostic(RULE.code, Severity::Error, target.range(), message);
    if long {
        diagnostic = diagnostic.with_related(target.range(), format!("expected {expected}"));
    }
    if let Some(best) = closest(&target.upper, allowed.iter().copied()) {
        diagnostic = diagnostic.with_fix(replace_with(
            target.written(ctx.text),
            target.range(),
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
            value.range(),
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
            let message = format!("`{word}` is not a valid value for `{name}`");
            let message = match message.chars().count() > super::MESSAGE_WIDTH {
                true => format!("not a valid value for `{name}`"),
                false => message,
            };
            let mut diagnostic = not_one_of(
                ctx,
                value,
                message,
                super::one_of(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            );
            if let Some(alias) = spec.alias(word) {
                let to = respell(value, spec, &alias.to);
                diagnostic = diagnostic.with_note(Some(alias.note.as_str()));
                diagnostic = suggest_replacement(ctx, diagnostic, value, to);
            } else if let Some(best) = closest(word, names.iter().copied()) {
                let to = respell(value, spec, best);
                diagnostic = suggest_replacement(ctx, diagnostic, value, to);
            }
            out.push(diagnostic);
        }
        ValueKind::Integer => match &value.form {
            ValueForm::Number(n) if n.parse::<i64>().is_ok() => {}
            ValueForm::String(s) if s.trim().parse::<i64>().is_ok() => {}
            _ => out.push(wrong_kind(Severity::Error)),
        },
        ValueKind::String | ValueKind::Uri | ValueKind::PublicKey | ValueKind::Certificate => {
            match &value.form {
                ValueForm::String(s) => {
                    check_length(ctx, spec, value, s, out);
                    check_case(ctx, spec, value, s, out);
                    check_pattern(ctx, spec, value, s, out);
                    if spec.value == ValueKind::Uri {
                        check_uri(ctx, spec, value, s, out);
                    }
                }
                ValueForm::Word(w) if spec.value != ValueKind::Uri => out.push(
                    wrong_kind(Severity::Error).with_fix(
                        Fix::replace("Quote the value", value.range(), format!("'{w}'"))
                            .preferred()
                            .safe(),
                    ),
                ),
                _ => out.push(wrong_kind(Severity::Error)),
            }
        }
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
        ValueKind::RoleList | ValueKind::UriList | ValueKind::StringList => match &value.form {
            ValueForm::List(items) => {
                check_required_items(ctx, spec, value, items, out);
                if spec.value == ValueKind::UriList {
                    for item in items {
                        if let ValueForm::String(s) = &item.form {
                            check_uri(ctx, spec, item, s, out);
                        }
                    }
                }
            }
            ValueForm::String(_) | ValueForm::Word(_) | ValueForm::QuotedIdentifier(_) => {
                let text = &ctx.text[value.range()];
                out.push(
                    wrong_kind(Severity::Warning).with_fix(
                        Fix::replace(
                            "Wrap the value in parentheses",
                            value.range(),
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
            out.push(ctx.diagnostic(
                RULE.code,
                severity,
                value.range(),
                format!(
                    "`{}` takes at most {}",
                    spec.name,
                    super::count(max, "character")
                ),
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
        value.range(),
        format!("`{}` expects an absolute http(s):// URI", spec.name),
    ));
}

/// `http://` where the catalog says Snowflake takes only `https://`.
fn check_https(ctx: &Ctx, spec: &ParameterSpec, value: &Value, s: &str, out: &mut Vec<Diagnostic>) {
    if !spec.https_only {
        return;
    }
    let Some((scheme_at, _)) = super::http_scheme(value, s) else {
        return;
    };
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Error,
            value.range(),
            format!("`{}` must use https://", spec.name),
        )
        .with_fix(super::use_https(scheme_at)),
    );
}

/// A built-in name written in another case (`'aad_provisioner'`): Snowflake compares these
/// names exactly.
fn check_case(ctx: &Ctx, spec: &ParameterSpec, value: &Value, s: &str, out: &mut Vec<Diagnostic>) {
    if !spec.exact_case {
        return;
    }
    let Some(known) = spec.value(s.trim()) else {
        return;
    };
    if let Some(when) = &known.pairs_with {
        if ctx.variant.satisfies(when) == Some(false) {
            let kind = ctx.kind();
            let belongs = kind.map_or(String::new(), |k| when.describe(k, super::one_of, " and "));
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    Severity::Warning,
                    value.range(),
                    format!("`{}` is the built-in role for {belongs}", known.name),
                )
                .with_related(
                    value.range(),
                    format!("this integration has {}", ctx.describe_variant_for(Some(when))),
                )
                .with_note(Some(
                    "The guides pair each client with its own role; no page says another pairing is rejected",
                )),
            );
        }
    }
    if known.name == s.trim() {
        return;
    }
    out.push(
        ctx.diagnostic(
            RULE.code,
            Severity::Warning,
            value.range(),
            format!(
                "`{}` is case-sensitive: write `'{}'`",
                spec.name, known.name
            ),
        )
        .with_note(Some(
            "The built-in names are case-sensitive and must be written in upper case",
        ))
        .with_fix(
            Fix::replace(
                format!("Replace with '{}'", known.name),
                value.range(),
                format!("'{}'", known.name),
            )
            .preferred(),
        ),
    );
}

/// A string that does not have the form the catalog gives (an ARN, a resource path).
fn check_pattern(
    ctx: &Ctx,
    spec: &ParameterSpec,
    value: &Value,
    s: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(pattern) = &spec.pattern else {
        return;
    };
    if value.holds_placeholder() {
        return;
    }
    if pattern.matches(s.trim()) {
        return;
    }
    out.push(
        ctx.diagnostic(
            RULE.code,
            super::severity_of(pattern.severity),
            value.range(),
            format!("`{}` does not have the documented form", spec.name),
        )
        .with_related(value.range(), format!("expected {}", pattern.form)),
    );
}

/// A list that leaves out an item it must hold (`'openid'` in OIDC_SCOPES).
fn check_required_items(
    ctx: &Ctx,
    spec: &ParameterSpec,
    value: &Value,
    items: &[Value],
    out: &mut Vec<Diagnostic>,
) {
    if value.holds_placeholder() {
        return;
    }
    for limit in super::applicable_limits(ctx, spec) {
        if limit.min_items.is_some_and(|min| items.len() < min) {
            let min = limit.min_items.unwrap_or_default();
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    super::severity_of(limit.severity),
                    value.range(),
                    format!(
                        "`{}` needs at least {}",
                        spec.name,
                        super::count(min, "item")
                    ),
                )
                .with_note(limit.note.as_deref()),
            );
        }
        for required in &limit.required_items {
            let present = items.iter().any(|i| {
                i.scalar()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case(required))
            });
            if present {
                continue;
            }
            let open = value.range().start;
            let insert = if items.is_empty() {
                format!("'{required}'")
            } else {
                format!("'{required}', ")
            };
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    super::severity_of(limit.severity),
                    value.range(),
                    format!("`{}` must include `'{required}'`", spec.name),
                )
                .with_note(limit.note.as_deref())
                .with_fix(
                    Fix::new(
                        format!("Add '{required}'"),
                        vec![crate::diagnostic::Edit {
                            range: open + 1..open + 1,
                            new_text: insert,
                        }],
                    )
                    .preferred(),
                ),
            );
        }
    }
}

/// The facts beyond its value kind that the catalog gives each parameter of the kind, and the
/// kind's REFRESH targets.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items = Vec::new();
    for p in &kind.parameters {
        let mut facts = Vec::new();
        if let Some(pattern) = &p.pattern {
            facts.push(format!(
                "has the form `{}`{}",
                pattern.form,
                standing(pattern.severity)
            ));
        }
        if p.https_only {
            facts.push("uses `https://`".to_string());
        }
        for limit in &p.limits {
            let when = when_clause(kind, limit.when.as_ref());
            let standing = standing(limit.severity);
            if let Some(max) = limit.max_length {
                facts.push(format!(
                    "holds at most {}{when}{standing}",
                    super::count(max, "character")
                ));
            }
            if let Some(min) = limit.min_items {
                facts.push(format!(
                    "holds at least {}{when}{standing}",
                    super::count(min, "item")
                ));
            }
            if !limit.required_items.is_empty() {
                let quoted: Vec<String> = limit
                    .required_items
                    .iter()
                    .map(|i| format!("'{i}'"))
                    .collect();
                facts.push(format!(
                    "includes {}{when}{standing}",
                    codes(&quoted, "and")
                ));
            }
        }
        for alias in &p.aliases {
            facts.push(format!("`{}` is taken to mean `{}`", alias.from, alias.to));
        }
        if p.exact_case {
            facts.push("built-in names in their exact case (reported as a warning)".to_string());
        }
        if p.values.iter().any(|v| v.pairs_with.is_some()) {
            facts.push("built-in names with their own variant (reported as a warning)".to_string());
        }
        if !facts.is_empty() {
            items.push(format!("{}: {}", code(&p.name), facts.join("; ")));
        }
    }
    if !kind.refresh.is_empty() {
        let targets: Vec<String> = kind.refresh.iter().map(|r| r.name.clone()).collect();
        items.push(format!("ALTER … REFRESH of {}", codes(&targets, "or")));
    }
    items
}

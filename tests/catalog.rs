//! Invariants of the parameter catalog and the templates built on it.

mod support;

use regex::Regex;
use secint::catalog::{Catalog, KindSpec, ValueKind, When};
use secint::diagnostic::Severity;
use secint::ide::completion::{strip_snippet, templates};
use std::collections::HashSet;

/// A condition names only its kind's variant parameters, and only values they have.
fn check_when(kind: &KindSpec, when: &When, context: &str) {
    for (parameter, list) in &when.0 {
        assert!(
            kind.variant_parameters.contains(parameter),
            "{context}: `{parameter}` is not a variant parameter of {}",
            kind.type_name
        );
        let spec = kind
            .parameter(parameter)
            .unwrap_or_else(|| panic!("{context}: no parameter {parameter}"));
        for value in list {
            assert!(
                spec.value(value).is_some(),
                "{context}: `{value}` is not a value of {parameter}"
            );
        }
    }
}

#[test]
fn every_parameter_and_value_is_documented_once() {
    let catalog = Catalog::get();
    for kind in catalog.checked_kinds() {
        let mut seen = HashSet::new();
        assert!(kind.parameters.len() >= 15, "{}", kind.type_name);
        for p in &kind.parameters {
            let context = format!("{}.{}", kind.type_name, p.name);
            assert!(seen.insert(p.name.clone()), "{context} is listed twice");
            assert_eq!(p.name, p.name.to_ascii_uppercase(), "{context}");
            assert!(p.doc.trim().len() >= 80, "{context}: doc too short");
            assert!(
                p.page(kind).starts_with("https://docs.snowflake.com/"),
                "{context}"
            );
            if matches!(p.value, ValueKind::Enum | ValueKind::Boolean) {
                assert!(!p.values.is_empty(), "{context}: no values");
            }
            let mut names = HashSet::new();
            for v in &p.values {
                assert!(
                    names.insert(v.name.to_ascii_uppercase()),
                    "{context}: `{}` twice",
                    v.name
                );
                assert!(
                    v.doc.trim().len() >= 15,
                    "{context}={}: value doc too short",
                    v.name
                );
            }
            if let Some(default) = &p.default {
                if !p.values.is_empty() {
                    assert!(
                        p.value(default.trim_matches('\'')).is_some(),
                        "{context}: default `{default}` is not a value"
                    );
                }
            }
            for w in [&p.required_when, &p.applies_when].into_iter().flatten() {
                check_when(kind, w, &context);
            }
            for d in &p.defaults {
                check_when(kind, &d.when, &context);
            }
            for l in &p.limits {
                if let Some(w) = &l.when {
                    check_when(kind, w, &context);
                }
                if let (Some(min), Some(max)) = (l.min, l.max) {
                    assert!(min <= max, "{context}: empty range");
                }
            }
            for c in &p.conflicts {
                assert!(
                    kind.parameter(&c.with).is_some(),
                    "{context}: conflicts with unknown `{}`",
                    c.with
                );
            }
            for i in &p.ignored_when {
                let other = kind
                    .parameter(&i.param)
                    .unwrap_or_else(|| panic!("{context}: unknown `{}`", i.param));
                assert!(
                    other.value(&i.value).is_some(),
                    "{context}: `{}` is not a value of {}",
                    i.value,
                    i.param
                );
            }
        }
    }
}

#[test]
fn rules_name_only_parameters_and_values_the_catalog_has() {
    let catalog = Catalog::get();
    let mut known: HashSet<String> = HashSet::new();
    for kind in &catalog.kinds {
        known.insert(kind.type_name.clone());
        for p in &kind.parameters {
            known.insert(p.name.clone());
            known.extend(p.values.iter().map(|v| v.name.to_ascii_uppercase()));
            // Role names the catalog knows as privileged.
            for limit in &p.limits {
                known.extend(limit.forbidden_items.iter().map(|r| r.to_ascii_uppercase()));
            }
        }
    }
    // Words rules use that are not parameters: REFRESH targets and SQL keywords.
    for word in [
        "OAUTH_CLIENT_SECRET",
        "OAUTH_CLIENT_SECRET_2",
        "METADATA_URL",
        "SAML2_SNOWFLAKE_PRIVATE_KEY",
        // The API_AUTHENTICATION kind that generates a subject (its catalog names it too).
        "AUTH_TYPE",
        "WORKLOAD_IDENTITY_FEDERATION",
        "SECURITY",
        "ALTER",
        "CREATE",
        "UNSET",
        "REFRESH",
        "SET",
        "CARGO_MANIFEST_DIR",
    ] {
        known.insert(word.to_string());
    }
    let literal = Regex::new(r#""([A-Z][A-Z0-9_]{3,})""#).unwrap();
    let dir = support::repo_root().join("server/src/rules");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        // Unit tests use misspellings on purpose.
        let source = source.split("#[cfg(test)]").next().unwrap();
        for capture in literal.captures_iter(source) {
            checked += 1;
            assert!(
                known.contains(&capture[1]),
                "{}: `{}` is not in the catalog",
                path.display(),
                &capture[1]
            );
        }
    }
    assert!(checked >= 10, "only {checked} names found");
}

#[test]
fn statement_templates_check_without_errors() {
    assert!(templates().len() >= 10);
    for template in templates() {
        let sql = strip_snippet(&template.body);
        let errors: Vec<_> = secint::check(&sql)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}:\n{sql}\n{errors:#?}", template.label);
    }
}

#[test]
fn hinted_defaults_exist_and_units_are_on_integers() {
    let mut hinted = 0;
    for kind in secint::catalog::Catalog::get().checked_kinds() {
        for p in &kind.parameters {
            if p.hint_default {
                hinted += 1;
                assert!(
                    p.default.is_some() || !p.defaults.is_empty(),
                    "{}: hint_default without a default",
                    p.name
                );
            }
            if p.unit.is_some() {
                assert_eq!(
                    p.value,
                    secint::catalog::ValueKind::Integer,
                    "{}: a unit on a value that is not an integer",
                    p.name
                );
            }
        }
    }
    assert!(hinted >= 5, "only {hinted} parameters show their default");
}

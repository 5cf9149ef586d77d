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

/// What a kind says beyond its parameters: how it is selected, its REFRESH targets and groups.
fn check_kind(kind: &KindSpec) {
    let catalog = Catalog::get();
    let title = &kind.title;
    assert!(
        kind.doc.contains(' ') && kind.doc.trim().len() >= 80,
        "{title}: doc too short"
    );
    assert!(
        kind.page.starts_with("https://docs.snowflake.com/"),
        "{title}"
    );
    assert_eq!(
        catalog.kinds.iter().filter(|k| k.title == *title).count(),
        1,
        "{title}: titles must be distinct"
    );
    if catalog.kinds_of_type(&kind.type_name).count() > 1 {
        let select = kind
            .select
            .as_ref()
            .unwrap_or_else(|| panic!("{title}: shares its TYPE but has no `select`"));
        for (param, values) in &select.0 {
            let spec = kind
                .parameter(param)
                .unwrap_or_else(|| panic!("{title}: selects by unknown `{param}`"));
            assert!(
                spec.required,
                "{title}: `{param}` selects the kind, so it is required"
            );
            for v in values {
                assert!(
                    spec.value(v).is_some(),
                    "{title}: `{v}` is not a value of {param}"
                );
            }
        }
    }
    let mut targets = HashSet::new();
    for r in &kind.refresh {
        assert!(
            targets.insert(r.name.clone()),
            "{title}: REFRESH {} twice",
            r.name
        );
        assert!(
            r.doc.trim().len() >= 15,
            "{title}: REFRESH {} undocumented",
            r.name
        );
    }
    for group in &kind.groups {
        let names = group
            .all_or_none
            .iter()
            .chain(group.one_of.iter().flatten());
        let mut count = 0;
        for name in names {
            count += 1;
            let spec = kind
                .parameter(name)
                .unwrap_or_else(|| panic!("{title}: group names unknown `{name}`"));
            assert!(
                !spec.required,
                "{title}: `{name}` is required and in a group"
            );
        }
        assert!(count >= 2, "{title}: a group needs two parameters");
        assert!(
            group.all_or_none.is_empty() != group.one_of.is_empty(),
            "{title}: a group is all_or_none or one_of"
        );
    }
}

#[test]
fn every_kind_of_security_integration_is_checked() {
    let catalog = Catalog::get();
    let types = catalog.type_names();
    for t in [
        "API_AUTHENTICATION",
        "EXTERNAL_OAUTH",
        "OAUTH",
        "OIDC",
        "SAML2",
        "SCIM",
    ] {
        assert!(types.contains(&t), "{t} is not a TYPE");
    }
    assert_eq!(types.len(), 6, "{types:?}");
    assert!(catalog.kinds.iter().all(|k| k.checked));
    assert_eq!(catalog.kinds_of_type("API_AUTHENTICATION").count(), 3);
}

#[test]
fn every_parameter_and_value_is_documented_once() {
    let catalog = Catalog::get();
    for kind in catalog.checked_kinds() {
        let mut seen = HashSet::new();
        // AWS IAM authentication has five parameters; every other kind has more.
        assert!(kind.parameters.len() >= 5, "{}", kind.title);
        check_kind(kind);
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
                if let Some(w) = &v.pairs_with {
                    check_when(kind, w, &context);
                }
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
            for a in &p.aliases {
                assert!(
                    p.value(&a.to).is_some(),
                    "{context}: alias `{}` leads to `{}`, not a value",
                    a.from,
                    a.to
                );
                assert!(
                    p.value(&a.from).is_none(),
                    "{context}: `{}` is a value",
                    a.from
                );
            }
            if let Some(pattern) = &p.pattern {
                assert!(Regex::new(&pattern.regex).is_ok(), "{context}: bad pattern");
            }
            if let Some(url) = &p.url {
                assert_eq!(p.value, ValueKind::Uri, "{context}: url shape on a non-URI");
                if let Some(other) = &url.same_host_as {
                    assert!(
                        kind.parameter(other).is_some(),
                        "{context}: unknown `{other}`"
                    );
                }
            }
            if p.exact_case {
                assert!(!p.values.is_empty(), "{context}: exact_case without values");
            }
            if p.alter_only.is_some() {
                assert!(
                    !p.required && p.required_when.is_none() && p.alter.can_set(),
                    "{context}: an ALTER-only parameter cannot be required or unsettable"
                );
            }
            for l in &p.limits {
                if !l.required_items.is_empty() || l.min_items.is_some() {
                    assert!(p.value.is_list(), "{context}: required items on a non-list");
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
    for kind in &catalog.kinds {
        known.extend(kind.refresh.iter().map(|r| r.name.clone()));
    }
    for word in [
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
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs = vec![dir];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            match path.is_dir() {
                true => dirs.push(path),
                false => paths.push(path),
            }
        }
    }
    for path in paths {
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

#[test]
fn every_kind_and_variant_has_a_template() {
    let catalog = Catalog::get();
    let bodies: Vec<String> = templates()
        .iter()
        .map(|t| strip_snippet(&t.body).to_ascii_uppercase())
        .collect();
    let gives = |body: &str, param: &str, value: &str| {
        let value = value.to_ascii_uppercase();
        body.contains(&format!("{param} = {value}\n"))
            || body.contains(&format!("{param} = '{value}'"))
            || body.contains(&format!("{param} = {value};"))
    };
    for kind in catalog.checked_kinds() {
        let of_kind: Vec<&String> = bodies
            .iter()
            .filter(|b| gives(b, "TYPE", &kind.type_name))
            .filter(|b| {
                kind.select.as_ref().is_none_or(|s| {
                    s.0.iter()
                        .all(|(p, values)| values.iter().any(|v| gives(b, p, v)))
                })
            })
            .collect();
        assert!(!of_kind.is_empty(), "{}: no template", kind.title);
        // Each value of the kind's first variant parameter has its template (each SCIM client,
        // OIDC provider, OAuth grant and secret provider).
        let Some(variant) = kind.variant_parameters.first() else {
            continue;
        };
        for value in &kind.parameter(variant).unwrap().values {
            assert!(
                of_kind.iter().any(|b| gives(b, variant, &value.name)),
                "{}: no template for {variant} = {}",
                kind.title,
                value.name
            );
        }
    }
}

/// A kind is a data file: a toy one, with a TYPE shared by a selector, is read with no code
/// change and chosen by its `select` values, with its parameters, facts across files and
/// workspace references.
#[test]
fn a_new_kind_is_one_catalog_file() {
    const TOY: &str = r#"
type = "API_AUTHENTICATION"
title = "Toy token exchange"
page = "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration"
doc = "A kind that exists only in this test."
checked = true
select = { AUTH_TYPE = ["TOY_EXCHANGE"] }
variant_parameters = ["TOY_MODE"]

[workspace]
referenced_by = ["external access"]

[[workspace.unique]]
parameter = "TOY_AUDIENCE"
error = "000000"
note = "one per account"
source = "this test"

[[parameter]]
name = "TOY_MODE"
value = "enum"
values = [{ name = "FAST", doc = "fast" }, { name = "SAFE", doc = "safe" }]
alter = "set"
doc = "How the toy exchanges tokens."

[[parameter]]
name = "TOY_AUDIENCE"
value = "string"
alter = "set"
doc = "Who the toy's tokens are for."
"#;
    let mut files: Vec<(&'static str, &str)> = Vec::new();
    for entry in std::fs::read_dir(support::repo_root().join("server/catalog")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name: &'static str = Box::leak(
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_boxed_str(),
            );
            let text: &'static str =
                Box::leak(std::fs::read_to_string(&path).unwrap().into_boxed_str());
            files.push((name, text));
        }
    }
    let before = Catalog::parse(&files).unwrap().kinds.len();
    files.push(("toy.toml", TOY));
    let catalog = Catalog::parse(&files).unwrap();
    assert_eq!(catalog.kinds.len(), before + 1);
    let toy = catalog
        .select_kind("API_AUTHENTICATION", |param| {
            (param == "AUTH_TYPE").then(|| "TOY_EXCHANGE".to_string())
        })
        .expect("the toy kind is chosen by AUTH_TYPE");
    assert_eq!(toy.title, "Toy token exchange");
    assert_eq!(toy.variant_parameters, ["TOY_MODE"]);
    assert!(toy.parameter("toy_audience").is_some());
    assert_eq!(toy.workspace.unique[0].parameter, "TOY_AUDIENCE");
    // The kinds that were there are still told apart.
    let oauth2 = catalog.select_kind("API_AUTHENTICATION", |param| {
        (param == "AUTH_TYPE").then(|| "OAUTH2".to_string())
    });
    assert!(oauth2.is_some_and(|k| k.title != toy.title));
}

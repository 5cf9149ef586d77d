//! Change review: what a new version of a file does to its integrations, compared with the
//! old one. Statements are matched by verb and name (as Snowflake resolves it); a CREATE's
//! parameters are compared one by one. The findings are the diagnostics of the new version's
//! changed statements, the `change-review` group always among them.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::model::{Statement, Verb};
use std::collections::BTreeMap;
use std::ops::Range;

/// One change to an integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub what: ChangeKind,
    /// The integration's name as written in the new version (or the old, when removed).
    pub integration: String,
    /// Where the change is in the new text (the old text's statement for removals: empty).
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Replaced,
    Dropped,
    Altered(String),
    Removed(Verb),
    ParameterAdded {
        name: String,
        value: String,
    },
    ParameterRemoved {
        name: String,
        value: String,
    },
    ParameterChanged {
        name: String,
        from: String,
        to: String,
    },
}

impl ChangeKind {
    pub fn label(&self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Replaced => "replaced",
            ChangeKind::Dropped => "dropped",
            ChangeKind::Altered(_) => "altered",
            ChangeKind::Removed(_) => "statement removed",
            ChangeKind::ParameterAdded { .. } => "parameter added",
            ChangeKind::ParameterRemoved { .. } => "parameter removed",
            ChangeKind::ParameterChanged { .. } => "parameter changed",
        }
    }

    /// The change in words: `EXTERNAL_OAUTH_ISSUER 'a' → 'b'`.
    pub fn detail(&self) -> String {
        match self {
            ChangeKind::Created | ChangeKind::Replaced | ChangeKind::Dropped => String::new(),
            ChangeKind::Altered(action) => action.clone(),
            ChangeKind::Removed(verb) => {
                format!("{} removed", format!("{verb:?}").to_ascii_uppercase())
            }
            ChangeKind::ParameterAdded { name, value } => format!("{name} = {value}"),
            ChangeKind::ParameterRemoved { name, value } => format!("{name} (was {value})"),
            ChangeKind::ParameterChanged { name, from, to } => format!("{name}: {from} → {to}"),
        }
    }
}

/// What changed in one file, and what the checker finds in the changed statements.
#[derive(Debug, Default)]
pub struct FileReview {
    pub changes: Vec<Change>,
    pub findings: Vec<Diagnostic>,
}

/// Compares two versions of a file. `before` is `None` for a new file, `after` for a deleted
/// one.
pub fn review(before: Option<&str>, after: Option<&str>, settings: &Settings) -> FileReview {
    let old = before.map(statements).unwrap_or_default();
    let new_text = after.unwrap_or_default();
    let new = after.map(statements).unwrap_or_default();
    let mut review = FileReview::default();
    let mut old_by_key: BTreeMap<(String, u8, usize), &Statement> = BTreeMap::new();
    for (key, s) in keyed(&old) {
        old_by_key.insert(key, s);
    }
    let mut changed_ranges = Vec::new();
    for (key, s) in keyed(&new) {
        let name = display_name(s);
        let text = normalized(&new_text[s.range()]);
        match old_by_key.remove(&key) {
            Some(old_s) => {
                let old_text = normalized(&before.unwrap_or_default()[old_s.range()]);
                if old_text == text {
                    continue;
                }
                changed_ranges.push(s.range());
                if s.verb == Verb::Create {
                    if s.or_replace().is_some() && old_s.or_replace().is_none() {
                        review
                            .changes
                            .push(change(ChangeKind::Replaced, &name, s.range()));
                    }
                    compare_parameters(
                        before.unwrap_or_default(),
                        old_s,
                        new_text,
                        s,
                        &name,
                        &mut review.changes,
                    );
                } else {
                    review
                        .changes
                        .push(change(statement_change(new_text, s), &name, s.range()));
                }
            }
            None => {
                changed_ranges.push(s.range());
                review
                    .changes
                    .push(change(statement_change(new_text, s), &name, s.range()));
            }
        }
    }
    for s in old_by_key.into_values() {
        review.changes.push(Change {
            what: ChangeKind::Removed(s.verb),
            integration: display_name(s),
            range: 0..0,
        });
    }
    if let Some(after) = after {
        // The change-review group always reports in a review, whatever the config says.
        let mut settings = settings.clone();
        settings
            .extend_select
            .insert(crate::rules::Group::ChangeReview.name().to_string());
        review.findings = crate::check_with(after, &settings)
            .into_iter()
            .filter(|d| {
                changed_ranges
                    .iter()
                    .any(|r| r.start <= d.range.start && d.range.start <= r.end)
            })
            .collect();
    }
    review
}

fn statements(text: &str) -> Vec<Statement> {
    crate::document::SourceDocument::new(text.to_string())
        .analysis
        .statements()
}

/// Statements keyed by (name, verb, occurrence), so the second ALTER of `x` meets the second.
fn keyed(statements: &[Statement]) -> Vec<((String, u8, usize), &Statement)> {
    let mut seen: BTreeMap<(String, u8), usize> = BTreeMap::new();
    statements
        .iter()
        .filter(|s| s.is_security() && s.name.as_ref().is_some_and(|n| !n.placeholder))
        .map(|s| {
            let name = s.name.as_ref().map(|n| n.key()).unwrap_or_default();
            let verb = s.verb as u8;
            let n = seen.entry((name.clone(), verb)).or_default();
            *n += 1;
            ((name, verb, *n), s)
        })
        .collect()
}

fn display_name(s: &Statement) -> String {
    s.name.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn change(what: ChangeKind, integration: &str, range: Range<usize>) -> Change {
    Change {
        what,
        integration: integration.to_string(),
        range,
    }
}

/// A new (or rewritten) statement other than a known CREATE: what it does.
fn statement_change(text: &str, s: &Statement) -> ChangeKind {
    match s.verb {
        Verb::Create if s.or_replace().is_some() => ChangeKind::Replaced,
        Verb::Create => ChangeKind::Created,
        Verb::Drop => ChangeKind::Dropped,
        _ => {
            let start = s.name.as_ref().map_or(s.range().start, |n| n.range().end);
            let action = normalized(text[start..s.range().end].trim_end_matches(';'));
            ChangeKind::Altered(action)
        }
    }
}

fn compare_parameters(
    old_text: &str,
    old: &Statement,
    new_text: &str,
    new: &Statement,
    name: &str,
    out: &mut Vec<Change>,
) {
    let value = |text: &str, p: &crate::model::Param| {
        p.value
            .as_ref()
            .map(|v| normalized(&text[v.range()]))
            .unwrap_or_default()
    };
    for p in &new.params {
        let now = value(new_text, p);
        match old.param(&p.name.upper) {
            Some(before) => {
                let was = value(old_text, before);
                if was != now {
                    out.push(change(
                        ChangeKind::ParameterChanged {
                            name: p.name.upper.to_string(),
                            from: was,
                            to: now,
                        },
                        name,
                        p.range(),
                    ));
                }
            }
            None => out.push(change(
                ChangeKind::ParameterAdded {
                    name: p.name.upper.to_string(),
                    value: now,
                },
                name,
                p.range(),
            )),
        }
    }
    for p in &old.params {
        if new.param(&p.name.upper).is_none() {
            out.push(change(
                ChangeKind::ParameterRemoved {
                    name: p.name.upper.to_string(),
                    value: value(old_text, p),
                },
                name,
                new.range().start..new.range().start,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "CREATE SECURITY INTEGRATION okta TYPE = EXTERNAL_OAUTH EXTERNAL_OAUTH_TYPE = OKTA EXTERNAL_OAUTH_ISSUER = 'https://a' EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://a/keys' EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';\nCREATE SECURITY INTEGRATION gone TYPE = OAUTH OAUTH_CLIENT = LOOKER OAUTH_REDIRECT_URI = 'https://l';\n";

    #[test]
    fn a_changed_parameter_is_reported_from_and_to() {
        let new = OLD.replace("'https://a'", "'https://b'").replace(
            "CREATE SECURITY INTEGRATION gone",
            "CREATE SECURITY INTEGRATION kept",
        );
        let review = review(Some(OLD), Some(&new), &Settings::default());
        let details: Vec<String> = review.changes.iter().map(|c| c.what.detail()).collect();
        assert!(details.contains(&"EXTERNAL_OAUTH_ISSUER: 'https://a' → 'https://b'".to_string()));
        assert!(review
            .changes
            .iter()
            .any(|c| c.integration == "gone" && matches!(c.what, ChangeKind::Removed(_))));
        assert!(review
            .changes
            .iter()
            .any(|c| c.integration == "kept" && c.what == ChangeKind::Created));
    }

    #[test]
    fn unchanged_statements_bring_no_findings() {
        let new = format!("{OLD}ALTER SECURITY INTEGRATION okta SET ENABLED = FALSE;\n");
        let review = review(Some(OLD), Some(&new), &Settings::default());
        let codes: Vec<&str> = review.findings.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["disables-integration"]);
    }
}

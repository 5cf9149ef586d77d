//! Completion, hover, code actions and role names in process: a fixture with `$0` where the
//! cursor is, and what the editor would show there. Faster to read than the end-to-end snapshots, and they pin the
//! byte offsets the protocol layer converts.

use secint::document::SourceDocument;
use secint::ide::actions::{code_actions, ActionKind, ActionKinds};
use secint::ide::completion::{complete, CompletionInput};
use secint::ide::hover::hover;
use secint::ide::roles::roles_in;

/// The text without its `$0`, and the cursor's byte offset.
fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture
        .find("$0")
        .expect("the fixture marks the cursor with $0");
    (fixture.replacen("$0", "", 1), at)
}

fn labels(fixture: &str) -> Vec<String> {
    let (text, offset) = cursor(fixture);
    let document = SourceDocument::new(text);
    let chunk = document.chunk_at(offset);
    let items = complete(&CompletionInput {
        text: &document.text,
        statement: chunk.start..chunk.end,
        offset,
        statements: &document.analysis.statements(),
        roles: &|| vec!["ANALYST".to_string()],
    });
    let mut labels: Vec<String> = items.into_iter().map(|i| i.label).collect();
    labels.sort();
    labels
}

fn hover_text(fixture: &str) -> Option<String> {
    let (text, offset) = cursor(fixture);
    let document = SourceDocument::new(text);
    hover(&document.text, &document.analysis.statements(), offset).map(|h| h.markdown)
}

#[test]
fn type_values_are_the_six_types() {
    assert_eq!(
        labels("CREATE SECURITY INTEGRATION x TYPE = $0"),
        [
            "API_AUTHENTICATION",
            "EXTERNAL_OAUTH",
            "OAUTH",
            "OIDC",
            "SAML2",
            "SCIM"
        ]
    );
}

#[test]
fn scim_clients_after_a_non_ascii_comment() {
    let fixture = "-- Provisioning für Entra ☕\nCREATE SECURITY INTEGRATION scim TYPE = SCIM SCIM_CLIENT = $0";
    let found = labels(fixture);
    assert_eq!(found.len(), 3, "{found:?}");
    for client in ["AZURE", "GENERIC", "OKTA"] {
        assert!(found.iter().any(|l| l.contains(client)), "{found:?}");
    }
}

#[test]
fn an_alter_completes_the_parameters_of_its_create() {
    let fixture = "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER;\n\
                   ALTER SECURITY INTEGRATION t SET OAUTH_REFRESH_$0";
    let found = labels(fixture);
    assert!(
        found.contains(&"OAUTH_REFRESH_TOKEN_VALIDITY".to_string()),
        "{found:?}"
    );
    // Custom-client parameters do not apply to Tableau.
    assert!(
        !found.contains(&"OAUTH_ENFORCE_PKCE".to_string()),
        "{found:?}"
    );
}

#[test]
fn hover_on_a_value_explains_it() {
    let text = hover_text(
        "CREATE SECURITY INTEGRATION o TYPE = EXTERNAL_OAUTH EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE_FOR_PRIV$0ILEGE;",
    )
    .expect("a hover on the value");
    assert!(text.contains("USE_ANY_ROLE"), "{text}");
}

#[test]
fn hover_on_an_alter_name_shows_the_kind_of_its_create() {
    let text = hover_text(
        "CREATE SECURITY INTEGRATION okta TYPE = EXTERNAL_OAUTH EXTERNAL_OAUTH_TYPE = OKTA;\n\
         ALTER SECURITY INTEGRATION ok$0ta SET ENABLED = FALSE;",
    )
    .expect("a hover on the name");
    assert!(text.contains("External OAuth"), "{text}");
    assert!(text.contains("`EXTERNAL_OAUTH_TYPE = OKTA`"), "{text}");
}

#[test]
fn no_hover_outside_integration_statements() {
    assert_eq!(hover_text("SELECT ok$0ta FROM t;"), None);
}

/// A typo (safe fix) and a placeholder (no fix) in one statement.
const TWO_PROBLEMS: &str = "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = CUSTOM \
    OAUTH_CLIENT_TYPE = 'CONFIDENTIAL' OAUTH_REDIRECT_URI = '<REDIRECT_URI>' \
    OAUTH_REFRESH_TOKEN_VALIDTY = 3600;\n";

fn action_titles(text: &str, offset: usize, kinds: ActionKinds) -> Vec<(ActionKind, String)> {
    let document = SourceDocument::new(text.to_string());
    let visible = secint::check(text);
    code_actions(
        &document.text,
        &document.analysis.statements(),
        &visible,
        offset..offset,
        kinds,
    )
    .into_iter()
    .map(|a| (a.kind, a.title))
    .collect()
}

#[test]
fn code_actions_at_a_typo_fix_it_ignore_it_and_fix_all() {
    let offset = TWO_PROBLEMS.find("VALIDTY").unwrap();
    let all = ActionKinds {
        quick_fixes: true,
        fix_all: true,
    };
    let titles = action_titles(TWO_PROBLEMS, offset, all);
    let quick: Vec<&str> = titles
        .iter()
        .filter(|(k, _)| *k == ActionKind::QuickFix)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(quick.len(), 3, "{titles:?}");
    assert!(
        quick[0].contains("OAUTH_REFRESH_TOKEN_VALIDITY"),
        "{titles:?}"
    );
    assert!(quick[1].contains("on this line"), "{titles:?}");
    assert!(quick[2].contains("in this statement"), "{titles:?}");
    assert_eq!(titles.last().unwrap().0, ActionKind::FixAll, "{titles:?}");

    let fix_all_only = ActionKinds {
        quick_fixes: false,
        fix_all: true,
    };
    let titles = action_titles(TWO_PROBLEMS, 0, fix_all_only);
    assert_eq!(titles.len(), 1, "{titles:?}");
}

#[test]
fn no_fix_all_when_no_fix_is_safe() {
    let text = "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = CUSTOM \
        OAUTH_CLIENT_TYPE = 'CONFIDENTIAL' OAUTH_REDIRECT_URI = '<REDIRECT_URI>';\n";
    assert!(secint::check(text).iter().any(|d| d.code == "placeholder"));
    let kinds = ActionKinds {
        quick_fixes: false,
        fix_all: true,
    };
    assert_eq!(action_titles(text, 0, kinds), []);
}

#[test]
fn roles_come_from_every_roles_list_trimmed_and_sorted() {
    let a = SourceDocument::new(
        "CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP \
         BLOCKED_ROLES_LIST = ('SYSADMIN', ' analyst ');"
            .to_string(),
    );
    let b = SourceDocument::new(
        "CREATE SECURITY INTEGRATION b TYPE = EXTERNAL_OAUTH EXTERNAL_OAUTH_TYPE = OKTA \
         EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('analyst', 'REPORTER', '');"
            .to_string(),
    );
    let (a_statements, b_statements) = (a.analysis.statements(), b.analysis.statements());
    let statements = a_statements.iter().chain(&b_statements);
    assert_eq!(roles_in(statements), ["REPORTER", "SYSADMIN", "analyst"]);
}

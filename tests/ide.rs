//! Completion and hover in process: a fixture with `$0` where the cursor is, and what the
//! editor would show there. Faster to read than the end-to-end snapshots, and they pin the
//! byte offsets the protocol layer converts.

use secint::document::SourceDocument;
use secint::ide::completion::{complete, CompletionInput};
use secint::ide::hover::hover;

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
        statements: &document.analysis.statements,
        roles: &|| vec!["ANALYST".to_string()],
    });
    let mut labels: Vec<String> = items.into_iter().map(|i| i.label).collect();
    labels.sort();
    labels
}

fn hover_text(fixture: &str) -> Option<String> {
    let (text, offset) = cursor(fixture);
    let document = SourceDocument::new(text);
    hover(&document.text, &document.analysis.statements, offset).map(|h| h.markdown)
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

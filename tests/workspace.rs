//! The workspace in process: several files written as one fixture (`//- name.sql` starts a
//! file, `$0` marks the cursor), and what definition, references, rename, symbols, hover and
//! completion answer across them.

use secint::document::SourceDocument;
use secint::workspace::navigation::NewName;
use secint::workspace::Workspace;
use std::path::{Path, PathBuf};

struct Fixture {
    files: Vec<(PathBuf, String)>,
    /// The file and byte offset of `$0`.
    cursor: Option<(PathBuf, usize)>,
    workspace: Workspace,
}

fn fixture(text: &str) -> Fixture {
    let mut files = Vec::new();
    let mut cursor = None;
    for part in text.split("//- ").filter(|p| !p.trim().is_empty()) {
        let (name, body) = part.split_once('\n').unwrap();
        let path = PathBuf::from(name.trim());
        let body = match body.find("$0") {
            Some(at) => {
                cursor = Some((path.clone(), at));
                body.replacen("$0", "", 1)
            }
            None => body.to_string(),
        };
        files.push((path, body));
    }
    let mut workspace = Workspace::new();
    for (path, body) in &files {
        workspace.set(path, secint::workspace::index_text(path, body));
    }
    Fixture {
        files,
        cursor,
        workspace,
    }
}

impl Fixture {
    fn text(&self, path: &Path) -> &str {
        &self.files.iter().find(|(p, _)| p == path).unwrap().1
    }

    fn at(&self) -> (&Path, usize) {
        let (path, offset) = self.cursor.as_ref().expect("a $0");
        (path, *offset)
    }

    /// `file:text` for each place, as a reader would point at them.
    fn show(
        &self,
        places: impl IntoIterator<Item = (PathBuf, std::ops::Range<usize>)>,
    ) -> Vec<String> {
        places
            .into_iter()
            .map(|(path, range)| format!("{}:{}", path.display(), &self.text(&path)[range]))
            .collect()
    }
}

const REPOSITORY: &str = r#"
//- V001__create.sql
CREATE SECURITY INTEGRATION okta_bi
  TYPE = EXTERNAL_OAUTH
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://acme.okta.com/oauth2/default'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://acme.okta.com/oauth2/default/v1/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';
CREATE SECURITY INTEGRATION "dbt Cloud"
  TYPE = OAUTH OAUTH_CLIENT = CUSTOM OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://cloud.getdbt.com/complete/snowflake';
//- V002__grants.sql
-- Grants für das BI-Team ☕
GRANT USE_ANY_ROLE ON INTEGRATION OKTA_BI TO ROLE analyst;
ALTER SECURITY INTEGRATION okta_bi SET EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE_FOR_PRIVILEGE';
SELECT SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('dbt Cloud');
ALTER SECURITY INTEGRATION "dbt Cloud" SET ENABLED = FALSE;
SHOW SECURITY INTEGRATIONS LIKE 'okta_bi';
"#;

fn with_cursor(marker: &str) -> Fixture {
    fixture(&REPOSITORY.replacen(marker, &format!("{}$0", marker), 1))
}

/// Where go to definition lands from the cursor placed after `marker`.
fn definition_after(marker: &str) -> Vec<String> {
    let f = with_cursor(marker);
    let (path, offset) = f.at();
    let found = f.workspace.goto_definition(path, offset);
    f.show(
        found
            .into_iter()
            .map(|l| (l.path.to_path_buf(), l.name.range)),
    )
}

#[test]
fn definition_of_an_alter_is_the_create_in_another_file() {
    assert_eq!(
        definition_after("ALTER SECURITY INTEGRATION okta"),
        ["V001__create.sql:okta_bi"]
    );
}

#[test]
fn definition_of_a_quoted_name_inside_a_function_string() {
    assert_eq!(
        definition_after("SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('dbt"),
        ["V001__create.sql:\"dbt Cloud\""]
    );
}

#[test]
fn references_span_files_and_spellings() {
    let f = with_cursor("CREATE SECURITY INTEGRATION okta");
    let (path, offset) = f.at();
    let all = f.workspace.occurrences(path, offset);
    let places = f.show(
        all.iter()
            .map(|o| (o.path.to_path_buf(), o.name.range.clone())),
    );
    assert_eq!(
        places,
        [
            "V001__create.sql:okta_bi",
            "V002__grants.sql:OKTA_BI",
            "V002__grants.sql:okta_bi",
            "V002__grants.sql:okta_bi",
        ]
    );
    assert!(all[0].is_definition && !all[1].is_definition);
    assert!(all[3].is_pattern, "the SHOW … LIKE pattern");
}

#[test]
fn a_quoted_name_is_not_the_unquoted_one() {
    let f = fixture(
        "//- a.sql\nCREATE SECURITY INTEGRATION \"okta\" TYPE = SCIM SCIM_CLIENT = 'OKTA' RUN_AS_ROLE = 'OKTA_PROVISIONER';\n\
         //- b.sql\nALTER SECURITY INTEGRATION okta$0 SET ENABLED = FALSE;\n",
    );
    let (path, offset) = f.at();
    assert!(f.workspace.goto_definition(path, offset).is_empty());
}

#[test]
fn rename_rewrites_every_file_and_writes_strings_as_stored() {
    let f = with_cursor("ALTER SECURITY INTEGRATION okta");
    let (path, offset) = f.at();
    let edits = f.workspace.rename(path, offset, "okta_reporting").unwrap();
    let mut changed: Vec<String> = edits
        .iter()
        .map(|(p, r, new)| format!("{}:{}->{new}", p.display(), &f.text(p)[r.clone()]))
        .collect();
    changed.sort();
    assert_eq!(
        changed,
        [
            "V001__create.sql:okta_bi->okta_reporting",
            "V002__grants.sql:OKTA_BI->okta_reporting",
            "V002__grants.sql:okta_bi->OKTA_REPORTING",
            "V002__grants.sql:okta_bi->okta_reporting",
        ]
    );
}

#[test]
fn rename_quotes_a_name_that_needs_quotes() {
    let f = with_cursor("ALTER SECURITY INTEGRATION \"dbt");
    let (path, offset) = f.at();
    let edits = f
        .workspace
        .rename(path, offset, "dbt Cloud (prod)")
        .unwrap();
    let texts: Vec<&str> = edits.iter().map(|(_, _, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "\"dbt Cloud (prod)\"",
            "dbt Cloud (prod)",
            "\"dbt Cloud (prod)\""
        ]
    );
}

#[test]
fn rename_refuses_names_snowflake_cannot_hold() {
    let f = with_cursor("ALTER SECURITY INTEGRATION okta");
    let (path, offset) = f.at();
    for bad in ["", "  ", "\"\"", &"x".repeat(256), "tab\there"] {
        let error = f.workspace.rename(path, offset, bad).unwrap_err();
        assert!(error.starts_with("an integration name"), "{bad:?}: {error}");
    }
}

#[test]
fn new_names_are_written_and_stored_as_snowflake_folds_them() {
    let cases = [
        ("okta_reporting", "okta_reporting", "OKTA_REPORTING"),
        ("Okta$2", "Okta$2", "OKTA$2"),
        ("2fast", "\"2fast\"", "2fast"),
        ("Straße", "\"Straße\"", "Straße"),
        ("\"Quoted Already\"", "\"Quoted Already\"", "Quoted Already"),
        ("say \"hi\"", "\"say \"\"hi\"\"\"", "say \"hi\""),
    ];
    for (input, written, key) in cases {
        let name = NewName::parse(input).unwrap();
        assert_eq!(
            (name.written.as_str(), name.key.as_str()),
            (written, key),
            "{input}"
        );
    }
}

#[test]
fn workspace_symbols_name_the_kind() {
    let f = fixture(REPOSITORY);
    let found: Vec<String> = f
        .workspace
        .symbols("DBT", 10)
        .into_iter()
        .map(|(l, kind)| format!("{} {kind} {}", l.name.text, l.path.display()))
        .collect();
    assert_eq!(found, ["\"dbt Cloud\" Snowflake OAuth V001__create.sql"]);
}

#[test]
fn hover_on_an_alter_shows_the_create_in_another_file() {
    let f = with_cursor("ALTER SECURITY INTEGRATION okta");
    let (path, offset) = f.at();
    let document = SourceDocument::new(f.text(path).to_string());
    let outside = f.workspace.outside(path);
    let hover = secint::ide::hover::hover_with(
        &document.text,
        &document.analysis.statements(),
        offset,
        &outside,
    )
    .unwrap();
    assert!(
        hover.markdown.contains("External OAuth"),
        "{}",
        hover.markdown
    );
    assert!(
        hover
            .markdown
            .contains("Created in `V001__create.sql` line 1"),
        "{}",
        hover.markdown
    );
    assert!(
        hover.markdown.contains("EXTERNAL_OAUTH_ISSUER"),
        "{}",
        hover.markdown
    );
}

#[test]
fn completion_on_an_alter_knows_the_kind_from_another_file() {
    let f = fixture(
        "//- V001.sql\nCREATE SECURITY INTEGRATION tableau TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER;\n\
         //- V002.sql\nALTER SECURITY INTEGRATION tableau SET OAUTH_$0\n",
    );
    let (path, offset) = f.at();
    let document = SourceDocument::new(f.text(path).to_string());
    let chunk = document.chunk_at(offset);
    let outside = f.workspace.outside(path);
    let items = secint::ide::completion::complete_with(
        &secint::ide::completion::CompletionInput {
            text: &document.text,
            statement: chunk.start..chunk.end,
            offset,
            statements: &document.analysis.statements(),
            roles: &Vec::new,
        },
        &outside,
    );
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert!(
        labels.contains(&"OAUTH_REFRESH_TOKEN_VALIDITY"),
        "{labels:?}"
    );
    // Partner clients take no client type: the CREATE in V001 says which client this is.
    assert!(!labels.contains(&"OAUTH_CLIENT_TYPE"), "{labels:?}");
}

#[test]
fn hover_on_a_name_in_a_function_call_names_its_kind_and_file() {
    let f = with_cursor("SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('dbt");
    let (path, offset) = f.at();
    let summary = f.workspace.summary_at(path, offset).unwrap();
    let hover = secint::ide::hover::name_summary(&summary);
    assert_eq!(
        hover.markdown,
        "**Integration** `dbt Cloud`\n\nSnowflake OAuth · `OAUTH_CLIENT = CUSTOM, OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'`\n\nCreated in `V001__create.sql` line 8"
    );
}

#[test]
fn a_runbook_in_markdown_creates_what_a_migration_alters() {
    let f = fixture(
        "//- docs/runbook.md\n# Tableau\n\nRun this once:\n\n```sql\nCREATE SECURITY INTEGRATION tableau TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER;\n```\n\
         //- migrations/V002.sql\nALTER SECURITY INTEGRATION tableau$0 SET OAUTH_CLIENT_TYPE = 'PUBLIC';\n",
    );
    let (path, offset) = f.at();
    assert_eq!(
        f.show(
            f.workspace
                .goto_definition(path, offset)
                .into_iter()
                .map(|l| (l.path.to_path_buf(), l.name.range))
        ),
        ["docs/runbook.md:tableau"]
    );
    let results = secint::check::check_texts(&f.files, &secint::Settings::default());
    let codes: Vec<&str> = results[1].iter().map(|d| d.code).collect();
    assert!(codes.contains(&"not-applicable"), "{codes:?}");
}

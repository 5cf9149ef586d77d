//! End-to-end tests of `secint lsp`: the built binary, framed JSON-RPC over stdio, and what an
//! editor would show.

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::lsp::{apply_text_edits, codes, utf16_position, Server};
use support::{expect_file, fixtures_dir, repo_root};

const URI: &str = "file:///work/integration.sql";

const OKTA_EXAMPLE: &str = "CREATE SECURITY INTEGRATION external_oauth_okta_1 TYPE = external_oauth ENABLED = true EXTERNAL_OAUTH_TYPE = okta EXTERNAL_OAUTH_ISSUER = '<OKTA_ISSUER>' EXTERNAL_OAUTH_JWS_KEYS_URL = '<OKTA_JWS_KEY_ENDPOINT>' EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'login_name';\n";

fn labels(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["label"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn five_mistakes() -> String {
    std::fs::read_to_string(fixtures_dir("lsp").join("five_mistakes.sql")).unwrap()
}

#[test]
fn diagnostics_are_published_after_open_with_codes_and_version() {
    let mut server = Server::default_started();
    let diagnostics = server.open(URI, &five_mistakes());
    let mut found = codes(&diagnostics);
    found.sort();
    found.dedup();
    for code in [
        "not-applicable",
        "unknown-parameter",
        "out-of-range",
        "privileged-role",
        "issuer-trailing-slash",
    ] {
        assert!(
            found.contains(&code.to_string()),
            "{code} missing from {found:?}"
        );
    }
    // A misspelt parameter is one mistake, reported once.
    assert!(
        !found.contains(&"missing-required".to_string()),
        "{found:?}"
    );
    let first = &diagnostics[0];
    assert_eq!(first["source"], "secint");
    assert!(first["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .contains("rules.md#"));
    assert_eq!(server.shutdown_and_exit(), 0);
}

#[test]
fn an_edit_after_non_ascii_text_updates_diagnostics_in_utf16() {
    let text = "-- Équipe 日本 😀😀\nCREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOPP COMMENT = '😀';\n";
    let mut server = Server::default_started();
    let diagnostics = server.open(URI, text);
    assert_eq!(codes(&diagnostics), ["invalid-value"]);
    let (line, character) = utf16_position(text, "TABLEAU_DESKTOPP", 0);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": line, "character": character })
    );
    // Delete the extra `P`.
    let (line, at) = utf16_position(text, "TABLEAU_DESKTOPP", "TABLEAU_DESKTOP".len());
    let diagnostics = server.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": line, "character": at }, "end": { "line": line, "character": at + 1 } }, "text": "" }]),
    );
    assert_eq!(codes(&diagnostics), Vec::<String>::new());
    // Type a mistake inside the statement, after the emoji in the comment value.
    let edited = text.replace("TABLEAU_DESKTOPP", "TABLEAU_DESKTOP");
    let (line, at) = utf16_position(&edited, "'😀'", "'😀'".len());
    let diagnostics = server.change(
        URI,
        3,
        json!([{ "range": { "start": { "line": line, "character": at }, "end": { "line": line, "character": at } }, "text": " ENABLED = 'maybe'" }]),
    );
    let edited = edited.replace("'😀'", "'😀' ENABLED = 'maybe'");
    assert_eq!(codes(&diagnostics), ["invalid-value"]);
    let (line, character) = utf16_position(&edited, "'maybe'", 0);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": line, "character": character })
    );
}

#[test]
fn an_edit_after_non_ascii_text_updates_diagnostics_in_utf8() {
    let text = "-- Équipe 日本 😀\nCREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOPP;\n";
    let (mut server, init) = Server::start(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        Value::Null,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let diagnostics = server.open(URI, text);
    let line_start = text.find("CREATE").unwrap();
    let byte_col = text.find("TABLEAU_DESKTOPP").unwrap() - line_start;
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 1, "character": byte_col })
    );
    let at = byte_col + "TABLEAU_DESKTOP".len();
    let diagnostics = server.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": 1, "character": at }, "end": { "line": 1, "character": at + 1 } }, "text": "" }]),
    );
    assert_eq!(codes(&diagnostics), Vec::<String>::new());
}

#[test]
fn several_changes_in_one_notification_apply_in_order() {
    let mut server = Server::default_started();
    let text = "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = LOOKER;\n";
    server.open(URI, text);
    // Insert a redirect URI, then edit inside what the first change inserted.
    let end = text.find(';').unwrap() as u32;
    let inserted = " OAUTH_REDIRECT_URI = 'http://x.example'";
    let scheme = end + inserted.find("http").unwrap() as u32;
    let diagnostics = server.change(
        URI,
        2,
        json!([
            { "range": { "start": { "line": 0, "character": end }, "end": { "line": 0, "character": end } }, "text": inserted },
            { "range": { "start": { "line": 0, "character": scheme }, "end": { "line": 0, "character": scheme + 4 } }, "text": "https" },
        ]),
    );
    assert_eq!(codes(&diagnostics), Vec::<String>::new(), "{diagnostics}");
    let hover = server.hover(URI, 0, 70);
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("OAUTH_REDIRECT_URI"));
}

/// What a fresh server publishes for `text`.
fn fresh_diagnostics(text: &str) -> Value {
    let mut server = Server::default_started();
    server.open(URI, text)
}

#[test]
fn diagnostics_after_edits_are_those_of_the_same_text_opened_afresh() {
    // Mistakes in two statements, a DROP whose related place is its CREATE, and text that is
    // not ASCII before and between them.
    // A suppression comment takes the other way of making the report: both are followed.
    let text = "-- Équipe 日本 😀\nCREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOPP COMMENT = '😀';\nSELECT 1;\nCREATE SECURITY INTEGRATION e TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = OKTA EXTERNAL_OAUTH_ISSUER = 'https://acme.okta.com/oauth2/default' EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://acme.okta.com/oauth2/default/v1/keys' EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';\nDROP SECURITY INTEGRATION t;\n";
    let suppressed = format!("{text}-- secint: ignore-file[drops-integration]\n");
    for text in [text.to_string(), suppressed] {
        edits_match_a_fresh_open(text);
    }
}

fn edits_match_a_fresh_open(mut text: String) {
    let mut server = Server::default_started();
    let first = server.open(URI, &text);
    assert_eq!(first, fresh_diagnostics(&text));
    assert!(first.as_array().unwrap().len() >= 2, "{first}");
    let at = |text: &str, needle: &str, extra: usize| {
        let (line, character) = utf16_position(text, needle, extra);
        json!({ "line": line, "character": character })
    };
    // Each edit: where (a needle and the characters after it), how many characters it
    // replaces on that line, and the new text.
    let edits: [(&str, usize, usize, &str); 9] = [
        ("-- Équipe", 0, 0, "\n\n"),
        ("TABLEAU_DESKTOPP", 3, 0, "X"),
        ("TABXLEAU_DESKTOPP", 3, 1, ""),
        ("TABLEAU_DESKTOPP", 15, 1, ""),
        ("SELECT 1", 0, 0, "-- é 😀\nSELECT 2;\n"),
        ("USER_MAPING", 8, 0, "P"),
        ("DROP", 0, 0, "   "),
        ("SELECT 2;", 9, 1, ""),
        ("-- é 😀", 7, 0, "\r\n"),
    ];
    for (k, (needle, extra, removed, new_text)) in edits.into_iter().enumerate() {
        let start = at(&text, needle, extra);
        let mut end = start.clone();
        end["character"] = json!(start["character"].as_u64().unwrap() + removed as u64);
        let change = json!({ "range": { "start": start, "end": end }, "text": new_text });
        text = apply_text_edits(
            &text,
            &[json!({ "range": change["range"], "newText": new_text })],
        );
        let published = server.change(URI, k as i64 + 2, json!([change]));
        assert_eq!(
            published,
            fresh_diagnostics(&text),
            "after edit {k}: {text}"
        );
    }
}

#[test]
fn a_syntax_error_among_a_statements_diagnostics_is_published_in_its_place() {
    let mut server = Server::default_started();
    let text = "SELECT 1;\nCREATE SECURITY INTEGRATION s TYPE = OAUTH OAUTH_CLIENT = LOOKERR \
                OAUTH_REFRESH_TOKEN_VALIDITY = = 5 OAUTH_ISSUE_REFRESH_TOKENSS = TRUE;\n";
    let in_order = ["invalid-value", "syntax", "unknown-parameter"];
    assert_eq!(codes(&server.open(URI, text)), in_order);
    // Lines added above move the statement's diagnostics without converting them again.
    let top = json!({ "line": 0, "character": 0 });
    let change = json!([{ "range": { "start": top, "end": top }, "text": "\n\n" }]);
    let published = server.change(URI, 2, change);
    assert_eq!(codes(&published), in_order);
    assert_eq!(published[1]["range"]["start"]["line"], 3);
}

#[test]
fn a_change_to_a_document_never_opened_is_ignored_and_the_server_keeps_serving() {
    let mut server = Server::default_started();
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///never.sql", "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    let diagnostics = server.open(URI, OKTA_EXAMPLE);
    assert!(codes(&diagnostics).iter().all(|c| c == "placeholder"));
}

#[test]
fn completion_lists_match_their_snapshots() {
    let dir = fixtures_dir("completion");
    let mut server = Server::default_started();
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for (i, path) in files.iter().enumerate() {
        let fixture = std::fs::read_to_string(path).unwrap();
        let offset = fixture.find("$0").expect("a $0 cursor marker");
        let text = fixture.replacen("$0", "", 1);
        let uri = format!("file:///completion/{i}.sql");
        server.open(&uri, &text);
        let (line, character) = utf16_position(
            &text,
            &text[..offset],
            offset - text[..offset].len() + text[..offset].len(),
        );
        let _ = (line, character);
        let index = secint::text::LineIndex::new(&text);
        let p = index.position(offset, secint::text::Encoding::Utf16);
        let response = server.completion(&uri, p.line as u32, p.character as u32);
        let mut out = String::new();
        for item in response["result"].as_array().cloned().unwrap_or_default() {
            let edit = &item["textEdit"];
            out.push_str(&format!(
                "{} | {} | insert {:?} over {}:{}-{}:{}\n",
                item["label"].as_str().unwrap(),
                item["detail"].as_str().unwrap_or(""),
                edit["newText"].as_str().unwrap(),
                edit["range"]["start"]["line"],
                edit["range"]["start"]["character"],
                edit["range"]["end"]["line"],
                edit["range"]["end"]["character"],
            ));
        }
        if let Err(e) = expect_file(&path.with_extension("expect"), &out) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn completion_after_the_idp_offers_exactly_its_four_values() {
    let mut server = Server::default_started();
    let text = OKTA_EXAMPLE.replace("EXTERNAL_OAUTH_TYPE = okta", "EXTERNAL_OAUTH_TYPE = ");
    server.open(URI, &text);
    let (line, character) = utf16_position(
        &text,
        "EXTERNAL_OAUTH_TYPE = ",
        "EXTERNAL_OAUTH_TYPE = ".len(),
    );
    let mut got = labels(&server.completion(URI, line, character));
    got.sort();
    assert_eq!(got, ["AZURE", "CUSTOM", "OKTA", "PING_FEDERATE"]);

    let text = OKTA_EXAMPLE.replace(";", " EXTERNAL_OAUTH_ANY_ROLE_MODE = ;");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    server.open(URI, &text);
    let (line, character) = utf16_position(
        &text,
        "EXTERNAL_OAUTH_ANY_ROLE_MODE = ",
        "EXTERNAL_OAUTH_ANY_ROLE_MODE = ".len(),
    );
    let mut got = labels(&server.completion(URI, line, character));
    got.sort();
    assert_eq!(got, ["DISABLE", "ENABLE", "ENABLE_FOR_PRIVILEGE"]);
}

#[test]
fn completion_on_an_empty_line_offers_the_applicable_parameters_not_yet_used() {
    let mut server = Server::default_started();
    let text = OKTA_EXAMPLE.replace(
        " EXTERNAL_OAUTH_JWS_KEYS_URL",
        "\n\nEXTERNAL_OAUTH_JWS_KEYS_URL",
    );
    server.open(URI, &text);
    let (line, _) = utf16_position(&text, "\n\nEXTERNAL", 1);
    let got = labels(&server.completion(URI, line, 0));
    assert!(
        got.contains(&"EXTERNAL_OAUTH_AUDIENCE_LIST".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"EXTERNAL_OAUTH_ANY_ROLE_MODE".to_string()));
    for used in [
        "TYPE",
        "ENABLED",
        "EXTERNAL_OAUTH_TYPE",
        "EXTERNAL_OAUTH_ISSUER",
        "EXTERNAL_OAUTH_JWS_KEYS_URL",
    ] {
        assert!(!got.contains(&used.to_string()), "{used} is already used");
    }
    for custom_only in [
        "EXTERNAL_OAUTH_SCOPE_DELIMITER",
        "EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE",
        "OAUTH_CLIENT",
    ] {
        assert!(
            !got.contains(&custom_only.to_string()),
            "{custom_only} does not apply to OKTA"
        );
    }
}

/// Parameter names in the syntax blocks of the two Snowflake reference pages.
fn syntax_block_parameters() -> Vec<String> {
    let dir = repo_root().join("..").join("shared").join("reference");
    let mut names = Vec::new();
    for file in ["001_f436481da485bd0a.txt", "004_67fe46e91e5a8a81.txt"] {
        let text = std::fs::read_to_string(dir.join(file))
            .expect("the shared reference sits beside the checkout");
        let block_start = text
            .find("CREATE [ OR REPLACE ] SECURITY INTEGRATION")
            .unwrap();
        let block = &text[block_start..];
        let block = &block[..block.find("Required parameters").unwrap()];
        for line in block.lines() {
            let line = line.trim().trim_start_matches('[').trim();
            if let Some((name, _)) = line.split_once(" =") {
                if name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                    && !name.is_empty()
                {
                    names.push(name.to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn hover_on_every_parameter_of_the_reference_syntax_blocks_shows_its_doc() {
    let names = syntax_block_parameters();
    assert!(names.len() >= 25, "{names:?}");
    let mut server = Server::default_started();
    let mut text = String::new();
    for name in &names {
        // ALTER … SET with an unknown CREATE: hover still finds the parameter.
        text.push_str(&format!("ALTER SECURITY INTEGRATION x SET {name} = 1;\n"));
    }
    server.open(URI, &text);
    for (line, name) in names.iter().enumerate() {
        let hover = server.hover(URI, line as u32, 35);
        let value = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no hover for {name}: {hover}"));
        assert!(value.contains(&format!("**{name}**")), "{name}: {value}");
        assert!(value.contains("docs.snowflake.com"), "{name}: {value}");
        assert!(value.len() > 150, "{name}: {value}");
    }
}

#[test]
fn hover_on_enable_for_privilege_explains_the_use_any_role_privilege() {
    let mut server = Server::default_started();
    let text = OKTA_EXAMPLE.replace(";", " EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE_FOR_PRIVILEGE;");
    server.open(URI, &text);
    let (line, character) = utf16_position(&text, "ENABLE_FOR_PRIVILEGE", 3);
    let value = server.hover(URI, line, character)["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(value.contains("USE_ANY_ROLE"), "{value}");
    assert!(
        value.contains("GRANT USE_ANY_ROLE ON INTEGRATION"),
        "{value}"
    );
}

#[test]
fn hover_on_a_type_value_and_on_a_name_explains_them() {
    let mut server = Server::default_started();
    server.open(URI, OKTA_EXAMPLE);
    let (line, character) = utf16_position(OKTA_EXAMPLE, "external_oauth ", 2);
    let value = server.hover(URI, line, character)["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(value.contains("TYPE = EXTERNAL_OAUTH"), "{value}");
    let (line, character) = utf16_position(OKTA_EXAMPLE, "external_oauth_okta_1", 3);
    let value = server.hover(URI, line, character)["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    // Names are code spans, not escaped prose: no stray backslashes in any editor.
    assert!(!value.contains('\\'), "{value}");
    assert!(
        value.contains("External OAuth") && value.contains("`EXTERNAL_OAUTH_TYPE = OKTA`"),
        "{value}"
    );
    assert!(value.contains("EXTERNAL_OAUTH_ISSUER"), "{value}");
}

#[test]
fn hover_escapes_markdown_from_the_document() {
    let mut server = Server::default_started();
    let text = "CREATE SECURITY INTEGRATION evil TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP COMMENT = '[click](command:workbench.action.terminal.new) <img src=x>';\n";
    server.open(URI, text);
    let (line, character) = utf16_position(text, "evil", 1);
    let value = server.hover(URI, line, character)["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    // Text from the document is shown in code spans, where Markdown forms no link or HTML.
    assert!(
        value.contains(
            "| `COMMENT` | `'[click](command:workbench.action.terminal.new) <img src=x>'` |"
        ),
        "{value}"
    );
    assert_eq!(value.matches("](command:").count(), 1, "{value}");
}

#[test]
fn each_of_the_five_mistakes_has_a_quick_fix_that_clears_its_error() {
    let mut server = Server::default_started();
    let mut text = five_mistakes();
    let mut diagnostics = server.open(URI, &text);
    let mut version = 1;
    for code in [
        "not-applicable",
        "unknown-parameter",
        "out-of-range",
        "privileged-role",
        "issuer-trailing-slash",
    ] {
        let diagnostic = diagnostics
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} not reported: {diagnostics}"))
            .clone();
        let actions = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic.clone()], "only": ["quickfix"] } }),
        );
        let action = actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["diagnostics"][0]["code"] == code
                    && !a["title"].as_str().unwrap().starts_with("Ignore")
            })
            .unwrap_or_else(|| panic!("no fix for {code}: {actions}"))
            .clone();
        assert_eq!(action["kind"], "quickfix");
        // Fixes that change behaviour say so, and are never the preferred one.
        let safe = ["unknown-parameter", "issuer-trailing-slash"].contains(&code);
        let title = action["title"].as_str().unwrap();
        assert_eq!(title.ends_with("(unsafe)"), !safe, "{title}");
        assert_eq!(action["isPreferred"] == true, safe, "{action}");
        let edits = action["edit"]["changes"][URI].as_array().unwrap().clone();
        text = apply_text_edits(&text, &edits);
        version += 1;
        diagnostics = server.change(URI, version, json!([{ "text": text }]));
        let still = diagnostics
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code && d["severity"] == 1)
            .count();
        assert_eq!(
            still, 0,
            "{code} still reported after `{}`:\n{text}",
            action["title"]
        );
    }
    let errors: Vec<_> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
}

#[test]
fn fix_all_applies_only_the_safe_fixes() {
    let mut server = Server::default_started();
    let text = five_mistakes();
    server.open(URI, &text);
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [], "only": ["source.fixAll.secint"] } }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "source.fixAll.secint");
    let fixed = apply_text_edits(&text, action["edit"]["changes"][URI].as_array().unwrap());
    let diagnostics = server.change(URI, 2, json!([{ "text": fixed }]));
    let mut errors: Vec<&str> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == 1)
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    errors.sort();
    // The typo and the missing slash are fixed; what would change behaviour is left.
    assert_eq!(
        errors,
        ["not-applicable", "out-of-range", "privileged-role"],
        "{diagnostics}"
    );
    assert!(fixed.contains("EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'"));
    assert!(fixed.contains("('ANALYST', 'ACCOUNTADMIN')"));
}

#[test]
fn the_nearest_secint_toml_sets_the_rules_and_editor_settings_go_on_top() {
    let dir = std::env::temp_dir().join(format!("secint-lsp-config-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    std::fs::write(
        dir.join("secint.toml"),
        "[rules]\nplaceholder = \"off\"\nprivileged-role = \"warning\"\n",
    )
    .unwrap();
    let uri = format!("file://{}/migrations/V1__five.sql", dir.display());
    let mut server = Server::default_started();
    let diagnostics = server.open(&uri, &five_mistakes());
    let found = codes(&diagnostics);
    assert!(!found.contains(&"placeholder".to_string()), "{found:?}");
    let role = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "privileged-role")
        .unwrap();
    assert_eq!(role["severity"], 2, "{role}");
    // The editor's settings win over the file's.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "secint": { "rules": { "privileged-role": "off" } } } }),
    );
    let after = server.diagnostics(&uri, None);
    assert!(
        !codes(&after).contains(&"privileged-role".to_string()),
        "{after}"
    );
    assert!(
        !codes(&after).contains(&"placeholder".to_string()),
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_secint_toml_is_shown_once_and_checking_goes_on_with_defaults() {
    let dir = std::env::temp_dir().join(format!("secint-lsp-badconfig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secint.toml"), "[rules]\nplacehodler = \"off\"\n").unwrap();
    let uri = format!("file://{}/five.sql", dir.display());
    let mut server = Server::default_started();
    let diagnostics = server.open(&uri, &five_mistakes());
    assert!(codes(&diagnostics).contains(&"placeholder".to_string()));
    let message = server
        .wait_for(|m| m["method"] == "window/showMessage")
        .expect("a message about the config file");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(text.contains("secint.toml:2:1"), "{text}");
    assert!(text.contains("did you mean `placeholder`"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ignore_on_this_line_silences_the_diagnostic_and_only_it() {
    let mut server = Server::default_started();
    let text = five_mistakes();
    let diagnostics = server.open(URI, &text);
    let placeholder = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "placeholder")
        .unwrap()
        .clone();
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": placeholder["range"], "context": { "diagnostics": [placeholder.clone()], "only": ["quickfix"] } }),
    );
    let ignore = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore `placeholder` on this line")
        .unwrap_or_else(|| panic!("{actions}"))
        .clone();
    let edited = apply_text_edits(&text, ignore["edit"]["changes"][URI].as_array().unwrap());
    assert!(
        edited.contains("-- secint: ignore[placeholder]"),
        "{edited}"
    );
    let after = server.change(URI, 2, json!([{ "text": edited }]));
    let before_count = diagnostics.as_array().unwrap().len();
    assert!(
        !codes(&after).contains(&"placeholder".to_string()),
        "{after}"
    );
    assert_eq!(after.as_array().unwrap().len(), before_count - 1, "{after}");
}

#[test]
fn a_panicking_request_gets_an_error_and_the_next_hover_still_works() {
    let mut server = Server::default_started();
    server.open(URI, OKTA_EXAMPLE);
    let crash = server.request("secint/crash", Value::Null);
    assert_eq!(crash["error"]["code"], -32603, "{crash}");
    assert!(server.is_running());
    let (line, character) = utf16_position(OKTA_EXAMPLE, "EXTERNAL_OAUTH_ISSUER", 2);
    let hover = server.hover(URI, line, character);
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("EXTERNAL_OAUTH_ISSUER"));
}

#[test]
fn a_panicking_request_is_logged_with_its_method() {
    let mut server = Server::default_started();
    let crash = server.request("secint/crash", Value::Null);
    let message = crash["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("secint/crash was requested"), "{crash}");
    let log = server
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("failed on secint/crash"))
        })
        .expect("a log line about the panic");
    assert_eq!(log["params"]["type"], 1, "logged as an error: {log}");
}

#[test]
fn malformed_json_and_unknown_methods_are_answered_per_the_spec() {
    let mut server = Server::default_started();
    let garbage = b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ";
    server.send_raw(format!("Content-Length: {}\r\n\r\n", garbage.len()).as_bytes());
    server.send_raw(garbage);
    let parse_error = server
        .wait_for(|m| m["error"]["code"] == -32700)
        .expect("a parse error response");
    assert_eq!(parse_error["id"], Value::Null);
    let unknown = server.request("secint/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let wrong_params = server.request("textDocument/hover", json!({ "textDocument": 42 }));
    assert_eq!(wrong_params["error"]["code"], -32602, "{wrong_params}");
    server.open(URI, OKTA_EXAMPLE);
    let hover = server.hover(URI, 0, 100);
    assert!(hover.get("result").is_some());
}

#[test]
fn exit_code_is_zero_after_shutdown_and_one_without() {
    let server = Server::default_started();
    assert_eq!(server.shutdown_and_exit(), 0);
    let mut server = Server::default_started();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), 1);
}

#[test]
fn pull_diagnostics_are_served_when_the_client_supports_them() {
    // A client that can pull but cannot be asked to pull again gets pushed diagnostics.
    let (mut server, init) =
        Server::start(json!({ "textDocument": { "diagnostic": {} } }), Value::Null);
    assert!(init["capabilities"]["diagnosticProvider"].is_null());
    assert!(!codes(&server.open(URI, &five_mistakes())).is_empty());
    let (mut server, init) = Server::start(
        json!({ "textDocument": { "diagnostic": {} }, "workspace": { "diagnostics": { "refreshSupport": true } } }),
        Value::Null,
    );
    assert!(init["capabilities"]["diagnosticProvider"].is_object());
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "sql", "version": 1, "text": five_mistakes() } }),
    );
    let report = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["result"]["kind"], "full");
    assert!(codes(&report["result"]["items"]).contains(&"privileged-role".to_string()));
    assert!(
        !server.arrives_within(Duration::from_millis(300), |m| m["method"]
            == "textDocument/publishDiagnostics")
    );
    // Asked again with the id it has, the client hears that nothing changed.
    let id = report["result"]["resultId"]
        .as_str()
        .expect("a resultId")
        .to_string();
    let again = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
    );
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");
    assert_eq!(again["result"]["resultId"], json!(id));
    // After an edit that changes what is reported, the full report comes back.
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": "SELECT 1;\n" }] }),
    );
    let changed = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
    );
    assert_eq!(changed["result"]["kind"], "full", "{changed}");
    assert_eq!(changed["result"]["items"], json!([]));
}

#[test]
fn rule_severities_follow_the_configuration() {
    let (mut server, _) = Server::start(json!({}), json!({ "rules": { "placeholder": "off" } }));
    let diagnostics = server.open(URI, OKTA_EXAMPLE);
    assert!(codes(&diagnostics).is_empty(), "{diagnostics}");
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "secint": { "rules": { "placeholder": "error" } } } }),
    );
    let diagnostics = server.diagnostics(URI, None);
    assert!(!diagnostics.as_array().unwrap().is_empty());
    assert!(diagnostics
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] == "placeholder" && d["severity"] == 1));
}

#[test]
fn symbols_tokens_and_folds_describe_integration_statements() {
    let mut server = Server::default_started();
    let text = five_mistakes();
    server.open(URI, &text);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<_> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["okta_int", "app_int", "entra_int"]);
    assert!(symbols["result"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "EXTERNAL_OAUTH_TYPE"));
    let tokens = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    let data = tokens["result"]["data"].as_array().unwrap();
    assert!(data.len() > 5 * 20, "{} tokens", data.len() / 5);
    let folds = server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(folds["result"].as_array().unwrap().len(), 3);
}

#[test]
fn hover_on_every_parameter_and_value_of_every_kind_shows_its_doc() {
    let catalog = secint::catalog::Catalog::get();
    let mut server = Server::default_started();
    for kind in catalog.checked_kinds() {
        // A CREATE of this kind, selected as a user would write it, then each parameter.
        let mut head = format!("CREATE SECURITY INTEGRATION x TYPE = {}", kind.type_name);
        if let Some(select) = &kind.select {
            for (param, values) in &select.0 {
                head.push_str(&format!(" {param} = {}", values[0]));
            }
        }
        for spec in &kind.parameters {
            if spec.name == "TYPE"
                || kind
                    .select
                    .as_ref()
                    .is_some_and(|s| s.0.contains_key(&spec.name))
            {
                continue;
            }
            let value = spec
                .values
                .first()
                .map_or("'v'".to_string(), |v| spec.spell_value(&v.name));
            let text = format!("{head}\n  {} = {value};\n", spec.name);
            server.open(URI, &text);
            let hover = server.hover(URI, 1, 3);
            let doc = hover["result"]["contents"]["value"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no hover for {}: {hover}", kind.title, spec.name));
            assert!(
                doc.contains(&format!("**{}**", spec.name)),
                "{}: {doc}",
                spec.name
            );
            assert!(doc.contains("docs.snowflake.com"), "{}: {doc}", spec.name);
            if let Some(first) = spec.values.first() {
                let at = 2 + spec.name.len() + 3 + 1;
                let hover = server.hover(URI, 1, at as u32 + 1);
                let doc = hover["result"]["contents"]["value"]
                    .as_str()
                    .unwrap_or_else(|| {
                        panic!("{}: no hover for {}: {hover}", spec.name, first.name)
                    });
                assert!(
                    doc.contains(first.doc.trim()),
                    "{} = {}: {doc}",
                    spec.name,
                    first.name
                );
            }
        }
    }
}

/// The SAML2 and SCIM mistakes users hit most, over the protocol: each has its diagnostic on
/// the offending value and a quick fix that clears it.
#[test]
fn saml2_and_scim_mistakes_have_quick_fixes_over_the_protocol() {
    let mut server = Server::default_started();
    let mut text =
        std::fs::read_to_string(repo_root().join("editors/test-fixtures/saml2_scim.sql"))
            .unwrap()
            .replace("SCIM_CLIENT = 'OKTA'", "SCIM_CLIENT = 'CUSTOM'")
            .replace("'OKTA_PROVISIONER'", "'GENERIC_SCIM_PROVISIONER'");
    let mut diagnostics = server.open(URI, &text);
    let mut version = 1;
    for (needle, at, replacement) in [
        ("SAML2_PROVIDER = 'AzureAD'", 17, "'CUSTOM'"),
        ("SCIM_CLIENT = 'CUSTOM'", 14, "'GENERIC'"),
    ] {
        let (line, character) = utf16_position(&text, needle, at);
        let diagnostic = diagnostics
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "invalid-value" && d["range"]["start"]["line"] == line)
            .unwrap_or_else(|| panic!("no invalid-value on line {line}: {diagnostics}"))
            .clone();
        assert_eq!(diagnostic["range"]["start"]["character"], character);
        assert_eq!(diagnostic["severity"], 1, "{diagnostic}");
        let actions = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic.clone()], "only": ["quickfix"] } }),
        );
        let title = format!("Replace with {replacement} (unsafe)");
        let action = actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title.as_str())
            .unwrap_or_else(|| panic!("no `{title}`: {actions}"))
            .clone();
        let edits = action["edit"]["changes"][URI].as_array().unwrap().clone();
        text = apply_text_edits(&text, &edits);
        version += 1;
        diagnostics = server.change(URI, version, json!([{ "text": text }]));
    }
    assert!(codes(&diagnostics).is_empty(), "{diagnostics}");
}

#[test]
fn a_file_the_config_excludes_gets_no_diagnostics_in_the_editor_either() {
    let dir = std::env::temp_dir().join(format!("secint-lsp-exclude-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("vendor")).unwrap();
    std::fs::write(dir.join("secint.toml"), "exclude = [\"vendor/**\"]\n").unwrap();
    let mut server = Server::default_started();
    let vendored = format!("file://{}/vendor/theirs.sql", dir.display());
    assert_eq!(server.open(&vendored, &five_mistakes()), json!([]));
    let ours = format!("file://{}/ours.sql", dir.display());
    assert!(!server
        .open(&ours, &five_mistakes())
        .as_array()
        .unwrap()
        .is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

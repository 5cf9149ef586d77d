//! The server over a workspace folder, end to end: background indexing with progress,
//! definition, references, rename and symbols across files, diagnostics that need another
//! file, and what happens when files move, vanish or loop under it.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::lsp::*;

const V001: &str = "\
CREATE SECURITY INTEGRATION okta_bi
  TYPE = EXTERNAL_OAUTH
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://acme.okta.com/oauth2/default'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://acme.okta.com/oauth2/default/v1/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';
CREATE SECURITY INTEGRATION \"dbt Cloud\"
  TYPE = OAUTH OAUTH_CLIENT = CUSTOM OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://cloud.getdbt.com/complete/snowflake';
";

const V002: &str = "\
-- Grants für das BI-Team ☕
GRANT USE_ANY_ROLE ON INTEGRATION OKTA_BI TO ROLE analyst;
ALTER SECURITY INTEGRATION okta_bi SET EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE_FOR_PRIVILEGE';
SELECT SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('dbt Cloud');
ALTER SECURITY INTEGRATION \"dbt Cloud\" SET ENABLED = FALSE;
";

struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("secint-ws-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Folder(dir.canonicalize().unwrap())
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn uri(&self, name: &str) -> String {
        uri_of(&self.0.join(name))
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uri_of(path: &Path) -> String {
    secint::cli::file_uri(path, false)
}

/// A server with `folder` as its workspace, once it has indexed it (answering the progress
/// and registration requests an editor answers).
fn serve(folder: &Folder) -> Server {
    let mut server = Server::spawn();
    let result = server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri_of(&folder.0),
            "workspaceFolders": [{ "uri": uri_of(&folder.0), "name": "repo" }],
            "capabilities": {
                "window": { "workDoneProgress": true },
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
            },
        }),
    );
    assert!(result.get("result").is_some(), "{result}");
    let capabilities = &result["result"]["capabilities"];
    for provider in [
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "workspaceSymbolProvider",
    ] {
        assert!(
            !capabilities[provider].is_null(),
            "{provider}: {capabilities}"
        );
    }
    server.notify("initialized", json!({}));
    // The editor consents to the watchers and the progress token.
    for _ in 0..3 {
        let request = server
            .wait_for(|m| m.get("id").is_some() && m.get("method").is_some())
            .expect("a request from the server");
        server.send(&json!({ "jsonrpc": "2.0", "id": request["id"], "result": null }));
        if request["method"] == "window/workDoneProgress/create" {
            break;
        }
    }
    let end = server
        .wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexing ends");
    assert!(
        end["params"]["value"]["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("SQL files")),
        "{end}"
    );
    server
}

fn position_of(text: &str, needle: &str, extra: usize) -> Value {
    let (line, character) = utf16_position(text, needle, extra);
    json!({ "line": line, "character": character })
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// `file:line:character` of each location, file by name.
fn places(locations: &Value) -> Vec<String> {
    let mut out: Vec<String> = locations
        .as_array()
        .unwrap_or_else(|| panic!("locations: {locations}"))
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap();
            let name = uri.rsplit('/').next().unwrap();
            format!(
                "{name}:{}:{}",
                l["range"]["start"]["line"], l["range"]["start"]["character"]
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn definition_references_rename_and_symbols_across_files() {
    let folder = Folder::new("nav");
    folder.write("migrations/V001__create.sql", V001);
    folder.write("migrations/V002__grants.sql", V002);
    let mut server = serve(&folder);
    let v2 = folder.uri("migrations/V002__grants.sql");
    server.open(&v2, V002);

    // F12 on the ALTER's name goes to the CREATE in the other (unopened) file.
    let alter = position_of(V002, "INTEGRATION okta_bi", 14);
    let found = server.request("textDocument/definition", at(&v2, alter.clone()));
    assert_eq!(
        places(&found["result"]),
        ["V001__create.sql:0:28"],
        "{found}"
    );

    // Shift+F12: the CREATE and every spelling of the name, in both files.
    let mut params = at(&v2, alter.clone());
    params["context"] = json!({ "includeDeclaration": true });
    let found = server.request("textDocument/references", params);
    assert_eq!(
        places(&found["result"]),
        [
            "V001__create.sql:0:28",
            "V002__grants.sql:1:34",
            "V002__grants.sql:2:27"
        ],
        "{found}"
    );

    // F2 on a quoted name: identifiers stay quoted, the function's string holds the name.
    let quoted = position_of(V002, "\"dbt Cloud\" SET", 2);
    let prepared = server.request("textDocument/prepareRename", at(&v2, quoted.clone()));
    assert_eq!(prepared["result"]["placeholder"], "dbt Cloud", "{prepared}");
    let mut params = at(&v2, quoted.clone());
    params["newName"] = json!("dbt Cloud (prod)");
    let edit = server.request("textDocument/rename", params);
    let changes = edit["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{edit}"));
    assert_eq!(changes.len(), 2, "{edit}");
    let v1_path = folder.0.join("migrations/V001__create.sql");
    let v1_edits = changes[&uri_of(&v1_path)].as_array().unwrap().clone();
    assert_eq!(
        apply_text_edits(V001, &v1_edits),
        V001.replace("\"dbt Cloud\"", "\"dbt Cloud (prod)\"")
    );
    let v2_edits = changes[&v2].as_array().unwrap().clone();
    assert_eq!(
        apply_text_edits(V002, &v2_edits),
        V002.replace("'dbt Cloud'", "'dbt Cloud (prod)'")
            .replace("\"dbt Cloud\"", "\"dbt Cloud (prod)\"")
    );

    // A name Snowflake cannot hold is refused with a message.
    let mut params = at(&v2, quoted);
    params["newName"] = json!("");
    let refused = server.request("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be empty")),
        "{refused}"
    );

    // Ctrl+T.
    let symbols = server.request("workspace/symbol", json!({ "query": "okta" }));
    assert_eq!(
        places(
            &symbols["result"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["location"].clone())
                .collect::<Value>()
        ),
        ["V001__create.sql:0:28"]
    );
    assert_eq!(symbols["result"][0]["containerName"], "External OAuth");

    // Hover on the ALTER names the file the CREATE is in.
    let hover = server.hover(
        &v2,
        alter["line"].as_u64().unwrap() as u32,
        alter["character"].as_u64().unwrap() as u32,
    );
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(markdown.contains("V001__create.sql"), "{hover}");
    assert!(markdown.contains("External OAuth"), "{hover}");
}

#[test]
fn diagnostics_and_completion_use_the_other_files() {
    let folder = Folder::new("diag");
    folder.write("V001__create.sql", V001);
    let mut server = serve(&folder);
    let again = V001
        .replace("okta_bi", "okta_etl")
        .replace("\"dbt Cloud\"", "dbt_two");
    let uri = folder.uri("V002__again.sql");
    server.open(&uri, &again);
    // The workspace pass follows the first report: the issuer is already used in V001.
    let found = server
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && codes(&m["params"]["diagnostics"]).contains(&"value-in-use".to_string())
        })
        .expect("a report with the issuer already in use");
    let diagnostic = found["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "value-in-use")
        .unwrap()
        .clone();
    let related = &diagnostic["relatedInformation"];
    assert!(
        related
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["location"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("V001__create.sql")),
        "{diagnostic}"
    );

    // An ALTER of a partner client created in V001 is checked against that CREATE.
    folder.write(
        "V000__tableau.sql",
        "CREATE SECURITY INTEGRATION tableau TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER;\n",
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": folder.uri("V000__tableau.sql"), "type": 1 }] }),
    );
    let alter = "ALTER SECURITY INTEGRATION tableau SET OAUTH_CLIENT_TYPE = 'PUBLIC';\n";
    let uri = folder.uri("V003__alter.sql");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let diagnostics = server.open(&uri, alter);
    assert!(
        codes(&diagnostics).contains(&"not-applicable".to_string()),
        "{diagnostics}"
    );

    // Completion after INTEGRATION offers the workspace's names.
    server.change(&uri, 2, json!([{ "text": "ALTER SECURITY INTEGRATION " }]));
    let items = server.completion(&uri, 0, 27);
    let labels: Vec<&str> = items["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{items}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for name in ["okta_bi", "\"dbt Cloud\"", "tableau"] {
        assert!(labels.contains(&name), "{labels:?}");
    }
}

#[test]
fn files_that_move_vanish_or_loop_never_stop_the_server() {
    let folder = Folder::new("robust");
    folder.write("a/V001__create.sql", V001);
    folder.write("b/V001__same_name.sql", "CREATE SECURITY INTEGRATION okta_bi TYPE = SCIM SCIM_CLIENT = 'OKTA' RUN_AS_ROLE = 'OKTA_PROVISIONER';\n");
    // A directory loop, a dangling link and bytes that are not UTF-8.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&folder.0, folder.0.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(folder.0.join("missing.sql"), folder.0.join("dangling.sql"))
            .unwrap();
    }
    std::fs::write(folder.0.join("latin1.sql"), b"-- caf\xe9\nSELECT 1;\n").unwrap();
    let mut server = serve(&folder);

    // The same name created in two files: both are definitions, the later one warns.
    let v2 = folder.uri("c/V002.sql");
    let text = "ALTER SECURITY INTEGRATION okta_bi SET ENABLED = FALSE;\n";
    server.open(&v2, text);
    let found = server.request(
        "textDocument/definition",
        at(&v2, json!({ "line": 0, "character": 30 })),
    );
    assert_eq!(
        places(&found["result"]),
        ["V001__same_name.sql:0:28"],
        "{found}"
    );

    // The file an ALTER points at is renamed on disk.
    let old = folder.0.join("b/V001__same_name.sql");
    let new = folder.0.join("b/V000__renamed.sql");
    std::fs::rename(&old, &new).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&old), "type": 3 }, { "uri": uri_of(&new), "type": 1 }] }),
    );
    let found = server.request(
        "textDocument/definition",
        at(&v2, json!({ "line": 0, "character": 30 })),
    );
    assert_eq!(
        places(&found["result"]),
        ["V000__renamed.sql:0:28"],
        "{found}"
    );

    // A file deleted while open keeps its buffer.
    let a = folder.uri("a/V001__create.sql");
    server.open(&a, V001);
    std::fs::remove_file(folder.0.join("a/V001__create.sql")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": a, "type": 3 }] }),
    );
    let hover = server.hover(&a, 0, 30);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("okta_bi"),
        "{hover}"
    );
    let symbols = server.request("workspace/symbol", json!({ "query": "dbt" }));
    assert_eq!(
        symbols["result"].as_array().map(Vec::len),
        Some(1),
        "{symbols}"
    );
    // Closed, it is gone with the file.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": a } }),
    );
    let symbols = server.request("workspace/symbol", json!({ "query": "dbt" }));
    assert_eq!(
        symbols["result"].as_array().map(Vec::len),
        Some(0),
        "{symbols}"
    );

    // A storm of 1,000 watched-file events, for files that come and go.
    let mut changes = Vec::new();
    for i in 0..1000 {
        let name = format!("storm/f{i}.sql");
        if i % 2 == 0 {
            folder.write(&name, &format!("CREATE SECURITY INTEGRATION storm_{i} TYPE = SCIM SCIM_CLIENT = 'OKTA' RUN_AS_ROLE = 'OKTA_PROVISIONER';\n"));
        }
        changes.push(json!({ "uri": folder.uri(&name), "type": if i % 2 == 0 { 1 } else { 3 } }));
    }
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": changes }),
    );
    let symbols = server.request("workspace/symbol", json!({ "query": "storm_" }));
    assert_eq!(
        symbols["result"].as_array().map(Vec::len),
        Some(500),
        "{symbols}"
    );
    // The open buffer is intact and served.
    let hover = server.hover(&v2, 0, 30);
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(server.shutdown_and_exit(), 0);
}

//! Protocol abuse: what a broken or hostile client can send. Each case gets the answer the LSP
//! specification prescribes (or is ignored with a log line), the server never exits unasked,
//! and a normal hover still works afterwards.

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::lsp::{codes, utf16_position, Server};

const URI: &str = "file:///abuse/integration.sql";
const STATEMENT: &str = "CREATE SECURITY INTEGRATION okta TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = OKTA EXTERNAL_OAUTH_ISSUER = 'https://acme.okta.com/oauth2/aus1' EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub' EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';\n";

/// The hover that must keep working after every abuse.
fn assert_still_serving(server: &mut Server) {
    assert!(server.is_running(), "the server exited");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///abuse/check.sql" } }),
    );
    server.open("file:///abuse/check.sql", STATEMENT);
    let (line, character) = utf16_position(STATEMENT, "EXTERNAL_OAUTH_ISSUER", 3);
    let hover = server.hover("file:///abuse/check.sql", line, character);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("EXTERNAL_OAUTH_ISSUER")),
        "{hover}"
    );
}

#[test]
fn a_bad_content_length_is_answered_with_a_parse_error() {
    let mut server = Server::default_started();
    server.send_raw(b"Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    let error = server
        .wait_for(|m| m["error"]["code"] == -32700)
        .expect("a parse error");
    assert_eq!(error["id"], Value::Null);
    server.send_raw(b"X-Nonsense: 1\r\n\r\n");
    assert!(server.wait_for(|m| m["error"]["code"] == -32700).is_some());
    assert_still_serving(&mut server);
}

#[test]
fn invalid_json_and_wrong_parameter_types_are_answered() {
    let mut server = Server::default_started();
    let body = b"{not json at all";
    server.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    server.send_raw(body);
    assert!(server.wait_for(|m| m["error"]["code"] == -32700).is_some());
    let wrong = server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": 7 }, "position": "here" }),
    );
    assert_eq!(wrong["error"]["code"], -32602, "{wrong}");
    let wrong = server.request("textDocument/hover", json!([1, 2, 3]));
    assert!(
        wrong["error"]["code"] == -32602 || wrong["error"]["code"] == -32600,
        "{wrong}"
    );
    assert_still_serving(&mut server);
}

#[test]
fn unknown_methods_and_notifications() {
    let mut server = Server::default_started();
    let unknown = server.request("workspace/noSuchThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    server.notify("$/noSuchNotification", json!({}));
    server.notify("custom/whatever", json!({ "x": 1 }));
    assert_still_serving(&mut server);
}

#[test]
fn requests_before_initialize_are_refused_with_server_not_initialized() {
    let mut server = Server::spawn();
    let early = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    let init = server.request("initialize", json!({ "capabilities": {} }));
    assert!(init["result"]["capabilities"].is_object());
    let again = server.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(
        again["error"]["code"], -32600,
        "a second initialize is an invalid request: {again}"
    );
    server.notify("initialized", json!({}));
    assert_still_serving(&mut server);
}

#[test]
fn positions_beyond_the_end_are_clamped() {
    let mut server = Server::default_started();
    server.open(URI, STATEMENT);
    for (line, character) in [(0, 100_000), (500, 0), (u32::MAX, u32::MAX)] {
        let hover = server.hover(URI, line, character);
        assert!(hover.get("error").is_none(), "{hover}");
        let completion = server.completion(URI, line, character);
        assert!(completion.get("error").is_none(), "{completion}");
    }
    // An edit whose range lies past the end appends at the end.
    let diagnostics = server.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": 90, "character": 5 }, "end": { "line": 99, "character": 0 } }, "text": "CREATE SECURITY INTEGRATION x TYPE = OAUTH OAUTH_CLIENT = LOOKERR;" }]),
    );
    assert_eq!(codes(&diagnostics), ["invalid-value"]);
    assert_still_serving(&mut server);
}

#[test]
fn a_change_to_an_unopened_document_is_ignored_with_a_log_line() {
    let mut server = Server::default_started();
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///abuse/never.sql", "version": 3 }, "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }] }),
    );
    let log = server
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("not open"))
        })
        .expect("a log line");
    assert!(log["params"]["message"]
        .as_str()
        .unwrap()
        .contains("never.sql"));
    let hover = server.hover("file:///abuse/never.sql", 0, 0);
    assert_eq!(hover["result"], Value::Null);
    assert_still_serving(&mut server);
}

#[test]
fn a_one_megabyte_single_line_document() {
    let mut server = Server::default_started();
    // OR REPLACE: re-creating one integration 4,000 times is valid.
    let line = STATEMENT
        .trim_end()
        .replacen("CREATE", "CREATE OR REPLACE", 1)
        .repeat(4000);
    assert!(!line.contains('\n') && line.len() > 1_000_000);
    let diagnostics = server.open(URI, &line);
    assert!(
        diagnostics.as_array().unwrap().is_empty(),
        "{}",
        diagnostics.as_array().unwrap().len()
    );
    let hover = server.hover(URI, 0, (line.len() - 20) as u32);
    assert!(hover.get("error").is_none());
    assert_still_serving(&mut server);
}

#[test]
fn a_twenty_megabyte_document_is_checked_with_bounded_memory() {
    let mut server = Server::default_started();
    let mut text = String::with_capacity(21_000_000);
    let mut n = 0;
    while text.len() < 20_000_000 {
        text.push_str(&STATEMENT.replace("okta", &format!("okta_{n}")));
        text.push_str("SELECT a, b, c FROM some_table WHERE a > 1 AND b < 2 ORDER BY c;\n");
        n += 1;
    }
    let started = Instant::now();
    let diagnostics = server.open(URI, &text);
    assert!(diagnostics.as_array().unwrap().is_empty());
    let elapsed = started.elapsed();
    let (line, character) = utf16_position(&text, "okta_50000 ", 2);
    let hover = server.hover(URI, line, character);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("okta"),
        "{hover}"
    );
    let rss = server.peak_rss_kib().unwrap_or(0);
    // The text, its line starts and the lowered statements; no trees.
    assert!(
        rss < 1_500_000,
        "peak RSS {rss} KiB for a 20 MB document (opened in {elapsed:?})"
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_still_serving(&mut server);
}

#[test]
fn a_thousand_edits_without_waiting_end_in_the_right_text() {
    let mut server = Server::default_started();
    server.open(URI, STATEMENT);
    let mut text = STATEMENT.to_string();
    // Type a second statement character by character at the end, never waiting.
    let typed = "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = LOOKERR OAUTH_REDIRECT_URI = 'https://x.example/'; -- é😀 done\n";
    let mut version = 1;
    for _round in 0..(1000 / typed.chars().count() + 1) {
        for ch in typed.chars() {
            let (line, character) = {
                let index = secint::text::LineIndex::new(&text);
                let p = index.position(text.len(), secint::text::Encoding::Utf16);
                (p.line, p.character)
            };
            version += 1;
            server.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } }, "text": ch.to_string() }] }),
            );
            text.push(ch);
        }
    }
    assert!(version > 1000);
    let expected: Vec<String> = secint::check(&text)
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    // The statement's own diagnostics come at once; what needs the other statements (a
    // name created twice) follows with the workspace pass once the typing pauses.
    let settled = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["version"] == version
            && codes(&m["params"]["diagnostics"]) == expected
    });
    assert!(settled.is_some(), "never settled on {expected:?}");
    assert!(expected.iter().filter(|c| *c == "invalid-value").count() >= 8);
    assert_still_serving(&mut server);
}

#[test]
fn cancel_request_storms_do_not_disturb_the_server() {
    let mut server = Server::default_started();
    server.open(URI, STATEMENT);
    for id in 0..2000 {
        server.notify("$/cancelRequest", json!({ "id": id }));
    }
    let mut pending = Vec::new();
    for _ in 0..20 {
        let id = server.send_request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 120 } }),
        );
        server.notify("$/cancelRequest", json!({ "id": id }));
        pending.push(id);
    }
    // Every request gets an answer: its result or a RequestCancelled (-32800) error.
    for id in pending {
        let response = server.response(id);
        assert!(
            response.get("result").is_some() || response["error"]["code"] == -32800,
            "{response}"
        );
    }
    assert_still_serving(&mut server);
}

#[test]
fn the_server_exits_when_the_client_vanishes() {
    let mut server = Server::default_started();
    server.open(URI, STATEMENT);
    server.close_stdin();
    let started = Instant::now();
    let code = server.wait_exit();
    assert_eq!(code, 1, "no shutdown was requested");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_server_writes_no_file_and_opens_no_socket() {
    let dir = std::env::temp_dir().join(format!("secint-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = Server::spawn_in(&dir);
    let init = server.request("initialize", json!({ "capabilities": {} }));
    assert!(init.get("result").is_some());
    server.notify("initialized", json!({}));
    let text =
        std::fs::read_to_string(support::fixtures_dir("lsp").join("five_mistakes.sql")).unwrap();
    server.open(URI, &text);
    server.change(URI, 2, json!([{ "text": format!("{text}\nCREATE SECURITY INTEGRATION x TYPE = OAUTH OAUTH_CLIENT = LOOKER;") }]));
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 30, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    assert!(!actions["result"].as_array().unwrap().is_empty());
    let descriptors = server.open_descriptors();
    assert!(!descriptors.is_empty(), "cannot read /proc for the server");
    assert!(
        descriptors.iter().all(|d| !d.starts_with("socket:")),
        "{descriptors:?}"
    );
    assert_eq!(server.shutdown_and_exit(), 0);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "the server wrote {left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The workspace benchmark: writes a migration-style repository of 10,000 files (about 40 MB)
//! into a temporary folder, then measures indexing it, definition and references lookups,
//! rename, and the workspace rules, in process.
//!
//! `cargo run --release -p secint-bench --bin workspace-bench [-- FILES [DIR [SERVER]]]`
//! With DIR the repository is written there and kept (and reused when it is already there);
//! with SERVER (a `secint` binary) the server is started on it and its peak memory after
//! indexing is reported.

use secint::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One migration file: a few integrations, the statements that use them, and ordinary SQL
/// around them, about 4 KB.
fn migration(i: usize, files: usize) -> String {
    let mut out = format!("-- V{i:05}: integrations of team {i}\n");
    out.push_str(&format!(
        "CREATE SECURITY INTEGRATION okta_{i}\n  TYPE = EXTERNAL_OAUTH\n  ENABLED = TRUE\n  \
         EXTERNAL_OAUTH_TYPE = OKTA\n  EXTERNAL_OAUTH_ISSUER = 'https://team{i}.okta.com/oauth2/default'\n  \
         EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://team{i}.okta.com/oauth2/default/v1/keys'\n  \
         EXTERNAL_OAUTH_AUDIENCE_LIST = ('https://acme.snowflakecomputing.com')\n  \
         EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'\n  \
         EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';\n\n"
    ));
    out.push_str(&format!(
        "CREATE SECURITY INTEGRATION app_{i}\n  TYPE = OAUTH\n  ENABLED = TRUE\n  OAUTH_CLIENT = CUSTOM\n  \
         OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'\n  OAUTH_REDIRECT_URI = 'https://app{i}.example.com/callback'\n  \
         OAUTH_ISSUE_REFRESH_TOKENS = TRUE\n  OAUTH_REFRESH_TOKEN_VALIDITY = 86400;\n\n"
    ));
    // Later files change what earlier ones created.
    let earlier = i.saturating_sub(1 + i % 7);
    out.push_str(&format!(
        "ALTER SECURITY INTEGRATION okta_{earlier} SET EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE_FOR_PRIVILEGE';\n\
         GRANT USE_ANY_ROLE ON INTEGRATION okta_{earlier} TO ROLE analyst_{i};\n\
         SELECT SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('APP_{earlier}');\n\n"
    ));
    let _ = files;
    let mut n = 0;
    while out.len() < 3_900 {
        out.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS analytics.team_{i}.events_{n} (\n  id NUMBER,\n  \
             occurred_at TIMESTAMP_NTZ,\n  payload VARIANT\n);\n\
             INSERT INTO analytics.team_{i}.events_{n} SELECT seq4(), CURRENT_TIMESTAMP(), NULL \
             FROM TABLE(GENERATOR(ROWCOUNT => 10));\n\n"
        ));
        n += 1;
    }
    out
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let at = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[at]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let files: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let keep = args.next().map(PathBuf::from);
    let server = args.next().map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("secint-workspace-bench-{}", std::process::id()))
    });
    let mut paths = Vec::with_capacity(files);
    let mut bytes = 0;
    for i in 0..files {
        let path = dir.join(format!("migrations/{:02}/V{i:05}__team.sql", i % 100));
        std::fs::create_dir_all(path.parent().unwrap()).expect("writable temp dir");
        let text = migration(i, files);
        bytes += text.len();
        if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(text.len() as u64) {
            std::fs::write(&path, text).expect("writable temp dir");
        }
        paths.push(path);
    }
    println!(
        "repository: {files} files, {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );

    let mut runs = Vec::new();
    let mut workspace = Workspace::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut fresh = Workspace::new();
        let failed = fresh.index_paths(&paths);
        assert!(failed.is_empty(), "{failed:?}");
        runs.push(started.elapsed());
        workspace = fresh;
    }
    runs.sort();
    println!(
        "index: {} (best of 3; {:.1} MB/s)",
        ms(runs[0]),
        bytes as f64 / 1e6 / runs[0].as_secs_f64()
    );

    let started = Instant::now();
    let found = secint::workspace::check_workspace(&workspace);
    println!(
        "workspace rules: {} ({} findings)",
        ms(started.elapsed()),
        found.len()
    );

    // Lookups at the ALTER of each sampled file.
    let sample: Vec<&PathBuf> = paths.iter().step_by((files / 500).max(1)).collect();
    let mut definition = Vec::new();
    let mut references = Vec::new();
    for path in &sample {
        let text = std::fs::read_to_string(path).unwrap();
        let offset = text.find("ALTER SECURITY INTEGRATION ").unwrap() + 28;
        let started = Instant::now();
        let found = workspace.goto_definition(Path::new(path), offset);
        definition.push(started.elapsed());
        assert_eq!(found.len(), 1);
        let started = Instant::now();
        let all = workspace.occurrences(Path::new(path), offset);
        references.push(started.elapsed());
        assert!(all.len() >= 3, "{}", all.len());
    }
    println!(
        "definition: p50 {} p99 {} ({} lookups)",
        ms(percentile(&mut definition, 0.5)),
        ms(percentile(&mut definition, 0.99)),
        definition.len()
    );
    println!(
        "references: p50 {} p99 {}",
        ms(percentile(&mut references, 0.5)),
        ms(percentile(&mut references, 0.99))
    );
    let mut rename = Vec::new();
    for path in sample.iter().take(50) {
        let text = std::fs::read_to_string(path).unwrap();
        let offset = text.find("ALTER SECURITY INTEGRATION ").unwrap() + 28;
        let started = Instant::now();
        let edits = workspace
            .rename(Path::new(path), offset, "renamed")
            .unwrap();
        rename.push(started.elapsed());
        assert!(edits.len() >= 3);
    }
    println!(
        "rename: p50 {} p99 {}",
        ms(percentile(&mut rename, 0.5)),
        ms(percentile(&mut rename, 0.99))
    );
    if let Some(server) = server {
        server_memory(&server, &dir);
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Starts `secint lsp` on the repository, waits until it has indexed it, opens one file and
/// reports the server's peak RSS.
fn server_memory(server: &Path, root: &Path) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = std::process::Command::new(server)
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut send = |value: serde_json::Value| {
        let body = value.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut read = move || -> serde_json::Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let root_uri = secint::cli::file_uri(root, false);
    let started = Instant::now();
    send(
        serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": root_uri,
        "capabilities": { "window": { "workDoneProgress": true } } } }),
    );
    while read().get("id") != Some(&serde_json::json!(1)) {}
    send(serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    loop {
        let message = read();
        if message.get("id").is_some() && message.get("method").is_some() {
            send(serde_json::json!({ "jsonrpc": "2.0", "id": message["id"], "result": null }));
        }
        if message["method"] == "$/progress" && message["params"]["value"]["kind"] == "end" {
            break;
        }
    }
    let indexed = started.elapsed();
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0);
    println!(
        "server: indexed in {} (with startup), peak RSS {:.1} MiB",
        ms(indexed),
        rss as f64 / 1024.0
    );
    send(serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    send(serde_json::json!({ "jsonrpc": "2.0", "method": "exit" }));
    let _ = child.wait();
}

//! End-to-end benchmark: drives `secint lsp` over stdio like an editor on the workload
//! (initialize, open, 200 hovers, 200 completions and 200 one-character edits (`--edits N`) each waiting for its
//! versioned diagnostics, shutdown) and prints latencies and peak memory.
//!
//! cargo build --release -p secint && cargo run --release -p secint-bench --bin lsp-bench -- [--lines N] [--clean] [--edits N] [--cancel-storm N] [--server PATH]
//! (`--clean`: the workload without its mistakes, so no diagnostics are re-sent per keystroke)

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(server: &str) -> Client {
        let mut child = Command::new(server)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {server}: {e} (build it with cargo build --release -p secint)")
            });
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.trim().strip_prefix("Content-Length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if sender.send(decode(&body)).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Client {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            if pred(&m) {
                return m;
            }
        }
    }

    fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

/// A publishDiagnostics as its method, uri, version and the number of diagnostics (which is
/// all the benchmark reads of it: read in full, its contents would be the client's cost);
/// any other message in full.
fn decode(body: &[u8]) -> Value {
    #[derive(serde::Deserialize)]
    struct Publish {
        method: String,
        params: Params,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        uri: String,
        version: Option<i64>,
        diagnostics: Vec<serde::de::IgnoredAny>,
    }
    let publish = body
        .windows(20)
        .take(64)
        .any(|w| w == b"publishDiagnostics\",");
    if publish {
        if let Ok(p) = serde_json::from_slice::<Publish>(body) {
            return json!({
                "method": p.method,
                "params": { "uri": p.params.uri, "version": p.params.version, "count": p.params.diagnostics.len() },
            });
        }
    }
    serde_json::from_slice(body).unwrap()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Line and UTF-16 character of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let lines: usize =
        arg("--lines").map_or(secint_bench::LINES, |v| v.parse().expect("--lines N"));
    let server = arg("--server").unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/secint").to_string()
    });
    let clean = args.iter().any(|a| a == "--clean");
    let edit_count: usize = arg("--edits").map_or(200, |v| v.parse().expect("--edits N"));
    let edit_count = edit_count.max(2) / 2 * 2;
    let text = if clean {
        secint_bench::clean_workload(lines)
    } else {
        secint_bench::workload(lines)
    };
    let uri = "file:///bench/workload.sql";

    // The same run's full parse, for the open-time target.
    let mut parses: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(secint::syntax::parse(&text, None));
            t.elapsed()
        })
        .collect();
    let full_parse = percentile(&mut parses, 0.5);

    let mut client = Client::start(&server);
    let t = Instant::now();
    client.request(
        "initialize",
        json!({ "processId": null, "capabilities": {} }),
    );
    let initialize = t.elapsed();
    client.notify("initialized", json!({}));

    let t = Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "sql", "version": 1, "text": text } }),
    );
    let first = client.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let open = t.elapsed();
    // The workspace pass runs once the edits pause (150 ms after the open): what follows is
    // measured after it, as typing after a pause is.
    std::thread::sleep(Duration::from_millis(400));
    while client.messages.try_recv().is_ok() {}
    let diagnostics = first["params"]["count"].as_u64().unwrap_or(0);

    let hover_targets: Vec<usize> = text
        .match_indices("EXTERNAL_OAUTH_ISSUER")
        .map(|(i, _)| i + 4)
        .collect();
    let mut hovers = Vec::new();
    for k in 0..200 {
        let at = position(&text, hover_targets[k * hover_targets.len() / 200]);
        let t = Instant::now();
        let r = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        );
        hovers.push(t.elapsed());
        assert!(
            r["result"]["contents"]["value"].is_string(),
            "hover answered: {r}"
        );
    }

    let completion_targets: Vec<usize> = text
        .match_indices("EXTERNAL_OAUTH_TYPE = ")
        .map(|(i, m)| i + m.len())
        .collect();
    let mut completions = Vec::new();
    for k in 0..200 {
        let at = position(
            &text,
            completion_targets[k * completion_targets.len() / 200],
        );
        let t = Instant::now();
        let r = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        );
        completions.push(t.elapsed());
        assert_eq!(
            r["result"].as_array().map(Vec::len),
            Some(4),
            "completion answered: {r}"
        );
    }

    // 50 edits: type a digit into a refresh-token validity somewhere, then the next edit
    // deletes it again, each waiting for the diagnostics of its version.
    let edit_targets: Vec<usize> = text
        .match_indices("OAUTH_REFRESH_TOKEN_VALIDITY = ")
        .map(|(i, m)| i + m.len())
        .collect();
    let mut edits = Vec::new();
    let mut version = 1;
    for k in 0..edit_count {
        let at = edit_targets[(k / 2) * edit_targets.len() / (edit_count / 2)];
        let start = position(&text, at);
        let (range, new_text) = if k % 2 == 0 {
            (json!({ "start": start, "end": start }), "9")
        } else {
            let mut end = start.clone();
            end["character"] = json!(start["character"].as_u64().unwrap() + 1);
            (json!({ "start": start, "end": end }), "")
        };
        version += 1;
        let t = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": new_text }] }),
        );
        client.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        edits.push(t.elapsed());
    }

    // The workspace pass after the edits, so that the peak memory includes it.
    std::thread::sleep(Duration::from_millis(400));

    // `--cancel-storm N`: N hovers sent at once, each cancelled right after it is sent; every
    // one must still be answered (with its result or as cancelled).
    let storm: usize = arg("--cancel-storm").map_or(0, |v| v.parse().expect("--cancel-storm N"));
    let storm_time = (storm > 0).then(|| {
        let targets: Vec<Value> = (0..16)
            .map(|k| position(&text, hover_targets[k * hover_targets.len() / 16]))
            .collect();
        let t = Instant::now();
        let first = client.next_id + 1;
        for k in 0..storm {
            client.next_id += 1;
            let id = client.next_id;
            client.send(
                json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                "params": { "textDocument": { "uri": uri }, "position": targets[k % 16] } }),
            );
            client.notify("$/cancelRequest", json!({ "id": id }));
        }
        for _ in 0..storm {
            client.wait(|m| {
                m.get("method").is_none() && m["id"].as_i64().is_some_and(|id| id >= first)
            });
        }
        t.elapsed()
    });

    let rss_kib = client.peak_rss_kib();
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();

    println!(
        "workload: {lines} lines, {} KB, {diagnostics} diagnostics; server {server}",
        text.len() / 1000
    );
    println!("full parse (in-process, median of 5): {}", ms(full_parse));
    println!("initialize: {}", ms(initialize));
    if let Some(t) = storm_time {
        println!(
            "cancel storm: {storm} hovers, each cancelled at once, all answered in {}",
            ms(t)
        );
    }
    println!(
        "open -> diagnostics: {} ({:.2} x full parse)",
        ms(open),
        open.as_secs_f64() / full_parse.as_secs_f64()
    );
    println!(
        "edit -> diagnostics: p50 {} / p99 {} ({:.3} x full parse at p99)",
        ms(percentile(&mut edits, 0.5)),
        ms(percentile(&mut edits, 0.99)),
        percentile(&mut edits, 0.99).as_secs_f64() / full_parse.as_secs_f64()
    );
    println!(
        "hover: p50 {} / p99 {}",
        ms(percentile(&mut hovers, 0.5)),
        ms(percentile(&mut hovers, 0.99))
    );
    println!(
        "completion: p50 {} / p99 {}",
        ms(percentile(&mut completions, 0.5)),
        ms(percentile(&mut completions, 0.99))
    );
    println!("peak RSS: {:.1} MiB", rss_kib as f64 / 1024.0);
    println!(
        "exit status after shutdown: {}",
        status.code().unwrap_or(-1)
    );
}

//! End-to-end tests of `secint check` and friends: the built binary, run on files in a fresh
//! temporary folder, judged by what a user sees — exit code, stdout, stderr and the files on disk.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

const SECINT: &str = env!("CARGO_BIN_EXE_secint");

/// Longer than any run here needs; a run that takes this long is hanging.
const RUN_LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// Harness

/// A uniquely named folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "secint-cli-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `content` to `relative` (creating parent folders) and returns the full path.
    fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.0.join(relative)).unwrap()
    }

    fn read_text(&self, relative: &str) -> String {
        String::from_utf8(self.read(relative)).unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the binary in `cwd` with `args`; fails the test if it runs longer than [`RUN_LIMIT`].
fn secint(cwd: &Path, args: &[&str]) -> Run {
    secint_with_input(cwd, args, None)
}

/// Runs secint with `input` on stdin (or none).
fn secint_with_input(cwd: &Path, args: &[&str], input: Option<&str>) -> Run {
    let mut child = Command::new(SECINT)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn secint");
    if let Some(input) = input {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    // Drain both pipes on threads so a chatty run cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`secint {}` still running after {RUN_LIMIT:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().expect("secint was killed by a signal"),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{run:?}"))
}

/// `code` of every diagnostic in a `--format json` report, per file path.
fn codes_by_file(report: &Value) -> BTreeMap<String, Vec<String>> {
    report["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|f| {
            let codes = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect();
            (f["path"].as_str().unwrap().to_string(), codes)
        })
        .collect()
}

/// Diagnostics of severity error in a `--format json` report.
fn errors(report: &Value) -> Vec<Value> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .filter(|d| d["severity"] == "error")
        .collect()
}

/// Every entry under `dir`, recursively, relative to it, with its bytes (None for folders).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<(Vec<u8>, SystemTime)>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
                all.insert(relative, None);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                all.insert(relative, Some((bytes, meta.modified().unwrap())));
            }
        }
    }
    all
}

/// Sets a file's modification time well in the past, so a rewrite cannot go unnoticed even on
/// file systems with coarse timestamps.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

// ---------------------------------------------------------------------------------------------
// SQL used by several tests

/// Valid apart from a placeholder: warnings only.
const PLACEHOLDER_ONLY: &str = "\
CREATE SECURITY INTEGRATION tableau_cloud
  TYPE = OAUTH
  ENABLED = TRUE
  OAUTH_CLIENT = TABLEAU_SERVER
  COMMENT = '<who owns this>';
";

/// An unknown parameter with no close match: an error with no fix.
const UNFIXABLE_ERROR: &str = "\
CREATE SECURITY INTEGRATION tableau_extra
  TYPE = OAUTH
  OAUTH_CLIENT = TABLEAU_DESKTOP
  COLOUR_SCHEME = 'dark';
";

/// Nothing to report at all (and no partner client, which an account may use once).
const CLEAN: &str = "\
CREATE SECURITY INTEGRATION scim_ok TYPE = SCIM SCIM_CLIENT = 'GENERIC' RUN_AS_ROLE = 'GENERIC_SCIM_PROVISIONER';
";

/// The five mistakes of issue 2, each fixable.
const FIVE_MISTAKES: &str = "\
-- 1 and 2: scope delimiter with OKTA; misspelt user-mapping claim.
CREATE SECURITY INTEGRATION okta_scopes
  TYPE = EXTERNAL_OAUTH
  ENABLED = TRUE
  EXTERNAL_OAUTH_TYPE = OKTA
  EXTERNAL_OAUTH_ISSUER = 'https://acme.okta.com/oauth2/aus1'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://acme.okta.com/oauth2/aus1/v1/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME'
  EXTERNAL_OAUTH_SCOPE_DELIMITER = ' ';

-- 3 and 4: a one-minute refresh token on a custom client; ACCOUNTADMIN pre-authorized.
CREATE SECURITY INTEGRATION custom_app
  TYPE = OAUTH
  OAUTH_CLIENT = CUSTOM
  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'https://app.example.com/callback'
  OAUTH_REFRESH_TOKEN_VALIDITY = 60
  PRE_AUTHORIZED_ROLES_LIST = ('ANALYST', 'ACCOUNTADMIN');

-- 5: a v1 Entra issuer without its trailing slash.
CREATE SECURITY INTEGRATION entra
  TYPE = EXTERNAL_OAUTH
  ENABLED = TRUE
  EXTERNAL_OAUTH_TYPE = AZURE
  EXTERNAL_OAUTH_ISSUER = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys'
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'upn'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'login_name';
";

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_0_when_only_warnings() {
    let dir = TempDir::new("warnings");
    dir.write("cloud.sql", PLACEHOLDER_ONLY);
    let run = secint(dir.path(), &["check", "cloud.sql"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("warning[placeholder]"), "{run:?}");
    assert!(
        run.stdout.contains("checked 1 file: 0 errors, 1 warning"),
        "{run:?}"
    );
    assert_eq!(run.stderr, "", "{run:?}");
}

#[test]
fn exit_1_when_an_error_is_found() {
    let dir = TempDir::new("errors");
    dir.write("extra.sql", UNFIXABLE_ERROR);
    dir.write("ok.sql", CLEAN);
    let run = secint(dir.path(), &["check", "ok.sql", "extra.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("error[unknown-parameter]"), "{run:?}");
    assert!(
        run.stdout.contains("checked 2 files: 1 error, 0 warnings"),
        "{run:?}"
    );
}

#[test]
fn missing_path_exits_2_names_it_and_still_checks_the_others() {
    let dir = TempDir::new("missing");
    dir.write("extra.sql", UNFIXABLE_ERROR);
    dir.write("cloud.sql", PLACEHOLDER_ONLY);
    let run = secint(
        dir.path(),
        &["check", "cloud.sql", "no/such/file.sql", "extra.sql"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    let complaint = run
        .stderr
        .lines()
        .find(|l| l.contains("no/such/file.sql"))
        .unwrap_or_else(|| panic!("stderr does not name the missing path:\n{run:?}"));
    assert!(complaint.contains("no such file"), "{run:?}");
    // Both readable files were still checked and reported.
    assert!(run.stdout.contains("extra.sql:4:3"), "{run:?}");
    assert!(run.stdout.contains("cloud.sql:5:14"), "{run:?}");
    assert!(
        run.stdout.contains("checked 2 files: 1 error, 1 warning"),
        "{run:?}"
    );
}

#[test]
fn non_utf8_file_exits_2_with_a_message_about_utf8_and_others_are_still_checked() {
    let dir = TempDir::new("latin1");
    // "Équipe" saved as Latin-1: 0xC9 is not valid UTF-8.
    dir.write(
        "latin1.sql",
        b"CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER COMMENT = '\xC9quipe';\n",
    );
    dir.write("extra.sql", UNFIXABLE_ERROR);
    let run = secint(dir.path(), &["check", "latin1.sql", "extra.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    let complaint = run
        .stderr
        .lines()
        .find(|l| l.contains("latin1.sql"))
        .unwrap_or_else(|| panic!("stderr does not name the file:\n{run:?}"));
    assert!(complaint.contains("UTF-8"), "{run:?}");
    assert!(run.stdout.contains("error[unknown-parameter]"), "{run:?}");
    assert!(run.stdout.contains("extra.sql:4:3"), "{run:?}");
}

#[test]
fn unknown_flag_is_a_usage_error_exit_2() {
    let dir = TempDir::new("flag");
    dir.write("ok.sql", CLEAN);
    let run = secint(dir.path(), &["check", "--frobnicate", "ok.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--frobnicate"), "{run:?}");
    assert!(run.stderr.contains("Usage"), "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

#[test]
fn unknown_format_is_a_usage_error_exit_2() {
    let dir = TempDir::new("format");
    dir.write("ok.sql", CLEAN);
    let run = secint(dir.path(), &["check", "--format", "xml", "ok.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("xml"), "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

#[test]
fn check_without_a_path_is_a_usage_error_exit_2() {
    let dir = TempDir::new("nopath");
    let run = secint(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("<PATHS>"), "{run:?}");
    assert!(run.stderr.contains("Usage"), "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Directories

#[test]
fn directory_is_walked_for_sql_files_recursively_honouring_gitignore() {
    let dir = TempDir::new("walk");
    // A `.git` folder makes it a repository, so the walker honours .gitignore.
    std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
    dir.write("repo/.gitignore", "ignored.sql\nbuild/\n");
    dir.write("repo/top.sql", CLEAN);
    dir.write("repo/a/b/c/deep.sql", UNFIXABLE_ERROR);
    dir.write("repo/a/sibling.sql", PLACEHOLDER_ONLY);
    dir.write("repo/ignored.sql", UNFIXABLE_ERROR);
    dir.write("repo/a/ignored.sql", UNFIXABLE_ERROR);
    dir.write("repo/build/generated.sql", UNFIXABLE_ERROR);
    dir.write("repo/notes.txt", UNFIXABLE_ERROR);
    dir.write("repo/a/backup.sql.bak", UNFIXABLE_ERROR);
    dir.write("repo/a/README", UNFIXABLE_ERROR);

    let run = secint(dir.path(), &["check", "--format", "json", "repo"]);
    assert_eq!(run.code, 1, "{run:?}");
    let paths: Vec<String> = codes_by_file(&json(&run)).into_keys().collect();
    let expected: Vec<String> = ["repo/a/b/c/deep.sql", "repo/a/sibling.sql", "repo/top.sql"]
        .iter()
        .map(|p| Path::new(p).display().to_string())
        .collect();
    assert_eq!(paths, expected, "{run:?}");

    let text = secint(dir.path(), &["check", "repo"]);
    assert!(
        text.stdout.contains("checked 3 files: 1 error, 1 warning"),
        "{text:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_walked_directory_is_reported_without_hanging() {
    let dir = TempDir::new("loop");
    dir.write("tree/sub/extra.sql", UNFIXABLE_ERROR);
    // A link back to an ancestor: following it would never end.
    std::os::unix::fs::symlink("..", dir.path().join("tree/sub/up")).unwrap();

    let run = secint(dir.path(), &["check", "tree"]);
    // The CLI documents exit 2 for paths it cannot read fully; the real file is still checked.
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("symbolic link loop"), "{run:?}");
    assert!(run.stderr.contains("up"), "{run:?}");
    assert!(run.stdout.contains("error[unknown-parameter]"), "{run:?}");
    assert!(
        run.stdout.contains("checked 1 file: 1 error, 0 warnings"),
        "{run:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_pointing_at_each_other_are_reported_as_a_loop() {
    let dir = TempDir::new("cycle");
    dir.write("tree/ok.sql", CLEAN);
    // ping.sql -> pong.sql -> ping.sql: the OS gives up resolving them.
    std::os::unix::fs::symlink("pong.sql", dir.path().join("tree/ping.sql")).unwrap();
    std::os::unix::fs::symlink("ping.sql", dir.path().join("tree/pong.sql")).unwrap();

    let run = secint(dir.path(), &["check", "tree"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("symbolic link loop"), "{run:?}");
    assert!(run.stderr.contains("ping.sql"), "{run:?}");
    assert!(run.stderr.contains("pong.sql"), "{run:?}");
    assert!(
        run.stdout.contains("checked 1 file: 0 errors, 0 warnings"),
        "{run:?}"
    );
}

#[test]
fn directory_with_10000_files_is_checked_in_full() {
    let dir = TempDir::new("many");
    for i in 0..10_000 {
        let sql = format!(
            "CREATE SECURITY INTEGRATION t{i} TYPE = SCIM SCIM_CLIENT = 'GENERIC' RUN_AS_ROLE = 'GENERIC_SCIM_PROVISIONER';\n"
        );
        dir.write(&format!("many/{:02}/f{i}.sql", i % 100), sql);
    }
    // One placeholder among them, so the count of warnings shows the last file was read too.
    dir.write("many/99/zz_last.sql", PLACEHOLDER_ONLY);

    let started = Instant::now();
    let run = secint(dir.path(), &["check", "many"]);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim_end(),
        "warning[placeholder]: placeholder `<who owns this>` in `COMMENT` still needs a real value\n \
         --> many/99/zz_last.sql:5:14\n  |\n5 |   COMMENT = '<who owns this>';\n  |              ---------------\n  |\n\n\
         checked 10001 files: 0 errors, 1 warning",
        "{run:?}"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

// ---------------------------------------------------------------------------------------------
// Output formats

#[test]
fn text_output_shows_code_location_source_line_carets_and_summary() {
    let dir = TempDir::new("text");
    dir.write("extra.sql", UNFIXABLE_ERROR);
    dir.write("cloud.sql", PLACEHOLDER_ONLY);
    let run = secint(dir.path(), &["check", "extra.sql", "cloud.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    let expected = "\
error[unknown-parameter]: unknown parameter `COLOUR_SCHEME`
 --> extra.sql:4:3
  |
4 |   COLOUR_SCHEME = 'dark';
  |   ^^^^^^^^^^^^^
  |

warning[placeholder]: placeholder `<who owns this>` in `COMMENT` still needs a real value
 --> cloud.sql:5:14
  |
5 |   COMMENT = '<who owns this>';
  |              ---------------
  |

checked 2 files: 1 error, 1 warning
";
    assert_eq!(run.stdout, expected, "{run:?}");
}

#[test]
fn text_output_names_the_available_fix() {
    let dir = TempDir::new("texthelp");
    dir.write("five.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "five.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "error[out-of-range]: `OAUTH_REFRESH_TOKEN_VALIDITY` = 60 is outside 3600–7776000"
        ),
        "{run:?}"
    );
    assert!(run.stdout.contains(" --> five.sql:18:34"), "{run:?}");
    assert!(
        run.stdout.contains(
            "18 |   OAUTH_REFRESH_TOKEN_VALIDITY = 60\n   |                                  ^^\n"
        ),
        "{run:?}"
    );
    assert!(run.stdout.contains("= help: fix available: "), "{run:?}");
    // The explanation sits under the message, and unsafe fixes say how to apply them.
    assert!(
        run.stdout
            .contains("= note: Refresh tokens for custom clients"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("= help: unsafe fix available (--unsafe-fixes): Change to 86400"),
        "{run:?}"
    );
}

/// Non-ASCII text on the lines before and on the line of the mistake, for position checks.
fn non_ascii_sql() -> (String, &'static str, usize) {
    let line = "  COMMENT = 'équipe 😀 東京' OAUTH_REFRESH_TOKEN_VALIDTY = 3600 -- 日本語 😀 é";
    let sql = format!(
        "-- 日本語 😀 é\n\
         CREATE SECURITY INTEGRATION tableau_emoji -- 日本語 😀 é\n  \
         TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP\n\
         {line}\n;\n"
    );
    (sql, line, 3)
}

#[test]
fn json_output_has_the_documented_shape_with_utf16_positions() {
    let dir = TempDir::new("json");
    let (sql, line, line_no) = non_ascii_sql();
    dir.write("emoji.sql", &sql);
    dir.write("ok.sql", CLEAN);
    let run = secint(
        dir.path(),
        &["check", "--format", "json", "emoji.sql", "ok.sql"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = json(&run);

    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2, "{report:#}");
    assert_eq!(files[0]["path"], "emoji.sql");
    assert_eq!(files[1]["path"], "ok.sql");
    assert_eq!(files[1]["diagnostics"], serde_json::json!([]));

    let diagnostics = files[0]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "unknown-parameter");
    assert_eq!(d["severity"], "error");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("OAUTH_REFRESH_TOKEN_VALIDITY"),
        "{d:#}"
    );

    // The exact UTF-16 column of the misspelt name, which differs from its byte and char columns.
    let name = "OAUTH_REFRESH_TOKEN_VALIDTY";
    let byte = line.find(name).unwrap();
    let utf16 = utf16_len(&line[..byte]);
    let chars = line[..byte].chars().count();
    assert!(
        utf16 != byte && utf16 != chars,
        "the test line must tell them apart"
    );
    let range = serde_json::json!({
        "start": { "line": line_no, "character": utf16 },
        "end": { "line": line_no, "character": utf16 + name.len() },
    });
    assert_eq!(d["range"], range, "{d:#}");

    // The rename fix: one edit over the same range, with the right name.
    let fixes = d["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1, "{d:#}");
    assert!(fixes[0]["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(
        fixes[0]["edits"],
        serde_json::json!([{ "range": range, "newText": "OAUTH_REFRESH_TOKEN_VALIDITY" }]),
        "{d:#}"
    );
}

/// Old Mac line endings: a lone CR ends a line for `--format json` as it does for the editor.
#[test]
fn json_positions_count_a_lone_cr_as_a_line_break() {
    let dir = TempDir::new("lone-cr");
    let sql = "CREATE SECURITY INTEGRATION t TYPE = OAUTH\r  OAUTH_CLIENT = TABLEAU_DESKTOP\r  \
               OAUTH_REFRESH_TOKEN_VALIDTY = 3600;\r";
    dir.write("cr.sql", sql);
    let run = secint(dir.path(), &["check", "--format", "json", "cr.sql"]);
    let report = json(&run);
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-parameter", "{report:#}");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({ "line": 2, "character": 2 }),
        "{d:#}"
    );
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_rules_and_1_based_regions() {
    let dir = TempDir::new("sarif");
    let (sql, line, line_no) = non_ascii_sql();
    dir.write("emoji.sql", &sql);
    dir.write("cloud.sql", PLACEHOLDER_ONLY);
    let run = secint(
        dir.path(),
        &["check", "--format", "sarif", "emoji.sql", "cloud.sql"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let log = json(&run);

    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "secint");
    let rule_ids: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();

    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{log:#}");
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(
            rule_ids.contains(&id),
            "rule {id} missing from {rule_ids:?}"
        );
        assert!(
            ["error", "warning", "note"].contains(&r["level"].as_str().unwrap()),
            "{r:#}"
        );
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }

    let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
    let unknown = by_rule("unknown-parameter");
    assert_eq!(unknown["level"], "error");
    let location = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "emoji.sql");
    let column = utf16_len(&line[..line.find("OAUTH_REFRESH_TOKEN_VALIDTY").unwrap()]) + 1;
    assert_eq!(location["region"]["startLine"], line_no + 1, "{unknown:#}");
    assert_eq!(location["region"]["startColumn"], column, "{unknown:#}");

    let placeholder = by_rule("placeholder");
    assert_eq!(placeholder["level"], "warning");
    let location = &placeholder["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "cloud.sql");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 14);
}

/// The keys of a pretty-printed JSON document, each where it is first printed.
fn printed_keys(text: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    for line in text.lines() {
        let Some((key, _)) = line
            .trim_start()
            .strip_prefix('"')
            .and_then(|l| l.split_once("\": "))
        else {
            continue;
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Scripts that read the reports as text (`grep`, `jq --stream`, diffs of saved reports) see
/// the keys in the order earlier releases printed them.
#[test]
fn json_and_sarif_print_their_keys_in_a_stable_order() {
    let dir = TempDir::new("key-order");
    dir.write("five.sql", FIVE_MISTAKES);
    let json: &[&str] = &[
        "files",
        "diagnostics",
        "code",
        "fixes",
        "applicability",
        "edits",
        "newText",
        "range",
        "end",
        "character",
        "line",
        "start",
        "title",
        "message",
        "related",
        "severity",
        "fixed",
        "path",
    ];
    let sarif: &[&str] = &[
        "$schema",
        "runs",
        "columnKind",
        "originalUriBaseIds",
        "%SRCROOT%",
        "uri",
        "results",
        "fixes",
        "artifactChanges",
        "artifactLocation",
        "uriBaseId",
        "replacements",
        "deletedRegion",
        "endColumn",
        "endLine",
        "startColumn",
        "startLine",
        "insertedContent",
        "text",
        "description",
        "properties",
        "applicability",
        "level",
        "locations",
        "physicalLocation",
        "region",
        "message",
        "relatedLocations",
        "ruleId",
        "id",
        "tool",
        "driver",
        "informationUri",
        "name",
        "rules",
        "fullDescription",
        "helpUri",
        "shortDescription",
        "version",
    ];
    for (format, keys) in [("json", json), ("sarif", sarif)] {
        let run = secint(dir.path(), &["check", "--format", format, "five.sql"]);
        assert_eq!(printed_keys(&run.stdout), keys, "{run:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// --fix

#[test]
fn fix_applies_only_the_safe_fixes() {
    let dir = TempDir::new("five-safe");
    dir.write("five.sql", FIVE_MISTAKES);

    let fix = secint(dir.path(), &["check", "--fix", "five.sql"]);
    assert!(fix.stdout.contains("fixed: five.sql"), "{fix:?}");
    // What is left changes behaviour to fix: it needs the user (or --unsafe-fixes).
    assert_eq!(fix.code, 1, "{fix:?}");
    let text = dir.read_text("five.sql");
    assert!(!text.contains("MAPING"), "{text}");
    assert!(
        text.contains("'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/'"),
        "{text}"
    );
    assert!(text.contains("SCOPE_DELIMITER"), "{text}");
    assert!(text.contains("('ANALYST', 'ACCOUNTADMIN')"), "{text}");
    assert!(
        text.contains("OAUTH_REFRESH_TOKEN_VALIDITY = 60\n"),
        "{text}"
    );
    let after = secint(dir.path(), &["check", "--format", "json", "five.sql"]);
    let mut left: Vec<String> = errors(&json(&after))
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    left.sort();
    assert_eq!(left, ["not-applicable", "out-of-range", "privileged-role"]);
}

#[test]
fn unsafe_fixes_repair_the_five_mistakes_so_a_recheck_finds_no_error() {
    let dir = TempDir::new("five");
    dir.write("five.sql", FIVE_MISTAKES);

    let before = secint(dir.path(), &["check", "--format", "json", "five.sql"]);
    assert_eq!(before.code, 1, "{before:?}");
    let mut codes: Vec<String> = errors(&json(&before))
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "issuer-trailing-slash",
            "not-applicable",
            "out-of-range",
            "privileged-role",
            "unknown-parameter"
        ],
        "{before:?}"
    );

    let fix = secint(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "five.sql"],
    );
    assert_eq!(fix.code, 0, "{fix:?}");
    assert!(fix.stdout.contains("fixed: five.sql"), "{fix:?}");

    let after = secint(dir.path(), &["check", "--format", "json", "five.sql"]);
    assert_eq!(after.code, 0, "{after:?}");
    assert_eq!(errors(&json(&after)), Vec::<Value>::new(), "{after:?}");

    let text = dir.read_text("five.sql");
    assert!(!text.contains("SCOPE_DELIMITER"), "{text}");
    assert!(!text.contains("MAPING"), "{text}");
    assert!(
        text.contains("PRE_AUTHORIZED_ROLES_LIST = ('ANALYST');"),
        "{text}"
    );
    assert!(
        !text.contains("OAUTH_REFRESH_TOKEN_VALIDITY = 60\n"),
        "{text}"
    );
    assert!(
        text.contains("'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/'"),
        "{text}"
    );
    // Everything else is kept, comments included.
    assert!(text.contains("-- 5: a v1 Entra issuer without its trailing slash."));
    assert_eq!(text.matches("CREATE SECURITY INTEGRATION").count(), 3);
}

#[test]
fn fix_keeps_crlf_line_endings_even_in_inserted_parameters() {
    let dir = TempDir::new("crlf");
    // A custom client without its redirect URI (the fix inserts a line) and a refresh token
    // validity out of range (the fix replaces a value).
    let sql = "-- Réglages\r\n\
               CREATE SECURITY INTEGRATION custom_int\r\n  \
               TYPE = OAUTH\r\n  \
               OAUTH_CLIENT = CUSTOM\r\n  \
               OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'\r\n  \
               OAUTH_REFRESH_TOKEN_VALIDITY = 60;\r\n\
               \r\n\
               CREATE SECURITY INTEGRATION tableau_extra TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP\r\n  \
               OAUTH_ISSUE_REFRESH_TOKENS = TRUE OAUTH_ISSUE_REFRESH_TOKENS = TRUE;\r\n";
    dir.write("crlf.sql", sql);

    let run = secint(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "crlf.sql"],
    );
    assert!(run.stdout.contains("fixed: crlf.sql"), "{run:?}");
    let text = dir.read_text("crlf.sql");
    assert_ne!(text, sql);
    assert!(text.contains("OAUTH_REDIRECT_URI"), "{text:?}");
    assert!(!text.contains("= 60;"), "{text:?}");
    let bare_lf = text
        .match_indices('\n')
        .filter(|(i, _)| !text[..*i].ends_with('\r'))
        .count();
    assert_eq!(bare_lf, 0, "bare \\n introduced by --fix: {text:?}");
    assert!(!text.contains("\r\r"), "{text:?}");
    assert!(text.ends_with(";\r\n"), "{text:?}");

    let after = secint(dir.path(), &["check", "--format", "json", "crlf.sql"]);
    assert_eq!(errors(&json(&after)), Vec::<Value>::new(), "{after:?}");
}

#[test]
fn fix_keeps_a_utf8_bom() {
    let dir = TempDir::new("bom");
    let sql = "\u{feff}CREATE SECURITY INTEGRATION custom_app\n  \
               TYPE = OAUTH\n  \
               OAUTH_CLIENT = CUSTOM\n  \
               OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'\n  \
               OAUTH_REDIRECT_URI = 'https://app.example.com/callback'\n  \
               PRE_AUTHORIZED_ROLES_LIST = ('ANALYST', 'ACCOUNTADMIN');\n";
    dir.write("bom.sql", sql);

    let run = secint(dir.path(), &["check", "--fix", "--unsafe-fixes", "bom.sql"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = dir.read_text("bom.sql");
    assert!(text.starts_with("\u{feff}CREATE "), "{text:?}");
    assert_eq!(text.matches('\u{feff}').count(), 1, "{text:?}");
    assert!(text.contains("('ANALYST');"), "{text:?}");
}

#[test]
fn fix_leaves_files_without_fixes_untouched_and_no_temporary_files() {
    let dir = TempDir::new("untouched");
    dir.write("project/clean.sql", CLEAN);
    dir.write("project/placeholder.sql", PLACEHOLDER_ONLY);
    dir.write("project/unfixable.sql", UNFIXABLE_ERROR);
    dir.write("project/crlf_clean.sql", CLEAN.replace('\n', "\r\n"));
    dir.write("project/nested/five.sql", FIVE_MISTAKES);
    dir.write("project/notes.txt", FIVE_MISTAKES);
    for name in [
        "clean.sql",
        "placeholder.sql",
        "unfixable.sql",
        "crlf_clean.sql",
        "nested/five.sql",
        "notes.txt",
    ] {
        age(&dir.path().join("project").join(name));
    }
    let before = snapshot(&dir.path().join("project"));

    let run = secint(dir.path(), &["check", "--fix", "project"]);
    assert_eq!(run.code, 1, "the unfixable error remains: {run:?}");
    assert!(run.stdout.contains("fixed: project"), "{run:?}");
    assert_eq!(run.stdout.matches("fixed: ").count(), 1, "{run:?}");

    let after = snapshot(&dir.path().join("project"));
    // Same entries: no temporary file left behind, nothing removed.
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{run:?}"
    );
    for (path, entry) in &before {
        if path.ends_with("five.sql") {
            assert_ne!(after[path], *entry, "five.sql was not fixed");
        } else {
            // Byte for byte, and not even rewritten with the same bytes.
            assert_eq!(after[path], *entry, "{} was touched", path.display());
        }
    }
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let dir = TempDir::new("fixlink");
    dir.write("shared/five.sql", FIVE_MISTAKES);
    std::fs::create_dir(dir.path().join("project")).unwrap();
    std::os::unix::fs::symlink("../shared/five.sql", dir.path().join("project/five.sql")).unwrap();

    let run = secint(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "project/five.sql"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let link = std::fs::symlink_metadata(dir.path().join("project/five.sql")).unwrap();
    assert!(link.file_type().is_symlink(), "--fix replaced the link");
    let fixed = dir.read_text("shared/five.sql");
    assert_ne!(fixed, FIVE_MISTAKES, "the link's target was not fixed");
    assert!(fixed.contains("EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'"));
    // No temporary file left beside the link or the target.
    for folder in ["project", "shared"] {
        let names: Vec<_> = std::fs::read_dir(dir.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["five.sql"], "{folder}");
    }
}

/// `--fix` and `secint format` replace a file through a temporary one; the new file keeps the
/// old one's mode (a private 0600 script stays private) and nothing else is left in the folder.
#[cfg(unix)]
#[test]
fn fix_and_format_keep_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("mode");
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    for (name, text, wanted) in [
        ("fix.sql", FIVE_MISTAKES, 0o600),
        (
            "format.sql",
            "create security integration t type = oauth oauth_client = tableau_server;\n",
            0o640,
        ),
    ] {
        let path = dir.write(name, text);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).unwrap();
    }

    let fix = secint(dir.path(), &["check", "--fix", "fix.sql"]);
    assert!(fix.stdout.contains("fixed: fix.sql"), "{fix:?}");
    let format = secint(dir.path(), &["format", "format.sql"]);
    assert_eq!(format.code, 0, "{format:?}");
    assert_ne!(
        dir.read_text("format.sql"),
        "create security integration t type = oauth oauth_client = tableau_server;\n"
    );

    assert_eq!(mode("fix.sql"), 0o600);
    assert_eq!(mode("format.sql"), 0o640);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["fix.sql", "format.sql"]);
}

#[test]
fn check_without_fix_never_modifies_any_file() {
    let dir = TempDir::new("readonly");
    // Every rule fixture (fixes galore), plus the five mistakes with CRLF and a BOM.
    for fixture in support::sql_files(&support::fixtures_dir("rules")) {
        let source = support::strip_annotations(&std::fs::read_to_string(&fixture).unwrap());
        let name = fixture.file_name().unwrap().to_str().unwrap();
        age(&dir.write(&format!("rules/{name}"), source));
    }
    age(&dir.write(
        "rules/five_crlf_bom.sql",
        format!("\u{feff}{}", FIVE_MISTAKES.replace('\n', "\r\n")),
    ));
    let before = snapshot(dir.path());
    assert!(before.len() > 10);

    for format in ["text", "json", "sarif"] {
        let run = secint(dir.path(), &["check", "--format", format, "rules"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(!run.stdout.contains("fixed: "), "{run:?}");
        assert_eq!(
            snapshot(dir.path()),
            before,
            "--format {format} changed files"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// --version and explain

#[test]
fn version_prints_name_and_version() {
    let dir = TempDir::new("version");
    let run = secint(dir.path(), &["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!("secint {}\n", env!("CARGO_PKG_VERSION")),
        "{run:?}"
    );
}

#[test]
fn explain_a_code_prints_its_docs() {
    let dir = TempDir::new("explain-code");
    let run = secint(dir.path(), &["explain", "placeholder"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("placeholder (warning)"), "{run:?}");
    assert!(run.stdout.contains("<…>"), "{run:?}");
    assert!(run.stdout.contains("docs/rules.md#placeholder"), "{run:?}");
    assert_eq!(run.stderr, "", "{run:?}");
    for section in [
        "What it does",
        "Why is this bad?",
        "Fix safety",
        "References",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == section),
            "{section}: {run:?}"
        );
    }
    // Prose is wrapped for the terminal; only a word longer than a line (a URL) sticks out.
    assert!(
        run.stdout
            .lines()
            .all(|l| l.chars().count() <= 88 || !l.trim().contains(' ')),
        "{run:?}"
    );

    // A rule that reads the catalog lists what it checks, from the catalog.
    let run = secint(dir.path(), &["explain", "out-of-range"]);
    assert!(
        run.stdout.contains("OAUTH_ACCESS_TOKEN_VALIDITY: 60–3600"),
        "{run:?}"
    );
}

#[test]
fn explain_a_parameter_prints_its_docs() {
    let dir = TempDir::new("explain-param");
    let run = secint(dir.path(), &["explain", "EXTERNAL_OAUTH_ISSUER"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("EXTERNAL_OAUTH_ISSUER"), "{run:?}");
    assert!(run.stdout.contains("sts.windows.net"), "{run:?}");
    assert!(run.stdout.contains("docs.snowflake.com"), "{run:?}");
    assert_eq!(run.stderr, "", "{run:?}");
}

#[test]
fn explain_an_unknown_topic_exits_2_with_a_message() {
    let dir = TempDir::new("explain-unknown");
    let run = secint(dir.path(), &["explain", "nonsense"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("`nonsense`"), "{run:?}");
    // It lists what it knows.
    assert!(
        run.stderr.contains("placeholder, conflicting-clauses")
            || run.stderr.contains("placeholder,"),
        "{run:?}"
    );
    assert!(run.stderr.contains("EXTERNAL_OAUTH_ISSUER"), "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Suppressions, secint.toml and CI output

#[test]
fn suppression_comments_silence_their_codes_and_report_stale_ones() {
    let dir = TempDir::new("suppress");
    let sql = format!(
        "-- secint: ignore-file[privileged-role]\n{}",
        FIVE_MISTAKES.replace(
            "EXTERNAL_OAUTH_SCOPE_DELIMITER = ' ';",
            "EXTERNAL_OAUTH_SCOPE_DELIMITER = ' ';  -- secint: ignore[not-applicable, redirect-query]",
        )
    );
    dir.write("five.sql", &sql);
    let run = secint(dir.path(), &["check", "--format", "json", "five.sql"]);
    let codes = &codes_by_file(&json(&run))["five.sql"];
    assert!(!codes.contains(&"privileged-role".to_string()), "{run:?}");
    assert!(!codes.contains(&"not-applicable".to_string()), "{run:?}");
    // `redirect-query` silences nothing on that line: reported so it can go.
    assert!(codes.contains(&"unused-suppression".to_string()), "{run:?}");
    assert!(codes.contains(&"out-of-range".to_string()), "{run:?}");
}

#[test]
fn secint_toml_sets_rules_excludes_and_per_file_ignores_for_the_tree_below_it() {
    let dir = TempDir::new("config");
    dir.write(
        "repo/secint.toml",
        "extend-exclude = [\"vendor/**\"]\n\n[rules]\nplaceholder = \"off\"\nprivileged-role = \"warning\"\n\n[per-file-ignores]\n\"legacy/*.sql\" = [\"out-of-range\"]\n",
    );
    let with_placeholder = format!("{FIVE_MISTAKES}{PLACEHOLDER_ONLY}");
    dir.write("repo/migrations/V1__five.sql", &with_placeholder);
    dir.write("repo/legacy/old.sql", &with_placeholder);
    dir.write("repo/vendor/theirs.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "--format", "json", "repo"]);
    let report = json(&run);
    let by_file = codes_by_file(&report);
    let names: Vec<&String> = by_file.keys().collect();
    assert_eq!(
        names,
        ["repo/legacy/old.sql", "repo/migrations/V1__five.sql"],
        "{run:?}"
    );
    for codes in by_file.values() {
        assert!(!codes.contains(&"placeholder".to_string()), "{run:?}");
    }
    assert!(!by_file["repo/legacy/old.sql"].contains(&"out-of-range".to_string()));
    assert!(by_file["repo/migrations/V1__five.sql"].contains(&"out-of-range".to_string()));
    let role = report["files"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "privileged-role")
        .unwrap()
        .clone();
    assert_eq!(role["severity"], "warning");
    // The same settings from a pyproject.toml, and --config naming another file.
    let other = TempDir::new("pyproject");
    other.write(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.secint.rules]\nplaceholder = \"off\"\n",
    );
    other.write("five.sql", PLACEHOLDER_ONLY);
    let run = secint(other.path(), &["check", "--format", "json", "five.sql"]);
    assert_eq!(codes_by_file(&json(&run))["five.sql"], Vec::<String>::new());
    other.write("strict.toml", "[rules]\nplaceholder = \"error\"\n");
    let run = secint(
        other.path(),
        &[
            "check",
            "--config",
            "strict.toml",
            "--format",
            "json",
            "five.sql",
        ],
    );
    let placeholder = errors(&json(&run))
        .into_iter()
        .any(|d| d["code"] == "placeholder");
    assert!(placeholder, "{run:?}");
}

#[test]
fn a_bad_config_file_exits_2_naming_file_line_and_column() {
    let dir = TempDir::new("badconfig");
    dir.write("secint.toml", "[rules]\nplacehodler = \"off\"\n");
    dir.write("five.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "five.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("secint.toml:2:1:"), "{run:?}");
    assert!(run.stderr.contains("did you mean `placeholder`"), "{run:?}");
    dir.write("secint.toml", "[rules\n");
    let run = secint(dir.path(), &["check", "five.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("secint.toml:1:"), "{run:?}");
    dir.write("secint.toml", "colour = \"always\"\n");
    let run = secint(dir.path(), &["check", "five.sql"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("unknown field `colour`"), "{run:?}");
}

#[test]
fn select_ignore_and_exit_flags_shape_the_result() {
    let dir = TempDir::new("select");
    dir.write("five.sql", FIVE_MISTAKES);
    dir.write("template.sql", PLACEHOLDER_ONLY);
    let args = [
        "check",
        "--format",
        "json",
        "--select",
        "unknown-parameter,out-of-range",
    ];
    let run = secint(dir.path(), &[&args[..], &["five.sql"]].concat());
    let mut codes = codes_by_file(&json(&run))["five.sql"].clone();
    codes.sort();
    codes.dedup();
    assert_eq!(codes, ["out-of-range", "unknown-parameter"], "{run:?}");
    let run = secint(
        dir.path(),
        &["check", "--select", "placeholder", "template.sql"],
    );
    assert_eq!(run.code, 0, "only a warning is left: {run:?}");
    let strict = ["check", "--select", "placeholder", "--warnings-as-errors"];
    let run = secint(dir.path(), &[&strict[..], &["template.sql"]].concat());
    assert_eq!(run.code, 1, "{run:?}");
    let run = secint(dir.path(), &["check", "--exit-zero", "five.sql"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = secint(
        dir.path(),
        &["check", "--ignore", "placehodler", "five.sql"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("did you mean `placeholder`"), "{run:?}");
}

#[test]
fn diff_prints_the_safe_fixes_and_writes_nothing() {
    let dir = TempDir::new("diff");
    dir.write("five.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "--diff", "five.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.starts_with("--- a/five.sql\n+++ b/five.sql\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("+  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'"),
        "{run:?}"
    );
    // Unsafe fixes only with --unsafe-fixes.
    assert!(
        !run.stdout.contains("-  EXTERNAL_OAUTH_SCOPE_DELIMITER"),
        "{run:?}"
    );
    assert_eq!(dir.read_text("five.sql"), FIVE_MISTAKES);
    let run = secint(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", "five.sql"],
    );
    assert!(
        run.stdout.contains("-  EXTERNAL_OAUTH_SCOPE_DELIMITER"),
        "{run:?}"
    );
    dir.write("clean.sql", CLEAN);
    let run = secint(dir.path(), &["check", "--diff", "clean.sql"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

#[test]
fn github_format_prints_one_workflow_command_per_diagnostic() {
    let dir = TempDir::new("github");
    dir.write("five.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "--format", "github", "five.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{run:?}"
    );
    assert!(
        lines.contains(&"::error file=five.sql,line=18,col=34,endLine=18,endColumn=36,title=secint out-of-range::`OAUTH_REFRESH_TOKEN_VALIDITY` = 60 is outside 3600–7776000 with OAUTH_CLIENT = CUSTOM"),
        "{run:?}"
    );
}

#[test]
fn stdin_is_checked_under_the_name_given_and_fixed_to_stdout() {
    let dir = TempDir::new("stdin");
    dir.write("sub/secint.toml", "[rules]\nplaceholder = \"off\"\n");
    let run = secint_with_input(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "sub/five.sql",
            "-",
        ],
        Some(FIVE_MISTAKES),
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = json(&run);
    assert_eq!(report["files"][0]["path"], "sub/five.sql");
    assert!(!codes_by_file(&report)["sub/five.sql"].contains(&"placeholder".to_string()));
    let run = secint_with_input(dir.path(), &["check", "--fix", "-"], Some(FIVE_MISTAKES));
    assert!(
        run.stdout
            .contains("EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'"),
        "{run:?}"
    );
    assert!(
        run.stdout.starts_with("-- "),
        "the fixed text, not a report: {run:?}"
    );
    assert!(run.stderr.contains("error[out-of-range]"), "{run:?}");
}

#[test]
fn sarif_uris_are_file_uris_for_absolute_paths_and_relative_to_srcroot_otherwise() {
    let dir = TempDir::new("sarif uri");
    dir.write("a b.sql", FIVE_MISTAKES);
    let absolute = dir.path().join("a b.sql");
    let run = secint(
        dir.path(),
        &["check", "--format", "sarif", absolute.to_str().unwrap()],
    );
    let sarif = json(&run);
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/a%20b.sql"), "{uri}");
    let run = secint(dir.path(), &["check", "--format", "sarif", "a b.sql"]);
    let sarif = json(&run);
    let location =
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "a%20b.sql");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    // Fixes carry their applicability.
    let fix = &sarif["runs"][0]["results"][0]["fixes"][0];
    assert!(["safe", "unsafe"].contains(&fix["properties"]["applicability"].as_str().unwrap()));
}

#[test]
fn statistics_count_each_code() {
    let dir = TempDir::new("stats");
    dir.write("a.sql", FIVE_MISTAKES);
    dir.write("b.sql", FIVE_MISTAKES);
    let run = secint(dir.path(), &["check", "--statistics", "a.sql", "b.sql"]);
    assert_eq!(run.code, 1, "{run:?}");
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains("unknown-parameter"))
        .unwrap_or_else(|| panic!("{run:?}"));
    assert!(
        row.trim_start().starts_with("2  unknown-parameter"),
        "{row}"
    );
    assert!(row.contains("(2 fixable)"), "{row}");
}

#[test]
fn gitignore_is_honoured_outside_a_git_repository() {
    let dir = TempDir::new("nogit");
    dir.write("project/.gitignore", "generated/\n");
    dir.write("project/generated/five.sql", FIVE_MISTAKES);
    dir.write("project/clean.sql", CLEAN);
    let run = secint(dir.path(), &["check", "--format", "json", "project"]);
    let by_file = codes_by_file(&json(&run));
    assert_eq!(
        by_file.keys().collect::<Vec<_>>(),
        ["project/clean.sql"],
        "{run:?}"
    );
}

#[test]
fn a_group_can_be_selected_on_the_command_line() {
    let dir = TempDir::new("groups");
    dir.write(
        "change.sql",
        "ALTER SECURITY INTEGRATION okta SET ENABLED = FALSE;\n\
         ALTER SECURITY INTEGRATION okta SET EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE;\n",
    );
    let run = secint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "change-review",
            "change.sql",
        ],
    );
    assert_eq!(
        codes_by_file(&json(&run))["change.sql"],
        ["disables-integration"],
        "{run:?}"
    );
    let run = secint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "hardening",
            "change.sql",
        ],
    );
    let codes = &codes_by_file(&json(&run))["change.sql"];
    assert!(
        !codes.contains(&"any-role-mode-enabled".to_string()),
        "{run:?}"
    );
    assert!(
        codes.contains(&"disables-integration".to_string()),
        "{run:?}"
    );
    let run = secint(dir.path(), &["explain", "change-review"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("disables-integration"), "{run:?}");
}

/// A throw-away git repository with one commit per text.
fn git_repo(name: &str, commits: &[&[(&str, &str)]]) -> TempDir {
    let dir = TempDir::new(name);
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    for (i, files) in commits.iter().enumerate() {
        for (path, text) in *files {
            dir.write(path, text);
        }
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", &format!("commit {i}")]);
    }
    dir
}

#[test]
fn review_reports_what_a_git_range_changes_and_its_findings() {
    let before = "CREATE SECURITY INTEGRATION tableau_cloud TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER OAUTH_REFRESH_TOKEN_VALIDITY = 86400;\n\
                  CREATE SECURITY INTEGRATION old_app TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP;\n";
    let after = "CREATE SECURITY INTEGRATION tableau_cloud TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER OAUTH_REFRESH_TOKEN_VALIDITY = 3600;\n\
                 ALTER SECURITY INTEGRATION tableau_cloud SET ENABLED = FALSE;\n";
    let repo = git_repo(
        "review",
        &[
            &[("migrations/V1.sql", before), ("other.sql", CLEAN)],
            &[("migrations/V1.sql", after)],
        ],
    );
    let run = secint(repo.path(), &["review", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let report = json(&run);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the changed file: {run:?}");
    let changes: Vec<String> = files[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c["change"], c["integration"], c["detail"]))
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.contains("parameter changed") && c.contains("86400 → 3600")),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.contains("statement removed") && c.contains("old_app")),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.contains("altered") && c.contains("SET ENABLED = FALSE")),
        "{changes:?}"
    );
    let findings: Vec<&str> = files[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(findings, ["disables-integration"], "{run:?}");
    let markdown = secint(
        repo.path(),
        &["review", "HEAD~1..HEAD", "--format", "markdown"],
    );
    assert!(
        markdown
            .stdout
            .starts_with("### secint review of `HEAD~1..HEAD`"),
        "{markdown:?}"
    );
    assert!(
        markdown
            .stdout
            .contains("| parameter changed | `tableau_cloud` |"),
        "{markdown:?}"
    );
    let bad = secint(repo.path(), &["review", "nosuchref..HEAD"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("git diff"), "{bad:?}");
}

#[test]
fn fix_keeps_every_setting_whose_fix_is_not_certain() {
    let dir = TempDir::new("uncertain");
    let sql = "\
CREATE SECURITY INTEGRATION ping_both
  TYPE = EXTERNAL_OAUTH
  EXTERNAL_OAUTH_TYPE = PING_FEDERATE
  EXTERNAL_OAUTH_ISSUER = 'pingfed-unique-id'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://ping.example.com/keys'
  EXTERNAL_OAUTH_RSA_PUBLIC_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'
  EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('ANALYST')
  EXTERNAL_OAUTH_BLOCKED_ROLES_LIST = ('SYSADMIN')
  EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM = 'sub'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'LOGIN_NAME';
CREATE SECURITY INTEGRATION local_tool
  TYPE = OAUTH
  OAUTH_CLIENT = CUSTOM
  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'
  OAUTH_REDIRECT_URI = 'http://localhost:8080/callback';
CREATE SECURITY INTEGRATION desktop TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP OAUTH_REFRESH_TOKEN_VALIDITY = 86400;
CREATE SECURITY INTEGRATION powerbi
  TYPE = EXTERNAL_OAUTH
  EXTERNAL_OAUTH_TYPE = AZURE
  EXTERNAL_OAUTH_ISSUER = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47'
  EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://login.windows.net/common/discovery/keys'
  EXTERNAL_OAUTH_AUDIENCE_LIST = ('https://analysis.windows.net/powerbi/connector/Snowflake', 'https://analysis.windows.net/powerbi/connector/snowflake')
  EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'upn'
  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'login_name';
";
    dir.write("uncertain.sql", sql);
    let run = secint(dir.path(), &["check", "--fix", "uncertain.sql"]);
    assert!(run.stdout.contains("fixed: uncertain.sql"), "{run:?}");
    let text = dir.read_text("uncertain.sql");
    // Certain: the misspelt claim and the Entra issuer's slash.
    assert!(
        text.contains("EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = 'sub'"),
        "{text}"
    );
    assert!(
        text.contains("'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/'"),
        "{text}"
    );
    // Not certain, so kept: both role lists, the JWS URL with the key, the local callback,
    // the disputed Tableau Desktop refresh validity and the Power BI audiences.
    for kept in [
        "EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('ANALYST')",
        "EXTERNAL_OAUTH_BLOCKED_ROLES_LIST = ('SYSADMIN')",
        "EXTERNAL_OAUTH_JWS_KEYS_URL = 'https://ping.example.com/keys'",
        "OAUTH_REDIRECT_URI = 'http://localhost:8080/callback'",
        "OAUTH_REFRESH_TOKEN_VALIDITY = 86400",
        "'https://analysis.windows.net/powerbi/connector/Snowflake', 'https://analysis.windows.net/powerbi/connector/snowflake'",
    ] {
        assert!(text.contains(kept), "--fix changed `{kept}`:\n{text}");
    }
    assert!(!text.contains("OAUTH_ALLOW_NON_TLS_REDIRECT_URI"), "{text}");
    // The Power BI recipe itself is not reported.
    let after = secint(dir.path(), &["check", "--format", "json", "uncertain.sql"]);
    assert!(
        !codes_by_file(&json(&after))["uncertain.sql"].contains(&"too-many-values".to_string()),
        "{after:?}"
    );
}

/// Each folder of `tests/fixtures/workspace/` given to `secint check` as a directory reports,
/// per file, what the fixture annotations say: the files are checked as one workspace.
#[test]
fn the_files_given_are_checked_as_one_workspace() {
    let root = support::fixtures_dir("workspace");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut cross_file = 0;
    for case in cases {
        let dir = TempDir::new("workspace");
        for path in support::sql_files(&case) {
            let source = support::strip_annotations(&std::fs::read_to_string(&path).unwrap());
            dir.write(
                &format!("repo/{}", path.file_name().unwrap().to_string_lossy()),
                source,
            );
        }
        let run = secint(
            dir.path(),
            &[
                "check",
                "--format",
                "json",
                "--extend-select",
                "undefined-integration",
                "repo",
            ],
        );
        let report = json(&run);
        for file in report["files"].as_array().unwrap() {
            let name = Path::new(file["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_owned();
            let fixture = std::fs::read_to_string(case.join(&name)).unwrap();
            let expected: Vec<String> = fixture
                .lines()
                .filter_map(|l| {
                    let rest = l.trim_start_matches("--").trim_start();
                    let rest = rest
                        .strip_prefix("(col ")
                        .map_or(rest, |r| &r[r.find(')').unwrap() + 1..]);
                    let after = rest.trim_start().strip_prefix('^')?;
                    let code = &after[after.find('[')? + 1..after.find(']')?];
                    Some(code.to_string())
                })
                .collect();
            let found: Vec<String> = file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(found, expected, "{} {:?}", case.display(), name);
            cross_file += file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|d| d["related"].as_array().unwrap())
                .filter(|r| r.get("path").is_some())
                .count();
        }
    }
    assert!(
        cross_file >= 10,
        "only {cross_file} related places in other files"
    );
}

#[test]
fn fix_across_files_writes_the_stored_name_and_leaves_unsafe_quoting() {
    let dir = TempDir::new("workspace-fix");
    dir.write(
        "repo/V001.sql",
        "CREATE SECURITY INTEGRATION \"okta_scim\" TYPE = SCIM SCIM_CLIENT = 'OKTA' RUN_AS_ROLE = 'OKTA_PROVISIONER';\n",
    );
    let uses = dir.write(
        "repo/V002.sql",
        "SELECT SYSTEM$GENERATE_SCIM_ACCESS_TOKEN('OKTA_SCIM');\nALTER SECURITY INTEGRATION okta_scim SET ENABLED = TRUE;\n",
    );
    let run = secint(dir.path(), &["check", "--fix", "repo"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read_to_string(&uses).unwrap(),
        "SELECT SYSTEM$GENERATE_SCIM_ACCESS_TOKEN('okta_scim');\nALTER SECURITY INTEGRATION okta_scim SET ENABLED = TRUE;\n"
    );
    let run = secint(dir.path(), &["check", "--fix", "--unsafe-fixes", "repo"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(std::fs::read_to_string(&uses)
        .unwrap()
        .contains("ALTER SECURITY INTEGRATION \"okta_scim\" SET"));
    assert!(run.stdout.contains("0 errors, 0 warnings"), "{run:?}");
}

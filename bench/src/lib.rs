//! The benchmark workload: a large SQL buffer, a third External OAuth statements, a third
//! custom Snowflake OAuth statements and a third ordinary SQL, with a few mistakes sprinkled
//! in. Deterministic: the same size always gives the same text.

/// A small deterministic generator (xorshift), so that the workload needs no crate and never
/// changes between runs.
struct Rng {
    state: u64,
    /// Whether statements may carry mistakes.
    mistakes: bool,
}

impl Rng {
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// A mistake, one time in `one_in` (never in a clean workload).
    fn mistake(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in) && self.mistakes
    }
}

const IDPS: [&str; 4] = ["OKTA", "AZURE", "PING_FEDERATE", "CUSTOM"];
const ROLES: [&str; 6] = [
    "ANALYST",
    "ENGINEER",
    "REPORTING",
    "SYSADMIN",
    "DATA_SCIENCE",
    "FINANCE",
];

fn external_oauth(rng: &mut Rng, n: usize, out: &mut String) {
    let idp = rng.pick(&IDPS);
    let issuer = match idp {
        "AZURE" => format!(
            "https://sts.windows.net/{:08x}-0000-4000-8000-{:012x}/",
            rng.next() as u32,
            rng.next() & 0xffff_ffff_ffff
        ),
        "OKTA" => format!("https://acme{n}.okta.com/oauth2/aus{:x}", rng.next() as u32),
        _ => format!("https://auth{n}.example.com"),
    };
    // One statement in twenty carries a mistake a user would make.
    let typo = rng.mistake(20);
    out.push_str(&format!(
        "CREATE OR REPLACE SECURITY INTEGRATION ext_oauth_{n}\n  TYPE = EXTERNAL_OAUTH\n  ENABLED = TRUE\n  EXTERNAL_OAUTH_TYPE = {idp}\n  EXTERNAL_OAUTH_ISSUER = '{issuer}'\n  EXTERNAL_OAUTH_JWS_KEYS_URL = '{issuer}/v1/keys'\n  EXTERNAL_OAUTH_AUDIENCE_LIST = ('https://acme-analytics.eu-central-1.snowflakecomputing.com')\n  {} = '{}'\n  EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = '{}'\n  EXTERNAL_OAUTH_ANY_ROLE_MODE = {}\n  COMMENT = 'single sign-on for BI dashboards, integration {n}, owned by the {} team';\n",
        if typo { "EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM" } else { "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM" },
        rng.pick(&["sub", "upn", "email"]),
        rng.pick(&["LOGIN_NAME", "EMAIL_ADDRESS"]),
        // ENABLE draws a warning (any-role-mode-enabled): not part of the workload.
        rng.pick(&["DISABLE", "ENABLE_FOR_PRIVILEGE"]),
        rng.pick(&ROLES).to_ascii_lowercase(),
    ));
}

fn custom_oauth(rng: &mut Rng, n: usize, out: &mut String) {
    let validity = if rng.mistake(20) {
        60
    } else {
        86400 * (1 + rng.next() % 90)
    };
    out.push_str(&format!(
        "CREATE SECURITY INTEGRATION app_oauth_{n}\n  TYPE = OAUTH\n  ENABLED = TRUE\n  OAUTH_CLIENT = CUSTOM\n  OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'\n  OAUTH_REDIRECT_URI = 'https://reporting-app{n}.example.com/oauth/callback'\n  OAUTH_ISSUE_REFRESH_TOKENS = TRUE\n  OAUTH_REFRESH_TOKEN_VALIDITY = {validity}\n  OAUTH_ENFORCE_PKCE = TRUE\n  PRE_AUTHORIZED_ROLES_LIST = ('{}', '{}')\n  BLOCKED_ROLES_LIST = ('SYSADMIN');\n",
        rng.pick(&ROLES),
        rng.pick(&ROLES),
    ));
}

fn ordinary_sql(rng: &mut Rng, n: usize, out: &mut String) {
    match rng.next() % 3 {
        0 => out.push_str(&format!(
            "SELECT o.order_id, o.amount, o.currency, c.customer_name, c.region\n  FROM analytics.sales.orders_{n} AS o\n  JOIN analytics.sales.customers AS c ON c.customer_id = o.customer_id\n  WHERE o.created_at > '2024-01-01' AND o.amount > {} AND o.status <> 'cancelled'\n  ORDER BY o.amount DESC\n  LIMIT 100;\n",
            rng.next() % 1000
        )),
        1 => out.push_str(&format!(
            "GRANT SELECT ON TABLE analytics.public.orders_{n} TO ROLE {}; -- quarterly access review\nGRANT USAGE ON INTEGRATION ext_oauth_{n} TO ROLE {};\n",
            rng.pick(&ROLES),
            rng.pick(&ROLES)
        )),
        _ => out.push_str(&format!(
            "-- daily rollup {n}\nINSERT INTO rollup_{n} (day, total)\n  SELECT date_trunc('day', created_at), sum(amount)\n  FROM orders_{n}\n  GROUP BY 1;\n"
        )),
    }
}

/// A workload of `lines` lines with a mistake in one integration statement in twenty.
pub fn workload(lines: usize) -> String {
    generate(lines, true)
}

/// The same workload without mistakes: no diagnostics to re-send on every keystroke.
pub fn clean_workload(lines: usize) -> String {
    generate(lines, false)
}

fn generate(lines: usize, mistakes: bool) -> String {
    let mut rng = Rng {
        state: 0x5ec1_7e57,
        mistakes,
    };
    let mut out = String::with_capacity(lines * 48);
    let mut n = 0;
    let mut counted = 0;
    let mut line_count = 0;
    while line_count < lines {
        for kind in 0..3 {
            match kind {
                0 => external_oauth(&mut rng, n, &mut out),
                1 => custom_oauth(&mut rng, n, &mut out),
                _ => ordinary_sql(&mut rng, n, &mut out),
            }
            out.push('\n');
        }
        line_count += out[counted..].matches('\n').count();
        counted = out.len();
        n += 1;
    }
    // Trim to exactly `lines` lines.
    let mut end = 0;
    for (i, _) in out.match_indices('\n').take(lines) {
        end = i + 1;
    }
    out.truncate(end);
    out
}

/// A workload of about `bytes` bytes (whole lines, never more than `bytes`).
pub fn workload_of_size(bytes: usize) -> String {
    // The workload averages about 42 bytes a line; generate a little more and cut at a line end.
    let mut text = workload(bytes / 40 + 1);
    let end = text[..bytes.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text.truncate(end);
    text
}

/// A tree of `files` files of about `lines_per_file` lines each: the workload cut into pieces at
/// statement boundaries (blank lines), so every file holds whole statements and the files
/// together are the start of one workload. Paths are relative, `dir_NN/file_NNNN.sql`, 50 files
/// a folder.
pub fn tree(files: usize, lines_per_file: usize) -> Vec<(String, String)> {
    // A statement is at most 13 lines: each piece overshoots its lines by less than 16.
    let text = workload(files * (lines_per_file + 16));
    let mut rest = text.as_str();
    (0..files)
        .map(|i| {
            let after = rest
                .match_indices('\n')
                .nth(lines_per_file.saturating_sub(1))
                .map_or(rest.len(), |(at, _)| at + 1);
            let cut = rest[after..]
                .find("\n\n")
                .map_or(rest.len(), |at| after + at + 2);
            let (piece, tail) = rest.split_at(cut);
            rest = tail;
            (
                format!("dir_{:02}/file_{:04}.sql", i / 50, i),
                piece.to_string(),
            )
        })
        .collect()
}

/// The standard sizes: the 9,001-line buffer and its 10× version.
pub const LINES: usize = 9001;
pub const LINES_10X: usize = 90010;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_has_the_requested_size_and_mix() {
        let text = workload(LINES);
        assert_eq!(text.lines().count(), LINES);
        assert!(
            (350_000..450_000).contains(&text.len()),
            "{} bytes",
            text.len()
        );
        let external = text.matches("TYPE = EXTERNAL_OAUTH").count();
        let custom = text.matches("OAUTH_CLIENT = CUSTOM").count();
        assert!(external > 200 && custom > 200);
        assert_eq!(workload(LINES), text);
    }

    #[test]
    fn a_sized_workload_ends_at_a_line_end_within_its_size() {
        let text = workload_of_size(100_000);
        assert!((99_000..=100_000).contains(&text.len()), "{}", text.len());
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn a_tree_holds_the_whole_workload_in_whole_statements() {
        let files = tree(20, 40);
        assert_eq!(files.len(), 20);
        let joined: String = files.iter().map(|(_, text)| text.as_str()).collect();
        assert!(workload(20 * 56).starts_with(&joined));
        for (path, text) in &files {
            assert!(text.ends_with(";\n\n"), "{path} ends mid-statement");
            assert!(text.lines().count() >= 40, "{path}");
        }
        assert_eq!(files[19].0, "dir_00/file_0019.sql");
    }
}

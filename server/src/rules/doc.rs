//! A rule's documentation in the sections of ruff's rule pages (what it does, why it matters,
//! an example, fix safety, references), plus the catalog facts it reads, listed from the
//! catalog itself so that the docs cannot drift from what the rule checks. `docs/rules.md`
//! (through `tests/docs.rs`), `secint explain CODE` and the SARIF rule descriptions render it.

use crate::catalog::{Catalog, KindSpec, LimitSeverity, When};
use std::fmt::Write as _;

pub struct RuleDoc {
    /// What the rule reports. Paragraphs are separated by a blank line; line breaks and runs
    /// of spaces inside a paragraph are one space.
    pub what: &'static str,
    /// Why it matters: what goes wrong when the statement runs.
    pub why: &'static str,
    pub fix: FixSafety,
    /// For rules that read parameter facts from the catalog: the parameters they cover.
    pub covers: Option<Coverage>,
    /// The pages the rule rests on, `(title, url)`, Snowflake's first.
    pub sources: &'static [pages::Page],
}

/// Whether a rule's fixes may be applied without the user looking at them, and why.
pub enum FixSafety {
    /// Every fix keeps what the author meant: `--fix` applies them.
    Safe(&'static str),
    /// Every fix changes behaviour or deletes a setting: only `--unsafe-fixes` applies them.
    Unsafe(&'static str),
    /// Some fixes are safe and others are not; the text says which.
    Mixed(&'static str),
    /// The rule offers no fix.
    None(&'static str),
}

impl FixSafety {
    pub fn label(&self) -> &'static str {
        match self {
            FixSafety::Safe(_) => "Safe",
            FixSafety::Unsafe(_) => "Unsafe",
            FixSafety::Mixed(_) => "Safe or unsafe",
            FixSafety::None(_) => "No fix",
        }
    }

    pub fn why(&self) -> &'static str {
        match self {
            FixSafety::Safe(why)
            | FixSafety::Unsafe(why)
            | FixSafety::Mixed(why)
            | FixSafety::None(why) => why,
        }
    }
}

/// The parameters a rule reads catalog facts of, per kind of integration.
pub struct Coverage {
    /// One sentence that says what the list holds.
    pub lead: &'static str,
    /// Link each kind to its ALTER page rather than its CREATE page.
    pub alter_page: bool,
    /// For one kind: a Markdown line per parameter (or group of parameters) the rule checks,
    /// with what it checks of it. Empty when the rule checks nothing of the kind.
    pub items: fn(&KindSpec) -> Vec<String>,
}

impl Coverage {
    /// What `items` lists for each kind, introduced by `lead`, linked to the CREATE pages.
    pub const fn new(lead: &'static str, items: fn(&KindSpec) -> Vec<String>) -> Coverage {
        Coverage {
            lead,
            alter_page: false,
            items,
        }
    }

    /// The same list, linked to the kinds' ALTER pages.
    pub const fn on_alter_pages(self) -> Coverage {
        Coverage {
            alter_page: true,
            ..self
        }
    }

    /// The list as Markdown: a bullet per kind, linked to its page, with its items below.
    pub fn markdown(&self, catalog: &Catalog) -> String {
        let mut out = format!("{}\n\n", self.lead);
        for kind in catalog.checked_kinds() {
            let items = (self.items)(kind);
            if items.is_empty() {
                continue;
            }
            let page = match self.alter_page {
                true => kind.alter_page.as_deref().unwrap_or(&kind.page),
                false => &kind.page,
            };
            let _ = writeln!(out, "- [{}]({page})", kind.title);
            for item in items {
                let _ = writeln!(out, "  - {item}");
            }
        }
        out
    }
}

impl RuleDoc {
    /// The sections as Markdown, each under a heading of `level` (`##`, `####`); `example` is
    /// the body of the Example section, when there is one.
    pub fn markdown(&self, level: &str, example: Option<&str>) -> String {
        let mut out = String::new();
        let mut section = |title: &str, body: &str| {
            let _ = write!(out, "{level} {title}\n\n{}\n\n", body.trim_end());
        };
        section("What it does", &paragraphs(self.what));
        section("Why is this bad?", &paragraphs(self.why));
        if let Some(example) = example {
            section("Example", example);
        }
        section(
            "Fix safety",
            &format!("**{}.** {}", self.fix.label(), paragraphs(self.fix.why())),
        );
        if let Some(covers) = &self.covers {
            section("Parameters", &covers.markdown(Catalog::get()));
        }
        let references: Vec<String> = self
            .sources
            .iter()
            .map(|(title, url)| format!("- [{title}]({url})"))
            .collect();
        section("References", &references.join("\n"));
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// What the rule does and why it matters, in one paragraph of text (SARIF's
    /// `fullDescription`).
    pub fn plain_text(&self) -> String {
        format!("{} {}", words(self.what), words(self.why))
    }
}

/// As `secint explain` shows it.
impl std::fmt::Display for RuleDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.markdown("##", None).trim_end())
    }
}

/// Paragraphs separated by a blank line, each on one line.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(words)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// Pieces of coverage items that several rules share.

/// `` `NAME` ``.
pub fn code(name: &str) -> String {
    format!("`{name}`")
}

/// `` `A`, `B` and `C` `` (with `last` = "and").
pub fn codes(names: &[String], last: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| code(n)).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., final_one] => format!("{} {last} {final_one}", init.join(", ")),
    }
}

/// ` when EXTERNAL_OAUTH_TYPE = OKTA or AZURE` for a condition, nothing without one.
pub fn when_clause(kind: &KindSpec, when: Option<&When>) -> String {
    match when {
        Some(when) => format!(" when {}", when.describe(kind, super::one_of, " and ")),
        None => String::new(),
    }
}

/// How a fact is reported when it is not an error (disputed, or second-hand).
pub fn standing(severity: LimitSeverity) -> &'static str {
    match severity {
        LimitSeverity::Error => "",
        LimitSeverity::Warning => " (reported as a warning)",
        LimitSeverity::Information => " (reported as information)",
    }
}

/// The pages rule docs cite, as `(title, url)`.
pub mod pages {
    pub type Page = (&'static str, &'static str);

    pub const CREATE: Page = (
        "CREATE SECURITY INTEGRATION",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration",
    );
    pub const CREATE_EXTERNAL_OAUTH: Page = (
        "CREATE SECURITY INTEGRATION (External OAuth)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external",
    );
    pub const ALTER_EXTERNAL_OAUTH: Page = (
        "ALTER SECURITY INTEGRATION (External OAuth)",
        "https://docs.snowflake.com/en/sql-reference/sql/alter-security-integration-oauth-external",
    );
    pub const CREATE_SNOWFLAKE_OAUTH: Page = (
        "CREATE SECURITY INTEGRATION (Snowflake OAuth)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-snowflake",
    );
    pub const ALTER_SNOWFLAKE_OAUTH: Page = (
        "ALTER SECURITY INTEGRATION (Snowflake OAuth)",
        "https://docs.snowflake.com/en/sql-reference/sql/alter-security-integration-oauth-snowflake",
    );
    pub const OAUTH_CUSTOM_CLIENTS: Page = (
        "Configure Snowflake OAuth for custom clients",
        "https://docs.snowflake.com/en/user-guide/oauth-custom",
    );
    pub const POWER_BI: Page = (
        "Power BI SSO to Snowflake",
        "https://docs.snowflake.com/en/user-guide/oauth-powerbi",
    );
    pub const CREATE_SAML2: Page = (
        "CREATE SECURITY INTEGRATION (SAML2)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-saml2",
    );
    pub const ALTER_SAML2: Page = (
        "ALTER SECURITY INTEGRATION (SAML2)",
        "https://docs.snowflake.com/en/sql-reference/sql/alter-security-integration-saml2",
    );
    pub const CREATE_SCIM: Page = (
        "CREATE SECURITY INTEGRATION (SCIM)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-scim",
    );
    pub const SCIM_INTRO: Page = (
        "Snowflake SCIM support",
        "https://docs.snowflake.com/en/user-guide/scim-intro",
    );
    pub const CREATE_SECRET_PROVIDER: Page = (
        "CREATE SECURITY INTEGRATION (External API Authentication, external secret provider)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-api-auth-external-secret-provider",
    );
    pub const DROP_INTEGRATION: Page = (
        "DROP INTEGRATION",
        "https://docs.snowflake.com/en/sql-reference/sql/drop-integration",
    );
    pub const SHOW_OAUTH_CLIENT_SECRETS: Page = (
        "SYSTEM$SHOW_OAUTH_CLIENT_SECRETS",
        "https://docs.snowflake.com/en/sql-reference/functions/system_show_oauth_client_secrets",
    );
    pub const JWS_KEYS_URL_HTTPS: Page = (
        "BCR-2218: EXTERNAL_OAUTH_JWS_KEYS_URL requires HTTPS",
        "https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_02/bcr-2218",
    );
    pub const IDENTIFIERS: Page = (
        "Identifier requirements",
        "https://docs.snowflake.com/en/sql-reference/identifiers-syntax",
    );
    pub const RFC_9700: Page = (
        "RFC 9700: Best Current Practice for OAuth 2.0 Security",
        "https://www.rfc-editor.org/rfc/rfc9700",
    );
    pub const RUFF_SUPPRESSION: Page = (
        "ruff: error suppression",
        "https://docs.astral.sh/ruff/linter/#error-suppression",
    );
    pub const RUFF_UNUSED_NOQA: Page = (
        "ruff: unused-noqa (RUF100)",
        "https://docs.astral.sh/ruff/rules/unused-noqa/",
    );
    pub const CREATE_SECRET: Page = (
        "CREATE SECRET",
        "https://docs.snowflake.com/en/sql-reference/sql/create-secret",
    );
    pub const CREATE_OIDC: Page = (
        "CREATE SECURITY INTEGRATION (OIDC)",
        "https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oidc",
    );
    pub const MULTIPLE_IDPS: Page = (
        "Using multiple identity providers for federated authentication",
        "https://docs.snowflake.com/en/user-guide/admin-security-fed-auth-use",
    );
    pub const GENERATE_SCIM_ACCESS_TOKEN: Page = (
        "SYSTEM$GENERATE_SCIM_ACCESS_TOKEN",
        "https://docs.snowflake.com/en/sql-reference/functions/system_generate_scim_access_token",
    );
    pub const EXTERNAL_ACCESS: Page = (
        "CREATE EXTERNAL ACCESS INTEGRATION",
        "https://docs.snowflake.com/en/sql-reference/sql/create-external-access-integration",
    );
    pub const AUTHENTICATION_POLICY: Page = (
        "CREATE AUTHENTICATION POLICY",
        "https://docs.snowflake.com/en/sql-reference/sql/create-authentication-policy",
    );
}

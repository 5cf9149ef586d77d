//! The diagnostic rules, one per file, each with a stable code and its docs.

use crate::catalog::{Limit, LimitSeverity, ParameterSpec};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::{Param, Shift, Statement, Value, ValueForm, Verb};
pub use crate::semantics::subject::{Subject, TypeState};
pub use crate::text::closest;
use std::ops::Range;

mod account_url;
pub mod across;
mod any_role_mode_enabled;
mod changes_token_check;
mod conflicting_clauses;
mod conflicting_parameters;
mod disables_integration;
mod doc;
mod drops_integration;
mod duplicate_parameter;
mod insecure_redirect;
mod invalid_name;
mod invalid_suppression;
mod invalid_value;
mod issuer_trailing_slash;
mod long_lived_refresh_tokens;
mod missing_required;
mod no_effect;
mod non_tls_redirect_allowed;
mod not_applicable;
mod out_of_range;
mod pem_headers;
mod pkce_not_enforced;
mod placeholder;
mod privileged_role;
mod privileged_role_allowed;
mod redirect_query;
mod refreshes_saml_key;
mod replaces_integration;
mod saml_unsigned_requests;
mod scim_password_sync;
mod scim_privileged_role;
mod set_not_allowed;
mod syntax;
mod too_many_values;
mod unknown_parameter;
mod unset_not_allowed;
mod unused_suppression;

/// What kind of problem a rule reports. A group can be turned up or down as a whole
/// (`[rules] hardening = "off"`, `--select change-review`); per-code settings override it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Statements Snowflake rejects, or that do not do what they say.
    Correctness,
    /// Valid settings that weaken an account's security posture.
    Hardening,
    /// Statements that are fine to write but break sign-in when they run.
    ChangeReview,
    /// Problems with `-- secint: ignore[…]` comments themselves.
    Suppressions,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Correctness,
        Group::Hardening,
        Group::ChangeReview,
        Group::Suppressions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Correctness => "correctness",
            Group::Hardening => "hardening",
            Group::ChangeReview => "change-review",
            Group::Suppressions => "suppressions",
        }
    }

    pub fn parse(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.name() == name)
    }

    pub fn summary(self) -> &'static str {
        match self {
            Group::Correctness => "Statements Snowflake rejects, or that do not do what they say.",
            Group::Hardening => "Valid settings that weaken the account's security posture.",
            Group::ChangeReview => {
                "Statements that are valid to write but break sign-in or tokens when they run."
            }
            Group::Suppressions => "Problems with suppression comments themselves.",
        }
    }

    pub fn rules(self) -> impl Iterator<Item = &'static Rule> {
        RULES.iter().copied().filter(move |r| r.group == self)
    }
}

pub use doc::{Coverage, FixSafety, RuleDoc};

/// A rule: its code, a one-line summary, its docs, and the check it runs on a statement.
pub struct Rule {
    pub group: Group,
    pub code: &'static str,
    pub severity: &'static str,
    pub summary: &'static str,
    pub doc: RuleDoc,
    /// `None` for `syntax`, which the parser reports.
    pub check: Option<fn(&Ctx, &mut Vec<Diagnostic>)>,
}

/// Every rule, in the order the docs list them.
pub const RULES: &[&Rule] = &[
    &syntax::RULE,
    &unknown_parameter::RULE,
    &duplicate_parameter::RULE,
    &missing_required::RULE,
    &invalid_value::RULE,
    &not_applicable::RULE,
    &too_many_values::RULE,
    &out_of_range::RULE,
    &privileged_role::RULE,
    &insecure_redirect::RULE,
    &redirect_query::RULE,
    &issuer_trailing_slash::RULE,
    &pem_headers::RULE,
    &account_url::RULE,
    &placeholder::RULE,
    &conflicting_clauses::RULE,
    &conflicting_parameters::RULE,
    &invalid_name::RULE,
    &unset_not_allowed::RULE,
    &set_not_allowed::RULE,
    &no_effect::RULE,
    &any_role_mode_enabled::RULE,
    &pkce_not_enforced::RULE,
    &non_tls_redirect_allowed::RULE,
    &privileged_role_allowed::RULE,
    &long_lived_refresh_tokens::RULE,
    &scim_password_sync::RULE,
    &scim_privileged_role::RULE,
    &saml_unsigned_requests::RULE,
    &replaces_integration::RULE,
    &disables_integration::RULE,
    &changes_token_check::RULE,
    &refreshes_saml_key::RULE,
    &drops_integration::RULE,
    &across::already_created::RULE,
    &across::value_in_use::RULE,
    &across::sso_already_enabled::RULE,
    &across::wrong_integration_kind::RULE,
    &across::scope_not_allowed::RULE,
    &across::name_case_mismatch::RULE,
    &across::undefined_integration::RULE,
    &invalid_suppression::RULE,
    &unused_suppression::RULE,
];

/// A rule over the whole workspace rather than one statement.
pub struct WorkspaceRule {
    pub rule: &'static Rule,
    pub check:
        fn(&crate::workspace::rules::WorkspaceCtx, &mut Vec<crate::workspace::WorkspaceDiagnostic>),
}

/// The rules that look across statements and files.
pub const WORKSPACE_RULES: &[&WorkspaceRule] = &[
    &across::already_created::WORKSPACE,
    &across::value_in_use::WORKSPACE,
    &across::sso_already_enabled::WORKSPACE,
    &across::wrong_integration_kind::WORKSPACE,
    &across::scope_not_allowed::WORKSPACE,
    &across::name_case_mismatch::WORKSPACE,
    &across::undefined_integration::WORKSPACE,
];

/// Rules that report nothing unless a setting selects them.
pub const OFF_BY_DEFAULT: &[&str] = &[across::undefined_integration::RULE.code];

/// Where a rule's docs live, for `codeDescription` and SARIF: `<base>#<code>`, with `base`
/// from the `docs-url` setting, else the `docs/rules.md` of the checkout secint was built from
/// when it is still there. `None` when neither is known: `secint explain CODE` always works.
pub fn doc_url(code: &str, base: Option<&str>) -> Option<String> {
    let base = match base {
        Some(base) => base.to_string(),
        None => built_docs()?.to_string(),
    };
    Some(format!("{base}#{code}"))
}

fn built_docs() -> Option<&'static str> {
    static DOCS: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()?
            .join("docs/rules.md");
        path.is_file().then(|| crate::cli::file_uri(&path, false))
    })
    .as_deref()
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// Whether `name` is a rule code or a group name, as settings and `--select` accept.
pub fn is_code_or_group(name: &str) -> bool {
    rule(name).is_some() || Group::parse(name).is_some()
}

pub use syntax::diagnostics as syntax_diagnostics;

/// Runs every rule on one statement. `text` is the document from the statement's chunk on (or
/// from anywhere before it: ranges are offsets into `text`). `create` is the CREATE an ALTER
/// refers to, if any, in the same offsets, or in its own file's offsets with that file's path.
pub fn check_statement(
    text: &str,
    statement: &Statement,
    create: Option<&Statement>,
    create_path: Option<&std::sync::Arc<std::path::Path>>,
) -> Vec<Diagnostic> {
    // Another file's CREATE is moved past the end of this text, so that what the rules say
    // about it can be told from what they say about this statement, then moved back.
    let far = text.len() + 1;
    let moved;
    let create = match (create, create_path) {
        (Some(c), Some(_)) => {
            let mut c = c.clone();
            c.shift(far as isize);
            moved = c;
            Some(&moved)
        }
        (c, _) => c,
    };
    let ctx = Ctx::new(text, statement, create);
    let mut out = Vec::new();
    for rule in RULES {
        if let Some(check) = rule.check {
            check(&ctx, &mut out);
        }
    }
    if let Some(path) = create_path {
        for related in out.iter_mut().flat_map(|d| d.related.iter_mut()) {
            if related.path.is_none() && related.range.start >= far {
                crate::model::shift_range(&mut related.range, -(far as isize));
                related.path = Some(path.clone());
            }
        }
    }
    out
}

/// What a rule sees: one statement with what the semantic layer resolved of it
/// ([`Subject`], which `Ctx` derefs to: `ctx.statement`, `ctx.kind()`, `ctx.variant`,
/// `ctx.effective_word(…)`), and the document's text for fixes.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub subject: Subject<'a>,
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Subject<'a>;
    fn deref(&self) -> &Subject<'a> {
        &self.subject
    }
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, statement: &'a Statement, create: Option<&'a Statement>) -> Ctx<'a> {
        Ctx {
            text,
            subject: Subject::new(statement, create),
        }
    }

    pub fn diagnostic(
        &self,
        code: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, severity, range, message)
    }

    /// A fix that deletes a parameter, its line when it stands alone there; none for the only
    /// parameter of an ALTER … SET, which needs one.
    pub fn remove_param_fix(&self, param: &Param) -> Option<Fix> {
        if self.statement.verb == Verb::Alter && self.statement.params.len() == 1 {
            return None;
        }
        Some(Fix::new(
            format!("Remove {}", param.name.upper),
            vec![Edit {
                range: removal_range(self.text, param.range()),
                new_text: String::new(),
            }],
        ))
    }

    /// A fix that adds `NAME = value` after the statement's last parameter, matching its layout.
    pub fn insert_param_fix(&self, title: impl Into<String>, assignment: &str) -> Fix {
        let (at, new_text) = insertion(self.text, self.statement, assignment);
        Fix::new(
            title,
            vec![Edit {
                range: at..at,
                new_text,
            }],
        )
    }
}

/// The limits of `spec` that hold for the statement's variant, errors first.
pub fn applicable_limits<'s>(ctx: &Ctx, spec: &'s ParameterSpec) -> Vec<&'s Limit> {
    let mut limits: Vec<&Limit> = spec
        .limits
        .iter()
        .filter(|l| {
            l.when
                .as_ref()
                .is_none_or(|w| ctx.variant.satisfies(w) == Some(true))
        })
        .collect();
    limits.sort_by_key(|l| l.severity);
    limits
}

pub fn severity_of(limit: LimitSeverity) -> Severity {
    match limit {
        LimitSeverity::Error => Severity::Error,
        LimitSeverity::Warning => Severity::Warning,
        LimitSeverity::Information => Severity::Information,
    }
}

/// `1 item`, `3 items`: a count with its unit, for messages and docs.
pub fn count(n: usize, unit: &str) -> String {
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Describes a `when` list for messages: `CUSTOM` or `OKTA or AZURE`.
pub fn one_of(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The range to delete to remove `range` from a statement cleanly: the whole line when it
/// holds nothing else, otherwise the text and the blank before it; a separating comma goes
/// with it. Never one that would join the words on either side into one.
pub fn removal_range(text: &str, range: Range<usize>) -> Range<usize> {
    let wide = widen_removal(text, range.clone());
    let separates = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || ";,()".contains(c));
    if separates(text[..wide.start].chars().next_back())
        || separates(text[wide.end..].chars().next())
    {
        wide
    } else {
        range
    }
}

fn widen_removal(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut end = range.end;
    // A comma that followed the removed part separates it from the next one.
    let mut after = end;
    while after < bytes.len() && (bytes[after] == b' ' || bytes[after] == b'\t') {
        after += 1;
    }
    let trailing_comma = after < bytes.len() && bytes[after] == b',';
    if trailing_comma {
        end = after + 1;
    }
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let alone_before = text[line_start..range.start].trim().is_empty();
    let alone_after = text[end..line_end].trim().is_empty();
    if alone_before && alone_after && line_end < text.len() {
        return line_start..line_end + 1;
    }
    let mut start = range.start;
    let joined_to = text[..line_start].trim_end();
    let last_line = &joined_to[joined_to.rfind('\n').map_or(0, |i| i + 1)..];
    // Something such as `;` follows on the line: join it to the previous line, unless that
    // line may end in a comment, which would swallow it.
    if alone_before && !trailing_comma && !ends_in_line_comment(last_line) {
        start = joined_to.len();
        return start..range.end;
    }
    if !trailing_comma {
        // The removed part was last: drop the comma that preceded it, if any.
        let before = text[..start].trim_end();
        if before.ends_with(',') && !alone_before {
            start = before.len() - 1;
        }
    }
    if trailing_comma {
        while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
            end += 1;
        }
        return start..end;
    }
    while start > 0 && (bytes[start - 1] == b' ' || bytes[start - 1] == b'\t') {
        start -= 1;
    }
    start..end
}

/// Whether `line` ends in a `--` or `//` comment (outside quotes, as far as one line tells).
fn ends_in_line_comment(line: &str) -> bool {
    crate::suppress::comment_start(line).is_some()
}

/// Where and what to insert to add `assignment` to the end of a statement's parameters.
fn insertion(text: &str, statement: &Statement, assignment: &str) -> (usize, String) {
    let anchor = statement
        .params
        .last()
        .map(|p| p.range())
        .or_else(|| statement.name.as_ref().map(|n| n.range()))
        .unwrap_or(statement.range());
    let multi_line = text[statement.range()].contains('\n');
    if multi_line {
        let indent = statement
            .params
            .last()
            .map(|p| {
                let line_start = text[..p.range().start].rfind('\n').map_or(0, |i| i + 1);
                let before = &text[line_start..p.range().start];
                if before.trim().is_empty() {
                    before.to_string()
                } else {
                    "  ".to_string()
                }
            })
            .unwrap_or_else(|| "  ".to_string());
        (anchor.end, format!("\n{indent}{assignment}"))
    } else {
        (anchor.end, format!(" {assignment}"))
    }
}

/// A value written the way the parameter's reference writes it.
pub fn spell(spec: &ParameterSpec, value: &str) -> String {
    spec.spell_value(value)
}

/// A replacement for a value that keeps the user's quoting when it had any.
pub fn respell(original: &Value, spec: &ParameterSpec, new_value: &str) -> String {
    match original.form {
        ValueForm::String(_) => format!("'{new_value}'"),
        ValueForm::Word(_) => new_value.to_string(),
        _ => spell(spec, new_value),
    }
}

/// The parameter `name` as the statement writes it, when its value is the word `word` (any
/// case, quoted or not).
pub fn written_as<'a>(ctx: &Ctx<'a>, name: &str, word: &str) -> Option<(&'a Param, &'a Value)> {
    let param = ctx.statement.param(name)?;
    let value = param.value.as_ref()?;
    value
        .scalar()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(word))
        .then_some((param, value))
}

/// An `http://` URI in a redirect parameter: the parameter, the list item, what follows the
/// scheme, and where the scheme starts in the text.
pub struct HttpRedirect<'a> {
    pub param: &'a Param,
    pub item: &'a Value,
    pub after_scheme: &'a str,
    pub scheme_at: usize,
}

/// The `http://` URIs the statement gives its redirect parameters.
pub fn http_redirects<'a>(ctx: &Ctx<'a>) -> Vec<HttpRedirect<'a>> {
    let mut found = Vec::new();
    for param in ctx
        .statement
        .params
        .iter()
        .filter(|p| ctx.spec(&p.name.upper).is_some_and(|s| s.redirect))
    {
        for item in param.value.iter().flat_map(|v| v.items()) {
            let ValueForm::String(uri) = &item.form else {
                continue;
            };
            if let Some((scheme_at, after_scheme)) = http_scheme(item, uri) {
                found.push(HttpRedirect {
                    param,
                    item,
                    after_scheme,
                    scheme_at,
                });
            }
        }
    }
    found
}

/// For a string value that is an `http://` URI (`uri` is its text without quotes): where the
/// scheme starts in the document, and what follows it.
pub fn http_scheme<'u>(value: &Value, uri: &'u str) -> Option<(usize, &'u str)> {
    let trimmed = uri.trim_start();
    trimmed
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("http://"))?;
    Some((
        value.range().start + 1 + (uri.len() - trimmed.len()),
        &trimmed[7..],
    ))
}

/// The fix that turns the `http://` starting at `scheme_at` into `https://`.
pub fn use_https(scheme_at: usize) -> Fix {
    Fix::replace("Use https://", scheme_at..scheme_at + 7, "https://")
}

/// How sure a fact about a parameter is: an error, or a warning for a parameter that only the
/// current copy of its page has (`since`), since an older copy, which lacks it, may lag behind.
pub fn page_severity(spec: &ParameterSpec) -> Severity {
    match spec.since {
        Some(_) => Severity::Warning,
        None => Severity::Error,
    }
}

/// The longest a message may be: one line in the Problems panel. Details go to related
/// information.
pub const MESSAGE_WIDTH: usize = 100;

/// Adds "did you mean" to a message while it stays one short line; the fix's title names the
/// suggestion anyway.
pub fn suggest(message: &mut String, suggestion: &str) {
    let addition = format!("; did you mean `{suggestion}`?");
    if message.chars().count() + addition.chars().count() <= MESSAGE_WIDTH {
        message.push_str(&addition);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_parameter_on_its_own_line_removes_the_line() {
        let text = "CREATE X\n  A = 1\n  B = 2;";
        let a = text.find("A = 1").unwrap();
        let r = removal_range(text, a..a + 5);
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "CREATE X\n  B = 2;"
        );
    }

    #[test]
    fn removing_a_parameter_from_a_comma_list_keeps_the_list_well_formed() {
        let text = "SET A = 1, B = 2, C = 3;";
        let cut = |needle: &str| {
            let s = text.find(needle).unwrap();
            let r = removal_range(text, s..s + needle.len());
            format!("{}{}", &text[..r.start], &text[r.end..])
        };
        assert_eq!(cut("A = 1"), "SET B = 2, C = 3;");
        assert_eq!(cut("B = 2"), "SET A = 1, C = 3;");
        assert_eq!(cut("C = 3"), "SET A = 1, B = 2;");
    }

    #[test]
    fn removing_a_parameter_never_joins_its_neighbours() {
        let text = "CREATE X\n  C = T\n  A = 'x'B = 1;";
        let a = text.find("A = 'x'").unwrap();
        let r = removal_range(text, a..a + 7);
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "CREATE X\n  C = T\n  B = 1;"
        );
    }

    #[test]
    fn a_semicolon_is_not_joined_to_a_line_comment() {
        let text = "CREATE X\n  A = 'https://x' // note\n  B = 2;";
        let b = text.find("B = 2").unwrap();
        let r = removal_range(text, b..b + 5);
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "CREATE X\n  A = 'https://x' // note\n;"
        );
    }

    #[test]
    fn typos_find_their_parameter() {
        let names = [
            "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM",
            "EXTERNAL_OAUTH_ISSUER",
        ];
        assert_eq!(
            closest("EXTERNAL_OAUTH_TOKEN_USER_MAPING_CLAIM", names),
            Some(names[0])
        );
        assert_eq!(closest("COLOUR", names), None);
    }
}

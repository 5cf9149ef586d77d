//! The catalog of integration kinds and their parameters, loaded once from the TOML files in
//! `server/catalog/` (see its README for the schema). Checker, hover and completion read it.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    #[serde(rename = "type")]
    pub type_name: String,
    pub title: String,
    pub page: String,
    #[serde(default)]
    pub alter_page: Option<String>,
    pub doc: String,
    pub checked: bool,
    /// The parameters whose values pick a variant (`EXTERNAL_OAUTH_TYPE`; `OAUTH_CLIENT` and
    /// `OAUTH_CLIENT_TYPE`): what `when` conditions may test.
    #[serde(default)]
    pub variant_parameters: Vec<String>,
    /// For kinds that share a TYPE: the values that pick this one (`{ AUTH_TYPE = ["OAUTH2"] }`).
    #[serde(default)]
    pub select: Option<When>,
    /// What `ALTER … REFRESH` accepts for this kind, each with a doc line.
    #[serde(default)]
    pub refresh: Vec<ValueSpec>,
    /// Rules over several parameters at once: all or none of them, or one complete set of
    /// several alternatives.
    #[serde(default, rename = "group")]
    pub groups: Vec<Group>,
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<ParameterSpec>,
    /// What holds across the statements of an account: uniqueness, references, functions.
    #[serde(default)]
    pub workspace: WorkspaceFacts,
    /// Upper-case name to index in `parameters`, built at load.
    #[serde(skip)]
    index: rustc_hash::FxHashMap<String, usize>,
}

/// A kind's facts that span statements and files (`[workspace]` in its catalog file).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceFacts {
    /// Parameters whose value an account allows on one integration of this kind only.
    #[serde(default)]
    pub unique: Vec<Unique>,
    /// Whether it counts toward the one enabled single sign-on integration an account may
    /// have without identifier-first login.
    #[serde(default)]
    pub single_sign_on: bool,
    /// The statements that may name an integration of this kind (`grant USE_ANY_ROLE`,
    /// `secret OAUTH2`, `external access`, `authentication policy`, `delegated
    /// authorization`, or a `SYSTEM$` function).
    #[serde(default)]
    pub referenced_by: Vec<String>,
    /// `SYSTEM$` functions whose first argument names an integration of this kind.
    #[serde(default)]
    pub functions: Vec<FunctionSpec>,
    /// The parameter listing the scopes a secret over this integration may request.
    #[serde(default)]
    pub allowed_scopes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unique {
    pub parameter: String,
    /// Only these values are unique (partner clients); every value when empty.
    #[serde(default)]
    pub values: Vec<String>,
    /// The error Snowflake returns, as `003524`.
    pub error: String,
    pub note: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSpec {
    pub name: String,
    /// The docs say the argument must be the stored name exactly (upper case for unquoted).
    #[serde(default)]
    pub exact_case: bool,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterSpec {
    pub name: String,
    pub value: ValueKind,
    #[serde(default)]
    pub quote: Quote,
    #[serde(default)]
    pub values: Vec<ValueSpec>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub defaults: Vec<VariantDefault>,
    /// Whether the editor shows the default when a CREATE leaves the parameter out: set on
    /// defaults that shape what the integration allows.
    #[serde(default)]
    pub hint_default: bool,
    /// The unit of an integer value, for hints in human units.
    #[serde(default)]
    pub unit: Option<Unit>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub required_when: Option<When>,
    #[serde(default)]
    pub applies_when: Option<When>,
    pub alter: AlterAccess,
    /// URLs that Snowflake accepts only with `https://`.
    #[serde(default)]
    pub https_only: bool,
    /// A redirect URI (or a list of them): where authorization codes are sent.
    #[serde(default)]
    pub redirect: bool,
    /// Issuer hosts whose issuer ends with `/` after the tenant (Entra ID v1 tokens).
    #[serde(default)]
    pub slash_after_tenant: Vec<String>,
    /// A public key whose page says Snowflake refuses its PEM lines (others are silent).
    #[serde(default)]
    pub pem_lines_refused: bool,
    #[serde(default)]
    pub limits: Vec<Limit>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub ignored_when: Vec<IgnoredWhen>,
    /// Wrong values seen in the wild and the value they mean, for fixes (`'AzureAD'`).
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// A property only ALTER … SET gives: CREATE gets a diagnostic of this severity.
    #[serde(default)]
    pub alter_only: Option<AlterOnly>,
    /// The listed values are case-sensitive names (built-in roles): another case is wrong.
    #[serde(default)]
    pub exact_case: bool,
    /// The form a string value must have.
    #[serde(default)]
    pub pattern: Option<Pattern>,
    /// What a Snowflake account URL given here must look like.
    #[serde(default)]
    pub url: Option<UrlShape>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    pub doc: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Enum,
    Boolean,
    String,
    StringOrList,
    RoleList,
    Uri,
    UriList,
    Integer,
    PublicKey,
    ObjectName,
    StringList,
    Certificate,
}

impl ValueKind {
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Enum => "one of the listed values",
            ValueKind::Boolean => "TRUE or FALSE",
            ValueKind::String => "a single-quoted string",
            ValueKind::StringOrList => "a string or a parenthesised list of strings",
            ValueKind::RoleList => "a parenthesised list of role names",
            ValueKind::Uri => "a single-quoted URI",
            ValueKind::UriList => "a parenthesised list of URIs",
            ValueKind::Integer => "a whole number",
            ValueKind::PublicKey => "a single-quoted Base64 RSA public key",
            ValueKind::ObjectName => "an object name",
            ValueKind::StringList => "a parenthesised list of strings",
            ValueKind::Certificate => "a single-quoted Base64 certificate on one line",
        }
    }

    pub fn is_list(self) -> bool {
        matches!(
            self,
            ValueKind::RoleList | ValueKind::UriList | ValueKind::StringList
        )
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Seconds,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Quote {
    #[default]
    Bare,
    Single,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AlterAccess {
    Set,
    SetUnset,
    None,
}

impl AlterAccess {
    pub fn can_set(self) -> bool {
        !matches!(self, AlterAccess::None)
    }
    pub fn can_unset(self) -> bool {
        matches!(self, AlterAccess::SetUnset)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    pub name: String,
    pub doc: String,
    /// The variant a listed name goes with (SCIM's built-in roles and their clients): another
    /// variant gets a warning.
    #[serde(default)]
    pub pairs_with: Option<When>,
    /// What CREATE OR REPLACE breaks when the integration has this value (a generated
    /// identity, such as a custom client's ID and secrets).
    #[serde(default)]
    pub on_replace: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantDefault {
    pub when: When,
    pub value: String,
}

/// A condition on the variant of a statement: for each parameter it names, the values that
/// satisfy it (`{ OAUTH_CLIENT = ["CUSTOM"], OAUTH_CLIENT_TYPE = ["CONFIDENTIAL"] }`). Every
/// named parameter must be a variant parameter of its kind.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
#[serde(transparent)]
pub struct When(pub BTreeMap<String, Vec<String>>);

impl When {
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// `OAUTH_CLIENT = CUSTOM and OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'`, values joined by
    /// `join_values` and written as the kind's catalog writes them.
    pub fn describe(
        &self,
        kind: &KindSpec,
        join_values: impl Fn(&[String]) -> String,
        separator: &str,
    ) -> String {
        self.0
            .iter()
            .map(|(param, values)| {
                let spelled: Vec<String> = values
                    .iter()
                    .map(|v| {
                        kind.parameter(param)
                            .map_or(v.clone(), |p| p.spell_value(v))
                    })
                    .collect();
                format!("{param} = {}", join_values(&spelled))
            })
            .collect::<Vec<_>>()
            .join(separator)
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LimitSeverity {
    Error,
    /// Snowflake's pages disagree with each other.
    Warning,
    /// Only a secondary source (such as the Terraform provider) states it.
    Information,
}

impl LimitSeverity {
    /// Whether the fact is disputed or second-hand: its diagnostics carry no automatic fix.
    pub fn disputed(self) -> bool {
        self != LimitSeverity::Error
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    #[serde(default)]
    pub when: Option<When>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub max_items: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub forbidden_items: Vec<String>,
    /// List items that must be present (any case).
    #[serde(default)]
    pub required_items: Vec<String>,
    /// The fewest items a list may hold.
    #[serde(default)]
    pub min_items: Option<usize>,
    pub severity: LimitSeverity,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub with: String,
    #[serde(default)]
    pub value: Option<String>,
    pub severity: LimitSeverity,
    /// Only when both are in the same statement (an ALTER may switch from one to the other).
    #[serde(default)]
    pub same_statement: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub from: String,
    pub to: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlterOnly {
    pub severity: LimitSeverity,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// A regular expression the whole value must match.
    pub regex: String,
    /// The form in words, for messages.
    pub form: String,
    pub severity: LimitSeverity,
    /// `regex`, compiled on first use.
    #[serde(skip)]
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// Whether a value has the form; a pattern that does not compile (the catalog test
    /// rejects those) accepts everything.
    pub fn matches(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(&self.regex).ok())
            .as_ref()
            .is_none_or(|r| r.is_match(value))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlShape {
    /// `_` or upper case in the host: identity providers such as Okta refuse them.
    #[serde(default)]
    pub lower_case: Option<LimitSeverity>,
    /// The path the URL must end in.
    #[serde(default)]
    pub suffix: Option<String>,
    /// A parameter whose URL must have the same host.
    #[serde(default)]
    pub same_host_as: Option<String>,
}

/// A rule over several parameters of a CREATE.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Give all of these or none.
    #[serde(default)]
    pub all_or_none: Vec<String>,
    /// Give every parameter of one of these sets.
    #[serde(default)]
    pub one_of: Vec<Vec<String>>,
    pub severity: LimitSeverity,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoredWhen {
    pub param: String,
    pub value: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl ParameterSpec {
    pub fn page<'a>(&'a self, kind: &'a KindSpec) -> &'a str {
        self.page.as_deref().unwrap_or(&kind.page)
    }

    pub fn value(&self, name: &str) -> Option<&ValueSpec> {
        self.values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
    }

    /// The alias a wrong value is known by, if any.
    pub fn alias(&self, name: &str) -> Option<&Alias> {
        self.aliases
            .iter()
            .find(|a| a.from.eq_ignore_ascii_case(name.trim()))
    }

    /// The default for this variant, if the catalog names one.
    pub fn default_for(&self, variant: &Variant) -> Option<&str> {
        self.defaults
            .iter()
            .find(|d| variant.satisfies(&d.when) == Some(true))
            .map(|d| d.value.as_str())
            .or(self.default.as_deref())
    }

    /// How the reference writes a value of this parameter.
    pub fn spell_value(&self, value: &str) -> String {
        match self.quote {
            Quote::Single => format!("'{value}'"),
            Quote::Bare => value.to_string(),
        }
    }
}

/// The values a statement gives its kind's variant parameters, upper-cased; a parameter the
/// statement leaves out (or gives a placeholder or an unknown value) is absent.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Variant(BTreeMap<String, String>);

impl Variant {
    pub fn set(&mut self, parameter: &str, value: String) {
        self.0.insert(parameter.to_ascii_uppercase(), value);
    }

    pub fn get(&self, parameter: &str) -> Option<&str> {
        self.0.get(parameter).map(String::as_str)
    }

    /// `Some(true)` when the condition holds, `Some(false)` when it does not, `None` when the
    /// statement leaves a value the condition needs unknown.
    pub fn satisfies(&self, when: &When) -> Option<bool> {
        let mut result = Some(true);
        for (param, allowed) in &when.0 {
            match self.0.get(param) {
                None => result = result.and(None),
                Some(v) if !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)) => {
                    return Some(false)
                }
                Some(_) => {}
            }
        }
        result
    }

    /// `EXTERNAL_OAUTH_TYPE = OKTA`-style text for messages, limited to the parameters `only`
    /// looks at (all of them without `only`).
    pub fn describe(&self, kind: &KindSpec, only: Option<&When>) -> String {
        kind.variant_parameters
            .iter()
            .filter(|p| only.is_none_or(|w| w.0.contains_key(p.as_str())))
            .filter_map(|p| {
                let value = self.0.get(p)?;
                let spelled = kind
                    .parameter(p)
                    .map_or(value.clone(), |s| s.spell_value(value));
                Some(format!("{p} = {spelled}"))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub struct Catalog {
    pub kinds: Vec<KindSpec>,
}

#[derive(Deserialize)]
struct OtherKinds {
    kind: Vec<KindSpec>,
}

include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// A problem in a catalog file, naming the file.
#[derive(Debug)]
pub struct CatalogError {
    pub file: &'static str,
    pub error: toml::de::Error,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "catalog/{}: {}", self.file, self.error)
    }
}

impl Catalog {
    /// The catalog embedded in the binary, parsed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| match Catalog::parse(CATALOG_FILES) {
            Ok(catalog) => catalog,
            Err(e) => panic!("embedded catalog is invalid: {e}"),
        })
    }

    /// Reads catalog files: one kind per file (a top-level `type`), or several as `[[kind]]`
    /// tables; files with neither (the statement templates) are not kinds.
    pub fn parse(files: &[(&'static str, &str)]) -> Result<Catalog, CatalogError> {
        let mut kinds: Vec<KindSpec> = Vec::new();
        for (file, text) in files {
            let error = |error| CatalogError { file, error };
            let table: toml::Table = toml::from_str(text).map_err(error)?;
            if table.contains_key("type") {
                kinds.push(toml::from_str(text).map_err(error)?);
            } else if table.contains_key("kind") {
                kinds.extend(toml::from_str::<OtherKinds>(text).map_err(error)?.kind);
            }
        }
        // One order whatever the file names: by TYPE, as completion and messages list them.
        kinds.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        for kind in &mut kinds {
            kind.index = kind
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.to_ascii_uppercase(), i))
                .collect();
        }
        Ok(Catalog { kinds })
    }

    /// The kind a TYPE names, when only one kind has that TYPE.
    pub fn kind(&self, type_name: &str) -> Option<&KindSpec> {
        let mut kinds = self.kinds_of_type(type_name);
        let first = kinds.next()?;
        kinds.next().is_none().then_some(first)
    }

    /// Every kind with this TYPE (`API_AUTHENTICATION` has one per `AUTH_TYPE`).
    pub fn kinds_of_type<'c, 't>(
        &'c self,
        type_name: &'t str,
    ) -> impl Iterator<Item = &'c KindSpec> + use<'c, 't> {
        self.kinds
            .iter()
            .filter(move |k| k.type_name.eq_ignore_ascii_case(type_name))
    }

    /// Whether a TYPE value is known at all.
    pub fn is_type(&self, type_name: &str) -> bool {
        self.kinds_of_type(type_name).next().is_some()
    }

    /// The TYPE values, each once, in catalog order.
    pub fn type_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for kind in &self.kinds {
            if !names.contains(&kind.type_name.as_str()) {
                names.push(&kind.type_name);
            }
        }
        names
    }

    /// The kind of a statement with this TYPE: the only one, or the one whose `select` the
    /// statement's values satisfy (`word` gives a parameter's upper-cased value). `None` when
    /// that cannot be told yet.
    pub fn select_kind(
        &self,
        type_name: &str,
        word: impl Fn(&str) -> Option<String>,
    ) -> Option<&KindSpec> {
        let kinds: Vec<&KindSpec> = self.kinds_of_type(type_name).collect();
        if let [only] = kinds.as_slice() {
            return Some(only);
        }
        let mut chosen = kinds.into_iter().filter(|k| {
            k.select.as_ref().is_some_and(|select| {
                select.0.iter().all(|(param, values)| {
                    word(param).is_some_and(|w| values.iter().any(|v| v.eq_ignore_ascii_case(&w)))
                })
            })
        });
        let first = chosen.next()?;
        chosen.next().is_none().then_some(first)
    }

    /// The kind whose `select` names this value (`AWS_IAM`), when only one does.
    pub fn kind_selected_by(&self, value: &str) -> Option<&KindSpec> {
        let mut kinds = self.kinds.iter().filter(|k| {
            k.select.as_ref().is_some_and(|s| {
                s.0.values()
                    .flatten()
                    .any(|v| v.eq_ignore_ascii_case(value))
            })
        });
        let first = kinds.next()?;
        kinds.next().is_none().then_some(first)
    }

    pub fn checked_kinds(&self) -> impl Iterator<Item = &KindSpec> {
        self.kinds.iter().filter(|k| k.checked)
    }

    /// Every definition of a parameter name across the checked kinds.
    pub fn definitions<'c, 'n>(
        &'c self,
        name: &'n str,
    ) -> impl Iterator<Item = (&'c KindSpec, &'c ParameterSpec)> + use<'c, 'n> {
        self.checked_kinds()
            .filter_map(move |k| k.parameter(name).map(|p| (k, p)))
    }
}

impl KindSpec {
    /// Whether `ALTER … REFRESH <target>` is accepted.
    pub fn refreshes(&self, target: &str) -> bool {
        self.refresh
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(target))
    }

    pub fn parameter(&self, name: &str) -> Option<&ParameterSpec> {
        let found = match self.index.get(name) {
            Some(&i) => Some(i),
            None if name.bytes().any(|b| b.is_ascii_lowercase()) => {
                self.index.get(&name.to_ascii_uppercase()).copied()
            }
            None => None,
        };
        found.map(|i| &self.parameters[i])
    }
}

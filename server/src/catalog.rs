//! The catalog of integration kinds and their parameters, loaded once from the TOML files in
//! `server/catalog/` (see its README for the schema). Checker, hover and completion read it.

use serde::Deserialize;
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
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<ParameterSpec>,
    /// Upper-case name to index in `parameters`, built at load.
    #[serde(skip)]
    index: rustc_hash::FxHashMap<String, usize>,
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
    #[serde(default)]
    pub limits: Vec<Limit>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub ignored_when: Vec<IgnoredWhen>,
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
        }
    }

    pub fn is_list(self) -> bool {
        matches!(self, ValueKind::RoleList | ValueKind::UriList)
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantDefault {
    pub when: When,
    pub value: String,
}

/// A condition on the variant of a statement: which IdP, client and client type it names.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct When {
    #[serde(default)]
    pub idp: Vec<String>,
    #[serde(default)]
    pub client: Vec<String>,
    #[serde(default)]
    pub client_type: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LimitSeverity {
    Error,
    Warning,
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

/// The IdP, client and client type a statement names, upper-cased; `None` where the statement
/// does not say (or says it with a placeholder).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    pub idp: Option<String>,
    pub client: Option<String>,
    pub client_type: Option<String>,
}

impl Variant {
    /// `Some(true)` when the condition holds, `Some(false)` when it does not, `None` when the
    /// statement leaves a value the condition needs unknown.
    pub fn satisfies(&self, when: &When) -> Option<bool> {
        let mut result = Some(true);
        for (allowed, actual) in [
            (&when.idp, &self.idp),
            (&when.client, &self.client),
            (&when.client_type, &self.client_type),
        ] {
            if allowed.is_empty() {
                continue;
            }
            match actual {
                None => result = result.and(None),
                Some(v) if !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)) => {
                    return Some(false)
                }
                Some(_) => {}
            }
        }
        result
    }
}

/// Parameter names that pick the variant of an integration.
pub const IDP_PARAMETER: &str = "EXTERNAL_OAUTH_TYPE";
pub const CLIENT_PARAMETER: &str = "OAUTH_CLIENT";
pub const CLIENT_TYPE_PARAMETER: &str = "OAUTH_CLIENT_TYPE";

pub struct Catalog {
    pub kinds: Vec<KindSpec>,
}

#[derive(Deserialize)]
struct OtherKinds {
    kind: Vec<KindSpec>,
}

const EXTERNAL_OAUTH: &str = include_str!("../catalog/external_oauth.toml");
const SNOWFLAKE_OAUTH: &str = include_str!("../catalog/snowflake_oauth.toml");
const OTHER_TYPES: &str = include_str!("../catalog/other_types.toml");

impl Catalog {
    /// The catalog embedded in the binary, parsed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::parse().expect("embedded catalog is valid"))
    }

    fn parse() -> Result<Catalog, toml::de::Error> {
        let mut kinds: Vec<KindSpec> = vec![
            toml::from_str(EXTERNAL_OAUTH)?,
            toml::from_str(SNOWFLAKE_OAUTH)?,
        ];
        kinds.extend(toml::from_str::<OtherKinds>(OTHER_TYPES)?.kind);
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

    pub fn kind(&self, type_name: &str) -> Option<&KindSpec> {
        self.kinds
            .iter()
            .find(|k| k.type_name.eq_ignore_ascii_case(type_name))
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

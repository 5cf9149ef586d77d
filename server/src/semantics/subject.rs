//! One statement resolved: its kind (from TYPE, the parameters that tell kinds of one TYPE
//! apart, or what an ALTER's parameters imply), its variant, and each parameter as the
//! statement leaves it (an ALTER's own SET, else its CREATE's). Rules see it through
//! [`crate::rules::Ctx`]; hover, completion and the workspace ask it directly.

use crate::catalog::{Catalog, KindSpec, ParameterSpec, Variant};
use crate::model::{Param, Statement, Verb};
use crate::text::closest;

/// What the integration's TYPE says.
#[derive(Debug, Clone, Copy)]
pub enum TypeState {
    /// A kind secint checks.
    Checked(&'static KindSpec),
    /// A recognised kind secint leaves alone (SAML2, SCIM, …), or not a security integration.
    Unchecked,
    /// Not written, written as a placeholder, or not a known type.
    Unknown,
}

/// A statement and what it resolves to.
pub struct Subject<'a> {
    pub statement: &'a Statement,
    pub catalog: &'static Catalog,
    pub type_state: TypeState,
    pub variant: Variant,
    /// For ALTER and DROP: the CREATE of the same integration (in this file or another); for
    /// CREATE: an earlier CREATE of the same name.
    pub create: Option<&'a Statement>,
}

impl<'a> Subject<'a> {
    pub fn new(statement: &'a Statement, create: Option<&'a Statement>) -> Subject<'a> {
        let mut subject = Subject {
            statement,
            catalog: Catalog::get(),
            type_state: TypeState::Unknown,
            variant: Variant::default(),
            create,
        };
        subject.type_state = subject.resolve_type();
        if let Some(kind) = subject.kind() {
            for parameter in &kind.variant_parameters {
                if let Some(value) = subject.variant_word(parameter) {
                    subject.variant.set(parameter, value);
                } else if let Some(default) = subject.variant_default(kind, parameter) {
                    // A CREATE that leaves out a variant parameter gets its default
                    // (OIDC_PROVIDER = 'CUSTOM').
                    subject.variant.set(parameter, default);
                }
            }
        }
        subject
    }

    fn resolve_type(&self) -> TypeState {
        if !self.statement.is_security() {
            return TypeState::Unchecked;
        }
        match self.effective("TYPE").and_then(|p| p.value.as_ref()) {
            Some(value) if !value.is_placeholder() => match value.scalar() {
                // `ALTER … SET TYPE = AWS_IAM`, as the AWS IAM ALTER page writes it.
                Some(word) if self.statement.verb == Verb::Alter && !self.catalog.is_type(word) => {
                    match self.catalog.kind_selected_by(word.trim()) {
                        Some(kind) if kind.checked => TypeState::Checked(kind),
                        _ => self.type_of_word(word),
                    }
                }
                Some(word) => self.type_of_word(word),
                None => TypeState::Unknown,
            },
            Some(_) => TypeState::Unknown,
            None if self.statement.verb == Verb::Alter => self.infer_alter_type(),
            None => TypeState::Unknown,
        }
    }

    /// The kind a TYPE word names. A misspelt TYPE is reported by `invalid-value`; the rest is
    /// checked as the type it most likely means, so that fixing it brings no new errors.
    fn type_of_word(&self, word: &str) -> TypeState {
        let type_name = match self.catalog.is_type(word) {
            true => Some(word.to_string()),
            false => self.closest_type(word),
        };
        // Kinds that share a TYPE are told apart by their `select` parameters.
        let kind = type_name.as_deref().and_then(|t| {
            self.catalog.select_kind(t, |param| {
                self.effective_word(param)
                    .map(|w| self.closest_select_value(t, param, w))
            })
        });
        match kind {
            Some(kind) if kind.checked => TypeState::Checked(kind),
            Some(_) => TypeState::Unchecked,
            None => TypeState::Unknown,
        }
    }

    /// A misspelt value of a parameter that tells kinds of one TYPE apart (`AUTH_TYPE =
    /// AWS_IAM_ROLE`) picks the kind it most likely means; `invalid-value` reports the typo.
    fn closest_select_value(&self, type_name: &str, param: &str, word: String) -> String {
        let values: Vec<&str> = self
            .catalog
            .kinds_of_type(type_name)
            .filter_map(|k| k.select.as_ref()?.0.get(param))
            .flatten()
            .map(String::as_str)
            .collect();
        if values.iter().any(|v| v.eq_ignore_ascii_case(&word)) {
            return word;
        }
        closest(&word, values).map_or(word, str::to_string)
    }

    /// The default of a variant parameter a CREATE leaves out, upper-cased and unquoted.
    fn variant_default(&self, kind: &KindSpec, parameter: &str) -> Option<String> {
        if self.statement.verb != Verb::Create || self.statement.param(parameter).is_some() {
            return None;
        }
        let default = kind.parameter(parameter)?.default.as_deref()?;
        Some(default.trim_matches('\'').to_ascii_uppercase())
    }

    fn closest_type(&self, word: &str) -> Option<String> {
        closest(word, self.catalog.type_names()).map(str::to_string)
    }

    /// An ALTER without TYPE or CREATE: the kind its parameters imply, when they name one.
    fn infer_alter_type(&self) -> TypeState {
        let names = self
            .statement
            .params
            .iter()
            .map(|p| &*p.name.upper)
            .chain(self.statement.unset().iter().map(|n| &*n.upper));
        let mut found: Option<&'static KindSpec> = None;
        for name in names {
            let kinds: Vec<&'static KindSpec> =
                self.catalog.definitions(name).map(|(k, _)| k).collect();
            if let [kind] = kinds.as_slice() {
                match found {
                    Some(f) if !std::ptr::eq(f, *kind) => return TypeState::Unknown,
                    _ => found = Some(kind),
                }
            }
        }
        found.map_or(TypeState::Unknown, TypeState::Checked)
    }

    /// The integration's name for messages: `` `okta_sso` ``, or "the integration".
    pub fn named(&self) -> String {
        self.statement
            .name
            .as_ref()
            .map_or("the integration".to_string(), |n| format!("`{}`", n.text))
    }

    pub fn kind(&self) -> Option<&'static KindSpec> {
        match self.type_state {
            TypeState::Checked(kind) => Some(kind),
            _ => None,
        }
    }

    /// Whether OAuth rules may run: the statement is a security integration whose TYPE is
    /// not a kind secint leaves alone.
    pub fn is_checked(&self) -> bool {
        !matches!(self.type_state, TypeState::Unchecked)
    }

    /// The parameter as this statement leaves it: for ALTER, its own SET, else the CREATE's.
    pub fn effective(&self, upper_name: &str) -> Option<&'a Param> {
        self.statement.param(upper_name).or_else(|| {
            self.create
                .filter(|_| matches!(self.statement.verb, Verb::Alter | Verb::Drop))
                .and_then(|c| c.param(upper_name))
        })
    }

    /// An effective scalar value, upper-cased; `None` when absent or a placeholder.
    pub fn effective_word(&self, upper_name: &str) -> Option<String> {
        let value = self.effective(upper_name)?.value.as_ref()?;
        if value.is_placeholder() {
            return None;
        }
        value.scalar().map(|s| s.trim().to_ascii_uppercase())
    }

    /// The value of a parameter that picks the variant. One the catalog does not know (a typo
    /// that `invalid-value` reports) leaves the variant unknown rather than judged by the typo.
    fn variant_word(&self, upper_name: &str) -> Option<String> {
        let word = self.effective_word(upper_name)?;
        match self.spec(upper_name) {
            Some(spec) if !spec.values.is_empty() && spec.value(&word).is_none() => None,
            _ => Some(word),
        }
    }

    pub fn spec(&self, upper_name: &str) -> Option<&'static ParameterSpec> {
        self.kind()?.parameter(upper_name)
    }

    /// Parameters with their catalog entry, for the statement's kind.
    pub fn known_params(&self) -> impl Iterator<Item = (&'a Param, &'static ParameterSpec)> + '_ {
        self.statement
            .params
            .iter()
            .filter_map(|p| self.spec(&p.name.upper).map(|s| (p, s)))
    }

    /// "EXTERNAL_OAUTH_TYPE = OKTA"-style description of the variant, for messages.
    pub fn describe_variant(&self) -> String {
        self.describe_variant_for(None)
    }

    /// The variant, limited to what `when` looks at (all of it without `when`).
    pub fn describe_variant_for(&self, when: Option<&crate::catalog::When>) -> String {
        self.kind()
            .map(|kind| self.variant.describe(kind, when))
            .unwrap_or_default()
    }
}

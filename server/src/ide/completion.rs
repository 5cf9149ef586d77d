//! Completion: statement templates, parameter names and values, aware of the TYPE, IdP and
//! client the statement already names.

use super::tokens::{tokenize, Token, TokenKind};
use super::{parameter_markdown, value_markdown};
use crate::catalog::{Catalog, KindSpec, LimitSeverity, ParameterSpec, ValueKind, Variant};
use crate::model::{Statement, Verb};
use crate::semantics::Outside;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Template,
    Keyword,
    Parameter,
    Value,
    Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    pub insert_text: String,
    pub is_snippet: bool,
    /// The text the item replaces (the partial word under the cursor).
    pub replace: Range<usize>,
    pub sort_text: String,
    pub filter_text: Option<String>,
    pub preselect: bool,
}

#[derive(Deserialize)]
struct Templates {
    template: Vec<Template>,
}

#[derive(Deserialize)]
pub struct Template {
    pub label: String,
    pub detail: String,
    pub page: String,
    pub body: String,
}

pub fn templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        toml::from_str::<Templates>(include_str!("../../catalog/templates.toml"))
            .expect("embedded templates are valid")
            .template
    })
}

/// What completion needs to know about the document.
pub struct CompletionInput<'a> {
    pub text: &'a str,
    /// The statement around the cursor: from after the previous `;` to after the next.
    pub statement: Range<usize>,
    pub offset: usize,
    /// The document's integration statements (for the CREATE an ALTER changes).
    pub statements: &'a [Statement],
    /// Role names used in the workspace's open documents (asked only inside role lists).
    pub roles: &'a dyn Fn() -> Vec<String>,
}

pub fn complete(input: &CompletionInput) -> Vec<CompletionItem> {
    complete_with(input, &crate::semantics::Alone)
}

/// [`complete`], with the CREATEs of other files for an ALTER.
pub fn complete_with(input: &CompletionInput, outside: &dyn Outside) -> Vec<CompletionItem> {
    let text = input.text;
    let offset = crate::text::floor_char_boundary(text, input.offset);
    let bounds = input.statement.start.min(offset)..input.statement.end.max(offset).min(text.len());
    let mut tokens = tokenize(text, bounds.start..offset);
    // The token under the cursor is being typed: it is replaced, not read.
    let partial = match tokens.last() {
        Some(t)
            if t.range.end == offset
                && matches!(
                    t.kind,
                    TokenKind::Word
                        | TokenKind::OpenString
                        | TokenKind::Number
                        | TokenKind::Placeholder
                ) =>
        {
            tokens.pop()
        }
        _ => None,
    };
    let replace = partial.as_ref().map_or(offset..offset, |t| t.range.clone());
    let typed_quote = partial
        .as_ref()
        .is_some_and(|t| t.kind == TokenKind::OpenString);
    if tokens.is_empty() {
        return statement_starts(replace);
    }
    let whole = tokenize(text, bounds.start..statement_end(text, &bounds, offset));
    let head = match parse_head(text, &tokens) {
        Some(head) => head,
        None => return Vec::new(),
    };
    let facts = StatementFacts::read(text, &whole, input, &head, outside);
    let Some(kind) = facts.kind else {
        // Without a TYPE only TYPE itself can be offered with confidence.
        return match context(text, &tokens, &head) {
            Context::Value(name) if name == "TYPE" => type_values(replace),
            // A TYPE with several kinds: the parameter that picks one (`AUTH_TYPE`).
            Context::Value(name) => match selector_spec(facts.type_name.as_deref(), &name) {
                Some((kind, spec)) => values(spec, kind, &facts.variant, replace, typed_quote),
                None => Vec::new(),
            },
            Context::ParameterName
                if head.verb == Verb::Create && !facts.used.contains_key("TYPE") =>
            {
                vec![type_parameter_item(replace)]
            }
            // An ALTER whose CREATE is elsewhere: what any kind can REFRESH.
            Context::Refresh => Catalog::get()
                .checked_kinds()
                .flat_map(|k| &k.refresh)
                .map(|r| keyword_item(&r.name, &r.doc, replace.clone()))
                .collect(),
            _ => Vec::new(),
        };
    };
    match context(text, &tokens, &head) {
        Context::Value(name) if name == "TYPE" => type_values(replace),
        Context::Value(name) => match kind.parameter(&name) {
            Some(spec) => values(spec, kind, &facts.variant, replace, typed_quote),
            None => Vec::new(),
        },
        Context::ListItem(name) => match kind.parameter(&name) {
            Some(spec) if spec.value == ValueKind::RoleList => {
                roles(&(input.roles)(), replace, typed_quote)
            }
            _ => Vec::new(),
        },
        Context::ParameterName => parameters(kind, &facts, &head, replace),
        Context::Unset => kind
            .parameters
            .iter()
            .filter(|p| p.alter.can_unset())
            .map(|p| {
                parameter_item(
                    kind,
                    p,
                    &facts.variant,
                    replace.clone(),
                    false,
                    p.name.clone(),
                )
            })
            .collect(),
        Context::Refresh => kind
            .refresh
            .iter()
            .map(|r| keyword_item(&r.name, &r.doc, replace.clone()))
            .collect(),
        Context::None => Vec::new(),
    }
}

/// The spec of a parameter that tells the kinds of a TYPE apart, from the first of them.
fn selector_spec(
    type_name: Option<&str>,
    name: &str,
) -> Option<(&'static KindSpec, &'static ParameterSpec)> {
    Catalog::get()
        .kinds_of_type(type_name?)
        .filter(|k| k.select.as_ref().is_some_and(|s| s.0.contains_key(name)))
        .find_map(|k| k.parameter(name).map(|p| (k, p)))
}

fn statement_end(text: &str, bounds: &Range<usize>, offset: usize) -> usize {
    bounds.end.max(offset).min(text.len())
}

/// The statement's opening words.
struct Head {
    verb: Verb,
    /// The integration's name as written, when the head is complete.
    name: Option<String>,
    /// Index of the first token after the head (after SET for ALTER).
    body_start: usize,
    action: Option<String>,
}

fn parse_head(text: &str, tokens: &[Token]) -> Option<Head> {
    let words: Vec<String> = tokens
        .iter()
        .map(|t| t.text(text).to_ascii_uppercase())
        .collect();
    let verb = match words.first()?.as_str() {
        "CREATE" => Verb::Create,
        "ALTER" => Verb::Alter,
        _ => return None,
    };
    let mut i = 1;
    let skip = |i: &mut usize, seq: &[&str]| {
        if words.len() >= *i + seq.len() && seq.iter().enumerate().all(|(k, w)| words[*i + k] == *w)
        {
            *i += seq.len();
        }
    };
    skip(&mut i, &["OR", "REPLACE"]);
    skip(&mut i, &["SECURITY"]);
    if words.get(i).map(String::as_str) != Some("INTEGRATION") {
        return None;
    }
    i += 1;
    skip(&mut i, &["IF", "NOT", "EXISTS"]);
    skip(&mut i, &["IF", "EXISTS"]);
    let name = tokens.get(i).map(|t| t.text(text).to_string())?;
    i += 1;
    let mut action = None;
    if verb == Verb::Alter {
        action = Some(words.get(i)?.clone());
        i += 1;
    }
    Some(Head {
        verb,
        name: Some(name),
        body_start: i,
        action,
    })
}

enum Context {
    ParameterName,
    Value(String),
    ListItem(String),
    Unset,
    Refresh,
    None,
}

fn context(text: &str, tokens: &[Token], head: &Head) -> Context {
    match head.action.as_deref() {
        Some("UNSET") => return Context::Unset,
        Some("REFRESH") => return Context::Refresh,
        Some("SET") | None => {}
        Some(_) => return Context::None,
    }
    let body = &tokens[head.body_start.min(tokens.len())..];
    // Walk the `NAME = value` groups to see what the cursor follows.
    enum State<'t> {
        Name,
        AfterName(&'t Token),
        Value(&'t Token),
        List(&'t Token, usize),
    }
    let mut state = State::Name;
    for t in body {
        state = match state {
            State::Name if t.kind == TokenKind::Word => State::AfterName(t),
            State::Name => State::Name,
            State::AfterName(name) if t.is(text, "=") => State::Value(name),
            State::AfterName(_) => State::Name,
            State::Value(name) if t.is(text, "(") => State::List(name, 1),
            State::Value(_) => State::Name,
            State::List(name, depth) if t.is(text, "(") => State::List(name, depth + 1),
            State::List(_, 1) if t.is(text, ")") => State::Name,
            State::List(name, depth) if t.is(text, ")") => State::List(name, depth - 1),
            State::List(name, depth) => State::List(name, depth),
        };
    }
    match state {
        State::Name => Context::ParameterName,
        State::AfterName(_) => Context::None,
        State::Value(name) => Context::Value(name.text(text).to_ascii_uppercase()),
        State::List(name, _) => Context::ListItem(name.text(text).to_ascii_uppercase()),
    }
}

/// What the statement says about its integration, from all of its tokens (before and after
/// the cursor) and, for ALTER, from the CREATE of the same name.
struct StatementFacts {
    kind: Option<&'static KindSpec>,
    /// The TYPE as written, upper-cased: it may name several kinds.
    type_name: Option<String>,
    variant: Variant,
    /// Parameters already given, upper-cased, with their (unquoted, upper-cased) values.
    used: HashMap<String, String>,
}

impl StatementFacts {
    fn read(
        text: &str,
        tokens: &[Token],
        input: &CompletionInput,
        head: &Head,
        outside: &dyn Outside,
    ) -> StatementFacts {
        let mut used = HashMap::new();
        for w in tokens.windows(3) {
            if w[0].kind == TokenKind::Word && w[1].is(text, "=") {
                let value = w[2].text(text).trim_matches('\'').to_ascii_uppercase();
                used.entry(w[0].text(text).to_ascii_uppercase())
                    .or_insert(value);
            }
        }
        // A name typed before `=` exists yet has no value.
        let mut given = used.clone();
        if head.verb == Verb::Alter {
            let create = head.name.as_ref().and_then(|name| {
                let key = crate::model::name_key(name, name.starts_with('"'));
                let statements = input.statements;
                let index = statements.partition_point(|s| s.range().start < input.statement.start);
                crate::semantics::definition_named(statements, Verb::Alter, index, &key, outside)
                    .map(|d| d.statement(statements))
            });
            if let Some(create) = create {
                for p in &create.params {
                    if let Some(v) = p.value.as_ref().and_then(|v| v.scalar()) {
                        given
                            .entry(p.name.upper.to_string())
                            .or_insert(v.to_ascii_uppercase());
                    }
                }
            }
        }
        let catalog = Catalog::get();
        let kind = given
            .get("TYPE")
            .and_then(|t| catalog.select_kind(t, |param| given.get(param).cloned()))
            .filter(|k| k.checked)
            .or_else(|| {
                // An ALTER or a CREATE without TYPE yet: the kind its parameters imply.
                let mut kinds = given.keys().filter_map(|name| {
                    let defs: Vec<_> = catalog.definitions(name).collect();
                    (defs.len() == 1).then(|| defs[0].0)
                });
                let first = kinds.next()?;
                kinds.all(|k| std::ptr::eq(k, first)).then_some(first)
            });
        let mut variant = Variant::default();
        for parameter in kind.iter().flat_map(|k| &k.variant_parameters) {
            if let Some(value) = given.get(parameter.as_str()) {
                variant.set(parameter, value.clone());
            }
        }
        let type_name = given.get("TYPE").cloned();
        StatementFacts {
            kind,
            type_name,
            variant,
            used,
        }
    }
}

fn statement_starts(replace: Range<usize>) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = templates()
        .iter()
        .enumerate()
        .map(|(i, t)| CompletionItem {
            label: t.label.clone(),
            kind: CompletionKind::Template,
            detail: Some(t.detail.clone()),
            documentation: Some(format!(
                "```sql\n{}\n```\n\n[Snowflake docs]({})",
                strip_snippet(&t.body),
                t.page
            )),
            insert_text: t.body.clone(),
            is_snippet: true,
            replace: replace.clone(),
            sort_text: format!("0{i:02}"),
            filter_text: Some(format!("CREATE SECURITY INTEGRATION {}", t.label)),
            preselect: false,
        })
        .collect();
    for (word, detail) in [
        ("ALTER SECURITY INTEGRATION", "change an integration"),
        (
            "DESCRIBE SECURITY INTEGRATION",
            "show an integration's properties",
        ),
        ("SHOW SECURITY INTEGRATIONS", "list security integrations"),
        ("DROP SECURITY INTEGRATION", "remove an integration"),
    ] {
        let mut item = keyword_item(word, detail, replace.clone());
        item.sort_text = format!("1{word}");
        items.push(item);
    }
    items
}

/// A snippet's text with tab stops replaced by their defaults.
pub fn strip_snippet(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            let spec = &inner[..end];
            let value = match spec.split_once(':') {
                Some((_, default)) => default.to_string(),
                None => match spec.split_once('|') {
                    Some((_, choices)) => choices.split(',').next().unwrap_or("").to_string(),
                    None => String::new(),
                },
            };
            out.push_str(&value);
            rest = &inner[(end + 1).min(inner.len())..];
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

fn keyword_item(word: &str, detail: &str, replace: Range<usize>) -> CompletionItem {
    CompletionItem {
        label: word.to_string(),
        kind: CompletionKind::Keyword,
        detail: Some(detail.to_string()),
        documentation: None,
        insert_text: word.to_string(),
        is_snippet: false,
        replace,
        sort_text: word.to_string(),
        filter_text: None,
        preselect: false,
    }
}

fn type_parameter_item(replace: Range<usize>) -> CompletionItem {
    let mut item = keyword_item("TYPE", "the kind of integration", replace);
    item.kind = CompletionKind::Parameter;
    item.insert_text = "TYPE = ".to_string();
    item.sort_text = "0TYPE".to_string();
    item
}

/// Each TYPE once; a TYPE with several kinds (`API_AUTHENTICATION`) names and documents each.
fn type_values(replace: Range<usize>) -> Vec<CompletionItem> {
    let catalog = Catalog::get();
    catalog
        .type_names()
        .into_iter()
        .map(|type_name| {
            let kinds: Vec<&KindSpec> = catalog.kinds_of_type(type_name).collect();
            let titles: Vec<&str> = kinds.iter().map(|k| k.title.as_str()).collect();
            let documentation = kinds
                .iter()
                .map(|k| format!("{}\n\n[Snowflake docs]({})", k.doc.trim(), k.page))
                .collect::<Vec<_>>()
                .join("\n\n---\n\n");
            let checked = kinds.iter().any(|k| k.checked);
            CompletionItem {
                label: type_name.to_string(),
                kind: CompletionKind::Value,
                detail: Some(titles.join(" / ")),
                documentation: Some(documentation),
                insert_text: type_name.to_string(),
                is_snippet: false,
                replace: replace.clone(),
                sort_text: format!("{}{}", if checked { 0 } else { 1 }, type_name),
                filter_text: None,
                preselect: false,
            }
        })
        .collect()
}

fn values(
    spec: &'static ParameterSpec,
    kind: &KindSpec,
    variant: &Variant,
    replace: Range<usize>,
    typed_quote: bool,
) -> Vec<CompletionItem> {
    let default = spec
        .default_for(variant)
        .map(|d| d.trim_matches('\'').to_ascii_uppercase());
    spec.values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let written = spec.spell_value(&value.name);
            let insert = if typed_quote && !written.starts_with('\'') {
                format!("'{written}'")
            } else {
                written.clone()
            };
            let is_default = default.as_deref() == Some(&value.name.to_ascii_uppercase());
            CompletionItem {
                label: written.clone(),
                kind: CompletionKind::Value,
                detail: Some(if is_default {
                    "default".to_string()
                } else {
                    spec.name.clone()
                }),
                documentation: Some(value_markdown(kind, spec, &value.name)),
                insert_text: insert.clone(),
                is_snippet: false,
                replace: replace.clone(),
                sort_text: format!("{i:02}"),
                filter_text: Some(if typed_quote {
                    insert
                } else {
                    value.name.clone()
                }),
                preselect: is_default,
            }
        })
        .collect()
}

fn roles(roles: &[String], replace: Range<usize>, typed_quote: bool) -> Vec<CompletionItem> {
    let _ = typed_quote;
    roles
        .iter()
        .map(|role| {
            let quoted = format!("'{role}'");
            CompletionItem {
                label: quoted.clone(),
                kind: CompletionKind::Role,
                detail: Some("role used in the workspace".to_string()),
                documentation: None,
                insert_text: quoted.clone(),
                is_snippet: false,
                replace: replace.clone(),
                sort_text: role.clone(),
                filter_text: Some(quoted),
                preselect: false,
            }
        })
        .collect()
}

fn parameters(
    kind: &'static KindSpec,
    facts: &StatementFacts,
    head: &Head,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    kind.parameters
        .iter()
        .filter(|p| !facts.used.contains_key(&p.name))
        .filter(|p| head.verb == Verb::Create || p.alter.can_set())
        // Nor what CREATE takes only from ALTER, nor what conflicts with a given parameter.
        .filter(|p| head.verb != Verb::Create || p.alter_only.is_none())
        .filter(|p| {
            // Only what Snowflake's pages forbid: second-hand conflicts stay offered.
            let clashes = |a: &ParameterSpec, b: &str| {
                a.conflicts
                    .iter()
                    .any(|c| c.value.is_none() && c.with == b && c.severity == LimitSeverity::Error)
            };
            !facts.used.keys().any(|used| {
                clashes(p, used) || kind.parameter(used).is_some_and(|u| clashes(u, &p.name))
            })
        })
        .filter(|p| {
            p.applies_when
                .as_ref()
                .is_none_or(|w| facts.variant.satisfies(w) != Some(false))
        })
        .map(|p| {
            let required = head.verb == Verb::Create
                && (p.required
                    || p.required_when
                        .as_ref()
                        .is_some_and(|w| facts.variant.satisfies(w) == Some(true)));
            parameter_item(
                kind,
                p,
                &facts.variant,
                replace.clone(),
                required,
                format!("{} = ", p.name),
            )
        })
        .collect()
}

fn parameter_item(
    kind: &KindSpec,
    spec: &ParameterSpec,
    variant: &Variant,
    replace: Range<usize>,
    required: bool,
    insert_text: String,
) -> CompletionItem {
    CompletionItem {
        label: spec.name.clone(),
        kind: CompletionKind::Parameter,
        detail: Some(format!(
            "{}{}",
            if required { "required · " } else { "" },
            spec.value.describe()
        )),
        documentation: Some(parameter_markdown(kind, spec, variant)),
        insert_text,
        is_snippet: false,
        replace,
        sort_text: format!("{}{}", if required { 0 } else { 1 }, spec.name),
        filter_text: Some(spec.name.clone()),
        preselect: false,
    }
}

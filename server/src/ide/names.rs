//! Completion of integration names where a statement expects one: after `ALTER`, `DROP`,
//! `DESC`, `GRANT … ON INTEGRATION`, `API_AUTHENTICATION =`, in the lists of external access
//! integrations and authentication policies, and in the string of a `SYSTEM$` function. Names
//! come from the workspace; where the statement needs a kind, only integrations of that kind
//! (or of a kind secint cannot tell) are offered.

use super::completion::{CompletionItem, CompletionKind};
use super::tokens::{tokenize, TokenKind};
use crate::catalog::KindSpec;
use std::ops::Range;

/// An integration the workspace creates.
pub struct Known {
    /// As Snowflake stores it.
    pub key: String,
    /// As its CREATE writes it.
    pub written: String,
    pub kind: Option<&'static KindSpec>,
    /// Where it is created, for the detail line.
    pub place: String,
}

/// What the statement expects at the cursor.
#[derive(Debug, PartialEq, Eq)]
enum Slot {
    /// An identifier; the form names the `referenced_by` entry a kind must list, if any.
    Identifier(Option<&'static str>),
    /// The stored name inside a string (`'NAME'`), for `SYSTEM$` functions and policies.
    Stored(Option<String>),
}

pub fn complete_names(
    text: &str,
    statement: Range<usize>,
    offset: usize,
    known: &dyn Fn() -> Vec<Known>,
) -> Option<Vec<CompletionItem>> {
    let mut tokens = tokenize(text, statement.start..offset);
    let partial = tokens
        .last()
        .filter(|t| {
            t.range.end == offset
                && matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::OpenString | TokenKind::QuotedIdent
                )
        })
        .cloned();
    if partial.is_some() {
        tokens.pop();
    }
    let word = |i: usize, w: &str| {
        tokens
            .len()
            .checked_sub(i + 1)
            .and_then(|at| tokens.get(at))
            .is_some_and(|t| t.is_word(text, w) || t.is(text, w))
    };
    let slot = if word(0, "(") && tokens.len() >= 2 {
        let function = tokens[tokens.len() - 2].text(text).to_ascii_uppercase();
        let known_function = crate::semantics::references::functions()
            .iter()
            .any(|(f, _)| *f == function);
        known_function.then_some(Slot::Stored(Some(function)))?
    } else if word(0, "INTEGRATION")
        || (word(0, "EXISTS") && word(1, "IF") && word(2, "INTEGRATION"))
    {
        let first = tokens.first()?.text(text).to_ascii_uppercase();
        match first.as_str() {
            "ALTER" | "DROP" | "DESC" | "DESCRIBE" | "GRANT" | "REVOKE" | "SHOW" => {
                let delegated = tokens.iter().any(|t| t.is_word(text, "DELEGATED"));
                Slot::Identifier(delegated.then_some("delegated authorization"))
            }
            _ => return None,
        }
    } else if word(0, "=") && word(1, "API_AUTHENTICATION") {
        Slot::Identifier(Some("secret"))
    } else if let Some(list) = open_list(text, &tokens) {
        match list.as_str() {
            "ALLOWED_API_AUTHENTICATION_INTEGRATIONS" => Slot::Identifier(Some("external access")),
            "SECURITY_INTEGRATIONS" => Slot::Stored(Some("authentication policy".into())),
            _ => return None,
        }
    } else {
        return None;
    };
    let replace = partial.map_or(offset..offset, |t| t.range.clone());
    let items = known()
        .iter()
        .filter(|k| fits(&slot, k.kind))
        .map(|k| {
            // A string the user opened is replaced whole, quote and all.
            let insert = match &slot {
                Slot::Identifier(_) => k.written.to_string(),
                Slot::Stored(_) => format!("'{}'", k.key.replace('\'', "''")),
            };
            CompletionItem {
                label: match &slot {
                    Slot::Identifier(_) => k.written.to_string(),
                    Slot::Stored(_) => k.key.to_string(),
                },
                kind: CompletionKind::Value,
                detail: Some(match k.kind {
                    Some(kind) => format!("{} · {}", kind.title, k.place),
                    None => k.place.clone(),
                }),
                documentation: None,
                filter_text: Some(insert.clone()),
                insert_text: insert,
                is_snippet: false,
                replace: replace.clone(),
                sort_text: k.key.to_ascii_lowercase(),
                preselect: false,
            }
        })
        .collect();
    Some(items)
}

/// The parameter whose `( … )` list the cursor is in.
fn open_list(text: &str, tokens: &[super::tokens::Token]) -> Option<String> {
    let last = tokens.last()?;
    if !(last.is(text, "(") || last.is(text, ",")) {
        return None;
    }
    let open = tokens.iter().rposition(|t| t.is(text, "("))?;
    if tokens[open..].iter().any(|t| t.is(text, ")")) || open < 2 {
        return None;
    }
    tokens[open - 1]
        .is(text, "=")
        .then(|| tokens[open - 2].text(text).to_ascii_uppercase())
}

fn fits(slot: &Slot, kind: Option<&'static KindSpec>) -> bool {
    let form = match slot {
        Slot::Identifier(form) => form.map(str::to_string),
        Slot::Stored(form) => form.clone(),
    };
    let (Some(form), Some(kind)) = (form, kind) else {
        return true;
    };
    let wanted = |r: &String| r == &form || r.starts_with(&format!("{form} "));
    let anyone = crate::catalog::Catalog::get()
        .kinds
        .iter()
        .any(|k| k.workspace.referenced_by.iter().any(wanted));
    !anyone || kind.workspace.referenced_by.iter().any(wanted)
}

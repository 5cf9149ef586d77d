//! Names of integrations written in statements secint does not parse: secrets, external access
//! integrations, authentication policies, delegated authorizations, `SHOW … LIKE`, `SYSTEM$`
//! calls, and the account setting that allows several SSO integrations. Read from tokens.

use super::{NameRef, RefForm, Reference};
use crate::ide::tokens::{tokenize, Token, TokenKind};
use std::ops::Range;

/// The catalog's functions that take an integration name as their first argument.
pub fn functions() -> &'static [(String, bool)] {
    static FUNCTIONS: std::sync::OnceLock<Vec<(String, bool)>> = std::sync::OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        crate::catalog::Catalog::get()
            .kinds
            .iter()
            .flat_map(|k| &k.workspace.functions)
            .map(|f| (f.name.to_ascii_uppercase(), f.exact_case))
            .collect()
    })
}

/// What one statement of other SQL says about integrations.
#[derive(Default)]
pub struct Found {
    pub references: Vec<Reference>,
    /// `ALTER ACCOUNT SET ENABLE_IDENTIFIER_FIRST_LOGIN = TRUE`.
    pub identifier_first_login: Option<Range<usize>>,
}

/// Whether a statement may hold anything [`scan`] finds: a `SYSTEM$` call (a `$` anywhere), or
/// a statement whose first words are one of those [`scan`] reads. Cheap: no tokens.
pub fn worth_scanning(text: &str) -> bool {
    if text.as_bytes().contains(&b'$') {
        return true;
    }
    let words = crate::chunks::leading_words(text, 4);
    let is = |i: usize, w: &str| words.get(i).is_some_and(|(_, x)| x.eq_ignore_ascii_case(w));
    let object = if is(1, "OR") { 3 } else { 1 };
    (is(0, "CREATE") || is(0, "ALTER"))
        && ["SECRET", "EXTERNAL", "AUTHENTICATION", "USER", "ACCOUNT"]
            .iter()
            .any(|w| is(object, w))
        || is(0, "SHOW")
}

/// Scans `text[range]`, one statement.
pub fn scan(text: &str, range: Range<usize>, found: &mut Found) {
    if !worth_scanning(&text[range.clone()]) {
        return;
    }
    let tokens = tokenize(text, range.clone());
    let word = |i: usize, w: &str| tokens.get(i).is_some_and(|t| t.is_word(text, w));
    let statement = range.clone();
    // SYSTEM$ calls may sit anywhere.
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let upper = t.text(text).to_ascii_uppercase();
        let Some((_, exact)) = functions().iter().find(|(f, _)| *f == upper) else {
            continue;
        };
        if tokens.get(i + 1).is_some_and(|p| p.is(text, "(")) {
            if let Some(name) = tokens.get(i + 2).and_then(|t| name_ref(text, t)) {
                found.references.push(Reference {
                    name,
                    form: RefForm::Function {
                        name: upper,
                        exact_case: *exact,
                    },
                    statement: statement.clone(),
                });
            }
        }
    }
    let mut at = 0;
    // CREATE [OR REPLACE] …, ALTER …
    let verb = if word(0, "CREATE") || word(0, "ALTER") {
        at = 1;
        if word(1, "OR") && word(2, "REPLACE") {
            at = 3;
        }
        tokens[0].text(text).to_ascii_uppercase()
    } else if word(0, "SHOW") {
        "SHOW".to_string()
    } else {
        return;
    };
    match verb.as_str() {
        "SHOW" => show_like(text, &tokens, &statement, found),
        _ if word(at, "SECRET") => secret(text, &tokens, &statement, found),
        _ if word(at, "EXTERNAL") && word(at + 1, "ACCESS") => {
            list_after(
                text,
                &tokens,
                "ALLOWED_API_AUTHENTICATION_INTEGRATIONS",
                RefForm::ExternalAccess,
                &statement,
                found,
            );
        }
        _ if word(at, "AUTHENTICATION") && word(at + 1, "POLICY") => {
            list_after(
                text,
                &tokens,
                "SECURITY_INTEGRATIONS",
                RefForm::AuthenticationPolicy,
                &statement,
                found,
            );
        }
        "ALTER" if word(1, "USER") => delegated(text, &tokens, &statement, found),
        "ALTER" if word(1, "ACCOUNT") => {
            for w in tokens.windows(3) {
                if w[0].is_word(text, "ENABLE_IDENTIFIER_FIRST_LOGIN")
                    && w[1].is(text, "=")
                    && w[2]
                        .text(text)
                        .trim_matches('\'')
                        .eq_ignore_ascii_case("TRUE")
                {
                    found.identifier_first_login = Some(w[0].range.start..w[2].range.end);
                }
            }
        }
        _ => {}
    }
}

/// An integration name written as an identifier or a string.
fn name_ref(text: &str, token: &Token) -> Option<NameRef> {
    let raw = token.text(text);
    match token.kind {
        TokenKind::Word => Some(NameRef::identifier(raw, token.range.clone(), false)),
        TokenKind::QuotedIdent if raw.len() >= 2 && raw.ends_with('"') => {
            Some(NameRef::identifier(raw, token.range.clone(), true))
        }
        TokenKind::String if raw.len() >= 2 => {
            let inner = &raw[1..raw.len() - 1];
            if inner.is_empty() || inner.contains('\'') {
                return None;
            }
            Some(NameRef {
                key: inner.to_string(),
                text: inner.to_string(),
                range: token.range.start + 1..token.range.end - 1,
                quoted: true,
                in_string: true,
            })
        }
        _ => None,
    }
}

/// The value after `NAME =` at the top level of the statement.
fn value_after<'t>(text: &str, tokens: &'t [Token], name: &str) -> Option<(usize, &'t Token)> {
    let i = tokens
        .windows(2)
        .position(|w| w[0].is_word(text, name) && w[1].is(text, "="))?;
    tokens.get(i + 2).map(|t| (i + 2, t))
}

fn secret(text: &str, tokens: &[Token], statement: &Range<usize>, found: &mut Found) {
    let Some((_, target)) = value_after(text, tokens, "API_AUTHENTICATION") else {
        return;
    };
    let Some(name) = name_ref(text, target) else {
        return;
    };
    let secret_type =
        value_after(text, tokens, "TYPE").map(|(_, t)| t.text(text).to_ascii_uppercase());
    let mut scopes = Vec::new();
    if let Some((i, open)) = value_after(text, tokens, "OAUTH_SCOPES") {
        if open.is(text, "(") {
            for t in &tokens[i + 1..] {
                if t.is(text, ")") {
                    break;
                }
                if t.kind == TokenKind::String {
                    let raw = t.text(text);
                    scopes.push((raw[1..raw.len() - 1].to_string(), t.range.clone()));
                }
            }
        }
    }
    found.references.push(Reference {
        name,
        form: RefForm::Secret {
            secret_type,
            scopes,
        },
        statement: statement.clone(),
    });
}

/// Every name in `NAME = ( a, b )`.
fn list_after(
    text: &str,
    tokens: &[Token],
    list: &str,
    form: RefForm,
    statement: &Range<usize>,
    found: &mut Found,
) {
    let Some((i, open)) = value_after(text, tokens, list) else {
        return;
    };
    if !open.is(text, "(") {
        return;
    }
    for t in &tokens[i + 1..] {
        if t.is(text, ")") {
            break;
        }
        if t.is_word(text, "ALL") || t.is_word(text, "NONE") {
            continue;
        }
        if let Some(name) = name_ref(text, t) {
            found.references.push(Reference {
                name,
                form: form.clone(),
                statement: statement.clone(),
            });
        }
    }
}

/// `ALTER USER u { ADD | REMOVE } DELEGATED … { TO | FROM } SECURITY INTEGRATION i`.
fn delegated(text: &str, tokens: &[Token], statement: &Range<usize>, found: &mut Found) {
    if !tokens.iter().any(|t| t.is_word(text, "DELEGATED")) {
        return;
    }
    let Some(i) = tokens
        .windows(2)
        .position(|w| w[0].is_word(text, "SECURITY") && w[1].is_word(text, "INTEGRATION"))
    else {
        return;
    };
    if let Some(name) = tokens.get(i + 2).and_then(|t| name_ref(text, t)) {
        if !name.in_string {
            found.references.push(Reference {
                name,
                form: RefForm::DelegatedAuthorization,
                statement: statement.clone(),
            });
        }
    }
}

/// `SHOW [SECURITY] INTEGRATIONS LIKE '<name>'`: a pattern without wildcards but `_` reads as
/// the name (LIKE is case-insensitive). `SHOW DELEGATED AUTHORIZATIONS TO SECURITY
/// INTEGRATION i` names one directly.
fn show_like(text: &str, tokens: &[Token], statement: &Range<usize>, found: &mut Found) {
    if tokens.iter().any(|t| t.is_word(text, "DELEGATED")) {
        delegated(text, tokens, statement, found);
        return;
    }
    if !tokens
        .iter()
        .take(3)
        .any(|t| t.is_word(text, "INTEGRATIONS"))
    {
        return;
    }
    let Some(i) = tokens.iter().position(|t| t.is_word(text, "LIKE")) else {
        return;
    };
    let Some(pattern) = tokens.get(i + 1).filter(|t| t.kind == TokenKind::String) else {
        return;
    };
    let Some(mut name) = name_ref(text, pattern) else {
        return;
    };
    if name.text.contains('%') {
        return;
    }
    name.key = name.text.to_ascii_uppercase();
    name.quoted = false;
    found.references.push(Reference {
        name,
        form: RefForm::ShowLike,
        statement: statement.clone(),
    });
}

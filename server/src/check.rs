//! The checker: text in, diagnostics out. The CLI and the language server both call this.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::model::Statement;
use crate::rules::{Ctx, RULES};

/// Parses and checks a whole document with the default settings.
pub fn check(text: &str) -> Vec<Diagnostic> {
    check_with(text, &Settings::default())
}

/// Parses and checks a whole document, statement by statement, as the editor does, then
/// applies suppression comments and the rule settings.
pub fn check_with(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    let raw = crate::document::SourceDocument::new(text.to_string())
        .analysis
        .diagnostics()
        .cloned()
        .collect();
    settings.finish(text, raw)
}

/// Runs every rule on one statement. `create` is the CREATE an ALTER refers to, if any.
pub fn check_statement(
    text: &str,
    statement: &Statement,
    create: Option<&Statement>,
) -> Vec<Diagnostic> {
    let ctx = Ctx::new(text, statement, create);
    let mut out = Vec::new();
    for rule in RULES {
        if let Some(check) = rule.check {
            check(&ctx, &mut out);
        }
    }
    out
}

/// The order diagnostics are reported in: by position, then code and message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
}

//! The checker: text in, diagnostics out. The CLI and the language server both call this.

use crate::diagnostic::Diagnostic;
use crate::model::{SourceFile, Statement, Verb};
use crate::rules::{self, Ctx, RULES};
use std::collections::HashMap;

/// Parses and checks a whole document, statement by statement, as the editor does.
pub fn check(text: &str) -> Vec<Diagnostic> {
    crate::document::SourceDocument::new(text.to_string())
        .analysis
        .sorted_diagnostics()
}

/// Checks a lowered document: syntax errors, then every rule on every statement, sorted by
/// position.
pub fn check_file(file: &SourceFile, text: &str) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = rules::syntax_diagnostics(&file.syntax_errors).collect();
    let creates = creates_by_name(&file.statements);
    for (index, statement) in file.statements.iter().enumerate() {
        let create = create_for(&file.statements, &creates, index).map(|i| &file.statements[i]);
        out.extend(check_statement(text, statement, create));
    }
    sort(&mut out);
    out
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

/// Indexes of CREATE statements by resolved integration name.
pub fn creates_by_name(statements: &[Statement]) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in statements.iter().enumerate() {
        if s.verb == Verb::Create {
            if let Some(name) = s.name.as_ref().filter(|n| !n.placeholder) {
                map.entry(name.key()).or_default().push(i);
            }
        }
    }
    map
}

/// For an ALTER: the index of the latest CREATE of the same name before it, else of the first
/// after it.
pub fn create_for(
    statements: &[Statement],
    creates: &HashMap<String, Vec<usize>>,
    index: usize,
) -> Option<usize> {
    let statement = &statements[index];
    if statement.verb != Verb::Alter {
        return None;
    }
    let candidates = creates.get(&statement.name.as_ref()?.key())?;
    let before = candidates.iter().rev().find(|&&i| i < index);
    before.or(candidates.first()).copied()
}

//! Code actions: each diagnostic's fixes (unsafe ones labelled), "Ignore … on this line" and
//! "… in this statement", and `source.fixAll.secint`, which applies only safe fixes.

use super::convert::{self, Positions};
use super::Document;
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::{fix_edits, FixMode};
use crate::suppress::{ignore_line_fix, ignore_statement_fix, INVALID, UNUSED};
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

pub const FIX_ALL: &str = "source.fixAll.secint";

pub struct ActionInput<'a> {
    pub uri: &'a Uri,
    pub document: &'a Document,
    pub positions: &'a Positions<'a>,
    /// The diagnostics the user sees, settings and suppressions applied.
    pub visible: &'a [Diagnostic],
    pub range: std::ops::Range<usize>,
    pub only: Option<&'a [CodeActionKind]>,
}

pub fn code_actions(input: &ActionInput) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        input
            .only
            .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for d in input
            .visible
            .iter()
            .filter(|d| d.range.start <= input.range.end && input.range.start <= d.range.end)
        {
            let lsp_diagnostic = convert::diagnostic(d, input.uri, input.positions, None);
            for fix in &d.fixes {
                let title = match fix.is_safe() {
                    true => fix.title.clone(),
                    false => format!("{} (unsafe)", fix.title),
                };
                actions.push(quick_fix(
                    input,
                    title,
                    fix,
                    &lsp_diagnostic,
                    fix.preferred && fix.is_safe(),
                ));
            }
            if d.code != UNUSED && d.code != INVALID {
                for fix in ignore_fixes(input, d) {
                    actions.push(quick_fix(
                        input,
                        fix.title.clone(),
                        &fix,
                        &lsp_diagnostic,
                        false,
                    ));
                }
            }
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    let explicitly_asked = input.only.is_some_and(|o| {
        o.iter()
            .any(|k| fix_all.as_str().starts_with(k.as_str()) && !k.as_str().is_empty())
    });
    let any_safe = input
        .visible
        .iter()
        .any(|d| d.fixes.iter().any(Fix::is_safe));
    if explicitly_asked || (input.only.is_none() && any_safe) {
        let edits = fix_edits(input.visible, FixMode::Safe);
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe secint problems".to_string(),
                kind: Some(fix_all),
                edit: Some(workspace_edit(input, &edits)),
                ..Default::default()
            }));
        }
    }
    actions
}

/// "Ignore `code` on this line" and, inside a statement, "… in this statement".
fn ignore_fixes(input: &ActionInput, d: &Diagnostic) -> Vec<Fix> {
    let text = &input.document.text;
    let mut fixes = vec![ignore_line_fix(text, d.code, d.range.start)];
    let statement = input.document.analysis.statements.iter().find(|s| {
        s.range.start <= d.range.start && d.range.start < s.range.end.max(s.range.start + 1)
    });
    if let Some(statement) = statement {
        fixes.push(ignore_statement_fix(text, d.code, statement.range.start));
    }
    fixes
}

fn quick_fix(
    input: &ActionInput,
    title: String,
    fix: &Fix,
    diagnostic: &tower_lsp_server::ls_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(workspace_edit(input, &fix.edits)),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

fn workspace_edit(input: &ActionInput, edits: &[crate::diagnostic::Edit]) -> WorkspaceEdit {
    let crlf = input.document.text.contains("\r\n");
    let edits = edits
        .iter()
        .map(|e| convert::text_edit(e, input.positions, crlf))
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(input.uri.clone(), edits)])),
        ..Default::default()
    }
}

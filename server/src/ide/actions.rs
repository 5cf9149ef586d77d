//! Code actions: each diagnostic's fixes (unsafe ones labelled), "Ignore … on this line" and
//! "… in this statement", and "fix all", which applies only safe fixes.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::{fix_edits, FixMode};
use crate::model::Statement;
use crate::suppress::{ignore_line_fix, ignore_statement_fix, INVALID, UNUSED};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    FixAll,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action<'a> {
    pub title: String,
    pub kind: ActionKind,
    /// The diagnostic a quick fix is for.
    pub diagnostic: Option<&'a Diagnostic>,
    pub edits: Vec<Edit>,
    pub preferred: bool,
}

/// Which kinds of actions the editor asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionKinds {
    pub quick_fixes: bool,
    pub fix_all: bool,
}

/// The actions for the diagnostics the user sees (`visible`, settings and suppressions
/// applied) that touch `range`, then "fix all" when it has anything to do.
pub fn code_actions<'a>(
    text: &str,
    statements: &[Statement],
    visible: &'a [Diagnostic],
    range: Range<usize>,
    kinds: ActionKinds,
) -> Vec<Action<'a>> {
    let mut actions = Vec::new();
    if kinds.quick_fixes {
        for d in visible
            .iter()
            .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
        {
            for fix in &d.fixes {
                let title = match fix.is_safe() {
                    true => fix.title.clone(),
                    false => format!("{} (unsafe)", fix.title),
                };
                actions.push(quick_fix(title, d, fix, fix.preferred && fix.is_safe()));
            }
            if d.code != UNUSED && d.code != INVALID {
                for fix in ignore_fixes(text, statements, d) {
                    actions.push(quick_fix(fix.title.clone(), d, &fix, false));
                }
            }
        }
    }
    if kinds.fix_all {
        let edits = fix_edits(visible, FixMode::Safe);
        if !edits.is_empty() {
            actions.push(Action {
                title: "Fix all safe secint problems".to_string(),
                kind: ActionKind::FixAll,
                diagnostic: None,
                edits,
                preferred: false,
            });
        }
    }
    actions
}

fn quick_fix<'a>(
    title: String,
    diagnostic: &'a Diagnostic,
    fix: &Fix,
    preferred: bool,
) -> Action<'a> {
    Action {
        title,
        kind: ActionKind::QuickFix,
        diagnostic: Some(diagnostic),
        edits: fix.edits.clone(),
        preferred,
    }
}

/// "Ignore `code` on this line" and, inside a statement, "… in this statement".
fn ignore_fixes(text: &str, statements: &[Statement], d: &Diagnostic) -> Vec<Fix> {
    let mut fixes = vec![ignore_line_fix(text, d.code, d.range.start)];
    let statement = statements.iter().find(|s| {
        s.range().start <= d.range.start && d.range.start < s.range().end.max(s.range().start + 1)
    });
    if let Some(statement) = statement {
        fixes.push(ignore_statement_fix(text, d.code, statement.range().start));
    }
    fixes
}

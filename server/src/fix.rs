//! Applying fixes to text.

use crate::check::check_with;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::text::apply_edits;

/// Applies `edits` to `text`; overlapping edits after the first are skipped. Line breaks in
/// inserted text follow the document's (CRLF stays CRLF).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let crlf = text.contains("\r\n");
    let texts: Vec<String> = edits
        .iter()
        .map(|e| match crlf {
            true => e.new_text.replace("\r\n", "\n").replace('\n', "\r\n"),
            false => e.new_text.clone(),
        })
        .collect();
    let pairs: Vec<_> = edits
        .iter()
        .zip(&texts)
        .map(|(e, t)| (e.range.clone(), t.as_str()))
        .collect();
    apply_edits(text, &pairs)
}

/// Which fixes `--fix` and "fix all" may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Only fixes certain to keep the user's intent.
    #[default]
    Safe,
    /// Unsafe fixes too (`--unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    pub fn allows(self, fix: &Fix) -> bool {
        fix.is_safe() || self == FixMode::Unsafe
    }
}

/// The fix "fix all" picks for a diagnostic: its preferred fix, or its only one, when `mode`
/// allows it.
pub fn chosen_fix(diagnostic: &Diagnostic, mode: FixMode) -> Option<&Fix> {
    let fix =
        diagnostic
            .fixes
            .iter()
            .find(|f| f.preferred)
            .or(match diagnostic.fixes.as_slice() {
                [only] => Some(only),
                _ => None,
            })?;
    mode.allows(fix).then_some(fix)
}

/// The edits of the chosen fix of each diagnostic, without overlaps: what `--fix` and "fix
/// all" apply in one pass.
pub fn fix_edits(diagnostics: &[Diagnostic], mode: FixMode) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = chosen_fix(diagnostic, mode) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            edits.iter().any(|o| {
                e.range.start < o.range.end && o.range.start < e.range.end
                    || (e.range.is_empty()
                        && o.range.is_empty()
                        && e.range.start == o.range.start
                        && e.new_text == o.new_text)
            })
        });
        if !overlaps {
            edits.extend(fix.edits.iter().cloned());
        }
    }
    edits
}

/// Applies the safe fixes with the default settings until nothing changes.
pub fn fix_all(text: &str) -> String {
    fix_all_with(text, &Settings::default(), FixMode::Safe)
}

/// Applies the fixes `mode` allows, for the diagnostics `settings` reports, until nothing
/// changes (at most a few rounds). A round that would add an error is not applied.
pub fn fix_all_with(text: &str, settings: &Settings, mode: FixMode) -> String {
    fix_all_from(text, mode, check_with(text, settings), &|t| {
        check_with(t, settings)
    })
}

/// [`fix_all_with`] starting from `diagnostics` (what the first round fixes, which may come
/// from the whole workspace), re-checking the text with `check` after each round.
pub fn fix_all_from(
    text: &str,
    mode: FixMode,
    diagnostics: Vec<Diagnostic>,
    check: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> String {
    let mut current = text.to_string();
    let mut diagnostics = diagnostics;
    for _ in 0..4 {
        let edits = fix_edits(&diagnostics, mode);
        if edits.is_empty() {
            break;
        }
        let next = apply(&current, &edits);
        let next_diagnostics = check(&next);
        if error_count(&next_diagnostics) > error_count(&diagnostics) {
            break;
        }
        current = next;
        diagnostics = next_diagnostics;
    }
    current
}

fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

//! Applying fixes to text.

use crate::diagnostic::{Diagnostic, Edit};
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

/// The edits of the preferred (or only) fix of each diagnostic, without overlaps: what
/// `--fix` and "fix all" apply in one pass.
pub fn safe_edits(diagnostics: &[Diagnostic]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for diagnostic in diagnostics {
        let fix =
            diagnostic
                .fixes
                .iter()
                .find(|f| f.preferred)
                .or(if diagnostic.fixes.len() == 1 {
                    diagnostic.fixes.first()
                } else {
                    None
                });
        let Some(fix) = fix else { continue };
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

/// Applies all safe fixes until nothing changes (at most a few rounds).
pub fn fix_all(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let edits = safe_edits(&crate::check(&current));
        if edits.is_empty() {
            break;
        }
        current = apply(&current, &edits);
    }
    current
}

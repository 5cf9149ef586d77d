//! The diagnostics of a document that changes. Statements are replaced region by region as
//! the document re-parses the statements an edit touched; everything after an edit moves by
//! the edit's length. A re-check runs the rules only on statements that are new, or whose
//! CREATE (for an ALTER) is new; the rest keep their diagnostics.

use crate::diagnostic::sort;
use crate::diagnostic::Diagnostic;
use crate::model::{Shift, Statement, Verb};
use crate::rules::check_statement;
use crate::rules::syntax_diagnostics;
use crate::semantics::{definition, Alone, Definition, Outside};
use crate::syntax::SyntaxError;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// Identifies a statement's text and whether a syntax error touches it.
type StatementKey = (u64, usize, bool);

/// A statement to check: its index, the key of its CREATE, the CREATE and its file.
type Work<'a> = (
    usize,
    Option<StatementKey>,
    Option<&'a Statement>,
    Option<&'a std::sync::Arc<std::path::Path>>,
);

/// From this many statements to check, the rules run on every core.
const PARALLEL_STATEMENTS: usize = 2048;

/// What was found in one statement.
struct Entry {
    key: StatementKey,
    /// How Snowflake resolves the statement's name (for CREATE/ALTER pairing).
    name: Option<String>,
    /// The key of the CREATE it was checked against, once checked.
    checked_with: Option<Option<StatementKey>>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct DocumentAnalysis {
    /// The integration statements, in document order.
    pub statements: Vec<Statement>,
    /// One per statement.
    entries: Vec<Entry>,
    pub syntax_errors: Vec<SyntaxError>,
    /// `syntax_errors` as diagnostics, refreshed by `recheck`.
    syntax: Vec<Diagnostic>,
    pub stats: UpdateStats,
}

/// What the last re-check did, for benchmarks and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpdateStats {
    pub statements: usize,
    pub checked: usize,
}

fn key(text: &str, broken: bool) -> StatementKey {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    (hasher.finish(), text.len(), broken)
}

impl DocumentAnalysis {
    pub fn new() -> DocumentAnalysis {
        DocumentAnalysis::default()
    }

    /// Replaces the statements that started in `from..old_to` (old offsets) with `statements`,
    /// and the syntax errors at `old_errors` (indexes: an error can sit exactly on the boundary
    /// of two statements, so its offset does not say whose it is) with `errors` (new offsets);
    /// moves what came after by `delta`.
    #[allow(clippy::too_many_arguments)]
    pub fn replace(
        &mut self,
        text: &str,
        from: usize,
        old_to: usize,
        delta: isize,
        statements: Vec<Statement>,
        old_errors: std::ops::Range<usize>,
        errors: Vec<SyntaxError>,
    ) {
        let lo = self.statements.partition_point(|s| s.range.start < from);
        let hi = self
            .statements
            .partition_point(|s| s.range.start < old_to)
            .max(lo);
        if delta != 0 {
            for s in &mut self.statements[hi..] {
                s.shift(delta);
            }
            for e in &mut self.entries[hi..] {
                e.diagnostics.iter_mut().for_each(|d| d.shift(delta));
            }
        }
        let entries: Vec<Entry> = statements
            .iter()
            .map(|s| Entry {
                key: key(&text[s.range.clone()], s.has_syntax_error),
                name: s.name.as_ref().filter(|n| !n.placeholder).map(|n| n.key()),
                checked_with: None,
                diagnostics: Vec::new(),
            })
            .collect();
        self.statements.splice(lo..hi, statements);
        self.entries.splice(lo..hi, entries);

        if delta != 0 {
            for e in &mut self.syntax_errors[old_errors.end..] {
                e.shift(delta);
            }
        }
        self.syntax_errors.splice(old_errors, errors);
    }

    /// Runs the rules on statements that are new or whose CREATE changed.
    pub fn recheck(&mut self, text: &str) {
        self.recheck_with(text, &Alone);
    }

    /// [`recheck`](Self::recheck), with CREATEs from other files for ALTERs this document
    /// does not create.
    pub fn recheck_with(&mut self, text: &str, outside: &dyn Outside) {
        let mut creates: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, (s, e)) in self.statements.iter().zip(&self.entries).enumerate() {
            if let (Verb::Create, Some(name)) = (s.verb, &e.name) {
                creates.entry(name.as_str()).or_default().push(i);
            }
        }
        let mut stats = UpdateStats {
            statements: self.statements.len(),
            checked: 0,
        };
        // Which statements need their rules run, and against which CREATE; then the rules,
        // on every core when there are many (opening a large document checks them all).
        let mut work = Vec::new();
        for (index, statement) in self.statements.iter().enumerate() {
            let definition = match (statement.verb, &self.entries[index].name) {
                (Verb::Alter | Verb::Drop | Verb::Create, Some(name)) => definition(
                    statement.verb,
                    index,
                    name,
                    creates.get(name.as_str()).map_or(&[][..], |v| &v[..]),
                    outside,
                ),
                _ => None,
            };
            let (with, create, path) = match definition {
                Some(Definition::Local(c)) => {
                    (Some(self.entries[c].key), Some(&self.statements[c]), None)
                }
                Some(Definition::Outside(found)) => (
                    Some((found.fingerprint, usize::MAX, false)),
                    Some(found.statement),
                    Some(found.path),
                ),
                None => (None, None, None),
            };
            if self.entries[index].checked_with == Some(with) {
                continue;
            }
            work.push((index, with, create, path));
        }
        stats.checked = work.len();
        let run = |group: &[Work<'_>]| -> Vec<(usize, Option<StatementKey>, Vec<Diagnostic>)> {
            group
                .iter()
                .map(|&(index, with, create, path)| {
                    (
                        index,
                        with,
                        check_statement(text, &self.statements[index], create, path),
                    )
                })
                .collect()
        };
        let threads = crate::parallel::threads(work.len() >= PARALLEL_STATEMENTS);
        let results = crate::parallel::map_slices(&work, threads, run);
        for (index, with, found) in results {
            self.entries[index].checked_with = Some(with);
            self.entries[index].diagnostics = found;
        }
        self.syntax = syntax_diagnostics(&self.syntax_errors).collect();
        self.stats = stats;
    }

    /// Every diagnostic as of the last `recheck`, in no particular order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.syntax
            .iter()
            .chain(self.entries.iter().flat_map(|e| e.diagnostics.iter()))
    }

    /// Every diagnostic as of the last `recheck`, moved out.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut all = self.syntax;
        all.reserve(self.entries.iter().map(|e| e.diagnostics.len()).sum());
        for entry in self.entries {
            all.extend(entry.diagnostics);
        }
        all
    }

    /// Every diagnostic, sorted as `check` sorts them.
    pub fn sorted_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diagnostics().cloned().collect();
        sort(&mut all);
        all
    }
}

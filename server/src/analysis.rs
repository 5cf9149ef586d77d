//! Analysis of a document that changes: statements whose text (and whose CREATE, for an
//! ALTER) did not change keep their lowered form and their diagnostics, moved to where the
//! statement now starts. An edit costs the statements it touches plus one pass over the
//! statement list (hashing their text), with no per-statement allocation for the rest.

use crate::check::{create_for, creates_by_name, sort};
use crate::diagnostic::Diagnostic;
use crate::model::{lower_statement, mark_broken_statements, Shift, Statement};
use crate::rules::syntax_diagnostics;
use crate::syntax::{integration_statements, syntax_errors, SyntaxError};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use tree_sitter::Tree;

/// Identifies a statement's text and whether a syntax error touches it.
type StatementKey = (u64, usize, bool);

/// What was found in one integration statement.
struct Entry {
    key: StatementKey,
    /// The key of the CREATE an ALTER was checked against.
    create_key: Option<StatementKey>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct DocumentAnalysis {
    /// The integration statements, in document order, with absolute offsets.
    pub statements: Vec<Statement>,
    /// One per statement.
    entries: Vec<Entry>,
    syntax: Vec<Diagnostic>,
    pub syntax_errors: Vec<SyntaxError>,
    pub stats: UpdateStats,
}

/// What the last update did, for benchmarks and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpdateStats {
    pub statements: usize,
    pub lowered: usize,
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

    /// Brings the analysis up to date with `text` and its (freshly parsed) `tree`.
    pub fn update(&mut self, text: &str, tree: &Tree) {
        let root = tree.root_node();
        let mut stats = UpdateStats::default();
        let mut errors = Vec::new();
        syntax_errors(root, text, &mut errors);

        // Previous entries by text, to be taken (not cloned) when a statement is unchanged.
        let mut previous: Vec<Option<(Statement, Entry)>> = std::mem::take(&mut self.statements)
            .into_iter()
            .zip(std::mem::take(&mut self.entries))
            .map(Some)
            .collect();
        let mut by_text: FxHashMap<(u64, usize), Vec<usize>> = FxHashMap::default();
        for (i, old) in previous.iter().enumerate() {
            let (hash, len, _) = old.as_ref().map(|(_, e)| e.key).unwrap_or_default();
            by_text.entry((hash, len)).or_default().push(i);
        }
        let nodes = integration_statements(root);
        stats.statements = nodes.len();
        let mut reused: Vec<Option<Entry>> = Vec::with_capacity(nodes.len());
        let mut statements = Vec::with_capacity(nodes.len());
        for node in &nodes {
            let range = node.byte_range();
            let (hash, len, _) = key(&text[range.clone()], false);
            let old = by_text
                .get_mut(&(hash, len))
                .and_then(|ids| ids.pop())
                .and_then(|i| previous[i].take());
            match old {
                Some((mut statement, mut entry)) => {
                    let delta = range.start as isize - statement.range.start as isize;
                    statement.shift(delta);
                    entry.diagnostics.iter_mut().for_each(|d| d.shift(delta));
                    statement.has_syntax_error = node.has_error();
                    statements.push(statement);
                    reused.push(Some(entry));
                }
                None => {
                    stats.lowered += 1;
                    statements.push(lower_statement(*node, text));
                    reused.push(None);
                }
            }
        }
        mark_broken_statements(&mut statements, &errors, text);
        let keys: Vec<StatementKey> = nodes
            .iter()
            .zip(&statements)
            .map(|(node, s)| key(&text[node.byte_range()], s.has_syntax_error))
            .collect();

        let creates = creates_by_name(&statements);
        let mut entries = Vec::with_capacity(statements.len());
        let create_keys: Vec<Option<StatementKey>> = (0..statements.len())
            .map(|i| create_for(&statements, &creates, i).map(|c| keys[c]))
            .collect();
        let create_indexes: Vec<Option<usize>> = (0..statements.len())
            .map(|i| create_for(&statements, &creates, i))
            .collect();
        for (index, statement) in statements.iter().enumerate() {
            let keep = reused[index]
                .take()
                .filter(|e| e.key == keys[index] && e.create_key == create_keys[index]);
            let diagnostics = match keep {
                Some(entry) => entry.diagnostics,
                None => {
                    stats.checked += 1;
                    let create = create_indexes[index].map(|i| &statements[i]);
                    crate::check::check_statement(text, statement, create)
                }
            };
            entries.push(Entry {
                key: keys[index],
                create_key: create_keys[index],
                diagnostics,
            });
        }

        self.syntax = syntax_diagnostics(&errors).collect();
        self.statements = statements;
        self.entries = entries;
        self.syntax_errors = errors;
        self.stats = stats;
    }

    /// Every diagnostic, in no particular order (cheap: nothing is copied).
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.syntax
            .iter()
            .chain(self.entries.iter().flat_map(|e| e.diagnostics.iter()))
    }

    /// Every diagnostic, sorted as `check` sorts them.
    pub fn sorted_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diagnostics().cloned().collect();
        sort(&mut all);
        all
    }

    /// The statement whose range holds `offset` (its end included, for a cursor at the end).
    pub fn statement_at(&self, offset: usize) -> Option<&Statement> {
        let i = self.statements.partition_point(|s| s.range.end < offset);
        self.statements
            .get(i)
            .filter(|s| s.range.start <= offset && offset <= s.range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    const TEXT: &str = "CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP OAUTH_REFRESH_TOKEN_VALIDITY = 1;\n\
                        CREATE SECURITY INTEGRATION b TYPE = OAUTH OAUTH_CLIENT = LOOKERR;\n\
                        ALTER SECURITY INTEGRATION a SET OAUTH_REFRESH_TOKEN_VALIDITY = 2;\n";

    #[test]
    fn incremental_results_equal_a_fresh_check() {
        let mut analysis = DocumentAnalysis::new();
        analysis.update(TEXT, &parse(TEXT, None));
        assert_eq!(analysis.sorted_diagnostics(), crate::check(TEXT));
        let edited = TEXT.replacen("LOOKERR", "LOOKER", 1);
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.sorted_diagnostics(), crate::check(&edited));
    }

    #[test]
    fn an_edit_rechecks_only_the_statement_it_touches() {
        let mut analysis = DocumentAnalysis::new();
        analysis.update(TEXT, &parse(TEXT, None));
        assert_eq!(analysis.stats.checked, 3);
        let edited = format!("-- a comment\n{}", TEXT.replacen("LOOKERR", "LOOKE", 1));
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.stats.lowered, 1);
        assert_eq!(analysis.stats.checked, 1);
        assert_eq!(analysis.sorted_diagnostics(), crate::check(&edited));
    }

    #[test]
    fn changing_a_create_rechecks_its_alter() {
        let mut analysis = DocumentAnalysis::new();
        analysis.update(TEXT, &parse(TEXT, None));
        let edited = TEXT.replacen("TABLEAU_DESKTOP", "TABLEAU_SERVER", 1);
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.stats.checked, 2);
        assert_eq!(analysis.sorted_diagnostics(), crate::check(&edited));
    }

    #[test]
    fn identical_statements_keep_their_own_positions() {
        let text = "CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = X;\nCREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = X;\n";
        let mut analysis = DocumentAnalysis::new();
        analysis.update(text, &parse(text, None));
        let edited = format!("\n{text}");
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.sorted_diagnostics(), crate::check(&edited));
    }
}

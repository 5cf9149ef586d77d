//! Analysis of a document that changes: statements whose text (and whose CREATE, for an
//! ALTER) did not change reuse their lowered form and their diagnostics, so an edit costs
//! what it touches plus a pass over the statement list.

use crate::check::{create_for, creates_by_name, sort};
use crate::diagnostic::Diagnostic;
use crate::model::{lower_statement, mark_broken_statements, Shift, Statement};
use crate::rules::syntax_diagnostics;
use crate::syntax::{integration_statements, syntax_errors, SyntaxError};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tree_sitter::Tree;

/// Identifies a statement's text (and whether a syntax error touches it).
type StatementKey = (u64, usize, bool);

#[derive(Default)]
pub struct DocumentAnalysis {
    lowered: FxHashMap<StatementKey, Arc<Statement>>,
    checked: FxHashMap<(StatementKey, Option<StatementKey>), Arc<Vec<Diagnostic>>>,
    /// The integration statements of the last update, with absolute offsets.
    pub statements: Vec<Statement>,
    pub syntax_errors: Vec<SyntaxError>,
    /// All diagnostics of the last update, sorted.
    pub diagnostics: Vec<Diagnostic>,
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

        let nodes = integration_statements(root);
        stats.statements = nodes.len();
        let mut lowered = FxHashMap::default();
        let mut statements = Vec::with_capacity(nodes.len());
        let mut keys = Vec::with_capacity(nodes.len());
        for node in &nodes {
            let start = node.start_byte();
            // The flag from syntax errors is only known after lowering; lower first, then key.
            let range = node.byte_range();
            let broken_inside = node.has_error();
            let probe = key(&text[range.clone()], broken_inside);
            let mut statement = match self.lowered.get(&probe) {
                Some(cached) => {
                    let mut s = (**cached).clone();
                    s.shift(start as isize);
                    s
                }
                None => {
                    stats.lowered += 1;
                    lower_statement(*node, text)
                }
            };
            let mut relative = statement.clone();
            relative.shift(-(start as isize));
            lowered.insert(probe, Arc::new(relative));
            statement.has_syntax_error = broken_inside;
            statements.push(statement);
            keys.push(probe);
        }
        mark_broken_statements(&mut statements, &errors, text);
        for (k, s) in keys.iter_mut().zip(&statements) {
            k.2 = s.has_syntax_error;
        }

        let creates = creates_by_name(&statements);
        let mut checked = FxHashMap::default();
        let mut diagnostics: Vec<Diagnostic> = syntax_diagnostics(&errors).collect();
        for (index, statement) in statements.iter().enumerate() {
            let create_index = create_for(&statements, &creates, index);
            let create = create_index.map(|i| &statements[i]);
            let create_key = create_index.map(|i| keys[i]);
            let cache_key = (keys[index], create_key);
            let start = statement.range.start as isize;
            let relative = match self.checked.get(&cache_key) {
                Some(cached) => cached.clone(),
                None => {
                    stats.checked += 1;
                    let mut found = crate::check::check_statement(text, statement, create);
                    found.iter_mut().for_each(|d| d.shift(-start));
                    Arc::new(found)
                }
            };
            diagnostics.extend(relative.iter().cloned().map(|mut d| {
                d.shift(start);
                d
            }));
            checked.insert(cache_key, relative);
        }
        sort(&mut diagnostics);

        self.lowered = lowered;
        self.checked = checked;
        self.statements = statements;
        self.syntax_errors = errors;
        self.diagnostics = diagnostics;
        self.stats = stats;
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
        assert_eq!(analysis.diagnostics, crate::check(TEXT));
        let edited = TEXT.replacen("LOOKERR", "LOOKER", 1);
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.diagnostics, crate::check(&edited));
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
        assert_eq!(analysis.diagnostics, crate::check(&edited));
    }

    #[test]
    fn changing_a_create_rechecks_its_alter() {
        let mut analysis = DocumentAnalysis::new();
        analysis.update(TEXT, &parse(TEXT, None));
        let edited = TEXT.replacen("TABLEAU_DESKTOP", "TABLEAU_SERVER", 1);
        analysis.update(&edited, &parse(&edited, None));
        assert_eq!(analysis.stats.checked, 2);
        assert_eq!(analysis.diagnostics, crate::check(&edited));
    }
}

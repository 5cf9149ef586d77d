//! The checker: text in, diagnostics out. The CLI and the language server both call this.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;

/// Parses and checks a whole document with the default settings.
pub fn check(text: &str) -> Vec<Diagnostic> {
    check_with(text, &Settings::default())
}

/// Parses and checks a whole document, statement by statement, as the editor does, then
/// applies suppression comments and the rule settings.
pub fn check_with(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_alone(text, settings)
}

/// Checks one file of a workspace: its statements, with CREATEs from `outside` for the
/// ALTERs it does not create, plus `across` (what the workspace rules found in it); then
/// suppressions and settings.
pub fn check_in(
    text: &str,
    settings: &Settings,
    outside: &dyn crate::semantics::Outside,
    across: &[Diagnostic],
) -> Vec<Diagnostic> {
    let mut document = crate::document::SourceDocument::new(text.to_string());
    document.analysis.recheck_with(text, outside);
    let raw = document
        .analysis
        .diagnostics()
        .chain(across.iter().cloned())
        .collect();
    settings.finish(text, raw)
}

/// Checks a file on its own, the workspace rules included (a file's statements are a
/// workspace of one): what `secint check` reports for a single file. It is read in one pass
/// ([`crate::stream`]), keeping of each statement only what the workspace rules need.
pub fn check_alone(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    let (mut raw, index) = crate::stream::check(text);
    // The workers' heaps held whole statements and trees; the workspace rules need neither.
    if text.len() > crate::document::PARALLEL_BYTES {
        crate::memory::return_free_memory();
    }
    raw.extend(across_index(index));
    settings.finish(text, raw)
}

/// What the editor reports for a document open on its own: its statements' diagnostics and
/// the workspace rules' findings in it alone, then suppressions and settings.
pub fn of_document(
    document: &crate::document::SourceDocument,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let across = across_index(crate::semantics::FileIndex::of_document(document));
    let raw = document.analysis.diagnostics().chain(across).collect();
    settings.finish(&document.text, raw)
}

/// The workspace rules' findings in a file's index, the file on its own.
pub fn across_index(index: crate::semantics::FileIndex) -> Vec<Diagnostic> {
    if index.statement_count() < 2 && index.references.is_empty() {
        return Vec::new();
    }
    let mut workspace = crate::workspace::Workspace::new();
    workspace.set(std::path::Path::new(""), index);
    crate::workspace::check_workspace(&workspace)
        .into_iter()
        .map(|d| d.diagnostic)
        .collect()
}

pub use crate::diagnostic::sort;

/// Checks several texts as one workspace, ordered by their paths: what `secint check` does
/// with the files it is given, for callers that hold the texts (tests, the server).
pub fn check_texts(
    files: &[(std::path::PathBuf, String)],
    settings: &Settings,
) -> Vec<Vec<Diagnostic>> {
    let mut workspace = crate::workspace::Workspace::new();
    for (path, text) in files {
        workspace.set(path, crate::workspace::index_text(path, text));
    }
    let mut found: rustc_hash::FxHashMap<std::sync::Arc<std::path::Path>, Vec<Diagnostic>> =
        Default::default();
    for d in crate::workspace::check_workspace(&workspace) {
        found.entry(d.path).or_default().push(d.diagnostic);
    }
    files
        .iter()
        .map(|(path, text)| {
            let across = found.get(path.as_path()).map_or(&[][..], |v| &v[..]);
            check_in(text, settings, &workspace.outside(path), across)
        })
        .collect()
}

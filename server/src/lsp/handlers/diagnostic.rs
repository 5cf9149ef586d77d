//! Diagnostics: pushed after every change (`textDocument/publishDiagnostics`, sent by the
//! server), or pulled (`textDocument/diagnostic`) by clients that can be told to pull again.

use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::*;

/// A document's diagnostics after settings and suppressions, as a JSON array of protocol
/// diagnostics, with its version; `None` when it is not open. Only what the edits since the
/// last report changed is converted again ([`crate::lsp::published`]).
pub fn published(state: &mut State, uri: &Uri) -> Option<(String, i32)> {
    let suppressions = state.documents.get(uri)?.mentions_secint();
    let excluded = state.settings.is_excluded(uri);
    if !suppressions && !excluded {
        return by_statement(state, uri);
    }
    let visible = state.visible(uri)?;
    let docs_url = state.settings.docs_url(uri);
    let document = state.documents.get_mut(uri)?;
    let mut published = std::mem::take(&mut document.published);
    let marks = std::mem::take(&mut document.marks);
    let (document, positions) = state.document(uri)?;
    let elsewhere = |path: &std::path::Path, range: &std::ops::Range<usize>| {
        super::navigation::location(state, path, range)
    };
    let convert = |d: &crate::diagnostic::Diagnostic| {
        to_proto::diagnostic(d, uri, &positions, docs_url.as_deref(), &elsewhere)
    };
    let json = published.update(visible, &marks, docs_url.as_deref(), &convert);
    let version = document.version;
    state.documents.get_mut(uri)?.published = published;
    Some((json, version))
}

/// [`published`] for a document without suppression comments: only the statements whose
/// diagnostics changed are converted.
fn by_statement(state: &mut State, uri: &Uri) -> Option<(String, i32)> {
    let settings = state.settings_for(uri);
    let docs_url = state.settings.docs_url(uri);
    let mut others = state.across_in(uri);
    let document = state.documents.get_mut(uri)?;
    let mut published = std::mem::take(&mut document.published);
    let marks = std::mem::take(&mut document.marks);
    let (document, positions) = state.document(uri)?;
    others.extend(document.analysis.syntax().iter().cloned());
    let elsewhere = |path: &std::path::Path, range: &std::ops::Range<usize>| {
        super::navigation::location(state, path, range)
    };
    let convert = |d: &crate::diagnostic::Diagnostic| {
        to_proto::diagnostic(d, uri, &positions, docs_url.as_deref(), &elsewhere)
    };
    let sources = crate::lsp::published::Sources {
        analysis: &document.analysis,
        others,
        settings: &settings,
    };
    let position = |offset: usize| positions.position(offset);
    let json =
        published.update_statements(sources, &marks, docs_url.as_deref(), &position, &convert);
    let version = document.version;
    state.documents.get_mut(uri)?.published = published;
    Some((json, version))
}

pub fn pull(state: &mut State, params: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
    let uri = &params.text_document.uri;
    let json = published(state, uri).map_or_else(|| "[]".to_string(), |(json, _)| json);
    // The report's id is a fingerprint of what it says: a client that already has it gets
    // `unchanged` and nothing to convert or send again.
    let result_id = format!("{:016x}", crate::semantics::fingerprint(&json));
    if params.previous_result_id.as_ref() == Some(&result_id) {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        ));
    }
    let items = serde_json::from_str(&json).unwrap_or_default();
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        },
    ))
}

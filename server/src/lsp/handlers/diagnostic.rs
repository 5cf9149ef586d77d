//! Diagnostics: pushed after every change (`textDocument/publishDiagnostics`, sent by the
//! server), or pulled (`textDocument/diagnostic`) by clients that can be told to pull again.

use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::*;

/// A document's diagnostics after settings and suppressions, with its version; `None` when it
/// is not open.
pub fn published(state: &mut State, uri: &Uri) -> Option<(Vec<Diagnostic>, i32)> {
    let visible = state.visible(uri)?;
    let docs_url = state.settings.docs_url(uri);
    let (document, positions) = state.document(uri)?;
    let elsewhere = |path: &std::path::Path, range: &std::ops::Range<usize>| {
        super::navigation::location(state, path, range)
    };
    let diagnostics = visible
        .iter()
        .map(|d| to_proto::diagnostic(d, uri, &positions, docs_url.as_deref(), &elsewhere))
        .collect();
    Some((diagnostics, document.version))
}

pub fn pull(state: &mut State, params: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
    let items = published(state, &params.text_document.uri).map_or(Vec::new(), |(items, _)| items);
    // The report's id is a fingerprint of what it says: a client that already has it gets
    // `unchanged` and nothing to convert or send again.
    let result_id = serde_json::to_string(&items)
        .map(|json| format!("{:016x}", crate::semantics::fingerprint(&json)))
        .ok();
    if result_id.is_some() && params.previous_result_id == result_id {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: result_id.unwrap_or_default(),
                },
            },
        ));
    }
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

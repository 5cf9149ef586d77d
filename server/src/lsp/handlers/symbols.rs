//! `textDocument/documentSymbol`: one symbol per integration statement, its parameters inside.

use crate::ide::outline::document_symbols;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

pub fn document_symbol(
    state: &State,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (document, positions) = state.document(&params.text_document.uri)?;
    let symbols = document_symbols(&document.text, &document.analysis.statements())
        .iter()
        .map(|s| to_proto::document_symbol(s, &positions, SymbolKind::OBJECT))
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

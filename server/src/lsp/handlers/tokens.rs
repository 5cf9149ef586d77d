//! `textDocument/semanticTokens/full`, in the legend `capabilities.rs` announces.

use crate::ide::outline::semantic_tokens_by_line;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{SemanticTokensParams, SemanticTokensResult};

pub fn full(state: &State, params: SemanticTokensParams) -> Option<SemanticTokensResult> {
    let (document, positions) = state.document(&params.text_document.uri)?;
    let pieces = semantic_tokens_by_line(&document.chunks(), &document.text);
    let tokens = to_proto::semantic_tokens(&pieces, &positions);
    Some(SemanticTokensResult::Tokens(tokens))
}

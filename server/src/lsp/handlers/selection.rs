//! `textDocument/selectionRange`: from the word under each cursor out to the document.

use crate::ide::selection::selection_ranges;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{SelectionRange, SelectionRangeParams};

pub fn selection_range(state: &State, params: SelectionRangeParams) -> Option<Vec<SelectionRange>> {
    let (document, positions) = state.document(&params.text_document.uri)?;
    let ranges = params.positions.iter().map(|&at| {
        let offset = positions.offset(at);
        let statements = document.analysis.statements_in(offset..offset);
        let ranges = selection_ranges(&document.text, &statements, offset);
        to_proto::selection_range(&ranges, at, &positions)
    });
    Some(ranges.collect())
}

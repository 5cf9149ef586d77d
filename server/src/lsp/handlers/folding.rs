//! `textDocument/foldingRange`: statements and parenthesised lists that span lines.

use crate::ide::outline::folding_ranges;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeParams};

pub fn folding_range(state: &State, params: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let (document, positions) = state.document(&params.text_document.uri)?;
    let ranges = folding_ranges(&document.analysis.statements());
    Some(
        ranges
            .iter()
            .filter_map(|r| to_proto::folding_range(r, &positions))
            .collect(),
    )
}

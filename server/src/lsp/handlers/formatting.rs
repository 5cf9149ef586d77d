//! `textDocument/formatting` and `rangeFormatting`: the options of the document's
//! `secint.toml` with the editor's indentation; in Markdown, only edits inside SQL blocks.

use crate::format::format_edits;
use crate::lsp::state::State;
use crate::lsp::{from_proto, to_proto};
use tower_lsp_server::ls_types::*;

pub fn formatting(state: &mut State, params: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    format(state, &params.text_document.uri, &params.options, None)
}

pub fn range(state: &mut State, params: DocumentRangeFormattingParams) -> Option<Vec<TextEdit>> {
    let range = Some(params.range);
    format(state, &params.text_document.uri, &params.options, range)
}

fn format(
    state: &mut State,
    uri: &Uri,
    editor: &FormattingOptions,
    range: Option<Range>,
) -> Option<Vec<TextEdit>> {
    let options = from_proto::format_options(&state.settings.format_options(uri), editor);
    let (document, positions) = state.document(uri)?;
    let range = range.map(|r| positions.byte_range(r));
    let edits = format_edits(&document.text, &options, range)
        .into_iter()
        .filter(|e| document.may_edit(&e.range))
        // The formatter already writes the document's own line breaks.
        .map(|e| to_proto::text_edit(&e, &positions, false))
        .collect();
    Some(edits)
}

//! `textDocument/codeAction`: quick fixes and "fix all" for the diagnostics the user sees.

use crate::ide::actions::code_actions;
use crate::lsp::state::State;
use crate::lsp::{from_proto, to_proto};
use tower_lsp_server::ls_types::{CodeActionParams, CodeActionResponse};

pub fn code_action(state: &mut State, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let visible = state.visible(&uri)?;
    let (document, positions) = state.document(&uri)?;
    let kinds = from_proto::action_kinds(params.context.only.as_deref());
    let range = positions.byte_range(params.range);
    let statements = &document.analysis.around(range.clone());
    let crlf = document.text.contains("\r\n");
    let actions: Vec<_> = code_actions(&document.text, statements, &visible, range, kinds)
        .into_iter()
        .map(|action| to_proto::code_action(action, &uri, &positions, crlf))
        .collect();
    (!actions.is_empty()).then_some(actions)
}

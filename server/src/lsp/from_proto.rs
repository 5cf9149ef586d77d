//! Conversions from protocol types to what the analysis takes. Positions go through the
//! document's [`super::document::Positions`].

use super::to_proto::FIX_ALL;
use crate::format::FormatOptions;
use crate::ide::actions::ActionKinds;
use tower_lsp_server::ls_types::{CodeActionKind, FormattingOptions};

/// The editor's indentation (tab size, spaces or tabs) over the configured options.
pub fn format_options(base: &FormatOptions, editor: &FormattingOptions) -> FormatOptions {
    let mut options = base.clone();
    options.indent = (editor.tab_size as usize).clamp(1, 16);
    options.use_tabs = !editor.insert_spaces;
    options
}

/// The actions a code action request's `only` asks for: everything when it is absent; "fix
/// all" only when asked for by a kind it falls under (`source`, `source.fixAll`, …).
pub fn action_kinds(only: Option<&[CodeActionKind]>) -> ActionKinds {
    let Some(only) = only else {
        return ActionKinds {
            quick_fixes: true,
            fix_all: true,
        };
    };
    let quick_fix = CodeActionKind::QUICKFIX;
    ActionKinds {
        quick_fixes: only
            .iter()
            .any(|k| quick_fix.as_str().starts_with(k.as_str())),
        fix_all: only
            .iter()
            .any(|k| !k.as_str().is_empty() && FIX_ALL.starts_with(k.as_str())),
    }
}

//! The language server (the only module that speaks LSP).

pub fn run() -> i32 {
    eprintln!("secint lsp: not built yet");
    2
}

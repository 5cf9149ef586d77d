-- The secint language server for Neovim 0.11+: `vim.lsp.enable('secint')`.
-- Override options with `vim.lsp.config('secint', { cmd = ..., settings = { rules = { ... } } })`.
return require('secint').config()

-- The secint language server for Neovim 0.11+: `vim.lsp.enable('secint')`.
-- Override options with `vim.lsp.config('secint', { cmd = ..., settings = { rules = { ... } } })`.
local secint = require('secint')
local config = secint.config()
-- The root as setup() finds it: with root_markers alone, a file outside any marked folder would
-- start a client without a workspace folder, and the server would index nothing but open buffers.
config.root_dir = function(bufnr, on_dir)
  on_dir(secint.root_dir(bufnr, vim.lsp.config.secint.root_markers))
end
return config

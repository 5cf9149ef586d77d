--- secint for Neovim: the client configuration for the `secint` language server.
---
--- Neovim 0.11+: `lsp/secint.lua` (this plugin's) is found by `vim.lsp.enable('secint')`, and
--- options go through `vim.lsp.config('secint', { ... })`.
--- Neovim 0.8-0.10: `require('secint').setup({ ... })` starts the client on `FileType sql` and `markdown`.
--- Both build the client configuration with `M.config()`, so the options are the same:
---   cmd          the server command (default `{ 'secint', 'lsp' }`, i.e. `secint` on PATH)
---   filetypes    default `{ 'sql', 'markdown' }` (the server checks the ```sql blocks of Markdown)
---   root_markers default `{ '.git', 'secint.toml' }`, in that order of priority; the file's
---                directory when none is found. The server indexes every *.sql under the root
---                for go to definition, references, rename and workspace symbols.
---   settings     sent to the server; `settings.rules` holds severity overrides per diagnostic code,
---                e.g. `{ rules = { placeholder = 'off' } }` (off|error|warning|information|hint)
---   rules        shorthand for `settings.rules` (setup() only)
--- Any other field is passed to `vim.lsp.start` as is (on_attach, capabilities, ...).
local M = {}

M.name = 'secint'

local defaults = {
  name = 'secint',
  cmd = { 'secint', 'lsp' },
  filetypes = { 'sql', 'markdown' },
  root_markers = { '.git', 'secint.toml' },
  settings = {},
}

--- Neovim sends an empty Lua table as a JSON array; the server expects objects.
local function as_object(value)
  if type(value) == 'table' and next(value) == nil then
    return vim.empty_dict()
  end
  return value
end

--- `settings` with itself and its `rules` as JSON objects even when empty.
local function normalize(settings)
  settings = as_object(settings or {})
  if type(settings.rules) == 'table' then
    settings.rules = as_object(settings.rules)
  end
  return settings
end

--- The server reads its rule severities from initializationOptions at start and from
--- workspace/didChangeConfiguration later; both carry the same `settings` table.
local function before_init(params, config)
  params.initializationOptions = normalize(vim.deepcopy(config.settings or {}))
end

--- The client configuration for `vim.lsp.config` / `vim.lsp.start`, with `opts` merged over the defaults.
---@param opts? table
---@return table
function M.config(opts)
  opts = vim.deepcopy(opts or {})
  local rules = opts.rules
  opts.rules = nil
  local config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts)
  if rules then
    config.settings = vim.tbl_deep_extend('force', config.settings or {}, { rules = rules })
  end
  config.settings = normalize(config.settings)
  local user_before_init = config.before_init
  config.before_init = function(params, cfg)
    before_init(params, cfg)
    if user_before_init then
      user_before_init(params, cfg)
    end
  end
  return config
end

--- The options given to the last setup() call (nil before any), for :checkhealth.
M.options = nil

--- The workspace root for `bufnr`: the nearest folder holding the first marker found, trying
--- the markers in order (a repository's `.git` wins over a `secint.toml` further down), else the
--- file's own folder, so that a git-less folder of migrations is still one workspace.
---@param bufnr integer
---@param markers? (string|string[])[] an entry that is a list gives its names equal priority
---@return string
function M.root_dir(bufnr, markers)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local start = file ~= '' and vim.fs.dirname(file) or vim.fn.getcwd()
  for _, marker in ipairs(markers or defaults.root_markers) do
    local found = vim.fs.find(marker, { path = start, upward = true })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return start
end

local function start(bufnr, config)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local client_config = vim.deepcopy(config)
  client_config.root_dir = client_config.root_dir or M.root_dir(bufnr, client_config.root_markers)
  client_config.root_markers = nil
  client_config.filetypes = nil
  -- vim.lsp.start reuses a running client with the same name and root directory.
  vim.lsp.start(client_config, { bufnr = bufnr })
end

--- Starts the secint client for every buffer of the configured filetypes (Neovim 0.8+).
--- On Neovim 0.11+, `vim.lsp.enable('secint')` does the same from `lsp/secint.lua`.
---@param opts? table
function M.setup(opts)
  if not vim.lsp.start then
    vim.notify('secint: Neovim 0.8 or newer is needed (vim.lsp.start)', vim.log.levels.ERROR)
    return
  end
  M.options = opts or {}
  local config = M.config(opts)
  local group = vim.api.nvim_create_augroup('secint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(args.buf, config)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr, config)
    end
  end
end

return M

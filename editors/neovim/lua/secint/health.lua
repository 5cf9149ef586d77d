--- :checkhealth secint — is the server binary there, which version, which clients run.
local M = {}

local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error
local info = health.info or health.report_info

local function clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'secint' })
  end
  return vim.lsp.get_active_clients({ name = 'secint' })
end

--- The command the client runs: a running client's, else setup()'s options, else
--- vim.lsp.config('secint') (0.11+), else the default.
local function configured_cmd()
  local running = clients()[1]
  if running and type(running.config.cmd) == 'table' then
    return running.config.cmd, ('running client %d'):format(running.id)
  end
  local secint = require('secint')
  if secint.options then
    return secint.config(secint.options).cmd, 'setup()'
  end
  local ok, config = pcall(function()
    return vim.lsp.config and vim.lsp.config.secint
  end)
  if ok and config and config.cmd then
    if type(config.cmd) == 'table' then
      return config.cmd, "vim.lsp.config('secint')"
    end
    return nil, "vim.lsp.config('secint') (cmd is a function: not checked)"
  end
  return secint.config().cmd, 'the default'
end

local function run(argv)
  if vim.system then
    local result = vim.system(argv, { text = true }):wait(5000)
    return result.code, (result.stdout or '') .. (result.stderr or '')
  end
  local out = vim.fn.system(argv)
  return vim.v.shell_error, out
end

function M.check()
  start('secint language server')
  if not vim.lsp.start then
    fail('Neovim 0.8 or newer is needed')
  end

  local cmd, origin = configured_cmd()
  if not cmd then
    warn('the server command comes from ' .. origin)
  else
    info(('command: `%s` (from %s)'):format(table.concat(cmd, ' '), origin))
    local exe = vim.fn.exepath(cmd[1])
    if exe == '' then
      fail(('`%s` was not found'):format(cmd[1]), {
        'Install secint (`cargo install --path server` in a secint checkout) and put it on PATH,',
        "or set cmd: vim.lsp.config('secint', { cmd = { '/path/to/secint', 'lsp' } })",
        "(Neovim 0.8-0.10: require('secint').setup({ cmd = { '/path/to/secint', 'lsp' } })).",
      })
    else
      ok('binary found: ' .. exe)
      local code, out = run({ exe, '--version' })
      local version = out:match('secint%s+(%S+)')
      if code == 0 and version then
        ok('version: secint ' .. version)
      else
        fail(('`%s --version` failed (exit %s): %s'):format(exe, tostring(code), vim.trim(out)))
      end
    end
  end

  local running = clients()
  if #running == 0 then
    info('no secint client is running (open a .sql file)')
  end
  for _, client in ipairs(running) do
    local buffers = {}
    for bufnr in pairs(client.attached_buffers or {}) do
      table.insert(buffers, ('%d (%s)'):format(bufnr, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.')))
    end
    table.sort(buffers)
    ok(('client %d running, root %s, attached to %d buffer(s): %s'):format(
      client.id,
      client.config.root_dir or '?',
      #buffers,
      table.concat(buffers, ', ')
    ))
  end
end

return M

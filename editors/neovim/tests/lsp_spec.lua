-- End-to-end test of the secint Neovim plugin against a real `secint` binary.
--
--   SECINT_TEST_SERVER=/path/to/secint SECINT_TEST_MODE=enable|setup \
--     nvim --headless --clean -n -c 'luafile editors/neovim/tests/lsp_spec.lua'
--
-- mode `enable`: lsp/secint.lua through vim.lsp.config + vim.lsp.enable (Neovim 0.11+);
-- mode `setup`:  require('secint').setup() (Neovim 0.8-0.10, still works later).
local this = debug.getinfo(1, 'S').source:sub(2)
local tests_dir = vim.fn.fnamemodify(this, ':p:h')
local plugin_dir = vim.fn.fnamemodify(tests_dir, ':h')
local fixtures_dir = vim.fn.fnamemodify(plugin_dir, ':h') .. '/test-fixtures'
local H = dofile(tests_dir .. '/helpers.lua')
H.deadline(tonumber(os.getenv('SECINT_TEST_DEADLINE_MS') or '') or 90000)

local TIMEOUT = tonumber(os.getenv('SECINT_TEST_TIMEOUT_MS') or '') or 10000
local server = os.getenv('SECINT_TEST_SERVER')
local mode = os.getenv('SECINT_TEST_MODE') or (vim.fn.has('nvim-0.11') == 1 and 'enable' or 'setup')
local severity = vim.diagnostic.severity

local FIX_TITLE = 'Remove EXTERNAL_OAUTH_SCOPE_DELIMITER (unsafe)'
local OAUTH_TYPES = { 'AZURE', 'CUSTOM', 'OKTA', 'PING_FEDERATE' }
local SCIM_CLIENTS = { "'AZURE'", "'GENERIC'", "'OKTA'" }
-- Sent as settings: unknown-parameter lowered to information, placeholder off.
local RULES = { ['unknown-parameter'] = 'information', placeholder = 'off' }

local function get_clients(filter)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)(filter)
end

--- The 0-based number and text of the first line that starts with `prefix` (after indentation).
local function line_of(bufnr, prefix)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if vim.startswith(vim.trim(line), prefix) then
      return i - 1, line
    end
  end
  error('no line starting with ' .. prefix)
end

local function diagnostics(bufnr, code)
  local result = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code == nil or d.code == code then
      table.insert(result, d)
    end
  end
  return result
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags) do
    table.insert(parts, ('%d:%s/%s'):format(d.lnum, tostring(d.code), tostring(d.severity)))
  end
  return '{' .. table.concat(parts, ', ') .. '}'
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  H.check(responses, '%s: no answer (%s)', method, tostring(err))
  for _, response in pairs(responses) do
    H.check(not response.error, '%s: error %s', method, vim.inspect(response.error))
    return response.result
  end
  error(method .. ': no client answered')
end

--- Replaces the line starting with `prefix` by `typed`, asks for completion at its end, and
--- returns the sorted labels.
local function complete_after(bufnr, prefix, typed)
  local line = line_of(bufnr, prefix)
  vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, { typed })
  local result = request(bufnr, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = #typed },
    context = { triggerKind = 1 },
  })
  H.check(result, 'no completion result')
  local labels = {}
  for _, item in ipairs(result.items or result) do
    table.insert(labels, item.label)
  end
  table.sort(labels)
  return labels
end

local function text_of_hover(contents)
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, c in ipairs(contents) do
    table.insert(parts, type(c) == 'string' and c or c.value)
  end
  return table.concat(parts, '\n')
end

local function open_copy(name)
  local dir = vim.g.secint_test_dir
  vim.fn.writefile(vim.fn.readfile(fixtures_dir .. '/' .. name), dir .. '/' .. name)
  vim.cmd.edit(vim.fn.fnameescape(dir .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local ok, err = xpcall(function()
  H.check(server and server ~= '', 'SECINT_TEST_SERVER is not set')
  H.check(vim.fn.executable(server) == 1, 'SECINT_TEST_SERVER=%s is not executable', server)
  vim.opt.runtimepath:prepend(plugin_dir)
  -- A git-less temporary root, so the fixtures are never edited in place.
  vim.g.secint_test_dir = vim.fn.tempname()
  vim.fn.mkdir(vim.g.secint_test_dir, 'p')

  H.test(('configure the client (%s)'):format(mode), function()
    if mode == 'enable' then
      H.check(vim.lsp.enable ~= nil, 'vim.lsp.enable needs Neovim 0.11+')
      vim.lsp.config('secint', { cmd = { server, 'lsp' }, settings = { rules = RULES } })
      H.check(vim.lsp.config.secint.cmd[1] == server, 'lsp/secint.lua was not picked up from the runtimepath')
      vim.lsp.enable('secint')
    else
      require('secint').setup({ cmd = { server, 'lsp' }, rules = RULES })
    end
  end)

  local buf = open_copy('okta_mistakes.sql')
  H.check(vim.bo[buf].filetype == 'sql', 'filetype is %s, not sql', vim.bo[buf].filetype)

  local client
  H.test('client `secint` starts and attaches to the .sql buffer', function()
    client = H.wait(TIMEOUT, 'an initialized client named secint', function()
      return get_clients({ bufnr = buf, name = 'secint' })[1]
    end)
    H.check(client.name == 'secint', 'client name %s', client.name)
  end)
  if not client then
    return
  end

  local delimiter_line = line_of(buf, 'EXTERNAL_OAUTH_SCOPE_DELIMITER')
  local misspelled_line = line_of(buf, 'EXTERNAL_OAUTH_ANY_ROLE_MOD ')

  H.test('diagnostics: not-applicable on EXTERNAL_OAUTH_SCOPE_DELIMITER', function()
    local d = H.wait(TIMEOUT, 'a not-applicable diagnostic', function()
      return diagnostics(buf, 'not-applicable')[1]
    end)
    H.check(d.lnum == delimiter_line, 'not-applicable on line %d, expected %d', d.lnum, delimiter_line)
    H.check(d.source == 'secint', 'source is %s', tostring(d.source))
    H.check(d.message:find('EXTERNAL_OAUTH_SCOPE_DELIMITER', 1, true), 'message does not name the parameter: %s', d.message)
  end)

  H.test('diagnostics: unknown-parameter on the misspelled parameter', function()
    local d = H.wait(TIMEOUT, 'an unknown-parameter diagnostic', function()
      return diagnostics(buf, 'unknown-parameter')[1]
    end)
    H.check(d.lnum == misspelled_line, 'unknown-parameter on line %d, expected %d', d.lnum, misspelled_line)
    H.check(d.message:find('EXTERNAL_OAUTH_ANY_ROLE_MODE', 1, true), 'no did-you-mean in: %s', d.message)
  end)

  H.test('rule overrides from settings: unknown-parameter is information, placeholder is off', function()
    local d = diagnostics(buf, 'unknown-parameter')[1]
    H.check(d, 'no unknown-parameter diagnostic')
    H.check(d.severity == severity.INFO, 'unknown-parameter has severity %s, expected INFO (rules not applied)', d.severity)
    H.check(#diagnostics(buf, 'placeholder') == 0, 'placeholder reported although off: %s', describe(diagnostics(buf)))
  end)

  H.test('hover on EXTERNAL_OAUTH_TYPE shows its doc and values', function()
    local line, text = line_of(buf, 'EXTERNAL_OAUTH_TYPE =')
    local result = request(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line, character = text:find('EXTERNAL_OAUTH_TYPE', 1, true) + 2 },
    })
    H.check(result and result.contents, 'no hover')
    local hover = text_of_hover(result.contents)
    H.check(#hover > 40, 'hover too short: %q', hover)
    for _, value in ipairs(OAUTH_TYPES) do
      H.check(hover:find(value, 1, true), 'hover does not mention %s: %q', value, hover)
    end
  end)

  H.test('hover on EXTERNAL_OAUTH_ISSUER explains the parameter', function()
    local line, text = line_of(buf, 'EXTERNAL_OAUTH_ISSUER')
    local result = request(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line, character = text:find('EXTERNAL_OAUTH_ISSUER', 1, true) + 4 },
    })
    H.check(result and result.contents, 'no hover')
    local hover = text_of_hover(result.contents)
    H.check(hover:lower():find('issuer', 1, true) and #hover > 40, 'hover has no doc: %q', hover)
  end)

  H.test('hover lines for the float show names without Markdown escapes', function()
    local line, text = line_of(buf, 'CREATE SECURITY INTEGRATION')
    local result = request(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line, character = #text - 2 },
    })
    H.check(result and result.contents, 'no hover')
    -- The lines the hover handler puts in its float (the Markdown highlighter, when Neovim has
    -- one, only conceals code-span backticks: an escape would stay visible).
    local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
    local shown = table.concat(lines, '\n')
    H.check(shown:find('EXTERNAL_OAUTH_TYPE', 1, true), 'float does not show the variant: %s', shown)
    H.check(not shown:find('\\_', 1, true) and not shown:find('\\.', 1, true), 'stray escapes in the float: %s', shown)
  end)

  H.test('a secint.toml beside the file sets its rules', function()
    local dir = vim.g.secint_test_dir .. '/configured'
    vim.fn.mkdir(dir, 'p')
    vim.fn.writefile({ '[rules]', 'not-applicable = "off"' }, dir .. '/secint.toml')
    vim.fn.writefile(vim.fn.readfile(fixtures_dir .. '/okta_mistakes.sql'), dir .. '/okta_mistakes.sql')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/okta_mistakes.sql'))
    local configured = vim.api.nvim_get_current_buf()
    H.wait(TIMEOUT, 'diagnostics in the configured folder', function()
      return diagnostics(configured, 'unknown-parameter')[1]
    end)
    H.check(#diagnostics(configured, 'not-applicable') == 0, 'not-applicable shown although secint.toml turns it off: %s', describe(diagnostics(configured)))
    vim.cmd.buffer(buf)
  end)

  H.test('quick fix "' .. FIX_TITLE .. '" through vim.lsp.buf.code_action', function()
    local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    local expected = vim.deepcopy(before)
    table.remove(expected, delimiter_line + 1)
    vim.api.nvim_win_set_cursor(0, { delimiter_line + 1, 4 })
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        return action.title == FIX_TITLE
      end,
    })
    H.wait(TIMEOUT, 'the buffer to change', function()
      return not vim.deep_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), before)
    end)
    local after = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    H.check(vim.deep_equal(after, expected), 'buffer after the fix:\n%s\nexpected:\n%s',
      table.concat(after, '\n'), table.concat(expected, '\n'))
    H.wait(TIMEOUT, 'the not-applicable diagnostic to go', function()
      return #diagnostics(buf, 'not-applicable') == 0
    end)
  end)

  H.test('workspace/didChangeConfiguration: placeholder back on', function()
    local settings = { rules = vim.empty_dict() }
    client.config.settings = settings
    if client.settings then
      client.settings = settings
    end
    local params = { settings = settings }
    if vim.fn.has('nvim-0.11') == 1 then
      client:notify('workspace/didChangeConfiguration', params)
    else
      client.notify('workspace/didChangeConfiguration', params)
    end
    H.wait(TIMEOUT, 'a placeholder diagnostic', function()
      return diagnostics(buf, 'placeholder')[1]
    end)
  end)

  local valid = open_copy('okta_valid.sql')
  H.test('a valid statement has no errors', function()
    H.wait(TIMEOUT, 'the client to attach to the second buffer', function()
      return get_clients({ bufnr = valid, name = 'secint' })[1]
    end)
    -- Diagnostics may be empty from the start: give the server a moment to publish.
    vim.wait(500)
    local errors = vim.diagnostic.get(valid, { severity = severity.ERROR })
    H.check(#errors == 0, 'errors on a valid statement: %s', describe(errors))
  end)

  H.test('completion after `EXTERNAL_OAUTH_TYPE = ` is exactly the four IdPs', function()
    local labels = complete_after(valid, 'EXTERNAL_OAUTH_TYPE = OKTA', '  EXTERNAL_OAUTH_TYPE = ')
    H.check(vim.deep_equal(labels, OAUTH_TYPES), 'completion labels: %s', table.concat(labels, ', '))
  end)

  local messy = open_copy('okta_messy.sql')
  H.test('vim.lsp.buf.format() lays out the statement as `secint format` does', function()
    H.wait(TIMEOUT, 'the client to attach to the third buffer', function()
      return get_clients({ bufnr = messy, name = 'secint' })[1]
    end)
    local expected = vim.fn.systemlist({ server, 'format', '-' }, vim.fn.readfile(fixtures_dir .. '/okta_messy.sql'))
    H.check(vim.v.shell_error == 0, 'secint format - failed: %s', table.concat(expected, '\n'))
    H.check(expected[3] == '  TYPE = EXTERNAL_OAUTH', 'secint format - printed:\n%s', table.concat(expected, '\n'))
    -- The server indents as the editor does: two spaces here (tabs with 'noexpandtab').
    vim.bo[messy].expandtab = true
    vim.bo[messy].shiftwidth = 2
    vim.lsp.buf.format({ bufnr = messy, async = false, timeout_ms = TIMEOUT })
    local after = vim.api.nvim_buf_get_lines(messy, 0, -1, false)
    H.check(vim.deep_equal(after, expected), 'buffer after formatting:\n%s\nexpected:\n%s',
      table.concat(after, '\n'), table.concat(expected, '\n'))
  end)
  -- Neovim 0.12's markdown ftplugin starts the tree-sitter markdown parser, which the Debian
  -- package unpacked for these tests leaves out (a separate package); detection still sets the
  -- filetype, which is all the client needs.
  vim.cmd('filetype plugin off')
  local runbook = open_copy('okta_runbook.md')
  H.test('a Markdown runbook: the ```sql block is checked at its line and column', function()
    H.check(vim.bo[runbook].filetype == 'markdown', 'filetype is %s, not markdown', vim.bo[runbook].filetype)
    H.wait(TIMEOUT, 'the client to attach to the markdown buffer', function()
      return get_clients({ bufnr = runbook, name = 'secint' })[1]
    end)
    local d = H.wait(TIMEOUT, 'an unknown-parameter diagnostic in the runbook', function()
      return diagnostics(runbook, 'unknown-parameter')[1]
    end)
    -- Line 15, after `  /* ☕ */ ` (12 bytes: Neovim counts columns in bytes).
    H.check(d.lnum == 14 and d.col == 12, 'unknown-parameter at %d:%d, expected 14:12', d.lnum, d.col)
    vim.wait(300)
    -- Only the ```sql block (lines 5-15; other files in the folder may add a cross-file warning
    -- there, such as value-in-use on the issuer they share).
    local all = diagnostics(runbook)
    local outside = vim.tbl_filter(function(x)
      return x.lnum < 5 or x.lnum > 14
    end, all)
    H.check(#outside == 0, 'the python block or the prose was checked: %s', describe(all))
  end)

  local other_kinds = open_copy('saml2_scim.sql')
  H.test("SAML2: invalid-value error on SAML2_PROVIDER = 'AzureAD'", function()
    local line = line_of(other_kinds, "SAML2_PROVIDER = 'AzureAD'")
    local d = H.wait(TIMEOUT, 'an invalid-value diagnostic', function()
      return diagnostics(other_kinds, 'invalid-value')[1]
    end)
    H.check(d.lnum == line, 'invalid-value on line %d, expected %d', d.lnum, line)
    H.check(d.severity == severity.ERROR, 'severity %s', tostring(d.severity))
    H.check(d.message:find("'CUSTOM'", 1, true), 'message does not suggest CUSTOM: %s', d.message)
  end)

  H.test('completion after `SCIM_CLIENT = ` is exactly the three clients', function()
    local labels = complete_after(other_kinds, "SCIM_CLIENT = 'OKTA'", '  SCIM_CLIENT = ')
    H.check(vim.deep_equal(labels, SCIM_CLIENTS), 'completion labels: %s', table.concat(labels, ', '))
  end)

  -- A git-less repository of migrations: its secint.toml marks the root, which the server indexes.
  local warehouse = vim.fs.normalize(vim.g.secint_test_dir .. '/warehouse')
  for _, name in ipairs({ 'secint.toml', 'migrations/V001__create.sql', 'migrations/V002__grants.sql' }) do
    vim.fn.mkdir(vim.fs.dirname(warehouse .. '/' .. name), 'p')
    vim.fn.writefile(vim.fn.readfile(fixtures_dir .. '/warehouse/' .. name), warehouse .. '/' .. name)
  end
  local v1_path = warehouse .. '/migrations/V001__create.sql'
  vim.cmd.edit(vim.fn.fnameescape(warehouse .. '/migrations/V002__grants.sql'))
  local grants = vim.api.nvim_get_current_buf()
  local nav_client
  H.test('a git-less folder with a secint.toml is the root_dir of its own client', function()
    nav_client = H.wait(TIMEOUT, 'a client attached to V002__grants.sql', function()
      return get_clients({ bufnr = grants, name = 'secint' })[1]
    end)
    H.check(nav_client.config.root_dir == warehouse, 'root_dir is %s, expected %s', tostring(nav_client.config.root_dir), warehouse)
    local folders = nav_client.workspace_folders or {}
    H.check(#folders == 1 and folders[1].name == warehouse, 'workspace folders: %s', vim.inspect(folders))
    H.check(nav_client.id ~= client.id, 'the buffer joined the client of %s', tostring(client.config.root_dir))
  end)

  H.test('workspace symbols: vim.lsp.buf.workspace_symbol("okta") finds okta_bi in the unopened V001', function()
    H.check(nav_client, 'no client')
    -- The folder is indexed in the background: ask until the answer names the CREATE.
    H.wait(TIMEOUT, 'okta_bi among the workspace symbols', function()
      local result = request(grants, 'workspace/symbol', { query = 'okta' })
      return result and #result > 0
    end)
    vim.fn.setqflist({}, 'r', { items = {} })
    vim.lsp.buf.workspace_symbol('okta')
    local items = H.wait(TIMEOUT, 'the quickfix list', function()
      local items = vim.fn.getqflist()
      return #items > 0 and items
    end)
    vim.cmd.cclose()
    vim.cmd.buffer(grants)
    H.check(#items == 1, 'quickfix items: %s', vim.inspect(items))
    local item = items[1]
    H.check(vim.api.nvim_buf_get_name(item.bufnr) == v1_path, 'symbol in %s', vim.api.nvim_buf_get_name(item.bufnr))
    H.check(item.lnum == 1 and item.col == 29, 'symbol at %d:%d, expected 1:29', item.lnum, item.col)
    H.check(item.text:find('okta_bi', 1, true), 'quickfix text: %s', item.text)
  end)

  H.test('vim.lsp.buf.definition() on okta_bi in an ALTER jumps to the CREATE in V001', function()
    local line, text = line_of(grants, 'ALTER SECURITY INTEGRATION okta_bi')
    vim.api.nvim_win_set_cursor(0, { line + 1, text:find('okta_bi', 1, true) + 2 })
    vim.lsp.buf.definition()
    H.wait(TIMEOUT, 'the jump to V001__create.sql', function()
      return vim.api.nvim_buf_get_name(0) == v1_path
    end)
    local cursor = vim.api.nvim_win_get_cursor(0)
    H.check(cursor[1] == 1 and cursor[2] == 28, 'cursor at %d:%d, expected 1:28 (the name after CREATE SECURITY INTEGRATION)', cursor[1], cursor[2])
    H.wait(TIMEOUT, 'the client to attach to V001', function()
      return vim.lsp.buf_is_attached(0, nav_client.id)
    end)
  end)

  local creates = vim.fn.bufnr(v1_path)
  H.test("vim.lsp.buf.rename('okta_reporting') on OKTA_BI rewrites both files", function()
    vim.cmd.buffer(grants)
    local line, text = line_of(grants, 'GRANT USE_ANY_ROLE')
    vim.api.nvim_win_set_cursor(0, { line + 1, (text:find('OKTA_BI', 1, true)) })
    local v1_before = vim.api.nvim_buf_get_lines(creates, 0, -1, false)
    local v2_before = vim.api.nvim_buf_get_lines(grants, 0, -1, false)
    vim.lsp.buf.rename('okta_reporting')
    H.wait(TIMEOUT, 'both buffers to change', function()
      return not vim.deep_equal(vim.api.nvim_buf_get_lines(creates, 0, -1, false), v1_before)
        and not vim.deep_equal(vim.api.nvim_buf_get_lines(grants, 0, -1, false), v2_before)
    end)
    local function renamed(lines)
      return vim.tbl_map(function(l)
        return (l:gsub('okta_bi', 'okta_reporting'):gsub('OKTA_BI', 'okta_reporting'))
      end, lines)
    end
    for _, case in ipairs({ { creates, v1_before }, { grants, v2_before } }) do
      local after = vim.api.nvim_buf_get_lines(case[1], 0, -1, false)
      local expected = renamed(case[2])
      H.check(vim.deep_equal(after, expected), '%s after the rename:\n%s\nexpected:\n%s',
        vim.fn.fnamemodify(vim.api.nvim_buf_get_name(case[1]), ':t'), table.concat(after, '\n'), table.concat(expected, '\n'))
    end
    H.check(vim.api.nvim_get_current_buf() == grants, 'the rename moved to buffer %s', vim.api.nvim_buf_get_name(0))
  end)

  H.test('rename to an empty name is refused with the server\'s message', function()
    local line, text = line_of(grants, 'ALTER SECURITY INTEGRATION "dbt Cloud"')
    local responses = vim.lsp.buf_request_sync(grants, 'textDocument/rename', {
      textDocument = { uri = vim.uri_from_bufnr(grants) },
      position = { line = line, character = (text:find('dbt', 1, true)) },
      newName = '',
    }, TIMEOUT)
    local response = responses and responses[nav_client.id]
    H.check(response and response.error, 'no error: %s', vim.inspect(responses))
    H.check(response.error.message:find('cannot be empty', 1, true), 'message: %s', response.error.message)
  end)

  H.test(':checkhealth secint', function()
    vim.cmd('checkhealth secint')
    local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    H.check(report:find('binary found: ' .. server, 1, true), 'no "binary found" in:\n%s', report)
    H.check(report:find('version: secint ', 1, true), 'no version in:\n%s', report)
    H.check(report:find('client %d+ running'), 'no running client in:\n%s', report)
    H.check(not report:find('ERROR'), 'errors in:\n%s', report)
  end)
end, debug.traceback)

if not ok then
  H.test('the test script itself', function()
    error(err, 0)
  end)
end
H.finish()

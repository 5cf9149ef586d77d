-- A tiny test harness for headless Neovim: each test prints one `PASS name` or `FAIL name: why`
-- line on stdout; finish() exits with 0 when all passed, 1 otherwise.
local H = {}

local label = os.getenv('SECINT_TEST_LABEL') or ('neovim-' .. tostring(vim.version()))
local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end

function H.log(msg)
  if os.getenv('SECINT_TEST_VERBOSE') == '1' then
    out('  # ' .. msg)
  end
end

--- Runs fn; an error (from H.check or elsewhere) fails the test and the next one runs.
function H.test(name, fn)
  local started = vim.uv and vim.uv.hrtime() or vim.loop.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local ms = ((vim.uv and vim.uv.hrtime() or vim.loop.hrtime()) - started) / 1e6
  if ok then
    passed = passed + 1
    out(('PASS %s: %s (%d ms)'):format(label, name, ms))
  else
    failed = failed + 1
    local msg = tostring(err)
    -- The first line says what failed; the traceback only when asked for.
    if os.getenv('SECINT_TEST_VERBOSE') ~= '1' then
      msg = msg:match('^[^\n]*')
    end
    out(('FAIL %s: %s: %s'):format(label, name, msg))
  end
  return ok
end

function H.check(cond, fmt, ...)
  if not cond then
    error(select('#', ...) > 0 and fmt:format(...) or fmt, 2)
  end
end

--- Waits until fn() returns a truthy value; errors with `what` after timeout_ms.
function H.wait(timeout_ms, what, fn)
  local value
  local ok = vim.wait(timeout_ms, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error(('timed out after %d ms waiting for %s'):format(timeout_ms, what), 2)
  end
  return value
end

function H.finish()
  out(('SUMMARY %s: %d passed, %d failed'):format(label, passed, failed))
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

--- Stops everything after `ms` even if a test hangs inside a request.
function H.deadline(ms)
  local timer = (vim.uv or vim.loop).new_timer()
  timer:start(ms, 0, function()
    out(('FAIL %s: the whole run took longer than %d ms'):format(label, ms))
    os.exit(3)
  end)
end

return H

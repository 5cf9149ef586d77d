#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust suites (unit, fixtures, CLI, LSP end to end,
# property tests), the benchmark comparison script on a tiny workload (bench/compare, secint
# only, no network), then the editor suites in real Neovim and VS Code when editors/install.sh
# has installed them (SECINT_REQUIRE_EDITORS=1 makes a missing editor a failure), then the
# packaging suite: wheel, pre-commit hook, CI example (scripts/test-packaging.sh;
# SECINT_REQUIRE_PACKAGING=1 makes missing tools a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc -p secint --no-deps --locked
echo "==> cargo test"
cargo test --workspace --locked
echo "==> benchmark comparison script (tiny workload, secint only)"
cargo build -p secint -p secint-bench --bins --locked
python3 bench/compare/test_compare.py target/debug/secint target/debug/workload
echo "==> editors"
status=0
bash editors/test.sh target/debug/secint || status=$?
echo "==> packaging"
bash scripts/test-packaging.sh || status=$?
exit $status

#!/usr/bin/env bash
# Regenerates src/ from grammar.js on top of tree-sitter-sequel's grammar.
# Needs tree-sitter-cli 0.27.1 (`cargo install tree-sitter-cli --version 0.27.1 --locked`) and node.
set -euo pipefail
cd "$(dirname "$0")"

base_dir=$(cargo metadata --format-version 1 --manifest-path Cargo.toml |
  python3 -c 'import json,sys,os; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="tree-sitter-sequel"))')
base_version=$(python3 -c 'import sys,tomllib; print(tomllib.load(open(sys.argv[1],"rb"))["package"]["version"])' "$base_dir/Cargo.toml")

export SEQUEL_GRAMMAR="$base_dir/grammar.js"
tree-sitter generate --abi 15
# The base's external scanner, renamed for this grammar, with our fixes (leaks found by fuzz/).
sed 's/tree_sitter_sql_external_scanner/tree_sitter_secint_sql_external_scanner/g' "$base_dir/src/scanner.c" > src/scanner.c
patch --quiet src/scanner.c scanner.patch
rm -f src/grammar.json.tmp
sha=$(sha256sum grammar.js | cut -d' ' -f1)
printf 'grammar.js sha256 %s\ntree-sitter-sequel %s\n' "$sha" "$base_version" > src/GRAMMAR_HASH
echo "regenerated from tree-sitter-sequel $base_version"

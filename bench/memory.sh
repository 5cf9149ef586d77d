#!/usr/bin/env bash
# Where `secint check` puts its memory on one big file: peak RSS (GNU time) and, when heaptrack
# is installed, peak heap and its largest consumers.
#
#   bash bench/memory.sh [BYTES]        default 4000000; the release build must be there
#                                       (cargo build --release -p secint -p secint-bench)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bytes="${1:-4000000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$root/target/release/workload" --bytes "$bytes" -o "$dir/big.sql"
/usr/bin/time -f "secint check: %e s, peak RSS %M KiB" \
  "$root/target/release/secint" check "$dir/big.sql" >/dev/null || true
if command -v heaptrack >/dev/null; then
  heaptrack -o "$dir/heap" "$root/target/release/secint" check "$dir/big.sql" >/dev/null 2>&1 || true
  heaptrack_print -f "$dir"/heap.*zst --print-peaks 1 -n 6 -s 0 2>/dev/null |
    grep -E "peak memory consumed|peak heap|peak RSS|^  at (server|/root/.cargo)" || true
else
  echo "heaptrack not installed: peak heap not measured"
fi

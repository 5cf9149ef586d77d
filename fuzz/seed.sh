#!/bin/sh
# Seeds the fuzz corpora from the test fixtures, without their expectation lines
# (`-- ^^^ error[…]`, `-- (col N) ^^^ …`), and from seeds/ (CRLF, CR, BOM, `$$`: what the
# fixtures lack). Run from anywhere; files already in a corpus stay.
set -eu
cd "$(dirname "$0")"
for target in check fixes edits format; do
    mkdir -p "corpus/$target"
done
find ../tests/fixtures seeds -name '*.sql' | sort | while read -r file; do
    name=$(echo "${file#../tests/fixtures/}" | tr / _)
    stripped=$(mktemp)
    grep -Ev '^[[:space:]]*--[[:space:]]*(\(col [0-9]+\)[[:space:]]*)?\^' "$file" >"$stripped" || true
    cp "$stripped" "corpus/check/$name"
    cp "$stripped" "corpus/fixes/$name"
    # format: an options byte, then the text.
    { printf '\000'; cat "$stripped"; } >"corpus/format/$name"
    # edits: the text, a NUL, then a short edit script for libFuzzer to grow.
    { cat "$stripped"; printf '\000\001\001\000\003\004\005\006\000\002'; } >"corpus/edits/$name"
    rm -f "$stripped"
done
echo "seeded $(find ../tests/fixtures seeds -name '*.sql' | wc -l) inputs per target in $(pwd)/corpus"

#!/usr/bin/env bash
# Advisor summaries at scale: generate a council of N households (default
# 10,000), run the night on it, then time `debt-batch summary --all`, which
# loads the night's output files and writes a page and a Markdown file for
# every household (a plan for each household with a statement) and the index.
# Results go in BENCHMARKS.md. Run from the repository root after
# `cargo build --release -p debt-batch`.
set -euo pipefail
N="${1:-10000}"
DIR="${2:-/tmp/debt-summaries-bench}"
BIN="${BIN:-target/release/debt-batch}"
AS_OF="${AS_OF:-2026-11-20}"
rm -rf "$DIR"
mkdir -p "$DIR"
"$BIN" generate --households "$N" --seed 1 --out "$DIR/council" >/dev/null
set +e
"$BIN" run --config "$DIR/council/sources.toml" --as-of "$AS_OF" --out "$DIR/out" >"$DIR/run.log" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
  cat "$DIR/run.log" >&2
  exit "$code"
fi
echo "night: $(grep -o '"summaries": [0-9]*' "$DIR/out/manifest.json") written by the run; households: $(($(wc -l <"$DIR/out/households.csv") - 1))"
/usr/bin/time -f "summary --all: %e s wall, %M KB peak" "$BIN" summary --all --out "$DIR/out" --to "$DIR/all"

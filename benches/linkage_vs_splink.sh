#!/usr/bin/env bash
# Record linkage benchmark: `debt-batch link` against Splink (the Ministry of
# Justice's probabilistic linker, DuckDB backend) on the same labelled
# evaluation set.
#
#   bash benches/linkage_vs_splink.sh [PEOPLE]      (default 100000; SEED=1 in the environment)
#
# 1. builds target/release/debt-batch (cargo skips it when up to date);
# 2. generates the evaluation set into benches/data/linkage-PEOPLE/ (gitignored)
#    with `debt-batch generate-persons` unless it is already there for the same
#    people and seed (records.csv, llpg.csv, truth.csv, noise.csv; see
#    synth/src/persons.rs for its shape and noise);
# 3. creates benches/.venv with Splink 4 (pip; it brings DuckDB) unless it is there;
# 4. measures with /usr/bin/time -v (wall time, maximum resident set size):
#    (a) debt-batch link --records DIR/records.csv --gazetteer DIR/llpg.csv --out DIR/ours
#        (skipped, with a note, when this debt-batch has no `link` subcommand);
#    (b) benches/splink_eval.py DIR: Splink dedupe, trained (u by random sampling,
#        m by EM) and clustered at match probability 0.9 and 0.99;
# 5. scores both against the truth (benches/splink_eval.py --score DIR: pairwise
#    precision, recall and F1 of persons; for ours also UPRN accuracy and forced
#    matches) and prints a markdown table (also in DIR/scores.json).
set -euo pipefail

PEOPLE="${1:-100000}"
SEED="${SEED:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="benches/.venv"
BIN="target/release/debt-batch"
if [ "$SEED" = "1" ]; then
    DIR="benches/data/linkage-$PEOPLE"
else
    DIR="benches/data/linkage-$PEOPLE-seed$SEED"
fi

case "$PEOPLE" in
    ''|*[!0-9]*) echo "usage: bash benches/linkage_vs_splink.sh [PEOPLE]" >&2; exit 64 ;;
esac
case "$SEED" in
    ''|*[!0-9]*) echo "SEED must be a number" >&2; exit 64 ;;
esac

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

# Seconds from /usr/bin/time's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\) time/ {
        n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i];
        printf "%.2f", s }' "$1"
}
peak_mb() {
    awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
}
exit_status() {
    awk -F': ' '/Exit status/ { print $2 }' "$1"
}

if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time"
    as_root apt-get install -y time >/dev/null 2>&1 || { as_root apt-get update >/dev/null && as_root apt-get install -y time >/dev/null; }
fi

echo "== build"
if ! cargo build --release -p debt-batch; then
    if [ -x "$BIN" ]; then
        echo "the build failed; going on with the existing $BIN" >&2
    else
        exit 1
    fi
fi

echo "== data: $PEOPLE people, seed $SEED in $DIR"
# The set is reused only when it was made for the same people and seed by the
# same generator: a small sample of this binary's output stands for the
# generator (a new column or a new habit changes it).
SAMPLE=$(d=$(mktemp -d) && "$BIN" generate-persons --people 500 --seed 1 --out "$d" >/dev/null && cat "$d/records.csv" "$d/llpg.csv" | sha256sum | cut -c1-16; rm -rf "$d")
WANT="people=$PEOPLE seed=$SEED generator=$SAMPLE"
if [ -f "$DIR/records.csv" ] && [ -f "$DIR/llpg.csv" ] && [ "$(cat "$DIR/.generated" 2>/dev/null)" = "$WANT" ]; then
    echo "using the existing $DIR"
else
    rm -rf "$DIR"
    mkdir -p "$DIR"
    started=$(date +%s.%N)
    "$BIN" generate-persons --people "$PEOPLE" --seed "$SEED" --out "$DIR"
    echo "$WANT" > "$DIR/.generated"
    echo "generated in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
fi
RECORDS=$(( $(wc -l < "$DIR/records.csv") - 1 ))
PROPERTIES=$(( $(wc -l < "$DIR/llpg.csv") - 1 ))
echo "records.csv: $RECORDS person records; llpg.csv: $PROPERTIES properties"

echo "== python environment ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import sys, splink, duckdb; sys.exit(0 if splink.__version__.startswith("4.") else 1)' 2>/dev/null; then
    # Splink 4: the API splink_eval.py is written against (Splink 5 changed the
    # Linker's constructor).
    "$VENV/bin/pip" install --quiet "splink>=4,<5"
fi
SPLINK_VERSION=$("$VENV/bin/python" -c 'import splink, duckdb; print(f"splink {splink.__version__}, duckdb {duckdb.__version__}")')
echo "$SPLINK_VERSION"

echo "tool,seconds,peak_rss_mb" > "$DIR/timings.csv"

echo "== (a) debt-batch link"
rm -rf "$DIR/ours"
if "$BIN" link --help >/dev/null 2>&1; then
    /usr/bin/time -v -o "$DIR/ours.time" "$BIN" link \
        --records "$DIR/records.csv" --gazetteer "$DIR/llpg.csv" --out "$DIR/ours" \
        2>&1 | tee "$DIR/ours.log" || true
    if [ "$(exit_status "$DIR/ours.time")" = "0" ] && [ -f "$DIR/ours/records.csv" ]; then
        echo "ours,$(wall_seconds "$DIR/ours.time"),$(peak_mb "$DIR/ours.time")" >> "$DIR/timings.csv"
    else
        echo "debt-batch link failed (exit $(exit_status "$DIR/ours.time")); see $DIR/ours.log" >&2
    fi
else
    echo "this debt-batch has no 'link' subcommand yet: Splink only"
fi

echo "== (b) Splink"
rm -rf "$DIR/splink"
if /usr/bin/time -v -o "$DIR/splink.time" "$VENV/bin/python" benches/splink_eval.py "$DIR"; then
    echo "splink,$(wall_seconds "$DIR/splink.time"),$(peak_mb "$DIR/splink.time")" >> "$DIR/timings.csv"
else
    echo "Splink failed (exit $(exit_status "$DIR/splink.time"))" >&2
fi

echo
echo "== results: $PEOPLE people, $RECORDS records, seed $SEED; $SPLINK_VERSION; $(nproc) cores"
"$VENV/bin/python" benches/splink_eval.py --score "$DIR"

#!/usr/bin/env bash
# End-to-end benchmark: the debt-batch nightly run against DuckDB and polars
# baselines on the same synthetic council.
#
#   bash benches/ingest_vs_duckdb.sh [HOUSEHOLDS]      (default 50000; SEED=1 in the environment)
#
# 1. builds target/release/debt-batch;
# 2. generates the data set into benches/data/ (gitignored) unless it is already
#    there for the same households and seed (see synth/src/council/mod.rs for its
#    shape: seven service systems in seven vendor styles and three person files;
#    50,000 households give about 10.9 million transaction rows); other entries of
#    benches/data (another benchmark's linkage-*/) are left alone;
# 3. creates benches/.venv with DuckDB and polars (pip) unless they are there (it
#    may be shared with other benchmark scripts: nothing is removed from it);
# 4. measures with /usr/bin/time -v (wall time, maximum resident set size):
#    (a) debt-batch run --config benches/data/sources.toml --as-of 2026-11-20 --out benches/data/out
#        (exit 2 is expected: the generator plants one control-total break; every
#        source's reconciliation row must then say what truth/control.csv says);
#    (b) benches/duckdb_balances.py benches/data (DuckDB, 2 threads): per-account
#        balances of every source from the same files and shapes;
#    (c) benches/polars_balances.py benches/data (polars lazy API, 2 threads via
#        POLARS_MAX_THREADS): the same balances by the same rules, from the same files;
# 5. prints a markdown table (the whole run, and its ingest + positions +
#    reconciliation stages from manifest.json, beside DuckDB's and polars' whole
#    processes and their queries) and checks that DuckDB and polars each give every
#    account they share with debt-batch the same balance (and that debt-batch
#    agrees with the generator's truth); exits 1 if either differs.
set -euo pipefail

HOUSEHOLDS="${1:-50000}"
SEED="${SEED:-1}"
AS_OF="2026-11-20"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="benches/data"
VENV="benches/.venv"
BIN="target/release/debt-batch"

case "$HOUSEHOLDS" in
    ''|*[!0-9]*) echo "usage: bash benches/ingest_vs_duckdb.sh [HOUSEHOLDS]" >&2; exit 64 ;;
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
        printf "%.3f", s }' "$1"
}
peak_mb() {
    awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}
file_mb() {
    local total=0 f
    for f in "$@"; do total=$((total + $(stat -c %s "$f"))); done
    awk -v b="$total" 'BEGIN { printf "%.1f", b / 1048576 }'
}
data_rows() { # lines minus the header
    echo $(( $(wc -l < "$1") - 1 ))
}

echo "== build"
cargo build --release -p debt-batch

echo "== data: $HOUSEHOLDS households, seed $SEED"
# benches/data is shared with other benchmarks (linkage-*/): only the council's own
# entries are ever replaced, and the generator writes into an empty staging
# directory first.
COUNCIL=(sources.toml control_totals.csv llpg.csv ctax rent nndr fta hbop sundry pcn people truth out
    duckdb_balances.csv debt-batch.stdout debt-batch.stderr duckdb.stdout time-debt-batch.txt time-duckdb.txt
    polars_balances.csv polars.stdout time-polars.txt)
WANT="--households $HOUSEHOLDS --seed $SEED"
if [ -f "$DATA/sources.toml" ] && head -1 "$DATA/sources.toml" | grep -q -- "$WANT\`"; then
    echo "using the existing council in $DATA"
else
    if [ -f "$DATA/sources.toml" ]; then
        echo "$DATA holds another council ($(head -1 "$DATA/sources.toml")); regenerating"
    fi
    for entry in "${COUNCIL[@]}"; do rm -rf "${DATA:?}/$entry"; done
    STAGE="$DATA/.generate-$$"
    rm -rf "$STAGE"
    mkdir -p "$DATA"
    started=$(date +%s.%N)
    "$BIN" generate --households "$HOUSEHOLDS" --seed "$SEED" --out "$STAGE"
    for entry in "$STAGE"/*; do mv "$entry" "$DATA/"; done
    rmdir "$STAGE"
    echo "generated in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
fi
# Every file DuckDB (and polars) reads: the transaction files, the debt and invoice
# rows that carry their own charge, and the penalty notices.
DUCK_FILES=("$DATA/ctax/transactions.csv" "$DATA/rent/transactions.csv" "$DATA/nndr/transactions.csv"
    "$DATA/fta/debts.csv" "$DATA/fta/receipts.csv" "$DATA/hbop/debts.txt" "$DATA/hbop/recoveries.txt"
    "$DATA/sundry/invoices.txt" "$DATA/sundry/receipts.txt" "$DATA/pcn/notices.csv")
TXN_ROWS=0
for f in "$DATA"/{ctax,rent,nndr}/transactions.csv "$DATA/fta/receipts.csv" "$DATA/hbop/recoveries.txt" \
    "$DATA/sundry/receipts.txt"; do
    rows=$(data_rows "$f")
    case "$f" in *sundry*) rows=$((rows - 2)) ;; esac
    TXN_ROWS=$((TXN_ROWS + rows))
    echo "${f#"$DATA"/}: $(file_mb "$f") MB, $rows rows"
done
echo "transaction rows: $TXN_ROWS; accounts: $(data_rows "$DATA/truth/balances.csv")"

echo "== tools"
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (Debian package 'time')"
    as_root apt-get update -qq
    as_root apt-get install -y -qq time
fi
if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
    if ! [ -x "$VENV/bin/python" ]; then
        if ! python3 -m venv "$VENV"; then
            echo "python3 -m venv failed; installing python3-venv"
            as_root apt-get update -qq
            as_root apt-get install -y -qq python3-venv
            rm -rf "$VENV"
            python3 -m venv "$VENV"
        fi
    fi
    "$VENV/bin/pip" install --quiet duckdb
fi
if ! "$VENV/bin/python" -c 'import polars' 2>/dev/null; then
    "$VENV/bin/pip" install --quiet polars
fi
echo "duckdb $("$VENV/bin/python" -c 'import duckdb; print(duckdb.__version__)')," \
    "polars $("$VENV/bin/python" -c 'import polars; print(polars.__version__)'), $(nproc) cores"

echo "== (a) debt-batch run"
A_TIME="$DATA/time-debt-batch.txt"
set +e
/usr/bin/time -v -o "$A_TIME" "$BIN" run --config "$DATA/sources.toml" --as-of "$AS_OF" --out "$DATA/out" \
    > "$DATA/debt-batch.stdout" 2> "$DATA/debt-batch.stderr"
A_EXIT=$?
set -e
cat "$DATA/debt-batch.stdout"
WANT_EXIT=0
if grep -q ',BREAK$' "$DATA/truth/control.csv"; then WANT_EXIT=2; fi
if [ "$A_EXIT" -ne "$WANT_EXIT" ]; then
    echo "debt-batch run exited with $A_EXIT ($WANT_EXIT expected from truth/control.csv); its log:" >&2
    tail -20 "$DATA/debt-batch.stderr" >&2
    exit 1
fi
# Every source's reconciliation says what the generator's truth says.
"$VENV/bin/python" - "$DATA/out/reconciliation.csv" "$DATA/truth/control.csv" <<'PY'
import csv, sys
got = {r["source"]: r for r in csv.DictReader(open(sys.argv[1]))}
bad = 0
for want in csv.DictReader(open(sys.argv[2])):
    r = got[want["source"]]
    pairs = [("accounts", "accounts"), ("closing_balance", "closing_balance"),
             ("compared_at", "compared_at"), ("control_balance", "control_balance"),
             ("difference", "difference"), ("status", "status")]
    for g, w in pairs:
        if r[g] != want[w]:
            print(f"reconciliation {want['source']} {g}: {r[g]} where the truth says {want[w]}")
            bad += 1
print(f"reconciliation against truth/control.csv: {len(got)} sources, {bad} differences")
sys.exit(1 if bad else 0)
PY
# Every data row it read, all files (accounts, transactions, instalments), from reconciliation.csv.
A_ROWS=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "rows_read") c = i; next } { s += $c } END { print s }' \
    "$DATA/out/reconciliation.csv")
A_MB=$(file_mb "$DATA"/{ctax,rent,nndr,fta,hbop,sundry,pcn,people}/* "$DATA/llpg.csv" "$DATA/control_totals.csv")
A_SECONDS=$(wall_seconds "$A_TIME")
A_RSS=$(peak_mb "$A_TIME")
# Ingest + positions + reconciliation of all sources, from the manifest's stage timings.
A_STAGES=$("$VENV/bin/python" -c '
import json, sys
t = json.load(open(sys.argv[1]))["timings_ms"]
print("%.3f" % (sum(v for k, v in t.items() if k.split("_", 1)[0] in ("1", "2", "3")) / 1000))
print(" ".join(f"{k}={v}" for k, v in sorted(t.items())), file=sys.stderr)
' "$DATA/out/manifest.json")

# The process's peak memory by the end of reconciliation (stage 3).
A_STAGE_RSS=$("$VENV/bin/python" -c '
import json, sys
print(json.load(open(sys.argv[1])).get("peak_rss_mb", {}).get("3_reconcile", "?"))
' "$DATA/out/manifest.json")

echo "== (b) duckdb"
B_TIME="$DATA/time-duckdb.txt"
"$VENV/bin/python" -c 'import duckdb' # warm the import cache outside the measurement
/usr/bin/time -v -o "$B_TIME" "$VENV/bin/python" benches/duckdb_balances.py "$DATA" | tee "$DATA/duckdb.stdout"
B_ROWS=$(awk -F= '/^ROWS=/ { print $2 }' "$DATA/duckdb.stdout")
B_MB=$(file_mb "${DUCK_FILES[@]}")
B_SECONDS=$(wall_seconds "$B_TIME")
B_RSS=$(peak_mb "$B_TIME")
B_QUERY=$(awk -F= '/^SECONDS=/ { print $2 }' "$DATA/duckdb.stdout")

echo "== (c) polars"
C_TIME="$DATA/time-polars.txt"
"$VENV/bin/python" -c 'import polars' # warm the import cache outside the measurement
/usr/bin/time -v -o "$C_TIME" "$VENV/bin/python" benches/polars_balances.py "$DATA" | tee "$DATA/polars.stdout"
C_ROWS=$(awk -F= '/^ROWS=/ { print $2 }' "$DATA/polars.stdout")
C_MB=$(file_mb "${DUCK_FILES[@]}")
C_SECONDS=$(wall_seconds "$C_TIME")
C_RSS=$(peak_mb "$C_TIME")
C_QUERY=$(awk -F= '/^SECONDS=/ { print $2 }' "$DATA/polars.stdout")
# Both apply the same rules, so they count the same rows (checked again at the end).
ROWS_AGREE=0
if [ "$C_ROWS" != "$B_ROWS" ]; then
    echo "polars counted $C_ROWS rows where DuckDB counted $B_ROWS" >&2
    ROWS_AGREE=1
fi

echo
echo "## debt-batch vs DuckDB and polars: $HOUSEHOLDS households (seed $SEED), $TXN_ROWS transaction rows, as of $AS_OF"
echo
echo "| tool | rows | seconds | rows/second | peak RSS MB | input MB |"
echo "|---|---:|---:|---:|---:|---:|"
row() {
    awk -v t="$1" -v r="$2" -v s="$3" -v m="$4" -v i="$5" \
        'BEGIN { printf "| %s | %d | %.2f | %.0f | %s | %.1f |\n", t, r, s, (s > 0 ? r / s : 0), m, i }'
}
DUCK="DuckDB $("$VENV/bin/python" -c 'import duckdb; print(duckdb.__version__)') (threads = 2)"
POLARS="polars $("$VENV/bin/python" -c 'import polars; print(polars.__version__)') (POLARS_MAX_THREADS = 2)"
row "debt-batch: ingest + positions + reconciliation, all sources (manifest stages 1-3)" "$A_ROWS" "$A_STAGES" "$A_STAGE_RSS (by stage 3)" "$A_MB"
row "$DUCK: balances of all sources (its queries)" "$B_ROWS" "$B_QUERY" "(in the process's)" "$B_MB"
row "$POLARS: balances of all sources (read to write)" "$C_ROWS" "$C_QUERY" "(in the process's)" "$C_MB"
row "debt-batch run, whole process (also matching, households, outputs)" "$A_ROWS" "$A_SECONDS" "$A_RSS" "$A_MB"
row "$DUCK, whole process (Python start included)" "$B_ROWS" "$B_SECONDS" "$B_RSS" "$B_MB"
row "$POLARS, whole process (Python start included)" "$C_ROWS" "$C_SECONDS" "$C_RSS" "$C_MB"
echo
echo "Wall time and peak RSS from /usr/bin/time -v, whole process; stage times from debt-batch's"
echo "manifest.json and DuckDB's and polars' own clocks. debt-batch's rows are every data row of every source's files"
echo "(masters, transactions, instalment plans, notices; reconciliation.csv rows_read); it also reads the"
echo "gazetteer, control totals and person files (in its input MB), computes full positions (arrears,"
echo "ageing), matches people into households and writes all its outputs. DuckDB and polars each read the"
echo "transaction files, the debt and invoice rows that carry their charge and the notices, and write"
echo "balances (polars decodes the Windows-1252 ctax file to UTF-8 in memory first, inside its time)."
echo

echo "== agreement"
# Both comparisons run; the script fails (exit 1) if either finds a balance that
# differs (or if polars and DuckDB counted different rows).
AGREE=$ROWS_AGREE
echo "-- DuckDB"
"$VENV/bin/python" benches/duckdb_balances.py --compare "$DATA/out/accounts.csv" "$DATA/duckdb_balances.csv" \
    "$DATA/truth/balances.csv" || AGREE=1
echo "-- polars (the same comparison: its 'duckdb' lines are polars' balances)"
"$VENV/bin/python" benches/duckdb_balances.py --compare "$DATA/out/accounts.csv" "$DATA/polars_balances.csv" \
    "$DATA/truth/balances.csv" || AGREE=1
if [ "$ROWS_AGREE" -ne 0 ]; then echo "polars ROWS=$C_ROWS, DuckDB ROWS=$B_ROWS: they differ" >&2; fi
exit "$AGREE"

#!/usr/bin/env bash
# Issue 13: automatic links, the review queue and the ceiling on three
# differently shaped sets, each whole and with one optional field left
# unmapped (its values blanked, which is what an unmapped column gives the
# linker and the ceiling alike).
#
#   bash benches/linkage_sets.sh [PEOPLE] [HOUSEHOLDS] [THRESHOLD...]
#
# PEOPLE (default 5000) people in the person evaluation set (seed 7) and in
# its dense profile (seed 7); HOUSEHOLDS (default 2000) households of the
# council generator (seed 1), linked from its truth/people.csv. Every
# THRESHOLD (default: the linker's own) is a link threshold; the review
# threshold stays the linker's. Prints one Markdown row per run. Set BIN to
# the debt-batch binary (default target/debug/debt-batch), VARIANTS to a
# subset of "all no_periods no_dob no_nino no_forwarding". Work files go
# in $WORK (default /tmp/linkage_sets), removed at the end unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-5000}
HOUSEHOLDS=${2:-2000}
shift $(( $# > 2 ? 2 : $# ))
THRESHOLDS=("$@")
[ ${#THRESHOLDS[@]} -eq 0 ] && THRESHOLDS=(default)
BIN=${BIN:-target/debug/debt-batch}
WORK=${WORK:-/tmp/linkage_sets}
rm -rf "$WORK"
mkdir -p "$WORK"
umask 077

"$BIN" generate-persons --people "$PEOPLE" --seed 7 --out "$WORK/standard" >/dev/null 2>&1
"$BIN" generate-persons --people "$PEOPLE" --seed 7 --profile dense --out "$WORK/dense" >/dev/null 2>&1
"$BIN" generate --households "$HOUSEHOLDS" --seed 1 --out "$WORK/council-gen" >/dev/null 2>&1
mkdir -p "$WORK/council"
cp "$WORK/council-gen/truth/people.csv" "$WORK/council/records.csv"
cp "$WORK/council-gen/llpg.csv" "$WORK/council/llpg.csv"
rm -rf "$WORK/council-gen"

# blank SET VARIANT COLUMNS...: a copy of SET with COLUMNS emptied.
blank() {
    local set=$1 variant=$2
    shift 2
    mkdir -p "$WORK/$set-$variant"
    cp "$WORK/$set/llpg.csv" "$WORK/$set-$variant/llpg.csv"
    python3 - "$WORK/$set/records.csv" "$WORK/$set-$variant/records.csv" "$@" <<'EOF'
import csv, sys
src, dst, *cols = sys.argv[1:]
with open(src, newline="") as f, open(dst, "w", newline="") as g:
    r = csv.DictReader(f)
    w = csv.DictWriter(g, r.fieldnames, lineterminator="\n")
    w.writeheader()
    for row in r:
        for c in cols:
            if c in row:
                row[c] = ""
        w.writerow(row)
EOF
}

echo "| set | variant | threshold | records | auto P | auto R | review rows | review share | P after review | R after review | ceiling R at P ≥ 0.995 | evidence ceiling |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for set in standard dense council; do
    for variant in ${VARIANTS:-all no_periods no_dob no_nino no_forwarding}; do
        dir="$WORK/$set"
        case $variant in
            no_periods) blank "$set" "$variant" occupied_from occupied_to ;;
            no_dob) blank "$set" "$variant" dob ;;
            no_nino) blank "$set" "$variant" nino ;;
            no_forwarding) blank "$set" "$variant" forwarding_address forwarding_postcode ;;
        esac
        [ "$variant" != all ] && dir="$WORK/$set-$variant"
        ceiling=$(python3 benches/linkage_ceiling.py "$dir")
        frontier=$(sed -n 's/.*highest recall at precision >= 0.995: \([0-9.]*\).*/\1/p' <<<"$ceiling")
        evidence=$(sed -n 's/.*recall ceiling from evidence beyond the name: \([0-9.]*\).*/\1/p' <<<"$ceiling")
        for t in "${THRESHOLDS[@]}"; do
            args=()
            [ "$t" != default ] && args=(--threshold "$t")
            out=$("$BIN" link --records "$dir/records.csv" --gazetteer "$dir/llpg.csv" \
                --out "$dir/ours-$t" "${args[@]}" 2>/dev/null)
            records=$(sed -n 's/^records \([0-9]*\).*/\1/p' <<<"$out")
            p=$(sed -n 's/^persons *precision \([0-9.]*\).*/\1/p' <<<"$out")
            r=$(sed -n 's/^persons .*recall \([0-9.]*\).*/\1/p' <<<"$out")
            rev=$(sed -n 's/^review *\([0-9]*\) possible links (\([0-9.]*\) of records).*precision \([0-9.]*\)  recall \([0-9.]*\)/\1 | \2 | \3 | \4/p' <<<"$out")
            echo "| $set | $variant | $t | $records | $p | $r | $rev | $frontier | $evidence |"
        done
    done
done
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"

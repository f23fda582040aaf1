#!/usr/bin/env python3
"""Splink baseline for the record linkage evaluation set, and the scorer of
both tools.

    python benches/splink_eval.py DIR           # link DIR/records.csv with Splink
    python benches/splink_eval.py --score DIR   # score every tool's output in DIR

DIR is a set written by `debt-batch generate-persons` (records.csv, llpg.csv,
truth.csv). See benches/linkage_vs_splink.sh, which runs both tools and this
scorer.

Linking (Splink 4, DuckDB backend, dedupe_only) on the same cheap
standardisation for every source: upper case; `SURNAME, FORENAME` split at the
comma; titles (Mr, Mrs, Ms, Miss, Dr, Mx) dropped; forename = first remaining
word, surname = last word (or the surname column); letters only. No nickname
table. NINO upper case without spaces; postcode upper case with the space put
back before the inward code; dob as written (yyyy-mm-dd).

Comparisons: forename and surname Jaro-Winkler (exact, >= 0.92, >= 0.8, else;
term-frequency adjustment on surname), dob (exact, Damerau-Levenshtein 1,
within a month, a year, ten years), NINO (exact, Levenshtein 1), postcode
(exact, same sector), and, when records.csv has `occupied_from` and
`occupied_to` (the liability or tenancy period), occupancy at two different
UPRNs: the same four levels as ours (one period begins between 14 days
before and 62 days after the other ends; the two overlap by more than 14
days; else), written as custom SQL levels, with the next day (or the same
day) as a level of its own before the rest of the window. Blocking: nino;
dob + surname initial; postcode + surname; forename + dob; forename +
surname; surname + move day (one period begins on the day the other ends or
the next; with the periods). Prior from deterministic rules, u by random sampling,
m by EM (two sessions: blocked on dob, and on forename + surname). Pairs are
clustered (connected components) at match probability 0.9 and 0.99:
DIR/splink/records.csv (0.9) and DIR/splink/records_p0.99.csv, each
`record_id,person_id`.

Scoring: pairwise precision, recall and F1 of persons against true_person_id
from the contingency table of (predicted cluster, true person) sizes: a pair
is predicted when both records are in one cluster, true when both belong to
one person, so TP = sum over cells of C(n, 2), predicted = sum over clusters,
true = sum over persons. A record missing from a tool's output counts as a
cluster of its own. For a tool that also gives a `uprn` per record (ours):
UPRN accuracy among records with a true UPRN (all, and the free-text ones that
came without a UPRN), and forced matches: records whose address has no UPRN in
the gazetteer that were given one anyway.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import time
from pathlib import Path

import duckdb

TITLES = ("MR", "MRS", "MS", "MISS", "DR", "MX")
THRESHOLDS = (0.9, 0.99)


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def has_occupancy(records: Path) -> bool:
    """Whether records.csv carries the liability or tenancy period."""
    with open(records, newline="") as f:
        header = next(csv.reader(f))
    return "occupied_from" in header and "occupied_to" in header


def standardise(con: duckdb.DuckDBPyConnection, records: Path) -> int:
    """Creates the table `people` that Splink links; returns its row count."""
    titles = ", ".join(sql_str(t) for t in TITLES)
    period = (
        "TRY_CAST(nullif(occupied_from, '') AS DATE) AS occupied_from, "
        "TRY_CAST(nullif(occupied_to, '') AS DATE) AS occupied_to, nullif(uprn, '') AS uprn"
        if has_occupancy(records)
        else "NULL::DATE AS occupied_from, NULL::DATE AS occupied_to, NULL AS uprn"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE people AS
        WITH raw AS (
            SELECT record_id,
                   upper(coalesce(full_name, '')) AS full_name,
                   upper(coalesce(forename, '')) AS forename,
                   upper(coalesce(surname, '')) AS surname,
                   dob, nino, postcode, {period}
            FROM read_csv({sql_str(str(records))}, header = true, all_varchar = true)
        ),
        split AS (
            SELECT *,
                CASE WHEN full_name <> '' AND contains(full_name, ',')
                     THEN trim(split_part(full_name, ',', 1)) END AS comma_surname,
                list_filter(
                    string_split(trim(regexp_replace(
                        CASE WHEN full_name = '' THEN forename
                             WHEN contains(full_name, ',')
                                 THEN substr(full_name, strpos(full_name, ',') + 1)
                             ELSE full_name END,
                        '[^A-Z'' -]+', ' ', 'g')), ' '),
                    lambda t: t <> '' AND t NOT IN ({titles})) AS tokens
            FROM raw
        ),
        named AS (
            SELECT record_id, dob, nino, postcode, occupied_from, occupied_to, uprn,
                CASE WHEN full_name = '' OR comma_surname IS NOT NULL THEN tokens[1]
                     WHEN len(tokens) > 1 THEN tokens[1] END AS fore,
                CASE WHEN full_name = '' THEN surname
                     WHEN comma_surname IS NOT NULL THEN comma_surname
                     ELSE tokens[-1] END AS sur,
                upper(replace(coalesce(postcode, ''), ' ', '')) AS pc
            FROM split
        ),
        clean AS (
            SELECT record_id AS unique_id,
                nullif(regexp_replace(coalesce(fore, ''), '[^A-Z]', '', 'g'), '') AS forename,
                nullif(regexp_replace(coalesce(sur, ''), '[^A-Z]', '', 'g'), '') AS surname,
                CASE WHEN regexp_full_match(coalesce(dob, ''), '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
                     THEN dob END AS dob,
                nullif(upper(replace(coalesce(nino, ''), ' ', '')), '') AS nino,
                CASE WHEN length(pc) BETWEEN 5 AND 7
                     THEN substr(pc, 1, length(pc) - 3) || ' ' || substr(pc, length(pc) - 2) END
                    AS postcode,
                occupied_from, occupied_to, uprn
            FROM named
        )
        SELECT *,
            substr(surname, 1, 1) AS surname_initial,
            nullif(regexp_extract(postcode, '^[A-Z]{{1,2}}[0-9][A-Z0-9]? [0-9]'), '')
                AS postcode_sector
        FROM clean
        """
    )
    return con.execute("SELECT count(*) FROM people").fetchall()[0][0]


def settings(occupancy: bool):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("postcode_sector").configure(
                label_for_charts="Same postcode sector"
            ),
            cll.ElseLevel(),
        ],
        comparison_description="postcode: exact, sector, else",
    )
    def begins_after_end(low: int, high: int) -> str:
        return " OR ".join(
            f"(occupied_to_{a} IS NOT NULL AND "
            f"date_diff('day', occupied_to_{a}, occupied_from_{b}) BETWEEN {low} AND {high})"
            for a, b in (("l", "r"), ("r", "l"))
        )

    # The same levels as debt-batch's: the next day (or the same day), then
    # the rest of the move window.
    next_day = begins_after_end(0, 1)
    continuous = begins_after_end(-14, 62)
    far = "DATE '9999-12-31'"
    overlapping = (
        f"date_diff('day', greatest(occupied_from_l, occupied_from_r), "
        f"least(coalesce(occupied_to_l, {far}), coalesce(occupied_to_r, {far}))) > 14"
    )
    occupancy_comparison = cl.CustomComparison(
        output_column_name="occupancy",
        comparison_levels=[
            cll.CustomLevel(
                "occupied_from_l IS NULL OR occupied_from_r IS NULL OR uprn_l IS NULL "
                "OR uprn_r IS NULL OR uprn_l = uprn_r",
                "no periods, or one property",
            ).configure(is_null_level=True),
            cll.CustomLevel(next_day, "one begins the day the other ends, or the next"),
            cll.CustomLevel(continuous, "one begins within weeks of the other's end"),
            cll.CustomLevel(overlapping, "overlapping"),
            cll.ElseLevel(),
        ],
        comparison_description="occupancy: next day, continuous, overlapping, else",
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("forename", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.8]).configure(
                term_frequency_adjustments=True
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("nino", 1),
            postcode,
        ]
        + ([occupancy_comparison] if occupancy else []),
        blocking_rules_to_generate_predictions=[
            block_on("nino"),
            block_on("dob", "surname_initial"),
            block_on("postcode", "surname"),
            block_on("forename", "dob"),
            block_on("forename", "surname"),
        ]
        + (
            # Surname and move day, as debt-batch blocks: one period ends on
            # the day the other begins, or the day before. Four equality
            # rules so that DuckDB joins on them.
            [
                f"l.surname = r.surname AND l.occupied_to{plus} = r.occupied_from"
                for plus in ("", " + 1")
            ]
            + [
                f"l.surname = r.surname AND r.occupied_to{plus} = l.occupied_from"
                for plus in ("", " + 1")
            ]
            if occupancy
            else []
        ),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def link(directory: Path) -> None:
    import splink
    from splink import DuckDBAPI, Linker, block_on

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("splink").setLevel(logging.WARNING)
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    out = directory / "splink"
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    threads = os.environ.get("SPLINK_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    rows = standardise(con, directory / "records.csv")
    stages["standardise"] = time.perf_counter() - t0

    t = time.perf_counter()
    occupancy = has_occupancy(directory / "records.csv")
    linker = Linker("people", settings(occupancy), DuckDBAPI(connection=con), set_up_basic_logging=False)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nino"), block_on("forename", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("forename", "surname")
    )
    stages["train"] = time.perf_counter() - t

    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=min(THRESHOLDS))
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    stages["predict"] = time.perf_counter() - t

    for threshold in THRESHOLDS:
        t = time.perf_counter()
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        name = "records.csv" if threshold == min(THRESHOLDS) else f"records_p{threshold}.csv"
        con.execute(
            f"""COPY (SELECT unique_id AS record_id, cluster_id AS person_id
                      FROM {clusters.physical_name} ORDER BY record_id)
                TO {sql_str(str(out / name))} (HEADER, DELIMITER ',')"""
        )
        stages[f"cluster_{threshold}"] = time.perf_counter() - t
    stages["total"] = time.perf_counter() - t0
    model = out / "model.json"
    linker.misc.save_model_to_json(str(model), overwrite=True)
    summary = {
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "records": rows,
        "pairs_at_or_above_0.9": pairs,
        "seconds": {k: round(v, 3) for k, v in stages.items()},
    }
    (out / "run.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


# ---------------------------------------------------------------------------
# Scoring.


def pairwise(con: duckdb.DuckDBPyConnection, predicted: str) -> dict:
    """Pairwise precision / recall / F1 of `predicted` (record_id, person_id)
    against the table `truth` (record_id, true_person_id)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE joined AS
        SELECT t.record_id, t.true_person_id AS t,
               coalesce(nullif(p.person_id, ''), '~' || t.record_id) AS p,
               p.record_id IS NULL AS missing
        FROM truth t LEFT JOIN {predicted} p USING (record_id)
        """
    )
    tp, pp, tt, missing, clusters = con.execute(
        """
        SELECT
          (SELECT coalesce(sum(n * (n - 1) // 2), 0)::HUGEINT
             FROM (SELECT count(*) AS n FROM joined GROUP BY p, t)),
          (SELECT coalesce(sum(n * (n - 1) // 2), 0)::HUGEINT
             FROM (SELECT count(*) AS n FROM joined GROUP BY p)),
          (SELECT coalesce(sum(n * (n - 1) // 2), 0)::HUGEINT
             FROM (SELECT count(*) AS n FROM joined GROUP BY t)),
          (SELECT count(*) FROM joined WHERE missing),
          (SELECT count(DISTINCT p) FROM joined)
        """
    ).fetchall()[0]
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_pairs": int(tt),
        "predicted_pairs": int(pp),
        "true_positive_pairs": int(tp),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "clusters": int(clusters),
        "missing_records": int(missing),
    }


def uprn_scores(con: duckdb.DuckDBPyConnection, predicted: str) -> dict:
    row = con.execute(
        f"""
        WITH j AS (
            SELECT t.true_uprn, t.input_uprn,
                   try_cast(nullif(trim(p.uprn), '') AS BIGINT) AS got,
                   try_cast(nullif(t.true_uprn, '') AS BIGINT) AS want
            FROM truth t LEFT JOIN {predicted} p USING (record_id)
        )
        SELECT
            count(*) FILTER (WHERE want IS NOT NULL),
            count(*) FILTER (WHERE want IS NOT NULL AND got = want),
            count(*) FILTER (WHERE want IS NOT NULL AND got IS NOT NULL AND got <> want),
            count(*) FILTER (WHERE want IS NOT NULL AND input_uprn = ''),
            count(*) FILTER (WHERE want IS NOT NULL AND input_uprn = '' AND got = want),
            count(*) FILTER (WHERE want IS NULL),
            count(*) FILTER (WHERE want IS NULL AND got IS NOT NULL)
        FROM j
        """
    ).fetchall()[0]
    with_uprn, right, wrong, free, free_right, without, forced = (int(x) for x in row)
    return {
        "uprn_records": with_uprn,
        "uprn_accuracy": right / with_uprn if with_uprn else 1.0,
        "uprn_wrong": wrong,
        "free_text_uprn_records": free,
        "free_text_uprn_accuracy": free_right / free if free else 1.0,
        "no_uprn_records": without,
        "no_uprn_forced": forced,
        "no_uprn_forced_rate": forced / without if without else 0.0,
    }


def load_predictions(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> list[str]:
    """Loads a tool's records.csv as `table` (record_id, person_id[, uprn])."""
    cur = con.execute(
        f"SELECT * FROM read_csv({sql_str(str(path))}, header = true, all_varchar = true) LIMIT 0"
    )
    names = [c[0] for c in cur.description]
    cur.fetchall()
    id_col = next((c for c in ("record_id", "record_key") if c in names), None)
    if id_col is None or "person_id" not in names:
        raise SystemExit(f"{path}: needs record_id (or record_key) and person_id; has {names}")
    extra = ", uprn" if "uprn" in names else ""
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
            SELECT {id_col} AS record_id, person_id{extra}
            FROM read_csv({sql_str(str(path))}, header = true, all_varchar = true)"""
    )
    return names


def read_timings(directory: Path) -> dict[str, tuple[str, str]]:
    path = directory / "timings.csv"
    if not path.exists():
        return {}
    with path.open() as f:
        return {r["tool"]: (r["seconds"], r["peak_rss_mb"]) for r in csv.DictReader(f)}


def score(directory: Path) -> list[dict]:
    con = duckdb.connect()
    con.execute(
        f"""CREATE TABLE truth AS
            SELECT record_id, true_person_id, coalesce(true_uprn, '') AS true_uprn,
                   coalesce(uprn, '') AS input_uprn
            FROM read_csv({sql_str(str(directory / 'records.csv'))}, header = true, all_varchar = true)"""
    )
    records = con.execute("SELECT count(*) FROM truth").fetchall()[0][0]
    timings = read_timings(directory)
    results = []
    tools = [("ours", directory / "ours" / "records.csv", "ours", None)]
    for threshold in THRESHOLDS:
        name = "records.csv" if threshold == min(THRESHOLDS) else f"records_p{threshold}.csv"
        tools.append((f"splink (p >= {threshold})", directory / "splink" / name, "splink", threshold))
    for label, path, timing_key, _ in tools:
        if not path.exists():
            continue
        table = "pred_" + str(len(results))
        names = load_predictions(con, path, table)
        r = {"tool": label, "records": records}
        r.update(pairwise(con, table))
        if "uprn" in names:
            r.update(uprn_scores(con, table))
        seconds, mb = timings.get(timing_key, ("", ""))
        r["seconds"], r["peak_rss_mb"] = seconds, mb
        results.append(r)
    return results


def table(results: list[dict]) -> str:
    head = (
        "| tool | records | seconds | peak RSS MB | precision | recall | F1 "
        "| UPRN accuracy | UPRN accuracy (free text) | forced UPRN matches |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for r in results:
        if "uprn_records" in r:
            uprn = (
                f"{r['uprn_accuracy']:.4f} of {r['uprn_records']:,}",
                f"{r['free_text_uprn_accuracy']:.4f} of {r['free_text_uprn_records']:,}",
                f"{r['no_uprn_forced']:,} of {r['no_uprn_records']:,}",
            )
        else:
            uprn = ("", "", "")
        lines.append(
            f"| {r['tool']} | {r['records']:,} | {r['seconds']} | {r['peak_rss_mb']} "
            f"| {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
            + " | ".join(uprn)
            + " |"
        )
    return head + "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", type=Path, help="an evaluation set from debt-batch generate-persons")
    ap.add_argument("--score", action="store_true", help="score the tools' outputs instead of linking")
    args = ap.parse_args()
    d = args.directory
    if not (d / "records.csv").exists():
        print(f"{d}/records.csv not found", file=sys.stderr)
        return 2
    if args.score:
        results = score(d)
        if not results:
            print(f"no tool output in {d}/ours or {d}/splink", file=sys.stderr)
            return 1
        (d / "scores.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(table(results), end="")
        for r in results:
            print(
                f"{r['tool']}: {r['clusters']:,} clusters; pairs true {r['true_pairs']:,}, "
                f"predicted {r['predicted_pairs']:,}, right {r['true_positive_pairs']:,}"
                + (f"; {r['missing_records']:,} records missing from its output" if r["missing_records"] else "")
            )
        return 0
    link(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Per-account balances of a `debt-batch generate` data set, computed with DuckDB.

The baseline for benches/ingest_vs_duckdb.sh. It reads the two transaction
exports the way debt-batch does and sums each account's signed amounts dated on
or before the as-of date:

* ctax/transactions.csv: Windows-1252, ';', dd/mm/yyyy, one signed amount
  written '£1,234.56' or '(12.50)'. The only non-ASCII byte in it is the pound
  sign (0xA3), which is the same in Latin-1, so DuckDB reads it as 'latin-1'.
* rent/transactions.csv: UTF-8, ',', yyyy-mm-dd, debit and credit columns
  (balance effect = debit - credit).

Rows debt-batch would not accept are left out the same way: for each
transaction id only the first row in the file counts (a later exact copy is a
duplicate, a later different row a conflict), and rows with an impossible
date, an amount that is not money, or a type code not in the config's
type_map are dropped. Rows naming an account that is not in the account master
are NOT dropped (DuckDB reads no master here), so DuckDB reports a few
accounts debt-batch does not; compare on the intersection.

Usage:
    duckdb_balances.py DATA_DIR [--out CSV] [--as-of 2026-11-20] [--threads 2]
        writes CSV (default DATA_DIR/duckdb_balances.csv): source,account_ref,balance
    duckdb_balances.py --compare DEBT_BATCH_ACCOUNTS_CSV DUCKDB_CSV [TRUTH_CSV]
        joins debt-batch's out/accounts.csv with DuckDB's balances (and the
        generator's truth/balances.csv when given) and prints how many differ;
        exits 1 if any balance differs on the common accounts.
"""

import argparse
import os
import sys
import time

import duckdb

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover
    tomllib = None

# The type_map codes of fixtures/sources.toml, for a Python without tomllib.
DEFAULT_CODES = {
    "ctax": ["CHG", "PAY", "REV", "ADJ", "WO", "CST", "REF"],
    "rent": ["BFWD", "RENT", "UC", "HB", "CASH", "DD", "DDRTN", "ADJ", "WOFF", "CRT", "REFND"],
}

CTAX_AMOUNT = r"£?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}"
CTAX_NEGATIVE = r"\([0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}\)"
PLAIN_AMOUNT = r"[0-9]+\.[0-9]{2}"


def sql_list(values):
    return ", ".join("'" + v.upper().replace("'", "''") + "'" for v in sorted(values))


def type_codes(data_dir):
    """The type_map codes of each source in the data set's sources.toml."""
    if tomllib is None:
        return DEFAULT_CODES
    with open(os.path.join(data_dir, "sources.toml"), "rb") as f:
        config = tomllib.load(f)
    return {
        s["id"]: list(s.get("transactions", {}).get("type_map", {}).keys())
        for s in config.get("sources", [])
    }


def balances(data_dir, out, as_of, threads):
    codes = type_codes(data_dir)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = true")
    started = time.perf_counter()

    ctax_file = os.path.join(data_dir, "ctax", "transactions.csv").replace("'", "''")
    rent_file = os.path.join(data_dir, "rent", "transactions.csv").replace("'", "''")

    # row_number() OVER () numbers rows in file order (DuckDB preserves the
    # scan order for an empty OVER clause); arg_min keeps each id's first row.
    con.execute(f"""
        CREATE TEMP TABLE ctax AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, "Trans ID" AS id, "Account Ref" AS account,
                   "Posted" AS posted, "Type" AS code, "Amount" AS amount
            FROM read_csv('{ctax_file}', delim = ';', header = true, quote = '"', escape = '"',
                          encoding = 'latin-1', all_varchar = true)
        ),
        first AS (
            SELECT arg_min({{'account': account, 'posted': posted, 'code': code, 'amount': amount}}, rn) AS r,
                   count(*) AS n
            FROM raw
            GROUP BY id
        )
        SELECT r.account AS account,
               try_strptime(r.posted, '%d/%m/%Y')::DATE AS posted,
               upper(r.code) AS code,
               CASE
                   WHEN regexp_full_match(r.amount, '{CTAX_AMOUNT}')
                       THEN TRY_CAST(replace(replace(r.amount, '£', ''), ',', '') AS DECIMAL(18, 2))
                   WHEN regexp_full_match(r.amount, '{CTAX_NEGATIVE}')
                       THEN -TRY_CAST(replace(replace(replace(r.amount, '(', ''), ')', ''), ',', '') AS DECIMAL(18, 2))
               END AS amount,
               n
        FROM first
    """)
    con.execute(f"""
        CREATE TEMP TABLE rent AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, trans_id AS id, tenancy_ref AS account,
                   trans_date AS posted, trans_code AS code, debit, credit
            FROM read_csv('{rent_file}', delim = ',', header = true, quote = '"', escape = '"',
                          all_varchar = true)
        ),
        first AS (
            SELECT arg_min({{'account': account, 'posted': posted, 'code': code,
                            'debit': debit, 'credit': credit}}, rn) AS r,
                   count(*) AS n
            FROM raw
            GROUP BY id
        )
        SELECT r.account AS account,
               try_strptime(r.posted, '%Y-%m-%d')::DATE AS posted,
               upper(r.code) AS code,
               CASE
                   WHEN (r.debit IS NOT NULL OR r.credit IS NOT NULL)
                        AND (r.debit IS NULL OR regexp_full_match(r.debit, '{PLAIN_AMOUNT}'))
                        AND (r.credit IS NULL OR regexp_full_match(r.credit, '{PLAIN_AMOUNT}'))
                       THEN coalesce(TRY_CAST(r.debit AS DECIMAL(18, 2)), 0)
                            - coalesce(TRY_CAST(r.credit AS DECIMAL(18, 2)), 0)
               END AS amount,
               n
        FROM first
    """)
    rows = {}
    for source in ("ctax", "rent"):
        rows[source] = con.execute(f"SELECT coalesce(sum(n), 0) FROM {source}").fetchone()[0]

    out_sql = out.replace("'", "''")
    con.execute(f"""
        COPY (
            SELECT source, account AS account_ref, sum(amount)::DECIMAL(18, 2) AS balance
            FROM (
                SELECT 'ctax' AS source, * FROM ctax WHERE code IN ({sql_list(codes.get('ctax', []))})
                UNION ALL
                SELECT 'rent' AS source, * FROM rent WHERE code IN ({sql_list(codes.get('rent', []))})
            )
            WHERE posted IS NOT NULL AND posted <= DATE '{as_of}'
              AND amount IS NOT NULL AND account IS NOT NULL
            GROUP BY source, account
            ORDER BY source, account
        ) TO '{out_sql}' (HEADER, DELIMITER ',')
    """)
    accounts = con.execute(f"SELECT count(*) FROM read_csv('{out_sql}', all_varchar = true)").fetchone()[0]
    seconds = time.perf_counter() - started
    total = rows["ctax"] + rows["rent"]
    print(f"duckdb: rows read {total} (ctax {rows['ctax']}, rent {rows['rent']}), "
          f"{accounts} accounts, {seconds:.3f} seconds, threads {threads}")
    print(f"ROWS={total}")
    print(f"SECONDS={seconds:.3f}")
    print(f"OUT={out}")


def compare(batch_csv, duck_csv, truth_csv):
    con = duckdb.connect()
    con.execute("SET threads = 2")

    def table(name, path):
        path = path.replace("'", "''")
        con.execute(f"""
            CREATE TEMP TABLE {name} AS
            SELECT source, account_ref, CAST(balance AS DECIMAL(18, 2)) AS balance
            FROM read_csv('{path}', header = true, all_varchar = true)
        """)

    table("batch", batch_csv)
    table("duck", duck_csv)
    failed = False

    def report(left, right, label):
        nonlocal failed
        n_left = con.execute(f"SELECT count(*) FROM {left}").fetchone()[0]
        n_right = con.execute(f"SELECT count(*) FROM {right}").fetchone()[0]
        common, differ = con.execute(f"""
            SELECT count(*), count(*) FILTER (WHERE l.balance <> r.balance)
            FROM {left} l JOIN {right} r USING (source, account_ref)
        """).fetchone()
        print(f"{label}: {n_left} vs {n_right} accounts, {common} in both, "
              f"{n_left - common} only in the first, {n_right - common} only in the second, "
              f"{differ} balances differ")
        if differ:
            failed = True
            for row in con.execute(f"""
                SELECT source, account_ref, l.balance, r.balance
                FROM {left} l JOIN {right} r USING (source, account_ref)
                WHERE l.balance <> r.balance ORDER BY source, account_ref LIMIT 5
            """).fetchall():
                print(f"  {row[0]} {row[1]}: {row[2]} vs {row[3]}")
        return differ

    differ = report("batch", "duck", "debt-batch vs duckdb")
    if truth_csv:
        table("truth", truth_csv)
        report("batch", "truth", "debt-batch vs truth")
        report("duck", "truth", "duckdb vs truth")
    print(f"DIFFER={differ}")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--out")
    parser.add_argument("--as-of", default="2026-11-20")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.compare:
        if len(args.paths) not in (2, 3):
            parser.error("--compare takes DEBT_BATCH_ACCOUNTS_CSV DUCKDB_CSV [TRUTH_CSV]")
        sys.exit(compare(args.paths[0], args.paths[1], args.paths[2] if len(args.paths) > 2 else None))
    if len(args.paths) != 1:
        parser.error("give one DATA_DIR")
    data_dir = args.paths[0]
    balances(data_dir, args.out or os.path.join(data_dir, "duckdb_balances.csv"), args.as_of, args.threads)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Per-account balances of a `debt-batch generate` data set, computed with DuckDB.

The baseline for benches/ingest_vs_duckdb.sh. It reads every source's files the
way debt-batch does (the generator's seven systems, each in its own style and
shape) and sums each account's signed amounts dated on or before the as-of date:

* ctax/transactions.csv: Windows-1252, ';', dd/mm/yyyy, one signed amount
  written '£1,234.56' or '(12.50)'. The only non-ASCII byte in it is the pound
  sign (0xA3), which is the same in Latin-1, so DuckDB reads it as 'latin-1'.
* rent/transactions.csv: UTF-8, ',', yyyy-mm-dd, debit and credit columns
  (balance effect = debit - credit).
* nndr/transactions.csv: every field quoted, dd-mm-yyyy, '1234.56' or
  '1234.56 CR' (a credit).
* fta/debts.csv + fta/receipts.csv: ';', yyyy/mm/dd; the debt row carries the
  arrears transferred (a charge on its transfer date), the receipts have no
  type column (every row a payment, written positive).
* hbop/debts.txt + hbop/recoveries.txt: '|', yyyymmdd; the debt row carries
  the overpayment, recoveries have a method (HBDED, UCDED, INV payments, RTN a
  reversal) and no id.
* sundry/invoices.txt + sundry/receipts.txt: tab, two title lines, dd.mm.yyyy,
  '1,234.56'; the invoice carries its charge, receipts are payments.
* pcn/notices.csv: no header, dd-Mon-yyyy; one row per notice: the charge now
  due (on the issue date) less what was paid (on the last paid date).

Rows debt-batch would not accept are left out the same way: for each
transaction id (or penalty notice) only the first row in the file counts (a
later exact copy is a duplicate, a later different row a conflict); rows
with an impossible date, an amount that is not money, or a type code not in
the config's type_map are dropped. In the files whose debt rows carry the
charge, payments are joined to those rows (a receipt naming no debt is left
out, as debt-batch holds it in suspense). In ctax, rent and nndr, rows naming
an account that is not in the account master are NOT dropped (DuckDB reads
no master for them), so DuckDB reports a few accounts debt-batch does not;
compare on the intersection.

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

# The type_map codes of the generated sources.toml, for a Python without tomllib.
DEFAULT_CODES = {
    "ctax": {"CHG": "charge", "PAY": "payment", "REV": "reversal", "ADJ": "adjustment",
             "WO": "write_off", "CST": "costs", "REF": "refund"},
    "rent": {"BFWD": "adjustment", "RENT": "charge", "UC": "payment", "HB": "payment",
             "CASH": "payment", "DD": "payment", "DDRTN": "reversal", "ADJ": "adjustment",
             "WOFF": "write_off", "CRT": "costs", "REFND": "refund"},
    "nndr": {"BILL": "charge", "PAYMT": "payment", "DDRET": "reversal", "ADJ": "adjustment",
             "WOFF": "write_off", "REFND": "refund", "COSTS": "costs"},
    "hbop": {"HBDED": "payment", "UCDED": "payment", "INV": "payment", "RTN": "reversal"},
}

CTAX_AMOUNT = r"£?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}"
CTAX_NEGATIVE = r"\([0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}\)"
PLAIN_AMOUNT = r"[0-9]+\.[0-9]{2}"
GROUPED_AMOUNT = r"[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}"
SOURCES = ("ctax", "rent", "nndr", "fta", "hbop", "sundry", "pcn")


def sql_list(values):
    return ", ".join("'" + v.upper().replace("'", "''") + "'" for v in sorted(values))


def type_codes(data_dir):
    """The type_map of each source in the data set's sources.toml: code -> kind."""
    if tomllib is None:
        return DEFAULT_CODES
    with open(os.path.join(data_dir, "sources.toml"), "rb") as f:
        config = tomllib.load(f)
    return {
        s["id"]: dict(s.get("transactions", {}).get("type_map", {}))
        for s in config.get("sources", [])
    }


def sign_case(codes, column):
    """SQL giving +1 or -1 for a positive amount of each code's kind (as_type)."""
    credits = [c for c, k in codes.items() if k in ("payment", "write_off")]
    return f"CASE WHEN upper({column}) IN ({sql_list(credits)}) THEN -1 ELSE 1 END"


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
    path = lambda *p: os.path.join(data_dir, *p).replace("'", "''")

    # Business rates: every field quoted, dd-mm-yyyy, credits written '1234.56 CR'.
    con.execute(f"""
        CREATE TEMP TABLE nndr AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, "TRANS_NO" AS id, "ACCOUNT" AS account,
                   "TRANS_DATE" AS posted, "TRANS_TYPE" AS code, "VALUE" AS amount
            FROM read_csv('{path("nndr", "transactions.csv")}', delim = ',', header = true,
                          quote = '"', escape = '"', all_varchar = true)
        ),
        first AS (
            SELECT arg_min({{'account': account, 'posted': posted, 'code': code, 'amount': amount}}, rn) AS r,
                   count(*) AS n
            FROM raw GROUP BY id
        )
        SELECT r.account AS account, try_strptime(r.posted, '%d-%m-%Y')::DATE AS posted,
               upper(r.code) AS code,
               CASE
                   WHEN regexp_full_match(r.amount, '{PLAIN_AMOUNT}')
                       THEN TRY_CAST(r.amount AS DECIMAL(18, 2))
                   WHEN regexp_full_match(r.amount, '{PLAIN_AMOUNT} CR')
                       THEN -TRY_CAST(replace(r.amount, ' CR', '') AS DECIMAL(18, 2))
               END AS amount,
               n
        FROM first
    """)

    # Former tenant arrears: the debt row's charge, and receipts (no type: payments).
    con.execute(f"""
        CREATE TEMP TABLE fta_debts AS
        SELECT "FTA Ref" AS account, try_strptime("Transfer Date", '%Y/%m/%d')::DATE AS posted,
               CASE WHEN regexp_full_match("Arrears Transferred", '{PLAIN_AMOUNT}')
                    THEN TRY_CAST("Arrears Transferred" AS DECIMAL(18, 2)) END AS amount
        FROM read_csv('{path("fta", "debts.csv")}', delim = ';', header = true, quote = '"',
                      escape = '"', all_varchar = true)
    """)
    con.execute(f"""
        CREATE TEMP TABLE fta AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, "Payment Ref" AS id, "FTA Ref" AS account,
                   "Paid On" AS posted, "Amount" AS amount
            FROM read_csv('{path("fta", "receipts.csv")}', delim = ';', header = true,
                          quote = '"', escape = '"', all_varchar = true)
        ),
        first AS (
            SELECT arg_min({{'account': account, 'posted': posted, 'amount': amount}}, rn) AS r,
                   count(*) AS n
            FROM raw GROUP BY id
        )
        SELECT d.account, d.posted, 'CHARGE' AS code, d.amount, 1 AS n FROM fta_debts d
        UNION ALL
        SELECT f.r.account, try_strptime(f.r.posted, '%Y/%m/%d')::DATE, 'PAYMENT',
               CASE WHEN regexp_full_match(f.r.amount, '{PLAIN_AMOUNT}')
                    THEN -TRY_CAST(f.r.amount AS DECIMAL(18, 2)) END,
               f.n
        FROM first f SEMI JOIN fta_debts d ON f.r.account = d.account
    """)

    # Benefit overpayments: the debt row's charge, recoveries by method (no id, no dedupe).
    hbop_codes = codes.get("hbop", {})
    con.execute(f"""
        CREATE TEMP TABLE hbop_debts AS
        SELECT "DEBT_ID" AS account, try_strptime("RAISED", '%Y%m%d')::DATE AS posted,
               CASE WHEN regexp_full_match("AMOUNT", '{PLAIN_AMOUNT}')
                    THEN TRY_CAST("AMOUNT" AS DECIMAL(18, 2)) END AS amount
        FROM read_csv('{path("hbop", "debts.txt")}', delim = '|', header = true, quote = '"',
                      escape = '"', all_varchar = true)
    """)
    con.execute(f"""
        CREATE TEMP TABLE hbop AS
        WITH raw AS (
            SELECT "DEBT_ID" AS account, "REC_DATE" AS posted, "METHOD" AS code, "AMOUNT" AS amount
            FROM read_csv('{path("hbop", "recoveries.txt")}', delim = '|', header = true,
                          quote = '"', escape = '"', all_varchar = true)
        )
        SELECT d.account, d.posted, 'CHARGE' AS code, d.amount, 1 AS n FROM hbop_debts d
        UNION ALL
        SELECT r.account, try_strptime(r.posted, '%Y%m%d')::DATE, upper(r.code),
               CASE WHEN regexp_full_match(r.amount, '{PLAIN_AMOUNT}') AND upper(r.code) IN ({sql_list(hbop_codes)})
                    THEN ({sign_case(hbop_codes, "r.code")}) * TRY_CAST(r.amount AS DECIMAL(18, 2)) END,
               1
        FROM raw r SEMI JOIN hbop_debts d ON r.account = d.account
    """)

    # Sundry debts: invoices carrying their charge, receipts (payments), '1,234.56'.
    con.execute(f"""
        CREATE TEMP TABLE sundry_invoices AS
        SELECT "Invoice No" AS account, try_strptime("Invoice Date", '%d.%m.%Y')::DATE AS posted,
               CASE WHEN regexp_full_match("Gross", '{GROUPED_AMOUNT}')
                    THEN TRY_CAST(replace("Gross", ',', '') AS DECIMAL(18, 2)) END AS amount
        FROM read_csv('{path("sundry", "invoices.txt")}', delim = '\t', header = true, skip = 2,
                      quote = '"', escape = '"', all_varchar = true)
    """)
    con.execute(f"""
        CREATE TEMP TABLE sundry AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, "Receipt No" AS id, "Invoice No" AS account,
                   "Receipt Date" AS posted, "Amount" AS amount
            FROM read_csv('{path("sundry", "receipts.txt")}', delim = '\t', header = true, skip = 2,
                          quote = '"', escape = '"', all_varchar = true)
        ),
        first AS (
            SELECT arg_min({{'account': account, 'posted': posted, 'amount': amount}}, rn) AS r,
                   count(*) AS n
            FROM raw GROUP BY id
        )
        SELECT i.account, i.posted, 'CHARGE' AS code, i.amount, 1 AS n FROM sundry_invoices i
        UNION ALL
        SELECT f.r.account, try_strptime(f.r.posted, '%d.%m.%Y')::DATE, 'PAYMENT',
               CASE WHEN regexp_full_match(f.r.amount, '{GROUPED_AMOUNT}')
                    THEN -TRY_CAST(replace(f.r.amount, ',', '') AS DECIMAL(18, 2)) END,
               f.n
        FROM first f SEMI JOIN sundry_invoices i ON f.r.account = i.account
    """)

    # Penalty notices: no header; the first row of each notice; charge less paid.
    con.execute(f"""
        CREATE TEMP TABLE pcn AS
        WITH raw AS (
            SELECT row_number() OVER () AS rn, column00 AS id, column05 AS issued,
                   column06 AS charge, column07 AS paid, column08 AS last_paid
            FROM read_csv('{path("pcn", "notices.csv")}', delim = ',', header = false, quote = '"',
                          escape = '"', all_varchar = true, null_padding = true)
        ),
        first AS (
            SELECT id, arg_min({{'issued': issued, 'charge': charge, 'paid': paid, 'last_paid': last_paid}}, rn) AS r,
                   count(*) AS n
            FROM raw GROUP BY id
        ),
        valid AS (
            SELECT id, try_strptime(r.issued, '%d-%b-%Y')::DATE AS issued,
                   CASE WHEN regexp_full_match(r.charge, '{PLAIN_AMOUNT}')
                        THEN TRY_CAST(r.charge AS DECIMAL(18, 2)) END AS charge,
                   CASE WHEN regexp_full_match(r.paid, '{PLAIN_AMOUNT}')
                        THEN TRY_CAST(r.paid AS DECIMAL(18, 2)) END AS paid,
                   try_strptime(r.last_paid, '%d-%b-%Y')::DATE AS last_paid, n
            FROM first
        )
        SELECT id AS account, issued AS posted, 'CHARGE' AS code, charge AS amount, n
        FROM valid WHERE issued IS NOT NULL AND charge IS NOT NULL AND paid IS NOT NULL
        UNION ALL
        SELECT id, coalesce(last_paid, issued), 'PAYMENT', -paid, 0
        FROM valid WHERE issued IS NOT NULL AND charge IS NOT NULL AND paid IS NOT NULL AND paid <> 0
    """)

    rows = {}
    for source in SOURCES:
        rows[source] = con.execute(f"SELECT coalesce(sum(n), 0) FROM {source}").fetchone()[0]

    out_sql = out.replace("'", "''")
    typed = lambda source: (
        f"SELECT '{source}' AS source, * FROM {source} WHERE code IN ({sql_list(codes.get(source, {}))})"
    )
    untyped = lambda source: f"SELECT '{source}' AS source, * FROM {source}"
    con.execute(f"""
        COPY (
            SELECT source, account AS account_ref, sum(amount)::DECIMAL(18, 2) AS balance
            FROM (
                {typed('ctax')} UNION ALL {typed('rent')} UNION ALL {typed('nndr')}
                UNION ALL {untyped('fta')} UNION ALL {untyped('hbop')}
                UNION ALL {untyped('sundry')} UNION ALL {untyped('pcn')}
            )
            WHERE posted IS NOT NULL AND posted <= DATE '{as_of}'
              AND amount IS NOT NULL AND account IS NOT NULL AND account <> ''
            GROUP BY source, account
            ORDER BY source, account
        ) TO '{out_sql}' (HEADER, DELIMITER ',')
    """)
    accounts = con.execute(f"SELECT count(*) FROM read_csv('{out_sql}', all_varchar = true)").fetchone()[0]
    seconds = time.perf_counter() - started
    total = sum(rows.values())
    each = ", ".join(f"{s} {rows[s]}" for s in SOURCES)
    print(f"duckdb: transaction rows read {total} ({each}), "
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

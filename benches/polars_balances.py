#!/usr/bin/env python3
"""Per-account balances of a `debt-batch generate` data set, computed with polars.

A second baseline for benches/ingest_vs_duckdb.sh, beside duckdb_balances.py,
applying the same rules with the polars lazy API. It reads every source's files
the way debt-batch does (the generator's seven systems, each in its own style
and shape) and sums each account's signed amounts dated on or before the as-of
date:

* ctax/transactions.csv: Windows-1252, ';', dd/mm/yyyy, one signed amount
  written '£1,234.56' or '(12.50)'. polars reads only UTF-8, so the file is
  read as bytes and decoded as Latin-1 (as DuckDB reads it: the only non-ASCII
  byte in it is the pound sign, 0xA3, the same in both) and scanned from the
  re-encoded UTF-8 in memory; that decoding is inside the measured time.
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

Rows debt-batch would not accept are left out exactly as duckdb_balances.py
leaves them out: for each transaction id (or penalty notice) only the first
row in the file counts (a later exact copy is a duplicate, a later different
row a conflict); rows with an impossible date, an amount that is not money, or
a type code not in the config's type_map (read from DATA_DIR/sources.toml) are
dropped. In the files whose debt rows carry the charge, payments are joined to
those rows (a receipt naming no debt is left out, as debt-batch holds it in
suspense). In ctax, rent and nndr, rows naming an account that is not in the
account master are NOT dropped (no master is read), so, like DuckDB, polars
reports a few accounts debt-batch does not; compare on the intersection.

Money is never a float: each amount string is checked against the same
regular expressions as the DuckDB script and turned into integer pence (Int64),
summed exactly, and written with two decimals. As in DuckDB's
TRY_CAST(... AS DECIMAL(18, 2)), an amount of 10^16 pounds or more is not money.
Every file is read with all columns as strings; an empty field (quoted or not)
is null, as in DuckDB's read_csv. "First row per id" is unique(keep='first')
where only the row is needed (ctax, rent, nndr), and a group_by taking first()
where the id's row count is needed too (receipts, notices), which relies on
polars keeping the file's row order within each group (documented for
DataFrame.group_by: "Within each group, the order of rows is always
preserved"). Both run on polars' in-memory engine (see ENGINE).

The ROWS= count is the DuckDB script's: every row of the ctax, rent and nndr
transaction files; the fta, hbop and sundry debt or invoice rows plus the
receipts (all rows of each receipt id) that name a known debt; and the rows of
the penalty notices whose first row is valid.

Threads: polars sizes its thread pool once, from the POLARS_MAX_THREADS
environment variable, when it is first imported; this script sets
POLARS_MAX_THREADS to --threads (default 2, as DuckDB's SET threads) before it
imports polars, overriding any value in the environment.

Usage:
    polars_balances.py DATA_DIR [--out CSV] [--as-of 2026-11-20] [--threads 2]
        writes CSV (default DATA_DIR/polars_balances.csv): source,account_ref,balance
        sorted by source then account_ref, and prints ROWS=, SECONDS= (from the
        start of reading to the end of writing) and OUT= lines. Compare it with
        duckdb_balances.py --compare (any two CSVs of source,account_ref,balance).
"""

import argparse
import datetime
import io
import os
import sys
import time

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover
    tomllib = None

pl = None  # imported in main(), after POLARS_MAX_THREADS is set

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

# The same patterns as duckdb_balances.py, matched against the whole field.
CTAX_AMOUNT = r"£?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}"
CTAX_NEGATIVE = r"\([0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}\)"
PLAIN_AMOUNT = r"[0-9]+\.[0-9]{2}"
GROUPED_AMOUNT = r"[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}"
SOURCES = ("ctax", "rent", "nndr", "fta", "hbop", "sundry", "pcn")
# DECIMAL(18, 2) holds at most 10^18 - 1 pence.
PENCE_LIMIT = 10**18
# polars' in-memory engine: on this job (2 threads, 10.9 million rows) it measured
# 9-10 s where collect()'s default ("auto", which here chose streaming) took 13-14 s.
# POLARS_ENGINE=streaming for data larger than memory: the in-memory engine
# held 3.2 GB for the 50,000-household council's 0.7 GB of files.
ENGINE = os.environ.get("POLARS_ENGINE", "in-memory")


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


def upper_codes(codes):
    return sorted(c.upper() for c in codes)


# ---- expressions -------------------------------------------------------------

def text(name):
    """A string column with an empty value as null (DuckDB reads '' and "" as NULL)."""
    c = pl.col(name)
    return pl.when(c != "").then(c)


def full_match(expr, pattern):
    return expr.str.contains(f"^(?:{pattern})$")


def pence(expr, pattern):
    """Integer pence of an amount fully matching pattern (which has exactly two
    decimals, so its digits are the pence), else null; null too when it would
    overflow DECIMAL(18, 2), as DuckDB's TRY_CAST gives."""
    value = expr.str.replace_all(r"[^0-9]", "").cast(pl.Int64, strict=False)
    return pl.when(full_match(expr, pattern) & (value < PENCE_LIMIT)).then(value)


def plain_pence(expr):
    """'1234.56' -> 123456; anything else (or too large) -> null (TRY_CAST semantics)."""
    value = expr.str.replace(r"\.", "").cast(pl.Int64, strict=False)
    return pl.when(full_match(expr, PLAIN_AMOUNT) & (value < PENCE_LIMIT)).then(value)


def date(expr, fmt):
    """try_strptime(expr, fmt)::DATE: null for an impossible or misshapen date.
    Surrounding blanks are ignored, as DuckDB's strptime ignores them."""
    return expr.str.strip_chars(" ").str.to_date(fmt, strict=False)


def first_per_id(lf, id_col, cols):
    """Each id's first row in file order (arg_min over the row number in DuckDB),
    with n = how many rows carried that id. Null ids form one group, as in SQL."""
    return (
        lf.select([text(id_col).alias("_id")] + [text(c).alias(c) for c in cols])
        .group_by("_id")
        .agg([pl.col(c).first() for c in cols] + [pl.len().alias("n")])
    )


def first_of_each_id(lf, id_col, cols):
    """Each id's first row in file order, without the count (unique keep='first',
    cheaper than a group_by): for the files whose every row is counted."""
    return (
        lf.select([text(id_col).alias("_id")] + [text(c).alias(c) for c in cols])
        .unique(subset="_id", keep="first")
    )


def with_rows(table):
    """A source's table and the plan of its ROWS= count, the sum of its n (in ctax,
    rent and nndr, every row of the file counts: the plan is the file's length)."""
    return table, table.select(pl.col("n").sum())


def frame(account, posted, code, amount, n=None):
    """The common shape of every source's table: account, posted (a date), code,
    amount (integer pence) and, where the ROWS= count needs it, n."""
    columns = [
        account.alias("account"),
        posted.alias("posted"),
        code.alias("code"),
        amount.cast(pl.Int64).alias("amount"),
    ]
    if n is not None:
        columns.append(n.cast(pl.Int64).alias("n"))
    return columns


def scan(path, **options):
    return pl.scan_csv(path, infer_schema=False, quote_char='"', **options)


# ---- sources -----------------------------------------------------------------

def ctax(data_dir):
    with open(os.path.join(data_dir, "ctax", "transactions.csv"), "rb") as f:
        utf8 = f.read().decode("latin-1").encode("utf-8")
    lf = scan(io.BytesIO(utf8), separator=";").select(
        pl.col("Trans ID").alias("id"), pl.col("Account Ref").alias("account"),
        pl.col("Posted").alias("posted"), pl.col("Type").alias("code"),
        pl.col("Amount").alias("amount"))
    first = first_of_each_id(lf, "id", ["account", "posted", "code", "amount"])
    amount = pl.col("amount")
    return first.select(frame(
        pl.col("account"),
        date(pl.col("posted"), "%d/%m/%Y"),
        pl.col("code").str.to_uppercase(),
        pl.coalesce(pence(amount, CTAX_AMOUNT), -pence(amount, CTAX_NEGATIVE)),
    )), lf.select(pl.len())


def rent(data_dir):
    lf = scan(os.path.join(data_dir, "rent", "transactions.csv"), separator=",").select(
        pl.col("trans_id").alias("id"), pl.col("tenancy_ref").alias("account"),
        pl.col("trans_date").alias("posted"), pl.col("trans_code").alias("code"),
        pl.col("debit"), pl.col("credit"))
    first = first_of_each_id(lf, "id", ["account", "posted", "code", "debit", "credit"])
    debit, credit = pl.col("debit"), pl.col("credit")
    valid = ((debit.is_not_null() | credit.is_not_null())
             & (debit.is_null() | full_match(debit, PLAIN_AMOUNT))
             & (credit.is_null() | full_match(credit, PLAIN_AMOUNT)))
    # coalesce(TRY_CAST(debit), 0) - coalesce(TRY_CAST(credit), 0)
    amount = plain_pence(debit).fill_null(0) - plain_pence(credit).fill_null(0)
    return first.select(frame(
        pl.col("account"),
        date(pl.col("posted"), "%Y-%m-%d"),
        pl.col("code").str.to_uppercase(),
        pl.when(valid).then(amount),
    )), lf.select(pl.len())


def nndr(data_dir):
    lf = scan(os.path.join(data_dir, "nndr", "transactions.csv"), separator=",").select(
        pl.col("TRANS_NO").alias("id"), pl.col("ACCOUNT").alias("account"),
        pl.col("TRANS_DATE").alias("posted"), pl.col("TRANS_TYPE").alias("code"),
        pl.col("VALUE").alias("amount"))
    first = first_of_each_id(lf, "id", ["account", "posted", "code", "amount"])
    amount = pl.col("amount")
    return first.select(frame(
        pl.col("account"),
        date(pl.col("posted"), "%d-%m-%Y"),
        pl.col("code").str.to_uppercase(),
        pl.coalesce(pence(amount, PLAIN_AMOUNT), -pence(amount, PLAIN_AMOUNT + " CR")),
    )), lf.select(pl.len())


def charged_with_receipts(debts, receipts, debt_date_fmt, receipt_date_fmt, debt_pattern,
                          receipt_pattern):
    """The charge rows (one per debt row, not deduplicated) and the first row of
    each receipt id whose account names a debt (a semi join), as payments."""
    charges = debts.select(frame(
        text("account"),
        date(text("posted"), debt_date_fmt),
        pl.lit("CHARGE"),
        pence(text("amount"), debt_pattern),
        pl.lit(1),
    ))
    first = first_per_id(receipts, "id", ["account", "posted", "amount"])
    known = charges.select("account").filter(pl.col("account").is_not_null()).unique()
    payments = first.join(known, on="account", how="semi").select(frame(
        pl.col("account"),
        date(pl.col("posted"), receipt_date_fmt),
        pl.lit("PAYMENT"),
        -pence(pl.col("amount"), receipt_pattern),
        pl.col("n"),
    ))
    return with_rows(pl.concat([charges, payments]))


def fta(data_dir):
    debts = scan(os.path.join(data_dir, "fta", "debts.csv"), separator=";").select(
        pl.col("FTA Ref").alias("account"), pl.col("Transfer Date").alias("posted"),
        pl.col("Arrears Transferred").alias("amount"))
    receipts = scan(os.path.join(data_dir, "fta", "receipts.csv"), separator=";").select(
        pl.col("Payment Ref").alias("id"), pl.col("FTA Ref").alias("account"),
        pl.col("Paid On").alias("posted"), pl.col("Amount").alias("amount"))
    return charged_with_receipts(debts, receipts, "%Y/%m/%d", "%Y/%m/%d", PLAIN_AMOUNT,
                                 PLAIN_AMOUNT)


def sundry(data_dir):
    invoices = scan(os.path.join(data_dir, "sundry", "invoices.txt"), separator="\t",
                    skip_lines=2).select(
        pl.col("Invoice No").alias("account"), pl.col("Invoice Date").alias("posted"),
        pl.col("Gross").alias("amount"))
    receipts = scan(os.path.join(data_dir, "sundry", "receipts.txt"), separator="\t",
                    skip_lines=2).select(
        pl.col("Receipt No").alias("id"), pl.col("Invoice No").alias("account"),
        pl.col("Receipt Date").alias("posted"), pl.col("Amount").alias("amount"))
    return charged_with_receipts(invoices, receipts, "%d.%m.%Y", "%d.%m.%Y", GROUPED_AMOUNT,
                                 GROUPED_AMOUNT)


def hbop(data_dir, codes):
    """Debt rows carry the charge; recoveries (no id, so no dedupe) are signed by
    their method's kind (payment or write_off: a credit) and need a known method."""
    debts = scan(os.path.join(data_dir, "hbop", "debts.txt"), separator="|").select(
        text("DEBT_ID").alias("account"), text("RAISED").alias("posted"),
        text("AMOUNT").alias("amount"))
    charges = debts.select(frame(
        pl.col("account"), date(pl.col("posted"), "%Y%m%d"), pl.lit("CHARGE"),
        plain_pence(pl.col("amount")), pl.lit(1)))
    known = charges.select("account").filter(pl.col("account").is_not_null()).unique()
    credits = upper_codes(c for c, k in codes.items() if k in ("payment", "write_off"))
    recoveries = scan(os.path.join(data_dir, "hbop", "recoveries.txt"), separator="|").select(
        text("DEBT_ID").alias("account"), text("REC_DATE").alias("posted"),
        text("METHOD").str.to_uppercase().alias("code"), text("AMOUNT").alias("amount"))
    code = pl.col("code")
    sign = pl.when(code.is_in(credits)).then(-1).otherwise(1)
    payments = recoveries.join(known, on="account", how="semi").select(frame(
        pl.col("account"),
        date(pl.col("posted"), "%Y%m%d"),
        code,
        pl.when(code.is_in(upper_codes(codes))).then(sign * plain_pence(pl.col("amount"))),
        pl.lit(1),
    ))
    return with_rows(pl.concat([charges, payments]))


def pcn(data_dir):
    """No header (columns named c00, c01, ... like DuckDB's column00); the first row
    of each notice; a charge row on the issue date and, when something was paid,
    a payment row on the last paid date (or the issue date); only the charge row
    counts the notice's rows."""
    lf = scan(os.path.join(data_dir, "pcn", "notices.csv"), separator=",", has_header=False,
              truncate_ragged_lines=True,
              with_column_names=lambda names: [f"c{i:02d}" for i in range(len(names))])
    lf = lf.select(pl.col("c00").alias("id"), pl.col("c05").alias("issued"),
                   pl.col("c06").alias("charge"), pl.col("c07").alias("paid"),
                   pl.col("c08").alias("last_paid"))
    first = first_per_id(lf, "id", ["issued", "charge", "paid", "last_paid"])
    valid = first.select(
        pl.col("_id").alias("id"),
        date(pl.col("issued"), "%d-%b-%Y").alias("issued"),
        plain_pence(pl.col("charge")).alias("charge"),
        plain_pence(pl.col("paid")).alias("paid"),
        date(pl.col("last_paid"), "%d-%b-%Y").alias("last_paid"),
        pl.col("n"),
    ).filter(pl.col("issued").is_not_null() & pl.col("charge").is_not_null()
             & pl.col("paid").is_not_null())
    charges = valid.select(frame(pl.col("id"), pl.col("issued"), pl.lit("CHARGE"),
                                 pl.col("charge"), pl.col("n")))
    payments = valid.filter(pl.col("paid") != 0).select(frame(
        pl.col("id"), pl.coalesce(pl.col("last_paid"), pl.col("issued")), pl.lit("PAYMENT"),
        -pl.col("paid"), pl.lit(0)))
    return with_rows(pl.concat([charges, payments]))


def money_text(pence_expr):
    """Integer pence as DuckDB writes DECIMAL(18, 2): '-12.50', '0.00', '1234.56'."""
    magnitude = pence_expr.abs()
    return pl.concat_str([
        pl.when(pence_expr < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        (magnitude // 100).cast(pl.String),
        pl.lit("."),
        (magnitude % 100).cast(pl.String).str.zfill(2),
    ])


def balances(data_dir, out, as_of, threads):
    codes = type_codes(data_dir)
    as_of_date = datetime.date.fromisoformat(as_of)
    started = time.perf_counter()

    # Each source: (its table plan, its ROWS= count plan).
    plans = {
        "ctax": ctax(data_dir),
        "rent": rent(data_dir),
        "nndr": nndr(data_dir),
        "fta": fta(data_dir),
        "hbop": hbop(data_dir, codes.get("hbop", {})),
        "sundry": sundry(data_dir),
        "pcn": pcn(data_dir),
    }
    # Each source's table, as DuckDB's temp tables, and its count, in one collect_all
    # (the sources run in parallel; common subplans such as a scan feeding both a
    # table and its count are computed once).
    collected = pl.collect_all([plans[s][0] for s in SOURCES] + [plans[s][1] for s in SOURCES],
                               engine=ENGINE)
    tables = dict(zip(SOURCES, collected[:len(SOURCES)]))
    rows = {s: int(collected[len(SOURCES) + i].item() or 0) for i, s in enumerate(SOURCES)}

    parts = []
    for source in SOURCES:
        lf = tables[source].lazy().with_columns(pl.lit(source).alias("source"))
        if source in ("ctax", "rent", "nndr"):
            lf = lf.filter(pl.col("code").is_in(upper_codes(codes.get(source, {}))))
        parts.append(lf.select("source", "account", "posted", "amount"))
    result = (
        pl.concat(parts)
        .filter(pl.col("posted").is_not_null() & (pl.col("posted") <= as_of_date)
                & pl.col("amount").is_not_null()
                & pl.col("account").is_not_null() & (pl.col("account") != ""))
        .group_by("source", "account")
        .agg(pl.col("amount").sum().alias("pence"))
        .sort("source", "account")
        .select(pl.col("source"), pl.col("account").alias("account_ref"),
                money_text(pl.col("pence")).alias("balance"))
        .collect(engine=ENGINE)
    )
    result.write_csv(out)
    seconds = time.perf_counter() - started
    if pl.thread_pool_size() != threads:
        print(f"polars: {pl.thread_pool_size()} threads, not {threads} (was polars imported "
              "before POLARS_MAX_THREADS was set?)", file=sys.stderr)

    accounts = result.height
    total = sum(rows.values())
    each = ", ".join(f"{s} {rows[s]}" for s in SOURCES)
    print(f"polars {pl.__version__}: transaction rows read {total} ({each}), "
          f"{accounts} accounts, {seconds:.3f} seconds, threads {pl.thread_pool_size()}")
    print(f"ROWS={total}")
    print(f"SECONDS={seconds:.3f}")
    print(f"OUT={out}")


def main():
    global pl
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--out")
    parser.add_argument("--as-of", default="2026-11-20")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    # polars reads POLARS_MAX_THREADS once, when it is imported.
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars

    pl = polars
    balances(args.data_dir, args.out or os.path.join(args.data_dir, "polars_balances.csv"),
             args.as_of, args.threads)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a parking-system penalty file of N rows (the fixtures' PCN export
style: no header, commas, keeper names and free-text addresses, dates like
22-Jan-2026) and a config reading only it, to measure the memory of reading
a large invoice-style (master) file.

    python3 benches/big_invoice_file.py 2500000 /tmp/pcn-big
    /usr/bin/time -v target/release/debt-batch check --config /tmp/pcn-big/sources.toml
"""
import os
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
forenames = ["John", "Sarah", "David", "Priya", "Mohammed", "Emma", "Bill", "Grace", "Tomasz", "Aisha"]
surnames = ["Smith", "Jones", "Patel", "Brown", "Khan", "Taylor", "Nowak", "Evans", "Okafor", "Wilson"]
streets = ["High Street", "Station Rd", "Mill Lane", "Park Avenue", "Church Road", "Kestrel Court"]
stages = ["ISS", "NTO", "CC", "OFR", "WAR"]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
total = 0
with open(os.path.join(out, "pcn.csv"), "w") as f:
    for i in range(n):
        charge = rng.choice([7000, 10500, 11400, 15750, 17100])
        paid = rng.choice([0, 0, 0, 3500, 5000, charge])
        total += charge - paid
        name = f"{rng.choice(forenames)} {rng.choice(surnames)}"
        addr = f"\"{rng.randint(1, 200)} {rng.choice(streets)}, Ashbury\""
        pc = f"AS{rng.randint(1, 12)} {rng.randint(1, 9)}{chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}"
        issued = f"{rng.randint(1, 28):02d}-{rng.choice(months)}-2026"
        last = f"{rng.randint(1, 28):02d}-Nov-2026" if paid else ""
        f.write(f"AS{40000000 + i},AB{i % 100:02d} XYZ,{name},{addr},{pc},{issued},"
                f"{charge // 100}.{charge % 100:02d},{paid // 100}.{paid % 100:02d},{last},{rng.choice(stages)},01\n")
with open(os.path.join(out, "control.csv"), "w") as f:
    f.write("System,Accounts,Closing Balance\n")
    f.write(f"PCN,{n},{total // 100}.{total % 100:02d}\n")
with open(os.path.join(out, "sources.toml"), "w") as f:
    f.write('''[control_totals]
file = "control.csv"
columns = { source = "System", accounts = "Accounts", closing_balance = "Closing Balance" }

[[sources]]
id = "pcn"
service = "parking_penalty"
control_name = "PCN"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = false }

[sources.invoices]
file = "pcn.csv"
date_format = "%d-%b-%Y"
parties = [ { role = "keeper", name = "3" } ]

[sources.invoices.columns]
account_ref = "1"
address = "4"
postcode = "5"
stage = "10"
invoice_date = "6"
amount = "7"
paid = "8"
last_paid_date = "9"

[sources.invoices.stage_map]
ISS = "notice"
NTO = "notice"
CC = "charge_certificate"
OFR = "order_for_recovery"
WAR = "warrant"
''')
print(f"{n} rows in {out}/pcn.csv")

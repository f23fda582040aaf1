#!/usr/bin/env python3
"""How many automatic links rest on name and property alone, and how many of
them are wrong.

    python3 benches/linkage_weak_links.py EVAL_DIR   # EVAL_DIR/ours/links.csv from `debt-batch link`

A merged link is weak when the two records agree on the property and give
no date of birth, NINO, identifier, liability period, forwarding address or
household move to compare. Sending every such link to an officer instead
is the rule that would remove most false merges of namesakes in one
household; this prints the size of the queue it would make. Standard
library only.
"""
import csv
import sys
from collections import Counter


def main():
    d = sys.argv[1]
    with open(f"{d}/records.csv", newline="") as f:
        truth = {r["record_id"]: r["true_person_id"] for r in csv.DictReader(f)}
    count = Counter()
    with open(f"{d}/ours/links.csv", newline="") as f:
        for link in csv.DictReader(f):
            if link["decision"] != "merged":
                continue
            weak = (
                link["location_level"] == "same_property"
                and all(
                    link[f"{field}_level"] == "missing"
                    for field in ("dob", "nino", "identifier", "occupancy", "forwarding", "moved_with")
                )
            )
            count[(weak, truth[link["record_a"]] == truth[link["record_b"]])] += 1
    weak = count[(True, True)] + count[(True, False)]
    print(f"records {len(truth)}; merged links {sum(count.values())}")
    print(f"weak (name and property only): {weak} ({weak / len(truth):.4f} of records), "
          f"{count[(True, False)]} of them wrong")
    print(f"the rest: {count[(False, True)] + count[(False, False)]}, {count[(False, False)]} wrong")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Where the linker goes wrong on a labelled set: false merges and missed
links, grouped by what the records hold, with examples.

    python3 benches/linkage_errors.py EVAL_DIR OUT_DIR [--examples N]

EVAL_DIR holds the `generate-persons` files (records.csv with the truth);
OUT_DIR is what `debt-batch link --out` wrote (records.csv with person_id).
Standard library only.
"""
import csv
import sys
from collections import Counter, defaultdict
from itertools import combinations


def main():
    eval_dir, out_dir = sys.argv[1], sys.argv[2]
    examples = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 5
    src = {}
    with open(f"{eval_dir}/records.csv", newline="") as f:
        for r in csv.DictReader(f):
            src[r["record_id"]] = r
    person = {}
    with open(f"{out_dir}/records.csv", newline="") as f:
        for r in csv.DictReader(f):
            person[r["record_key"]] = r["person_id"]
    by_pred = defaultdict(list)
    by_true = defaultdict(list)
    for k, r in src.items():
        by_pred[person[k]].append(k)
        by_true[r["true_person_id"]].append(k)

    def desc(k):
        r = src[k]
        name = r["full_name"] or f"{r['forename']} / {r['surname']}"
        return (f"{k:>10} {r['source']:<8} {name:<32} dob={r['dob'] or '-':<10} "
                f"nino={r['nino'] or '-':<11} {r['postcode'] or '-':<8} "
                f"uprn={r['true_uprn'] or '-':<8} fwd={r['forwarding_postcode'] or '-':<8} "
                f"true={r['true_person_id']}")

    def surname(k):
        r = src[k]
        if r["surname"]:
            return "".join(c for c in r["surname"].upper() if c.isalpha())
        text = r["full_name"]
        part = text.split(",")[0] if "," in text else text.split()[-1] if text.split() else ""
        return "".join(c for c in part.upper() if c.isalpha())

    def why(a, b, merged):
        """The class of an error, by what the two records hold."""
        x, y = src[a], src[b]
        ids = bool(x["dob"] and y["dob"]) or bool(x["nino"] and y["nino"])
        same_place = x["true_uprn"] and x["true_uprn"] == y["true_uprn"]
        same_surname = surname(a) == surname(b)
        if merged:
            if same_place and not ids:
                return "one household, same surname, nothing on both records to tell them apart" if same_surname else "one household, nothing on both records to tell them apart"
            return "other"
        if not same_surname:
            return "surname differs (maiden name, typo) " + ("same place" if same_place else "different place")
        if not same_place and not ids:
            return "moved: same surname, no date of birth or NINO on both"
        return "other"

    def shared(a, b):
        x, y = src[a], src[b]
        tags = []
        if x["dob"] and y["dob"]:
            tags.append("dob=" if x["dob"] == y["dob"] else "dob!")
        else:
            tags.append("dob?")
        if x["nino"] and y["nino"]:
            tags.append("nino=" if x["nino"].replace(" ", "").upper() == y["nino"].replace(" ", "").upper() else "nino!")
        ux = {x["true_uprn"]} | ({x.get("forwarding_true_uprn", "")} - {""})
        uy = {y["true_uprn"]}
        same_place = x["true_uprn"] and x["true_uprn"] == y["true_uprn"]
        fwd = (x["forwarding_postcode"] and x["forwarding_postcode"] == y["postcode"]) or (
            y["forwarding_postcode"] and y["forwarding_postcode"] == x["postcode"])
        tags.append("place=" if same_place else ("fwd" if fwd else "place!"))
        return " ".join(tags)

    # False merges: predicted clusters holding more than one true person.
    fp = Counter()
    fp_examples = defaultdict(list)
    fp_total = 0
    fp_why = Counter()
    for p, keys in by_pred.items():
        trues = Counter(src[k]["true_person_id"] for k in keys)
        if len(trues) < 2:
            continue
        for a, b in combinations(sorted(keys), 2):
            if src[a]["true_person_id"] != src[b]["true_person_id"]:
                tag = shared(a, b)
                fp_why[why(a, b, True)] += 1
                fp[tag] += 1
                fp_total += 1
                if len(fp_examples[tag]) < examples:
                    fp_examples[tag].append(keys)
    # Missed links: true persons split over predicted clusters.
    fn = Counter()
    fn_examples = defaultdict(list)
    fn_total = 0
    fn_why = Counter()
    for t, keys in by_true.items():
        for a, b in combinations(sorted(keys), 2):
            if person[a] != person[b]:
                tag = shared(a, b)
                fn_why[why(a, b, False)] += 1
                fn[tag] += 1
                fn_total += 1
                if len(fn_examples[tag]) < examples:
                    fn_examples[tag].append(keys)
    print(f"false merge pairs: {fp_total}")
    for tag, n in fp.most_common():
        print(f"  {n:>6}  {tag}")
    print(f"missed pairs: {fn_total}")
    for tag, n in fn.most_common():
        print(f"  {n:>6}  {tag}")
    print("false merge pairs by class:")
    for tag, n in fp_why.most_common():
        print(f"  {n:>6}  {tag}")
    print("missed pairs by class:")
    for tag, n in fn_why.most_common():
        print(f"  {n:>6}  {tag}")
    if examples == 0:
        return
    for title, ex in (("FALSE MERGES", fp_examples), ("MISSED", fn_examples)):
        print(f"\n==== {title}")
        for tag, groups in sorted(ex.items(), key=lambda kv: -len(kv[1])):
            print(f"\n-- {tag}")
            for keys in groups:
                for k in sorted(keys, key=lambda k: (person[k], k)):
                    print(f"   p={person[k]:<10} {desc(k)}")
                print()


if __name__ == "__main__":
    main()

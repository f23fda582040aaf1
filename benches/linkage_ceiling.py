#!/usr/bin/env python3
"""How well could any linker do on a labelled set? An oracle's frontier.

    python3 benches/linkage_ceiling.py EVAL_DIR

EVAL_DIR holds the `generate-persons` files (records.csv with the truth).
Standard library only.

1. Recall ceiling from evidence. Within each true person, two records are
   joined only when they share evidence a linker can use beyond the name:
   the same date of birth, the same NINO, or a compatible name (same
   surname or same forename) together with the same property, a forwarding
   address at the other's postcode, or a liability or tenancy that begins
   between 14 days before and 62 days after the other's ends. Recall is
   the share of true pairs inside the joined components. The oracle uses
   the truth to join only records of one person, so it makes no false
   merge at all: a real linker does worse.

2. Name-only links. The rest of a person's records agree with the others
   only by name, at two properties. The script lists every pair of records
   with the same surname and the same forename (or an initial that fits)
   at two different properties, no disagreeing date of birth or NINO and
   no evidence of (1), and says how often such a pair is one person, by
   how rare the surname is. Pairs that a middle initial or the sex of a
   title rules out are left out, as a linker would refuse them.

3. The frontier. Starting from the perfect components of (1), the oracle
   adds those name-only links the way a Fellegi-Sunter linker ranks them:
   by how rare the surname and forename are (term frequency, in bits),
   with about 4.3 bits more each where both records give the same middle
   initial and where someone of another forename of the same surname was
   recorded at the same two properties (a household that moved together),
   the weights debt-batch's linker gives them. It
   merges clusters as a linker would and prints pairwise precision and
   recall as it goes. It is optimistic: it starts with no false merge at
   all, where a real linker already has some from records with nothing
   to tell two people apart. It is not a proof, since a linker might rank
   name-only links by something this one ignores; but what it ranks by
   is everything the records hold.

4. The same evidence without the truth. (1) joins two records only inside
   one true person. A linker cannot: it sees two records of one surname, a
   forename that fits (the same, or an initial of it), nothing that
   disagrees (date of birth, NINO, middle initial, the sex of a title) and
   evidence of (1) (the same date of birth or NINO, the same property, a
   forwarding address at the other's postcode, a move on the day). This
   part joins every such pair, whoever they are, and prints the precision
   and recall that gives, and how many of its false pairs are two people
   at one property with nothing in their records to tell them apart (a
   father and son of one name, neither record with a date of birth). Where
   that precision is below 0.995, no linker reaches (3)'s frontier at
   0.995 without sending those links to an officer.
"""
import csv
import datetime as dt
import math
import sys
from collections import Counter, defaultdict
from itertools import combinations

TITLES = {"MR", "MRS", "MS", "MISS", "DR"}
# Bits a matching middle initial, or a household moving along, adds to a
# name-only link (about what debt-batch's linker gives each).
BONUS_BITS = 4.3


def name_parts(r):
    """(forename, surname, middle initial, title) in capitals, from whichever
    columns the source uses."""
    title = ""
    if r["forename"] or r["surname"]:
        fore, sur = r["forename"].upper().split(), r["surname"].upper().strip()
    else:
        text = r["full_name"].upper().replace(".", "")
        if "," in text:
            sur, rest = text.split(",", 1)
            fore = rest.split()
        else:
            words = text.split()
            if words and words[0] in TITLES:
                title = words.pop(0)
            sur, fore = (words[-1] if words else ""), words[:-1]
    middle = fore[1][0] if len(fore) > 1 else ""
    return (fore[0] if fore else ""), sur.strip(), middle, title


def sex(title):
    return {"MR": "M", "MRS": "F", "MS": "F", "MISS": "F"}.get(title, "")


def date(text):
    return dt.date.fromisoformat(text) if text else None


def nino(r):
    return r["nino"].replace(" ", "").upper()


def evidence(a, b, pa, pb):
    """Evidence beyond the name that records a and b are one person."""
    if a["dob"] and a["dob"] == b["dob"]:
        return True
    if nino(a) and nino(a) == nino(b):
        return True
    (fa, sa, _, _), (fb, sb, _, _) = pa, pb
    if not (sa == sb or fa == fb):
        return False
    if a["true_uprn"] and a["true_uprn"] == b["true_uprn"]:
        return True
    for x, y in ((a, b), (b, a)):
        fwd = x["forwarding_postcode"].replace(" ", "").upper()
        if fwd and fwd == y["postcode"].replace(" ", "").upper():
            return True
        if x["occupied_to"] and y["occupied_from"]:
            gap = (date(y["occupied_from"]) - date(x["occupied_to"])).days
            if -14 <= gap <= 62:
                return True
    return False


class Clusters:
    """Union-find that keeps, per cluster, its records per true person."""

    def __init__(self, persons):
        self.parent = list(range(len(persons)))
        self.members = [Counter({p: 1}) for p in persons]
        self.size = [1] * len(persons)
        self.tp = 0
        self.fp = 0

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i, j):
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        true_pairs = sum(n * self.members[a].get(p, 0) for p, n in self.members[b].items())
        self.tp += true_pairs
        self.fp += self.size[a] * self.size[b] - true_pairs
        self.members[a].update(self.members[b])
        self.members[b] = Counter()
        self.size[a] += self.size[b]
        self.parent[b] = a


def main():
    eval_dir = sys.argv[1]
    with open(f"{eval_dir}/records.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    parts = [name_parts(r) for r in rows]
    persons = [r["true_person_id"] for r in rows]
    by_person = defaultdict(list)
    for i, p in enumerate(persons):
        by_person[p].append(i)
    true_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_person.values())

    # 1. Perfect components from evidence.
    clusters = Clusters(persons)
    for idx in by_person.values():
        for i, j in combinations(idx, 2):
            if evidence(rows[i], rows[j], parts[i], parts[j]):
                clusters.union(i, j)
    print(f"records {len(rows)}, true pairs {true_pairs}")
    print(f"1. recall ceiling from evidence beyond the name: {clusters.tp / true_pairs:.4f}"
          f" ({clusters.tp} pairs), with no false merge")

    # 2. Name-only pairs at two properties.
    surname_count = Counter(p[1] for p in parts)
    forename_count = Counter(p[0] for p in parts)
    initial_count = Counter(p[0][:1] for p in parts)
    block = defaultdict(list)
    for i, (f, s, _, _) in enumerate(parts):
        if f and s:
            block[(s, f[0])].append(i)
    candidates = []
    tiers = defaultdict(lambda: [0, 0])
    for ids in block.values():
        for i, j in combinations(ids, 2):
            a, b = rows[i], rows[j]
            (fa, sa, ma, ta), (fb, _, mb, tb) = parts[i], parts[j]
            if not (fa == fb or len(fa) == 1 or len(fb) == 1):
                continue
            if (ma and mb and ma != mb) or (sex(ta) and sex(tb) and sex(ta) != sex(tb)):
                continue
            if a["true_uprn"] and a["true_uprn"] == b["true_uprn"]:
                continue
            if a["dob"] and b["dob"] and a["dob"] != b["dob"]:
                continue
            if nino(a) and nino(b) and nino(a) != nino(b):
                continue
            if evidence(a, b, parts[i], parts[j]):
                continue
            same = persons[i] == persons[j]
            n = surname_count[sa]
            tier = "<=5" if n <= 5 else "6-20" if n <= 20 else "21-100" if n <= 100 else ">100"
            tiers[tier][same] += 1
            # An initial is as common as all the forenames it may stand for.
            fore = fa if len(fa) > 1 else fb
            fore_n = forename_count[fore] if len(fore) > 1 else initial_count[fore[:1]]
            rarity = n * (initial_count[fore[:1]] if min(len(fa), len(fb)) == 1 else fore_n)
            places = tuple(sorted((a["true_uprn"], b["true_uprn"])))
            candidates.append((bool(ma and ma == mb), places, fa if len(fa) > 1 else fb, rarity, i, j))
    # A household that moved together: two forenames of one surname at the same two properties.
    forenames_at = defaultdict(set)
    for _, places, fore, _, i, _ in candidates:
        if all(places):
            forenames_at[(places, parts[i][1])].add(fore)
    edges = []
    for middle, places, _, rarity, i, j in candidates:
        together = all(places) and len(forenames_at[(places, parts[i][1])]) > 1
        rank = math.log2(rarity) - BONUS_BITS * (middle + together)
        edges.append((rank, rarity, i, j))
    print("2. name-only pairs at two properties (same surname, same forename or an initial):")
    for tier in ("<=5", "6-20", "21-100", ">100"):
        two, one = tiers[tier]
        print(f"   surname on {tier:>6} records: {one:>7} one person, {two:>8} two people,"
              f" {one / max(1, one + two):.3f} one person")

    # 3. The frontier: add name-only links rarest first.
    edges.sort()
    print("3. frontier (optimistic): name-only links added best-ranked first")
    print("   links added   precision   recall")
    marks = {round(len(edges) * k / 40) for k in range(1, 41)}
    reached = None
    best_at_target = clusters.tp / true_pairs
    for k, (_, _, i, j) in enumerate(edges, 1):
        clusters.union(i, j)
        precision = clusters.tp / max(1, clusters.tp + clusters.fp)
        recall = clusters.tp / true_pairs
        if precision >= 0.995:
            best_at_target = max(best_at_target, recall)
        if reached is None and recall >= 0.98:
            reached = (k, precision, recall)
        if k in marks:
            print(f"   {k:>11}   {precision:.4f}      {recall:.4f}")
    print(f"   highest recall at precision >= 0.995: {best_at_target:.4f}")
    if reached:
        print(f"   recall first reaches 0.98 after {reached[0]} links, at precision {reached[1]:.4f}")
    else:
        print("   recall never reaches 0.98")

    without_truth(rows, parts, persons, true_pairs)


def fits(fa, fb):
    """A forename and another, or an initial of it."""
    return bool(fa and fb) and (fa == fb or (min(len(fa), len(fb)) == 1 and fa[0] == fb[0]))


def without_truth(rows, parts, persons, true_pairs):
    by_surname = defaultdict(list)
    for i, (_, s, _, _) in enumerate(parts):
        if s:
            by_surname[s].append(i)
    clusters = Clusters(persons)
    namesakes = 0
    same_name = 0
    for ids in by_surname.values():
        for i, j in combinations(ids, 2):
            a, b = rows[i], rows[j]
            (fa, _, ma, ta), (fb, _, mb, tb) = parts[i], parts[j]
            if not fits(fa, fb):
                continue
            if (ma and mb and ma != mb) or (sex(ta) and sex(tb) and sex(ta) != sex(tb)):
                continue
            if a["dob"] and b["dob"] and a["dob"] != b["dob"]:
                continue
            if nino(a) and nino(b) and nino(a) != nino(b):
                continue
            if not evidence(a, b, parts[i], parts[j]):
                continue
            if persons[i] != persons[j] and a["true_uprn"] and a["true_uprn"] == b["true_uprn"]:
                namesakes += 1
                same_name += fa == fb and len(fa) > 1
            clusters.union(i, j)
    precision = clusters.tp / max(1, clusters.tp + clusters.fp)
    print("4. the same evidence without the truth (every pair of one surname, a forename that fits,")
    print("   nothing that disagrees and evidence beyond the name, joined whoever they are):")
    print(f"   precision {precision:.4f}, recall {clusters.tp / true_pairs:.4f};"
          f" {clusters.fp} false pairs. {namesakes} joined pairs are two people at one property")
    print(f"   with nothing that disagrees, {same_name} of them with one full forename and surname"
          " (no field the records hold tells them apart)")


if __name__ == "__main__":
    main()

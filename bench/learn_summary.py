#!/usr/bin/env python3
"""QDLab's best model beside the best Python anchor, one line per bench/learn_run.sh output file.

Usage: python bench/learn_summary.py bench/results/learn_*/inp_abs_nm.txt …  (bench/learn_batch.sh calls it)
Reads the two tables learn_run.sh prints; "mean" and the anchors marked "QDLab's settings" (cross-checks) are
never counted as best. Ties are judged on the printed MAE (3 decimals).
"""
import re
import sys


def tables(text):
    qdlab, python, head = {}, {}, None
    for line in text.splitlines():
        if line.startswith("== QDLab"):
            head = "qdlab"
        elif line.startswith("== Python"):
            head = "python"
        elif head == "qdlab" and re.match(r"^[a-z][\w-]*\s+-?\d", line):
            name, mae = line.split()[:2]
            qdlab[name] = float(mae)
        elif head == "python":
            m = re.match(r"^(.+?)\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)\s+(\d+\.\d+)$", line)
            if m:
                python[m.group(1).strip()] = float(m.group(2))
    return qdlab, python


def main():
    print(f"{'dataset target':28s} {'n':>4s}  {'QDLab best':30s} {'Python best':48s} verdict")
    for path in sys.argv[1:]:
        text = open(path).read()
        name = path.rsplit("/", 1)[-1].removesuffix(".txt").replace("_", " ", 1)
        n = re.search(r"n = (\d+)", text)
        qdlab, python = tables(text)
        q = {k: v for k, v in qdlab.items() if k != "mean"}
        p = {k: v for k, v in python.items() if k != "mean" and "QDLab" not in k}
        if not q or not p:
            print(f"{name:28s} incomplete ({path})")
            continue
        qb, pb = min(q, key=q.get), min(p, key=p.get)
        d = round(q[qb], 3) - round(p[pb], 3)
        verdict = "ties" if abs(d) < 5e-4 else ("beats" if d < 0 else f"misses by {d:.3f}")
        print(f"{name:28s} {n.group(1) if n else '?':>4s}  {qb + ' ' + format(q[qb], '.3f'):30s} "
              f"{pb + ' ' + format(p[pb], '.3f'):48s} {verdict}")


if __name__ == "__main__":
    main()

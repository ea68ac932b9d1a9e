"""Tables from the RESULT lines of one bench/opt_run.sh run (read from the file given, or stdin): pools (seeds that
reached the top 1 %, median and IQR of experiments to get there, median time per suggestion, median best-so-far
after 5/10/20/35 experiments), QDLab vs BoTorch time-per-suggestion ratios, Branin and
Hartmann-6 gaps, NSGA-II hypervolumes. Misses count as infinitely many experiments, so a median or quartile above
35 prints as "> 35"."""
import json
import sys

import numpy as np

np.seterr(invalid="ignore")  # quartiles between a hit and a miss (inf) are a miss

results = [json.loads(line[len("RESULT "):]) for line in (open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
           if line.startswith("RESULT ")]


def experiments(values):
    return "> 35" if not np.isfinite(values) else f"{values:g}"


def ms(seconds):
    if not seconds:
        return "—"
    m = float(np.median(seconds))
    return f"{m * 1e3:.1f} ms" if m < 1 else f"{m:.2f} s"


print("| pool | method | seeds that found top 1 % | experiments to top 1 %: median (IQR) | best so far after 5, 10, 20, 35 experiments (median) | time per suggestion (median) |")
print("|---|---|---|---|---|---|")
pool_results = [r for r in results if r["kind"] == "pool"]
for name in dict.fromkeys(r["problem"] for r in pool_results):
    rows = [r for r in pool_results if r["problem"] == name]
    for r in rows:
        h = np.array([x if x is not None else np.inf for x in r["hits"]], dtype=float)
        q1, med, q3 = np.percentile(h, [25, 50, 75], method="midpoint") if np.isfinite(h).sum() else (np.inf,) * 3
        curves = np.array(r["best_so_far"])
        label = f"{name}, N = {r['N']}, top 1 % = {r['k']} rows ≥ {r['threshold']:.4g}" if r is rows[0] else ""
        fraction = "—"
        if curves.size:
            fraction = ", ".join(f"{np.median(curves[:, i - 1]):.3g}" for i in (5, 10, 20, 35))
        print(f"| {label} | {r['method']} | {int(np.isfinite(h).sum())}/{len(h)} | {experiments(med)} "
              f"({experiments(q1)}–{experiments(q3)}) | {fraction} | {ms(r['seconds_per_suggestion'])} |")

print()
print("On BoTorch's seeds only (the first n shuffles, n = BoTorch's seed count): found, median experiments")
for name in dict.fromkeys(r["problem"] for r in pool_results):
    rows = [r for r in pool_results if r["problem"] == name]
    n = min((len(r["hits"]) for r in rows if r["method"].startswith("botorch")), default=0)
    if n == 0 or n == max(len(r["hits"]) for r in rows):
        continue
    parts = []
    for r in rows:
        h = np.array([x if x is not None else np.inf for x in r["hits"][:n]], dtype=float)
        parts.append(f"{r['method']} {int(np.isfinite(h).sum())}/{n}, {experiments(np.median(h))}")
    print(f"- {name} (seeds 0–{n - 1}): " + "; ".join(parts))

print()
print("Time per suggestion, QDLab configuration vs BoTorch (median over the same pool's suggestions):")
for name in dict.fromkeys(r["problem"] for r in pool_results):
    rows = {r["method"]: r for r in pool_results if r["problem"] == name}
    if "botorch" not in rows:
        continue
    b = float(np.median(rows["botorch"]["seconds_per_suggestion"]))
    for m, r in rows.items():
        if m.startswith("qdlab"):
            q = float(np.median(r["seconds_per_suggestion"]))
            print(f"- {name}: {m} {q * 1e3:.1f} ms vs BoTorch {b * 1e3:.0f} ms → {b / q:.0f}× faster")

print()
print("| problem | method | seeds | gap to the minimum after the budget: median (IQR) | time per suggestion (median) |")
print("|---|---|---|---|---|")
for r in [r for r in results if r["kind"] == "continuous"]:
    final = np.array([c[-1] for c in r["gap_curves"]])
    q1, med, q3 = np.percentile(final, [25, 50, 75])
    print(f"| {r['problem']} ({r['budget']} evaluations) | {r['method']} | {len(final)} | {med:.3g} ({q1:.3g}–{q3:.3g}) "
          f"| {ms(r['seconds_per_suggestion'])} |")

print()
print("| ZDT | method | hypervolume at (1.1, 1.1): median (min–max) | wall time (median) | QDLab vs pymoo |")
print("|---|---|---|---|---|")
nsga = [r for r in results if r["kind"] == "nsga2"]
for r in nsga:
    hv = np.array(r["hypervolume"])
    other = [o for o in nsga if o["problem"] == r["problem"] and o["method"] != r["method"]]
    rel = ""
    if r["method"] == "qdlab" and other:
        ref = np.median(other[0]["hypervolume"])
        rel = f"{100 * (np.median(hv) - ref) / ref:+.2f} % HV, {np.median(other[0]['seconds']) / np.median(r['seconds']):.0f}× faster"
    print(f"| {r['problem']} | {r['method']} | {np.median(hv):.4f} ({hv.min():.4f}–{hv.max():.4f}) | {np.median(r['seconds']):.3f} s | {rel} |")

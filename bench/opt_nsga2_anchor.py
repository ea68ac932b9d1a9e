"""pymoo NSGA-II on ZDT1-3 (30 variables, population 100, 250 generations), hypervolume at (1.1, 1.1) and wall
time, 5 seeds (one RESULT line per problem for bench/opt_summary.py); the same settings as QDLab's OptimizeBenchmarks.nsga2 (bench/opt_run.sh runs both in one go).
pymoo defaults: SBX eta 15 prob 0.9, polynomial mutation eta 20 with per-variable probability 1/n."""
import json
import time

from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.indicators.hv import HV
from pymoo.optimize import minimize
from pymoo.problems import get_problem

hv = HV(ref_point=[1.1, 1.1])
for name in ["zdt1", "zdt2", "zdt3"]:
    problem = get_problem(name)
    values, times = [], []
    for seed in range(5):
        start = time.perf_counter()
        res = minimize(problem, NSGA2(pop_size=100), ("n_gen", 250), seed=seed, verbose=False)
        times.append(time.perf_counter() - start)
        values.append(hv(res.F))
    print("RESULT " + json.dumps(dict(kind="nsga2", problem=name, method="pymoo", hypervolume=[float(v) for v in values],
                                      seconds=times, true_front=float(hv(problem.pareto_front())))), flush=True)

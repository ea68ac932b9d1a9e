"""Reference values of expected hypervolume improvement and hypervolume for Tests/QDOptimizeTests/EHVIBoxTests.swift.

EHVI: BoTorch 0.18.1's analytic `ExpectedHypervolumeImprovement` (Yang et al. 2019 box decomposition; exact for
independent Gaussian posteriors) on a `MockModel` whose posterior has the given means and variances, with the
front partitioned by BoTorch's `NondominatedPartitioning`. BoTorch maximises, QDLab minimises: fronts, reference
points and means are negated on the way in (variances are unchanged), which leaves the improvement the same.
Hypervolume: pymoo 0.6.2's `HV` indicator (minimisation; exact, WFG-style for m >= 3).

Run: bench/.venv-opt/bin/python bench/opt_ehvi_reference.py   (add --dtlz2 for the BoTorch DTLZ2 comparison, minutes)
"""
import torch
from botorch.acquisition.multi_objective.analytic import ExpectedHypervolumeImprovement
from botorch.utils.multi_objective.box_decompositions.non_dominated import NondominatedPartitioning
from botorch.utils.testing import MockModel, MockPosterior
from pymoo.indicators.hv import HV

torch.set_default_dtype(torch.float64)

# Fronts in minimisation form (the dominated and outside points must not count), with reference points.
FRONTS = {
    "two": ([[0.1, 0.9], [0.4, 0.5], [0.8, 0.2], [0.6, 0.6]], [1.2, 1.1]),
    "three": ([[0.1, 0.8, 0.6], [0.5, 0.3, 0.7], [0.7, 0.6, 0.2], [0.3, 0.4, 0.4], [0.9, 0.9, 0.9],
               [0.2, 0.2, 1.3]], [1.0, 1.0, 1.0]),
    "four": ([[0.1, 0.7, 0.5, 0.6], [0.6, 0.2, 0.4, 0.7], [0.4, 0.5, 0.1, 0.8], [0.8, 0.6, 0.7, 0.1],
              [0.3, 0.3, 0.6, 0.4], [0.5, 0.5, 0.5, 0.5], [0.9, 0.9, 0.9, 0.9]], [1.0, 1.0, 1.0, 1.0]),
}

# (front, mean, sd) in minimisation form.
CASES = [
    ("two", [0.5, 0.5], [0.3, 0.3]),
    ("two", [0.2, 0.9], [0.05, 0.2]),
    ("three", [0.4, 0.4, 0.4], [0.2, 0.2, 0.2]),
    ("three", [0.2, 0.5, 0.3], [0.05, 0.3, 0.1]),
    ("three", [0.9, 0.9, 0.9], [0.1, 0.1, 0.1]),
    ("three", [0.0, 0.0, 0.0], [1.0, 0.5, 2.0]),
    ("four", [0.4, 0.4, 0.4, 0.4], [0.2, 0.2, 0.2, 0.2]),
    ("four", [0.2, 0.3, 0.3, 0.5], [0.1, 0.05, 0.2, 0.3]),
]


def ehvi(front, reference, mean, sd):
    ref = -torch.tensor(reference)
    partitioning = NondominatedPartitioning(ref_point=ref, Y=-torch.tensor(front))
    mu = -torch.tensor([[mean]])  # batch 1 × q 1 × m
    var = torch.tensor([[sd]]) ** 2
    model = MockModel(MockPosterior(mean=mu, variance=var))
    acquisition = ExpectedHypervolumeImprovement(model=model, ref_point=ref.tolist(), partitioning=partitioning)
    return acquisition(torch.zeros(1, 1, 1)).item()


print("// EHVI: (front, mean, sd, value)")
for name, mean, sd in CASES:
    front, reference = FRONTS[name]
    print(f'("{name}", {mean}, {sd}, {ehvi(front, reference, mean, sd)!r}),')

print("// HV: (front, value)")
for name, (front, reference) in FRONTS.items():
    print(f'("{name}", {HV(ref_point=reference)(torch.tensor(front).numpy())!r}),')

# A 5-objective front, deterministic: points on the simplex-like surface sum(x) = 2.5 and a few interior ones.
five = [[0.1, 0.6, 0.5, 0.7, 0.6], [0.6, 0.1, 0.6, 0.5, 0.7], [0.5, 0.6, 0.1, 0.7, 0.6],
        [0.7, 0.5, 0.6, 0.1, 0.6], [0.6, 0.7, 0.5, 0.6, 0.1], [0.4, 0.4, 0.4, 0.4, 0.4]]
print(f'("five", {HV(ref_point=[1.0] * 5)(torch.tensor(five).numpy())!r}),')


def dtlz2_botorch(seeds=5):
    """Optional comparison for the DTLZ2 benchmark (Tests/QDOptimizeTests/MultiObjectiveBenchmarks.swift): BoTorch's
    analytic EHVI (the acquisition QDLab's EHVISearch computes) with one SingleTaskGP per objective, 10 Sobol + 30
    suggestions on 3-objective DTLZ2 in 4 variables, hypervolume at (1.1, 1.1, 1.1). Run with `--dtlz2`."""
    import time
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import ModelListGP, SingleTaskGP
    from botorch.models.transforms import Standardize
    from botorch.optim import optimize_acqf
    from botorch.test_functions.multi_objective import DTLZ2
    from botorch.utils.sampling import draw_sobol_samples
    from gpytorch.mlls import SumMarginalLogLikelihood

    problem = DTLZ2(dim=4, num_objectives=3, negate=True)  # maximise −f
    bounds = problem.bounds.to(torch.float64)
    ref = torch.tensor([-1.1, -1.1, -1.1])
    results = []
    for seed in range(seeds):
        torch.manual_seed(seed)
        x = draw_sobol_samples(bounds=bounds, n=10, q=1, seed=seed).squeeze(1)
        y = problem(x)
        seconds = 0.0
        for _ in range(30):
            start = time.time()
            models = [SingleTaskGP(x, y[:, j:j + 1], outcome_transform=Standardize(m=1)) for j in range(3)]
            model = ModelListGP(*models)
            fit_gpytorch_mll(SumMarginalLogLikelihood(model.likelihood, model))
            acquisition = ExpectedHypervolumeImprovement(
                model=model, ref_point=ref.tolist(), partitioning=NondominatedPartitioning(ref_point=ref, Y=y))
            candidate, _ = optimize_acqf(acquisition, bounds=bounds, q=1, num_restarts=4, raw_samples=512)
            seconds += time.time() - start
            x = torch.cat([x, candidate])
            y = torch.cat([y, problem(candidate)])
        hv = HV(ref_point=[1.1] * 3)((-y).numpy())
        results.append(hv)
        print(f'MO {{"method": "botorch-ehvi", "seed": {seed}, "hypervolume": {hv!r}, "secondsPerSuggestion": {seconds / 30:.3f}}}')
    print("MO median botorch-ehvi", sorted(results)[len(results) // 2], "of", sorted(results))


if __name__ == "__main__":
    import sys
    if "--dtlz2" in sys.argv:
        dtlz2_botorch()

import Foundation
import QDCore
import Testing

@testable import QDOptimize

@Suite("Expected hypervolume improvement (2-D, exact)")
struct EHVITests {
    /// Monte Carlo EHVI: the mean of HV(front ∪ {y}) − HV(front) over `n` seeded draws of y, and its standard error.
    private func monteCarlo(front: [[Double]], reference: [Double], mean: [Double], sd: [Double], n: Int, seed: UInt64) throws -> (Double, Double) {
        var rng = SeededRNG(seed: seed)
        let base = try Hypervolume.compute(front, reference: reference)
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let y = [mean[0] + sd[0] * rng.normal(), mean[1] + sd[1] * rng.normal()]
            let gain = try Hypervolume.compute(front + [y], reference: reference) - base
            sum += gain
            sumSquares += gain * gain
        }
        let m = sum / Double(n)
        return (m, ((sumSquares / Double(n) - m * m) / Double(n)).squareRoot())
    }

    /// The exact formula against 200 000 seeded Monte Carlo draws (the sampling definition of EHVI, Emmerich et
    /// al. 2006), for predictions inside, beside and far behind the front. Tolerance: 4 standard errors of the
    /// Monte Carlo mean (estimated from the same draws) plus 1e-9 — a wrong strip or a sign error moves the value
    /// by far more; a correct formula fails this with probability ≈ 6e-5 per case.
    @Test("exact 2-D EHVI equals a Monte Carlo estimate", arguments: [
        ([0.5, 0.5], [0.3, 0.3]),
        ([0.2, 0.9], [0.05, 0.2]),
        ([1.5, 1.5], [0.4, 0.1]),
        ([0.0, 0.0], [1.0, 1.0]),
    ])
    func monteCarloAgreement(mean: [Double], sd: [Double]) throws {
        let front = [[0.1, 0.9], [0.4, 0.5], [0.8, 0.2], [0.6, 0.6]]  // the last is dominated and must not count
        let reference = [1.2, 1.1]
        let exact = try TwoObjectiveEHVI(front: front, reference: reference).value(mean: mean, sd: sd)
        let (estimate, standardError) = try monteCarlo(front: front, reference: reference, mean: mean, sd: sd, n: 200_000, seed: 17)
        #expect(abs(exact - estimate) <= 4 * standardError + 1e-9, "exact \(exact), MC \(estimate) ± \(standardError)")
    }

    @Test("with σ = 0 EHVI is the hypervolume improvement of the mean; with an empty front a product of two shortfalls")
    func limits() throws {
        let front = [[0.1, 0.9], [0.4, 0.5], [0.8, 0.2]]
        let reference = [1.2, 1.1]
        let ehvi = try TwoObjectiveEHVI(front: front, reference: reference)
        for y in [[0.3, 0.3], [0.05, 1.0], [0.9, 0.9], [2, 2], [0.5, 0.1]] {
            let direct = try Hypervolume.compute(front + [y], reference: reference) - Hypervolume.compute(front, reference: reference)
            #expect(abs(ehvi.value(mean: y, sd: [0, 0]) - direct) <= 1e-12, "\(y)")
        }
        // Empty front: E[max(0, r₁ − Y₁)] E[max(0, r₂ − Y₂)], each ψ(r, r) = (r − μ)Φ(z) + σφ(z), z = (r − μ)/σ.
        let empty = try TwoObjectiveEHVI(front: [], reference: [1, 1])
        let z = 1.0 / 0.5
        let shortfall = 1 * Normal.standard.cdf(z) + 0.5 * Normal.standard.pdf(z)
        #expect(abs(empty.value(mean: [0, 0], sd: [0.5, 0.5]) - shortfall * shortfall) <= 1e-14)
        // NaN in, NaN out; a bad reference is refused.
        #expect(ehvi.value(mean: [.nan, 0.5], sd: [0.1, 0.1]).isNaN)
        #expect(throws: OptimizeError.self) { try TwoObjectiveEHVI(front: front, reference: [1, .infinity]) }
        #expect(throws: OptimizeError.self) { try TwoObjectiveEHVI(front: [[1, 2, 3]], reference: [1, 1]) }
    }

    /// ZDT1 with 4 variables and 40 evaluations (10 Sobol + 30 EHVI) against 40 uniform random points with the
    /// same seed, hypervolume at (1.1, 11) as in the ParEGO test (optimal 11.77). Measured in session 4 (debug
    /// build, GP inputs standardised, the default then): seeds 0, 1 → 11.724, 11.710 (ParEGO 11.694, 11.679;
    /// random 9.082, 9.618). The asserted margin 1.0 is the ParEGO test's, a robust part of the measured 2.1–2.6.
    @Test("EHVISearch on ZDT1: more hypervolume than random search with the same 40 evaluations", arguments: [0, 1] as [UInt64])
    func zdt1(seed: UInt64) throws {
        let problem = try TestProblems.ZDT.zdt1.problem(variables: 4)
        let names = (1...4).map { "x\($0)" }
        let space = try SearchSpace(names.map { .continuous($0, 0...1) })
        var search = try EHVISearch(space: space, objectives: [ParetoObjective("f1", maximize: false), ParetoObjective("f2", maximize: false)],
                                    settings: BayesianOptimizerSettings(initialCount: 10, seed: seed, rawSamples: 256, starts: 2),
                                    reference: [1.1, 11])
        for _ in 0..<40 {
            let p = try #require(try search.ask().first)
            let f = problem.evaluate(names.map { p[$0]?.number ?? .nan }).objectives
            try search.tell(p, responses: ["f1": f[0], "f2": f[1]])
        }
        #expect(search.pending.isEmpty && search.observations.count == 40)
        let hv = try Hypervolume.compute(search.objectiveVectors, reference: [1.1, 11])
        var rng = SeededRNG(seed: seed)
        let random = (0..<40).map { _ in problem.evaluate((0..<4).map { _ in rng.uniform() }).objectives }
        let hvRandom = try Hypervolume.compute(random, reference: [1.1, 11])
        #expect(hv > hvRandom + 1.0, "EHVI \(hv), random \(hvRandom)")
    }

    @Test("EHVISearch builds its GPs from the settings: input scaling and priors change the suggestion")
    func honoursSurrogateSettings() throws {
        let problem = try TestProblems.ZDT.zdt1.problem(variables: 4)
        let names = (1...4).map { "x\($0)" }
        let space = try SearchSpace(names.map { .continuous($0, 0...1) })
        func suggestion(_ settings: BayesianOptimizerSettings) throws -> [Double] {
            var search = try EHVISearch(space: space, objectives: [ParetoObjective("f1", maximize: false), ParetoObjective("f2", maximize: false)],
                                        settings: settings, reference: [1.1, 11])
            for _ in 0..<10 {
                let p = try #require(try search.ask().first)
                let f = problem.evaluate(names.map { p[$0]?.number ?? .nan }).objectives
                try search.tell(p, responses: ["f1": f[0], "f2": f[1]])
            }
            let next = try #require(try search.ask().first)
            return names.map { next[$0]?.number ?? .nan }
        }
        let base = BayesianOptimizerSettings(initialCount: 10, seed: 3, rawSamples: 128, starts: 2)
        var standardized = base, priors = base
        standardized.surrogateInputScaling = .standardized
        priors.surrogatePriors = .dimensionScaled
        let reference = try suggestion(base)
        #expect(try suggestion(base) == reference, "same settings, same suggestion")
        #expect(try suggestion(standardized) != reference)
        #expect(try suggestion(priors) != reference)
    }

    @Test("EHVISearch bad input: one objective, a reference of the wrong length, a missing response")
    func badInput() throws {
        let space = try SearchSpace([.continuous("x", 0...1)])
        #expect(throws: OptimizeError.self) { try EHVISearch(space: space, objectives: [ParetoObjective("a", maximize: true)]) }
        #expect(throws: OptimizeError.self) {
            try EHVISearch(space: space, objectives: [ParetoObjective("a", maximize: true), ParetoObjective("b", maximize: true)], reference: [0])
        }
        var search = try EHVISearch(space: space, objectives: [ParetoObjective("a", maximize: true), ParetoObjective("b", maximize: false)])
        let missing = #expect(throws: OptimizeError.self) { try search.tell(["x": 0.5], responses: ["a": 1]) }
        #expect(missing?.message.contains("'b'") == true)
        #expect(throws: OptimizeError.self) { try search.ask(count: 0) }
    }
}

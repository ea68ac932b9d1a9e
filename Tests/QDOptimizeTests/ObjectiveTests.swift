import Foundation
import QDCore
import Testing
@testable import QDOptimize

@Suite("Objectives: desirability, Chimera, ParEGO")
struct ObjectiveTests {
    @Test("desirability (Derringer–Suich): hand-computed linear ramps, target bell and weighted geometric mean")
    func desirability() throws {
        let objective = Objective.desirability([
            DesirabilityTerm("plqy", .maximize, range: 0...10),
            DesirabilityTerm("emission_nm", .target(620, tolerance: 5), weight: 1),
        ])
        // d₁ = 5/10 = 0.5; d₂ = exp(−½) at the tolerance; D = √(d₁ d₂).
        let score = try objective.score(["plqy": 5, "emission_nm": 625])
        #expect(abs(score - (0.5 * exp(-0.5)).squareRoot()) < 1e-15)
        // A term at or past its worst end is floored at 0.01, not 0.
        #expect(abs(try objective.score(["plqy": -3, "emission_nm": 620]) - 0.1) < 1e-15)
        #expect(throws: OptimizeError.self) { try objective.score(["plqy": 5]) }
    }

    static let chimera = Objective.chimera([
        ChimeraTerm("plqy", .maximize, range: 0...100, threshold: 50),
        ChimeraTerm("fwhm_nm", .minimize, range: 20...60, threshold: 30),
        ChimeraTerm("cost", .minimize, range: 0...10),
    ])

    @Test("Chimera: hand-computed scores; failing a more important level always scores lower")
    func chimera() throws {
        // PLQY 40 fails level 0: b = 0.6 → χ = 2 + 0.6.
        #expect(abs(try Self.chimera.score(["plqy": 40, "fwhm_nm": 25, "cost": 1]) + 2.6) < 1e-12)
        // PLQY met, FWHM 40 fails level 1: b = 0.5 → χ = 1 + 0.5.
        #expect(abs(try Self.chimera.score(["plqy": 80, "fwhm_nm": 40, "cost": 1]) + 1.5) < 1e-12)
        // Both met: the cost decides, b = 0.3.
        #expect(abs(try Self.chimera.score(["plqy": 60, "fwhm_nm": 28, "cost": 3]) + 0.3) < 1e-12)
        // Better PLQY beyond the threshold does not matter once it is met.
        #expect(try Self.chimera.score(["plqy": 99, "fwhm_nm": 28, "cost": 3]) == Self.chimera.score(["plqy": 51, "fwhm_nm": 28, "cost": 3]))
        // Hierarchy over a grid of responses: the level that fails decides the band.
        var rng = SeededRNG(seed: 5)
        for _ in 0..<200 {
            let a: [String: Double] = ["plqy": rng.uniform() * 100, "fwhm_nm": 20 + rng.uniform() * 40, "cost": rng.uniform() * 10]
            let score = try Self.chimera.score(a)
            let band = a["plqy"].map { $0 < 50 } == true ? 2 : (a["fwhm_nm"].map { $0 > 30 } == true ? 1 : 0)
            #expect(score <= -Double(band) && score >= -Double(band) - 1, "\(a) → \(score)")
        }
        // Every response is required, even one a failed level makes irrelevant.
        #expect(throws: OptimizeError.self) { try Self.chimera.score(["plqy": 10, "fwhm_nm": 25]) }
    }

    @Test("Chimera: a level that is not the last needs a threshold; a target uses its tolerance")
    func chimeraValidation() throws {
        let missing = Objective.chimera([ChimeraTerm("a", .maximize, range: 0...1), ChimeraTerm("b", .minimize, range: 0...1)])
        let error = #expect(throws: OptimizeError.self) { try BayesianOptimizer(space: try SearchSpace([.continuous("x", 0...1)]), settings: BayesianOptimizerSettings(objective: missing)) }
        #expect(error?.message.contains("needs a threshold") == true)
        let target = Objective.chimera([ChimeraTerm("nm", .target(620, tolerance: 5), range: 580...660), ChimeraTerm("b", .minimize, range: 0...1)])
        try target.validate()
        // |623 − 620| = 3 ≤ 5: met, so b decides.
        #expect(abs(try target.score(["nm": 623, "b": 0.25]) + 0.25) < 1e-12)
        #expect(abs(try target.score(["nm": 630, "b": 0.25]) + (1 + 10.0 / 80)) < 1e-12)
    }

    @Test("Chimera in a campaign: the optimiser meets the first level, then improves the second")
    func chimeraCampaign() throws {
        // y₁ = 1 − (x − 0.8)², good enough ≥ 0.9 (|x − 0.8| ≤ 0.316); y₂ = x, minimised: the best compromise is the
        // smallest x meeting level 1, x ≈ 0.484.
        let space = try SearchSpace([.continuous("x", 0...1)])
        let objective = Objective.chimera([ChimeraTerm("y1", .maximize, range: 0...1, threshold: 0.9), ChimeraTerm("y2", .minimize, range: 0...1)])
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(objective: objective, initialCount: 4, seed: 3, rawSamples: 128, starts: 2))
        for _ in 0..<15 {
            let p = try #require(try bo.ask().first)
            let x = number(p, "x")
            try bo.tell(p, responses: ["y1": 1 - (x - 0.8) * (x - 0.8), "y2": x])
        }
        let best = try #require(bo.best)
        // Measured (seed 3): best x = 0.530; asserted within 0.1 of 0.484 and feasible for level 1.
        #expect(abs(number(best.point, "x") - 0.484) < 0.1, "best x \(number(best.point, "x"))")
        #expect(try #require(best.responses["y1"]) >= 0.9)
    }

    @Test("ParEGO weights lie on Knowles's simplex lattice; the scalarisation is hand-computed")
    func parEGOPieces() throws {
        var rng = SeededRNG(seed: 0)
        for m in [2, 3] {
            let s = m == 2 ? 10.0 : 4.0
            for _ in 0..<50 {
                let w = ParEGO.weights(objectives: m, using: &rng)
                #expect(w.count == m && abs(w.reduce(0, +) - 1) < 1e-12)
                #expect(w.allSatisfy { abs(($0 * s).rounded() - $0 * s) < 1e-12 })
            }
        }
        // Objectives normalised by their observed ranges: (0, 10) and (2, 4).
        let f = ParEGO.scalarised([[0, 4], [10, 2], [5, 3]], weights: [0.3, 0.7])
        // Third point: f = (0.5, 0.5) → max(0.15, 0.35) + 0.05 · 0.5 = 0.375.
        #expect(abs(f[0] - (0.7 + 0.05 * 0.7)) < 1e-12 && abs(f[1] - (0.3 + 0.05 * 0.3)) < 1e-12 && abs(f[2] - 0.375) < 1e-12)
    }

    /// ZDT1 with 4 variables, 40 evaluations (10 Sobol + 30 ParEGO) against 40 uniform random points with the same
    /// seeds; hypervolume at reference (1.1, 11) in ZDT1's own units (f₂ ≤ 10 everywhere). The optimal front's
    /// hypervolume is 11 · 1.1 − 1/3 ≈ 11.77. Measured on seeds 0–2 (this machine): ParEGO 11.694, 11.679,
    /// 11.655; random 9.082, 9.618, 9.186. The asserted margin 1.0 is a robust part of the measured 2.0–2.6.
    @Test("ParEGO on ZDT1: more hypervolume than random search with the same 40 evaluations", arguments: [0, 1, 2] as [UInt64])
    func parEGOZDT1(seed: UInt64) throws {
        let problem = try TestProblems.ZDT.zdt1.problem(variables: 4)
        let names = (1...4).map { "x\($0)" }
        let space = try SearchSpace(names.map { .continuous($0, 0...1) })
        func responses(_ p: Point) -> [String: Double] {
            let f = problem.evaluate(names.map { number(p, $0) }).objectives
            return ["f1": f[0], "f2": f[1]]
        }
        var parego = try ParEGO(space: space, objectives: [ParetoObjective("f1", maximize: false), ParetoObjective("f2", maximize: false)],
                                settings: BayesianOptimizerSettings(initialCount: 10, seed: seed, rawSamples: 256, starts: 2))
        for _ in 0..<40 {
            let p = try #require(try parego.ask().first)
            try parego.tell(p, responses: responses(p))
        }
        #expect(parego.pending.isEmpty && parego.observations.count == 40)
        let reference = [1.1, 11.0]
        let hv = try parego.hypervolume(reference: reference)
        var rng = SeededRNG(seed: seed)
        let random = (0..<40).map { _ in problem.evaluate((0..<4).map { _ in rng.uniform() }).objectives }
        let hvRandom = try Hypervolume.compute(random, reference: reference)
        #expect(hv > hvRandom + 1.0, "ParEGO \(hv), random \(hvRandom)")
        // The front is non-dominated and part of the observations.
        let front = parego.paretoFront
        #expect(!front.isEmpty && front.count <= 40)
        let vectors = front.map { o in [o.responses["f1"] ?? .nan, o.responses["f2"] ?? .nan] }
        for a in vectors { #expect(!vectors.contains { b in b != a && b[0] <= a[0] && b[1] <= a[1] }) }
    }

    @Test("ParEGO bad input: one objective, duplicate responses, a missing response")
    func parEGOBadInput() throws {
        let space = try SearchSpace([.continuous("x", 0...1)])
        #expect(throws: OptimizeError.self) { try ParEGO(space: space, objectives: [ParetoObjective("a", maximize: true)]) }
        #expect(throws: OptimizeError.self) { try ParEGO(space: space, objectives: [ParetoObjective("a", maximize: true), ParetoObjective("a", maximize: false)]) }
        var parego = try ParEGO(space: space, objectives: [ParetoObjective("a", maximize: true), ParetoObjective("b", maximize: false)])
        let missing = #expect(throws: OptimizeError.self) { try parego.tell(["x": 0.5], responses: ["a": 1]) }
        #expect(missing?.message.contains("'b'") == true)
        #expect(throws: OptimizeError.self) { try parego.tell(["x": 1.5], responses: ["a": 1, "b": 2]) }
        try parego.tellFailure(["x": 0.5])
        #expect(parego.paretoFront.isEmpty)
    }
}

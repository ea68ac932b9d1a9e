import Foundation
import QDCore
import Testing
@testable import QDOptimize

/// Runs a sequential campaign of `budget` evaluations minimising `f` and returns the best value found.
func runCampaign(space: SearchSpace, settings: BayesianOptimizerSettings, budget: Int,
                 _ f: (Point) -> Double) throws -> Double {
    var bo = try BayesianOptimizer(space: space, settings: settings)
    var best = Double.infinity
    for _ in 0..<budget {
        guard let p = try bo.ask().first else { break }
        let y = f(p)
        best = min(best, y)
        try bo.tell(p, value: y)
    }
    return best
}

func number(_ p: Point, _ name: String) -> Double { p[name]?.number ?? .nan }

@Suite("Bayesian optimisation")
struct BayesianOptimizerTests {
    static let branin = (try? SearchSpace([.continuous("x1", -5...10), .continuous("x2", 0...15)]))

    /// Budget 30 (5 Sobol + 25 LogEI). Measured gaps to 0.397887 on seeds 0–4 (release, this machine):
    /// 7.0e-3, 4.0e-4, 1.2e-3, 2.7e-2, 3.0e-4 (seeds 5–9 in docs/optimize.md are all < 1.3e-3). The bound 0.05
    /// leaves about 2× margin over the worst seed for rounding differences across platforms, and is far below what
    /// 30 uniform random draws reach (a best gap of order 1).
    @Test("Branin: finds a global minimum (0.397887) within 30 evaluations", arguments: [0, 1, 2, 3, 4] as [UInt64])
    func branin(seed: UInt64) throws {
        let space = try #require(Self.branin)
        let best = try runCampaign(space: space, settings: BayesianOptimizerSettings(objective: .minimize, seed: seed), budget: 30) {
            TestProblems.branin(number($0, "x1"), number($0, "x2"))
        }
        #expect(best - TestProblems.braninMinimum < 0.05, "best \(best)")
    }

    @Test("Hartmann-6: BO beats random search on the same budget (40) on each of 3 seeds", arguments: [0, 1, 2] as [UInt64])
    func hartmann(seed: UInt64) throws {
        let names = (1...6).map { "x\($0)" }
        let space = try SearchSpace(names.map { .continuous($0, 0...1) })
        let f: (Point) -> Double = { p in TestProblems.hartmann6(names.map { number(p, $0) }) }
        let bo = try runCampaign(space: space, settings: BayesianOptimizerSettings(objective: .minimize, initialCount: 10, seed: seed), budget: 40, f)
        var rng = SeededRNG(seed: seed)
        let random = (0..<40).map { _ in f(space.point(native: space.randomNative(using: &rng))) }.min() ?? 0
        #expect(bo < random, "BO \(bo), random \(random)")
        #expect(bo < -2.5, "BO \(bo)")  // global minimum −3.32237; random search over 40 points rarely passes −2
    }

    @Test("constraints: suggestions (sequential and batch) are always feasible")
    func constrained() throws {
        let space = try SearchSpace(
            [.continuous("a", 0...1), .continuous("b", 0...1), .continuous("c", 0...1), .categorical("s", ["p", "q", "r"])],
            linearConstraints: [.sum(["a", "b", "c"])],
            nonlinearConstraints: [NonlinearConstraint("a·b ≤ 0.1") { p in number(p, "a") * number(p, "b") - 0.1 }])
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(initialCount: 4, seed: 7, rawSamples: 128, starts: 2))
        for round in 0..<6 {
            let batch = try bo.ask(count: round.isMultiple(of: 2) ? 1 : 3)
            for p in batch {
                #expect(try space.isFeasible(p), "infeasible suggestion \(p)")
                let y = number(p, "a") + 2 * number(p, "c") - (p["s"] == "q" ? 0 : 0.5)
                try bo.tell(p, value: y)
            }
        }
        #expect(bo.state.pending.isEmpty)
    }

    @Test("failures: the feasibility model steers suggestions away from a failing region")
    func failures() throws {
        // Objective rises towards x = 1, but every run with x > 0.6 fails (no product).
        let space = try SearchSpace([.continuous("x", 0...1), .continuous("y", 0...1)])
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(initialCount: 6, seed: 11))
        var deepLate = 0
        for k in 0..<20 {
            let p = try #require(try bo.ask().first)
            if number(p, "x") > 0.6 {
                if k >= 12, number(p, "x") > 0.7 { deepLate += 1 }
                try bo.tellFailure(p)
            } else {
                try bo.tell(p, value: number(p, "x") - 0.3 * abs(number(p, "y") - 0.5))
            }
        }
        // Measured (seed 11): 0 of the last 8 suggestions lie deep in the failing region (x > 0.7); they hug the
        // boundary x ≈ 0.6 where the constrained optimum is. Earlier versions of the failure handling gave 7–8 of 8
        // (probit Φ(μ/√(1 + σ²)), too weak) and 3 of 8 (P alone, without imputing failures into the objective GP).
        // The bound 2 leaves room for EI × P legitimately trying a far point once.
        #expect(deepLate <= 2, "\(deepLate) of the last 8 suggestions were at x > 0.7")
        let best = try #require(bo.best)
        #expect(number(best.point, "x") > 0.55)
    }

    @Test("Codable round trip of the state gives the same next suggestion")
    func persistence() throws {
        let space = try SearchSpace([.continuous("x", 0...1), .integer("n", 1...5), .categorical("c", ["a", "b"])])
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(initialCount: 3, seed: 3, rawSamples: 64, starts: 2))
        for _ in 0..<5 {
            let p = try #require(try bo.ask().first)
            try bo.tell(p, value: number(p, "x") * number(p, "n") + (p["c"] == "a" ? 1 : 0))
        }
        _ = try bo.ask(count: 1)  // leave one pending
        let data = try JSONEncoder().encode(bo.state)
        let state = try JSONDecoder().decode(BayesianOptimizerState.self, from: data)
        #expect(state == bo.state)
        var resumed = try BayesianOptimizer(space: space, state: state)
        #expect(try resumed.ask(count: 2) == bo.ask(count: 2))
        // A different space is refused.
        let other = try SearchSpace([.continuous("x", 0...2), .integer("n", 1...5), .categorical("c", ["a", "b"])])
        #expect(throws: OptimizeError.self) { try BayesianOptimizer(space: other, state: state) }
    }

    @Test("bad input: outside the space, unknown names, NaN objective, bad settings")
    func badInput() throws {
        let space = try SearchSpace([.continuous("x", 0...1)])
        var bo = try BayesianOptimizer(space: space)
        func kind(_ body: () throws -> Void) -> OptimizeError.Kind? {
            do { try body(); return nil } catch let e as OptimizeError { return e.kind } catch { return nil }
        }
        #expect(kind { try bo.tell(["x": 2], value: 1) } == .invalidPoint)
        #expect(kind { try bo.tell(["z": 0.5], value: 1) } == .invalidPoint)
        #expect(kind { try bo.tell(["x": 0.5], value: .nan) } == .invalidObservation)
        #expect(kind { try bo.tell(["x": 0.5], responses: ["other": 1]) } == .invalidObservation)
        #expect(kind { _ = try bo.ask(count: 0) } == .invalidSetting)
        #expect(kind { _ = try bo.ask(context: ["nope": 1]) } == .invalidPoint)
        #expect(kind { _ = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(initialCount: 0)) } == .invalidSetting)
        #expect(bo.state.observations.isEmpty)
    }

    @Test("target matching: approaches 620 nm ± 5 on a monotone response")
    func target() throws {
        let space = try SearchSpace([.continuous("temperatureCelsius", 200...320)])
        // Emission peak rises linearly from 560 to 680 nm with temperature; 620 nm at 260 °C.
        let peak: (Point) -> Double = { 560 + (number($0, "temperatureCelsius") - 200) }
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(objective: .target(620, tolerance: 5), seed: 2))
        for _ in 0..<12 {
            let p = try #require(try bo.ask().first)
            try bo.tell(p, value: peak(p))
        }
        let best = try #require(bo.best)
        #expect(abs(peak(best.point) - 620) <= 5)
    }

    @Test("context pins a parameter; UCB and Thompson sampling run; pool mode never repeats")
    func contextAndPool() throws {
        let space = try SearchSpace([.continuous("x", 0...1), .categorical("lot", ["A", "B"])])
        for acquisition in [Acquisition.upperConfidenceBound(beta: 4), .thompsonSampling, .logProbabilityOfImprovement(margin: 0)] {
            var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(acquisition: acquisition, initialCount: 3, seed: 1, rawSamples: 64, starts: 2))
            for _ in 0..<6 {
                let p = try #require(try bo.ask(context: ["lot": "B"]).first)
                #expect(p["lot"] == "B")
                try bo.tell(p, value: -pow(number(p, "x") - 0.3, 2))
            }
        }
        let pool: [Point] = (0..<20).map { ["x": .number(Double($0) / 19), "lot": $0 % 2 == 0 ? "A" : "B"] }
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(initialCount: 3, seed: 4))
        var seen = Set<Int>()
        for _ in 0..<10 {
            let i = try #require(try bo.ask(from: pool).first)
            #expect(seen.insert(i).inserted)
            try bo.tell(pool[i], value: -abs(number(pool[i], "x") - 0.5))
        }
    }

    /// A synthetic infeasible region: every run inside the disc of radius 0.3 around (0.75, 0.75) fails. After
    /// a 7 × 7 grid of outcomes the feasibility model (GP on ±1 labels, probit read-out) must say P(success) is low
    /// at the disc's centre and high far from it, and the acquisition must be damped by exactly log P there.
    @Test("failures: P(success) from the feasibility model is low inside a failing disc and high outside")
    func feasibilityModel() throws {
        let space = try SearchSpace([.continuous("x", 0...1), .continuous("y", 0...1)])
        var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(seed: 5))
        for i in 0..<7 {
            for j in 0..<7 {
                let (x, y) = (Double(i) / 6, Double(j) / 6)
                if pow(x - 0.75, 2) + pow(y - 0.75, 2) < 0.09 { try bo.tellFailure(["x": .number(x), "y": .number(y)]) }
                else { try bo.tell(["x": .number(x), "y": .number(y)], value: x + y) }
            }
        }
        let scorer = try #require(try bo.makeScorer(extraPending: [], seed: 1))
        let probe = try Matrix([[0.75, 0.75], [0.1, 0.1], [0.1, 0.9], [0.9, 0.1]])
        let p = try scorer.successProbability(probe)
        #expect(p[0] < 0.1, "P at the centre \(p[0])")
        #expect(p[1...].allSatisfy { $0 > 0.9 }, "P outside \(p)")
        var plain = scorer
        plain = Scorer(acquisition: scorer.acquisition, model: scorer.model, feasibility: nil, best: scorer.best, floor: scorer.floor)
        let damped = try scorer.values(probe, seed: 1), raw = try plain.values(probe, seed: 1)
        for k in 0..<4 { #expect(abs(damped[k] - (raw[k] + log(p[k]))) < 1e-9 * max(1, abs(raw[k]))) }
    }
}

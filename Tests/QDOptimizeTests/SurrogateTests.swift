import Foundation
import QDCore
import QDLearn
import Testing
@testable import QDOptimize

@Suite("Input transforms and surrogates")
struct SurrogateTests {
    @Test("rank warp: observed values go to i/(k + 1), box ends stay, monotone and clamped")
    func rankWarp() throws {
        // Column 0 warped (values crowded near 0, as the carbon-dot masses are), column 1 passes through.
        let reference = try Matrix([[0.01, 0.3], [0.02, 0.6], [0.5, 0.9], [0.02, 0.1]])
        let warp = InputWarp.rank(reference, columns: [0])
        let out = warp.apply(try Matrix([[0.01, 0.3], [0.02, 0.6], [0.5, 0.9], [0, 0.2], [1, 0.2], [0.26, 0.4]]))
        // Distinct values 0.01, 0.02, 0.5 → 1/4, 2/4, 3/4 (exact in binary).
        #expect(out.column(0)[0...2] == [0.25, 0.5, 0.75])
        #expect(out[3, 0] == 0 && out[4, 0] == 1)
        #expect(abs(out[5, 0] - 0.625) < 1e-15)  // halfway between 0.02 and 0.5 maps halfway between 2/4 and 3/4
        #expect(out.column(1) == [0.3, 0.6, 0.9, 0.2, 0.2, 0.4])
        let grid = (0...100).map { Double($0) / 100 }
        let warped = grid.map { warp.value($0, column: 0) }
        #expect(zip(warped, warped.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(warp.value(-0.5, column: 0) == 0 && warp.value(1.5, column: 0) == 1)
        // A value at the box end becomes the first knot itself (no vertical jump at 0).
        let atEnd = InputWarp.rank(try Matrix([[0.0], [0.4]]), columns: [0])
        #expect(atEnd.value(0, column: 0) == 1.0 / 3.0 && atEnd.value(1, column: 0) == 1)
    }

    @Test("settings saved before inputTransform, surrogate, surrogatePriors and surrogateInputScaling existed decode as made")
    func oldSettingsDecode() throws {
        let settings = BayesianOptimizerSettings(objective: .minimize, seed: 9)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any])
        #expect(object["inputTransform"] != nil && object["surrogate"] != nil && object["surrogatePriors"] != nil)
        object["inputTransform"] = nil
        object["surrogate"] = nil
        object["surrogatePriors"] = nil
        let old = try JSONDecoder().decode(BayesianOptimizerSettings.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old == settings)
        // A state saved before surrogateInputScaling existed was made with standardised GP inputs and keeps them.
        #expect(settings.surrogateInputScaling == .asEncoded)
        object["surrogateInputScaling"] = nil
        let older = try JSONDecoder().decode(BayesianOptimizerSettings.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older.surrogateInputScaling == .standardized)
        let rank = BayesianOptimizerSettings(inputTransform: .rank, surrogate: .randomForest, surrogatePriors: .dimensionScaled)
        #expect(try JSONDecoder().decode(BayesianOptimizerSettings.self, from: JSONEncoder().encode(rank)) == rank)
    }

    /// A prior with a log-sd of 1e-3 must hold the MAP fit at its median: the likelihood's pull moves log ℓ by
    /// about |∂L/∂log ℓ| · s² = |∂L| · 1e-6, under 1e-3 for any gradient below 1e3 (five points give far less).
    /// Without the prior the same data fit different length scales (checked, so the test can fail).
    @Test("GP length-scale and noise priors: a narrow prior pins the MAP fit at its median")
    func narrowPriorPins() throws {
        let x = try Matrix([[0.1, 0.9], [0.4, 0.2], [0.7, 0.5], [0.9, 0.8], [0.3, 0.6]])
        let y = [1.0, 0.2, -0.5, 0.7, 0.4]
        let pinned = try GaussianProcess(
            restarts: 2, lengthScalePrior: LogNormalPrior(logMean: log(2), logStandardDeviation: 1e-3),
            noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1e-3)).fit(x, y, seed: 1)
        for l in pinned.lengthScales { #expect(abs(l / 2 - 1) < 2e-3) }
        #expect(abs(pinned.noiseVariance / exp(-4) - 1) < 2e-3)
        let free = try GaussianProcess(restarts: 2).fit(x, y, seed: 1)
        #expect(free.lengthScales.contains { abs($0 / 2 - 1) > 0.05 })
        #expect(throws: LearnError.self) {
            _ = try GaussianProcess(lengthScalePrior: LogNormalPrior(logMean: 0, logStandardDeviation: 0)).fit(x, y, seed: 1)
        }
    }

    @Test("dimension-scaled priors: BoTorch 0.18's medians moved to standardised inputs, noise ≥ 1e-4")
    func dimensionScaledPriors() throws {
        let gp = SurrogatePriors.dimensionScaled.gaussianProcess(kernel: .matern52, restarts: 3, dimensions: 6)
        // √2 + ½ ln 6 + ln √12 (Hvarfner et al. 2024's median for unit-range inputs, + ln √12 for standardising).
        let expected = 2.0.squareRoot() + 0.5 * log(6.0) + 0.5 * log(12.0)
        #expect(abs((gp.lengthScalePrior?.logMean ?? .nan) - expected) < 1e-12)
        #expect(gp.lengthScalePrior?.logStandardDeviation == 3.0.squareRoot())
        #expect(gp.noiseVariancePrior == LogNormalPrior(logMean: -4, logStandardDeviation: 1))
        #expect(gp.noiseVarianceBounds.lowerBound == 1e-4)
        let none = SurrogatePriors.none.gaussianProcess(kernel: .matern52, restarts: 3, dimensions: 6)
        #expect(none.lengthScalePrior == nil && none.noiseVariancePrior == nil)
        // On features as encoded (unit ranges) the median is BoTorch's own, and the GP leaves the columns unscaled.
        let unit = SurrogatePriors.dimensionScaled.gaussianProcess(kernel: .matern52, restarts: 3, dimensions: 6, inputScaling: .asEncoded)
        #expect(abs((unit.lengthScalePrior?.logMean ?? .nan) - (2.0.squareRoot() + 0.5 * log(6.0))) < 1e-12)
        #expect(!unit.standardizesInputs && gp.standardizesInputs)
    }

    /// The optimum sits in a corner of two inputs whose observed values crowd near 0 (a pool built like the
    /// carbon-dot data: values spread over decades). Rank scaling must run in sequential and pool mode, keep
    /// suggestions new, and find the pool's best (1 of 121) within the budget on each seed. Measured on seeds
    /// 0–2 (this machine): found at experiments 13, 17 and 22; the budget 30 leaves room. (Random picks would
    /// find it within 30 with probability 30/121 ≈ 0.25 per seed.)
    @Test("rank transform: sequential and pool campaigns run, and the pool's best is found", arguments: [0, 1, 2] as [UInt64])
    func rankCampaign(seed: UInt64) throws {
        let space = try SearchSpace([.continuous("mass", 0.01...21), .continuous("time", 0.01...21)])
        let f: (Point) -> Double = { p in
            let m = number(p, "mass"), t = number(p, "time")
            return exp(-pow(log(m / 0.05), 2) - pow(log(t / 0.1), 2))
        }
        let settings = BayesianOptimizerSettings(initialCount: 5, seed: seed, rawSamples: 128, starts: 2, inputTransform: .rank)
        var bo = try BayesianOptimizer(space: space, settings: settings)
        for _ in 0..<8 {
            let p = try #require(try bo.ask().first)
            #expect(try space.isFeasible(p))
            try bo.tell(p, value: f(p))
        }
        var rng = SeededRNG(seed: 100 + seed)
        let levels = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 21]
        let pool: [Point] = levels.flatMap { m in levels.map { t in ["mass": .number(m), "time": .number(t)] } }.shuffled(using: &rng)
        let top = pool.map(f).max() ?? 0
        var pooled = try BayesianOptimizer(space: space, settings: settings)
        var seen = Set<Int>(), found: Int?
        for k in 0..<30 {
            let i = try #require(try pooled.ask(from: pool).first)
            #expect(seen.insert(i).inserted)
            try pooled.tell(pool[i], value: f(pool[i]))
            if found == nil, f(pool[i]) == top { found = k + 1 }
        }
        #expect(found != nil, "the pool's best (value \(top)) was not chosen in 30 experiments")
    }

    @Test("forest: fit is seeded, uncertainty is largest where trees disagree, bad input refused, Codable")
    func forest() throws {
        let xs = (0..<20).map { Double($0) / 19 }
        let x = try Matrix(xs.map { [$0] })
        let y = xs.map { $0 < 0.5 ? 0.0 : 1.0 }
        let model = try ForestRegressor(trees: 64).fit(x, y, seed: 3)
        #expect(try ForestRegressor(trees: 64).fit(x, y, seed: 3) == model)
        #expect(try ForestRegressor(trees: 64).fit(x, y, seed: 4) != model)
        let p = try model.posterior(try Matrix([[0.05], [0.5], [0.95]]))
        // Far from the step every bootstrap tree agrees; at the step the split point varies with the sample.
        #expect(abs(p.mean[0]) < 1e-12 && abs(p.mean[2] - 1) < 1e-12)
        #expect(p.variance[0] < 1e-12 && p.variance[2] < 1e-12)
        #expect(p.variance[1] > 0.01, "variance at the step \(p.variance[1])")
        #expect(p.mean[1] > 0.05 && p.mean[1] < 0.95)
        #expect(throws: LearnError.self) { try ForestRegressor(trees: 1).fit(x, y, seed: 0) }
        #expect(throws: LearnError.self) { try ForestRegressor().fit(x, y.map { _ in .nan }, seed: 0) }
        #expect(throws: LearnError.self) { try model.predict(try Matrix([[0.1, 0.2]])) }
        let decoded = try JSONDecoder().decode(FittedForest.self, from: JSONEncoder().encode(model))
        #expect(try decoded.predict(x) == model.predict(x))
        var rng = SeededRNG(seed: 1)
        let draws = try model.samples(x, count: 3, using: &rng)
        let trees = try model.treePredictions(x)
        #expect(draws.allSatisfy { draw in trees.contains(draw) })
    }

    /// A mostly categorical space where a tree ensemble is the natural surrogate: four 4-level factors with
    /// additive effects and one interaction, plus a continuous input with a step (a jump a stationary GP smooths
    /// over). 256 level combinations, optimum 5. Measured on seeds 0–2 after 25 evaluations (this machine):
    /// forest 5.0, 3.8, 5.0; random search with the same budget and seeds 4.2, 2.9, 4.0. Asserted: ahead of random
    /// by 0.3 (a robust part of the measured 0.8–1.0) and ≥ 3.5.
    @Test("forest surrogate: a mostly categorical campaign beats random search with the same budget", arguments: [0, 1, 2] as [UInt64])
    func forestCampaign(seed: UInt64) throws {
        let levels = ["p", "q", "r", "s"]
        let factors = ["a", "b", "c", "d"]
        let space = try SearchSpace(factors.map { .categorical($0, levels) } + [.continuous("x", 0...1)])
        let effects: [[Double]] = [[0, 0.3, 1, 0.2], [0.5, 0, 0.1, 1], [1, 0.4, 0, 0.3], [0.2, 1, 0.6, 0]]
        let f: (Point) -> Double = { p in
            let k = factors.map { name in levels.firstIndex(of: p[name]?.level ?? "") ?? 0 }
            let additive = (0..<4).reduce(0.0) { $0 + effects[$1][k[$1]] }
            let interaction = k[0] == 2 && k[1] == 3 ? 0.5 : 0
            return additive + interaction + ((p["x"]?.number ?? 0) > 0.6 ? 0.5 : 0)
        }
        // Optimum: levels r, s, p, q with x > 0.6 → 4 + 0.5 + 0.5 = 5.
        let settings = BayesianOptimizerSettings(objective: .minimize, initialCount: 6, seed: seed, rawSamples: 256, starts: 2, surrogate: .randomForest)
        let best = -(try runCampaign(space: space, settings: settings, budget: 25) { -f($0) })
        var rng = SeededRNG(seed: seed)
        let random = (0..<25).map { _ in f(space.point(native: space.randomNative(using: &rng))) }.max() ?? 0
        #expect(best > random + 0.3, "forest \(best), random \(random)")
        #expect(best >= 3.5, "forest \(best)")
    }
}

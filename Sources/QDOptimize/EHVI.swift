import Foundation
import QDCore
import QDLearn

/// Exact expected hypervolume improvement (EHVI) of one Gaussian prediction over a 2-D front (minimisation).
///
/// EHVI was introduced by Emmerich, Giannakoglou & Naujoks (IEEE Trans. Evol. Comput. 10, 421, 2006); the exact
/// 2-D computation by a decomposition of the non-dominated region into cells follows Emmerich, Deutz & Klinkenberg
/// (CEC 2011) and Yang, Emmerich, Deutz & Bäck (J. Glob. Optim. 75, 3, 2019), written here for vertical strips:
/// with the front sorted by f₁ (p₁ … pₙ, f₂ falling), reference r, strip 0 = (−∞, p₁₁) × (−∞, r₂) and strip
/// i = [pᵢ₁, pᵢ₊₁,₁) × (−∞, pᵢ₂) (pₙ₊₁,₁ = r₁). A new point y improves the hypervolume by
/// HVI(y) = Σᵢ max(0, uᵢ − max(lᵢ, y₁)) · max(0, hᵢ − y₂), so for independent Y₁ ~ N(μ₁, σ₁²), Y₂ ~ N(μ₂, σ₂²)
///
///     EHVI = Σᵢ E[max(0, uᵢ − max(lᵢ, Y₁))] · E[max(0, hᵢ − Y₂)],
///     E[max(0, u − max(l, Y))] = (u − l) Φ((l − μ)/σ) + ψ(u, u) − ψ(u, l)   (the first term 0 for l = −∞),
///     E[max(0, h − Y)] = ψ(h, h),   ψ(a, b) = ∫_{−∞}^{b} (a − z) N(z; μ, σ²) dz = (a − μ) Φ((b − μ)/σ) + σ φ((b − μ)/σ),
///
/// ψ as in Yang et al. 2019 (eq. 12). O(n) per prediction once the front is prepared (O(n log n)).
public struct TwoObjectiveEHVI: Sendable, Equatable {
    /// Lower f₁ edge of each strip (−∞ for the first).
    public let lower: [Double]
    /// Upper f₁ edge of each strip.
    public let upper: [Double]
    /// f₂ ceiling of each strip.
    public let ceiling: [Double]

    /// Prepares the strips of `front` (points with 2 minimised objectives; dominated points, points not strictly
    /// better than `reference` in both, and NaN points are dropped) below `reference`.
    /// - Throws: `OptimizeError.invalidSetting` when the reference or a point does not have 2 entries, or the
    ///   reference is not finite.
    public init(front: [[Double]], reference: [Double]) throws {
        guard reference.count == 2, reference.allSatisfy(\.isFinite) else {
            throw OptimizeError(.invalidSetting, "2-D EHVI needs a finite reference point with 2 entries. Got \(reference).")
        }
        if let bad = front.first(where: { $0.count != 2 }) {
            throw OptimizeError(.invalidSetting, "2-D EHVI needs points with 2 objectives. Got \(bad).")
        }
        let inside = front.filter { $0[0] < reference[0] && $0[1] < reference[1] }
            .sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }
        var kept: [[Double]] = []
        for p in inside where p[1] < (kept.last?[1] ?? .infinity) { kept.append(p) }
        var lower = [-Double.infinity], upper: [Double] = [], ceiling = [reference[1]]
        for p in kept {
            upper.append(p[0])
            lower.append(p[0])
            ceiling.append(p[1])
        }
        upper.append(reference[0])
        self.lower = lower
        self.upper = upper
        self.ceiling = ceiling
    }

    /// EHVI of a prediction with means `mean` and standard deviations `sd` (both length 2, sd ≥ 0; sd = 0 gives
    /// the improvement of the mean itself). NaN in, NaN out.
    public func value(mean: [Double], sd: [Double]) -> Double {
        let (m1, m2, s1, s2) = (mean[0], mean[1], max(sd[0], 0), max(sd[1], 0))
        var total = 0.0
        for i in lower.indices {
            let e2 = Self.expectedShortfall(below: ceiling[i], mean: m2, sd: s2)
            guard e2 > 0 else { continue }
            total += Self.expectedClippedGap(lower: lower[i], upper: upper[i], mean: m1, sd: s1) * e2
        }
        return total
    }

    /// ψ(a, b) = (a − μ) Φ((b − μ)/σ) + σ φ((b − μ)/σ), σ > 0.
    static func psi(_ a: Double, _ b: Double, mean: Double, sd: Double) -> Double {
        let z = (b - mean) / sd
        return (a - mean) * Normal.standard.cdf(z) + sd * Normal.standard.pdf(z)
    }

    /// E[max(0, h − Y)], Y ~ N(μ, σ²).
    static func expectedShortfall(below h: Double, mean: Double, sd: Double) -> Double {
        sd > 0 ? max(psi(h, h, mean: mean, sd: sd), 0) : max(h - mean, 0)
    }

    /// E[max(0, u − max(l, Y))], Y ~ N(μ, σ²), l < u (l may be −∞).
    static func expectedClippedGap(lower l: Double, upper u: Double, mean: Double, sd: Double) -> Double {
        guard sd > 0 else { return max(u - max(l, mean), 0) }
        guard l.isFinite else { return max(psi(u, u, mean: mean, sd: sd), 0) }
        let below = (u - l) * Normal.standard.cdf((l - mean) / sd)
        return max(below + psi(u, u, mean: mean, sd: sd) - psi(u, l, mean: mean, sd: sd), 0)
    }
}

/// Bayesian optimisation of two or more expensive objectives by exact expected hypervolume improvement
/// (`TwoObjectiveEHVI` for m = 2, `ExpectedHypervolumeImprovement` over `NondominatedBoxes` for m ≥ 3), an
/// alternative to `ParEGO` that aims at the whole front in every suggestion rather than one random
/// scalarisation.
///
/// Each suggestion: the initial design (as `BayesianOptimizer`, the same Sobol/LHS rows) while fewer than
/// `initialCount` points are in play or fewer than 2 runs succeeded; afterwards one GP (QDLearn, the settings'
/// kernel and restarts, same input transform) per objective, in minimisation form, independent of each other, and
/// the point maximising log EHVI found by the acquisition search of `BayesianOptimizer`. Reference point: the
/// given one, else the observed worst of each objective plus 10 % of its observed range (1e-6 when the range is
/// 0), a common convention (e.g. pymoo's and BoTorch's tutorials use a nadir offset). Pending points and earlier
/// points of a batch enter the front at their posterior means (the Kriging believer applied to the front, without
/// refitting). Failed runs are learned twice over, as `BayesianOptimizer` learns them: they enter each objective's
/// GP at the worst observed value (so the surrogates predict no improvement where runs failed), and the
/// optimiser's own feasibility model (`BayesianOptimizer.feasibilityModel`, fitted on the same observations) gives
/// P(success | x), which multiplies the EHVI (log EHVI + log P is maximised).
///
/// Cost per suggestion: m GP fits (plus the feasibility model once a run has failed), the box decomposition once,
/// then O(boxes · m) per candidate; box counts grow like O(n^⌊m/2⌋), so m ≤ 4 or 5 is the practical range.
public struct EHVISearch: Sendable {
    /// The search space.
    public let space: SearchSpace
    /// The objectives (2 or more).
    public let objectives: [ParetoObjective]
    /// Optimiser settings (`objective` ignored; acquisition ignored: EHVI is the acquisition).
    public let settings: BayesianOptimizerSettings
    /// Reference point in minimisation form (maximised objectives negated), or nil to compute one.
    public let reference: [Double]?
    /// Finished experiments.
    public private(set) var observations: [Observation] = []
    /// Suggested, not yet observed.
    public private(set) var pending: [Point] = []
    /// Suggestions made so far (part of each suggestion's seed).
    public private(set) var suggestionCount = 0

    /// A new search.
    /// - Throws: `OptimizeError.invalidSetting` for fewer than 2 objectives, repeated responses, a reference of the
    ///   wrong length or bad settings; `.infeasibleSpace` for an empty space.
    public init(space: SearchSpace, objectives: [ParetoObjective], settings: BayesianOptimizerSettings = BayesianOptimizerSettings(),
                reference: [Double]? = nil) throws {
        guard objectives.count >= 2, Set(objectives.map(\.response)).count == objectives.count else {
            throw OptimizeError(.invalidSetting, "EHVISearch needs 2 or more objectives with distinct responses. Got \(objectives.map(\.response)); use BayesianOptimizer for one.")
        }
        if let reference, reference.count != objectives.count || !reference.allSatisfy(\.isFinite) {
            throw OptimizeError(.invalidSetting, "The EHVI reference point needs \(objectives.count) finite entries, one per objective. Got \(reference).")
        }
        try settings.validate()
        try space.requireNonEmpty(seed: settings.seed)
        self.space = space
        self.objectives = objectives
        self.settings = settings
        self.reference = reference
    }

    /// Resumes from saved bookkeeping (e.g. a campaign's `BayesianOptimizerState`).
    /// - Throws: as `init(space:objectives:settings:reference:)`.
    public init(space: SearchSpace, objectives: [ParetoObjective], settings: BayesianOptimizerSettings, reference: [Double]?,
                observations: [Observation], pending: [Point], suggestionCount: Int) throws {
        try self.init(space: space, objectives: objectives, settings: settings, reference: reference)
        self.observations = observations
        self.pending = pending
        self.suggestionCount = suggestionCount
    }

    /// Records a finished experiment.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space; `.invalidObservation` for a missing
    ///   or non-finite objective response.
    public mutating func tell(_ point: Point, responses: [String: Double]) throws {
        try ParetoObjective.record(point, responses: responses, in: space, objectives: objectives, by: "EHVI",
                                   observations: &observations, pending: &pending)
    }

    /// Records a failed experiment (no product).
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space.
    public mutating func tellFailure(_ point: Point) throws {
        try ParetoObjective.record(point, responses: nil, in: space, objectives: objectives, by: "EHVI",
                                   observations: &observations, pending: &pending)
    }

    /// The objective vectors of the successful observations in minimisation form.
    public var objectiveVectors: [[Double]] { ParetoObjective.vectors(observations, objectives) }

    /// The reference point used for `vectors`: the given one, else worst + 10 % of the range per objective.
    public func reference(for vectors: [[Double]]) -> [Double] {
        if let reference { return reference }
        return Self.nadirReference(vectors)
    }

    /// Worst (largest) value of each minimised objective plus 10 % of its range (1e-6 when the range is 0).
    public static func nadirReference(_ vectors: [[Double]]) -> [Double] {
        guard let m = vectors.first?.count else { return [] }
        return (0..<m).map { j in
            let column = vectors.map { $0[j] }.filter(\.isFinite)
            let low = column.min() ?? 0, high = column.max() ?? 0
            return high + max(0.1 * (high - low), 1e-6)
        }
    }

    /// Suggests `count` points (recorded as pending).
    /// - Throws: `OptimizeError.invalidSetting` for count < 1; `.numericalFailure` when a GP cannot be fitted;
    ///   `.infeasibleSpace` when no new feasible point is found.
    /// - Complexity: m GP fits per point after the design (plus the feasibility model once a run has failed),
    ///   plus one acquisition search.
    public mutating func ask(count: Int = 1) throws -> [Point] {
        guard count >= 1 else { throw OptimizeError(.invalidSetting, "The batch size 'count' must be ≥ 1. Got \(count).") }
        var chosen: [Point] = []
        for _ in 0..<count {
            let successes = observations.filter { !$0.failed }
            let used = observations.count + pending.count + chosen.count
            let point: Point
            if used < settings.initialCount || successes.count < 2 {
                point = try designOrFallback(extraPending: chosen)
            } else {
                point = try ehviPoint(extraPending: chosen)
            }
            chosen.append(point)
            suggestionCount += 1
        }
        pending += chosen
        return chosen
    }

    /// The seed of the next suggestion (the campaign seed mixed with the suggestion count, SplitMix-style).
    private var suggestionSeed: UInt64 {
        var z = settings.seed &+ 0xE4B1_0000_9E37_79B9 &* UInt64(suggestionCount + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 31)
    }

    /// The next design row, or (with fewer than 2 successes after the design) `BayesianOptimizer` on the first
    /// objective.
    private func designOrFallback(extraPending: [Point]) throws -> Point {
        let reseed = observations.count + pending.count + extraPending.count >= settings.initialCount
        var bo = try firstObjectiveOptimizer(seed: reseed ? suggestionSeed : settings.seed, extraPending: extraPending)
        guard let point = try bo.ask(count: 1).first else {
            throw OptimizeError(.infeasibleSpace, "No new feasible point was found for the design.")
        }
        return point
    }

    /// The point of largest EHVI.
    private func ehviPoint(extraPending: [Point]) throws -> Point {
        let seed = suggestionSeed
        let successes = observations.filter { !$0.failed }
        var x = try successes.map { try space.nativeVector($0.point) }
        let vectors = objectiveVectors
        let m = objectives.count
        var columns = (0..<m).map { j in vectors.map { $0[j] } }
        let failed = try observations.filter(\.failed).map { try space.nativeVector($0.point) }
        x += failed
        for j in 0..<m { columns[j] += failed.map { _ in columns[j].max() ?? 0 } }
        let fantasies = try (pending + extraPending).map { try space.nativeVector($0) }
        let warp: InputWarp? = switch settings.inputTransform {
        case .unitCube: nil
        case .rank: InputWarp.rank(space.featureMatrix(x + fantasies), columns: space.numericFeatureColumns)
        }
        func features(_ natives: [[Double]]) -> Matrix {
            let raw = space.featureMatrix(natives)
            return warp?.apply(raw) ?? raw
        }
        let trainingFeatures = features(x)
        // The same GP as the single-objective optimiser builds from these settings (priors, input scaling), so a
        // campaign's `surrogatePriors` / `surrogateInputScaling` mean the same under every strategy.
        let gp = settings.surrogatePriors.gaussianProcess(
            kernel: settings.kernel, restarts: settings.surrogateRestarts, dimensions: trainingFeatures.columns,
            inputScaling: settings.surrogateInputScaling)
        let models = try (0..<m).map { j in
            do {
                return try gp.fit(trainingFeatures, columns[j], seed: seed &+ UInt64(j))
            } catch {
                throw OptimizeError(.numericalFailure, "The GP of objective '\(objectives[j].response)' could not be fitted to \(x.count) observations: \(error)")
            }
        }
        var front = vectors
        if !fantasies.isEmpty {
            let f = features(fantasies)
            let posteriors = try models.map { try $0.posterior(f) }
            front += (0..<f.rows).map { r in posteriors.map { $0.mean[r] } }
        }
        let ehvi = try Improvement(front: front, reference: reference(for: vectors))
        let feasibility = try feasibilityModel(extraPending: extraPending, seed: seed)
        let search = AcquisitionSearch(
            space: space, pinned: [:], rawSamples: settings.rawSamples, starts: settings.starts,
            maxEvaluations: settings.maxEvaluations
        ) { raw in
            let f = warp?.apply(raw) ?? raw
            let posteriors = try models.map { try $0.posterior(f) }
            let success = try feasibility.map { try Scorer.successProbability($0.model, $0.warp?.apply(raw) ?? raw) }
            return (0..<f.rows).map { r in
                let value = ehvi.value(mean: posteriors.map { $0.mean[r] }, sd: posteriors.map { max($0.variance[r], 0).squareRoot() })
                // log keeps the search's scale sane where EHVI spans many decades; 0 maps to a floor.
                return log(max(value, 1e-300)) + log(max(success?[r] ?? 1, 1e-300))
            }
        }
        let exclude = Set(x + fantasies)
        return space.point(native: try search.run(seed: seed, exclude: exclude).native)
    }

    /// The optimiser's own feasibility model and its input warp when a run has failed (nil otherwise): a
    /// `BayesianOptimizer` with these settings told the same outcomes (successes by their first objective, which
    /// the feasibility model ignores) and pending points, so P(success) is the very model single-objective
    /// campaigns use, fitted with the same seed (and without fitting its objective surrogate).
    func feasibilityModel(extraPending: [Point], seed: UInt64) throws -> (warp: InputWarp?, model: FittedGaussianProcess?)? {
        guard observations.contains(where: \.failed) else { return nil }
        return try firstObjectiveOptimizer(seed: settings.seed, extraPending: extraPending).feasibilityModel(extraPending: [], seed: seed)
    }

    /// A `BayesianOptimizer` (these settings, seed `seed`) maximising the first objective, told every outcome,
    /// with the pending points and `extraPending` as its pending experiments.
    private func firstObjectiveOptimizer(seed: UInt64, extraPending: [Point]) throws -> BayesianOptimizer {
        var inner = settings
        inner.objective = .maximize
        inner.seed = seed
        var bo = try BayesianOptimizer(space: space, settings: inner)
        let first = objectives[0]
        for o in observations {
            if o.failed { try bo.tellFailure(o.point) } else { try bo.tell(o.point, value: (first.maximize ? 1 : -1) * (o.responses[first.response] ?? 0)) }
        }
        for p in pending + extraPending { try bo.addPending(p) }
        return bo
    }

    /// EHVI for the number of objectives: the strip formula for 2 (kept so that two-objective campaigns suggest
    /// exactly what they did before), the box sum for more.
    private enum Improvement {
        case two(TwoObjectiveEHVI)
        case boxes(ExpectedHypervolumeImprovement)

        init(front: [[Double]], reference: [Double]) throws {
            self = reference.count == 2 ? .two(try TwoObjectiveEHVI(front: front, reference: reference))
                                        : .boxes(try ExpectedHypervolumeImprovement(front: front, reference: reference))
        }

        func value(mean: [Double], sd: [Double]) -> Double {
            switch self {
            case .two(let e): e.value(mean: mean, sd: sd)
            case .boxes(let e): e.value(mean: mean, sd: sd)
            }
        }
    }
}

import Foundation
import QDCore
import QDLearn

/// How the first experiments of a campaign are placed before any model is fitted.
public enum InitialDesign: String, Sendable, Codable, CaseIterable {
    /// A Latin hypercube (QDCore `LatinHypercube`, maximin over 10 draws).
    case latinHypercube
    /// A randomly shifted Sobol sequence (QDCore `SobolSequence`).
    case sobol
}

/// Settings of a Bayesian-optimisation campaign (all Codable, persisted with the state).
public struct BayesianOptimizerSettings: Sendable, Equatable, Codable {
    /// What to maximise.
    public var objective: Objective
    /// The acquisition function (default LogEI).
    public var acquisition: Acquisition
    /// Initial design type.
    public var initialDesign: InitialDesign
    /// Experiments placed by the initial design before the surrogate takes over (≥ 1; default 5, or 2d+1 style
    /// rules of thumb for larger spaces are the caller's choice).
    public var initialCount: Int
    /// Seeds the design, the surrogate fits and the acquisition search.
    public var seed: UInt64
    /// GP kernel (default Matérn 5/2 with ARD, the usual BO choice: rougher than RBF, fitted length scales).
    public var kernel: GaussianProcessKernel
    /// GP hyperparameter restarts per fit (default 3).
    public var surrogateRestarts: Int
    /// Random feasible samples scored before local search (default 512).
    public var rawSamples: Int
    /// Local searches per suggestion (default 4).
    public var starts: Int
    /// Evaluation budget per continuous local search (default 200).
    public var maxEvaluations: Int
    /// How numeric inputs are spread before the surrogate sees them (default `.unitCube`: the space's own linear
    /// or log scale). Saved states without this key decode with the default.
    public var inputTransform: InputTransform
    /// The surrogate of the objective score (default `.gaussianProcess`). Saved states without this key decode
    /// with the default.
    public var surrogate: SurrogateModel
    /// Priors on the GP surrogate's hyperparameters (default `.none`). Saved states without this key decode with
    /// `.none`, so a resumed campaign suggests what it did before.
    public var surrogatePriors: SurrogatePriors
    /// How the GP surrogate scales its features (default `.asEncoded`). Saved states without this key decode with
    /// `.standardized`, the behaviour they were made with, so a resumed campaign suggests what it did before.
    public var surrogateInputScaling: SurrogateInputScaling

    /// Settings with the defaults above.
    public init(objective: Objective = .maximize, acquisition: Acquisition = .logExpectedImprovement,
                initialDesign: InitialDesign = .sobol, initialCount: Int = 5, seed: UInt64 = 0,
                kernel: GaussianProcessKernel = .matern52, surrogateRestarts: Int = 3, rawSamples: Int = 512,
                starts: Int = 4, maxEvaluations: Int = 200, inputTransform: InputTransform = .unitCube,
                surrogate: SurrogateModel = .gaussianProcess, surrogatePriors: SurrogatePriors = .none,
                surrogateInputScaling: SurrogateInputScaling = .asEncoded) {
        self.surrogatePriors = surrogatePriors
        self.surrogateInputScaling = surrogateInputScaling
        self.inputTransform = inputTransform
        self.surrogate = surrogate
        self.objective = objective
        self.acquisition = acquisition
        self.initialDesign = initialDesign
        self.initialCount = initialCount
        self.seed = seed
        self.kernel = kernel
        self.surrogateRestarts = surrogateRestarts
        self.rawSamples = rawSamples
        self.starts = starts
        self.maxEvaluations = maxEvaluations
    }

    /// Decodes every key; `inputTransform`, `surrogate` and `surrogatePriors` fall back to their defaults when
    /// absent (states saved before they existed), `surrogateInputScaling` to `.standardized`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        objective = try c.decode(Objective.self, forKey: .objective)
        acquisition = try c.decode(Acquisition.self, forKey: .acquisition)
        initialDesign = try c.decode(InitialDesign.self, forKey: .initialDesign)
        initialCount = try c.decode(Int.self, forKey: .initialCount)
        seed = try c.decode(UInt64.self, forKey: .seed)
        kernel = try c.decode(GaussianProcessKernel.self, forKey: .kernel)
        surrogateRestarts = try c.decode(Int.self, forKey: .surrogateRestarts)
        rawSamples = try c.decode(Int.self, forKey: .rawSamples)
        starts = try c.decode(Int.self, forKey: .starts)
        maxEvaluations = try c.decode(Int.self, forKey: .maxEvaluations)
        inputTransform = try c.decodeIfPresent(InputTransform.self, forKey: .inputTransform) ?? .unitCube
        surrogate = try c.decodeIfPresent(SurrogateModel.self, forKey: .surrogate) ?? .gaussianProcess
        surrogatePriors = try c.decodeIfPresent(SurrogatePriors.self, forKey: .surrogatePriors) ?? .none
        surrogateInputScaling = try c.decodeIfPresent(SurrogateInputScaling.self, forKey: .surrogateInputScaling) ?? .standardized
    }

    /// Checks every number.
    func validate() throws {
        try objective.validate()
        let rules: [(String, Int)] = [("initialCount", initialCount), ("surrogateRestarts", surrogateRestarts),
                                      ("rawSamples", rawSamples), ("starts", starts), ("maxEvaluations", maxEvaluations)]
        if let (name, value) = rules.first(where: { $0.1 < 1 }) {
            throw OptimizeError(.invalidSetting, "The '\(name)' setting of BayesianOptimizer must be ≥ 1. Got \(value).")
        }
        if case .upperConfidenceBound(let beta) = acquisition, !(beta >= 0 && beta.isFinite) {
            throw OptimizeError(.invalidSetting, "The 'beta' of UCB must be finite and ≥ 0. Got \(beta).")
        }
        if case .logProbabilityOfImprovement(let margin) = acquisition, !(margin >= 0 && margin.isFinite) {
            throw OptimizeError(.invalidSetting, "The 'margin' of PI must be finite and ≥ 0. Got \(margin).")
        }
        if case .noisyExpectedImprovement(let samples) = acquisition, !(1...4096).contains(samples) {
            throw OptimizeError(.invalidSetting, "The 'samples' of noisy EI must be in 1…4096. Got \(samples).")
        }
    }
}

/// One finished experiment: its point and responses, or a failure (no product, a crashed run).
public struct Observation: Sendable, Equatable, Codable {
    /// Where it was run.
    public let point: Point
    /// Measured responses by name (empty for a failure).
    public let responses: [String: Double]
    /// `true` when the run failed and produced no responses.
    public let failed: Bool
    /// The objective score (nil for a failure).
    public let score: Double?
}

/// The persistable part of a campaign: settings, a fingerprint of the space, observations, pending points and
/// the number of suggestions made so far. Encode it (JSON) to persist; resume with
/// `BayesianOptimizer(space:state:)`. The surrogate is refitted from the data with the stored seed, so the
/// resumed campaign makes exactly the suggestion the original would have made.
public struct BayesianOptimizerState: Sendable, Equatable, Codable {
    /// The settings.
    public var settings: BayesianOptimizerSettings
    /// The space's parameters (checked on resume).
    public let parameters: [Parameter]
    /// The space's linear constraints (checked on resume).
    public let linearConstraints: [LinearConstraint]
    /// Names of the nonlinear constraints (closures are not persisted; checked by name on resume).
    public let nonlinearConstraintNames: [String]
    /// Finished experiments, in order.
    public var observations: [Observation]
    /// Suggested but not yet reported points (taken into account by the next suggestion).
    public var pending: [Point]
    /// Suggestions made so far (part of each suggestion's seed).
    public var suggestionCount: Int
}

/// Ask/tell Bayesian optimisation over a `SearchSpace`: an initial design, then a GP surrogate (QDLearn) of the
/// objective score, an acquisition maximised by `AcquisitionSearch`, batches and pending points by local
/// penalisation (each chosen or pending point damps the acquisition within a Lipschitz ball, González et al.
/// 2016), and failed runs learned by a feasibility model whose probability of success multiplies the
/// acquisition.
///
/// Feasibility model: a GP regression on labels +1 (succeeded) / −1 (failed) (least-squares classification,
/// Rasmussen & Williams 2006 §6.5), read as the probability that a new label would come out positive under the
/// GP's predictive distribution: P(success | x) = Φ(μ(x)/√(σ²(x) + σₙ²)), σₙ² the fitted label noise. Chosen over
/// a tree classifier because it reuses the tested GP, is smooth (so the acquisition stays differentiable), is
/// confident next to observed outcomes and reverts towards the overall success rate, with P pulled towards ½,
/// far from data. (A fixed probit Φ(μ/√(1 + σ²)) was tried first: it caps P at Φ(−1) ≈ 0.16 even beside a
/// cluster of failures, too weak a penalty for LogEI, and the constructed failure test failed with it.)
/// Fitted only when at least one failure has been seen. Failed points also enter the objective GP at the worst
/// observed score (an imputation in the spirit of Phoenics/Gryffin's treatment of failures), which keeps the
/// surrogate from extrapolating optimism into the failing region.
public struct BayesianOptimizer: Sendable {
    /// The search space (with its nonlinear-constraint closures).
    public let space: SearchSpace
    /// The persistable state.
    public private(set) var state: BayesianOptimizerState
    /// A GP used in place of the one `surrogatePriors` builds (benchmarks compare fitting variants through it; not
    /// persisted, not API).
    var gaussianProcessOverride: GaussianProcess?
    /// GPs fitted side by side, the one with the best leave-one-out predictive density used (benchmarks only).
    var gaussianProcessChoicesOverride: [GaussianProcess] = []
    /// Hyperparameter draws the acquisition is averaged over (nil: the single fitted estimate; benchmarks only).
    var hyperparameterDrawsOverride: Int?

    /// A new campaign.
    /// - Throws: `OptimizeError.invalidSetting` for bad settings; `.infeasibleSpace` when the space is empty.
    public init(space: SearchSpace, settings: BayesianOptimizerSettings = BayesianOptimizerSettings()) throws {
        try settings.validate()
        try space.requireNonEmpty(seed: settings.seed)
        self.space = space
        self.state = BayesianOptimizerState(
            settings: settings, parameters: space.parameters, linearConstraints: space.linearConstraints,
            nonlinearConstraintNames: space.nonlinearConstraints.map(\.name), observations: [], pending: [],
            suggestionCount: 0)
    }

    /// Resumes a campaign from a saved state.
    /// - Throws: `OptimizeError.stateMismatch` when the state's parameters or constraints differ from `space`'s.
    public init(space: SearchSpace, state: BayesianOptimizerState) throws {
        guard state.parameters == space.parameters, state.linearConstraints == space.linearConstraints,
              state.nonlinearConstraintNames == space.nonlinearConstraints.map(\.name) else {
            throw OptimizeError(.stateMismatch, "The saved campaign was made for a different search space (parameters \(state.parameters.map(\.name)), constraints \(state.linearConstraints.map(\.name) + state.nonlinearConstraintNames)); resume it with the same space definition.")
        }
        try state.settings.validate()
        self.space = space
        self.state = state
    }

    /// The best successful observation so far (highest score; the earliest on ties), or nil.
    public var best: Observation? {
        state.observations.filter { !$0.failed }.max { ($0.score ?? -.infinity) < ($1.score ?? -.infinity) }
    }

    // MARK: - Tell

    /// Records a finished experiment with its responses and removes it from the pending list.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space (unknown name, out of range, unknown
    ///   level); `.invalidObservation` for a missing or non-finite response the objective needs.
    public mutating func tell(_ point: Point, responses: [String: Double]) throws {
        let native = try space.nativeVector(point)
        let score = try state.settings.objective.score(responses)
        let p = space.point(native: native)
        state.observations.append(Observation(point: p, responses: responses, failed: false, score: score))
        canonicaliseObservations()
        removePending(p)
    }

    /// Records a finished experiment with the single response "value" (objectives `.maximize`, `.minimize`, `.target`).
    /// - Throws: as `tell(_:responses:)`.
    public mutating func tell(_ point: Point, value: Double) throws {
        try tell(point, responses: ["value": value])
    }

    /// Records a failed experiment (no product): the feasibility model learns from it.
    /// - Throws: `OptimizeError.invalidPoint` as `tell`.
    public mutating func tellFailure(_ point: Point) throws {
        let p = space.point(native: try space.nativeVector(point))
        state.observations.append(Observation(point: p, responses: [:], failed: true, score: nil))
        canonicaliseObservations()
        removePending(p)
    }

    /// Keeps observations sorted by their native vector (then failure flag and score), so the surrogate sees
    /// the same data in the same order whatever order results arrived in: a batch run concurrently, or a campaign
    /// resumed after a crash, then suggests bit-identically to a sequential, uninterrupted one.
    private mutating func canonicaliseObservations() {
        let keyed = state.observations.map { ((try? space.nativeVector($0.point)) ?? [], $0) }
        state.observations = keyed.sorted { a, b in
            if a.0 != b.0 { return a.0.lexicographicallyPrecedes(b.0) }
            if a.1.failed != b.1.failed { return !a.1.failed }
            return (a.1.score ?? -.infinity) < (b.1.score ?? -.infinity)
        }.map(\.1)
    }

    private mutating func removePending(_ p: Point) {
        if let i = state.pending.firstIndex(of: p) { state.pending.remove(at: i) }
    }

    // MARK: - Ask

    /// Suggests `count` new points (recorded as pending) and returns them.
    ///
    /// - Parameters:
    ///   - count: batch size q ≥ 1 (local penalisation between the points of a batch).
    ///   - context: values held fixed for this suggestion (contextual parameters, e.g. today's precursor lot).
    /// - Throws: `OptimizeError.invalidSetting` for q < 1; `.invalidPoint` for a bad context; `.numericalFailure`
    ///   when the surrogate cannot be fitted; `.infeasibleSpace` when no new feasible point is found.
    /// - Complexity: q GP fits (O(restarts · evals · n³)) plus q acquisition searches.
    public mutating func ask(count: Int = 1, context: Point = [:]) throws -> [Point] {
        guard count >= 1 else { throw OptimizeError(.invalidSetting, "The batch size 'count' must be ≥ 1. Got \(count).") }
        let pinned = try pinnedValues(context)
        var chosen: [[Double]] = []
        for _ in 0..<count {
            let x = try nextNative(pinned: pinned, extraPending: chosen)
            chosen.append(x)
            state.suggestionCount += 1
        }
        let points = chosen.map { space.point(native: $0) }
        state.pending += points
        return points
    }

    /// Records `point` as pending without asking the acquisition (a point the user chose, e.g. a proposal from
    /// inverse design); the next `ask` treats it like any other pending experiment.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space.
    public mutating func addPending(_ point: Point) throws {
        state.pending.append(space.point(native: try space.nativeVector(point)))
    }

    /// Chooses `count` points from a finite candidate list (pool-based campaigns: only measured conditions may be
    /// picked); candidates already observed or pending are skipped. Acquisition values are computed on the
    /// candidates directly, with local penalisation within a batch. The chosen points are recorded as pending.
    /// - Returns: indices into `candidates`.
    /// - Throws: `OptimizeError.invalidPoint` for a candidate outside the space; `.infeasibleSpace` when no
    ///   unobserved feasible candidate remains; as `ask`.
    public mutating func ask(from candidates: [Point], count: Int = 1) throws -> [Int] {
        guard count >= 1 else { throw OptimizeError(.invalidSetting, "The batch size 'count' must be ≥ 1. Got \(count).") }
        let natives = try candidates.map { try space.nativeVector($0) }
        var taken = Set(state.observations.map { (try? space.nativeVector($0.point)) ?? [] } + state.pending.map { (try? space.nativeVector($0)) ?? [] })
        var picked: [Int] = []
        for _ in 0..<count {
            let open = natives.indices.filter { !taken.contains(natives[$0]) && space.violations(native: natives[$0]).isEmpty }
            guard !open.isEmpty else {
                throw OptimizeError(.infeasibleSpace, "No unobserved feasible candidate remains among the \(candidates.count) given.")
            }
            let seed = suggestionSeed()
            let index: Int
            if let scorer = try makeScorer(extraPending: picked.map { natives[$0] }, seed: seed, candidates: natives) {
                let values = try scorer.values(space.featureMatrix(open.map { natives[$0] }), seed: seed)
                index = open[values.indices.max { values[$0] < values[$1] } ?? 0]
            } else {
                var rng = SeededRNG(seed: seed)
                index = open[rng.integer(below: open.count)]
            }
            picked.append(index)
            taken.insert(natives[index])
            state.suggestionCount += 1
        }
        state.pending += picked.map { space.point(native: natives[$0]) }
        return picked
    }

    /// The seed of the next suggestion: the campaign seed mixed with the suggestion count (SplitMix-style).
    func suggestionSeed() -> UInt64 {
        var z = state.settings.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(state.suggestionCount + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 31)
    }

    /// Validated context → pinned native values by parameter index.
    private func pinnedValues(_ context: Point) throws -> [Int: Double] {
        var out: [Int: Double] = [:]
        for (name, value) in context {
            guard let i = space.indexByName[name] else {
                throw OptimizeError(.invalidPoint, "Unknown context parameter '\(name)'. The space has: \(space.names).")
            }
            // Validate the single value by checking a point made of it and any valid values for the rest.
            var probe = space.point(native: space.parameters.map { p in p.isNumericVariable ? p.nativeRange.lowerBound : 0 })
            probe[name] = value
            out[i] = try space.nativeVector(probe)[i]
        }
        return out
    }

    /// The next point: from the initial design while it lasts, else by the acquisition.
    private func nextNative(pinned: [Int: Double], extraPending: [[Double]]) throws -> [Double] {
        let used = state.observations.count + state.pending.count + extraPending.count
        let seed = suggestionSeed()
        let exclude = Set(state.observations.compactMap { try? space.nativeVector($0.point) }
                          + state.pending.compactMap { try? space.nativeVector($0) } + extraPending)
        if used < state.settings.initialCount || state.observations.allSatisfy(\.failed) {
            if let x = try designPoint(used, pinned: pinned), !exclude.contains(x) { return x }
        }
        let scorer = try makeScorer(extraPending: extraPending, seed: seed)
        let search = AcquisitionSearch(
            space: space, pinned: pinned, rawSamples: state.settings.rawSamples,
            // A Thompson draw is one joint sample over the raw set; local moves would redraw, so none are made.
            starts: state.settings.acquisition == .thompsonSampling ? 0 : state.settings.starts,
            maxEvaluations: state.settings.maxEvaluations
        ) { features in
            if let scorer { return try scorer.values(features, seed: seed) }
            return [Double](repeating: 0, count: features.rows)  // no model yet: any feasible point
        }
        return try search.run(seed: seed, exclude: exclude).native
    }

    /// Row `index` of the initial design, mapped to the space, pinned and repaired; nil if infeasible.
    private func designPoint(_ index: Int, pinned: [Int: Double]) throws -> [Double]? {
        let dims = space.numericIndices.count + space.categoricalIndices.count
        let rows = max(state.settings.initialCount, index + 1)
        let design: Matrix
        switch state.settings.initialDesign {
        case .latinHypercube:
            design = try LatinHypercube.sample(count: rows, dimensions: dims, maximinCandidates: 10, seed: state.settings.seed)
        case .sobol:
            design = try SobolSequence.points(count: rows, dimensions: dims, randomShiftSeed: state.settings.seed)
        }
        let u = design.row(index)
        var x = [Double](repeating: 0, count: space.parameters.count)
        for (i, p) in space.parameters.enumerated() { if case .fixed(let v) = p.domain { x[i] = v.number ?? 0 } }
        for (k, i) in space.numericIndices.enumerated() { x[i] = space.parameters[i].native(fromUnit: u[k]) }
        for (k, i) in space.categoricalIndices.enumerated() {
            let levels = space.parameters[i].levelCount
            x[i] = Double(min(Int(u[space.numericIndices.count + k] * Double(levels)), levels - 1))
        }
        for (i, v) in pinned { x[i] = v }
        space.repairEqualities(&x)
        for (i, v) in pinned { x[i] = v }
        for i in space.numericIndices { if case .integer = space.parameters[i].domain { x[i] = x[i].rounded() } }
        x = space.canonical(x)
        return space.violations(native: x).isEmpty ? x : nil
    }

    /// The fitted surrogate and feasibility model for the current data plus fantasies; nil before any success.
    /// - Parameter candidates: a finite candidate pool (pool mode), which joins the reference set of the rank
    ///   transform.
    func makeScorer(extraPending: [[Double]], seed: UInt64, candidates: [[Double]] = []) throws -> Scorer? {
        let settings = state.settings
        let successes = state.observations.filter { !$0.failed }
        guard !successes.isEmpty else { return nil }
        var x = try successes.map { try space.nativeVector($0.point) }
        var y = successes.compactMap(\.score)
        // Failed runs also enter the objective surrogate, at the worst score seen, so that it cannot extrapolate
        // optimism into a region where runs fail (the feasibility model alone let LogEI's e^1000-scale ratios
        // outweigh P ≈ 0.01 there; measured in the failure test).
        let worst = y.min() ?? 0
        let failedPoints = try state.observations.filter(\.failed).map { try space.nativeVector($0.point) }
        x += failedPoints
        y += failedPoints.map { _ in worst }
        let fantasies = state.pending.compactMap { try? space.nativeVector($0) } + extraPending
        let (warp, feasibility) = try feasibilityModel(extraPending: extraPending, seed: seed, candidates: candidates)
        func features(_ natives: [[Double]]) -> Matrix {
            let raw = space.featureMatrix(natives)
            return warp?.apply(raw) ?? raw
        }
        let trainingFeatures = features(x)
        let model: any Surrogate
        var draws: [FittedGaussianProcess] = []
        switch settings.surrogate {
        case .gaussianProcess:
            let gp = gaussianProcessOverride ?? settings.surrogatePriors.gaussianProcess(
                kernel: settings.kernel, restarts: settings.surrogateRestarts, dimensions: trainingFeatures.columns,
                inputScaling: settings.surrogateInputScaling)
            do {
                if gaussianProcessChoicesOverride.isEmpty {
                    model = try gp.fit(trainingFeatures, y, seed: seed)
                } else {
                    let fits = try gaussianProcessChoicesOverride.map { try $0.fit(trainingFeatures, y, seed: seed) }
                    let scores = try fits.map { try $0.leaveOneOutLogPredictiveDensity() }
                    model = fits[scores.indices.max { scores[$0] < scores[$1] } ?? 0]
                }
                if let count = hyperparameterDrawsOverride {
                    draws = try gp.posteriorSamples(trainingFeatures, y, count: count, seed: seed)
                }
            } catch {
                throw OptimizeError(.numericalFailure, "The GP surrogate could not be fitted to \(x.count) observations: \(error)")
            }
        case .randomForest:
            do { model = try ForestRegressor().fit(trainingFeatures, y, seed: seed) } catch {
                throw OptimizeError(.numericalFailure, "The forest surrogate could not be fitted to \(x.count) observations: \(error)")
            }
        }
        // Batches and pending experiments: local penalisation (González et al., AISTATS 2016). Each pending point
        // x_j carries a ball where, by a Lipschitz bound L on the score, f cannot beat the incumbent M; the
        // acquisition is multiplied by φ_j(x) = Φ((L‖x − x_j‖ − M + μ(x_j)) / σ(x_j)). It replaced the Kriging
        // believer here because refitting the GP on fantasised means let the noise term absorb them: batches of
        // 4 came back as near-copies of one point (measured on the twin's CdSe 620 nm campaign).
        var penalties: [Scorer.Penalty] = []
        if !fantasies.isEmpty {
            let pendingFeatures = features(fantasies)
            let posterior = try model.posterior(pendingFeatures)
            let lipschitz = Self.lipschitzEstimate(trainingFeatures, y)
            penalties = (0..<pendingFeatures.rows).map { j in
                Scorer.Penalty(centre: pendingFeatures.row(j), mean: posterior.mean[j],
                               sd: max(posterior.variance[j], 1e-12 * (1 + posterior.mean[j] * posterior.mean[j])).squareRoot(),
                               lipschitz: lipschitz)
            }
        }
        let incumbent = successes.compactMap(\.score).max() ?? 0
        let floor = y.min() ?? 0
        // Noisy EI: the incumbent is uncertain, so it is drawn from the surrogate's posterior of the latent
        // (noise-free) score at the successful points, S joint draws, max per draw.
        var incumbents: [Double] = []
        if case .noisyExpectedImprovement(let samples) = settings.acquisition {
            var rng = SeededRNG(seed: seed ^ 0x4E45_495F_6472_6177)
            let observed = features(Array(x.prefix(successes.count)))  // the successes lead x
            incumbents = try model.samples(observed, count: samples, using: &rng).map { $0.max() ?? incumbent }
        }
        return Scorer(acquisition: settings.acquisition, model: model, feasibility: feasibility, best: incumbent, floor: floor,
                      penalties: penalties, warp: warp, incumbents: incumbents, draws: draws)
    }

    /// The input warp the surrogates see (nil for `.unitCube`) and the feasibility model (nil before any
    /// failure), without the objective surrogate: `makeScorer` builds on it, and `EHVISearch` takes P(success)
    /// from it. The rank warp is fitted on everything known to be in play: observed, pending, `extraPending` and
    /// pool points.
    /// - Throws: `OptimizeError.numericalFailure` when the feasibility model cannot be fitted.
    func feasibilityModel(extraPending: [[Double]], seed: UInt64, candidates: [[Double]] = []) throws
        -> (warp: InputWarp?, model: FittedGaussianProcess?) {
        let settings = state.settings
        let all = try state.observations.map { try space.nativeVector($0.point) }
        let fantasies = state.pending.compactMap { try? space.nativeVector($0) } + extraPending
        let warp: InputWarp? = switch settings.inputTransform {
        case .unitCube: nil
        case .rank: InputWarp.rank(space.featureMatrix(all + fantasies + candidates), columns: space.numericFeatureColumns)
        }
        guard state.observations.contains(where: \.failed) else { return (warp, nil) }
        let labels = state.observations.map { $0.failed ? -1.0 : 1.0 }
        let raw = space.featureMatrix(all)
        do {
            // Label noise capped at 0.05 (standardised units): outcomes are treated as nearly repeatable,
            // otherwise the likelihood prefers "all noise" with few labels and P stays near the base rate.
            // Length scales ≥ 1 standardised unit (≈ 0.3 of a parameter's range): failure regions are taken
            // to be broad; with shorter scales the model marked only the failed points themselves and the
            // acquisition went to the gaps between them (measured in the failure test).
            let model = try GaussianProcess(kernel: settings.kernel, restarts: settings.surrogateRestarts,
                                            lengthScaleBounds: 1...1e3, noiseVarianceBounds: 1e-6...0.05)
                .fit(warp?.apply(raw) ?? raw, labels, seed: seed)
            return (warp, model)
        } catch {
            throw OptimizeError(.numericalFailure, "The feasibility model could not be fitted to \(all.count) outcomes: \(error)")
        }
    }

    /// A Lipschitz estimate of the score over feature space from the data: the largest |Δy|/‖Δx‖ over pairs
    /// (a lower bound on the true constant; local penalisation's balls are then generous, which keeps a batch
    /// spread out). At least 1e-6 so the balls stay finite.
    static func lipschitzEstimate(_ x: Matrix, _ y: [Double]) -> Double {
        var best = 1e-6
        for i in 0..<x.rows {
            let a = x.row(i)
            for k in (i + 1)..<max(i + 1, x.rows) {
                let b = x.row(k)
                let distance = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                if distance > 1e-9 { best = max(best, abs(y[i] - y[k]) / distance) }
            }
        }
        return best
    }
}

/// Acquisition values on feature rows from a fitted surrogate and an optional feasibility model.
struct Scorer {
    let acquisition: Acquisition
    let model: any Surrogate
    let feasibility: FittedGaussianProcess?
    /// The incumbent score.
    let best: Double
    /// The lowest score seen: non-log acquisitions are shifted by it before multiplying by P(success).
    let floor: Double
    /// Local penalisers of pending and batch points (centres in warped feature space).
    var penalties: [Penalty] = []
    /// The input transform applied to feature rows before any model sees them (nil: none).
    var warp: InputWarp?
    /// Posterior draws of the incumbent (noisy EI only).
    var incumbents: [Double] = []
    /// GPs at hyperparameter draws: when present, marginal acquisitions are averaged over them (log acquisitions
    /// as log of the mean of exp) instead of read from `model`.
    var draws: [FittedGaussianProcess] = []

    /// One pending point's penaliser φ(x) = Φ((L‖x − c‖ − M + μ)/σ).
    struct Penalty {
        let centre: [Double]
        let mean: Double
        let sd: Double
        let lipschitz: Double

        /// log φ at feature row `x` for incumbent `best` (floored at log 1e-300).
        func logValue(_ x: [Double], best: Double) -> Double {
            let distance = zip(x, centre).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            return log(max(Normal.standard.cdf((lipschitz * distance - best + mean) / sd), 1e-300))
        }
    }

    /// Σ_j log φ_j per row (0 without pending points); rows already warped.
    func logPenalty(_ features: Matrix) -> [Double] {
        guard !penalties.isEmpty else { return [Double](repeating: 0, count: features.rows) }
        return (0..<features.rows).map { i in
            let row = features.row(i)
            return penalties.reduce(0) { $0 + $1.logValue(row, best: best) }
        }
    }

    /// P(success) per row: Φ(μ/√(σ² + σₙ²)) of the ±1 label GP, or 1 without failures; rows already warped.
    func successProbability(_ features: Matrix) throws -> [Double] {
        try Self.successProbability(feasibility, features)
    }

    /// P(success) per row from `feasibility` (see the instance method); 1 everywhere when it is nil.
    static func successProbability(_ feasibility: FittedGaussianProcess?, _ features: Matrix) throws -> [Double] {
        guard let feasibility else { return [Double](repeating: 1, count: features.rows) }
        let p = try feasibility.posterior(features)
        return zip(p.mean, p.predictiveVariance).map { Normal.standard.cdf($0 / max($1, 1e-12).squareRoot()) }
    }

    /// Acquisition × P(success) (log acquisitions: + log P) per row of unwarped features.
    func values(_ raw: Matrix, seed: UInt64) throws -> [Double] {
        let features = warp?.apply(raw) ?? raw
        let base: [Double]
        switch acquisition {
        case .thompsonSampling:
            var rng = SeededRNG(seed: seed ^ 0x7453_616D_706C_6521)
            base = try model.samples(features, count: 1, using: &rng)[0]
        case .noisyExpectedImprovement:
            base = Acquisition.logNoisyExpectedImprovement(try model.posterior(features), incumbents: incumbents)
        default:
            if draws.isEmpty {
                base = acquisition.values(try model.posterior(features), best: best)
            } else {
                let perDraw = try draws.map { acquisition.values(try $0.posterior(features), best: best) }
                base = (0..<features.rows).map { i in
                    let values = perDraw.map { $0[i] }
                    guard acquisition.isLogarithmic else { return values.reduce(0, +) / Double(values.count) }
                    guard let top = values.max(), top > -.infinity else { return -.infinity }
                    return top + log(values.reduce(0) { $0 + exp($1 - top) } / Double(values.count))
                }
            }
        }
        let penalty = logPenalty(features)
        let p = try successProbability(features)
        if acquisition.isLogarithmic {
            return (0..<base.count).map { base[$0] + log(max(p[$0], 1e-300)) + penalty[$0] }
        }
        // Thompson draws and other non-log values live on the score scale: shift by the floor, then scale.
        return (0..<base.count).map { (base[$0] - floor) * p[$0] * exp(penalty[$0]) }
    }
}

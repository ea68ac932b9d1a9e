import Foundation
import QDCore

/// One objective of a multi-objective campaign: a response and whether larger or smaller is better.
public struct ParetoObjective: Sendable, Equatable, Codable {
    /// The response's name.
    public let response: String
    /// `true` to maximise, `false` to minimise.
    public let maximize: Bool

    /// An objective on `response`.
    public init(_ response: String, maximize: Bool) {
        self.response = response
        self.maximize = maximize
    }
}

extension ParetoObjective {
    /// Appends a told result (`responses` nil for a failure) at its canonical point to `observations` and removes
    /// it from `pending`: the bookkeeping `ParEGO` and `EHVISearch` share.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space; `.invalidObservation` for a missing
    ///   or non-finite objective response (naming `engine`).
    static func record(_ point: Point, responses: [String: Double]?, in space: SearchSpace, objectives: [ParetoObjective],
                       by engine: String, observations: inout [Observation], pending: inout [Point]) throws {
        let p = space.point(native: try space.nativeVector(point))
        if let responses {
            for o in objectives where !(responses[o.response]?.isFinite ?? false) {
                throw OptimizeError(.invalidObservation, "Response '\(o.response)' is \(responses[o.response].map { "\($0)" } ?? "missing"); \(engine) needs a finite value of each of \(objectives.map(\.response)). Report a failed run with tellFailure.")
            }
        }
        observations.append(Observation(point: p, responses: responses ?? [:], failed: responses == nil, score: nil))
        if let i = pending.firstIndex(of: p) { pending.remove(at: i) }
    }

    /// The successful observations' objective vectors in minimisation form (maximised objectives negated).
    static func vectors(_ observations: [Observation], _ objectives: [ParetoObjective]) -> [[Double]] {
        observations.filter { !$0.failed }.map { o in objectives.map { ($0.maximize ? -1 : 1) * (o.responses[$0.response] ?? .nan) } }
    }
}

/// ParEGO: Bayesian optimisation of several expensive objectives by a random scalarisation per iteration
/// (Knowles, "ParEGO: a hybrid algorithm with on-line landscape approximation for expensive multiobjective
/// optimization problems", IEEE Trans. Evol. Comput. 10, 50, 2006).
///
/// Each suggestion: (1) the objectives of the successful observations, in minimisation form, are normalised to
/// [0, 1] by their observed minimum and maximum; (2) a weight vector λ is drawn uniformly from the simplex lattice
/// {λ : λⱼ = l/s, Σλⱼ = 1} (s = 10 for two objectives, 4 for three, as in Knowles; 2 for more); (3) each
/// observation gets the augmented Chebyshev scalarisation f_λ = maxⱼ(λⱼ fⱼ) + ρ Σⱼ λⱼ fⱼ, ρ = 0.05; (4) a
/// `BayesianOptimizer` with the given settings maximises −f_λ (GP surrogate, the settings' acquisition, pending
/// points by local penalisation, failures by the feasibility model). Knowles fitted a DACE model and maximised EI
/// with an evolutionary algorithm; here the GP and acquisition search of `BayesianOptimizer` take those roles.
/// The first `initialCount` points come from the settings' initial design, as in single-objective campaigns.
public struct ParEGO: Sendable {
    /// The search space.
    public let space: SearchSpace
    /// The objectives (2 or more).
    public let objectives: [ParetoObjective]
    /// Optimiser settings (`objective` is ignored; the seed drives the weights, the design and the searches).
    public let settings: BayesianOptimizerSettings
    /// Finished experiments in arrival order (`score` is nil: scores depend on each iteration's weights).
    public private(set) var observations: [Observation] = []
    /// Suggested, not yet observed.
    public private(set) var pending: [Point] = []
    /// Suggestions made so far.
    public private(set) var suggestionCount = 0

    /// The augmentation ρ of the Chebyshev scalarisation (Knowles 2006).
    public static let augmentation = 0.05

    /// A new campaign.
    /// - Throws: `OptimizeError.invalidSetting` for fewer than 2 objectives, duplicate responses or bad settings;
    ///   `.infeasibleSpace` for an empty space.
    public init(space: SearchSpace, objectives: [ParetoObjective], settings: BayesianOptimizerSettings = BayesianOptimizerSettings()) throws {
        guard objectives.count >= 2 else {
            throw OptimizeError(.invalidSetting, "ParEGO needs at least 2 objectives. Got \(objectives.count); use BayesianOptimizer for one.")
        }
        guard Set(objectives.map(\.response)).count == objectives.count else {
            throw OptimizeError(.invalidSetting, "ParEGO objectives must name distinct responses. Got \(objectives.map(\.response)).")
        }
        try settings.validate()
        try space.requireNonEmpty(seed: settings.seed)
        self.space = space
        self.objectives = objectives
        self.settings = settings
    }

    /// Resumes from saved bookkeeping (e.g. a campaign's `BayesianOptimizerState`): the same observations,
    /// pending points and suggestion count make the same suggestions.
    /// - Throws: as `init(space:objectives:settings:)`.
    public init(space: SearchSpace, objectives: [ParetoObjective], settings: BayesianOptimizerSettings,
                observations: [Observation], pending: [Point], suggestionCount: Int) throws {
        try self.init(space: space, objectives: objectives, settings: settings)
        self.observations = observations
        self.pending = pending
        self.suggestionCount = suggestionCount
    }

    /// Records a finished experiment.
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space; `.invalidObservation` for a missing
    ///   or non-finite response.
    public mutating func tell(_ point: Point, responses: [String: Double]) throws {
        try ParetoObjective.record(point, responses: responses, in: space, objectives: objectives, by: "ParEGO",
                                   observations: &observations, pending: &pending)
    }

    /// Records a failed experiment (no product).
    /// - Throws: `OptimizeError.invalidPoint` for a point outside the space.
    public mutating func tellFailure(_ point: Point) throws {
        try ParetoObjective.record(point, responses: nil, in: space, objectives: objectives, by: "ParEGO",
                                   observations: &observations, pending: &pending)
    }

    /// The objective vectors of the successful observations, in minimisation form (maximised ones negated).
    public var objectiveVectors: [[Double]] { ParetoObjective.vectors(observations, objectives) }

    /// The non-dominated successful observations (minimisation form of `objectiveVectors`; ties kept).
    public var paretoFront: [Observation] {
        let successes = observations.filter { !$0.failed }
        let vectors = objectiveVectors
        return successes.indices.filter { i in
            !vectors.indices.contains { j in
                j != i && zip(vectors[j], vectors[i]).allSatisfy { $0 <= $1 } && zip(vectors[j], vectors[i]).contains { $0 < $1 }
            }
        }.map { successes[$0] }
    }

    /// Hypervolume of the observations' objective vectors (minimisation form) with respect to `reference`
    /// (given in the same form: maximised objectives negated).
    /// - Throws: as `Hypervolume.compute`.
    public func hypervolume(reference: [Double]) throws -> Double {
        try Hypervolume.compute(objectiveVectors, reference: reference)
    }

    /// A weight vector from the simplex lattice with s divisions, uniformly (Knowles 2006, §III-B).
    static func weights(objectives m: Int, using rng: inout SeededRNG) -> [Double] {
        let s = m == 2 ? 10 : (m == 3 ? 4 : 2)
        var lattice: [[Int]] = []
        func fill(_ prefix: [Int], _ left: Int) {
            if prefix.count == m - 1 { lattice.append(prefix + [left]); return }
            for l in 0...left { fill(prefix + [l], left - l) }
        }
        fill([], s)
        return lattice[rng.integer(below: lattice.count)].map { Double($0) / Double(s) }
    }

    /// Augmented Chebyshev values f_λ of the successful observations (normalised by the observed ranges; a
    /// constant objective normalises to 0).
    static func scalarised(_ vectors: [[Double]], weights: [Double]) -> [Double] {
        guard let m = vectors.first?.count else { return [] }
        let lows = (0..<m).map { j in vectors.map { $0[j] }.min() ?? 0 }
        let highs = (0..<m).map { j in vectors.map { $0[j] }.max() ?? 0 }
        return vectors.map { v in
            let f = (0..<m).map { j in highs[j] > lows[j] ? (v[j] - lows[j]) / (highs[j] - lows[j]) : 0 }
            let weighted = zip(weights, f).map { $0 * $1 }
            return (weighted.max() ?? 0) + augmentation * weighted.reduce(0, +)
        }
    }

    /// Suggests `count` points for one weight vector (recorded as pending).
    /// - Throws: as `BayesianOptimizer.ask`.
    /// - Complexity: one GP fit per point of the batch, as `BayesianOptimizer.ask`.
    public mutating func ask(count: Int = 1) throws -> [Point] {
        var rng = SeededRNG(seed: settings.seed ^ (0x5061_7245_474F &* UInt64(suggestionCount + 1)))
        let lambda = Self.weights(objectives: objectives.count, using: &rng)
        let used = observations.count + pending.count
        var inner = settings
        inner.objective = .maximize
        // The design phase keeps the campaign seed so that successive asks walk one Sobol/LHS sequence; afterwards
        // every ask gets its own seed for the surrogate fit and the acquisition search.
        if used >= settings.initialCount { inner.seed = settings.seed &+ UInt64(suggestionCount) &* 0x9E37_79B9_7F4A_7C15 }
        var bo = try BayesianOptimizer(space: space, settings: inner)
        let successes = observations.filter { !$0.failed }
        for (o, f) in zip(successes, Self.scalarised(objectiveVectors, weights: lambda)) { try bo.tell(o.point, value: -f) }
        for o in observations where o.failed { try bo.tellFailure(o.point) }
        for p in pending { try bo.addPending(p) }
        let points = try bo.ask(count: count)
        pending += points
        suggestionCount += points.count
        return points
    }
}

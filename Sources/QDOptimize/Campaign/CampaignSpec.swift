import Foundation
import Yams

/// A campaign definition as a user writes it (YAML or JSON): the search space, the objective(s), the budget.
///
/// ```yaml
/// name: cdse-620
/// seed: 7
/// budget: 40
/// batch: 4
/// initial_design: sobol        # or latin_hypercube
/// initial_count: 8
/// acquisition: log_ei          # log_ei | ucb | pi | thompson | noisy_ei
/// input_transform: unit_cube   # or rank (empirical-CDF scaling of numeric inputs)
/// surrogate: gp                # or forest (bootstrap random forest)
/// parameters:
///   - {name: growth_temperature_C, kind: continuous, low: 200, high: 300}
///   - {name: growth_time_min, kind: continuous, low: 0.5, high: 30, scale: log}
///   - {name: ligand, kind: categorical, levels: [oleic acid, octadecylphosphonic acid]}
///   - {name: shell, kind: categorical, levels: [none, ZnS]}
///   - {name: shell_nm, kind: continuous, low: 0.3, high: 2, active_if: {parameter: shell, values: [ZnS]}}
///   - {name: volume_mL, kind: fixed, value: 10}
/// constraints:
///   - {name: total, coefficients: {a: 1, b: 1}, relation: "<=", bound: 1}
/// objective: {response: emission_nm, goal: target, target: 620, tolerance: 5}
/// # or several objectives with a strategy (desirability | chimera | pareto | ehvi), instead of `objective`:
/// # strategy: ehvi
/// # objectives:
/// #   - {response: emission_nm, goal: target, target: 620, tolerance: 5}
/// #   - {response: plqy, goal: maximize}
/// # reference_point: {emission_nm: 40, plqy: 0}
/// initial_points:              # optional: run these first (e.g. proposals of `qdlab design recipes`)
///   - {growth_temperature_C: 270, growth_time_min: 10, ligand: oleic acid, volume_mL: 10}
/// ```
public struct CampaignSpec: Sendable, Equatable, Codable {
    /// One parameter of the space.
    public struct ParameterSpec: Sendable, Equatable, Codable {
        /// "continuous", "integer", "categorical" or "fixed".
        public var kind: String
        /// Unique name; put the unit in it ("growth_temperature_C").
        public var name: String
        /// Lower bound (continuous, integer).
        public var low: Double?
        /// Upper bound (continuous, integer).
        public var high: Double?
        /// "linear" (default) or "log" (continuous only).
        public var scale: ContinuousScale?
        /// Levels (categorical).
        public var levels: [String]?
        /// Per-level descriptor vectors (categorical, optional).
        public var descriptors: [[Double]]?
        /// The value of a fixed parameter (a number or a level).
        public var value: ParameterValue?
        /// YAML `active_if: {parameter: shell, values: [ZnS]}`: the parameter exists only while the named
        /// (earlier, categorical or integer) parameter takes one of the values.
        public var activeIf: ActivityCondition?

        enum CodingKeys: String, CodingKey {
            case kind, name, low, high, scale, levels, descriptors, value
            case activeIf = "active_if"
        }

        /// Creates a parameter entry.
        public init(kind: String, name: String, low: Double? = nil, high: Double? = nil, scale: ContinuousScale? = nil,
                    levels: [String]? = nil, descriptors: [[Double]]? = nil, value: ParameterValue? = nil,
                    activeIf: ActivityCondition? = nil) {
            self.activeIf = activeIf
            self.kind = kind
            self.name = name
            self.low = low
            self.high = high
            self.scale = scale
            self.levels = levels
            self.descriptors = descriptors
            self.value = value
        }
    }

    /// A linear constraint Σ cᵢ xᵢ (relation) bound.
    public struct ConstraintSpec: Sendable, Equatable, Codable {
        /// Name for messages.
        public var name: String
        /// Coefficient per parameter name.
        public var coefficients: [String: Double]
        /// "<=", ">=" or "==".
        public var relation: String
        /// Right-hand side.
        public var bound: Double

        /// Creates a constraint entry.
        public init(name: String, coefficients: [String: Double], relation: String, bound: Double) {
            self.name = name
            self.coefficients = coefficients
            self.relation = relation
            self.bound = bound
        }
    }

    /// The objective: one response with a goal (also one entry of `objectives`).
    public struct ObjectiveSpec: Sendable, Equatable, Codable {
        /// The response name observations carry (a column of the results file).
        public var response: String
        /// "maximize", "minimize" or "target".
        public var goal: String
        /// The target value (goal "target").
        public var target: Double?
        /// The tolerance around the target, > 0 (goal "target"); an observation within it has met the target.
        public var tolerance: Double?
        /// Lower end of the response's range (`desirability`: d = 0 there for maximise; `chimera`: normalisation).
        public var low: Double?
        /// Upper end of the response's range (see `low`).
        public var high: Double?
        /// Weight > 0 in the desirability's weighted geometric mean (default 1; `desirability` only).
        public var weight: Double?
        /// Good enough, in the response's units (`chimera` only; every level but the last needs one, a target
        /// defaults to its tolerance): maximise y ≥ threshold, minimise y ≤ threshold, target |y − t| ≤ threshold.
        public var threshold: Double?

        /// Creates an objective entry.
        public init(response: String, goal: String, target: Double? = nil, tolerance: Double? = nil,
                    low: Double? = nil, high: Double? = nil, weight: Double? = nil, threshold: Double? = nil) {
            self.response = response
            self.goal = goal
            self.target = target
            self.tolerance = tolerance
            self.low = low
            self.high = high
            self.weight = weight
            self.threshold = threshold
        }
    }

    /// Campaign id in the store.
    public var name: String
    /// Seed of everything random the optimiser does.
    public var seed: UInt64
    /// Total experiments (suggested or observed from outside), ≥ 1.
    public var budget: Int
    /// Default number of suggestions per `suggest`, ≥ 1.
    public var batch: Int
    /// "sobol" or "latin_hypercube".
    public var initialDesign: String
    /// Experiments placed by the initial design.
    public var initialCount: Int
    /// "log_ei" (default), "ucb", "pi" or "thompson".
    public var acquisition: String
    /// The space.
    public var parameters: [ParameterSpec]
    /// Linear constraints (optional).
    public var constraints: [ConstraintSpec]
    /// What to optimise: the single objective, or the first (most important) entry of `objectives`.
    public var objective: ObjectiveSpec
    /// Several objectives (YAML `objectives:`, with `strategy`); empty for a single-objective campaign.
    public var objectives: [ObjectiveSpec]
    /// How several objectives combine: "desirability", "chimera", "pareto" (ParEGO) or "ehvi"; nil for one
    /// objective. See `CampaignStrategy`.
    public var strategy: String?
    /// Hypervolume reference point by response (`pareto`, `ehvi`; optional): a response value for maximise and
    /// minimise objectives, the distance |y − target| for target objectives. Without it one is computed from
    /// the observations (see `Campaign.referencePoint`).
    public var referencePoint: [String: Double]?
    /// Free-form context kept with the campaign (e.g. the runner's target and reactor); compared on resume.
    public var metadata: [String: String]
    /// Points suggested first, in order, before the initial design (each must lie in the space).
    public var initialPoints: [Point]
    /// "unit_cube" (default) or "rank": see `InputTransform`.
    public var inputTransform: String
    /// "gp" (default) or "forest": see `SurrogateModel`.
    public var surrogate: String

    enum CodingKeys: String, CodingKey {
        case name, seed, budget, batch, acquisition, parameters, constraints, objective, metadata, surrogate
        case objectives, strategy
        case referencePoint = "reference_point"
        case initialDesign = "initial_design"
        case initialCount = "initial_count"
        case initialPoints = "initial_points"
        case inputTransform = "input_transform"
    }

    /// Creates a spec; check it with `validated()` or by building an optimiser from it.
    public init(name: String, seed: UInt64 = 0, budget: Int, batch: Int = 1, initialDesign: String = "sobol",
                initialCount: Int = 5, acquisition: String = "log_ei", parameters: [ParameterSpec],
                constraints: [ConstraintSpec] = [], objective: ObjectiveSpec, metadata: [String: String] = [:],
                initialPoints: [Point] = [], inputTransform: String = "unit_cube", surrogate: String = "gp",
                objectives: [ObjectiveSpec] = [], strategy: String? = nil, referencePoint: [String: Double]? = nil) {
        self.objectives = objectives
        self.strategy = strategy
        self.referencePoint = referencePoint
        self.inputTransform = inputTransform
        self.surrogate = surrogate
        self.name = name
        self.seed = seed
        self.budget = budget
        self.batch = batch
        self.initialDesign = initialDesign
        self.initialCount = initialCount
        self.acquisition = acquisition
        self.parameters = parameters
        self.constraints = constraints
        self.objective = objective
        self.metadata = metadata
        self.initialPoints = initialPoints
    }

    /// Decodes with defaults for the optional keys (seed 0, batch 1, sobol, 5 initial, log_ei, no constraints,
    /// unit_cube inputs, gp surrogate; specs saved before the last two existed read the same).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        budget = try c.decode(Int.self, forKey: .budget)
        batch = try c.decodeIfPresent(Int.self, forKey: .batch) ?? 1
        initialDesign = try c.decodeIfPresent(String.self, forKey: .initialDesign) ?? "sobol"
        initialCount = try c.decodeIfPresent(Int.self, forKey: .initialCount) ?? 5
        acquisition = try c.decodeIfPresent(String.self, forKey: .acquisition) ?? "log_ei"
        parameters = try c.decode([ParameterSpec].self, forKey: .parameters)
        constraints = try c.decodeIfPresent([ConstraintSpec].self, forKey: .constraints) ?? []
        objectives = try c.decodeIfPresent([ObjectiveSpec].self, forKey: .objectives) ?? []
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        referencePoint = try c.decodeIfPresent([String: Double].self, forKey: .referencePoint)
        if let single = try c.decodeIfPresent(ObjectiveSpec.self, forKey: .objective) {
            guard objectives.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .objectives, in: c, debugDescription: "give either 'objective' (one response) or 'objectives' (several, with 'strategy'), not both")
            }
            objective = single
        } else if let first = objectives.first {
            objective = first
        } else if c.contains(.objectives) {
            throw DecodingError.dataCorruptedError(forKey: .objectives, in: c, debugDescription: "the list is empty; give at least two entries, or one 'objective'")
        } else {
            throw DecodingError.keyNotFound(CodingKeys.objective, .init(codingPath: c.codingPath, debugDescription: "give 'objective' (one response) or 'objectives' with 'strategy'"))
        }
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        initialPoints = try c.decodeIfPresent([Point].self, forKey: .initialPoints) ?? []
        inputTransform = try c.decodeIfPresent(String.self, forKey: .inputTransform) ?? "unit_cube"
        surrogate = try c.decodeIfPresent(String.self, forKey: .surrogate) ?? "gp"
    }

    /// Encodes every key; the multi-objective keys only when used, so a single-objective spec reads and
    /// compares exactly as one saved before they existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(seed, forKey: .seed)
        try c.encode(budget, forKey: .budget)
        try c.encode(batch, forKey: .batch)
        try c.encode(initialDesign, forKey: .initialDesign)
        try c.encode(initialCount, forKey: .initialCount)
        try c.encode(acquisition, forKey: .acquisition)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(constraints, forKey: .constraints)
        if objectives.isEmpty { try c.encode(objective, forKey: .objective) } else { try c.encode(objectives, forKey: .objectives) }
        try c.encodeIfPresent(strategy, forKey: .strategy)
        try c.encodeIfPresent(referencePoint, forKey: .referencePoint)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(initialPoints, forKey: .initialPoints)
        try c.encode(inputTransform, forKey: .inputTransform)
        try c.encode(surrogate, forKey: .surrogate)
    }

    // MARK: - Reading

    /// Reads a spec from YAML (JSON is YAML too).
    /// - Throws: `OptimizeError.invalidSpace` naming the line and the rule for malformed or invalid files.
    public static func parse(yaml text: String, source: String = "campaign file") throws -> CampaignSpec {
        let spec: CampaignSpec
        do {
            spec = try YAMLDecoder().decode(CampaignSpec.self, from: text)
        } catch let error as DecodingError {
            throw OptimizeError(.invalidSpace, "\(source)\(location(of: error, in: text)): \(describe(error)). See docs/optimize.md for the campaign file format.")
        } catch {
            throw OptimizeError(.invalidSpace, "\(source) is not valid YAML: \(error). Fix the syntax (indentation, colons, quotes) and retry.")
        }
        do {
            try spec.check()
            return spec
        } catch let error as LocatedError {
            let line = lineNumber(at: error.path, in: text).map { ", line \($0)" } ?? ""
            throw OptimizeError(error.error.kind, "\(source)\(line) (\(error.pathText)): \(error.error.message)")
        } catch let error as OptimizeError {
            throw OptimizeError(error.kind, "\(source): \(error.message)")
        }
    }

    /// The YAML line (1-based, as Yams counts) of the node at `path`, or of its deepest existing ancestor.
    static func lineNumber(at path: [LocatedError.Step], in text: String) -> Int? {
        guard var node = try? Yams.compose(yaml: text) else { return nil }
        var line = node.mark?.line
        for step in path {
            switch step {
            case .index(let i):
                guard let sequence = node.sequence, i < sequence.count else { return line }
                node = sequence[i]
            case .key(let k):
                guard let child = node[k] else { return line }
                node = child
            }
            line = node.mark?.line ?? line
        }
        return line
    }

    /// " line N" for the node a decoding error points at (its coding path walked through the YAML tree).
    private static func location(of error: DecodingError, in text: String) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return ""
        }
        guard var node = try? Yams.compose(yaml: text) else { return "" }
        var line = node.mark?.line
        for key in context.codingPath {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let child = node[key.stringValue] {
                node = child
            } else {
                break
            }
            line = node.mark?.line ?? line
        }
        return line.map { ", line \($0)" } ?? ""
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let c):
            let at = path(c)
            return "the key '\(key.stringValue)' is missing\(at.isEmpty ? "" : " in \(at)")"
        case .typeMismatch(let type, let c): return "'\(path(c))' should be \(type): \(c.debugDescription)"
        case .valueNotFound(let type, let c): return "'\(path(c))' needs a \(type) value"
        case .dataCorrupted(let c): return "'\(path(c))': \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    // MARK: - Validation and conversion

    /// Checks the numbers and names and returns the spec unchanged.
    /// - Throws: `OptimizeError.invalidSpace`/`.invalidSetting` naming the entry (e.g. "parameters[3].active_if"),
    ///   the rule and the way out.
    public func validated() throws -> CampaignSpec {
        do {
            try check()
        } catch let error as LocatedError {
            throw OptimizeError(error.error.kind, "\(error.pathText): \(error.error.message)")
        }
        return self
    }

    /// `validated()`'s checks, with the entry's path attached where one is known.
    func check() throws {
        // Entries first, each with its path, so a file's error can name its line.
        for (i, p) in parameters.enumerated() {
            let parameter = try LocatedError.at(.key("parameters"), .index(i)) { try parameterValue(p) }
            try LocatedError.at(.key("parameters"), .index(i)) { try parameter.validate() }
        }
        _ = try space(validatingEntries: false)  // names unique, not all fixed
        let params = try parameters.map(parameterValue)
        var index: [String: Int] = [:]
        for (i, p) in params.enumerated() where index[p.name] == nil { index[p.name] = i }
        for (i, p) in params.enumerated() {
            if let condition = p.activeIf {
                _ = try LocatedError.at(.key("parameters"), .index(i), .key("active_if")) {
                    try SearchSpace.validateCondition(condition, of: i, in: params, index: index)
                }
            }
        }
        for (j, c) in constraints.enumerated() {
            _ = try LocatedError.at(.key("constraints"), .index(j)) {
                try SearchSpace(params, linearConstraints: [try constraintValue(c)])
            }
        }
        try checkRest()
    }

    /// The spec-level checks after the entries.
    private func checkRest() throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OptimizeError(.invalidSetting, "'name' must not be empty; give the campaign a short id such as cdse-620.")
        }
        for (key, value) in [("budget", budget), ("batch", batch), ("initial_count", initialCount)] where value < 1 {
            throw OptimizeError(.invalidSetting, "'\(key)' must be ≥ 1. Got \(value).")
        }
        try checkObjectives()
        _ = try settings()
        let space = try space()
        for (i, point) in initialPoints.enumerated() {
            _ = try LocatedError.at(.key("initial_points"), .index(i)) { try space.nativeVector(point) }
        }
    }

    /// The search space the spec describes.
    /// - Throws: `OptimizeError.invalidSpace` for an unknown kind, missing bounds or levels, a bad constraint or
    ///   condition.
    public func space() throws -> SearchSpace {
        try space(validatingEntries: true)
    }

    /// The space; without `validatingEntries` only the parameters are built (no constraints, no cross-checks).
    private func space(validatingEntries: Bool) throws -> SearchSpace {
        let params = try parameters.map(parameterValue)
        guard validatingEntries else {
            return try SearchSpace(params.map { Parameter(name: $0.name, domain: $0.domain) })
        }
        let linear = try constraints.map(constraintValue)
        return try SearchSpace(params, linearConstraints: linear)
    }

    /// One parameter entry as a `Parameter` (not yet validated).
    private func parameterValue(_ p: ParameterSpec) throws -> Parameter {
        let parameter: Parameter = try {
            func need<T>(_ value: T?, _ key: String) throws -> T {
                guard let value else {
                    throw OptimizeError(.invalidSpace, "Parameter '\(p.name)' of kind \(p.kind) needs '\(key)'.")
                }
                return value
            }
            switch p.kind {
            case "continuous":
                return Parameter(name: p.name, domain: .continuous(lower: try need(p.low, "low"), upper: try need(p.high, "high"), scale: p.scale ?? .linear))
            case "integer":
                let low = try need(p.low, "low"), high = try need(p.high, "high")
                guard low == low.rounded(), high == high.rounded(), abs(low) < 1e15, abs(high) < 1e15 else {
                    throw OptimizeError(.invalidSpace, "Parameter '\(p.name)' is an integer; 'low' and 'high' must be whole numbers. Got \(low)…\(high).")
                }
                return .integer(p.name, Int(low)...max(Int(low), Int(high)))
            case "categorical":
                return .categorical(p.name, try need(p.levels, "levels"), descriptors: p.descriptors)
            case "fixed":
                return .fixed(p.name, try need(p.value, "value"))
            default:
                throw OptimizeError(.invalidSpace, "Parameter '\(p.name)' has kind '\(p.kind)' (rule: continuous, integer, categorical or fixed).")
            }
        }()
        return Parameter(name: parameter.name, domain: parameter.domain, activeIf: p.activeIf)
    }

    /// One constraint entry as a `LinearConstraint`.
    private func constraintValue(_ c: ConstraintSpec) throws -> LinearConstraint {
        let relations: [String: ConstraintRelation] = ["<=": .lessOrEqual, ">=": .greaterOrEqual, "==": .equal, "=": .equal]
        guard let relation = relations[c.relation] else {
            throw OptimizeError(.invalidSpace, "Constraint '\(c.name)' has relation '\(c.relation)' (rule: one of <=, >=, ==).")
        }
        return LinearConstraint(c.name, coefficients: c.coefficients, relation, c.bound)
    }

    /// The optimiser settings the spec describes.
    /// For `pareto` and `ehvi` campaigns the settings' objective is the first objective alone: it only keeps the
    /// books (observations need its response); suggestions come from `ParEGO` or `EHVISearch`.
    /// - Throws: `OptimizeError.invalidSetting` for an unknown goal, acquisition or design, or a bad target.
    public func settings() throws -> BayesianOptimizerSettings {
        let scalar = try scalarObjective()
        let acquisitionChoice: Acquisition
        switch acquisition {
        case "log_ei": acquisitionChoice = .logExpectedImprovement
        case "ucb": acquisitionChoice = .upperConfidenceBound(beta: 2)
        case "pi": acquisitionChoice = .logProbabilityOfImprovement(margin: 0)
        case "thompson": acquisitionChoice = .thompsonSampling
        case "noisy_ei", "nei": acquisitionChoice = .noisyExpectedImprovement(samples: 64)
        default:
            throw OptimizeError(.invalidSetting, "'acquisition' is '\(acquisition)' (rule: log_ei, ucb, pi, thompson or noisy_ei).")
        }
        let transform: InputTransform
        switch inputTransform {
        case "unit_cube": transform = .unitCube
        case "rank": transform = .rank
        default: throw OptimizeError(.invalidSetting, "'input_transform' is '\(inputTransform)' (rule: unit_cube or rank).")
        }
        let surrogateChoice: SurrogateModel
        switch surrogate {
        case "gp": surrogateChoice = .gaussianProcess
        case "forest": surrogateChoice = .randomForest
        default: throw OptimizeError(.invalidSetting, "'surrogate' is '\(surrogate)' (rule: gp or forest).")
        }
        let design: InitialDesign
        switch initialDesign {
        case "sobol": design = .sobol
        case "latin_hypercube", "lhs": design = .latinHypercube
        default:
            throw OptimizeError(.invalidSetting, "'initial_design' is '\(initialDesign)' (rule: sobol or latin_hypercube).")
        }
        let settings = BayesianOptimizerSettings(
            objective: scalar, acquisition: acquisitionChoice,
            initialDesign: design, initialCount: initialCount, seed: seed, inputTransform: transform,
            surrogate: surrogateChoice)
        try settings.validate()
        return settings
    }

    /// Whether a response value meets the objective: within the tolerance of a target; always `false` for
    /// maximise/minimise goals (they have no finish line).
    public func meets(_ value: Double) -> Bool {
        guard objective.goal == "target", let t = objective.target, let tol = objective.tolerance else { return false }
        return abs(value - t) <= tol
    }
}

/// A validation error with the path of the spec entry it concerns (for the line number in a file).
struct LocatedError: Error {
    /// One step of a path into the spec.
    enum Step {
        case key(String)
        case index(Int)
    }

    /// Where: e.g. [parameters, 3, active_if].
    let path: [Step]
    /// What.
    let error: OptimizeError

    /// "parameters[3].active_if".
    var pathText: String {
        path.reduce("") { text, step in
            switch step {
            case .key(let k): text.isEmpty ? k : text + "." + k
            case .index(let i): text + "[\(i)]"
            }
        }
    }

    /// Runs `body`, attaching `path` to an `OptimizeError` it throws (a located error passes through).
    static func at<T>(_ path: Step..., body: () throws -> T) throws -> T {
        do { return try body() } catch let error as OptimizeError { throw LocatedError(path: path, error: error) }
    }
}

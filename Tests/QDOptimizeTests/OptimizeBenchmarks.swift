import Foundation
import QDCore
import QDLearn
import Testing
@testable import QDOptimize

/// QDLab's side of bench/opt_run.sh. Runs only when QDLAB_OPT_BENCH is set, in release mode:
/// `QDLAB_OPT_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-rl --filter OptimizeBenchmarks`.
/// Each test prints `RESULT {json}` lines that bench/opt_summary.py tabulates next to the Python methods, and
/// asserts only that every seed produced a result (speed is never asserted).
///
/// Inputs come from the Python half of the run so that every method sees the same data: QDLAB_OPT_POOLS (pools and
/// per-seed shuffles, bench/opt_pool_anchor.py) and QDLAB_OPT_CONTINUOUS (initial points of Branin and Hartmann-6,
/// bench/opt_continuous_anchor.py). QDLAB_OPT_CONFIGS lists the optimiser settings to run on the pools, comma
/// separated, each `surrogate/inputTransform[/surrogatePriors[/extra…]]` by raw value (default
/// `gaussianProcess/unitCube,gaussianProcess/rank`; priors default `none`). Extras: `standardized` or `asEncoded`
/// (`surrogateInputScaling`, default as the settings' default), `drawsS`, or a variant name (see `gpVariant`,
/// `gpChoices`) that replaces the GP the settings would build, for comparing ways of fitting it.
@Suite("Optimisation benchmarks", .enabled(if: ProcessInfo.processInfo.environment["QDLAB_OPT_BENCH"] != nil))
struct OptimizeBenchmarks {
    static let environment = ProcessInfo.processInfo.environment

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// Prints one result line in the format bench/opt_common.py's `emit` writes.
    static func emit(_ fields: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        print("RESULT " + String(decoding: data, as: UTF8.self))
    }

    static func readJSON<T: Decodable>(_ type: T.Type, variable: String) throws -> T {
        let path = try #require(environment[variable], "set \(variable) (bench/opt_run.sh does)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// GP fitting variants by name, for `dimensions` features (configurations tried in docs/optimize.md):
    /// - `lengthScalePrior`: `.dimensionScaled`'s length-scale prior alone (noise by maximum likelihood, ≥ 1e-6).
    /// - `noisePrior`: `.dimensionScaled`'s noise prior and bound alone (length scales by maximum likelihood).
    /// - `valueDensity`: `.dimensionScaled` with both priors' densities taken in the value (GPyTorch's convention).
    /// - `botorch`: BoTorch 0.18's `SingleTaskGP` as far as QDLearn's GP can state it: RBF, signal variance fixed
    ///   at 1, inputs as given (unit cube), ℓ ≥ 0.025, log-normal priors in GPyTorch's convention, first start at
    ///   the priors' modes. `botorchMatern`: the same with Matérn 5/2. `botorchNoPriors`, `botorchNoiseOnly`: the
    ///   same without priors, with the noise prior only.
    /// - `rbf`: the default GP (maximum likelihood) with the RBF kernel; `unitInputs`: the default GP on the unit-cube
    ///   features as given; `fixedSignal`: the default GP with the signal variance fixed at 1.
    static func gpVariant(_ name: String, dimensions d: Int) -> GaussianProcess? {
        let dimensionTerm = 2.0.squareRoot() + 0.5 * log(Double(d))
        let unitToStandard = log(12.0.squareRoot())
        switch name {
        case "lengthScalePrior":
            return GaussianProcess(restarts: 3, lengthScalePrior: LogNormalPrior(logMean: dimensionTerm + unitToStandard, logStandardDeviation: 3.0.squareRoot()))
        case "noisePrior":
            return GaussianProcess(restarts: 3, noiseVarianceBounds: 1e-4...1, noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1))
        case "valueDensity":
            return GaussianProcess(
                restarts: 3, noiseVarianceBounds: 1e-4...1,
                lengthScalePrior: LogNormalPrior(logMean: dimensionTerm + unitToStandard, logStandardDeviation: 3.0.squareRoot(), density: .value),
                noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1, density: .value))
        case "botorch", "botorchMatern":
            return GaussianProcess(
                kernel: name == "botorch" ? .rbf : .matern52, restarts: 3, lengthScaleBounds: 0.025...1e3,
                signalVarianceBounds: 1...1, noiseVarianceBounds: 1e-4...1,
                lengthScalePrior: LogNormalPrior(logMean: dimensionTerm, logStandardDeviation: 3.0.squareRoot(), density: .value),
                noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1, density: .value), standardizesInputs: false)
        case "rbf":
            return GaussianProcess(kernel: .rbf, restarts: 3)
        case "unitInputs":
            return GaussianProcess(restarts: 3, standardizesInputs: false)
        case "fixedSignal":
            return GaussianProcess(restarts: 3, signalVarianceBounds: 1...1)
        case "botorchNoPriors":
            return GaussianProcess(kernel: .rbf, restarts: 3, lengthScaleBounds: 0.025...1e3, signalVarianceBounds: 1...1,
                                   noiseVarianceBounds: 1e-4...1, standardizesInputs: false)
        case "botorchNoiseOnly":
            return GaussianProcess(kernel: .rbf, restarts: 3, lengthScaleBounds: 0.025...1e3, signalVarianceBounds: 1...1,
                                   noiseVarianceBounds: 1e-4...1,
                                   noiseVariancePrior: LogNormalPrior(logMean: -4, logStandardDeviation: 1, density: .value),
                                   standardizesInputs: false)
        default:
            return nil
        }
    }

    /// Variants that fit several GPs and keep the one with the best leave-one-out predictive density:
    /// `looDefaultOrBotorch` chooses between the default maximum-likelihood GP and `botorch`.
    static func gpChoices(_ name: String, dimensions d: Int) -> [GaussianProcess] {
        switch name {
        case "looDefaultOrBotorch":
            return [GaussianProcess(restarts: 3)] + (gpVariant("botorch", dimensions: d).map { [$0] } ?? [])
        default:
            return []
        }
    }

    /// The optimiser settings named in QDLAB_OPT_CONFIGS.
    static func configurations() throws -> [(label: String, surrogate: SurrogateModel, transform: InputTransform, priors: SurrogatePriors, scaling: SurrogateInputScaling, variant: String?, draws: Int?)] {
        let text = environment["QDLAB_OPT_CONFIGS"] ?? "gaussianProcess/unitCube,gaussianProcess/rank"
        return try text.split(separator: ",").map { item in
            let parts = item.split(separator: "/").map(String.init)
            let surrogate = try #require(SurrogateModel(rawValue: parts.first ?? ""), "unknown surrogate in \(item)")
            let transform = try #require(InputTransform(rawValue: parts.count > 1 ? parts[1] : "unitCube"), "unknown transform in \(item)")
            let priors = try #require(SurrogatePriors(rawValue: parts.count > 2 ? parts[2] : "none"), "unknown priors in \(item)")
            // Further parts, any order: a `SurrogateInputScaling` raw value, `drawsS` (average the acquisition over S
            // hyperparameter draws, `posteriorSamples`), or a variant name ("-": none).
            let extra = parts.dropFirst(3)
            let scaling = extra.compactMap { SurrogateInputScaling(rawValue: $0) }.first ?? .asEncoded
            let draws = extra.first { $0.hasPrefix("draws") }.flatMap { Int($0.dropFirst("draws".count)) }
            let variant = extra.first { $0 != "-" && !$0.hasPrefix("draws") && SurrogateInputScaling(rawValue: $0) == nil }
            if let variant { #expect(gpVariant(variant, dimensions: 1) != nil || !gpChoices(variant, dimensions: 1).isEmpty, "unknown variant in \(item)") }
            let label = "qdlab-\(surrogate == .gaussianProcess ? "gp" : "rf")-\(transform.rawValue)" + (priors == .none ? "" : "-\(priors.rawValue)")
                + (scaling == .asEncoded ? "" : "-\(scaling.rawValue)") + (variant.map { "-\($0)" } ?? "") + (draws.map { "-draws\($0)" } ?? "")
            return (label, surrogate, transform, priors, scaling, variant, draws)
        }
    }

    @Test("NSGA-II on ZDT1–3: hypervolume at (1.1, 1.1) and wall time, 5 seeds")
    func nsga2() throws {
        for kind in TestProblems.ZDT.allCases {
            var hvs: [Double] = [], times: [Double] = []
            for seed in 0..<5 as Range<UInt64> {
                let problem = try kind.problem()
                var front: [Individual] = []
                times.append(try Self.seconds { front = try NSGA2.minimize(problem, settings: NSGA2Settings(seed: seed)) })
                hvs.append(try Hypervolume.compute(front.map(\.objectives), reference: [1.1, 1.1]))
            }
            try Self.emit(["kind": "nsga2", "problem": "zdt\(kind.rawValue)", "method": "qdlab", "hypervolume": hvs, "seconds": times])
            #expect(hvs.count == 5)
        }
    }

    /// Per seed: the 5 initial points written by bench/opt_continuous_anchor.py, then suggestions up to the budget.
    @Test("Branin and Hartmann-6: gap to the minimum after the budget, time per suggestion")
    func testFunctions() throws {
        let initial = try Self.readJSON([String: [[[Double]]]].self, variable: "QDLAB_OPT_CONTINUOUS")
        let problems: [(name: String, dimensions: Int, budget: Int, minimum: Double, f: ([Double]) -> Double)] = [
            ("branin", 2, 30, TestProblems.braninMinimum, { u in TestProblems.branin(-5 + 15 * u[0], 15 * u[1]) }),
            ("hartmann6", 6, 40, TestProblems.hartmann6Minimum, { TestProblems.hartmann6($0) }),
        ]
        // Default settings unless QDLAB_OPT_CONFIGS is set; then each configuration in turn (as on the pools).
        let configs = Self.environment["QDLAB_OPT_CONFIGS"] == nil ? [nil] : try Self.configurations().map { Optional($0) }
        for config in configs {
        for problem in problems {
            let starts = try #require(initial[problem.name])
            let names = (0..<problem.dimensions).map { "x\($0)" }
            let space = try SearchSpace(names.map { .continuous($0, 0...1) })
            var curves: [[Double]] = [], perAsk: [Double] = []
            for (seed, start) in starts.enumerated() {
                var settings = BayesianOptimizerSettings(objective: .minimize, seed: UInt64(seed))
                if let config {
                    settings.inputTransform = config.transform
                    settings.surrogate = config.surrogate
                    settings.surrogatePriors = config.priors
                    settings.surrogateInputScaling = config.scaling
                }
                var bo = try BayesianOptimizer(space: space, settings: settings)
                if let config {
                    bo.gaussianProcessOverride = config.variant.flatMap { Self.gpVariant($0, dimensions: problem.dimensions) }
                    bo.hyperparameterDrawsOverride = config.draws
                    bo.gaussianProcessChoicesOverride = config.variant.map { Self.gpChoices($0, dimensions: problem.dimensions) } ?? []
                }
                var best = Double.infinity, curve: [Double] = []
                func record(_ x: [Double]) throws {
                    let y = problem.f(x)
                    best = min(best, y)
                    curve.append(best - problem.minimum)
                    try bo.tell(Dictionary(uniqueKeysWithValues: zip(names, x.map(ParameterValue.number))), value: y)
                }
                for x in start { try record(x) }
                while curve.count < problem.budget {
                    var p: Point = [:]
                    perAsk.append(try Self.seconds { p = try bo.ask()[0] })
                    try record(names.map { number(p, $0) })
                }
                curves.append(curve)
            }
            try Self.emit(["kind": "continuous", "problem": problem.name, "method": config?.label ?? "qdlab-gp-unitCube", "budget": problem.budget,
                           "gap_curves": curves, "seconds_per_suggestion": perAsk])
            #expect(curves.count == starts.count)
        }
        }
    }

    /// One measured pool as bench/opt_pool_anchor.py writes it.
    struct Pool: Decodable {
        let name: String
        let numeric: [String]
        // swiftlint:disable:next identifier_name
        let X: [[Double]]
        let categorical: String?
        let levels: [String]
        let cat: [Int]
        let y: [Double]
        let k: Int
        let threshold: Double
        let perms: [[Int]]
    }

    /// Pool-based oracles (protocol in bench/opt_common.py): 5 shared initial rows of the seed's shuffle, then 30
    /// picks by `ask(from:)` among the rows not yet measured, offered in the shuffled order.
    @Test("Pools (carbon dots, CsPbBr3, AgNP): seeds reaching the top 1 %, experiments, time per suggestion")
    func pools() throws {
        let pools = try Self.readJSON([Pool].self, variable: "QDLAB_OPT_POOLS")
        for pool in pools {
            let columns = (0..<pool.numeric.count).map { j in pool.X.map { $0[j] } }
            var parameters: [Parameter] = zip(pool.numeric, columns).map { name, column in
                .continuous(name, (column.min() ?? 0)...(column.max() ?? 1))
            }
            if let categorical = pool.categorical { parameters.append(.categorical(categorical, pool.levels)) }
            let space = try SearchSpace(parameters)
            let rows: [Point] = pool.X.indices.map { i in
                var p = Dictionary(uniqueKeysWithValues: zip(pool.numeric, pool.X[i].map(ParameterValue.number)))
                if let categorical = pool.categorical { p[categorical] = .level(pool.levels[pool.cat[i]]) }
                return p
            }
            for config in try Self.configurations() {
                var hits: [Int?] = [], perAsk: [Double] = [], curves: [[Double]] = []
                for (seed, perm) in pool.perms.enumerated() {
                    var bo = try BayesianOptimizer(space: space, settings: BayesianOptimizerSettings(
                        seed: UInt64(seed), inputTransform: config.transform, surrogate: config.surrogate,
                        surrogatePriors: config.priors, surrogateInputScaling: config.scaling))
                    bo.gaussianProcessOverride = config.variant.flatMap { Self.gpVariant($0, dimensions: space.featureCount) }
                    bo.hyperparameterDrawsOverride = config.draws
                    bo.gaussianProcessChoicesOverride = config.variant.map { Self.gpChoices($0, dimensions: space.featureCount) } ?? []
                    var order = Array(perm.prefix(5))
                    for i in order { try bo.tell(rows[i], value: pool.y[i]) }
                    // Candidates in the seed's shuffled order, as bench/opt_common.py offers them: ties in the
                    // acquisition then fall to the shuffle, not to the file's row order (the carbon-dot file is
                    // sorted by PLQY, so file order handed out the best rows whenever the acquisition was flat).
                    let shuffled = perm.map { rows[$0] }
                    for _ in 0..<30 {
                        var i = 0
                        perAsk.append(try Self.seconds { i = perm[try bo.ask(from: shuffled)[0]] })
                        order.append(i)
                        try bo.tell(rows[i], value: pool.y[i])
                    }
                    hits.append(order.firstIndex { pool.y[$0] >= pool.threshold }.map { $0 + 1 })
                    var best = -Double.infinity
                    curves.append(order.map { best = max(best, pool.y[$0]); return best })
                }
                try Self.emit([
                    "kind": "pool", "problem": pool.name, "method": config.label,
                    "settings": "surrogate=\(config.surrogate.rawValue) inputTransform=\(config.transform.rawValue) surrogatePriors=\(config.priors.rawValue) surrogateInputScaling=\(config.scaling.rawValue)" + (config.variant.map { " variant=\($0)" } ?? "") + (config.draws.map { " hyperparameterDraws=\($0)" } ?? "") + " (other settings default)",
                    "N": pool.y.count, "k": pool.k, "threshold": pool.threshold,
                    "hits": hits.map { $0.map { $0 as Any } ?? NSNull() }, "seconds_per_suggestion": perAsk, "best_so_far": curves,
                ])
                #expect(hits.count == pool.perms.count)
            }
        }
    }
}

import Foundation
import QDCore
import QDOptimize

/// Continuous inverse design: NSGA-II (QDOptimize) over core diameter, alloy composition and shell thickness,
/// one run per family and shell, the five screening objectives minimised and every rule turned into a
/// constraint violation (Deb's constrained domination). The runs' feasible fronts are merged into one archive.
///
/// Use it when the grid is too coarse (composition steps of 0.1 are ~20 nm of emission for CsPb(Br/I)3); the
/// grid screen stays the reference for discrete spaces because it is exhaustive.
public enum ContinuousDesign {
    /// NSGA-II budget per family × shell run.
    public struct Settings: Sendable, Equatable {
        /// Population (even, ≥ 4) and generations.
        public var populationSize: Int
        public var generations: Int
        /// Seed of every run (each run offsets it by its index).
        public var seed: UInt64

        /// Defaults: population 40, 40 generations (1640 evaluations per run).
        public init(populationSize: Int = 40, generations: Int = 40, seed: UInt64 = 0) {
            self.populationSize = populationSize
            self.generations = generations
            self.seed = seed
        }
    }

    /// Total constraint violation of `metrics` under `request`: each broken rule adds its shortfall scaled to
    /// about 1 per "clearly broken" (10 nm outside the window, 10 nm too broad, 0.1 PLQY short …).
    static func violation(_ m: CandidateMetrics, _ request: DesignRequest) -> Double {
        let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
        guard peak.isFinite, m.fwhmNanometres.isFinite else { return 1e6 }
        var v = 0.0
        v += max(request.window.lowerBound - peak, 0, peak - request.window.upperBound) / 10
        if let f = request.maxFWHMNanometres { v += max(m.fwhmNanometres - f, 0) / 10 }
        if let q = request.minimumPLQY { v += max(q - m.plqy, 0) * 10 }
        let c = request.constraints
        if c.rohs {
            v += max(m.cadmiumMassFraction * c.rohsLoadingMassFraction / 1e-4 - 1, 0)
            v += max(m.leadMassFraction * c.rohsLoadingMassFraction / 1e-3 - 1, 0)
        }
        // An unknown cost (NaN: no sourced price) cannot meet a cost limit: count it as clearly broken (1), not NaN,
        // which would compare false both ways in NSGA-II's constrained domination.
        if let cost = c.maxCostUSDPerGram { v += m.costUSDPerGram.isNaN ? 1 : max(m.costUSDPerGram - cost, 0) / cost }
        if let s = c.minimumStability { v += max(s.minimumScore - m.stabilityScore, 0) * 10 }
        return v
    }

    /// Runs NSGA-II for every family × shell of `model` and merges the feasible fronts.
    /// - Throws: `DesignError` from validation; `DesignError.invalidInput` wrapping an NSGA-II settings error.
    public static func run(_ request: DesignRequest, model: ScreeningModel, settings: Settings = Settings()) throws -> ScreenResult {
        let request = try request.validated()
        var pairs: [(family: Int, shell: ShellKind)] = []
        for v in model.variants where !pairs.contains(where: { $0.family == v.family && $0.shell == v.shell }) {
            pairs.append((v.family, v.shell))
        }
        let grid = model.grid
        let hRange = (grid.thicknessLevels.min() ?? 0.5)...(grid.thicknessLevels.max() ?? 3)
        var archive = ParetoArchive(limit: 20_000)
        var evaluated = 0, feasible = 0
        for (runIndex, pair) in pairs.enumerated() {
            let family = model.families[pair.family]
            let hasX = family.isAlloy, hasH = pair.shell != .none
            var lower = [grid.diameterRange.lowerBound], upper = [grid.diameterRange.upperBound]
            if hasX { lower.append(0); upper.append(family.maximumComposition) }
            if hasH { lower.append(hRange.lowerBound); upper.append(hRange.upperBound) }
            let decode: @Sendable ([Double]) -> (d: Double, x: Double, h: Double) = { z in
                let d = round3(z[0]), x = hasX ? round3(z[1]) : 0, h = hasH ? round3(z[hasX ? 2 : 1]) : 0
                return (d, x, h)
            }
            let problem = MultiObjectiveProblem(bounds: try bounds(lower, upper), objectiveCount: DesignObjectives.names.count) { z in
                let (d, x, h) = decode(z)
                guard let v = try? model.variant(familyIndex: pair.family, x: x, shell: pair.shell, thickness: h) else {
                    return ([1e6, 1e6, 1e6, 1e6, 1e6], 1e6)
                }
                let m = model.evaluate(v, diameter: d, sizeDispersion: request.sizeDispersion)
                let f = Screen.objectives(m, request).map { $0.isFinite ? $0 : 1e6 }
                return (f, violation(m, request))
            }
            let nsga = NSGA2Settings(populationSize: settings.populationSize, generations: settings.generations, seed: settings.seed &+ UInt64(runIndex))
            let front: [Individual]
            do { front = try NSGA2.minimize(problem, settings: nsga) } catch {
                throw DesignError(.invalidInput, "NSGA-II could not run for \(family.id)/\(pair.shell.rawValue): \(error)")
            }
            evaluated += settings.populationSize * (settings.generations + 1)
            for individual in front where individual.violation == 0 {
                let (d, x, h) = decode(individual.x)
                let v = try model.variant(familyIndex: pair.family, x: x, shell: pair.shell, thickness: h)
                let m = model.evaluate(v, diameter: d, sizeDispersion: request.sizeDispersion)
                guard Screen.rejection(m, request) == nil else { continue }
                feasible += 1
                archive.insert(Screen.candidate(model, v, diameter: d, metrics: m, request: request))
            }
        }
        return ScreenResult(
            request: request, grid: grid, shard: nil, mergedShards: [], totalCandidates: evaluated, evaluated: evaluated,
            feasible: feasible, excludedByConstraints: model.excludedByConstraints, rejections: [:],
            archive: archive.members.sorted { $0.id < $1.id }, archiveTruncated: archive.truncated, nearestBelow: nil, nearestAbove: nil)
    }

    /// Rounds to 0.001 (ids carry three decimals, so a candidate's id reproduces its metrics).
    @Sendable static func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    private static func bounds(_ lower: [Double], _ upper: [Double]) throws -> BoxBounds {
        do { return try BoxBounds(lower: lower, upper: upper) } catch {
            throw DesignError(.invalidInput, "Bad search box \(lower)–\(upper): \(error)")
        }
    }
}

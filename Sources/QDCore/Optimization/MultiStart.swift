/// How `Optimizer.multiStart` spreads its starting points over the box.
public enum MultiStartDesign: String, Sendable, Codable, CaseIterable {
    /// A Latin hypercube (one start per stratum of every variable).
    case latinHypercube
    /// Independent uniform points.
    case uniform
}

/// The outcome of a multi-start optimisation.
public struct MultiStartResult: Sendable, Equatable, Codable {
    /// The run with the lowest finite value (the earliest on ties).
    public let best: OptimizationResult
    /// Every run, in the order of `starts`.
    public let runs: [OptimizationResult]
    /// The starting points (one row per run).
    public let starts: Matrix
}

extension Optimizer {
    /// Runs a local optimiser from several seeded starting points in a finite box and keeps the best.
    ///
    /// - Parameters:
    ///   - bounds: a finite box.
    ///   - starts: number of starting points (≥ 1).
    ///   - design: how the starts are placed.
    ///   - seed: seeds the starting points; the same seed gives the same starts.
    ///   - extraStarts: further starting points run first (e.g. the incumbent), each inside the box.
    ///   - localSearch: runs one local optimisation from a start, e.g.
    ///     `{ try Optimizer.minimizeLBFGS(from: $0, bounds: bounds, f) }`.
    /// - Throws: `CoreError.invalidArgument` for infinite bounds, `starts` < 1, an extra start outside the box, or
    ///   when no run reaches a finite value; any error `localSearch` throws, unchanged.
    /// - Complexity: `starts` local searches, run one after another.
    public static func multiStart(
        bounds: BoxBounds, starts: Int, design: MultiStartDesign = .latinHypercube, seed: UInt64,
        extraStarts: [[Double]] = [],
        _ localSearch: ([Double]) throws -> OptimizationResult
    ) throws -> MultiStartResult {
        guard bounds.isFinite else {
            throw CoreError(.invalidArgument, "Multi-start needs finite bounds to place its starting points; got lower \(bounds.lower), upper \(bounds.upper).")
        }
        guard starts >= 1 else {
            throw CoreError(.invalidArgument, "The 'starts' of a multi-start must be ≥ 1. Got \(starts).")
        }
        if let bad = extraStarts.first(where: { !bounds.contains($0) }) {
            throw CoreError(.invalidArgument, "Extra start \(bad) is not a point inside the bounds \(bounds.lower)…\(bounds.upper).")
        }
        let d = bounds.dimensions
        let unit: Matrix
        switch design {
        case .latinHypercube:
            unit = try LatinHypercube.sample(count: starts, dimensions: d, seed: seed)
        case .uniform:
            var rng = SeededRNG(seed: seed)
            unit = try Matrix(rows: starts, columns: d, elements: (0..<(starts * d)).map { _ in rng.uniform() })
        }
        let ranges = zip(bounds.lower, bounds.upper).map { $0...$1 }
        let sampled = try unit.scaled(to: ranges)
        let all = try Matrix(rows: extraStarts.count + starts, columns: d,
                             elements: extraStarts.flatMap { $0 } + sampled.elements)
        var runs: [OptimizationResult] = []
        for i in 0..<all.rows { runs.append(try localSearch(all.row(i))) }
        guard let best = runs.filter({ $0.value.isFinite }).min(by: { $0.value < $1.value }) else {
            throw CoreError(.invalidArgument, "Multi-start: none of the \(runs.count) runs reached a finite objective value; check the objective over the bounds.")
        }
        return MultiStartResult(best: best, runs: runs, starts: all)
    }
}

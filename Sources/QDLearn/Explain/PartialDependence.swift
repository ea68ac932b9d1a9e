import QDCore

/// Partial dependence and individual conditional expectation (ICE) of a model on one or two features.
///
/// ICE for row i at grid point g: f(x_i with the chosen features set to g) (Goldstein et al. 2015, *J. Comput.
/// Graph. Stat.* 24:44). Partial dependence is the mean ICE over the rows (Friedman 2001, *Ann. Stat.* 29:1189,
/// eq. 40). Units are those of y.
public struct PartialDependence: Sendable, Equatable, Codable {
    /// The feature columns varied (one or two).
    public let features: [Int]
    /// Their names.
    public let names: [String]
    /// Grid values per feature (in the feature's units).
    public let grids: [[Double]]
    /// Mean prediction at each grid point; for two features row-major over (first grid, second grid).
    public let average: [Double]
    /// ICE: one row per data row, one column per grid point (same order as `average`); nil when not requested.
    public let individual: Matrix?
}

/// How the grid of a feature is chosen.
public enum PartialDependenceGrid: Sendable, Equatable, Codable {
    /// `points` evenly spaced values between the `lower` and `upper` quantiles of the data (scikit-learn's default
    /// is 100 points between the 5 % and 95 % quantiles); a feature with at most `points` distinct values uses
    /// those values (as scikit-learn does), so one-hot and integer columns get exact levels.
    case quantileRange(points: Int = 20, lower: Double = 0.05, upper: Double = 0.95)
    /// The given values for every feature.
    case values([Double])
}

/// Partial dependence of `model` on `features` (one or two column indices) over the rows of `data`.
/// - Parameters:
///   - names: the feature names of all columns (for labelling; default "x0", "x1", …).
///   - includeIndividual: also return ICE curves (rows × grid points).
/// - Throws: `LearnError.invalidInput` for 0 or more than 2 features, a repeated or out-of-range index, or a grid
///   with fewer than 2 points; anything `predict` throws.
/// - Complexity: rows · (grid points)^k predictions, k = 1 or 2.
public func partialDependence<M: FittedRegressor>(
    _ model: M, data: Matrix, features: [Int], names: [String]? = nil, grid: PartialDependenceGrid = .quantileRange(),
    includeIndividual: Bool = true
) throws -> PartialDependence {
    guard (1...2).contains(features.count), Set(features).count == features.count,
          features.allSatisfy({ $0 >= 0 && $0 < data.columns }) else {
        throw LearnError(.invalidInput, "partialDependence: features \(features) must be one or two distinct columns in 0..<\(data.columns).")
    }
    guard data.rows > 0 else { throw LearnError(.tooFewRows, "partialDependence needs at least one data row. Got 0.") }
    let grids = try features.map { try gridValues(data.column($0), grid) }
    let points: [[Double]] = features.count == 1
        ? grids[0].map { [$0] }
        : grids[0].flatMap { a in grids[1].map { b in [a, b] } }
    let n = data.rows, d = data.columns, g = points.count
    var elements = [Double]()
    elements.reserveCapacity(n * g * d)
    for point in points {
        var e = data.elements
        for i in 0..<n { for (k, f) in features.enumerated() { e[i * d + f] = point[k] } }
        elements += e
    }
    let predicted = try model.predict(try Matrix(rows: n * g, columns: d, elements: elements))
    var ice = [Double](repeating: 0, count: n * g)
    var average = [Double](repeating: 0, count: g)
    for p in 0..<g {
        for i in 0..<n {
            ice[i * g + p] = predicted[p * n + i]
            average[p] += predicted[p * n + i] / Double(n)
        }
    }
    let allNames = names ?? (0..<d).map { "x\($0)" }
    return PartialDependence(
        features: features, names: features.map { $0 < allNames.count ? allNames[$0] : "x\($0)" }, grids: grids,
        average: average, individual: includeIndividual ? try Matrix(rows: n, columns: g, elements: ice) : nil)
}

/// The grid for one column under `grid`.
func gridValues(_ column: [Double], _ grid: PartialDependenceGrid) throws -> [Double] {
    switch grid {
    case .values(let v):
        guard v.count >= 2, v.allSatisfy(\.isFinite) else {
            throw LearnError(.invalidInput, "partialDependence: a grid needs at least 2 finite values. Got \(v.count).")
        }
        return v
    case .quantileRange(let points, let lower, let upper):
        try checkRules([HyperparameterRule("points", points, .atLeast(2)), HyperparameterRule("lower", lower, .closed(0, 1)),
                        HyperparameterRule("upper", upper, .closed(lower, 1))], estimator: "PartialDependenceGrid")
        let distinct = Array(Set(column)).sorted()
        if distinct.count <= points { return distinct }
        let sorted = column.sorted()
        func quantile(_ q: Double) -> Double {
            let h = q * Double(sorted.count - 1), lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        let a = quantile(lower), b = quantile(upper)
        if b <= a { return distinct.count >= 2 ? [distinct[0], distinct[distinct.count - 1]] : [a, a + 1] }
        return (0..<points).map { a + (b - a) * Double($0) / Double(points - 1) }
    }
}

import QDCore

/// k-nearest-neighbour regression with Euclidean distance (wrap in `Pipeline` to standardise features first).
///
/// Neighbours are ranked by (distance, training index), so ties are broken deterministically by row order.
/// With `.distance` weighting, a query that coincides with training rows returns their mean target (as
/// scikit-learn). k larger than the training set uses every row. Deterministic: the seed is unused.
public struct KNearestNeighbors: Regressor {
    /// How neighbours are averaged.
    public enum Weighting: String, Sendable, Codable, CaseIterable {
        /// Plain mean of the k targets.
        case uniform
        /// Weights 1/distance.
        case distance
    }

    /// Number of neighbours (≥ 1).
    public var neighbors: Int
    /// Averaging rule.
    public var weighting: Weighting

    /// A kNN model (default k = 5, uniform, as scikit-learn).
    public init(neighbors: Int = 5, weighting: Weighting = .uniform) {
        self.neighbors = neighbors
        self.weighting = weighting
    }

    /// "KNearestNeighbors".
    public static var estimatorName: String { "KNearestNeighbors" }
    /// neighbors ≥ 1.
    public var hyperparameterRules: [HyperparameterRule] { [HyperparameterRule("neighbors", neighbors, .atLeast(1))] }

    /// Stores the training data.
    /// - Throws: as `Regressor.fit`.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedKNearestNeighbors {
        try validateTrainingData(x, y)
        return FittedKNearestNeighbors(neighbors: neighbors, weighting: weighting, trainingX: x, trainingY: y)
    }
}

/// A fitted kNN model: the training set and the rule.
public struct FittedKNearestNeighbors: FittedRegressor, Equatable {
    /// Number of neighbours used (capped at the training size).
    public let neighbors: Int
    /// Averaging rule.
    public let weighting: KNearestNeighbors.Weighting
    /// Training features.
    public let trainingX: Matrix
    /// Training targets.
    public let trainingY: [Double]

    /// Training columns.
    public var featureCount: Int { trainingX.columns }

    /// Mean (or 1/distance-weighted mean) of the k nearest training targets per row.
    /// - Complexity: O(m · n · (d + log n)).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "KNearestNeighbors")
        let n = trainingX.rows, d = featureCount, k = min(neighbors, n)
        let t = trainingX.elements
        return (0..<x.rows).map { i in
            let q = x.row(i)
            var distances = [(Double, Int)]()
            distances.reserveCapacity(n)
            for r in 0..<n {
                var s = 0.0
                for j in 0..<d { let diff = t[r * d + j] - q[j]; s += diff * diff }
                distances.append((s.squareRoot(), r))
            }
            distances.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let nearest = distances.prefix(k)
            switch weighting {
            case .uniform:
                return nearest.reduce(0) { $0 + trainingY[$1.1] } / Double(k)
            case .distance:
                let exact = nearest.filter { $0.0 == 0 }
                if !exact.isEmpty { return exact.reduce(0) { $0 + trainingY[$1.1] } / Double(exact.count) }
                let w = nearest.map { 1 / $0.0 }
                return zip(nearest, w).reduce(0) { $0 + trainingY[$1.0.1] * $1.1 } / w.reduce(0, +)
            }
        }
    }
}

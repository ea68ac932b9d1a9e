import QDCore

/// One fitted regression tree as parallel node arrays (node 0 is the root; `feature` −1 marks a leaf), shared by
/// the hand-written forests (`ExtraTrees`, `BootstrapForest`).
public struct RegressionTree: Sendable, Codable, Equatable {
    /// Split feature per node (−1 = leaf).
    public var feature: [Int] = []
    /// Split threshold per node (go left when x ≤ threshold).
    public var threshold: [Double] = []
    /// Left child per node (−1 for a leaf).
    public var left: [Int] = []
    /// Right child per node (−1 for a leaf).
    public var right: [Int] = []
    /// Mean target of the node's training rows (weighted by bootstrap counts where there are any).
    public var value: [Double] = []

    /// An empty tree (nodes are appended while growing).
    public init() {}

    /// The leaf value for one row (a slice of a row-major matrix).
    /// - Complexity: O(depth).
    func predict(_ row: ArraySlice<Double>) -> Double {
        var node = 0
        while feature[node] >= 0 {
            node = row[row.startIndex + feature[node]] <= threshold[node] ? left[node] : right[node]
        }
        return value[node]
    }
}

/// The mean over `trees` of each row's leaf value (0 for an empty forest). Input checks are the caller's.
func forestMean(_ trees: [RegressionTree], _ x: Matrix) -> [Double] {
    (0..<x.rows).map { i in
        let row = x.elements[(i * x.columns)..<((i + 1) * x.columns)]
        return trees.reduce(0) { $0 + $1.predict(row) } / Double(max(trees.count, 1))
    }
}

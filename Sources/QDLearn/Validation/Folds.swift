import QDCore

/// One train/test split of row indices.
public struct Fold: Sendable, Equatable, Codable {
    /// Rows used for fitting (ascending).
    public let train: [Int]
    /// Rows held out (ascending).
    public let test: [Int]
}

/// How rows are split into folds for cross-validation.
public enum CrossValidationScheme: Sendable, Equatable {
    /// k folds of a seeded permutation (sizes differ by at most one).
    case kFold(folds: Int)
    /// `repeats` independent k-fold splits, each from its own seed stream (k · repeats folds).
    case repeatedKFold(folds: Int, repeats: Int)
    /// k folds such that every group (e.g. the DOI of a paper) lies entirely in one test fold: no group is on both
    /// sides of any split. Groups are assigned largest first to the fold with the fewest rows (ties: lowest fold
    /// index; equal-sized groups are ordered by a seeded shuffle), as scikit-learn's `GroupKFold` balances them.
    case groupKFold(folds: Int, groups: [String])
    /// One fold per distinct group (sorted by label): train on every other group, test on this one
    /// (leave-one-group-out, e.g. one material family held out).
    case leaveOneGroupOut(groups: [String])
    /// `splits` independent random train/test splits, each holding out round(testFraction · n) rows
    /// (scikit-learn's `ShuffleSplit`). Rows may be held out several times or never, so pool per split.
    case shuffleSplit(testFraction: Double, splits: Int)

    /// The folds for `rowCount` rows.
    /// - Throws: `LearnError.invalidHyperparameter` for k < 2 or repeats < 1; `.tooFewRows` when there are fewer
    ///   rows (or distinct groups) than folds; `.shapeMismatch` when the group labels do not match the rows.
    /// - Complexity: O(n log n).
    public func folds(rowCount n: Int, seed: UInt64) throws -> [Fold] {
        switch self {
        case .kFold(let k):
            try checkRules([HyperparameterRule("folds", k, .atLeast(2))], estimator: "KFold")
            try Self.requireRows(n, k, what: "rows")
            var rng = SeededRNG(seed: seed)
            return Self.contiguousFolds(order: rng.permutation(n), k: k)
        case .repeatedKFold(let k, let repeats):
            try checkRules([HyperparameterRule("folds", k, .atLeast(2)), HyperparameterRule("repeats", repeats, .atLeast(1))],
                           estimator: "RepeatedKFold")
            try Self.requireRows(n, k, what: "rows")
            var rng = SeededRNG(seed: seed)
            var all: [Fold] = []
            for _ in 0..<repeats {
                var stream = rng.split()
                all += Self.contiguousFolds(order: stream.permutation(n), k: k)
            }
            return all
        case .groupKFold(let k, let groups):
            try checkRules([HyperparameterRule("folds", k, .atLeast(2))], estimator: "GroupKFold")
            guard groups.count == n else {
                throw LearnError(.shapeMismatch, "GroupKFold: \(groups.count) group labels for \(n) rows; pass one label per row.")
            }
            var members: [String: [Int]] = [:]
            for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
            try Self.requireRows(members.count, k, what: "distinct groups")
            var rng = SeededRNG(seed: seed)
            var names = members.keys.sorted()
            rng.shuffle(&names)
            // Stable sort by size descending keeps the seeded order among equal sizes.
            let ordered = names.enumerated().sorted { a, b in
                let (sa, sb) = (members[a.element]?.count ?? 0, members[b.element]?.count ?? 0)
                return sa != sb ? sa > sb : a.offset < b.offset
            }.map(\.element)
            var assignment = [[Int]](repeating: [], count: k)
            for name in ordered {
                let lightest = assignment.indices.min { assignment[$0].count != assignment[$1].count ? assignment[$0].count < assignment[$1].count : $0 < $1 } ?? 0
                assignment[lightest] += members[name] ?? []
            }
            return assignment.map { Self.fold(test: $0, n: n) }
        case .leaveOneGroupOut(let groups):
            guard groups.count == n else {
                throw LearnError(.shapeMismatch, "LeaveOneGroupOut: \(groups.count) group labels for \(n) rows; pass one label per row.")
            }
            let names = Set(groups).sorted()
            try Self.requireRows(names.count, 2, what: "distinct groups")
            return names.map { name in Self.fold(test: groups.indices.filter { groups[$0] == name }, n: n) }
        case .shuffleSplit(let fraction, let splits):
            try checkRules([HyperparameterRule("splits", splits, .atLeast(1))], estimator: "ShuffleSplit")
            guard fraction > 0, fraction < 1 else {
                throw LearnError(.invalidHyperparameter, "The 'testFraction' parameter of ShuffleSplit must be in (0, 1). Got \(fraction).")
            }
            let held = Int((fraction * Double(n)).rounded())
            guard held >= 1, held < n else {
                throw LearnError(.tooFewRows, "ShuffleSplit: a test fraction of \(fraction) of \(n) rows holds out \(held); it must hold out at least 1 and leave at least 1 for training.")
            }
            var rng = SeededRNG(seed: seed)
            return (0..<splits).map { _ in
                var stream = rng.split()
                return Self.fold(test: Array(stream.permutation(n).prefix(held)), n: n)
            }
        }
    }

    private static func requireRows(_ count: Int, _ k: Int, what: String) throws {
        guard count >= k else {
            throw LearnError(.tooFewRows, "Cross-validation with \(k) folds needs at least \(k) \(what). Got \(count); lower the number of folds.")
        }
    }

    private static func contiguousFolds(order: [Int], k: Int) -> [Fold] {
        let n = order.count
        return (0..<k).map { f in
            let start = f * n / k, end = (f + 1) * n / k
            return fold(test: Array(order[start..<end]), n: n)
        }
    }

    private static func fold(test: [Int], n: Int) -> Fold {
        let held = Set(test)
        return Fold(train: (0..<n).filter { !held.contains($0) }, test: test.sorted())
    }
}

/// Latin hypercube sampling in [0, 1)^d (McKay, Beckman & Conover 1979).
///
/// Each of the d coordinates is split into n equal strata and every stratum holds exactly one point; within its
/// stratum a point is uniform. With `maximinCandidates` = k > 1, k independent designs are drawn and the one with the
/// largest smallest pairwise Euclidean distance is kept (a simple maximin criterion, Johnson, Moore & Ylvisaker
/// 1990), which avoids clumped designs at O(k · n² · d) cost.
public enum LatinHypercube {
    /// An n × d Latin hypercube design from `seed`.
    /// - Throws: `CoreError.invalidArgument` when `count` < 1, `dimensions` < 1 or `maximinCandidates` < 1.
    /// - Complexity: O(k · n · d) to draw, plus O(k · n² · d) for k > 1.
    public static func sample(
        count: Int, dimensions: Int, maximinCandidates: Int = 1, seed: UInt64
    ) throws -> Matrix {
        var rng = SeededRNG(seed: seed)
        return try sample(count: count, dimensions: dimensions, maximinCandidates: maximinCandidates, using: &rng)
    }

    /// An n × d Latin hypercube design drawn from `rng` (which advances).
    /// - Throws: as `sample(count:dimensions:maximinCandidates:seed:)`.
    public static func sample(
        count: Int, dimensions: Int, maximinCandidates: Int = 1, using rng: inout SeededRNG
    ) throws -> Matrix {
        guard count >= 1 else {
            throw CoreError(.invalidArgument, "The 'count' of a Latin hypercube must be ≥ 1. Got \(count).")
        }
        guard dimensions >= 1 else {
            throw CoreError(.invalidArgument, "The 'dimensions' of a Latin hypercube must be ≥ 1. Got \(dimensions).")
        }
        guard maximinCandidates >= 1 else {
            throw CoreError(.invalidArgument, "The 'maximinCandidates' of a Latin hypercube must be ≥ 1. Got \(maximinCandidates).")
        }
        var best = draw(count: count, dimensions: dimensions, using: &rng)
        guard maximinCandidates > 1, count > 1 else { return best }
        var bestScore = minimumSquaredDistance(best)
        for _ in 1..<maximinCandidates {
            let candidate = draw(count: count, dimensions: dimensions, using: &rng)
            let score = minimumSquaredDistance(candidate)
            if score > bestScore { best = candidate; bestScore = score }
        }
        return best
    }

    /// One design: column j holds (π_j(i) + u_ij) / n for an independent random permutation π_j.
    private static func draw(count n: Int, dimensions d: Int, using rng: inout SeededRNG) -> Matrix {
        var m = Matrix(rows: n, columns: d)
        for j in 0..<d {
            let strata = rng.permutation(n)
            for i in 0..<n {
                // Clamp keeps (n − 1 + u)/n < 1 even when rounding would give exactly 1.
                m[i, j] = min((Double(strata[i]) + rng.uniform()) / Double(n), 1.0.nextDown)
            }
        }
        return m
    }

    /// The smallest squared Euclidean distance between two rows. O(n² · d).
    static func minimumSquaredDistance(_ m: Matrix) -> Double {
        var best = Double.infinity
        for a in 0..<m.rows {
            for b in (a + 1)..<m.rows {
                var s = 0.0
                for j in 0..<m.columns {
                    let diff = m[a, j] - m[b, j]
                    s += diff * diff
                }
                best = min(best, s)
            }
        }
        return best
    }
}

extension Matrix {
    /// Maps each column from the unit interval to its bounds: xᵢⱼ ↦ lowerⱼ + xᵢⱼ · (upperⱼ − lowerⱼ).
    ///
    /// Used to turn a design in [0, 1)^d (`LatinHypercube`, `SobolSequence`) into a design over real
    /// variables. NaN elements stay NaN.
    /// - Throws: `CoreError.shapeMismatch` unless there is one range per column; `CoreError.invalidArgument` for a
    ///   range with a non-finite end.
    public func scaled(to bounds: [ClosedRange<Double>]) throws -> Matrix {
        guard bounds.count == columns else {
            throw CoreError(
                .shapeMismatch,
                "Cannot scale a design with \(columns) columns to \(bounds.count) ranges; give one range per column.")
        }
        if let bad = bounds.firstIndex(where: { !$0.lowerBound.isFinite || !$0.upperBound.isFinite }) {
            throw CoreError(.invalidArgument, "Range \(bad) (\(bounds[bad])) has a non-finite end; design bounds must be finite.")
        }
        var out = self
        for i in 0..<rows {
            for j in 0..<columns {
                let r = bounds[j]
                out[i, j] = r.lowerBound + self[i, j] * (r.upperBound - r.lowerBound)
            }
        }
        return out
    }
}

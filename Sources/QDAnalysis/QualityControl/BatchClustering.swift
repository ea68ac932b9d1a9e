import Foundation
import QDCore

/// k-means and Gaussian-mixture clustering of batches, and a Mahalanobis anomaly score.
///
/// Hand-written: no clustering library is a dependency here. Linear algebra (Cholesky, log-determinants) goes
/// through QDCore/LAPACK; all randomness comes from an explicit seed.
public enum BatchClustering {
    /// A clustering: labels per row, centres, and the objective.
    public struct Result: Sendable, Codable, Equatable {
        /// Cluster index of each row.
        public let labels: [Int]
        /// Cluster centres (k × d).
        public let centres: [[Double]]
        /// k-means: within-cluster sum of squares; GMM: log-likelihood.
        public let objective: Double
    }

    static func validate(_ rows: [[Double]], k: Int) throws -> Int {
        guard let d = rows.first?.count, d >= 1, rows.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }) else {
            throw AnalysisError(.invalidValue, "Clustering needs rows of one length with finite values (got \(rows.count) rows) (rule: a complete numeric table). Drop batches with missing metrics.")
        }
        guard k >= 1, rows.count >= k else {
            throw AnalysisError(.invalidValue, "\(k) clusters from \(rows.count) batches is not possible (rule: 1 ≤ k ≤ rows). Ask for fewer clusters.")
        }
        return d
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }

    /// k-means (Lloyd) from k-means++ seeding (Arthur & Vassilvitskii, SODA 2007), best of `restarts`.
    /// - Throws: `AnalysisError.invalidValue` for ragged or non-finite rows or k outside 1…rows.
    public static func kMeans(_ rows: [[Double]], k: Int, seed: UInt64, restarts: Int = 5, maxIterations: Int = 100) throws -> Result {
        let d = try validate(rows, k: k)
        var rng = SeededRNG(seed: seed)
        var best: Result?
        for _ in 0..<max(restarts, 1) {
            var centres = [rows[rng.integer(below: rows.count)]]
            while centres.count < k {
                let weights = rows.map { r in centres.map { squaredDistance(r, $0) }.min() ?? 0 }
                let total = weights.reduce(0, +)
                var u = rng.uniform() * total, pick = rows.count - 1
                for (i, w) in weights.enumerated() { u -= w; if u <= 0 { pick = i; break } }
                centres.append(rows[total > 0 ? pick : rng.integer(below: rows.count)])
            }
            var labels = [Int](repeating: 0, count: rows.count)
            for _ in 0..<maxIterations {
                let next = rows.map { r in (0..<k).min { squaredDistance(r, centres[$0]) < squaredDistance(r, centres[$1]) } ?? 0 }
                let changed = next != labels
                labels = next
                for c in 0..<k {
                    let members = rows.indices.filter { labels[$0] == c }
                    guard !members.isEmpty else { continue }
                    centres[c] = (0..<d).map { j in members.reduce(0) { $0 + rows[$1][j] } / Double(members.count) }
                }
                if !changed { break }
            }
            let sse = rows.indices.reduce(0) { $0 + squaredDistance(rows[$1], centres[labels[$1]]) }
            if best.map({ sse < $0.objective }) ?? true { best = Result(labels: labels, centres: centres, objective: sse) }
        }
        guard let best else { throw AnalysisError(.noConvergence, "k-means produced no result (rule: ≥ 1 restart).") }
        return best
    }

    /// Gaussian mixture with full covariances by expectation–maximisation (Dempster, Laird & Rubin 1977), started
    /// from k-means; a ridge of 1e-6 × the data variance keeps covariances positive definite.
    /// - Returns: hard labels (highest responsibility), means, and the final log-likelihood.
    /// - Throws: as `kMeans`; `.noConvergence` if a covariance cannot be factored.
    public static func gaussianMixture(_ rows: [[Double]], k: Int, seed: UInt64, maxIterations: Int = 200) throws -> Result {
        let d = try validate(rows, k: k)
        let n = rows.count
        let start = try kMeans(rows, k: k, seed: seed)
        let globalVariance = (0..<d).map { j -> Double in
            let m = rows.reduce(0) { $0 + $1[j] } / Double(n)
            return max(rows.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / Double(n), 1e-12)
        }
        var resp = (0..<n).map { i in (0..<k).map { start.labels[i] == $0 ? 1.0 : 0.0 } }
        var means = start.centres, weights = [Double](repeating: 1 / Double(k), count: k)
        var factors: [CholeskyFactor] = []
        var logLikelihood = -Double.infinity
        for _ in 0..<maxIterations {
            // M step.
            factors = []
            for c in 0..<k {
                let nk = max(resp.reduce(0) { $0 + $1[c] }, 1e-10)
                weights[c] = nk / Double(n)
                means[c] = (0..<d).map { j in (0..<n).reduce(0) { $0 + resp[$1][c] * rows[$1][j] } / nk }
                var cov = Matrix(rows: d, columns: d)
                for i in 0..<n {
                    for a in 0..<d { for b in 0..<d { cov[a, b] += resp[i][c] * (rows[i][a] - means[c][a]) * (rows[i][b] - means[c][b]) / nk } }
                }
                for a in 0..<d { cov[a, a] += 1e-6 * globalVariance[a] }
                do { factors.append(try cov.cholesky()) } catch {
                    throw AnalysisError(.noConvergence, "Gaussian mixture: component \(c + 1) collapsed (covariance not positive definite) (rule: each component needs spread). Use fewer components.")
                }
            }
            // E step with log-sum-exp.
            var total = 0.0
            for i in 0..<n {
                let logs = try (0..<k).map { c -> Double in
                    let diff = zip(rows[i], means[c]).map { $0 - $1 }
                    let z = try factors[c].solveLower(diff)
                    return log(weights[c]) - 0.5 * (z.reduce(0) { $0 + $1 * $1 } + factors[c].logDeterminant + Double(d) * log(2 * Double.pi))
                }
                let top = logs.max() ?? 0
                let sum = logs.reduce(0) { $0 + exp($1 - top) }
                total += top + log(sum)
                resp[i] = logs.map { exp($0 - top) / sum }
            }
            if abs(total - logLikelihood) < 1e-8 * max(1, abs(total)) { logLikelihood = total; break }
            logLikelihood = total
        }
        let labels = resp.map { r in r.indices.max { r[$0] < r[$1] } ?? 0 }
        return Result(labels: labels, centres: means, objective: logLikelihood)
    }
}

/// Mahalanobis anomaly scores of batches against the set's own mean and covariance.
public struct AnomalyReport: Sendable, Codable, Equatable {
    /// Squared Mahalanobis distance per row.
    public let scores: [Double]
    /// Threshold: the χ²_d quantile at `1 − alpha` (Wilson–Hilferty approximation).
    public let threshold: Double
    /// Rows above the threshold.
    public let flagged: [Int]
}

extension BatchClustering {
    /// d²ᵢ = (xᵢ − x̄)ᵀS⁻¹(xᵢ − x̄) with S the sample covariance (singular when a Cholesky pivot is below 1e-10 of
    /// the largest), flagged above the χ²_d
    /// quantile 1 − `alpha` by the Wilson–Hilferty cube-root approximation (*PNAS* 17, 684 (1931)), which is within
    /// 1 % of the exact quantile for d ≥ 1 at α ≥ 0.001.
    /// - Throws: `AnalysisError.invalidValue` for fewer rows than d + 2, ragged or non-finite rows, or α outside
    ///   (0, 1); `.noConvergence` when S is singular (a constant or duplicated metric).
    public static func mahalanobis(_ rows: [[Double]], alpha: Double = 0.01) throws -> AnomalyReport {
        let d = try validate(rows, k: 1)
        guard rows.count >= d + 2, alpha > 0, alpha < 1 else {
            throw AnalysisError(.invalidValue, "Mahalanobis scores need more than d + 1 = \(d + 1) batches (got \(rows.count)) and 0 < α < 1 (got \(alpha)) (rule: a covariance must be estimable). Add batches or use fewer metrics.")
        }
        let n = Double(rows.count)
        let mean = (0..<d).map { j in rows.reduce(0) { $0 + $1[j] } / n }
        var cov = Matrix(rows: d, columns: d)
        for r in rows { for a in 0..<d { for b in 0..<d { cov[a, b] += (r[a] - mean[a]) * (r[b] - mean[b]) / (n - 1) } } }
        let pivots = (try? cov.cholesky(jitter: .none))?.lower.diagonalElements.map { $0 * $0 } ?? []
        guard let factor = try? cov.cholesky(jitter: .none), let largest = pivots.max(), let smallest = pivots.min(),
              largest > 0, smallest > 1e-10 * largest else {
            throw AnalysisError(.noConvergence, "The batch covariance is singular (rule: every metric must vary and none may be a copy of another). Drop constant or duplicated metrics.")
        }
        let scores = try rows.map { r -> Double in
            let z = try factor.solveLower(zip(r, mean).map { $0 - $1 })
            return z.reduce(0) { $0 + $1 * $1 }
        }
        let zq = Normal.standard.quantile(1 - alpha)
        let df = Double(d)
        let threshold = df * pow(1 - 2 / (9 * df) + zq * (2 / (9 * df)).squareRoot(), 3)
        return AnomalyReport(scores: scores, threshold: threshold, flagged: scores.indices.filter { scores[$0] > threshold })
    }
}

import Foundation

/// One point of a control chart.
public struct ControlPoint: Sendable, Codable, Equatable {
    /// Position in the sequence (0-based batch or subgroup).
    public let index: Int
    /// Plotted statistic (value, subgroup mean, EWMA z, or CUSUM C⁺/C⁻ as stated by the chart).
    public let value: Double
    /// Lower control limit at this point.
    public let lowerLimit: Double
    /// Upper control limit at this point.
    public let upperLimit: Double
    /// Whether the point signals (outside the limits).
    public let signal: Bool
}

/// A control chart: centre line, points, and the indices that signal.
public struct ControlChart: Sendable, Codable, Equatable {
    /// Chart kind, e.g. "individuals", "moving range", "xbar", "range", "ewma", "cusum+", "cusum-".
    public let kind: String
    /// Centre line.
    public let centre: Double
    /// Points in order.
    public let points: [ControlPoint]
    /// Indices of signalling points.
    public var signals: [Int] { points.filter(\.signal).map(\.index) }
}

/// Shewhart, EWMA and CUSUM charts (Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley
/// 2013, ch. 6 and 9; constants from its Appendix VI).
///
/// Phase I estimates come from the first `baselineCount` values (all when nil): μ₀ the mean and σ̂ = MR̄/d₂ with
/// d₂ = 1.128 (moving ranges of 2), so a shift later in the series does not inflate σ̂.
public enum ControlCharts {
    /// d₂, A₂, D₃, D₄ for subgroup sizes 2…10 (Montgomery, Appendix VI).
    public static let constants: [Int: (d2: Double, a2: Double, d3: Double, d4: Double)] = [
        2: (1.128, 1.880, 0, 3.267), 3: (1.693, 1.023, 0, 2.574), 4: (2.059, 0.729, 0, 2.282),
        5: (2.326, 0.577, 0, 2.114), 6: (2.534, 0.483, 0, 2.004), 7: (2.704, 0.419, 0.076, 1.924),
        8: (2.847, 0.373, 0.136, 1.864), 9: (2.970, 0.337, 0.184, 1.816), 10: (3.078, 0.308, 0.223, 1.777),
    ]

    /// μ₀ and σ̂ = MR̄/1.128 from the baseline values.
    /// - Throws: `AnalysisError.emptyInput` for fewer than 2 values; `.invalidValue` for NaN or a constant
    ///   baseline (σ̂ = 0: limits would be meaningless).
    public static func baseline(_ values: [Double], count: Int? = nil) throws -> (mean: Double, sigma: Double) {
        guard values.allSatisfy(\.isFinite) else {
            throw AnalysisError(.invalidValue, "Control-chart values include NaN or infinity (rule: finite measurements). Drop the batches without a value.")
        }
        let base = Array(values.prefix(count ?? values.count))
        guard base.count >= 2 else {
            throw AnalysisError(.emptyInput, "A control chart needs at least 2 baseline values (got \(base.count)) (rule: σ from moving ranges needs 2). Add batches or lower nothing; charts need history.")
        }
        let mean = base.reduce(0, +) / Double(base.count)
        let mr = zip(base.dropFirst(), base).map { abs($0 - $1) }.reduce(0, +) / Double(base.count - 1)
        guard mr > 0 else {
            throw AnalysisError(.invalidValue, "The baseline values are all equal (\(mean)) (rule: σ̂ = MR̄/1.128 > 0). Limits need natural variation; check that the metric is measured, not copied.")
        }
        return (mean, mr / 1.128)
    }

    /// Individuals chart: limits μ₀ ± 3σ̂.
    public static func individuals(_ values: [Double], baselineCount: Int? = nil) throws -> ControlChart {
        let (mu, sigma) = try baseline(values, count: baselineCount)
        let points = values.enumerated().map { i, v in
            ControlPoint(index: i, value: v, lowerLimit: mu - 3 * sigma, upperLimit: mu + 3 * sigma, signal: abs(v - mu) > 3 * sigma)
        }
        return ControlChart(kind: "individuals", centre: mu, points: points)
    }

    /// X̄ and R charts for subgroups of equal size n (2…10): X̄ limits X̿ ± A₂R̄, R limits D₃R̄…D₄R̄.
    /// - Throws: `AnalysisError.invalidValue` for unequal or unsupported subgroup sizes, NaN, or fewer than 2
    ///   subgroups.
    public static func xBarR(_ subgroups: [[Double]]) throws -> (xBar: ControlChart, range: ControlChart) {
        guard subgroups.count >= 2, let n = subgroups.first?.count, let c = constants[n], subgroups.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }) else {
            throw AnalysisError(.invalidValue, "X̄/R charts need ≥ 2 subgroups of one size between 2 and 10 with finite values (got sizes \(subgroups.map(\.count))) (rule: Montgomery's constants cover n = 2…10). Group batches into equal subgroups or use the individuals chart.")
        }
        let means = subgroups.map { $0.reduce(0, +) / Double(n) }
        let ranges = subgroups.map { ($0.max() ?? 0) - ($0.min() ?? 0) }
        let grand = means.reduce(0, +) / Double(means.count), rBar = ranges.reduce(0, +) / Double(ranges.count)
        let x = means.enumerated().map { i, m in
            ControlPoint(index: i, value: m, lowerLimit: grand - c.a2 * rBar, upperLimit: grand + c.a2 * rBar, signal: abs(m - grand) > c.a2 * rBar)
        }
        let r = ranges.enumerated().map { i, v in
            ControlPoint(index: i, value: v, lowerLimit: c.d3 * rBar, upperLimit: c.d4 * rBar, signal: v > c.d4 * rBar || v < c.d3 * rBar)
        }
        return (ControlChart(kind: "xbar", centre: grand, points: x), ControlChart(kind: "range", centre: rBar, points: r))
    }

    /// EWMA chart: zᵢ = λxᵢ + (1−λ)zᵢ₋₁, z₀ = μ₀, limits μ₀ ± Lσ̂√(λ/(2−λ)·(1 − (1−λ)^(2i))).
    /// - Throws: `AnalysisError.invalidValue` for λ outside (0, 1] or L ≤ 0; the baseline's errors.
    public static func ewma(_ values: [Double], lambda: Double = 0.2, width: Double = 3, baselineCount: Int? = nil) throws -> ControlChart {
        guard lambda > 0, lambda <= 1, width > 0 else {
            throw AnalysisError(.invalidValue, "EWMA λ \(lambda) and L \(width) are not valid (rule: 0 < λ ≤ 1, L > 0). Montgomery recommends λ 0.05–0.25 with L ≈ 3.")
        }
        let (mu, sigma) = try baseline(values, count: baselineCount)
        var z = mu
        let points = values.enumerated().map { i, v -> ControlPoint in
            z = lambda * v + (1 - lambda) * z
            let half = width * sigma * (lambda / (2 - lambda) * (1 - pow(1 - lambda, 2 * Double(i + 1)))).squareRoot()
            return ControlPoint(index: i, value: z, lowerLimit: mu - half, upperLimit: mu + half, signal: abs(z - mu) > half)
        }
        return ControlChart(kind: "ewma", centre: mu, points: points)
    }

    /// Tabular CUSUM: C⁺ᵢ = max(0, xᵢ − (μ₀ + kσ̂) + C⁺ᵢ₋₁), C⁻ᵢ = max(0, (μ₀ − kσ̂) − xᵢ + C⁻ᵢ₋₁), signal when either
    /// exceeds hσ̂ (defaults k = 0.5, h = 5: detects a 1σ shift in about 10 points); a sum restarts at 0 after it
    /// signals, so a persisting shift signals again every few points.
    /// - Throws: `AnalysisError.invalidValue` for k < 0 or h ≤ 0; the baseline's errors.
    public static func cusum(_ values: [Double], k: Double = 0.5, h: Double = 5, baselineCount: Int? = nil) throws -> (upper: ControlChart, lower: ControlChart) {
        guard k >= 0, h > 0 else {
            throw AnalysisError(.invalidValue, "CUSUM k \(k) and h \(h) are not valid (rule: k ≥ 0, h > 0; usually k = 0.5, h = 4 or 5).")
        }
        let (mu, sigma) = try baseline(values, count: baselineCount)
        var cp = 0.0, cm = 0.0
        var up: [ControlPoint] = [], down: [ControlPoint] = []
        for (i, v) in values.enumerated() {
            cp = max(0, v - (mu + k * sigma) + cp)
            cm = max(0, (mu - k * sigma) - v + cm)
            up.append(ControlPoint(index: i, value: cp, lowerLimit: 0, upperLimit: h * sigma, signal: cp > h * sigma))
            down.append(ControlPoint(index: i, value: cm, lowerLimit: 0, upperLimit: h * sigma, signal: cm > h * sigma))
            // Restart at zero after a signal (as after corrective action), so each signal marks a new detection.
            if cp > h * sigma { cp = 0 }
            if cm > h * sigma { cm = 0 }
        }
        return (ControlChart(kind: "cusum+", centre: 0, points: up), ControlChart(kind: "cusum-", centre: 0, points: down))
    }
}

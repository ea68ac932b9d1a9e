import Foundation

/// Unit of a spectrum's abscissa.
public enum SpectralAxisUnit: String, Sendable, Codable, CaseIterable {
    /// Wavelength, nm.
    case nanometres
    /// Photon energy, eV.
    case electronvolts
    /// Wavenumber, cm⁻¹.
    case wavenumbers

    /// The range of values this unit plausibly takes for UV–Vis–NIR optical spectra (used by the unit check).
    public var plausibleRange: ClosedRange<Double> {
        switch self {
        case .nanometres: return 100...3000
        case .electronvolts: return 0.3...12
        case .wavenumbers: return 3000...100_000
        }
    }

    /// Converts `value` in this unit to nanometres: λ = hc/E with hc = 1239.841984 eV·nm; λ = 10⁷/ν̃.
    /// Non-positive input gives NaN.
    public func toNanometres(_ value: Double) -> Double {
        guard value > 0 else { return .nan }
        switch self {
        case .nanometres: return value
        case .electronvolts: return 1239.841_984 / value
        case .wavenumbers: return 1e7 / value
        }
    }
}

/// A sampled spectrum: strictly monotone abscissa with a unit, and finite ordinates.
///
/// Every initialiser validates, so a `Spectrum` value always has ≥ 3 finite points on a strictly monotone axis
/// (either direction). Operations that need wavelength call `inNanometres()` first.
public struct Spectrum: Sendable, Codable, Equatable {
    /// Abscissa values (strictly monotone, either direction).
    public let x: [Double]
    /// Ordinate values (absorbance, counts, a.u.).
    public let y: [Double]
    /// Unit of `x`.
    public let unit: SpectralAxisUnit
    /// A name for messages and outputs (file and column).
    public let label: String

    /// Creates a validated spectrum.
    /// - Throws: `AnalysisError.emptyInput` for fewer than 3 points or unequal lengths; `.invalidValue` for NaN or
    ///   infinite values (naming the row); `.nonMonotoneAxis` when x repeats or turns back (naming the row).
    /// - Complexity: O(n).
    public init(x: [Double], y: [Double], unit: SpectralAxisUnit = .nanometres, label: String = "spectrum") throws {
        guard x.count == y.count else {
            throw AnalysisError(.emptyInput, "Spectrum '\(label)' has \(x.count) abscissae but \(y.count) values (rule: one value per abscissa). Check the column selection.")
        }
        guard x.count >= 3 else {
            throw AnalysisError(.emptyInput, "Spectrum '\(label)' has \(x.count) point(s) (rule: at least 3 points). Check that the file holds a spectrum, not a single reading.")
        }
        for i in 0..<x.count where !x[i].isFinite || !y[i].isFinite {
            throw AnalysisError(.invalidValue, "Spectrum '\(label)' has a non-finite value at point \(i + 1) (x \(x[i]), y \(y[i])) (rule: finite numbers only). Remove or repair that row.")
        }
        let increasing = x[1] > x[0]
        for i in 1..<x.count where increasing ? !(x[i] > x[i - 1]) : !(x[i] < x[i - 1]) {
            throw AnalysisError(.nonMonotoneAxis, "Spectrum '\(label)' has a non-monotone axis at point \(i + 1) (\(x[i]) after \(x[i - 1]) \(unit.rawValue)) (rule: strictly increasing or strictly decreasing, no repeats). Sort the rows or remove the repeated scan.")
        }
        self.x = x
        self.y = y
        self.unit = unit
        self.label = label
    }

    /// Number of points.
    public var count: Int { x.count }

    /// The same spectrum with the axis in increasing order.
    public func ascending() -> Spectrum {
        guard x[0] > x[x.count - 1] else { return self }
        return Spectrum(unchecked: x.reversed(), y: y.reversed(), unit: unit, label: label)
    }

    /// The spectrum on a wavelength axis (nm), ascending. Ordinates are carried over point by point (no Jacobian
    /// rescaling: for absorbance that is correct; for emission densities per unit energy multiply by E²/hc if
    /// needed).
    public func inNanometres() -> Spectrum {
        guard unit != .nanometres else { return ascending() }
        return Spectrum(unchecked: x.map(unit.toNanometres), y: y, unit: .nanometres, label: label).ascending()
    }

    /// The points with lower < x < upper (open interval, the convention of the carbon-dot authors' recipe).
    /// - Throws: `AnalysisError.emptyInput` when fewer than 3 points fall inside.
    public func restricted(openInterval lower: Double, _ upper: Double) throws -> Spectrum {
        var xs: [Double] = [], ys: [Double] = []
        for i in 0..<count where x[i] > lower && x[i] < upper {
            xs.append(x[i])
            ys.append(y[i])
        }
        guard xs.count >= 3 else {
            throw AnalysisError(.emptyInput, "Spectrum '\(label)' has \(xs.count) point(s) between \(lower) and \(upper) \(unit.rawValue) (rule: at least 3). Widen the range; the data span \(x.min() ?? 0)…\(x.max() ?? 0).")
        }
        return Spectrum(unchecked: xs, y: ys, unit: unit, label: label)
    }

    /// Mean of the ordinates with lower < x < upper. - Throws: as `restricted(openInterval:_:)`.
    public func mean(openInterval lower: Double, _ upper: Double) throws -> Double {
        let part = try restricted(openInterval: lower, upper)
        return part.y.reduce(0, +) / Double(part.count)
    }

    /// Trapezoidal integral ∫y dx over the whole axis (sign follows an ascending axis). O(n).
    public var trapezoidalIntegral: Double {
        let s = ascending()
        var total = 0.0
        for i in 1..<s.count { total += (s.x[i] - s.x[i - 1]) * (s.y[i] + s.y[i - 1]) / 2 }
        return total
    }

    /// Linear interpolation of y at `position`; NaN outside the axis range. O(log n).
    public func value(at position: Double) -> Double {
        let s = ascending()
        guard let first = s.x.first, let last = s.x.last, position >= first, position <= last else { return .nan }
        var lo = 0, hi = s.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if s.x[mid] <= position { lo = mid } else { hi = mid }
        }
        let t = (position - s.x[lo]) / (s.x[hi] - s.x[lo])
        return s.y[lo] + t * (s.y[hi] - s.y[lo])
    }

    /// The same axis with new ordinates. - Throws: as `init` when `newY` has another length or NaN.
    public func replacingValues(_ newY: [Double], label newLabel: String? = nil) throws -> Spectrum {
        try Spectrum(x: x, y: newY, unit: unit, label: newLabel ?? label)
    }

    /// Resamples onto a uniform ascending grid of `step` (same unit) by linear interpolation, over the span of
    /// the data. - Throws: `AnalysisError.invalidValue` for a non-positive step or one giving < 3 points.
    public func resampled(step: Double) throws -> Spectrum {
        let s = ascending()
        guard step.isFinite, step > 0, let first = s.x.first, let last = s.x.last, (last - first) / step >= 2 else {
            throw AnalysisError(.invalidValue, "Resampling step \(step) \(unit.rawValue) is not valid for '\(label)' (rule: finite > 0 and at least 3 points over the span). Pass a smaller step.")
        }
        let n = Int(((last - first) / step).rounded(.down)) + 1
        let xs = (0..<n).map { first + Double($0) * step }
        return Spectrum(unchecked: xs, y: xs.map { s.value(at: $0) }, unit: unit, label: label)
    }

    /// The mean spacing when the axis is uniform to within `tolerance` (relative); `nil` otherwise.
    public func uniformSpacing(tolerance: Double = 0.2) -> Double? {
        let s = ascending()
        let mean = (s.x[s.count - 1] - s.x[0]) / Double(s.count - 1)
        for i in 1..<s.count where abs(s.x[i] - s.x[i - 1] - mean) > tolerance * mean { return nil }
        return mean
    }

    /// Internal initialiser for values already known to be valid.
    init(unchecked x: [Double], y: [Double], unit: SpectralAxisUnit, label: String) {
        self.x = x
        self.y = y
        self.unit = unit
        self.label = label
    }
}

/// Where a detector clipped: a flat run at the top of the spectrum.
public struct SaturationReport: Sendable, Codable, Equatable {
    /// The clipped value.
    public let level: Double
    /// Abscissa range of the longest flat run at `level`.
    public let range: ClosedRange<Double>
    /// Number of consecutive points at the level.
    public let points: Int
}

extension Spectrum {
    /// Detects clipping: ≥ `minimumRun` consecutive points equal (to 1e-9 relative) to the global maximum, or any
    /// value at or above `ceiling` (e.g. 4 for an absorbance spectrometer, 65535 for 16-bit counts).
    /// Returns `nil` when the top of the spectrum is not flat. O(n).
    public func saturation(minimumRun: Int = 3, ceiling: Double? = nil) -> SaturationReport? {
        guard let top = y.max(), top > 0 else { return nil }
        let tolerance = 1e-9 * abs(top)
        var best: (start: Int, length: Int) = (0, 0)
        var start = -1
        for i in 0...count {
            let atTop = i < count && (abs(y[i] - top) <= tolerance || (ceiling.map { y[i] >= $0 } ?? false))
            if atTop, start < 0 { start = i }
            if !atTop, start >= 0 {
                if i - start > best.length { best = (start, i - start) }
                start = -1
            }
        }
        let overCeiling = ceiling.map { top >= $0 } ?? false
        guard best.length >= minimumRun || overCeiling else { return nil }
        let a = x[best.start], b = x[best.start + best.length - 1]
        return SaturationReport(level: top, range: min(a, b)...max(a, b), points: best.length)
    }

    /// Throws when the spectrum is clipped (see `saturation(minimumRun:ceiling:)`).
    /// - Throws: `AnalysisError.saturated` naming the level and range.
    public func requireUnsaturated(minimumRun: Int = 3, ceiling: Double? = nil) throws {
        if let s = saturation(minimumRun: minimumRun, ceiling: ceiling) {
            throw AnalysisError(.saturated, "Spectrum '\(label)' is clipped at \(s.level) over \(s.points) points (\(s.range.lowerBound)…\(s.range.upperBound) \(unit.rawValue)) (rule: a detector at its ceiling hides the true peak). Dilute the sample, shorten the integration time, or restrict the analysis to an unclipped range.")
        }
    }
}

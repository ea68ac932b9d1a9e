import Foundation

/// Line shape of one fitted peak, parametrised by centre c, height h and full width at half maximum w.
public enum PeakShape: String, Sendable, Codable, CaseIterable {
    /// h·exp(−4 ln2 (x−c)²/w²).
    case gaussian
    /// h / (1 + 4(x−c)²/w²).
    case lorentzian
    /// Pseudo-Voigt η·L + (1−η)·G with a common FWHM w and mixing η ∈ [0, 1] fitted per peak (a standard
    /// approximation of the Voigt profile; see QDPhysics `LineShape.pseudoVoigt` for the Thompson–Cox–Hastings
    /// link between η and the Gaussian and Lorentzian widths).
    case voigt

    var parameterCount: Int { self == .voigt ? 4 : 3 }

    /// Value at x for parameters (c, h, w[, η]).
    func value(_ x: Double, _ q: ArraySlice<Double>) -> Double {
        let c = q[q.startIndex], h = q[q.startIndex + 1], w = q[q.startIndex + 2]
        let z = (x - c) / w
        let g = exp(-4 * M_LN2 * z * z), l = 1 / (1 + 4 * z * z)
        switch self {
        case .gaussian: return h * g
        case .lorentzian: return h * l
        case .voigt:
            let eta = q[q.startIndex + 3]
            return h * (eta * l + (1 - eta) * g)
        }
    }

    /// Area of a peak: h·w·√(π/4ln2) (Gaussian), h·w·π/2 (Lorentzian), η·L + (1 − η)·G areas for pseudo-Voigt.
    func area(height h: Double, fwhm w: Double, eta: Double) -> Double {
        let gaussian = h * w * (Double.pi / (4 * M_LN2)).squareRoot(), lorentzian = h * w * Double.pi / 2
        switch self {
        case .gaussian: return gaussian
        case .lorentzian: return lorentzian
        case .voigt: return eta * lorentzian + (1 - eta) * gaussian
        }
    }
}

/// Initial guess for one peak. Bounds default to: centre within the data ± nothing, height ≥ 0, width between two
/// grid steps and the data span.
public struct PeakGuess: Sendable, Codable, Equatable {
    /// Centre, axis unit.
    public var centre: Double
    /// Height above the baseline.
    public var height: Double
    /// FWHM, axis unit.
    public var fwhm: Double
    /// Optional centre bounds (axis unit).
    public var centreBounds: ClosedRange<Double>?
    /// Optional FWHM bounds (axis unit).
    public var fwhmBounds: ClosedRange<Double>?

    /// A guess with optional bounds.
    public init(centre: Double, height: Double, fwhm: Double, centreBounds: ClosedRange<Double>? = nil, fwhmBounds: ClosedRange<Double>? = nil) {
        self.centre = centre
        self.height = height
        self.fwhm = fwhm
        self.centreBounds = centreBounds
        self.fwhmBounds = fwhmBounds
    }
}

/// One fitted peak with standard errors (NaN when the parameter sits on a bound).
public struct FittedPeak: Sendable, Codable, Equatable {
    /// Centre, axis unit.
    public let centre: Double
    /// Standard error of the centre.
    public let centreError: Double
    /// Height above the baseline.
    public let height: Double
    /// Standard error of the height.
    public let heightError: Double
    /// Full width at half maximum, axis unit.
    public let fwhm: Double
    /// Standard error of the FWHM.
    public let fwhmError: Double
    /// Lorentzian fraction η (pseudo-Voigt only).
    public let eta: Double?
    /// Area (axis unit × ordinate unit).
    public let area: Double
}

/// A multi-peak fit.
public struct PeakFitResult: Sendable, Codable, Equatable {
    /// Line shape used.
    public let shape: PeakShape
    /// Peaks sorted by centre.
    public let peaks: [FittedPeak]
    /// Fitted constant baseline (0 when not fitted).
    public let baseline: Double
    /// Coefficient of determination 1 − SSR/SST.
    public let rSquared: Double
    /// SSR/(n − p).
    public let reducedChiSquared: Double
    /// Levenberg–Marquardt iterations taken.
    public let iterations: Int
    /// Whether the fit met a convergence test.
    public let converged: Bool
    /// Model values at the data abscissae (ascending axis).
    public let fittedValues: [Double]
}

/// Multi-peak deconvolution by bounded Levenberg–Marquardt.
public enum PeakFitter {
    /// Fits `peakCount` peaks of `shape` (plus a constant baseline when `fitBaseline`) to `spectrum`.
    ///
    /// Starting values: the most prominent detected peaks; when fewer than `peakCount` are found (overlapping
    /// bands), peaks are added one at a time at the largest positive residual of the fit so far and everything is
    /// refitted. Give `guesses` to override.
    /// - Throws: `AnalysisError.invalidValue` for `peakCount` < 1 or more parameters than points; `.saturated`
    ///   for a clipped spectrum; `.noConvergence` when the fit fails; the LM errors.
    public static func fit(
        _ spectrum: Spectrum, peakCount: Int, shape: PeakShape = .gaussian, guesses: [PeakGuess]? = nil,
        fitBaseline: Bool = false, maxIterations: Int = 300
    ) throws -> PeakFitResult {
        let s = spectrum.ascending()
        guard peakCount >= 1, peakCount <= 20 else {
            throw AnalysisError(.invalidValue, "Peak count \(peakCount) is not valid (rule: 1…20). Ask for the number of bands you expect.")
        }
        guard s.count > peakCount * shape.parameterCount + 1 else {
            throw AnalysisError(.invalidValue, "\(peakCount) \(shape.rawValue) peaks need more than \(peakCount * shape.parameterCount + 1) points; '\(s.label)' has \(s.count) (rule: more data than parameters). Fit fewer peaks.")
        }
        try s.requireUnsaturated()
        if let guesses {
            guard guesses.count == peakCount else {
                throw AnalysisError(.invalidValue, "\(guesses.count) guesses for \(peakCount) peaks (rule: one guess per peak). Pass matching counts.")
            }
            return try fitOnce(s, guesses: guesses, shape: shape, fitBaseline: fitBaseline, maxIterations: maxIterations)
        }
        let span = s.x[s.count - 1] - s.x[0]
        let step = span / Double(s.count - 1)
        let range = (s.y.max() ?? 0) - (s.y.min() ?? 0)
        let smoothed = (try? SavitzkyGolay(window: min(max(5, (s.count / 50) | 1), s.count - (s.count % 2 == 0 ? 1 : 0)), order: 2).apply(s.y)) ?? s.y
        let detected = PeakFinder.peaks(in: try s.replacingValues(smoothed), minimumProminence: 0.05 * range)
            .sorted { $0.prominence > $1.prominence }
        var guesses = detected.prefix(peakCount).map {
            PeakGuess(centre: $0.position, height: max($0.height, 1e-12), fwhm: min(max($0.fwhm ?? span / 10, 3 * step), span))
        }
        if guesses.isEmpty, let top = s.y.indices.max(by: { s.y[$0] < s.y[$1] }) {
            guesses = [PeakGuess(centre: s.x[top], height: max(s.y[top], 1e-12), fwhm: span / 10)]
        }
        var result = try fitOnce(s, guesses: guesses, shape: shape, fitBaseline: fitBaseline, maxIterations: maxIterations)
        while result.peaks.count < peakCount {
            let residual = zip(s.y, result.fittedValues).map { $0 - $1 }
            guard let k = residual.indices.max(by: { residual[$0] < residual[$1] }) else { break }
            guesses = result.peaks.map { PeakGuess(centre: $0.centre, height: max($0.height, 1e-12), fwhm: $0.fwhm) }
            let width = result.peaks.map(\.fwhm).min() ?? span / 10
            guesses.append(PeakGuess(centre: s.x[k], height: max(residual[k], 0.05 * range), fwhm: max(width / 2, 3 * step)))
            result = try fitOnce(s, guesses: guesses, shape: shape, fitBaseline: fitBaseline, maxIterations: maxIterations)
        }
        return result
    }

    static func fitOnce(_ s: Spectrum, guesses: [PeakGuess], shape: PeakShape, fitBaseline: Bool, maxIterations: Int) throws -> PeakFitResult {
        let first = s.x[0], last = s.x[s.count - 1]
        let step = (last - first) / Double(s.count - 1)
        let yMax = max(s.y.map(abs).max() ?? 1, 1e-300)
        var start: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for g in guesses {
            let cb = g.centreBounds ?? first...last
            let wb = g.fwhmBounds ?? (2 * step)...(last - first)
            start += [min(max(g.centre, cb.lowerBound), cb.upperBound), min(max(g.height, 0), 10 * yMax), min(max(g.fwhm, wb.lowerBound), wb.upperBound)]
            lower += [cb.lowerBound, 0, wb.lowerBound]
            upper += [cb.upperBound, 10 * yMax, wb.upperBound]
            if shape == .voigt { start.append(0.5); lower.append(0); upper.append(1) }
        }
        if fitBaseline {
            start.append(s.y.min() ?? 0)
            lower.append(-10 * yMax)
            upper.append(10 * yMax)
        }
        let k = shape.parameterCount
        let count = guesses.count
        func model(_ theta: [Double], _ x: Double) -> Double {
            var v = fitBaseline ? theta[count * k] : 0
            for j in 0..<count { v += shape.value(x, theta[(j * k)..<(j * k + k)]) }
            return v
        }
        let fit = try LevenbergMarquardt.minimize(start: start, lower: lower, upper: upper, maxIterations: maxIterations) { theta in
            (0..<s.count).map { model(theta, s.x[$0]) - s.y[$0] }
        }
        let theta = fit.parameters, errors = fit.standardErrors
        let peaks = (0..<count).map { j -> FittedPeak in
            let o = j * k
            let eta = shape == .voigt ? theta[o + 3] : 0
            return FittedPeak(
                centre: theta[o], centreError: errors[o], height: theta[o + 1], heightError: errors[o + 1],
                fwhm: theta[o + 2], fwhmError: errors[o + 2], eta: shape == .voigt ? eta : nil,
                area: shape.area(height: theta[o + 1], fwhm: theta[o + 2], eta: eta))
        }.sorted { $0.centre < $1.centre }
        let fitted = s.x.map { model(theta, $0) }
        let mean = s.y.reduce(0, +) / Double(s.count)
        let sst = s.y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard fit.sumOfSquares.isFinite else {
            throw AnalysisError(.noConvergence, "Peak fit of '\(s.label)' did not converge (rule: a finite residual). Give starting guesses or fewer peaks.")
        }
        return PeakFitResult(
            shape: shape, peaks: peaks, baseline: fitBaseline ? theta[count * k] : 0,
            rSquared: sst > 0 ? 1 - fit.sumOfSquares / sst : 1,
            reducedChiSquared: fit.sumOfSquares / Double(max(s.count - theta.count, 1)),
            iterations: fit.iterations, converged: fit.converged, fittedValues: fitted)
    }
}

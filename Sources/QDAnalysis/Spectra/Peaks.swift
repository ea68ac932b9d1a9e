import Foundation

/// A peak found in a sampled curve.
public struct DetectedPeak: Sendable, Codable, Equatable {
    /// Index of the highest sample.
    public let index: Int
    /// Position (axis unit), refined by a parabola through the three highest samples.
    public let position: Double
    /// Height at the refined position.
    public let height: Double
    /// Topographic prominence: height above the higher of the two lowest points separating it from higher
    /// ground on each side.
    public let prominence: Double
    /// Full width at half of `height` (axis unit, linear interpolation), `nil` when the curve stays above half
    /// height up to an end of the data.
    public let fwhm: Double?
}

/// Peak detection, widths and the first-exciton feature.
public enum PeakFinder {
    /// Local maxima of `spectrum` with prominence ≥ `minimumProminence` (absolute), at least `minimumSeparation`
    /// (axis unit) apart (the more prominent one wins), sorted by position.
    /// - Complexity: O(n · peaks) for prominences; plateaus count once (their first point).
    public static func peaks(in spectrum: Spectrum, minimumProminence: Double = 0, minimumSeparation: Double = 0) -> [DetectedPeak] {
        let s = spectrum.ascending()
        let y = s.y, n = y.count
        var found: [DetectedPeak] = []
        var i = 1
        while i < n - 1 {
            guard y[i] > y[i - 1] else { i += 1; continue }
            var j = i
            while j + 1 < n, y[j + 1] == y[i] { j += 1 }
            guard j + 1 < n, y[j + 1] < y[i] else { i = j + 1; continue }
            let prominence = Self.prominence(y, at: i)
            if prominence >= minimumProminence {
                let (position, height) = refine(s, at: i)
                found.append(DetectedPeak(index: i, position: position, height: height, prominence: prominence,
                                          fwhm: width(s, at: i, level: height / 2)))
            }
            i = j + 1
        }
        guard minimumSeparation > 0 else { return found }
        var kept: [DetectedPeak] = []
        for peak in found.sorted(by: { $0.prominence > $1.prominence })
        where !kept.contains(where: { abs($0.position - peak.position) < minimumSeparation }) {
            kept.append(peak)
        }
        return kept.sorted { $0.position < $1.position }
    }

    static func prominence(_ y: [Double], at i: Int) -> Double {
        var leftMin = y[i], k = i - 1
        while k >= 0, y[k] <= y[i] { leftMin = min(leftMin, y[k]); k -= 1 }
        var rightMin = y[i]
        k = i + 1
        while k < y.count, y[k] <= y[i] { rightMin = min(rightMin, y[k]); k += 1 }
        return y[i] - max(leftMin, rightMin)
    }

    /// Parabolic vertex through samples i−1, i, i+1 (on the ascending axis).
    static func refine(_ s: Spectrum, at i: Int) -> (Double, Double) {
        guard i > 0, i < s.count - 1 else { return (s.x[i], s.y[i]) }
        let (x0, x1, x2) = (s.x[i - 1], s.x[i], s.x[i + 1])
        let (y0, y1, y2) = (s.y[i - 1], s.y[i], s.y[i + 1])
        let d1 = (y1 - y0) / (x1 - x0), d2 = (y2 - y1) / (x2 - x1)
        let a = (d2 - d1) / (x2 - x0)
        guard a < 0 else { return (x1, y1) }
        let b = d1 - a * (x0 + x1)
        let vertex = min(max(-b / (2 * a), x0), x2)
        return (vertex, y1 + d1 * (vertex - x1) + a * (vertex - x0) * (vertex - x1))
    }

    /// Width between the crossings of `level` nearest to index `i` on each side (linear interpolation); `nil` when
    /// a side never falls below `level`.
    static func width(_ s: Spectrum, at i: Int, level: Double) -> Double? {
        guard let left = crossing(s, from: i, step: -1, level: level),
              let right = crossing(s, from: i, step: 1, level: level) else { return nil }
        return right - left
    }

    static func crossing(_ s: Spectrum, from i: Int, step: Int, level: Double) -> Double? {
        var k = i
        while k + step >= 0, k + step < s.count {
            let j = k + step
            if s.y[j] < level {
                return s.x[k] + (level - s.y[k]) * (s.x[j] - s.x[k]) / (s.y[j] - s.y[k])
            }
            k = j
        }
        return nil
    }

    /// The highest point of `spectrum` and its FWHM (crossings nearest the maximum, linear interpolation; ties
    /// resolve to the first maximum). The carbon-dot recipe measures emission this way. No clipping check here:
    /// smoothed data may hold flat tops; check the raw spectrum with `Spectrum.requireUnsaturated`.
    /// - Throws: `AnalysisError.noFeature` when the maximum is not positive.
    public static func highestPeak(of spectrum: Spectrum) throws -> (position: Double, height: Double, fwhm: Double?) {
        let s = spectrum.ascending()
        var top = 0
        for i in 1..<s.count where s.y[i] > s.y[top] { top = i }
        guard s.y[top] > 0 else {
            throw AnalysisError(.noFeature, "Spectrum '\(s.label)' has no positive maximum (maximum \(s.y[top])) (rule: a peak above zero after baseline correction). Check the baseline window and the sign of the data.")
        }
        return (s.x[top], s.y[top], width(s, at: top, level: s.y[top] / 2))
    }
}

/// The first-exciton (1S) absorption feature of a quantum-dot spectrum.
public struct FirstExciton: Sendable, Codable, Equatable {
    /// Wavelength of the feature, nm: the minimum of d²A/dλ² (a peak or a shoulder alike).
    public let wavelengthNanometres: Double
    /// Smoothed absorbance there.
    public let absorbance: Double
    /// Wavelength of the absorbance maximum of a resolved 1S peak (parabolic refinement), nm; `nil` for a
    /// shoulder. For an asymmetric band it lies a few nm blue of the second-derivative minimum.
    public let apexNanometres: Double?
    /// Whether the absorbance has a true local maximum within ±`window`/2 of the feature (a resolved peak); `false`
    /// for a shoulder.
    public let isResolvedPeak: Bool
    /// Absorbance of the valley on the blue side divided by the peak absorbance (`nil` for a shoulder: no valley).
    /// Lower is sharper; a standard quality figure for size distributions.
    public let valleyToPeakRatio: Double?
    /// Half width at half maximum on the low-energy (long-wavelength) side, nm, measured above the lowest
    /// absorbance at longer wavelengths; `nil` when the band does not fall to half within the data.
    public let lowEnergyHWHMNanometres: Double?
}

extension PeakFinder {
    /// Finds the first exciton by the second-derivative method: smooth with Savitzky–Golay, take d²A/dλ², and
    /// return the longest-wavelength local minimum of d²A/dλ² whose depth is at least `relativeDepth` of the
    /// deepest one and whose absorbance is at least `minimumAbsorbanceFraction` of the maximum in `range`.
    ///
    /// The second derivative turns a shoulder on a rising background into a minimum, so shoulders and resolved
    /// peaks are found alike (e.g. Jasieniak et al., *J. Phys. Chem. C* 113, 19468 (2009), locate the 1S
    /// transition so).
    /// - Parameters:
    ///   - range: wavelength range to search, nm (default: the whole spectrum).
    ///   - window: Savitzky–Golay window in nm (converted to points on the spectrum's grid; ≥ 5 points).
    /// - Throws: `AnalysisError.nonMonotoneAxis` for an uneven grid (resample first); `.saturated` for a clipped
    ///   spectrum; `.noFeature` when no minimum of the second derivative qualifies; the filter's errors.
    public static func firstExciton(
        in spectrum: Spectrum, range: ClosedRange<Double>? = nil, window: Double = 15, relativeDepth: Double = 0.1,
        minimumAbsorbanceFraction: Double = 0.05
    ) throws -> FirstExciton {
        var s = spectrum.inNanometres()
        if let range { s = try s.restricted(openInterval: range.lowerBound, range.upperBound) }
        try s.requireUnsaturated()
        guard let step = s.uniformSpacing() else {
            throw AnalysisError(.nonMonotoneAxis, "Spectrum '\(s.label)' is not evenly spaced (rule: the second-derivative method needs a uniform grid). Resample it first (Spectrum.resampled(step:)).")
        }
        var points = Int((window / step).rounded())
        if points % 2 == 0 { points += 1 }
        points = max(points, 7)
        guard points <= s.count else {
            throw AnalysisError(.emptyInput, "Spectrum '\(s.label)' has \(s.count) points, fewer than the \(points)-point smoothing window (rule: window ≤ n). Pass a wider range or a smaller window.")
        }
        let filter = try SavitzkyGolay(window: points, order: 3)
        let smooth = try filter.apply(s.y)
        let second = try filter.apply(s.y, derivative: 2, spacing: step)
        let maxA = smooth.max() ?? 0
        guard maxA > 0 else {
            throw AnalysisError(.noFeature, "Spectrum '\(s.label)' has no positive absorbance (rule: a baseline-corrected absorbance spectrum). Check the baseline and the file.")
        }
        let edge = points / 2
        var minima: [Int] = []
        if s.count > 2 * edge + 2 {
            for i in (edge + 1)..<(s.count - edge - 1) where second[i] < 0 && second[i] <= second[i - 1] && second[i] < second[i + 1] {
                minima.append(i)
            }
        }
        let deepest = minima.map { second[$0] }.min() ?? 0
        let qualifying = minima.filter { second[$0] <= relativeDepth * deepest && smooth[$0] >= minimumAbsorbanceFraction * maxA }
        guard let i = qualifying.max() else {
            throw AnalysisError(.noFeature, "No first-exciton feature in '\(s.label)' (rule: a minimum of d²A/dλ² with absorbance ≥ \(minimumAbsorbanceFraction) of the maximum). The spectrum may be featureless (no size focusing) or the range may miss the band edge; widen the range or check the sample.")
        }
        // Parabolic refinement of the second-derivative minimum.
        var position = s.x[i]
        let denom = second[i - 1] - 2 * second[i] + second[i + 1]
        if denom > 0 { position += 0.5 * (second[i - 1] - second[i + 1]) / denom * step }
        let a = s.value(at: position).isNaN ? smooth[i] : smooth[i] + (position - s.x[i]) * (smooth[min(i + 1, s.count - 1)] - smooth[max(i - 1, 0)]) / (2 * step)
        // Resolved peak: a local maximum of the smoothed absorbance within half a window.
        var peakIndex: Int?
        for k in max(1, i - edge)...min(s.count - 2, i + edge) where smooth[k] >= smooth[k - 1] && smooth[k] > smooth[k + 1] {
            if peakIndex.map({ smooth[k] > smooth[$0] }) ?? true { peakIndex = k }
        }
        var valley: Double?
        if let p = peakIndex {
            var k = p - 1
            while k > 0, smooth[k - 1] <= smooth[k] { k -= 1 }
            if k > 0, smooth[k] < smooth[p] { valley = smooth[k] / smooth[p] }
        }
        var apex: Double?
        if let p = peakIndex {
            let d = smooth[p - 1] - 2 * smooth[p] + smooth[p + 1]
            apex = s.x[p] + (d < 0 ? 0.5 * (smooth[p - 1] - smooth[p + 1]) / d * step : 0)
        }
        let top = peakIndex ?? i
        let floor = smooth[top...].min() ?? 0
        let half = floor + (smooth[top] - floor) / 2
        var hwhm: Double?
        var k = top
        while k + 1 < s.count {
            if smooth[k + 1] < half {
                let cross = s.x[k] + (half - smooth[k]) * (s.x[k + 1] - s.x[k]) / (smooth[k + 1] - smooth[k])
                hwhm = cross - s.x[top]
                break
            }
            k += 1
        }
        return FirstExciton(
            wavelengthNanometres: position, absorbance: a, apexNanometres: apex, isResolvedPeak: peakIndex != nil,
            valleyToPeakRatio: valley, lowEnergyHWHMNanometres: hwhm)
    }
}

/// Stokes shift between an absorption and an emission peak.
public struct StokesShift: Sendable, Codable, Equatable {
    /// Emission − absorption wavelength, nm.
    public let nanometres: Double
    /// hc/λ_abs − hc/λ_em, meV (hc = 1239.841984 eV·nm).
    public let millielectronvolts: Double

    /// The shift between `absorptionNanometres` and `emissionNanometres`.
    /// - Throws: `AnalysisError.invalidValue` for non-finite or non-positive wavelengths.
    public init(absorptionNanometres: Double, emissionNanometres: Double) throws {
        guard absorptionNanometres.isFinite, emissionNanometres.isFinite, absorptionNanometres > 0, emissionNanometres > 0 else {
            throw AnalysisError(.invalidValue, "Stokes shift from absorption \(absorptionNanometres) nm and emission \(emissionNanometres) nm is not defined (rule: both finite > 0 nm). Pass the two peak wavelengths.")
        }
        nanometres = emissionNanometres - absorptionNanometres
        millielectronvolts = 1000 * 1239.841_984 * (1 / absorptionNanometres - 1 / emissionNanometres)
    }
}

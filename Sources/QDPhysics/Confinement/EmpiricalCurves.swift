import Foundation
import QDCore

// MARK: - Polynomial D(λ) curves (Yu 2003, Jasieniak 2009)

/// A published sizing curve of the form D(λ) = Σ cᵢ·λⁱ (D in nm, λ the 1S absorption peak in nm), as given by
/// Yu et al. 2003 (CdSe, CdTe, CdS) and Jasieniak et al. 2009 (CdSe).
///
/// The inverse (energy → size) is the published closed form. The forward direction (size → energy) inverts
/// the polynomial: at construction λ is solved (bracketed Newton, to 1e-13 relative) on a uniform grid of 512
/// diameter cells; an evaluation interpolates that grid with a cubic Hermite (slopes dλ/dD = 1/D′) and takes
/// one Newton step, which brings the ~1e-6 nm interpolation error below 1e-12 nm.
/// Each polynomial is strictly increasing over its calibrated λ range (checked in the tests). Outside that
/// range the polynomial is not used: the curve continues with a C¹ power-law tail toward the catalogue's bulk
/// gap (see `PowerLawTail`), flagged `.belowRange`/`.aboveRange`.
///
/// Conditioning: where the polynomial is flat (Yu CdTe 540–620 nm, Yu CdSe below ~525 nm), a small size error
/// moves the predicted peak a lot; `illConditionedDiameterNanometres` gives the sizes where |dλ/dD| > 75
/// (a 0.1 nm sizing error moves the peak by more than 7.5 nm).
public struct PolynomialSizingCurve: InvertibleConfinementModel {
    /// Coefficients c₀…c₄ of D(λ), ascending powers (c₄ = 0 for cubics).
    public let coefficients: [Double]
    /// Calibrated wavelength range, nm.
    public let calibratedWavelengthNanometres: ClosedRange<Double>
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    public let name: String
    public let citation: String
    public let sizeDefinition: String
    public let validDiameterNanometres: ClosedRange<Double>
    /// Diameters (nm) where |dλ/dD| > 75 nm/nm, or `nil` where the curve is well conditioned throughout.
    public let illConditionedDiameterNanometres: ClosedRange<Double>?
    private let c0, c1, c2, c3, c4: Double
    /// λ(d) on a uniform diameter grid over `validDiameterNanometres`, and dλ/dD there.
    private let gridWavelengths: [Double]
    private let gridSlopes: [Double]
    private let gridStep: Double
    private let lowTail: PowerLawTail
    private let highTail: PowerLawTail

    /// Builds a curve from `coefficients` (ascending, at most five) calibrated on `wavelengths`.
    /// - Precondition: D(λ) is strictly increasing on `wavelengths` and the peak energies there lie above
    ///   `bulkGapElectronvolts` (true for every published curve shipped; checked by the tests).
    public init(
        name: String, citation: String, sizeDefinition: String, coefficients: [Double],
        calibratedWavelengthNanometres wavelengths: ClosedRange<Double>, bulkGapElectronvolts: Double
    ) {
        precondition(coefficients.count <= 5, "D(λ) polynomials of degree ≤ 4 only")
        let c = coefficients + Array(repeating: 0, count: 5 - coefficients.count)
        (c0, c1, c2, c3, c4) = (c[0], c[1], c[2], c[3], c[4])
        self.coefficients = coefficients
        self.name = name
        self.citation = citation
        self.sizeDefinition = sizeDefinition
        calibratedWavelengthNanometres = wavelengths
        bulkLimitElectronvolts = bulkGapElectronvolts
        let n = 129
        let lambdas = (0..<n).map { wavelengths.lowerBound + (wavelengths.upperBound - wavelengths.lowerBound) * Double($0) / Double(n - 1) }
        let p = (c[0], c[1], c[2], c[3], c[4])
        let diameters = lambdas.map { Self.polynomial(p, $0) }
        let dLo = Self.polynomial(p, wavelengths.lowerBound), dHi = Self.polynomial(p, wavelengths.upperBound)
        validDiameterNanometres = dLo...dHi
        let cells = 512
        gridStep = (dHi - dLo) / Double(cells)
        let gridLambdas = (0...cells).map { i in
            Self.solveWavelength(p, diameter: dLo + Double(i) * (dHi - dLo) / Double(cells), lambdas: lambdas, diameters: diameters)
        }
        gridWavelengths = gridLambdas
        gridSlopes = gridLambdas.map { 1 / Self.derivative(p, $0) }
        // dE/dd = (dE/dλ)/(dD/dλ) = −(hc/λ²)/D′(λ).
        func slope(_ lambda: Double) -> Double {
            -PhysicalConstants.hcElectronvoltNanometres / (lambda * lambda) / Self.derivative(p, lambda)
        }
        lowTail = PowerLawTail(
            bulk: bulkGapElectronvolts, diameter: dLo,
            energy: PhysicalConstants.electronvolts(fromNanometres: wavelengths.lowerBound), slope: slope(wavelengths.lowerBound))
        highTail = PowerLawTail(
            bulk: bulkGapElectronvolts, diameter: dHi,
            energy: PhysicalConstants.electronvolts(fromNanometres: wavelengths.upperBound), slope: slope(wavelengths.upperBound))
        let flat = lambdas.filter { Self.derivative(p, $0) < 1.0 / 75 }.map { Self.polynomial(p, $0) }
        illConditionedDiameterNanometres = flat.isEmpty ? nil : (flat.min() ?? dLo)...(flat.max() ?? dHi)
    }

    /// D(λ) in nm, the published formula, for any λ (no range check).
    public func diameterNanometres(atWavelengthNanometres lambda: Double) -> Double {
        Self.polynomial((c0, c1, c2, c3, c4), lambda)
    }

    /// First-exciton energy at `diameterNanometres`: the inverted D(λ) inside the calibrated range, power-law
    /// tails outside. NaN in, NaN out. - Complexity: O(1): one grid lookup, a cubic Hermite and one Newton
    /// step; no allocation.
    public func energyUnchecked(diameterNanometres d: Double) -> Double {
        let range = validDiameterNanometres
        // `!(d >= lower)` also routes NaN to the tail (NaN out) instead of trapping in `Int(x)` below.
        if !(d >= range.lowerBound) { return lowTail.energy(atDiameter: d) }
        if d > range.upperBound { return highTail.energy(atDiameter: d) }
        let x = (d - range.lowerBound) / gridStep
        let i = min(Int(x), gridWavelengths.count - 2)
        let t = x - Double(i)
        let t2 = t * t, t3 = t2 * t
        var lambda = (2 * t3 - 3 * t2 + 1) * gridWavelengths[i] + (t3 - 2 * t2 + t) * gridStep * gridSlopes[i]
            + (-2 * t3 + 3 * t2) * gridWavelengths[i + 1] + (t3 - t2) * gridStep * gridSlopes[i + 1]
        let p = (c0, c1, c2, c3, c4)
        lambda -= (Self.polynomial(p, lambda) - d) / Self.derivative(p, lambda)
        return PhysicalConstants.electronvolts(fromNanometres: lambda)
    }

    /// Closed form inside the calibrated range (D(hc/E)); power-law tails outside.
    public func diameterUnchecked(energyElectronvolts e: Double) -> Double {
        let lambda = PhysicalConstants.nanometres(fromElectronvolts: e)
        if lambda < calibratedWavelengthNanometres.lowerBound { return lowTail.diameter(atEnergy: e) }
        if lambda > calibratedWavelengthNanometres.upperBound { return highTail.diameter(atEnergy: e) }
        return diameterNanometres(atWavelengthNanometres: lambda)
    }

    /// λ with D(λ) = d on the calibrated range (construction time): table search, then Newton with a
    /// bisection safeguard (the bracketing table segment always contains the root).
    private static func solveWavelength(_ p: Quartic, diameter d: Double, lambdas: [Double], diameters: [Double]) -> Double {
        var lo = 0, hi = diameters.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if diameters[mid] <= d { lo = mid } else { hi = mid }
        }
        var a = lambdas[lo], b = lambdas[hi]
        var lambda = a + (b - a) * (d - diameters[lo]) / (diameters[hi] - diameters[lo])
        for _ in 0..<100 {
            let f = polynomial(p, lambda) - d
            if f > 0 { b = lambda } else { a = lambda }
            var next = lambda - f / derivative(p, lambda)
            if !(next > a && next < b) { next = 0.5 * (a + b) }
            if abs(next - lambda) <= 1e-13 * lambda { return next }
            lambda = next
        }
        return lambda
    }

    private typealias Quartic = (Double, Double, Double, Double, Double)

    private static func polynomial(_ c: Quartic, _ x: Double) -> Double {
        (((c.4 * x + c.3) * x + c.2) * x + c.1) * x + c.0
    }

    private static func derivative(_ c: Quartic, _ x: Double) -> Double {
        ((4 * c.4 * x + 3 * c.3) * x + 2 * c.2) * x + c.1
    }
}

extension PolynomialSizingCurve {
    /// The compounds Yu et al. 2003 calibrated.
    public enum YuCompound: String, Sendable, CaseIterable {
        case cdSe = "CdSe", cdTe = "CdTe", cdS = "CdS"
    }

    /// Yu, Qu, Guo & Peng, Chem. Mater. 15, 2854 (2003): D(λ) for CdSe (λ 450–650 nm), CdTe (500–720 nm) and
    /// CdS (330–460 nm), TEM diameters of spheres. Coefficients as cross-checked in physics.md §2.
    public static func yu2003(_ compound: YuCompound) -> PolynomialSizingCurve {
        let coefficients: [Double], range: ClosedRange<Double>, gap: Double
        switch compound {
        case .cdSe:
            coefficients = [41.57, -0.4277, 1.6242e-3, -2.6575e-6, 1.6122e-9]; range = 450...650
            gap = MaterialCatalogue.cdse.bulkGapElectronvolts?.value ?? 1.74
        case .cdTe:
            coefficients = [-194.84, 1.0064, -1.7147e-3, 9.8127e-7]; range = 500...720
            gap = MaterialCatalogue.cdte.bulkGapElectronvolts?.value ?? 1.50
        case .cdS:
            coefficients = [13.29, -9.2352e-2, 1.9557e-4, -6.6521e-8]; range = 330...460
            gap = MaterialCatalogue.cds.bulkGapElectronvolts?.value ?? 2.42
        }
        return PolynomialSizingCurve(
            name: "Yu 2003 (\(compound.rawValue))", citation: "Yu, Qu, Guo & Peng, Chem. Mater. 15, 2854 (2003)",
            sizeDefinition: "TEM diameter of a sphere", coefficients: coefficients,
            calibratedWavelengthNanometres: range, bulkGapElectronvolts: gap)
    }

    /// Jasieniak, Smith, van Embden, Mulvaney & Califano, J. Phys. Chem. C 113, 19468 (2009): CdSe,
    /// d(λ) = 59.60816 − 0.54736λ + 1.8873e-3λ² − 2.85743e-6λ³ + 1.62974e-9λ⁴, calibrated λ 460–650 nm
    /// (d ≈ 2.0–7.4 nm; the paper states 2–8 nm).
    public static var jasieniak2009CdSe: PolynomialSizingCurve {
        PolynomialSizingCurve(
            name: "Jasieniak 2009 (CdSe)", citation: "Jasieniak, Smith, van Embden, Mulvaney & Califano, J. Phys. Chem. C 113, 19468 (2009)",
            sizeDefinition: "diameter of a sphere (TEM/SAXS-calibrated)",
            coefficients: [59.60816, -0.54736, 1.8873e-3, -2.85743e-6, 1.62974e-9],
            calibratedWavelengthNanometres: 460...650,
            bulkGapElectronvolts: MaterialCatalogue.cdse.bulkGapElectronvolts?.value ?? 1.74)
    }
}

// MARK: - E = Eg + 1/(a d² + b d + c) (Moreels family)

/// A sizing curve of the form E = Eg + 1/(a·d² + b·d + c) (d in nm), the tight-binding-motivated form of
/// Allan & Delerue fitted by Moreels et al. to PbS (2009) and PbSe (2007).
///
/// Both directions are closed form. The curve is defined for all d > 0, tends to Eg as d → ∞ and to
/// Eg + 1/c as d → 0 (the largest reachable energy; ∞ when c = 0).
public struct InverseQuadraticSizingCurve: InvertibleConfinementModel {
    /// Coefficient a, nm⁻²·eV⁻¹.
    public let a: Double
    /// Coefficient b, nm⁻¹·eV⁻¹.
    public let b: Double
    /// Coefficient c, eV⁻¹.
    public let c: Double
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts: Double
    public let name: String
    public let citation: String
    public let sizeDefinition = "diameter of a sphere (TEM)"
    public let validDiameterNanometres: ClosedRange<Double>

    /// - Precondition: a > 0, b ≥ 0, c ≥ 0 (so the curve is monotone on d > 0).
    public init(name: String, citation: String, bulkGapElectronvolts: Double, a: Double, b: Double, c: Double, validDiameterNanometres: ClosedRange<Double>) {
        precondition(a > 0 && b >= 0 && c >= 0, "E = Eg + 1/(a d² + b d + c) needs a > 0, b ≥ 0, c ≥ 0")
        self.name = name
        self.citation = citation
        bulkLimitElectronvolts = bulkGapElectronvolts
        self.a = a
        self.b = b
        self.c = c
        maximumEnergyElectronvolts = c > 0 ? bulkGapElectronvolts + 1 / c : .infinity
        self.validDiameterNanometres = validDiameterNanometres
    }

    /// Moreels et al., ACS Nano 3, 3023 (2009): PbS, E = 0.41 + 1/(0.0252d² + 0.283d), d ≈ 2.5–9 nm.
    public static let moreels2009PbS = InverseQuadraticSizingCurve(
        name: "Moreels 2009 (PbS)", citation: "Moreels et al., ACS Nano 3, 3023 (2009)",
        bulkGapElectronvolts: 0.41, a: 0.0252, b: 0.283, c: 0, validDiameterNanometres: 2.5...9.0)

    /// Moreels et al., Chem. Mater. 19, 6101 (2007): PbSe, E = 0.278 + 1/(0.016d² + 0.209d + 0.45), d ≈ 2.5–10 nm.
    public static let moreels2007PbSe = InverseQuadraticSizingCurve(
        name: "Moreels 2007 (PbSe)", citation: "Moreels et al., Chem. Mater. 19, 6101 (2007)",
        bulkGapElectronvolts: 0.278, a: 0.016, b: 0.209, c: 0.45, validDiameterNanometres: 2.5...10.0)

    /// E = Eg + 1/(a d² + b d + c). - Complexity: O(1), no allocation.
    @inlinable public func energyUnchecked(diameterNanometres d: Double) -> Double {
        bulkLimitElectronvolts + 1 / ((a * d + b) * d + c)
    }

    /// d = (−b + √(b² − 4a(c − 1/ΔE)))/(2a).
    @inlinable public func diameterUnchecked(energyElectronvolts e: Double) -> Double {
        let q = c - 1 / (e - bulkLimitElectronvolts)
        return (-b + (b * b - 4 * a * q).squareRoot()) / (2 * a)
    }
}

// MARK: - E = Eg + A·x^(−n) (Almeida 2023 InP, Delerue 1993 Si)

/// A sizing curve of the form E = Eg + A·x^(−n), where x = s·d is the size variable of the publication
/// (d the diameter in nm, s a fixed conversion factor).
///
/// Both directions are closed form; E → Eg as d → ∞ and → ∞ as d → 0.
public struct PowerLawSizingCurve: InvertibleConfinementModel {
    /// A (eV·unitⁿ) of the published formula.
    public let amplitude: Double
    /// n of the published formula.
    public let exponent: Double
    /// Converts the diameter in nm to the publication's size variable x = s·d.
    public let sizeVariablePerNanometre: Double
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    public let name: String
    public let citation: String
    public let sizeDefinition: String
    public let validDiameterNanometres: ClosedRange<Double>

    /// - Precondition: amplitude > 0, exponent > 0, sizeVariablePerNanometre > 0.
    public init(
        name: String, citation: String, sizeDefinition: String, bulkGapElectronvolts: Double,
        amplitude: Double, exponent: Double, sizeVariablePerNanometre: Double, validDiameterNanometres: ClosedRange<Double>
    ) {
        precondition(amplitude > 0 && exponent > 0 && sizeVariablePerNanometre > 0, "E = Eg + A·x^(−n) needs A, n, s > 0")
        self.name = name
        self.citation = citation
        self.sizeDefinition = sizeDefinition
        bulkLimitElectronvolts = bulkGapElectronvolts
        self.amplitude = amplitude
        self.exponent = exponent
        self.sizeVariablePerNanometre = sizeVariablePerNanometre
        self.validDiameterNanometres = validDiameterNanometres
    }

    /// Almeida et al., Nano Lett. 23, 8697 (2023): InP tetrahedra, E = 1.33 + 9.128·L^(−0.684) with L the
    /// tetrahedron edge in Å. The diameter here is the equal-volume sphere diameter d = (π√2)^(−1/3)·L
    /// = 0.6083·L (see `TetrahedronSize`), so x = L[Å] = 10·d/0.6083. Valid for L ≈ 1.5–4.5 nm
    /// (d ≈ 0.91–2.74 nm), the range of the published samples (λ ≈ 450–620 nm).
    public static let almeida2023InP = PowerLawSizingCurve(
        name: "Almeida 2023 (InP)", citation: "Almeida et al., Nano Lett. 23, 8697 (2023)",
        sizeDefinition: "diameter of the sphere with the tetrahedron's volume, d = 0.6083·L (L = edge length); see TetrahedronSize",
        bulkGapElectronvolts: 1.33, amplitude: 9.128, exponent: 0.684,
        sizeVariablePerNanometre: 10 / TetrahedronSize.equivalentDiameterPerEdgeLength,
        validDiameterNanometres: (1.5 * TetrahedronSize.equivalentDiameterPerEdgeLength)...(4.5 * TetrahedronSize.equivalentDiameterPerEdgeLength))

    /// Delerue, Allan & Lannoo, Phys. Rev. B 48, 11024 (1993): tight-binding optical gap of Si crystallites,
    /// E = 1.12 + 3.73·d^(−1.39), d 1.5–5 nm. Coefficients quoted from memory in physics.md (confidence M):
    /// the indirect gap has no excitonic absorption peak, so "first exciton" here is the optical gap.
    public static let delerue1993Si = PowerLawSizingCurve(
        name: "Delerue 1993 (Si)", citation: "Delerue, Allan & Lannoo, Phys. Rev. B 48, 11024 (1993)",
        sizeDefinition: "diameter of a sphere (tight-binding crystallite)",
        bulkGapElectronvolts: 1.12, amplitude: 3.73, exponent: 1.39,
        sizeVariablePerNanometre: 1, validDiameterNanometres: 1.5...5.0)

    /// E = Eg + A·(s·d)^(−n). - Complexity: O(1) (one `pow`), no allocation.
    @inlinable public func energyUnchecked(diameterNanometres d: Double) -> Double {
        bulkLimitElectronvolts + amplitude * pow(sizeVariablePerNanometre * d, -exponent)
    }

    /// d = (A/ΔE)^(1/n)/s.
    @inlinable public func diameterUnchecked(energyElectronvolts e: Double) -> Double {
        pow(amplitude / (e - bulkLimitElectronvolts), 1 / exponent) / sizeVariablePerNanometre
    }
}

/// Size conversions for tetrahedral nanocrystals (InP): the equal-volume sphere diameter of a regular
/// tetrahedron with edge L is d = (6V/π)^(1/3) with V = L³/(6√2), i.e. d = (π√2)^(−1/3)·L ≈ 0.6083·L.
public enum TetrahedronSize {
    /// d/L = (π√2)^(−1/3) ≈ 0.608 29.
    public static let equivalentDiameterPerEdgeLength = pow(Double.pi * 2.0.squareRoot(), -1.0 / 3.0)

    /// Equal-volume sphere diameter (nm) of a tetrahedron with edge `edgeLengthNanometres`.
    public static func equivalentDiameter(edgeLengthNanometres: Double) -> Double {
        edgeLengthNanometres * equivalentDiameterPerEdgeLength
    }

    /// Tetrahedron edge length (nm) with the volume of a sphere of diameter `diameterNanometres`.
    public static func edgeLength(equivalentDiameterNanometres: Double) -> Double {
        equivalentDiameterNanometres / equivalentDiameterPerEdgeLength
    }
}

extension InvertibleConfinementModel {
    /// First exciton of a tetrahedral particle of edge `edgeLengthNanometres` (converted to the equal-volume
    /// sphere diameter, the size definition of the Almeida 2023 InP curve).
    /// - Throws: as `firstExciton(diameterNanometres:)`; the result's diameter is the equal-volume diameter.
    public func firstExciton(edgeLengthNanometres: Double) throws -> ConfinementResult {
        try firstExciton(diameterNanometres: TetrahedronSize.equivalentDiameter(edgeLengthNanometres: edgeLengthNanometres))
    }

    /// Tetrahedron edge length (nm) whose first exciton lies at `energyElectronvolts`.
    /// - Throws: as `diameter(forEnergyElectronvolts:)`.
    public func edgeLengthNanometres(forEnergyElectronvolts energyElectronvolts: Double) throws -> Double {
        TetrahedronSize.edgeLength(equivalentDiameterNanometres: try diameter(forEnergyElectronvolts: energyElectronvolts).diameterNanometres)
    }
}

// MARK: - Tabulated data (Toufanian 2021 ZnSe)

/// A sizing curve through tabulated (diameter, peak energy) points, interpolated with a monotone piecewise
/// cubic Hermite (PCHIP, Fritsch & Carlson, SIAM J. Numer. Anal. 17, 238 (1980); end slopes by the
/// three-point formula, limited as in Fritsch–Butland/Moler's `pchip`). PCHIP keeps strictly decreasing data
/// strictly decreasing and passes through every point, which a global fit to scattered SAXS means would not.
///
/// Outside the table the curve continues with C¹ power-law tails toward the bulk gap (`PowerLawTail`). The
/// inverse locates the segment by energy and solves its cubic by safeguarded Newton.
public struct TabulatedSizingCurve: InvertibleConfinementModel {
    /// Tabulated diameters, nm, increasing.
    public let diameters: [Double]
    /// Tabulated first-exciton energies, eV, decreasing.
    public let energies: [Double]
    public let bulkLimitElectronvolts: Double
    public let maximumEnergyElectronvolts = Double.infinity
    public let name: String
    public let citation: String
    public let sizeDefinition: String
    public let validDiameterNanometres: ClosedRange<Double>
    private let slopes: [Double]
    private let lowTail: PowerLawTail
    private let highTail: PowerLawTail

    /// - Precondition: at least 3 points, diameters strictly increasing, energies strictly decreasing and
    ///   above `bulkGapElectronvolts` (true for the shipped data; checked by the tests).
    public init(name: String, citation: String, sizeDefinition: String, diameters: [Double], energies: [Double], bulkGapElectronvolts: Double) {
        precondition(diameters.count == energies.count && diameters.count >= 3, "need ≥ 3 (d, E) pairs")
        self.name = name
        self.citation = citation
        self.sizeDefinition = sizeDefinition
        self.diameters = diameters
        self.energies = energies
        bulkLimitElectronvolts = bulkGapElectronvolts
        let count = diameters.count
        let h = (0..<(count - 1)).map { diameters[$0 + 1] - diameters[$0] }
        let delta = (0..<(count - 1)).map { (energies[$0 + 1] - energies[$0]) / h[$0] }
        var m = [Double](repeating: 0, count: count)
        for k in 1..<(count - 1) where delta[k - 1] * delta[k] > 0 {
            // Weighted harmonic mean (Fritsch–Butland), as in Moler's pchip.
            let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
        }
        func endSlope(_ h0: Double, _ h1: Double, _ d0: Double, _ d1: Double) -> Double {
            var s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
            if s * d0 <= 0 { s = 0 } else if d0 * d1 < 0, abs(s) > abs(3 * d0) { s = 3 * d0 }
            return s
        }
        m[0] = endSlope(h[0], h[1], delta[0], delta[1])
        m[count - 1] = endSlope(h[count - 2], h[count - 3], delta[count - 2], delta[count - 3])
        // A zero end slope would give a zero tail exponent; use the secant there instead.
        if m[0] == 0 { m[0] = delta[0] }
        if m[count - 1] == 0 { m[count - 1] = delta[count - 2] }
        slopes = m
        validDiameterNanometres = diameters[0]...diameters[count - 1]
        lowTail = PowerLawTail(bulk: bulkGapElectronvolts, diameter: diameters[0], energy: energies[0], slope: m[0])
        highTail = PowerLawTail(bulk: bulkGapElectronvolts, diameter: diameters[count - 1], energy: energies[count - 1], slope: m[count - 1])
    }

    /// Toufanian et al., Chem. Mater. 33, 7527 (2021), Table 1: ten ZnSe samples, SAXS mean diameters
    /// 2.04–5.75 nm ↔ 1S peaks 361–422 nm (energies hc/λ as in the QDLab fixture). Bulk gap from the catalogue.
    public static var toufanian2021ZnSe: TabulatedSizingCurve {
        let diameters = [2.04, 2.21, 2.48, 2.86, 3.02, 3.46, 4.31, 4.42, 5.36, 5.75]
        let peaks = [361.0, 364.0, 375.0, 383.0, 390.0, 397.0, 405.0, 410.0, 419.0, 422.0]
        return TabulatedSizingCurve(
            name: "Toufanian 2021 (ZnSe, PCHIP)", citation: "Toufanian et al., Chem. Mater. 33, 7527 (2021), Table 1",
            sizeDefinition: "SAXS mean diameter (sphere)", diameters: diameters,
            energies: peaks.map { PhysicalConstants.electronvolts(fromNanometres: $0) },
            bulkGapElectronvolts: MaterialCatalogue.znse.bulkGapElectronvolts?.value ?? 2.70)
    }

    /// PCHIP inside the table, power-law tails outside. - Complexity: O(log n), no allocation.
    public func energyUnchecked(diameterNanometres d: Double) -> Double {
        if d <= diameters[0] { return d == diameters[0] ? energies[0] : lowTail.energy(atDiameter: d) }
        let last = diameters.count - 1
        if d >= diameters[last] { return d == diameters[last] ? energies[last] : highTail.energy(atDiameter: d) }
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if diameters[mid] <= d { lo = mid } else { hi = mid }
        }
        return hermite(segment: lo, at: d)
    }

    /// Segment search by energy, then safeguarded Newton on the segment's cubic.
    public func diameterUnchecked(energyElectronvolts e: Double) -> Double {
        let last = diameters.count - 1
        if e >= energies[0] { return e == energies[0] ? diameters[0] : lowTail.diameter(atEnergy: e) }
        if e <= energies[last] { return e == energies[last] ? diameters[last] : highTail.diameter(atEnergy: e) }
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if energies[mid] >= e { lo = mid } else { hi = mid }
        }
        var a = diameters[lo], b = diameters[hi]
        var x = a + (b - a) * (e - energies[lo]) / (energies[hi] - energies[lo])
        for _ in 0..<60 {
            let f = hermite(segment: lo, at: x) - e  // decreasing in x
            if f > 0 { a = x } else { b = x }
            var next = x - f / hermiteSlope(segment: lo, at: x)
            if !(next > a && next < b) { next = 0.5 * (a + b) }
            if abs(next - x) <= 1e-14 * x { return next }
            x = next
        }
        return x
    }

    private func hermite(segment k: Int, at x: Double) -> Double {
        let h = diameters[k + 1] - diameters[k], t = (x - diameters[k]) / h
        let t2 = t * t, t3 = t2 * t
        return (2 * t3 - 3 * t2 + 1) * energies[k] + (t3 - 2 * t2 + t) * h * slopes[k]
            + (-2 * t3 + 3 * t2) * energies[k + 1] + (t3 - t2) * h * slopes[k + 1]
    }

    private func hermiteSlope(segment k: Int, at x: Double) -> Double {
        let h = diameters[k + 1] - diameters[k], t = (x - diameters[k]) / h
        let t2 = t * t
        return ((6 * t2 - 6 * t) * energies[k] + (-6 * t2 + 6 * t) * energies[k + 1]) / h
            + (3 * t2 - 4 * t + 1) * slopes[k] + (3 * t2 - 2 * t) * slopes[k + 1]
    }
}

import Foundation
import QDPhysics

/// Which optical quantity the target wavelength refers to.
public enum TargetQuantity: String, Sendable, Codable, CaseIterable {
    /// The photoluminescence peak (displays, bioimaging).
    case emission
    /// The first-exciton absorption peak (photovoltaics, photodetectors).
    case absorption
}

/// How robust a candidate is expected to be in air, light and solvent; ordered low < medium < high.
public enum StabilityLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high

    /// The smallest `StabilityScore` (0–1) that counts as this level: low 0, medium 0.4, high 0.7.
    public var minimumScore: Double {
        switch self {
        case .low: 0
        case .medium: 0.4
        case .high: 0.7
        }
    }

    /// The level of a score in [0, 1].
    public static func of(score: Double) -> StabilityLevel {
        score >= StabilityLevel.high.minimumScore ? .high : (score >= StabilityLevel.medium.minimumScore ? .medium : .low)
    }

    public static func < (a: StabilityLevel, b: StabilityLevel) -> Bool {
        let order: [StabilityLevel] = [.low, .medium, .high]
        return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
    }
}

/// Application presets: a target window and sensible defaults, each with its source.
public enum DesignPreset: String, Sendable, Codable, CaseIterable {
    /// ITU-R BT.2020 red primary, monochromatic 630 nm.
    case displayRed = "display-red"
    /// ITU-R BT.2020 green primary, 532 nm.
    case displayGreen = "display-green"
    /// ITU-R BT.2020 blue primary, 467 nm.
    case displayBlue = "display-blue"
    /// First near-infrared bioimaging window, 700–900 nm.
    case nirI = "nir-i"
    /// Second near-infrared bioimaging window, 1000–1700 nm.
    case nirII = "nir-ii"
    /// Single-junction photovoltaic absorber at the Shockley–Queisser optimum gap.
    case photovoltaic = "pv"

    /// The preset called `name` (case-insensitive; "nir2", "nirii" and "nir-2" are accepted for nir-ii, and
    /// likewise for nir-i; "photovoltaic" for pv).
    /// - Throws: `DesignError.unknownPreset` listing the presets.
    public static func named(_ name: String) throws -> DesignPreset {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        let aliases: [String: DesignPreset] = [
            "nir1": .nirI, "nir-1": .nirI, "niri": .nirI, "nir2": .nirII, "nir-2": .nirII, "nirii": .nirII,
            "photovoltaic": .photovoltaic, "red": .displayRed, "green": .displayGreen, "blue": .displayBlue,
        ]
        if let preset = DesignPreset(rawValue: key) ?? aliases[key] { return preset }
        throw DesignError(.unknownPreset, "Unknown preset '\(name)' (rule: one of \(allCases.map(\.rawValue).joined(separator: ", "))). Pick one of those, or give a target with --emission or --cie.")
    }

    /// What the preset means and where its numbers come from.
    public var rationale: String {
        switch self {
        case .displayRed, .displayGreen, .displayBlue:
            return "ITU-R Recommendation BT.2020 (2012) primaries are monochromatic at 630, 532 and 467 nm; target ± 5 nm. FWHM ≤ 35 nm is QDLab's reading of commercial QD colour-converter specifications (typically 20–40 nm), not a standard."
        case .nirI:
            return "NIR-I bioimaging window 700–900 nm (Hong, Antaris & Dai, Nat. Biomed. Eng. 1, 0010 (2017)); centre 800 nm."
        case .nirII:
            return "NIR-II bioimaging window 1000–1700 nm (Hong, Antaris & Dai, Nat. Biomed. Eng. 1, 0010 (2017)); centre 1300 nm."
        case .photovoltaic:
            return "Shockley–Queisser optimum single-junction gap ≈ 1.34 eV (925 nm) under AM1.5G (Rühle, Solar Energy 130, 139 (2016)); window 1.1–1.4 eV (886–1127 nm) on the first-exciton absorption."
        }
    }

    /// The request this preset stands for (constraints empty; add them afterwards).
    public var request: DesignRequest {
        switch self {
        case .displayRed: return DesignRequest(targetNanometres: 630, window: 625...635, maxFWHMNanometres: 35, preset: self)
        case .displayGreen: return DesignRequest(targetNanometres: 532, window: 527...537, maxFWHMNanometres: 35, preset: self)
        case .displayBlue: return DesignRequest(targetNanometres: 467, window: 462...472, maxFWHMNanometres: 35, preset: self)
        case .nirI: return DesignRequest(targetNanometres: 800, window: 700...900, preset: self)
        case .nirII: return DesignRequest(targetNanometres: 1300, window: 1000...1700, preset: self)
        case .photovoltaic:
            let hc = PhysicalConstants.hcElectronvoltNanometres
            return DesignRequest(targetNanometres: hc / 1.34, window: (hc / 1.4)...(hc / 1.1), quantity: .absorption, preset: self)
        }
    }
}

/// Hard constraints on candidates.
public struct DesignConstraints: Sendable, Codable, Equatable {
    /// No cadmium at all.
    public var cadmiumFree: Bool
    /// No lead at all.
    public var leadFree: Bool
    /// Passes RoHS Annex II limits on the basis `rohsLoadingMassFraction` (`RoHSAssessment`).
    public var rohs: Bool
    /// QD mass fraction in the homogeneous material for the RoHS check (1: the QD itself).
    public var rohsLoadingMassFraction: Double
    /// When set, every element of the particle (ligands excepted) must be in this set.
    public var allowedElements: Set<String>?
    /// Largest precursor cost, USD per gram of QD (`CostModel`).
    public var maxCostUSDPerGram: Double?
    /// Smallest acceptable stability level.
    public var minimumStability: StabilityLevel?

    /// Constraints; all off by default.
    public init(cadmiumFree: Bool = false, leadFree: Bool = false, rohs: Bool = false, rohsLoadingMassFraction: Double = 1,
                allowedElements: Set<String>? = nil, maxCostUSDPerGram: Double? = nil, minimumStability: StabilityLevel? = nil) {
        self.cadmiumFree = cadmiumFree
        self.leadFree = leadFree
        self.rohs = rohs
        self.rohsLoadingMassFraction = rohsLoadingMassFraction
        self.allowedElements = allowedElements
        self.maxCostUSDPerGram = maxCostUSDPerGram
        self.minimumStability = minimumStability
    }

    /// The constraints as short words for explanations ("Cd-free, RoHS").
    public var summary: String {
        var parts: [String] = []
        if cadmiumFree { parts.append("Cd-free") }
        if leadFree { parts.append("Pb-free") }
        if rohs { parts.append(rohsLoadingMassFraction == 1 ? "RoHS" : String(format: "RoHS at %.3g wt %% loading", 100 * rohsLoadingMassFraction)) }
        if let allowedElements { parts.append("elements ⊆ {\(allowedElements.sorted().joined(separator: ", "))}") }
        if let maxCostUSDPerGram { parts.append(String(format: "cost ≤ %.4g USD/g", maxCostUSDPerGram)) }
        if let minimumStability { parts.append("stability ≥ \(minimumStability.rawValue)") }
        return parts.isEmpty ? "no constraints" : parts.joined(separator: ", ")
    }
}

/// What the chemist asks for: a target colour and limits. Validate with `validated()` before screening.
public struct DesignRequest: Sendable, Codable, Equatable {
    /// The preferred peak wavelength, nm (the objective |λ − target|).
    public var targetNanometres: Double
    /// The acceptable peak range, nm (a candidate outside it is infeasible).
    public var window: ClosedRange<Double>
    /// Emission or first-exciton absorption.
    public var quantity: TargetQuantity
    /// Largest emission FWHM, nm.
    public var maxFWHMNanometres: Double?
    /// Smallest predicted PLQY (0–1), judged on `PLQYPrior`.
    public var minimumPLQY: Double?
    /// Hard constraints.
    public var constraints: DesignConstraints
    /// Relative size dispersion σ_d/d assumed for every candidate (default 0.05, a well-made batch; physics
    /// reference §4 quotes widths at 5 %).
    public var sizeDispersion: Double
    /// The preset this request came from, if any.
    public var preset: DesignPreset?

    /// A request for a peak at `targetNanometres` within `window` (default ± 10 nm).
    public init(targetNanometres: Double, window: ClosedRange<Double>? = nil, quantity: TargetQuantity = .emission,
                maxFWHMNanometres: Double? = nil, minimumPLQY: Double? = nil, constraints: DesignConstraints = DesignConstraints(),
                sizeDispersion: Double = 0.05, preset: DesignPreset? = nil) {
        self.targetNanometres = targetNanometres
        self.window = window ?? (targetNanometres - 10)...(targetNanometres + 10)
        self.quantity = quantity
        self.maxFWHMNanometres = maxFWHMNanometres
        self.minimumPLQY = minimumPLQY
        self.constraints = constraints
        self.sizeDispersion = sizeDispersion
        self.preset = preset
    }

    /// A request whose target is the dominant wavelength of a CIE 1931 chromaticity (`CIEColour`).
    /// - Throws: as `CIEColour.dominantWavelength(of:)`.
    public static func colour(_ target: CIEColour.Chromaticity, toleranceNanometres: Double = 5, maxFWHMNanometres: Double? = nil) throws -> DesignRequest {
        let lambda = try CIEColour.dominantWavelength(of: target)
        return DesignRequest(targetNanometres: lambda, window: (lambda - toleranceNanometres)...(lambda + toleranceNanometres), maxFWHMNanometres: maxFWHMNanometres)
    }

    /// The request after checking every field.
    /// - Throws: `DesignError.invalidRequest` for a non-finite or non-positive target, a target outside its window,
    ///   a window outside 250–5000 nm, a FWHM ≤ 0, a PLQY outside (0, 1], a size dispersion outside [0, 0.5],
    ///   a RoHS loading outside (0, 1], a cost ≤ 0, or both Cd-free and an element list containing Cd;
    ///   `.unknownElement` for an element symbol QDLab does not know.
    public func validated() throws -> DesignRequest {
        guard targetNanometres.isFinite, targetNanometres > 0 else {
            throw DesignError(.invalidRequest, "Target \(targetNanometres) nm is not valid (rule: a finite wavelength > 0 nm). Pass e.g. --emission 530.")
        }
        guard window.lowerBound >= 250, window.upperBound <= 5000 else {
            throw DesignError(.invalidRequest, String(format: "Target window %.0f–%.0f nm is outside what QDLab screens (rule: 250–5000 nm, UV to mid-IR). Choose a target in that range.", window.lowerBound, window.upperBound))
        }
        guard window.contains(targetNanometres) else {
            throw DesignError(.invalidRequest, String(format: "Target %.1f nm lies outside its own window %.1f–%.1f nm (rule: the window must contain the target). Widen the tolerance.", targetNanometres, window.lowerBound, window.upperBound))
        }
        if let f = maxFWHMNanometres, !(f.isFinite && f > 0) {
            throw DesignError(.invalidRequest, "Maximum FWHM \(f) nm is not valid (rule: a finite width > 0 nm). Pass e.g. --max-fwhm 35.")
        }
        if let q = minimumPLQY, !(q.isFinite && q > 0 && q <= 1) {
            throw DesignError(.invalidRequest, "Minimum PLQY \(q) is not valid (rule: a fraction in (0, 1], e.g. 0.7 for 70 %). Pass --min-plqy 0.7.")
        }
        guard sizeDispersion.isFinite, sizeDispersion >= 0, sizeDispersion <= 0.5 else {
            throw DesignError(.invalidRequest, "Size dispersion \(sizeDispersion) is not valid (rule: σ_d/d in [0, 0.5]; 0.05 is a good batch). Pass e.g. --size-dispersion 0.08.")
        }
        let c = constraints
        guard c.rohsLoadingMassFraction.isFinite, c.rohsLoadingMassFraction > 0, c.rohsLoadingMassFraction <= 1 else {
            throw DesignError(.invalidRequest, "RoHS loading \(c.rohsLoadingMassFraction) is not valid (rule: a QD mass fraction in (0, 1]; 1 means the QD itself). Pass e.g. --rohs-loading 0.01.")
        }
        if let cost = c.maxCostUSDPerGram, !(cost.isFinite && cost > 0) {
            throw DesignError(.invalidRequest, "Maximum cost \(cost) USD/g is not valid (rule: finite > 0). Pass e.g. --max-cost 50.")
        }
        if let elements = c.allowedElements {
            for symbol in elements.sorted() where Element.table[symbol] == nil {
                let known = Element.table.keys.sorted().joined(separator: ", ")
                throw DesignError(.unknownElement, "Unknown element '\(symbol)' in the allowed elements (rule: a chemical symbol as written in chemistry, e.g. 'In', 'Zn'; case matters). Known: \(known).")
            }
            if c.cadmiumFree, elements.contains("Cd") {
                throw DesignError(.invalidRequest, "Allowed elements include Cd while Cd-free is asked (rule: the two must agree). Drop Cd from the list or the Cd-free flag.")
            }
        }
        return self
    }
}

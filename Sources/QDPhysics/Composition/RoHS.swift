import Foundation

/// Restriction of Hazardous Substances check of a QD's elemental composition.
///
/// Limits: EU Directive 2011/65/EU (RoHS 2), Annex II as amended by Commission Delegated Directive (EU)
/// 2015/863: cadmium 0.01 % (100 ppm); lead, mercury and hexavalent chromium 0.1 % (1000 ppm), each by weight
/// of homogeneous material. The PBB/PBDE flame retardants and the four phthalates added by 2015/863 are organic
/// and not assessed here.
///
/// Basis: the "homogeneous material" is the QD including its ligands (`ParticleComposition`), or, when a
/// `loadingMassFraction` is given, a film or matrix (e.g. a QD-in-polymer colour-conversion film) containing
/// that mass fraction of QDs and none of the restricted elements. Which basis applies to a product is a legal
/// question for the product's compliance file; QDLab reports both numbers, never a legal conclusion.
/// Chromium is reported as total Cr, an upper bound on Cr(VI).
/// Exemptions exist (Annex III/IV; e.g. Cd in colour-converting II–VI LED/display materials was exempted
/// for years under item 39) and are not applied: check the current annexes for your product.
public struct RoHSAssessment: Sendable, Codable, Equatable {
    /// One restricted substance's result.
    public struct Entry: Sendable, Codable, Equatable {
        /// Element symbol ("Cd", "Pb", "Hg", "Cr").
        public let element: String
        /// What the limit covers ("cadmium", "hexavalent chromium (total Cr reported as upper bound)").
        public let substance: String
        /// Mass fraction in the homogeneous material.
        public let massFraction: Double
        /// Maximum concentration value, as a mass fraction (0.0001 for Cd).
        public let limit: Double
        public let passes: Bool
        /// limit − massFraction (negative when failing), as a mass fraction.
        public let margin: Double
        /// massFraction / limit (> 1 fails).
        public let ratioToLimit: Double
    }

    /// Entries in the order Cd, Pb, Hg, Cr.
    public let entries: [Entry]
    /// QD mass fraction in the homogeneous material (1 for the bare QD basis).
    public let loadingMassFraction: Double
    /// Plain statement of the basis used.
    public let basis: String
    /// True when every entry passes.
    public var passes: Bool { entries.allSatisfy(\.passes) }

    /// Limits of Annex II (mass fractions), by element.
    public static let limits: [(element: String, substance: String, limit: Double)] = [
        ("Cd", "cadmium", 0.0001),
        ("Pb", "lead", 0.001),
        ("Hg", "mercury", 0.001),
        ("Cr", "hexavalent chromium (total Cr reported as an upper bound)", 0.001),
    ]

    /// Assesses element mass fractions (`ParticleComposition.massFractions`, or any element → fraction map).
    /// - Parameter loadingMassFraction: QD mass fraction in the film/matrix (0 < x ≤ 1; default 1 = the QD
    ///   itself is the homogeneous material).
    /// - Throws: `PhysicsError.invalidValue` for a loading outside (0, 1] or a NaN/negative fraction.
    public init(massFractions: [String: Double], loadingMassFraction: Double = 1) throws {
        guard loadingMassFraction.isFinite, loadingMassFraction > 0, loadingMassFraction <= 1 else {
            throw PhysicsError(.invalidValue, "QD loading \(loadingMassFraction) is not valid (rule: a mass fraction in (0, 1]; 1 means the QD itself). Pass e.g. 0.01 for 1 wt % QDs in the film.")
        }
        for (symbol, fraction) in massFractions where !(fraction.isFinite && fraction >= 0) {
            throw PhysicsError(.invalidValue, "Mass fraction \(fraction) of \(symbol) is not valid (rule: finite ≥ 0).")
        }
        entries = Self.limits.map { row in
            let fraction = (massFractions[row.element] ?? 0) * loadingMassFraction
            return Entry(
                element: row.element, substance: row.substance, massFraction: fraction, limit: row.limit,
                passes: fraction <= row.limit, margin: row.limit - fraction, ratioToLimit: fraction / row.limit)
        }
        self.loadingMassFraction = loadingMassFraction
        basis = loadingMassFraction == 1
            ? "homogeneous material = the QD including its ligands"
            : String(format: "homogeneous material = film/matrix with %.4g wt %% QDs (matrix free of restricted elements)", 100 * loadingMassFraction)
    }

    /// Assesses a particle composition. - Throws: as `init(massFractions:loadingMassFraction:)`.
    public init(composition: ParticleComposition, loadingMassFraction: Double = 1) throws {
        try self.init(massFractions: composition.massFractions, loadingMassFraction: loadingMassFraction)
    }
}

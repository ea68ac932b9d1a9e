/// The size ↔ gap models QDLab ships. Which apply to a material: `ConfinementModels.available(for:)`.
public enum ConfinementModelKind: String, CaseIterable, Codable, Sendable {
    /// Brus 1984 effective mass + Coulomb (`BrusModel`): any material with a gap, masses and ε.
    case brus
    /// Two-band Kane non-parabolic electron (`KaneModel`): any material with a gap, masses and ε.
    case kane
    /// Hyperbolic band, Wang et al. 1987 (`HyperbolicBandModel`): rock-salt lead salts.
    case hyperbolic
    /// Finite spherical barrier, Nosaka 1991 (`FiniteBarrierModel`): materials with masses and band edges.
    case finiteBarrier
    /// Yu et al. 2003 polynomials: CdSe, CdTe, CdS.
    case yu2003
    /// Jasieniak et al. 2009 polynomial: CdSe.
    case jasieniak2009
    /// Moreels et al. 2009: PbS.
    case moreels2009
    /// Moreels et al. 2007: PbSe.
    case moreels2007
    /// Almeida et al. 2023 power law for InP tetrahedra.
    case almeida2023
    /// Toufanian et al. 2021 tabulated SAXS data, monotone (PCHIP) interpolation: ZnSe.
    case toufanian2021
    /// Delerue et al. 1993 tight-binding optical gap: Si.
    case delerue1993
}

/// Model lookup by material: the default ("best available") model with its reason, a named model, and the
/// list of models that apply.
public enum ConfinementModels {
    /// The best available model for `materialID` (see `defaultReason(for:)` and docs/physics.md).
    /// - Throws: `PhysicsError.unknownMaterial` (listing the known ids); `.missingParameter` for carbon dots
    ///   (only data-driven models apply) and for AgInS2 (no reliable effective masses).
    public static func defaultModel(for materialID: String) throws -> any ConfinementModel {
        let material = try MaterialCatalogue.material(materialID)
        return try model(defaultChoice(for: material).kind, for: material)
    }

    /// Why the default model was chosen for `materialID`, including its known bias.
    /// - Throws: as `defaultModel(for:)`.
    public static func defaultReason(for materialID: String) throws -> String {
        let material = try MaterialCatalogue.material(materialID)
        return try defaultChoice(for: material).reason
    }

    /// The default model kind for `materialID`. - Throws: as `defaultModel(for:)`.
    public static func defaultKind(for materialID: String) throws -> ConfinementModelKind {
        try defaultChoice(for: MaterialCatalogue.material(materialID)).kind
    }

    /// Model `kind` built for `materialID`.
    /// - Throws: `PhysicsError.unknownMaterial`; `.missingParameter` when the material lacks what the model
    ///   needs (carbon dots: always); `.unsupportedModel` when the model was not calibrated for the material
    ///   (the message lists the models that apply).
    public static func model(_ kind: ConfinementModelKind, for materialID: String) throws -> any ConfinementModel {
        try model(kind, for: MaterialCatalogue.material(materialID))
    }

    /// The models that can be built for `materialID`, in `ConfinementModelKind` order; empty for an unknown
    /// material or carbon dots.
    public static func available(for materialID: String) -> [ConfinementModelKind] {
        guard let material = try? MaterialCatalogue.material(materialID) else { return [] }
        return ConfinementModelKind.allCases.filter { (try? model($0, for: material)) != nil }
    }

    // MARK: - Construction

    static func model(_ kind: ConfinementModelKind, for material: Material) throws -> any InvertibleConfinementModel {
        if material.empiricalOnly {
            throw PhysicsError(
                .missingParameter,
                "No size ↔ gap model applies to \(material.id) (rule: confinement models need a bulk semiconductor; \(material.id) has no bulk gap or effective masses). Only data-driven models apply: fit one on measured spectra with QDLearn.")
        }
        if let built = try build(kind, for: material) { return built }
        let applicable = ConfinementModelKind.allCases.filter { (try? build($0, for: material)) ?? nil != nil }
        throw PhysicsError(
            .unsupportedModel,
            "Model '\(kind.rawValue)' is not available for \(material.id) (rule: empirical curves apply only to the material they were calibrated on). Available for \(material.id): \(applicable.map(\.rawValue).joined(separator: ", ")).")
    }

    /// The model, `nil` when `kind` is an empirical curve calibrated on another material.
    /// - Throws: what the physical models' initialisers throw (missing parameters, wrong structure).
    private static func build(_ kind: ConfinementModelKind, for material: Material) throws -> (any InvertibleConfinementModel)? {
        switch kind {
        case .brus: return try BrusModel(material: material)
        case .kane: return try KaneModel(material: material)
        case .hyperbolic: return try HyperbolicBandModel(material: material)
        case .finiteBarrier: return try FiniteBarrierModel(material: material)
        case .yu2003: return PolynomialSizingCurve.YuCompound(rawValue: material.id).map(PolynomialSizingCurve.yu2003)
        case .jasieniak2009: return material.id == "CdSe" ? PolynomialSizingCurve.jasieniak2009CdSe : nil
        case .moreels2009: return material.id == "PbS" ? InverseQuadraticSizingCurve.moreels2009PbS : nil
        case .moreels2007: return material.id == "PbSe" ? InverseQuadraticSizingCurve.moreels2007PbSe : nil
        case .almeida2023: return material.id == "InP" ? PowerLawSizingCurve.almeida2023InP : nil
        case .toufanian2021: return material.id == "ZnSe" ? TabulatedSizingCurve.toufanian2021ZnSe : nil
        case .delerue1993: return material.id == "Si" ? PowerLawSizingCurve.delerue1993Si : nil
        }
    }

    /// Measured on the nine published curves (fixture rows, docs/physics.md): mean absolute error in eV.
    private static let physicalModelEvidence = "On the nine published curves QDLab ships, the finite-barrier model has the lowest error of the physical models on seven (MAE CdSe 0.13 eV vs Kane 0.46 and Brus 0.92; PbS 0.17 vs hyperbolic 0.26; InP 0.79 vs Kane 2.41), but it is worse than Kane for CdS and Si, still overestimates small dots on average, and its default barrier (the vacuum level from the catalogue's band edges) is a simplification: treat sizes below ~3 nm as rough."

    static func defaultChoice(for material: Material) throws -> (kind: ConfinementModelKind, reason: String) {
        switch material.id {
        case "CdSe":
            return (.jasieniak2009, "Jasieniak 2009: the larger calibration set (TEM and SAXS sizes) with extinction coefficients, more recent than Yu 2003; the two agree within 0.15 nm over 460–630 nm.")
        case "CdTe":
            return (.yu2003, "Yu 2003: the only published CdTe curve. Its cubic is nearly flat at 540–620 nm (sizes 3.1–3.9 nm), where a 0.1 nm size error moves the peak by > 7.5 nm.")
        case "CdS":
            return (.yu2003, "Yu 2003: the standard published CdS sizing curve.")
        case "ZnSe":
            return (.toufanian2021, "Toufanian 2021: measured SAXS sizes (ten samples), interpolated monotonically (PCHIP); no closed-form curve is published.")
        case "InP":
            return (.almeida2023, "Almeida 2023: fitted on InP tetrahedra; diameters are equal-volume sphere diameters (d = 0.6083·edge length).")
        case "PbS":
            return (.moreels2009, "Moreels 2009: the standard PbS curve, with a bulk-gap limit and a tight-binding-motivated form.")
        case "PbSe":
            return (.moreels2007, "Moreels 2007: the standard PbSe curve, with a bulk-gap limit.")
        case "Si":
            return (.delerue1993, "Delerue 1993: tight-binding optical gap (indirect gap, no excitonic peak); coefficients quoted from memory in physics.md (confidence M).")
        case "AgInS2":
            throw PhysicsError(
                .missingParameter,
                "AgInS2 has no reliable effective masses (rule: every size ↔ gap model needs either a published curve or the masses). Use a data-driven model, or build a Material with masses and call KaneModel.")
        default:
            guard material.bulkGapElectronvolts != nil else {
                throw PhysicsError(.missingParameter, "\(material.id) has no bulk gap, so no size ↔ gap model applies. Only data-driven models apply.")
            }
            let situation: String
            switch material.structure {
            case .orthorhombicPerovskite, .cubicPerovskite, .tetragonalPerovskite:
                situation = "No closed-form perovskite curve is published (Brennan 2017 / Akkerman 2022 data not digitised); perovskite band edges are rough (±0.3 eV)."
            case .rockSalt:
                situation = "No published \(material.id) curve; lead salts have strongly non-parabolic mirror bands (the hyperbolic model is available too)."
            case .diamond:
                situation = "No published \(material.id) curve; indirect gap, so the result is an optical-gap estimate, not an excitonic peak."
            default:
                situation = "No published \(material.id) curve."
            }
            return (.finiteBarrier, "\(situation) Finite barrier (Nosaka 1991) with vacuum-level barriers. \(physicalModelEvidence)")
        }
    }
}

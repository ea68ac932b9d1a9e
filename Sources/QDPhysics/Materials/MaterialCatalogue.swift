import Foundation

/// The built-in catalogue of colloidal-QD materials with sourced bulk parameters.
///
/// Values come from the QDLab physics reference (`shared/reference/physics.md`), which cites handbooks
/// (Madelung / Landolt–Börnstein / Ioffe), Vurgaftman et al. 2001 for III–V, Protesescu et al. 2015 and
/// Yang et al. 2017 for perovskites, and Wise 2000 for Pb-salt Bohr radii. Densities are CRC Handbook values
/// or, where a handbook value is not standard (perovskites, I–III–VI), the X-ray density ρ = Z·M/(N_A·V)
/// computed here from the crystallographic cell (see `xrayDensity`). Each value carries its source and a
/// confidence grade; `Material.notes` records conflicts and what was cross-checked.
public enum MaterialCatalogue {
    /// Every material, in a stable order (II–VI, III–V, IV–VI, perovskites, I–III–VI, group IV, carbon dots).
    public static let all: [Material] = [
        cdse, cds, cdte, znse, zns, znte, inp, inas, gaas, pbs, pbse, pbte,
        cspbcl3, cspbbr3, cspbi3, cuins2, agins2, si, ge, carbonDots,
    ]

    /// The catalogue ids, in catalogue order.
    public static var ids: [String] { all.map(\.id) }

    /// Looks a material up by id or alias.
    ///
    /// Matching ignores case, spaces, hyphens, underscores and Unicode subscript digits ("CsPbBr₃" = "cspbbr3").
    /// An exact (case-sensitive) alias wins first, so "CDs" is carbon dots while "CdS", "cds" and "CDS" are
    /// cadmium sulfide. Aliases for carbon dots: "carbon dots", "CDs", "C-dots", "CQDs", "carbon quantum dots",
    /// "GQDs", "graphene quantum dots".
    /// - Throws: `PhysicsError.unknownMaterial` naming the input and listing the known ids.
    /// - Complexity: O(number of materials).
    public static func material(_ id: String) throws -> Material {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        if let exact = all.first(where: { $0.id == trimmed }) { return exact }
        if let alias = caseSensitiveAliases[trimmed], let hit = all.first(where: { $0.id == alias }) { return hit }
        let key = normalised(trimmed)
        if let hit = all.first(where: { normalised($0.id) == key }) { return hit }
        if let alias = aliases[key], let hit = all.first(where: { $0.id == alias }) { return hit }
        throw PhysicsError(
            .unknownMaterial,
            "Unknown material '\(id)' (rule: an id or alias from QDLab's material catalogue, case-insensitive). Known: \(ids.joined(separator: ", ")).")
    }

    /// Absolute Pauling electronegativity difference between the two elements of a binary compound
    /// (CdSe: |1.69 − 2.55| = 0.86), a small composition descriptor for featurisation.
    ///
    /// Returns `nil` for materials that are not binary (perovskites, I–III–VI, elements, carbon dots) or whose
    /// elements lack a tabulated electronegativity.
    public static func electronegativityDifference(of material: Material) -> Double? {
        guard material.composition.count == 2 else { return nil }
        let chis = material.composition.keys.compactMap { (try? Element.named($0))?.electronegativity }
        guard chis.count == 2 else { return nil }
        return abs(chis[0] - chis[1])
    }

    /// X-ray density ρ = Z·M / (N_A·V) in g/cm³ for `formulaUnitsPerCell` formula units of molar mass
    /// `molarMass` (g/mol) in a cell of volume `cellVolumeCubicAngstrom` (Å³; 1 Å³ = 1e-24 cm³).
    public static func xrayDensity(
        molarMass: Double, formulaUnitsPerCell: Double, cellVolumeCubicAngstrom: Double
    ) -> Double {
        formulaUnitsPerCell * molarMass / (PhysicalConstants.avogadro * cellVolumeCubicAngstrom * 1e-24)
    }

    // MARK: - Lookup helpers

    private static let caseSensitiveAliases: [String: String] = ["CDs": "C-dots", "CD": "C-dots"]

    /// Aliases after `normalised`.
    private static let aliases: [String: String] = [
        "carbondots": "C-dots", "carbondot": "C-dots", "cdots": "C-dots", "cdot": "C-dots",
        "cqds": "C-dots", "cqd": "C-dots", "carbonquantumdots": "C-dots", "gqds": "C-dots", "gqd": "C-dots",
        "graphenequantumdots": "C-dots", "cdotsgqds": "C-dots",
        "silicon": "Si", "germanium": "Ge",
    ]

    private static func normalised(_ s: String) -> String {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x2080...0x2089:  // subscript digits ₀…₉ → 0…9
                if let digit = Unicode.Scalar(scalar.value - 0x2080 + 0x30) { out.unicodeScalars.append(digit) }
            case 0x20, 0x2D, 0x5F, 0x2F: continue  // space, hyphen, underscore, slash
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - Sources

    static let handbook = "Madelung, Semiconductors: Data Handbook (2004) / Landolt–Börnstein / Ioffe NSM"
    static let vurgaftman = "Vurgaftman, Meyer & Ram-Mohan, J. Appl. Phys. 89, 5815 (2001)"
    static let crc = "CRC Handbook of Chemistry and Physics, physical constants of inorganic compounds"
    static let anderson = "Anderson's rule from handbook electron affinities χ (CB = −χ, VB = −χ − Eg)"
    static let wise = "Wise, Acc. Chem. Res. 33, 773 (2000)"
    static let protesescu = "Protesescu et al., Nano Lett. 15, 3692 (2015)"
    static let yang = "Yang et al., ACS Energy Lett. 2, 1621 (2017) (magneto-optics)"
    static let cell = "X-ray density ρ = Z·M/(N_A·V) computed from the crystallographic cell"
    static let qdLiterature = "colloidal-QD literature ranges (reviews), QDLab physics reference"

    private static func molarMass(_ composition: [String: Double]) -> Double? {
        try? Element.molarMass(of: composition)
    }

    /// Zinc-blende-equivalent cubic lattice constant of a wurtzite a: √2·a (equal nearest-neighbour distance).
    private static func zincBlendeEquivalent(wurtziteA a: Double) -> Double { 2.0.squareRoot() * a }

    // MARK: - II–VI

    static let cdse = Material(
        id: "CdSe", name: "cadmium selenide", composition: ["Cd": 1, "Se": 1],
        bulkGapElectronvolts: Sourced(1.74, handbook, .high),
        electronMass: Sourced(0.13, handbook, .high), holeMass: Sourced(0.45, handbook, .high),
        highFrequencyPermittivity: Sourced(6.2, handbook, .high), staticPermittivity: Sourced(9.6, handbook, .high),
        bohrRadiusNanometres: Sourced(5.6, "Norris & Bawendi, Phys. Rev. B 53, 16338 (1996)", .medium),
        structure: .wurtzite,
        latticeConstantAngstrom: Sourced(zincBlendeEquivalent(wurtziteA: 4.30), handbook, .high),
        latticeNote: "wurtzite a = 4.30 Å, c = 7.01 Å; value = √2·a = 6.08 Å (zinc-blende CdSe measured 6.05 Å)",
        conductionBandEdgeElectronvolts: Sourced(-4.95, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-6.69, anderson, .medium),
        molarMassGramsPerMole: molarMass(["Cd": 1, "Se": 1]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Cd": 1, "Se": 1], formulaUnits: 2, volumeCubicAngstrom: 3.0.squareRoot() / 2 * 4.299 * 4.299 * 7.01,
            note: "wurtzite a 4.299, c 7.01 Å, Z = 2 (NBS Circ. 539; X-ray density 5.66 in the RAS mincryst database)"),
        hazardousElements: ["Cd"], typicalEmissionNanometres: 450...650,
        notes: """
            Eg 1.74 eV (WZ; ZB 1.66–1.70). εs 9.6 (9.3 ⊥ / 10.2 ∥). aB 5.6 nm commonly quoted; hydrogenic \
            0.0529·εs/μ = 5.0 nm. χ = 4.95 eV cross-checked against an open QD-modelling parameter file. \
            Density: the X-ray density of the wurtzite cell, 5.66 g/cm³. The handbook/CRC value 5.81–5.82 often \
            used in QD work exceeds it by 2.7 %, which a real crystal cannot (defects only lower the density), \
            so the cell value is used (checked 2026 against the mincryst entry for cadmoselite).
            """)

    static let cds = Material(
        id: "CdS", name: "cadmium sulfide", composition: ["Cd": 1, "S": 1],
        bulkGapElectronvolts: Sourced(2.42, handbook, .high),
        electronMass: Sourced(0.21, handbook, .high), holeMass: Sourced(0.80, handbook, .medium),
        highFrequencyPermittivity: Sourced(5.3, handbook, .high), staticPermittivity: Sourced(8.9, handbook, .high),
        bohrRadiusNanometres: Sourced(2.8, handbook, .medium),
        structure: .wurtzite,
        latticeConstantAngstrom: Sourced(zincBlendeEquivalent(wurtziteA: 4.14), handbook, .high),
        latticeNote: "wurtzite a = 4.14 Å, c = 6.71 Å; value = √2·a = 5.85 Å (zinc-blende CdS measured 5.82 Å)",
        conductionBandEdgeElectronvolts: Sourced(-4.79, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-7.21, anderson, .low),
        molarMassGramsPerMole: molarMass(["Cd": 1, "S": 1]),
        densityGramsPerCubicCentimetre: Sourced(4.82, crc, .high),
        hazardousElements: ["Cd"], typicalEmissionNanometres: 380...480,
        notes: """
            Eg 2.42–2.50 (WZ). Hole mass 0.6–0.8, anisotropic (M). εs 8.3–9.4. χ 4.5–4.8 reported (L); 4.79 \
            cross-checked against an open QD-modelling parameter file. Emission range is band-edge; trap \
            emission extends further red.
            """)

    static let cdte = Material(
        id: "CdTe", name: "cadmium telluride", composition: ["Cd": 1, "Te": 1],
        bulkGapElectronvolts: Sourced(1.50, handbook, .high),
        electronMass: Sourced(0.10, handbook, .high), holeMass: Sourced(0.40, handbook, .medium),
        highFrequencyPermittivity: Sourced(7.1, handbook, .high), staticPermittivity: Sourced(10.2, handbook, .high),
        bohrRadiusNanometres: Sourced(7.3, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(6.48, handbook, .high),
        latticeNote: "zinc blende a = 6.48 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.28, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-5.78, anderson, .low),
        molarMassGramsPerMole: molarMass(["Cd": 1, "Te": 1]),
        densityGramsPerCubicCentimetre: Sourced(5.85, crc, .high),
        hazardousElements: ["Cd"], typicalEmissionNanometres: 500...800,
        notes: "Eg 1.44–1.51. Hole mass 0.4–0.8 (M). εs 10.2–10.6. Te is of toxicological concern but not RoHS-restricted.")

    static let znse = Material(
        id: "ZnSe", name: "zinc selenide", composition: ["Zn": 1, "Se": 1],
        bulkGapElectronvolts: Sourced(2.70, handbook, .high),
        electronMass: Sourced(0.16, handbook, .high), holeMass: Sourced(0.60, handbook, .medium),
        highFrequencyPermittivity: Sourced(5.7, handbook, .high), staticPermittivity: Sourced(9.1, handbook, .high),
        bohrRadiusNanometres: Sourced(3.8, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(5.67, handbook, .high),
        latticeNote: "zinc blende a = 5.67 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.09, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-6.79, anderson, .medium),
        molarMassGramsPerMole: molarMass(["Zn": 1, "Se": 1]),
        densityGramsPerCubicCentimetre: Sourced(5.27, crc, .high),
        hazardousElements: [], typicalEmissionNanometres: 380...460,
        notes: "Eg 2.67–2.72. Hole mass 0.5–0.8 (M); checked: the Springer Handbook of Condensed Matter and Materials Data (Martienssen & Warlimont 2005) lists me = 0.160 (PL, 4.2 K) and mh = 0.75 (exciton absorption). aB 3.7–4.5 (M). χ 4.09 cross-checked against an open QD-modelling parameter file. ZnSeTe alloys reach ~470 nm.")

    static let zns = Material(
        id: "ZnS", name: "zinc sulfide", composition: ["Zn": 1, "S": 1],
        bulkGapElectronvolts: Sourced(3.68, handbook, .high),
        electronMass: Sourced(0.28, handbook, .high), holeMass: Sourced(0.60, handbook, .low),
        highFrequencyPermittivity: Sourced(5.1, handbook, .high), staticPermittivity: Sourced(8.3, handbook, .high),
        bohrRadiusNanometres: Sourced(2.5, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(5.41, handbook, .high),
        latticeNote: "zinc blende (sphalerite) a = 5.41 Å; wurtzite a = 3.82 Å, c = 6.26 Å (√2·a = 5.40 Å)",
        conductionBandEdgeElectronvolts: Sourced(-3.90, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-7.58, anderson, .low),
        molarMassGramsPerMole: molarMass(["Zn": 1, "S": 1]),
        densityGramsPerCubicCentimetre: Sourced(4.09, crc, .high),
        hazardousElements: [], typicalEmissionNanometres: 300...360,
        notes: "Eg ZB 3.54–3.72, WZ 3.77–3.91. Hole mass 0.5–1.8 reported (L); checked: the Springer Handbook of Condensed Matter and Materials Data (2005) gives calculated light/heavy hole masses 0.23/1.76 and an electron polaron mass 0.22, so 0.6 is a compromise between the two hole bands, kept at low confidence. Mostly used as a shell; emission is band-edge.")

    static let znte = Material(
        id: "ZnTe", name: "zinc telluride", composition: ["Zn": 1, "Te": 1],
        bulkGapElectronvolts: Sourced(2.26, handbook, .high),
        electronMass: Sourced(0.12, handbook, .medium), holeMass: Sourced(0.60, handbook, .medium),
        highFrequencyPermittivity: Sourced(7.3, handbook, .medium), staticPermittivity: Sourced(10.1, handbook, .medium),
        bohrRadiusNanometres: Sourced(5.2, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(6.10, handbook, .high),
        latticeNote: "zinc blende a = 6.10 Å",
        conductionBandEdgeElectronvolts: Sourced(-3.53, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-5.79, anderson, .low),
        molarMassGramsPerMole: molarMass(["Zn": 1, "Te": 1]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Zn": 1, "Te": 1], formulaUnits: 4, volumeCubicAngstrom: 6.101 * 6.101 * 6.101, note: "zinc blende a 6.101 Å, Z = 4"),
        hazardousElements: [], typicalEmissionNanometres: 430...550,
        notes: """
            Eg 2.25–2.28. εs 9.7–10.4. Masses checked: Springer Handbook of Condensed Matter and Materials \
            Data (2005) me = 0.122 (cyclotron resonance), mh ≈ 0.6 (estimated from mobility). Colloidal ZnTe emission is rarely reported. Te is of toxicological concern \
            but not RoHS-restricted. Density: the widely quoted 6.34 g/cm³ (CRC, repeated by encyclopaedias) is \
            12 % above the X-ray density of the a = 6.101 Å zinc-blende cell (5.64), so the cell value is used.
            """)

    // MARK: - III–V

    static let inp = Material(
        id: "InP", name: "indium phosphide", composition: ["In": 1, "P": 1],
        bulkGapElectronvolts: Sourced(1.344, vurgaftman, .high),
        electronMass: Sourced(0.080, vurgaftman, .high), holeMass: Sourced(0.60, vurgaftman, .medium),
        highFrequencyPermittivity: Sourced(9.61, handbook, .high), staticPermittivity: Sourced(12.5, handbook, .high),
        bohrRadiusNanometres: Sourced(9.6, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(5.869, vurgaftman, .high),
        latticeNote: "zinc blende a = 5.869 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.38, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-5.72, anderson, .medium),
        molarMassGramsPerMole: molarMass(["In": 1, "P": 1]),
        densityGramsPerCubicCentimetre: Sourced(4.81, crc, .high),
        hazardousElements: [], typicalEmissionNanometres: 470...720,
        notes: "Checked against the Ioffe NSM basic-parameter table: density 4.81, εs 12.5, ε∞ 9.61, me 0.08, mh 0.6, χ 4.38 eV, a 5.8687 Å all agree. aB 9.6 nm quoted (hydrogenic 9.4). InP is IARC group 2A (probably carcinogenic) but not RoHS-restricted; listed as Cd-free. Emission range for InP/ZnSe/ZnS core/shells. Colloidal InP cores are tetrahedra (see Almeida 2023 model).")

    static let inas = Material(
        id: "InAs", name: "indium arsenide", composition: ["In": 1, "As": 1],
        bulkGapElectronvolts: Sourced(0.354, vurgaftman, .high),
        electronMass: Sourced(0.023, vurgaftman, .high), holeMass: Sourced(0.41, vurgaftman, .medium),
        highFrequencyPermittivity: Sourced(12.3, handbook, .high), staticPermittivity: Sourced(15.15, handbook, .high),
        bohrRadiusNanometres: Sourced(34, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(6.058, vurgaftman, .high),
        latticeNote: "zinc blende a = 6.058 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.90, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-5.25, anderson, .medium),
        molarMassGramsPerMole: molarMass(["In": 1, "As": 1]),
        densityGramsPerCubicCentimetre: Sourced(5.67, crc, .high),
        hazardousElements: ["As"], typicalEmissionNanometres: 700...1600,
        notes: "Checked against the Ioffe NSM table (InAsSb at x = 0): density 5.68, εs 15.15, ε∞ 12.3, me 0.023, mh 0.41, χ 4.9 eV, a 6.0583 Å agree. aB 34 nm quoted (hydrogenic 37). Strongly non-parabolic conduction band: use the Kane model, not Brus.")

    static let gaas = Material(
        id: "GaAs", name: "gallium arsenide", composition: ["Ga": 1, "As": 1],
        bulkGapElectronvolts: Sourced(1.424, vurgaftman, .high),
        electronMass: Sourced(0.067, vurgaftman, .high), holeMass: Sourced(0.51, vurgaftman, .high),
        highFrequencyPermittivity: Sourced(10.89, handbook, .high), staticPermittivity: Sourced(12.9, handbook, .high),
        bohrRadiusNanometres: Sourced(11.6, handbook, .medium),
        structure: .zincBlende,
        latticeConstantAngstrom: Sourced(5.653, vurgaftman, .high),
        latticeNote: "zinc blende a = 5.653 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.07, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-5.49, anderson, .medium),
        molarMassGramsPerMole: molarMass(["Ga": 1, "As": 1]),
        densityGramsPerCubicCentimetre: Sourced(5.32, crc, .high),
        hazardousElements: ["As"], typicalEmissionNanometres: 700...900,
        notes: "Checked against the Ioffe NSM table (AlGaAs at x = 0): density 5.32, εs 12.90, ε∞ 10.89, mh 0.51, χ 4.07 eV, a 5.6533 Å agree; Ioffe's me is 0.063 vs Vurgaftman's 0.067. Emission range is for epitaxial dots; colloidal GaAs QDs are of poor optical quality.")

    // MARK: - IV–VI (lead salts)

    static let pbs = Material(
        id: "PbS", name: "lead sulfide", composition: ["Pb": 1, "S": 1],
        bulkGapElectronvolts: Sourced(0.41, handbook, .high),
        electronMass: Sourced(0.088, handbook, .medium), holeMass: Sourced(0.084, handbook, .medium),
        highFrequencyPermittivity: Sourced(17.2, handbook, .high), staticPermittivity: Sourced(175, handbook, .high),
        bohrRadiusNanometres: Sourced(18, wise, .medium),
        structure: .rockSalt,
        latticeConstantAngstrom: Sourced(5.936, handbook, .high),
        latticeNote: "rock salt a = 5.936 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.6, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-5.0, anderson, .low),
        molarMassGramsPerMole: molarMass(["Pb": 1, "S": 1]),
        densityGramsPerCubicCentimetre: Sourced(7.60, crc, .high),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 800...2000,
        notes: """
            Eg rises with T (0.29 eV at 4 K). Masses are per-valley density-of-states masses from ml/mt \
            (e 0.105/0.080, h 0.105/0.075). εs 169–175. Band edges rough (L); PbS/CdS is quasi-type-I \
            experimentally although Anderson's rule gives a CBO of −0.19 eV.
            """)

    static let pbse = Material(
        id: "PbSe", name: "lead selenide", composition: ["Pb": 1, "Se": 1],
        bulkGapElectronvolts: Sourced(0.278, handbook, .high),
        electronMass: Sourced(0.047, handbook, .medium), holeMass: Sourced(0.043, handbook, .medium),
        highFrequencyPermittivity: Sourced(22.9, handbook, .high), staticPermittivity: Sourced(210, handbook, .medium),
        bohrRadiusNanometres: Sourced(46, wise, .medium),
        structure: .rockSalt,
        latticeConstantAngstrom: Sourced(6.124, handbook, .high),
        latticeNote: "rock salt a = 6.124 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.6, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-4.9, anderson, .low),
        molarMassGramsPerMole: molarMass(["Pb": 1, "Se": 1]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Pb": 1, "Se": 1], formulaUnits: 4, volumeCubicAngstrom: 6.124 * 6.124 * 6.124, note: "rock salt a 6.124 Å, Z = 4"),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 1000...4000,
        notes: """
            Eg 0.26–0.28. Masses per-valley DOS from ml/mt (e 0.070/0.040, h 0.068/0.034). εs 204–227. Typical \
            emission 1100–2500 nm. Band edges rough (L). Density: X-ray density of the cell, 8.28 g/cm³ (the \
            mineral clausthalite: calculated 8.275, measured 7.8–8.22); CRC's 8.10 is 2 % lower.
            """)

    static let pbte = Material(
        id: "PbTe", name: "lead telluride", composition: ["Pb": 1, "Te": 1],
        bulkGapElectronvolts: Sourced(0.31, handbook, .high),
        electronMass: Sourced(0.052, handbook, .medium), holeMass: Sourced(0.053, handbook, .medium),
        highFrequencyPermittivity: Sourced(33, handbook, .medium), staticPermittivity: Sourced(400, handbook, .low),
        bohrRadiusNanometres: Sourced(150, wise, .medium),
        structure: .rockSalt,
        latticeConstantAngstrom: Sourced(6.462, handbook, .high),
        latticeNote: "rock salt a = 6.462 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.6, anderson, .low),
        valenceBandEdgeElectronvolts: Sourced(-4.9, anderson, .low),
        molarMassGramsPerMole: molarMass(["Pb": 1, "Te": 1]),
        densityGramsPerCubicCentimetre: Sourced(8.16, crc, .high),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 1300...3000,
        notes: "Eg 0.31–0.32. εs ~400 at 300 K and > 1000 at low T (strongly T-dependent, L). Band edges rough (L).")

    // MARK: - Lead-halide perovskites

    static let cspbcl3 = Material(
        id: "CsPbCl3", name: "caesium lead chloride", composition: ["Cs": 1, "Pb": 1, "Cl": 3],
        bulkGapElectronvolts: Sourced(3.0, protesescu, .medium),
        electronMass: Sourced(0.4, "equal split of μ ≈ 0.2 (Yang 2017 estimate)", .low),
        holeMass: Sourced(0.4, "equal split of μ ≈ 0.2 (Yang 2017 estimate)", .low),
        highFrequencyPermittivity: Sourced(4.07, protesescu, .medium), staticPermittivity: nil,
        bohrRadiusNanometres: Sourced(2.5, protesescu, .medium),
        structure: .tetragonalPerovskite,
        latticeConstantAngstrom: Sourced(5.6, protesescu, .medium),
        latticeNote: "tetragonal/orthorhombic at room temperature; value is the pseudocubic a ≈ 5.6 Å",
        conductionBandEdgeElectronvolts: Sourced(-3.1, "perovskite band-edge literature (rough)", .low),
        valenceBandEdgeElectronvolts: Sourced(-6.1, "perovskite band-edge literature (rough)", .low),
        molarMassGramsPerMole: molarMass(["Cs": 1, "Pb": 1, "Cl": 3]),
        densityGramsPerCubicCentimetre: perovskiteDensity(["Cs": 1, "Pb": 1, "Cl": 3], pseudocubicA: 5.6),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 400...420,
        notes: """
            Eg 2.95–3.05. Only μ ≈ 0.2 is estimated (Yang 2017); me = mh = 2μ assumes mirror-symmetric bands \
            (cf. CsPbBr3 0.15/0.14), low confidence. Bohr diameter 5 nm (Protesescu 2015). No static ε: the \
            ionic part is large and no exciton-screening constant is measured; models fall back to ε∞. \
            Density from the pseudocubic cell (Z = 1), not a handbook value.
            """)

    static let cspbbr3 = Material(
        id: "CsPbBr3", name: "caesium lead bromide", composition: ["Cs": 1, "Pb": 1, "Br": 3],
        bulkGapElectronvolts: Sourced(2.36, protesescu, .medium),
        electronMass: Sourced(0.15, protesescu, .medium), holeMass: Sourced(0.14, protesescu, .medium),
        highFrequencyPermittivity: Sourced(4.96, protesescu, .medium),
        staticPermittivity: Sourced(7.3, yang, .medium),
        bohrRadiusNanometres: Sourced(3.5, protesescu, .medium),
        structure: .orthorhombicPerovskite,
        latticeConstantAngstrom: Sourced(5.87, protesescu, .medium),
        latticeNote: "orthorhombic Pnma a = 8.24, b = 11.74, c = 8.20 Å (Z = 4) at room temperature; value is the pseudocubic 5.87 Å (cubic phase); (V/Z)^(1/3) = 5.83 Å",
        conductionBandEdgeElectronvolts: Sourced(-3.4, "perovskite band-edge literature (rough)", .low),
        valenceBandEdgeElectronvolts: Sourced(-5.8, "perovskite band-edge literature (rough)", .low),
        molarMassGramsPerMole: molarMass(["Cs": 1, "Pb": 1, "Br": 3]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Cs": 1, "Pb": 1, "Br": 3], formulaUnits: 4, volumeCubicAngstrom: 8.24 * 11.74 * 8.20,
            note: "orthorhombic Pnma cell a 8.24, b 11.74, c 8.20 Å, Z = 4"),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 460...520,
        notes: """
            Eg 2.25–2.40 reported. Two conflicting parameter sets: Protesescu 2015 masses 0.15/0.14 (μ = 0.072), \
            ε∞ 4.96, Bohr diameter 7 nm; magneto-optics (Yang 2017) μ = 0.126, ε_eff 7.3, aB 3.1 nm, Eb 33 meV. \
            Masses here are Protesescu's; staticPermittivity holds Yang's effective exciton screening ε_eff. \
            Checked: a 60 T reflectivity study of bulk crystals (arXiv 2307.07035, 2023) reports Eb = 32.5 meV, \
            ε_eff = 8.7 and μ ≈ 0.18, so μ is uncertain by a factor ~2 between sources. \
            Density from the orthorhombic cell (≈ 4.86 g/cm³), not a handbook value.
            """)

    static let cspbi3 = Material(
        id: "CsPbI3", name: "caesium lead iodide", composition: ["Cs": 1, "Pb": 1, "I": 3],
        bulkGapElectronvolts: Sourced(1.73, protesescu, .medium),
        electronMass: Sourced(0.228, "equal split of μ = 0.114 (Yang 2017)", .low),
        holeMass: Sourced(0.228, "equal split of μ = 0.114 (Yang 2017)", .low),
        highFrequencyPermittivity: Sourced(6.32, protesescu, .medium),
        staticPermittivity: Sourced(10, yang, .medium),
        bohrRadiusNanometres: Sourced(6.0, protesescu, .low),
        structure: .cubicPerovskite,
        latticeConstantAngstrom: Sourced(6.29, protesescu, .medium),
        latticeNote: "α (cubic, high-temperature) a = 6.29 Å; NCs are often γ-orthorhombic with pseudocubic 6.2–6.3 Å",
        conductionBandEdgeElectronvolts: Sourced(-3.8, "perovskite band-edge literature (rough)", .low),
        valenceBandEdgeElectronvolts: Sourced(-5.5, "perovskite band-edge literature (rough)", .low),
        molarMassGramsPerMole: molarMass(["Cs": 1, "Pb": 1, "I": 3]),
        densityGramsPerCubicCentimetre: perovskiteDensity(["Cs": 1, "Pb": 1, "I": 3], pseudocubicA: 6.29),
        hazardousElements: ["Pb"], typicalEmissionNanometres: 620...700,
        notes: """
            Protesescu 2015 gives a Bohr diameter of 12 nm (aB 6 nm); Yang 2017 μ = 0.114 with ε_eff 10 gives \
            ~4.6 nm. me = mh = 2μ assumes mirror-symmetric bands (low confidence). staticPermittivity holds \
            Yang's ε_eff. Density from the cubic α cell (Z = 1), not a handbook value.
            """)

    // MARK: - I–III–VI

    static let cuins2 = Material(
        id: "CuInS2", name: "copper indium sulfide", composition: ["Cu": 1, "In": 1, "S": 2],
        bulkGapElectronvolts: Sourced(1.50, handbook, .high),
        electronMass: Sourced(0.16, handbook, .medium), holeMass: Sourced(1.3, handbook, .medium),
        highFrequencyPermittivity: nil, staticPermittivity: Sourced(11, handbook, .medium),
        bohrRadiusNanometres: Sourced(4.1, qdLiterature, .medium),
        structure: .chalcopyrite,
        latticeConstantAngstrom: Sourced(5.52, handbook, .high),
        latticeNote: "chalcopyrite a = 5.52 Å, c = 11.12 Å (c ≈ 2a, so a is the cubic-equivalent constant)",
        conductionBandEdgeElectronvolts: Sourced(-4.1, "I–III–VI band-edge literature (rough)", .low),
        valenceBandEdgeElectronvolts: Sourced(-5.6, "I–III–VI band-edge literature (rough)", .low),
        molarMassGramsPerMole: molarMass(["Cu": 1, "In": 1, "S": 2]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Cu": 1, "In": 1, "S": 2], formulaUnits: 4, volumeCubicAngstrom: 5.52 * 5.52 * 11.12,
            note: "chalcopyrite cell a 5.52, c 11.12 Å, Z = 4"),
        hazardousElements: [], typicalEmissionNanometres: 550...850,
        notes: """
            Eg 1.45–1.55. εs 10–11; no ε∞ tabulated. Emission is broad (FWHM 300–400 meV) and defect-mediated \
            with a 300–500 meV Stokes shift, so absorption-edge models predict it poorly. Density from the \
            chalcopyrite cell (≈ 4.75 g/cm³). A published sizing curve exists (Xia et al., ACS Nano 12, 8350 \
            (2018): wurtzite and chalcopyrite CIS, ~1/d dependence, ε_E1 = 5208·d^2.45) but its coefficients \
            were not retrieved, so it is not implemented.
            """)

    static let agins2 = Material(
        id: "AgInS2", name: "silver indium sulfide", composition: ["Ag": 1, "In": 1, "S": 2],
        bulkGapElectronvolts: Sourced(1.87, handbook, .medium),
        electronMass: nil, holeMass: nil,
        highFrequencyPermittivity: nil, staticPermittivity: Sourced(9, qdLiterature, .low),
        bohrRadiusNanometres: Sourced(5.5, qdLiterature, .low),
        structure: .chalcopyrite,
        latticeConstantAngstrom: Sourced(5.82, handbook, .high),
        latticeNote: "chalcopyrite a = 5.82 Å, c = 11.17 Å (c ≈ 2a); an orthorhombic polymorph also occurs",
        conductionBandEdgeElectronvolts: Sourced(-3.9, "I–III–VI band-edge literature (rough)", .low),
        valenceBandEdgeElectronvolts: Sourced(-5.8, "I–III–VI band-edge literature (rough)", .low),
        molarMassGramsPerMole: molarMass(["Ag": 1, "In": 1, "S": 2]),
        densityGramsPerCubicCentimetre: cellDensity(
            ["Ag": 1, "In": 1, "S": 2], formulaUnits: 4, volumeCubicAngstrom: 5.82 * 5.82 * 11.17,
            note: "chalcopyrite cell a 5.82, c 11.17 Å, Z = 4"),
        hazardousElements: [], typicalEmissionNanometres: 500...800,
        notes: """
            Eg 1.87 (chalcopyrite), ~1.98 (orthorhombic). Effective masses are not reliably measured (a 2026 \
            literature search found none), so no effective-mass model applies; εs 8–10 (L), aB ~5.5 nm (L). Broad defect emission. Density from the \
            chalcopyrite cell (≈ 5.04 g/cm³).
            """)

    // MARK: - Group IV

    static let si = Material(
        id: "Si", name: "silicon", composition: ["Si": 1],
        bulkGapElectronvolts: Sourced(1.12, handbook, .high), indirectGap: true,
        electronMass: Sourced(0.26, handbook, .high), holeMass: Sourced(0.39, handbook, .high),
        highFrequencyPermittivity: Sourced(11.7, handbook, .high), staticPermittivity: Sourced(11.7, handbook, .high),
        bohrRadiusNanometres: Sourced(4.3, handbook, .medium),
        structure: .diamond,
        latticeConstantAngstrom: Sourced(5.431, handbook, .high),
        latticeNote: "diamond a = 5.431 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.05, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-5.17, anderson, .medium),
        molarMassGramsPerMole: molarMass(["Si": 1]),
        densityGramsPerCubicCentimetre: Sourced(2.329, crc, .high),
        hazardousElements: [], typicalEmissionNanometres: 650...1000,
        notes: "Indirect gap: no sharp excitonic absorption peak; emission is slow. Masses are conductivity masses (ml 0.98/0.92, mt 0.19; hh 0.49, lh 0.16).")

    static let ge = Material(
        id: "Ge", name: "germanium", composition: ["Ge": 1],
        bulkGapElectronvolts: Sourced(0.66, handbook, .high), indirectGap: true,
        electronMass: Sourced(0.12, handbook, .high), holeMass: Sourced(0.33, handbook, .high),
        highFrequencyPermittivity: Sourced(16.0, handbook, .high), staticPermittivity: Sourced(16.2, handbook, .high),
        bohrRadiusNanometres: Sourced(24.3, handbook, .medium),
        structure: .diamond,
        latticeConstantAngstrom: Sourced(5.658, handbook, .high),
        latticeNote: "diamond a = 5.658 Å",
        conductionBandEdgeElectronvolts: Sourced(-4.00, anderson, .medium),
        valenceBandEdgeElectronvolts: Sourced(-4.66, anderson, .medium),
        molarMassGramsPerMole: molarMass(["Ge": 1]),
        densityGramsPerCubicCentimetre: Sourced(5.323, crc, .high),
        hazardousElements: [], typicalEmissionNanometres: 700...1600,
        notes: "Indirect gap. Electron mass is the conductivity mass (ml 1.64, mt 0.082; lh 0.043). QD emission range poorly established (L).")

    // MARK: - Carbon dots

    static let carbonDots = Material(
        id: "C-dots", name: "carbon dots (carbon / graphene quantum dots)", composition: [:],
        bulkGapElectronvolts: nil,
        electronMass: nil, holeMass: nil,
        highFrequencyPermittivity: nil, staticPermittivity: nil,
        bohrRadiusNanometres: nil,
        structure: .graphitic,
        latticeConstantAngstrom: nil,
        latticeNote: "graphitic core: interlayer d002 = 3.34 Å, in-plane a = 2.46 Å; often amorphous",
        conductionBandEdgeElectronvolts: nil, valenceBandEdgeElectronvolts: nil,
        molarMassGramsPerMole: nil, densityGramsPerCubicCentimetre: nil,
        hazardousElements: [], typicalEmissionNanometres: 400...650,
        empiricalOnly: true,
        notes: """
            No bulk semiconductor analogue: emission comes from surface and molecular states and depends on the \
            excitation wavelength. No stoichiometry, bulk gap or effective masses, so no confinement model \
            applies; use data-driven models only.
            """)

    // MARK: - Density helpers

    private static func cellDensity(
        _ composition: [String: Double], formulaUnits: Double, volumeCubicAngstrom: Double, note: String
    ) -> Sourced<Double>? {
        guard let mass = molarMass(composition) else { return nil }
        let rho = xrayDensity(molarMass: mass, formulaUnitsPerCell: formulaUnits, cellVolumeCubicAngstrom: volumeCubicAngstrom)
        return Sourced((rho * 1000).rounded() / 1000, "\(cell): \(note)", .medium)
    }

    private static func perovskiteDensity(_ composition: [String: Double], pseudocubicA a: Double) -> Sourced<Double>? {
        cellDensity(composition, formulaUnits: 1, volumeCubicAngstrom: a * a * a, note: "pseudocubic a \(a) Å, Z = 1")
    }
}

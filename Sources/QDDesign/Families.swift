import Foundation
import QDPhysics

/// The shell grown on a core: none, one layer, or the InP-style ZnSe/ZnS double shell.
public enum ShellKind: String, Sendable, Codable, CaseIterable {
    case none
    case zns = "ZnS"
    case znse = "ZnSe"
    case cds = "CdS"
    /// Inner ZnSe, outer ZnS. Of a total thickness H, the outer ZnS takes min(0.6 nm, H/2) (≈ 2 monolayers;
    /// ZnS monolayer ≈ 0.31 nm) and ZnSe the rest: QDLab's reading of the Won et al., Nature 575, 634 (2019)
    /// InP/ZnSe/ZnS structure (thick ZnSe, thin ZnS).
    case znseZns = "ZnSe/ZnS"

    /// Catalogue ids of the layers, inner to outer.
    public var layerIDs: [String] {
        switch self {
        case .none: []
        case .zns: ["ZnS"]
        case .znse: ["ZnSe"]
        case .cds: ["CdS"]
        case .znseZns: ["ZnSe", "ZnS"]
        }
    }

    /// Thicknesses (nm) of the layers, inner to outer, for a total `thickness`.
    public func layerThicknesses(total thickness: Double) -> [Double] {
        switch self {
        case .none: return []
        case .znseZns:
            let outer = min(0.6, thickness / 2)
            return [thickness - outer, outer]
        default: return [thickness]
        }
    }
}

/// A family of core materials: one catalogue material, or a two-end alloy A(1−x)B(x) with a bowing parameter.
///
/// Alloy rules (QDDesign's, stated here because QDPhysics has no alloy model):
/// - first exciton E(d, x) = (1 − x)·E_A(d) + x·E_B(d) − b·x(1 − x), the end members' default sizing curves
///   interpolated with the bulk bowing b. Swafford et al., JACS 128, 12299 (2006) find the bowing of CdS(x)Se(1−x)
///   nanocrystals (b = 0.29 eV) equal to the bulk value at all sizes they measured, which is what this rule assumes;
/// - lattice constant, effective masses, permittivities, band edges, density and formula linear in x (Vegard's
///   law, Vegard, Z. Phys. 5, 17 (1921), applied to every parameter — a first approximation);
/// - the bulk gap of the alloy material carries the bowing, so band alignment and shell shifts see it.
public struct CoreFamily: Sendable, Identifiable {
    /// Stable key used in candidate ids ("CdSe-CdS", "InP").
    public let id: String
    /// End member at x = 0.
    public let first: Material
    /// End member at x = 1; `nil` for a single material.
    public let second: Material?
    /// Optical bowing parameter b (eV) with its source; `nil` for a single material.
    public let bowing: Sourced<Double>?
    /// Shells screened on this core.
    public let shells: [ShellKind]
    /// Largest x screened (CsPb(Cl/Br)3 stops at 0.9 so that pure CsPbBr3 belongs to the Br/I family only).
    public let maximumComposition: Double
    /// Formula of the member with composition x, e.g. "CdSe0.70S0.30".
    let formula: @Sendable (Double) -> String

    /// True for an alloy family.
    public var isAlloy: Bool { second != nil }

    /// Catalogue ids of the end members present at composition `x`: the first unless x = 1, the second if x > 0
    /// (so pure CsPbBr3, x = 0 of CsPbBr3–CsPbI3, names only CsPbBr3).
    public func endMemberIDs(at x: Double) -> [String] {
        var ids: [String] = []
        if x < 1 || second == nil { ids.append(first.id) }
        if x > 0, let second { ids.append(second.id) }
        return ids
    }

    /// The formula label at composition `x`.
    public func label(x: Double) -> String { isAlloy ? formula(x) : first.id }

    /// The Material at composition `x` (the end member itself for a single material; the Vegard alloy
    /// otherwise, with the bowed gap).
    public func material(x: Double) -> Material {
        guard let b = second else { return first }
        if x == 0 { return first }
        if x == 1 { return b }
        return AlloyMaterial.make(first, b, x: x, bowingElectronvolts: bowing?.value ?? 0, id: label(x: x))
    }
}

/// Vegard-law alloy materials (see `CoreFamily`).
enum AlloyMaterial {
    static func make(_ a: Material, _ b: Material, x: Double, bowingElectronvolts bow: Double, id: String) -> Material {
        func mix(_ p: Sourced<Double>?, _ q: Sourced<Double>?, _ what: String) -> Sourced<Double>? {
            guard let p, let q else { return nil }
            let grade: Sourced<Double>.Confidence = (p.confidence == .low || q.confidence == .low) ? .low : .medium
            return Sourced((1 - x) * p.value + x * q.value, "Vegard interpolation of \(what) between \(a.id) and \(b.id)", grade)
        }
        var composition: [String: Double] = [:]
        for (e, n) in a.composition { composition[e, default: 0] += (1 - x) * n }
        for (e, n) in b.composition { composition[e, default: 0] += x * n }
        let gap = mix(a.bulkGapElectronvolts, b.bulkGapElectronvolts, "Eg").map {
            Sourced($0.value - bow * x * (1 - x), "linear Eg with bowing b = \(bow) eV", $0.confidence)
        }
        let mass = (try? Element.molarMass(of: composition))
        return Material(
            id: id, name: "\(a.name)–\(b.name) alloy", composition: composition,
            bulkGapElectronvolts: gap, electronMass: mix(a.electronMass, b.electronMass, "m_e"),
            holeMass: mix(a.holeMass, b.holeMass, "m_h"),
            highFrequencyPermittivity: mix(a.highFrequencyPermittivity, b.highFrequencyPermittivity, "ε∞"),
            staticPermittivity: mix(a.staticPermittivity, b.staticPermittivity, "εs"),
            bohrRadiusNanometres: mix(a.bohrRadiusNanometres, b.bohrRadiusNanometres, "a_B"),
            structure: a.structure,
            latticeConstantAngstrom: mix(a.latticeConstantAngstrom, b.latticeConstantAngstrom, "a"),
            latticeNote: "Vegard interpolation", conductionBandEdgeElectronvolts: mix(a.conductionBandEdgeElectronvolts, b.conductionBandEdgeElectronvolts, "CB"),
            valenceBandEdgeElectronvolts: mix(a.valenceBandEdgeElectronvolts, b.valenceBandEdgeElectronvolts, "VB"),
            molarMassGramsPerMole: mass,
            densityGramsPerCubicCentimetre: mix(a.densityGramsPerCubicCentimetre, b.densityGramsPerCubicCentimetre, "density"),
            hazardousElements: Array(Set(a.hazardousElements + b.hazardousElements)).sorted(),
            typicalEmissionNanometres: nil, notes: "QDDesign Vegard alloy at x = \(x)")
    }
}

/// The families QDDesign screens.
///
/// Not screened, and why: AgInS2 (no effective masses, so no sizing model), carbon dots (no physical model),
/// Si and Ge (indirect gap: weak, slow emission), GaAs (no colloidal practice), PbTe (no published sizing
/// curve), Zn-alloyed CuInS2 (the catalogue has no Zn–Cu–In–S parameters; only CuInS2 and CuInS2/ZnS; the one
/// sourced bulk point found, (CuIn)0.09Zn1.82S2 at 2.3 eV in Tsuji et al., J. Phys. Chem. B 109, 7323 (2005),
/// implies a bowing of ≈ 15 eV that a quadratic rule cannot carry across x; searched again 2026-11-22: NC papers
/// give emission ranges only (e.g. ZCIS/ZnS 518–810 nm), no composition-resolved gap, no bowing, no size series —
/// see docs/design.md and docs/design-sources.md).
public enum CandidateFamilies {
    /// Swafford et al., JACS 128, 12299 (2006): bowing 0.29 eV for CdS(x)Se(1−x) nanocrystals, equal to bulk.
    public static let cdSeSBowing = Sourced(0.29, "Swafford et al., J. Am. Chem. Soc. 128, 12299 (2006)", .medium)
    /// Mixed-halide CsPbX3: first-principles cluster expansion finds negligible (even negative) bowing at
    /// growth temperatures (J. Phys. Chem. Lett. 2015, PubMed 26278729); 0 is used.
    public static let halideBowing = Sourced(0.0, "J. Phys. Chem. Lett. 2015 (PMID 26278729): negligible bowing in CsPb(I/Br)3 and CsPb(Br/Cl)3 at high temperature", .low)

    /// Every family, in a stable order (the order defines candidate indices for shards).
    /// - Throws: `PhysicsError.unknownMaterial` only if the catalogue lost an entry (a broken build).
    public static func all() throws -> [CoreFamily] {
        let m = MaterialCatalogue.material
        func format(_ x: Double, _ build: @escaping @Sendable (String, String) -> String) -> @Sendable (Double) -> String {
            { x in build(String(format: "%.2f", 1 - x), String(format: "%.2f", x)) }
        }
        return [
            CoreFamily(id: "CdSe-CdS", first: try m("CdSe"), second: try m("CdS"), bowing: cdSeSBowing,
                       shells: [.none, .zns, .cds, .znse], maximumComposition: 1,
                       formula: format(0) { "CdSe\($0)S\($1)" }),
            CoreFamily(id: "CdTe", first: try m("CdTe"), second: nil, bowing: nil, shells: [.none, .cds, .zns], maximumComposition: 0, formula: { _ in "CdTe" }),
            CoreFamily(id: "InP", first: try m("InP"), second: nil, bowing: nil, shells: [.none, .zns, .znse, .znseZns], maximumComposition: 0, formula: { _ in "InP" }),
            CoreFamily(id: "InAs", first: try m("InAs"), second: nil, bowing: nil, shells: [.none, .znse, .zns], maximumComposition: 0, formula: { _ in "InAs" }),
            CoreFamily(id: "ZnSe", first: try m("ZnSe"), second: nil, bowing: nil, shells: [.none, .zns], maximumComposition: 0, formula: { _ in "ZnSe" }),
            CoreFamily(id: "CsPbCl3-CsPbBr3", first: try m("CsPbCl3"), second: try m("CsPbBr3"), bowing: halideBowing,
                       shells: [.none], maximumComposition: 0.9, formula: format(0) { "CsPb(Cl\($0)Br\($1))3" }),
            CoreFamily(id: "CsPbBr3-CsPbI3", first: try m("CsPbBr3"), second: try m("CsPbI3"), bowing: halideBowing,
                       shells: [.none], maximumComposition: 1, formula: format(0) { "CsPb(Br\($0)I\($1))3" }),
            CoreFamily(id: "CuInS2", first: try m("CuInS2"), second: nil, bowing: nil, shells: [.none, .zns], maximumComposition: 0, formula: { _ in "CuInS2" }),
            CoreFamily(id: "PbS", first: try m("PbS"), second: nil, bowing: nil, shells: [.none, .cds], maximumComposition: 0, formula: { _ in "PbS" }),
            CoreFamily(id: "PbSe", first: try m("PbSe"), second: nil, bowing: nil, shells: [.none, .cds], maximumComposition: 0, formula: { _ in "PbSe" }),
        ]
    }
}

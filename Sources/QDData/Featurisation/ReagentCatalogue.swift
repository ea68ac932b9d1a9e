import QDPhysics

/// Chemical class of a reagent, used as a categorical descriptor.
public enum FunctionalClass: String, Sendable, Codable, CaseIterable {
    case carboxylicAcid = "carboxylic acid"
    case phosphonicAcid = "phosphonic acid"
    case amine, phosphine
    case phosphineOxide = "phosphine oxide"
    case thiol, alkene, alcohol, ketone, aromatic, ether, alkane
    case metalSalt = "metal salt"
    case metalCarboxylate = "metal carboxylate"
    case organometallic, element
    case silylPhosphine = "silyl phosphine"
    case aminophosphine
    case other
}

/// What QDData knows about a common QD reagent: formula, class, chain length and (for liquids) density.
public struct ReagentInfo: Sendable, Equatable {
    /// Canonical name (lower case), e.g. "oleic acid".
    public let name: String
    /// Formula as element → count (oleic acid: C18H34O2).
    public let composition: [String: Double]
    /// Chemical class, used for one-hot descriptors.
    public let functionalClass: FunctionalClass
    /// Carbon atoms in the longest alkyl chain (0 for inorganic reagents).
    public let chainLength: Int
    /// Density of the liquid at 20–25 °C in g/mL, `nil` for solids. Source: supplier specification sheets
    /// (Sigma-Aldrich) as tabulated in the CRC Handbook of Chemistry and Physics, 97th ed.; ±1 %.
    public let densityGramsPerMillilitre: Double?

    /// Molar mass in g/mol from the formula and IUPAC 2021 atomic weights (QDPhysics `Element`).
    public var molarMassGramsPerMole: Double? { try? Element.molarMass(of: composition) }
}

/// A small table of reagents common in QD syntheses, looked up by name (case-insensitive, a few aliases).
///
/// Formulas are the compounds' standard formulas; the table is a fact list, not copied code.
public enum ReagentCatalogue {
    /// The entry for `name` (trimmed, case-insensitive; aliases such as "ODE", "TOP", "OLA", "Se powder"), or `nil`.
    public static func entry(named name: String) -> ReagentInfo? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return table[aliases[key] ?? key]
    }

    /// Every known reagent by canonical name.
    public static let table: [String: ReagentInfo] = {
        typealias Row = (String, [String: Double], FunctionalClass, Int, Double?)
        let rows: [Row] = [
            ("indium acetate", ["In": 1, "C": 6, "H": 9, "O": 6], .metalCarboxylate, 2, nil),
            ("indium myristate", ["In": 1, "C": 42, "H": 81, "O": 6], .metalCarboxylate, 14, nil),
            ("indium chloride", ["In": 1, "Cl": 3], .metalSalt, 0, nil),
            ("indium bromide", ["In": 1, "Br": 3], .metalSalt, 0, nil),
            ("indium iodide", ["In": 1, "I": 3], .metalSalt, 0, nil),
            ("tris(trimethylsilyl)phosphine", ["P": 1, "Si": 3, "C": 9, "H": 27], .silylPhosphine, 1, 0.863),
            ("tris(diethylamino)phosphine", ["P": 1, "N": 3, "C": 12, "H": 30], .aminophosphine, 2, 0.903),
            ("tris(dimethylamino)phosphine", ["P": 1, "N": 3, "C": 6, "H": 18], .aminophosphine, 1, 0.898),
            ("cadmium oxide", ["Cd": 1, "O": 1], .metalSalt, 0, nil),
            ("cadmium stearate", ["Cd": 1, "C": 36, "H": 70, "O": 4], .metalCarboxylate, 18, nil),
            ("cadmium acetate", ["Cd": 1, "C": 4, "H": 6, "O": 4], .metalCarboxylate, 2, nil),
            ("cadmium acetate dihydrate", ["Cd": 1, "C": 4, "H": 10, "O": 6], .metalCarboxylate, 2, nil),
            ("dimethylcadmium", ["Cd": 1, "C": 2, "H": 6], .organometallic, 1, 1.985),
            ("selenium", ["Se": 1], .element, 0, nil),
            ("oleic acid", ["C": 18, "H": 34, "O": 2], .carboxylicAcid, 18, 0.895),
            ("stearic acid", ["C": 18, "H": 36, "O": 2], .carboxylicAcid, 18, nil),
            ("myristic acid", ["C": 14, "H": 28, "O": 2], .carboxylicAcid, 14, nil),
            ("lauric acid", ["C": 12, "H": 24, "O": 2], .carboxylicAcid, 12, nil),
            ("palmitic acid", ["C": 16, "H": 32, "O": 2], .carboxylicAcid, 16, nil),
            ("benzoic acid", ["C": 7, "H": 6, "O": 2], .carboxylicAcid, 0, nil),
            ("octadecene", ["C": 18, "H": 36], .alkene, 18, 0.789),
            ("oleylamine", ["C": 18, "H": 37, "N": 1], .amine, 18, 0.813),
            ("hexadecylamine", ["C": 16, "H": 35, "N": 1], .amine, 16, nil),
            ("dodecylamine", ["C": 12, "H": 27, "N": 1], .amine, 12, nil),
            ("octadecylamine", ["C": 18, "H": 39, "N": 1], .amine, 18, nil),
            ("trioctylphosphine", ["C": 24, "H": 51, "P": 1], .phosphine, 8, 0.831),
            ("trioctylphosphine oxide", ["C": 24, "H": 51, "O": 1, "P": 1], .phosphineOxide, 8, nil),
            ("tributylphosphine", ["C": 12, "H": 27, "P": 1], .phosphine, 4, 0.812),
            ("dodecanethiol", ["C": 12, "H": 26, "S": 1], .thiol, 12, 0.845),
            ("zinc chloride", ["Zn": 1, "Cl": 2], .metalSalt, 0, nil),
            ("zinc acetate", ["Zn": 1, "C": 4, "H": 6, "O": 4], .metalCarboxylate, 2, nil),
            ("zinc stearate", ["Zn": 1, "C": 36, "H": 70, "O": 4], .metalCarboxylate, 18, nil),
            ("lead bromide", ["Pb": 1, "Br": 2], .metalSalt, 0, nil),
            ("caesium oleate", ["Cs": 1, "C": 18, "H": 33, "O": 2], .metalCarboxylate, 18, nil),
            ("toluene", ["C": 7, "H": 8], .aromatic, 0, 0.867),
            ("ethanol", ["C": 2, "H": 6, "O": 1], .alcohol, 2, 0.789),
            ("methanol", ["C": 1, "H": 4, "O": 1], .alcohol, 1, 0.792),
            ("isopropanol", ["C": 3, "H": 8, "O": 1], .alcohol, 3, 0.786),
            ("n-butanol", ["C": 4, "H": 10, "O": 1], .alcohol, 4, 0.810),
            ("cyclopentanone", ["C": 5, "H": 8, "O": 1], .ketone, 0, 0.951),
            ("phenyl ether", ["C": 12, "H": 10, "O": 1], .ether, 0, 1.073),
            ("citric acid", ["C": 6, "H": 8, "O": 7], .carboxylicAcid, 0, nil),
            ("urea", ["C": 1, "H": 4, "N": 2, "O": 1], .other, 0, nil),
        ]
        var table: [String: ReagentInfo] = [:]
        for (name, composition, functionalClass, chain, density) in rows {
            table[name] = ReagentInfo(name: name, composition: composition, functionalClass: functionalClass, chainLength: chain, densityGramsPerMillilitre: density)
        }
        return table
    }()

    /// Other names → canonical name (lower case).
    static let aliases: [String: String] = [
        "se powder": "selenium", "se": "selenium", "ode": "octadecene", "1-octadecene": "octadecene", "oa": "oleic acid",
        "ola": "oleylamine", "top": "trioctylphosphine", "topo": "trioctylphosphine oxide", "tbp": "tributylphosphine",
        "ddt": "dodecanethiol", "p(tms)3": "tris(trimethylsilyl)phosphine", "tris(trimethylsilyl) phosphine": "tris(trimethylsilyl)phosphine",
        "pbbr2": "lead bromide", "cs-oa": "caesium oleate", "cesium oleate": "caesium oleate", "diphenyl ether": "phenyl ether",
        "etoh": "ethanol", "meoh": "methanol", "i-proh": "isopropanol", "n-buoh": "n-butanol", "tol": "toluene", "cypen": "cyclopentanone",
    ]
}

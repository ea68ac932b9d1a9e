import Foundation
import QDPhysics

/// One precursor with its price.
public struct PrecursorPrice: Sendable, Codable, Equatable {
    /// Name, e.g. "cadmium oxide".
    public let name: String
    /// Formula as element → count.
    public let formula: [String: Double]
    /// Price, USD per gram of precursor.
    public let usdPerGram: Double
    /// Where the price comes from.
    public let source: String
    /// When it was compiled (ISO date).
    public let date: String

    /// A price row.
    public init(name: String, formula: [String: Double], usdPerGram: Double, source: String, date: String) {
        self.name = name
        self.formula = formula
        self.usdPerGram = usdPerGram
        self.source = source
        self.date = date
    }

    /// USD per mole of precursor. - Throws: `PhysicsError.unknownMaterial` for an unknown element symbol.
    public func usdPerMole() throws -> Double { usdPerGram * (try Element.molarMass(of: formula)) }
}

/// Precursor cost of a QD, USD per gram, from a precursor price table and a synthesis route per material.
///
/// Cost of one mole of material = Σ (equivalents of precursor per formula unit × USD per mole of precursor), at
/// 100 % chemical yield; per gram = that / molar mass. The particle's cost is the mass-weighted sum over core
/// and shells (ligand mass counts in the denominator, its cost is not counted). Solvents (octadecene, often the
/// largest raw-material cost at scale), ligands, energy and labour are not included: the number ranks candidates
/// by the inorganic precursors they consume, it is not a price quote.
///
/// The screen's default is `CostModel.sourced()` (QDLab's sourced precursor table; materials it does not price
/// are "cost unknown"). The table `defaultPrices` holds indicative lab-scale list prices (USD per gram, small
/// packs of research-grade reagents from major suppliers) compiled by QDLab on 2026-11-22 from general knowledge
/// of supplier catalogues. They were NOT retrieved from a live catalogue, have no source and are low-confidence;
/// they are used only when asked for (`CostModel(prices: CostModel.defaultPrices)`, `qdlab design
/// --indicative-prices`). Your own quotes: `qdlab design --prices FILE` (CSV `name,formula,usd_per_gram,source,date`).
public struct CostModel: Sendable {
    /// Precursors by name.
    public let prices: [String: PrecursorPrice]
    /// USD per mole of formula unit, by catalogue material id.
    public let usdPerMoleByMaterial: [String: Double]
    /// What the cost means, as candidates' explanations print it (e.g. "indicative prices").
    public internal(set) var basis: String
    /// Materials without a cost, by catalogue id: the precursors (or elements, for the element estimator) that
    /// have no sourced price. Empty for a price list that prices every route.
    public internal(set) var missingPrices: [String: [String]] = [:]

    /// The default price table (see the type's documentation for its status).
    public static let defaultPrices: [PrecursorPrice] = {
        let source = "QDLab indicative lab-scale list price (research grade, small pack), compiled from general knowledge of supplier catalogues, not retrieved; low confidence"
        let date = "2026-11-22"
        func p(_ name: String, _ formula: [String: Double], _ usd: Double) -> PrecursorPrice {
            PrecursorPrice(name: name, formula: formula, usdPerGram: usd, source: source, date: date)
        }
        return [
            p("cadmium oxide", ["Cd": 1, "O": 1], 8),
            p("selenium powder", ["Se": 1], 3),
            p("sulfur", ["S": 1], 0.3),
            p("tellurium powder", ["Te": 1], 4),
            p("zinc acetate", ["Zn": 1, "C": 4, "H": 6, "O": 4], 2),
            p("indium acetate", ["In": 1, "C": 6, "H": 9, "O": 6], 30),
            p("tris(trimethylsilyl)phosphine", ["P": 1, "Si": 3, "C": 9, "H": 27], 120),
            p("tris(trimethylsilyl)arsine", ["As": 1, "Si": 3, "C": 9, "H": 27], 400),
            p("lead oxide", ["Pb": 1, "O": 1], 3),
            p("bis(trimethylsilyl)sulfide", ["S": 1, "Si": 2, "C": 6, "H": 18], 15),
            p("caesium carbonate", ["Cs": 2, "C": 1, "O": 3], 6),
            p("lead chloride", ["Pb": 1, "Cl": 2], 6),
            p("lead bromide", ["Pb": 1, "Br": 2], 8),
            p("lead iodide", ["Pb": 1, "I": 2], 15),
            p("copper iodide", ["Cu": 1, "I": 1], 4),
        ]
    }()

    /// Synthesis routes: precursor equivalents per formula unit, by material id. Perovskites use the
    /// Protesescu et al., Nano Lett. 15, 3692 (2015) hot-injection stoichiometry (PbX2 supplies the halide, so
    /// 1.5 PbX2 per CsPbX3); PbS uses bis(trimethylsilyl)sulfide (Hines & Scholes, Adv. Mater. 15, 1844 (2003)).
    public static let routes: [String: [(precursor: String, equivalents: Double)]] = [
        "CdSe": [("cadmium oxide", 1), ("selenium powder", 1)],
        "CdS": [("cadmium oxide", 1), ("sulfur", 1)],
        "CdTe": [("cadmium oxide", 1), ("tellurium powder", 1)],
        "ZnSe": [("zinc acetate", 1), ("selenium powder", 1)],
        "ZnS": [("zinc acetate", 1), ("sulfur", 1)],
        "InP": [("indium acetate", 1), ("tris(trimethylsilyl)phosphine", 1)],
        "InAs": [("indium acetate", 1), ("tris(trimethylsilyl)arsine", 1)],
        "PbS": [("lead oxide", 1), ("bis(trimethylsilyl)sulfide", 1)],
        "PbSe": [("lead oxide", 1), ("selenium powder", 1)],
        "CsPbCl3": [("caesium carbonate", 0.5), ("lead chloride", 1.5)],
        "CsPbBr3": [("caesium carbonate", 0.5), ("lead bromide", 1.5)],
        "CsPbI3": [("caesium carbonate", 0.5), ("lead iodide", 1.5)],
        "CuInS2": [("copper iodide", 1), ("indium acetate", 1), ("sulfur", 2)],
    ]

    /// A cost model over `prices` (default: `defaultPrices`).
    /// - Throws: `DesignError.invalidInput` when a route names a precursor missing from `prices`, or a price is
    ///   not finite and ≥ 0.
    public init(prices: [PrecursorPrice] = CostModel.defaultPrices) throws {
        var table: [String: PrecursorPrice] = [:]
        for price in prices {
            guard price.usdPerGram.isFinite, price.usdPerGram >= 0 else {
                throw DesignError(.invalidInput, "Price of '\(price.name)' is \(price.usdPerGram) USD/g (rule: finite ≥ 0). Fix the price table.")
            }
            table[price.name] = price
        }
        var perMole: [String: Double] = [:]
        for (material, route) in Self.routes {
            var total = 0.0
            for (name, equivalents) in route {
                guard let price = table[name] else {
                    throw DesignError(.invalidInput, "The price table has no '\(name)' (rule: every precursor of the \(material) route needs a price). Add a row for it.")
                }
                do { total += equivalents * (try price.usdPerMole()) } catch {
                    throw DesignError(.invalidInput, "Precursor '\(name)' has a bad formula: \(error)")
                }
            }
            perMole[material] = total
        }
        self.prices = table
        usdPerMoleByMaterial = perMole
        let indicative = prices.allSatisfy { price in Self.defaultPrices.contains { $0.name == price.name && $0.source == price.source } }
        basis = indicative ? "precursor cost, indicative prices (unsourced)" : "precursor cost, your price table"
    }

    /// USD per gram of `material` (an alloy's cost per mole is interpolated linearly between its end members;
    /// pass them with `x`). `nil` when no route is known.
    public func usdPerGram(_ materialID: String) -> Double? {
        guard let perMole = usdPerMoleByMaterial[materialID],
              let mass = try? MaterialCatalogue.material(materialID).molarMassGramsPerMole else { return nil }
        return perMole / mass
    }

    /// Parses a price CSV with header `name,formula,usd_per_gram,source,date`; formula like "Cd1O1" or "Cs2C1O3".
    /// - Throws: `DesignError.invalidInput` naming the line for a malformed row.
    public static func parsePrices(csv text: String) throws -> [PrecursorPrice] {
        var rows: [PrecursorPrice] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where number > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, let usd = Double(cells[2]) else {
                throw DesignError(.invalidInput, "Price file line \(number + 1): '\(line)' (rule: name,formula,usd_per_gram,source,date). Fix that line.")
            }
            rows.append(PrecursorPrice(name: cells[0], formula: try parseFormula(cells[1], line: number + 1), usdPerGram: usd, source: cells[3], date: cells[4]))
        }
        return rows
    }

    /// "Cs2C1O3" → ["Cs": 2, "C": 1, "O": 3]; a missing count means 1.
    static func parseFormula(_ text: String, line: Int) throws -> [String: Double] {
        var formula: [String: Double] = [:]
        var symbol = "", digits = ""
        func flush() throws {
            guard !symbol.isEmpty else { return }
            guard Element.table[symbol] != nil else {
                throw DesignError(.unknownElement, "Price file line \(line): unknown element '\(symbol)' (rule: chemical symbols as written, e.g. Cs2C1O3).")
            }
            formula[symbol, default: 0] += Double(digits) ?? 1
            symbol = ""; digits = ""
        }
        for ch in text {
            if ch.isUppercase { try flush(); symbol = String(ch) } else if ch.isLowercase { symbol.append(ch) } else if ch.isNumber || ch == "." { digits.append(ch) } else {
                throw DesignError(.invalidInput, "Price file line \(line): '\(text)' is not a formula (rule: symbols and counts, e.g. Pb1Br2).")
            }
        }
        try flush()
        return formula
    }
}

/// Hazard weights per element for the toxicity score: Σ_e w_e·(mass fraction of e in the particle), 0–1.
///
/// Weights are QDLab's judgement anchored on classifications: IARC Group 1 carcinogens and RoHS-restricted Cd
/// (IARC Monographs vol. 100C, 2012) and As → 1.0; inorganic Pb compounds (IARC Group 2A, vol. 87, 2006; RoHS) →
/// 0.9; indium phosphide (IARC Group 2A, vol. 86, 2006) → In 0.5; Se and Te (acute toxicity of soluble
/// compounds) → 0.3; Ag and Cu (aquatic toxicity) → 0.2 and 0.1; Zn, Cs, halides → 0.05; S, P, O, C, H → 0.
public enum Toxicity {
    /// Element → weight.
    public static let weights: [String: Double] = [
        "Cd": 1.0, "As": 1.0, "Hg": 1.0, "Pb": 0.9, "In": 0.5, "Se": 0.3, "Te": 0.3, "Ag": 0.2, "Cu": 0.1,
        "Zn": 0.05, "Cs": 0.05, "Cl": 0.05, "Br": 0.05, "I": 0.05,
    ]
}

/// Literature-typical defaults for materials QDPhysics' `OpticalDefaults` does not tabulate. All low confidence.
enum DesignOpticalDefaults {
    /// Homogeneous FWHM, eV: `OpticalDefaults` where tabulated, else these.
    static func homogeneousFWHM(_ id: String) -> (value: Double, note: String?) {
        if let v = OpticalDefaults.homogeneousFWHM(materialID: id)?.value { return (v, nil) }
        switch id {
        case "CsPbCl3", "CsPbBr3", "CsPbI3":
            return (0.070, "perovskite single-dot width assumed 70 meV (ensemble PL FWHM 12–42 nm, Protesescu 2015)")
        case "PbS", "PbSe", "InAs":
            return (0.080, "IR single-dot width assumed 80 meV (PbS ensembles largely homogeneous, Caram 2016)")
        default:
            return (0.060, "single-dot width assumed 60 meV by analogy with CdSe")
        }
    }

    /// Stokes shift, eV: `OpticalDefaults` where tabulated, else the value of the nearest analogue.
    static func stokesShift(_ id: String, diameter: Double, energy: Double) -> Double {
        if let v = OpticalDefaults.stokesShift(materialID: id, diameterNanometres: diameter, firstExcitonElectronvolts: energy)?.value { return v }
        switch id {
        case "CsPbCl3", "CsPbI3": return OpticalDefaults.stokesShift(materialID: "CsPbBr3", diameterNanometres: diameter, firstExcitonElectronvolts: energy)?.value ?? 0.05
        case "PbSe": return OpticalDefaults.stokesShift(materialID: "PbS", diameterNanometres: diameter, firstExcitonElectronvolts: energy)?.value ?? 0.05
        case "CdS", "CdTe": return OpticalDefaults.stokesShift(materialID: "CdSe", diameterNanometres: diameter, firstExcitonElectronvolts: energy)?.value ?? 0.05
        default: return 0.030
        }
    }
}

/// A heuristic PLQY prior and stability score from structure, stated as such: no trained model predicts PLQY
/// from structure in QDLab yet, so these encode literature-typical values and are labelled "prior" in output.
///
/// Base PLQY of bare cores: II–VI 0.3, InP 0.05 (bare InP is typically < 5 %), InAs 0.05, CsPbX3 0.7 (50–90 %,
/// Protesescu 2015), CuInS2 0.1, Pb chalcogenides 0.3, ZnSe 0.2. A type-I shell thick enough (≥ 1 nm) raises it
/// to 0.8 (CdSe/ZnS, InP/ZnS) or 0.9 (InP/ZnSe/ZnS, CdSe/CdS; Won et al., Nature 575, 634 (2019) report near-unity
/// for InP/ZnSe/ZnS); thinner shells give half the gain; a quasi-type-II shell 0.7 of the gain; a type-II shell
/// halves the base. A shell thicker than the planar critical thickness at high mismatch multiplies by 0.6.
/// Stability: base II–VI 0.5, III–V 0.35 (oxidation), CsPbX3 0.15 (moisture, polar solvents), CuInS2 0.5, Pb
/// chalcogenides 0.35; + 0.15 per nm of type-I or quasi-type-II shell up to + 0.45; + 0.1 for an outer ZnS;
/// − 0.1 for mixed halides (light-induced halide segregation, Hoke et al., Chem. Sci. 6, 613 (2015)).
enum StructurePriors {
    enum CoreClass { case twoSix, indiumPhosphide, indiumArsenide, perovskite, cuInS2, leadChalcogenide, zincSelenide }

    static func coreClass(_ familyID: String) -> CoreClass {
        switch familyID {
        case "InP": .indiumPhosphide
        case "InAs": .indiumArsenide
        case "CsPbCl3-CsPbBr3", "CsPbBr3-CsPbI3": .perovskite
        case "CuInS2": .cuInS2
        case "PbS", "PbSe": .leadChalcogenide
        case "ZnSe": .zincSelenide
        default: .twoSix
        }
    }

    static func plqy(_ c: CoreClass, shell: ShellKind, thickness: Double, alignment: BandAlignment.Kind?, strainedBeyondCritical: Bool) -> Double {
        let base: Double = switch c {
        case .twoSix: 0.3
        case .indiumPhosphide, .indiumArsenide: 0.05
        case .perovskite: 0.7
        case .cuInS2: 0.1
        case .leadChalcogenide: 0.3
        case .zincSelenide: 0.2
        }
        guard shell != .none, let alignment else { return base }
        let best: Double = (shell == .znseZns || shell == .cds) ? 0.9 : 0.8
        var q: Double
        switch alignment {
        case .typeI: q = base + (best - base) * (thickness >= 1 ? 1 : 0.5)
        case .quasiTypeII: q = base + 0.7 * (best - base) * (thickness >= 1 ? 1 : 0.5)
        case .typeII, .inverseTypeI: q = base * 0.5
        case .indeterminate: q = base
        }
        if strainedBeyondCritical { q *= 0.6 }
        return min(max(q, 0), 1)
    }

    static func stability(_ c: CoreClass, shell: ShellKind, thickness: Double, alignment: BandAlignment.Kind?, mixedHalide: Bool) -> Double {
        var s: Double = switch c {
        case .twoSix, .cuInS2, .zincSelenide: 0.5
        case .indiumPhosphide, .indiumArsenide, .leadChalcogenide: 0.35
        case .perovskite: 0.15
        }
        if shell != .none, let alignment, alignment == .typeI || alignment == .quasiTypeII {
            s += min(0.15 * thickness, 0.45)
        }
        if shell.layerIDs.last == "ZnS" { s += 0.1 }
        if mixedHalide { s -= 0.1 }
        return min(max(s, 0), 1)
    }
}

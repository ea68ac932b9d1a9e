import Foundation
import QDPhysics

/// The unit a U.S. Geological Survey price is printed in. The table stores the printed number and this unit and
/// converts in code, so every USD/kg figure can be traced back to the printed one.
public enum PrintedPriceUnit: String, Sendable, Codable, Equatable {
    /// US dollars per kilogram.
    case dollarsPerKilogram
    /// US dollars per pound (avoirdupois).
    case dollarsPerPound
    /// US cents per pound (avoirdupois).
    case centsPerPound
    /// US dollars per troy ounce.
    case dollarsPerTroyOunce

    /// Kilograms per avoirdupois pound, exact by definition (International Yard and Pound Agreement, 1959).
    public static let kilogramsPerPound = 0.45359237
    /// Grams per troy ounce, exact by definition (1 troy oz = 480 grains × 64.79891 mg).
    public static let gramsPerTroyOunce = 31.1034768

    /// `value` in this unit as US dollars per kilogram. Pure unit conversion; NaN in, NaN out.
    public func usdPerKilogram(_ value: Double) -> Double {
        switch self {
        case .dollarsPerKilogram: return value
        case .dollarsPerPound: return value / Self.kilogramsPerPound
        case .centsPerPound: return value / 100 / Self.kilogramsPerPound
        case .dollarsPerTroyOunce: return value / Self.gramsPerTroyOunce * 1000
        }
    }
}

/// One element price as printed by the U.S. Geological Survey (public domain): a dated average for a stated
/// grade, with where it was read.
public struct ElementPrice: Sendable, Codable, Equatable {
    /// Element symbol, e.g. "Cd".
    public let element: String
    /// The number exactly as printed.
    public let printedValue: Double
    /// The unit it is printed in.
    public let printedUnit: PrintedPriceUnit
    /// The price line and grade as the source words them, e.g. "Price, annual average, dollars per kilogram
    /// (99.97% indium)".
    public let quotedAs: String
    /// The calendar year the price is for (not the edition's year).
    public let priceYear: Int
    /// Publication, edition and page/section, e.g. "USGS Mineral Commodity Summaries 2003, p. 82 (Indium),
    /// Salient Statistics, 2000 column".
    public let source: String
    /// Where it was read.
    public let url: String

    /// A row.
    public init(element: String, printedValue: Double, printedUnit: PrintedPriceUnit, quotedAs: String,
                priceYear: Int, source: String, url: String) {
        self.element = element
        self.printedValue = printedValue
        self.printedUnit = printedUnit
        self.quotedAs = quotedAs
        self.priceYear = priceYear
        self.source = source
        self.url = url
    }

    /// US dollars per kilogram of element (unit conversion of `printedValue`).
    public var usdPerKilogram: Double { printedUnit.usdPerKilogram(printedValue) }
    /// US dollars per gram of element.
    public var usdPerGram: Double { usdPerKilogram / 1000 }

    /// Checks the row. - Throws: `DesignError.invalidInput` naming the row when the value is not finite and ≥ 0,
    /// the year is outside 1900–2100, the element is not in QDPhysics' element table, or the quote, source or URL
    /// is empty.
    public func validate() throws {
        guard printedValue.isFinite, printedValue >= 0 else {
            throw DesignError(.invalidInput, "Element price row '\(element)': value \(printedValue) (rule: finite and ≥ 0). Fix the row.")
        }
        guard (1900...2100).contains(priceYear) else {
            throw DesignError(.invalidInput, "Element price row '\(element)': year \(priceYear) (rule: the calendar year of the price, 1900–2100). Fix the row.")
        }
        guard (try? Element.named(element)) != nil else {
            throw DesignError(.unknownElement, "Element price row '\(element)': not in QDPhysics' element table (rule: a chemical symbol, case as written, e.g. 'Cd'). Fix the symbol.")
        }
        for (field, value) in [("quote", quotedAs), ("source", source), ("URL", url)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DesignError(.invalidInput, "Element price row '\(element)': empty \(field) (rule: every row names its source). Fill it in or drop the row.")
        }
    }
}

/// An element QDLab's families use that has no sourced price in `ElementPriceTable`, and why.
public struct ElementPriceGap: Sendable, Codable, Equatable {
    /// Element symbol.
    public let element: String
    /// What was looked for and not found.
    public let reason: String
}

/// QDLab's sourced element price table: U.S. Geological Survey prices for the year 2000.
///
/// One edition, one year: every MCS row is the 2000 column (final, not estimated) of the Salient Statistics of
/// *Mineral Commodity Summaries 2003* (USGS, January 2003), read page by page from the transcript at
/// yumpu.com (document 19199842) on 2026-11-22. The 2000 column was chosen over the 2002 estimate because it is
/// final and because selenium, which the 2003 selenium sheet would have given, was only found as the USGS
/// National Minerals Information Center's statement of the 2000 average; the same pages state the 2000
/// indium average ($188/kg) that MCS 2003 prints, which cross-checks the two sources. Prices are U.S. market
/// quotations of bulk metal (dealer, producer or import values as each row says), not reagent prices; they are
/// not adjusted for inflation. Elements not found are in `gaps`, never filled in.
public enum ElementPriceTable {
    private static let mcs2003 = "USGS Mineral Commodity Summaries 2003 (January 2003)"
    private static let yumpu = "https://www.yumpu.com/en/document/view/19199842/mineral-commodity-summaries-2003-mineral-resources-program-/"

    /// The rows, one per element.
    public static let rows: [ElementPrice] = [
        ElementPrice(element: "Cd", printedValue: 0.16, printedUnit: .dollarsPerPound,
                     quotedAs: "Price, metal, dollars per pound (footnote 2; the sheet values output at the average New York dealer price)",
                     priceYear: 2000, source: "\(mcs2003), p. 42 (Cadmium), Salient Statistics, 2000 column", url: yumpu + "45"),
        ElementPrice(element: "In", printedValue: 188, printedUnit: .dollarsPerKilogram,
                     quotedAs: "Price, annual average, dollars per kilogram (99.97% indium)",
                     priceYear: 2000, source: "\(mcs2003), p. 82 (Indium), Salient Statistics, 2000 column", url: yumpu + "85"),
        ElementPrice(element: "Ga", printedValue: 640, printedUnit: .dollarsPerKilogram,
                     quotedAs: "Price, yearend, dollars per kilogram, 99.99999%-pure (a year-end quotation, not an annual average)",
                     priceYear: 2000, source: "\(mcs2003), p. 66 (Gallium), Salient Statistics, 2000 column", url: yumpu + "69"),
        ElementPrice(element: "Ag", printedValue: 5.00, printedUnit: .dollarsPerTroyOunce,
                     quotedAs: "Price, dollars per troy ounce (footnote 3)",
                     priceYear: 2000, source: "\(mcs2003), p. 152 (Silver), Salient Statistics, 2000 column", url: yumpu + "155"),
        ElementPrice(element: "As", printedValue: 51, printedUnit: .centsPerPound,
                     quotedAs: "Value, cents per pound, average: Metal (China) (an import value, not a market quotation)",
                     priceYear: 2000, source: "\(mcs2003), p. 26 (Arsenic), Salient Statistics, 2000 column", url: yumpu + "29"),
        ElementPrice(element: "Se", printedValue: 3.82, printedUnit: .dollarsPerPound,
                     quotedAs: "\"The average price for selenium in 2000 was $3.82 per pound\" (grade not stated)",
                     priceYear: 2000,
                     source: "USGS National Minerals Information Center, Selenium and Tellurium Statistics and Information (commodity page; not an MCS sheet)",
                     url: "https://www.usgs.gov/centers/national-minerals-information-center/selenium-and-tellurium-statistics-and-information"),
    ]

    /// Elements of QDLab's families without a sourced price, sorted by symbol.
    public static let gaps: [ElementPriceGap] = [
        ElementPriceGap(element: "Bi", reason: "not searched in the 2026-11-22 pass (no screened family uses it)"),
        ElementPriceGap(element: "Br", reason: "MCS 2003 bromine sheet not found in the searchable transcripts"),
        ElementPriceGap(element: "Cs", reason: "MCS 2003 cesium sheet not found; MCS 2017 (2016: 1-g ampoules of 99.8% cesium $61.49) and MCS 1996 (1995: $40.80 per 1-g ampoule) are other editions and years, and reagent ampoule prices rather than bulk metal"),
        ElementPriceGap(element: "Cu", reason: "MCS 2003 copper sheet not found (only Minerals Yearbook chapters, which were not used)"),
        ElementPriceGap(element: "Hg", reason: "not searched in the 2026-11-22 pass (no screened family uses it)"),
        ElementPriceGap(element: "I", reason: "MCS 2003 iodine sheet not found; MCS 1996 prints crude iodine c.i.f. values for 1991–95 (another edition and year)"),
        ElementPriceGap(element: "P", reason: "MCS prices phosphate rock (per ton of rock), not elemental phosphorus; no USGS elemental P price found"),
        ElementPriceGap(element: "Pb", reason: "MCS 2003 lead sheet: only its second page (no Salient Statistics) was retrievable"),
        ElementPriceGap(element: "S", reason: "MCS 2003 sulfur sheet not found; a 2005 value in MCS 2010 exists but is another edition and year"),
        ElementPriceGap(element: "Si", reason: "not searched in the 2026-11-22 pass (no screened family uses it)"),
        ElementPriceGap(element: "Te", reason: "MCS 2003 tellurium sheet: only its second page (no price line) was retrievable"),
        ElementPriceGap(element: "Zn", reason: "MCS 2003 zinc sheet found but its transcript breaks off before the price line"),
    ]
}

/// Raw-element cost of QD material: a sourced LOWER BOUND on material cost, USD per gram of QD.
///
///     C = Σᵢ wᵢ · pᵢ
///
/// with wᵢ the mass fraction of element i (e.g. `ParticleComposition.massFractions`, or n·A/M of a formula) and
/// pᵢ its `ElementPriceTable` price in USD/g. It prices the elements as bulk commodity metal at the table's
/// year; it does NOT include precursor chemistry (oxides, acetates, silylated reagents cost far more per gram
/// of element), purity upgrades to reagent grade, ligands, solvents, chemical yield, excess, energy or labour.
/// An element with mass fraction > 0 and no price makes the whole estimate `.unknown` naming that element —
/// never 0. Elements the caller lists in `excluding` (e.g. ligand C, H, O) count as mass but not as cost.
/// - Complexity: O(elements).
public struct ElementCostEstimator: Sendable {
    /// Price rows by element symbol.
    public let prices: [String: ElementPrice]

    /// An estimator over `rows` (default: `ElementPriceTable.rows`).
    /// - Throws: `DesignError.invalidInput` for a malformed row or two rows for one element (the table holds one
    ///   dated price per element); `.unknownElement` for an unknown symbol.
    public init(rows: [ElementPrice] = ElementPriceTable.rows) throws {
        var table: [String: ElementPrice] = [:]
        for row in rows {
            try row.validate()
            guard table[row.element] == nil else {
                throw DesignError(.invalidInput, "Element price table has two rows for '\(row.element)' (rule: one dated price per element). Keep one.")
            }
            table[row.element] = row
        }
        prices = table
    }

    /// Cost of a mass-fraction map, USD per gram of the whole.
    /// - Throws: `DesignError.invalidInput` for a fraction that is NaN, negative or > 1.
    public func estimate(massFractions: [String: Double], excluding: Set<String> = []) throws -> CostEstimate {
        var usd = 0.0
        var missing: [String] = []
        for (symbol, w) in massFractions {
            guard w.isFinite, w >= 0, w <= 1 else {
                throw DesignError(.invalidInput, "Mass fraction of '\(symbol)' is \(w) (rule: finite, 0 ≤ w ≤ 1). Pass ParticleComposition.massFractions.")
            }
            guard w > 0, !excluding.contains(symbol) else { continue }
            guard let row = prices[symbol] else { missing.append(symbol); continue }
            usd += w * row.usdPerGram
        }
        return missing.isEmpty ? .known(usdPerGram: usd) : .unknown(missingPrices: missing.sorted())
    }

    /// USD per mole of formula unit, Σ nᵢ·Aᵢ·pᵢ (Aᵢ from QDPhysics' element table), or the elements without a price.
    /// - Throws: `PhysicsError.unknownMaterial` for an unknown symbol.
    public func usdPerMole(formula: [String: Double]) throws -> Result<Double, CostGap> {
        var usd = 0.0
        var missing: [String] = []
        for (symbol, n) in formula where n > 0 {
            let weight = try Element.named(symbol).atomicWeight
            guard let row = prices[symbol] else { missing.append(symbol); continue }
            usd += n * weight * row.usdPerGram
        }
        return missing.isEmpty ? .success(usd) : .failure(CostGap(missing: missing.sorted()))
    }

    /// Cost of a material of formula `formula`, USD per gram: `usdPerMole(formula:)` / M.
    /// - Throws: `PhysicsError.unknownMaterial` for an unknown symbol or an empty formula.
    public func estimate(formula: [String: Double]) throws -> CostEstimate {
        let molar = try Element.molarMass(of: formula)
        switch try usdPerMole(formula: formula) {
        case .success(let usd): return .known(usdPerGram: usd / molar)
        case .failure(let gap): return .unknown(missingPrices: gap.missing)
        }
    }

    /// Cost of a family's core material at composition `x` (x ignored for a single material), USD per gram.
    /// - Throws: as `estimate(formula:)`.
    public func estimate(family: CoreFamily, x: Double = 0) throws -> CostEstimate {
        try estimate(formula: family.material(x: x).composition)
    }
}

extension CostModel {
    /// A cost model for the screen from an `ElementCostEstimator`: every catalogue material whose elements all
    /// have a price gets Σ nᵢ·Aᵢ·pᵢ USD per mole (so the screen's USD/g is the raw-element lower bound Σ wᵢ·pᵢ,
    /// and its linear interpolation of an alloy's cost per mole is exact); the others have no entry, which the
    /// screen reads as cost unknown (NaN, never 0). `prices` holds one row per priced element.
    /// - Throws: `PhysicsError` if a catalogue material has an unknown element symbol.
    public init(elementEstimator: ElementCostEstimator) throws {
        var perMole: [String: Double] = [:], missing: [String: [String]] = [:]
        for material in MaterialCatalogue.all where !material.composition.isEmpty {
            switch try elementEstimator.usdPerMole(formula: material.composition) {
            case .success(let usd): perMole[material.id] = usd
            case .failure(let gap): missing[material.id] = gap.missing
            }
        }
        var rows: [String: PrecursorPrice] = [:]
        for (symbol, row) in elementEstimator.prices {
            rows[symbol] = PrecursorPrice(name: symbol, formula: [symbol: 1], usdPerGram: row.usdPerGram,
                                          source: "\(row.source): \(row.quotedAs), \(row.url)", date: String(row.priceYear))
        }
        self.prices = rows
        usdPerMoleByMaterial = perMole
        missingPrices = missing
        basis = "raw-element lower bound, USGS year-2000 prices"
    }
}

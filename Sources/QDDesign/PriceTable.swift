import Foundation
import QDPhysics

/// Where a precursor price was read: a supplier's catalogue row (seen on the supplier's page, or as a third party
/// wrote it down), or a publication that quotes the price without a catalogue number.
public enum PriceSource: Sendable, Codable, Equatable {
    /// A supplier catalogue row. `transcribedIn` is nil when the price was read on the supplier's own page, else
    /// where a third party recorded it (e.g. a lab's notes at a given commit); `dateSeen` is the ISO date the price
    /// was seen, or the day it was read with the source's price date stated ("2026-11-22 (read; price date not
    /// stated)").
    case catalogue(supplier: String, catalogueNumber: String, dateSeen: String, url: String, transcribedIn: String?)
    /// A publication (report, paper) quoting the price: `citation` (authors or agency, title, edition, year),
    /// `location` (page, table or section), `priceDate` (the date or year the price is for) and where it was read.
    case publication(citation: String, location: String, priceDate: String, url: String)

    /// One line naming the source, e.g. "Sigma-Aldrich 211141-100G, seen …" or "USGS …, Cesium sheet (2016)".
    public var summary: String {
        switch self {
        case let .catalogue(supplier, number, date, url, via):
            return "\(supplier) \(number), seen \(date)" + (via.map { ", as transcribed in \($0)" } ?? "") + ", \(url)"
        case let .publication(citation, location, date, url):
            return "\(citation), \(location) (price date \(date)), \(url)"
        }
    }

    /// The date the price is for (catalogue: the day seen; publication: its price date).
    public var date: String {
        switch self {
        case let .catalogue(_, _, date, _, _): return date
        case let .publication(_, _, date, _): return date
        }
    }

    /// The fields a source must fill, with their values (checked by `CataloguePrice.validate`).
    var requiredFields: [(String, String)] {
        switch self {
        case let .catalogue(supplier, number, date, url, via):
            return [("supplier", supplier), ("catalogue number", number), ("date seen", date), ("URL", url)]
                + (via.map { [("transcription", $0)] } ?? [])
        case let .publication(citation, location, date, url):
            return [("citation", citation), ("location in the publication", location), ("price date", date), ("URL", url)]
        }
    }
}

/// One sourced precursor price: the pack and its price exactly as the source states them, and the source.
///
/// A row carries either a supplier catalogue row (supplier, catalogue number, date seen, URL) or a publication
/// (citation, page, price date, URL) that quotes the price; `validate` refuses a row whose source fields are empty.
public struct CataloguePrice: Sendable, Codable, Equatable {
    /// Precursor name as used in `CostModel.routes` (e.g. "cadmium oxide").
    public let precursor: String
    /// Formula of the precursor as element → count (for its molar mass).
    public let formula: [String: Double]
    /// Pack size, grams of precursor.
    public let packGrams: Double
    /// List price of one pack, in `currency`.
    public let price: Double
    /// ISO 4217 code of `price` ("USD", "EUR", "GBP").
    public let currency: String
    /// Product and grade as the source words them (e.g. "Lead(II) bromide, >98%"); empty when not stated.
    public let quotedAs: String
    /// Where the price was read.
    public let source: PriceSource

    /// A row from any source.
    public init(precursor: String, formula: [String: Double], packGrams: Double, price: Double, currency: String,
                quotedAs: String = "", source: PriceSource) {
        self.precursor = precursor
        self.formula = formula
        self.packGrams = packGrams
        self.price = price
        self.currency = currency
        self.quotedAs = quotedAs
        self.source = source
    }

    /// A row read on the supplier's own catalogue page.
    public init(precursor: String, formula: [String: Double], supplier: String, catalogueNumber: String,
                packGrams: Double, price: Double, currency: String, dateSeen: String, url: String) {
        self.init(precursor: precursor, formula: formula, packGrams: packGrams, price: price, currency: currency,
                  source: .catalogue(supplier: supplier, catalogueNumber: catalogueNumber, dateSeen: dateSeen, url: url, transcribedIn: nil))
    }

    /// Price per gram of precursor, in `currency` (price / pack size). NaN or ∞ for a malformed row (`validate`).
    public var pricePerGram: Double { price / packGrams }

    /// Checks the row. - Throws: `DesignError.invalidInput` naming the row when the pack size is not finite and
    /// > 0, the price not finite and ≥ 0, the currency empty, or any field of its source empty (rule: every row
    /// names its source).
    public func validate() throws {
        let name = "Price row '\(precursor)' (\(source.summary))"
        guard packGrams.isFinite, packGrams > 0 else {
            throw DesignError(.invalidInput, "\(name): pack size \(packGrams) g (rule: finite and > 0). Fix the row.")
        }
        guard price.isFinite, price >= 0 else {
            throw DesignError(.invalidInput, "\(name): price \(price) (rule: finite and ≥ 0). Fix the row.")
        }
        for (field, value) in [("currency", currency)] + source.requiredFields
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DesignError(.invalidInput, "Price row '\(precursor)': empty \(field) (rule: every row names its source). Fill it in or drop the row.")
        }
    }
}

/// A published cost per gram of QDs from a cost analysis of a synthesis, as the authors state it.
///
/// These are whole-synthesis costs on the authors' basis (materials and, in their model, other costs), so they
/// are NOT comparable with `PrecursorCostEstimator`'s precursor-only figure and are never mixed into it; they
/// are shown beside it as a scale check.
public struct PublishedSynthesisCost: Sendable, Codable, Equatable {
    /// Catalogue material id ("PbS", "CsPbI3").
    public let materialID: String
    /// Lowest stated cost, USD per gram of QDs.
    public let usdPerGramLow: Double
    /// Highest stated cost, USD per gram of QDs (equal to `usdPerGramLow` for a single value).
    public let usdPerGramHigh: Double
    /// What the number is (e.g. "median synthesis cost over the PbS methods the authors model").
    public let basis: String
    /// Full citation.
    public let citation: String

    /// A published row.
    public init(materialID: String, usdPerGramLow: Double, usdPerGramHigh: Double, basis: String, citation: String) {
        self.materialID = materialID
        self.usdPerGramLow = usdPerGramLow
        self.usdPerGramHigh = usdPerGramHigh
        self.basis = basis
        self.citation = citation
    }
}

/// QDLab's sourced price table. Every row carries its source; a number without one is not in it.
///
/// Status (2026-11-22, session 5): four rows for two precursors, which price one route completely (CsPbBr3):
/// - lead bromide: three Sigma-Aldrich catalogue rows (numbers, grades, packs, USD prices) as transcribed in a
///   university lab's CsPbBr3 recipe on GitHub (hanc4-git/manual, CsPbBr3_synthesis.md, commit 1ad7c91); the
///   transcription gives no date, so the price date is unknown;
/// - caesium carbonate: the 50 g, 99.9 % (metal basis) price one (unnamed) company offered in 2016, as printed in
///   the Cesium sheet of the USGS *Mineral Commodity Summaries 2017* (public domain), read in a verbatim quote of
///   that sheet (the MCS page itself was not retrievable here).
/// No price with a source was found for the other route precursors (`gaps`); every material needing one of
/// them has cost "unknown" (`PrecursorCostEstimator`), never 0. The indicative prices in
/// `CostModel.defaultPrices` have no source and are not carried over. Add rows as you see them, every source
/// field filled (docs/design-sources.md records every search).
public enum SourcedPriceTable {
    private static let hanc4 = "a UNLV lab's CsPbBr3 recipe, https://github.com/hanc4-git/manual/blob/1ad7c9198418ad413de72dd6f6806f8407b50164/CsPbBr3_synthesis.md"
    private static let notDated = "2026-11-22 (read; the transcription states no price date)"

    /// Sourced precursor prices (see the type's documentation). Every row's numbers are as the source prints them.
    public static let catalogue: [CataloguePrice] = [
        // Sigma-Aldrich list prices as transcribed (grade, pack, price verbatim): "915696-5G (99.999% trace metals
        // basis (perovskite grade), 5g, $164.00)", "398853-5G (99.999% trace metals basis, 5g, $70.40)",
        // "211141-100G (>98%, 100g, $121.00)".
        CataloguePrice(precursor: "lead bromide", formula: ["Pb": 1, "Br": 2], packGrams: 5, price: 164.00, currency: "USD",
                       quotedAs: "lead bromide (PbBr2), 99.999% trace metals basis (perovskite grade)",
                       source: .catalogue(supplier: "Sigma-Aldrich", catalogueNumber: "915696-5G", dateSeen: notDated,
                                          url: "https://www.sigmaaldrich.com/US/en/product/aldrich/915696", transcribedIn: hanc4)),
        CataloguePrice(precursor: "lead bromide", formula: ["Pb": 1, "Br": 2], packGrams: 5, price: 70.40, currency: "USD",
                       quotedAs: "lead bromide (PbBr2), 99.999% trace metals basis",
                       source: .catalogue(supplier: "Sigma-Aldrich", catalogueNumber: "398853-5G", dateSeen: notDated,
                                          url: "https://www.sigmaaldrich.com/US/en/product/aldrich/398853", transcribedIn: hanc4)),
        CataloguePrice(precursor: "lead bromide", formula: ["Pb": 1, "Br": 2], packGrams: 100, price: 121.00, currency: "USD",
                       quotedAs: "lead bromide (PbBr2), >98%",
                       source: .catalogue(supplier: "Sigma-Aldrich", catalogueNumber: "211141-100G", dateSeen: notDated,
                                          url: "https://www.sigmaaldrich.com/US/en/product/aldrich/211141", transcribedIn: hanc4)),
        // USGS MCS 2017, Cesium, Salient Statistics (verbatim): "The prices that the company offered for 50 grams of
        // 99.9% (metal basis) cesium acetate, cesium bromide, cesium carbonate, cesium chloride, and cesium nitrate
        // were $114.74, $70.33, $99.50, $100.06, and $173.00, respectively." ("In 2016, one company offered …")
        CataloguePrice(precursor: "caesium carbonate", formula: ["Cs": 2, "C": 1, "O": 3], packGrams: 50, price: 99.50, currency: "USD",
                       quotedAs: "cesium carbonate, 50 grams, 99.9% (metal basis), offered by one (unnamed) company in 2016",
                       source: .publication(
                           citation: "U.S. Geological Survey, Mineral Commodity Summaries 2017 (January 2017), Cesium",
                           location: "Salient Statistics—United States (page number not retrieved; read in a verbatim quote of the sheet)",
                           priceDate: "2016",
                           url: "https://hotcopper.co.nz/threads/seems-clear-to-me.4073395/page-14 (quote); USGS original: https://www.usgs.gov/centers/national-minerals-information-center/cesium-and-rubidium-statistics-and-information")),
    ]

    /// Published whole-synthesis costs per gram of QDs.
    ///
    /// Jean, Xiao, Nick, Moody, Nasilowski, Bawendi & Bulović, "Synthesis cost dictates the commercial viability
    /// of lead sulfide and perovskite quantum dot photovoltaics", Energy Environ. Sci. 11, 2295–2305 (2018),
    /// doi:10.1039/c8ee01348a (open access; abstract read 2026-11-22): Monte Carlo cost model of 8 reported
    /// syntheses; median costs 11 to 59 USD/g for PbS QDs (range over the PbS methods) and 73 USD/g for CsPbI3
    /// QDs. The cost breakdown (materials vs. other items) was not retrieved.
    public static let publishedSynthesisCosts: [PublishedSynthesisCost] = [
        PublishedSynthesisCost(
            materialID: "PbS", usdPerGramLow: 11, usdPerGramHigh: 59,
            basis: "median modelled synthesis cost, range over the PbS methods analysed",
            citation: "Jean et al., Energy Environ. Sci. 11, 2295 (2018), doi:10.1039/c8ee01348a"),
        PublishedSynthesisCost(
            materialID: "CsPbI3", usdPerGramLow: 73, usdPerGramHigh: 73,
            basis: "median modelled synthesis cost (hot injection)",
            citation: "Jean et al., Energy Environ. Sci. 11, 2295 (2018), doi:10.1039/c8ee01348a"),
    ]

    /// Precursors named by `CostModel.routes` that have no sourced USD catalogue price, sorted.
    public static var gaps: [String] {
        let priced = Set(catalogue.filter { $0.currency == "USD" }.map(\.precursor))
        return Set(CostModel.routes.values.flatMap { $0.map(\.precursor) }).subtracting(priced).sorted()
    }

    /// The published synthesis costs of `materialID` (empty when none).
    public static func published(_ materialID: String) -> [PublishedSynthesisCost] {
        publishedSynthesisCosts.filter { $0.materialID == materialID }
    }

    /// The header `parseCatalogue(csv:)` expects.
    public static let catalogueHeader = "precursor,formula,supplier,catalogue_number,pack_grams,price,currency,date_seen,url"

    /// Parses catalogue rows you have seen yourself, one per line after the header `catalogueHeader`
    /// (formula like "Cd1O1"; the URL may contain commas only if it is the last field). Blank lines are skipped.
    /// - Throws: `DesignError.invalidInput` naming the line for a wrong header, a missing field, a number that
    ///   does not parse or a row that fails `CataloguePrice.validate`; `DesignError.unknownElement` for an
    ///   unknown symbol in the formula.
    /// - Complexity: O(characters).
    public static func parseCatalogue(csv text: String) throws -> [CataloguePrice] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first, header.replacingOccurrences(of: " ", with: "") == catalogueHeader else {
            throw DesignError(.invalidInput, "Catalogue file header is '\(lines.first ?? "")' (rule: \(catalogueHeader)). Start the file with that line.")
        }
        var rows: [CataloguePrice] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = line.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 9, let grams = Double(cells[4]), let price = Double(cells[5]) else {
                throw DesignError(.invalidInput, "Catalogue file line \(index + 1): '\(line)' (rule: 9 fields, \(catalogueHeader), pack_grams and price numbers). Fix that line.")
            }
            let row = CataloguePrice(precursor: cells[0], formula: try CostModel.parseFormula(cells[1], line: index + 1),
                                     supplier: cells[2], catalogueNumber: cells[3], packGrams: grams, price: price,
                                     currency: cells[6], dateSeen: cells[7], url: cells[8])
            do { try row.validate() } catch let error as DesignError {
                throw DesignError(.invalidInput, "Catalogue file line \(index + 1): \(error.message)")
            }
            rows.append(row)
        }
        return rows
    }
}

/// A candidate's precursor cost: a number, or "unknown" with the precursors that have no price — never 0 for
/// a missing price.
public enum CostEstimate: Sendable, Equatable {
    /// USD per gram of QDs.
    case known(usdPerGram: Double)
    /// No sourced price for these precursors (sorted), or no synthesis route when the list is empty.
    case unknown(missingPrices: [String])

    /// The number, `nil` when unknown.
    public var usdPerGram: Double? {
        if case .known(let v) = self { return v }
        return nil
    }

    /// "12.3 USD/g" or "cost unknown (no sourced price for: a, b)".
    public var summary: String {
        switch self {
        case .known(let v): return String(format: "%.3g USD/g", v)
        case .unknown(let missing) where missing.isEmpty: return "cost unknown (no synthesis route)"
        case .unknown(let missing): return "cost unknown (no sourced price for: \(missing.joined(separator: ", ")))"
        }
    }
}

/// How a synthesis uses its precursors: chemical yield and excess per precursor.
public struct SynthesisAssumptions: Sendable, Codable, Equatable {
    /// Fraction of the stoichiometric product actually isolated as QDs, 0 < Y ≤ 1.
    public var chemicalYield: Double
    /// Amount used / stoichiometric amount, per precursor name (≥ 1; a precursor not listed: 1).
    public var excess: [String: Double]

    /// A set of assumptions; defaults are the stoichiometric limit (Y = 1, no excess), a lower bound on cost.
    public init(chemicalYield: Double = 1, excess: [String: Double] = [:]) {
        self.chemicalYield = chemicalYield
        self.excess = excess
    }

    /// Checks Y ∈ (0, 1] and every excess finite and ≥ 1.
    /// - Throws: `DesignError.invalidInput` naming the value, the rule and the fix.
    public func validate() throws {
        guard chemicalYield.isFinite, chemicalYield > 0, chemicalYield <= 1 else {
            throw DesignError(.invalidInput, "Chemical yield \(chemicalYield) (rule: 0 < yield ≤ 1). Give the isolated fraction, e.g. 0.5.")
        }
        for (name, e) in excess.sorted(by: { $0.key < $1.key }) where !(e.isFinite && e >= 1) {
            throw DesignError(.invalidInput, "Excess of '\(name)' is \(e) (rule: used / stoichiometric amount, finite and ≥ 1). Give e.g. 2 for a two-fold excess.")
        }
    }
}

/// Precursor cost per gram of QDs from a recipe's stoichiometry and a sourced price table.
///
/// Per mole of QD formula unit, with precursor i used at νᵢ equivalents (`CostModel.routes`), excess eᵢ, molar
/// mass Mᵢ (g/mol) and price pᵢ (USD/g), and chemical yield Y:
///
///     C_mol = Σᵢ νᵢ · eᵢ · Mᵢ · pᵢ / Y        C (USD/g) = C_mol / M_QD
///
/// An alloy A(1−x)B(x) uses C_mol = (1 − x)·C_mol,A + x·C_mol,B over M of the alloy; a particle with shells is the
/// mass-weighted sum over core and shells divided by the total mass (ligand mass counts, its cost does not).
/// Where a precursor has several USD rows the lowest price per gram is used (the largest pack usually); rows in
/// other currencies are not converted (no sourced exchange rate) and count as missing. Solvents, ligands,
/// energy, labour and purification losses beyond Y are not included. A material any of whose precursors lacks a
/// price gets `.unknown`, never 0.
public struct PrecursorCostEstimator: Sendable {
    /// USD per gram by precursor name, with the row used.
    public let prices: [String: CataloguePrice]
    /// Yield and excess.
    public let assumptions: SynthesisAssumptions

    /// An estimator over `catalogue` (default: QDLab's sourced table, currently empty).
    /// - Throws: `DesignError.invalidInput` for a malformed row (`CataloguePrice.validate`) or assumption.
    /// - Complexity: O(rows).
    public init(catalogue: [CataloguePrice] = SourcedPriceTable.catalogue, assumptions: SynthesisAssumptions = SynthesisAssumptions()) throws {
        try assumptions.validate()
        var best: [String: CataloguePrice] = [:]
        for row in catalogue {
            try row.validate()
            guard row.currency == "USD" else { continue }
            if let old = best[row.precursor], old.pricePerGram <= row.pricePerGram { continue }
            best[row.precursor] = row
        }
        prices = best
        self.assumptions = assumptions
    }

    /// USD per mole of formula unit of a catalogue material, or the precursors missing a price.
    /// - Throws: `DesignError.invalidInput` when a priced row's formula has an unknown element.
    public func usdPerMole(_ materialID: String) throws -> Result<Double, CostGap> {
        guard let route = CostModel.routes[materialID] else { return .failure(CostGap(missing: [])) }
        var total = 0.0
        var missing: [String] = []
        for (name, equivalents) in route {
            guard let row = prices[name] else { missing.append(name); continue }
            let molar: Double
            do { molar = try Element.molarMass(of: row.formula) } catch {
                throw DesignError(.invalidInput, "Catalogue row '\(name)' has a bad formula \(row.formula): \(error). Fix the row.")
            }
            total += equivalents * (assumptions.excess[name] ?? 1) * molar * row.pricePerGram
        }
        if !missing.isEmpty { return .failure(CostGap(missing: missing.sorted())) }
        return .success(total / assumptions.chemicalYield)
    }

    /// Precursor cost of `family` at composition `x` (x ignored for a single material), USD per gram of QDs.
    /// - Throws: `DesignError.invalidInput` for a bad catalogue formula; `PhysicsError` only if the catalogue
    ///   lost a molar mass.
    public func estimate(family: CoreFamily, x: Double = 0) throws -> CostEstimate {
        let ids = family.second.map { [family.first.id, $0.id] } ?? [family.first.id]
        let weights = family.isAlloy ? [1 - x, x] : [1]
        var perMole = 0.0
        var missing: Set<String> = []
        var noRoute = false
        for (id, w) in zip(ids, weights) where w > 0 {
            switch try usdPerMole(id) {
            case .success(let c): perMole += w * c
            case .failure(let gap): if gap.missing.isEmpty { noRoute = true } else { missing.formUnion(gap.missing) }
            }
        }
        if noRoute || !missing.isEmpty { return .unknown(missingPrices: missing.sorted()) }
        let molar = try family.material(x: x).molarMassGramsPerMole ?? Element.molarMass(of: family.material(x: x).composition)
        return .known(usdPerGram: perMole / molar)
    }

    /// Cost of a particle from its layers: Σ (mass × USD/g) / (Σ mass + `unpricedGrams`), e.g. a core and its
    /// shells with the ligand mass as `unpricedGrams`. `.unknown` (with every missing precursor) if any layer is.
    public func estimate(layers: [(cost: CostEstimate, grams: Double)], unpricedGrams: Double = 0) -> CostEstimate {
        var usd = 0.0, grams = unpricedGrams
        var missing: Set<String> = []
        var unknown = false
        for layer in layers {
            grams += layer.grams
            switch layer.cost {
            case .known(let v): usd += v * layer.grams
            case .unknown(let m): unknown = true; missing.formUnion(m)
            }
        }
        return unknown ? .unknown(missingPrices: missing.sorted()) : .known(usdPerGram: usd / grams)
    }
}

/// The precursors of a route that have no price (empty: the material has no route at all).
public struct CostGap: Error, Sendable, Equatable {
    /// Precursor names, sorted.
    public let missing: [String]
}

extension CostModel {
    /// A cost model for the screen from a `PrecursorCostEstimator`: materials whose every precursor is priced get
    /// the estimator's USD per mole (with its yield and excess); the others have no entry, which the screen
    /// reads as cost unknown (NaN: a `maxCostUSDPerGram` constraint rejects it, and it is never counted as 0);
    /// `missingPrices` names their unpriced precursors for the explanations.
    /// - Throws: `DesignError.invalidInput` for a bad catalogue formula.
    public init(estimator: PrecursorCostEstimator) throws {
        var perMole: [String: Double] = [:], missing: [String: [String]] = [:]
        for id in Self.routes.keys {
            switch try estimator.usdPerMole(id) {
            case .success(let c): perMole[id] = c
            case .failure(let gap): missing[id] = gap.missing
            }
        }
        var rows: [String: PrecursorPrice] = [:]
        for (name, row) in estimator.prices {
            rows[name] = PrecursorPrice(name: name, formula: row.formula, usdPerGram: row.pricePerGram,
                                        source: "\(row.packGrams) g for \(row.price) \(row.currency): \(row.source.summary)",
                                        date: row.source.date)
        }
        self.prices = rows
        usdPerMoleByMaterial = perMole
        missingPrices = missing
        basis = "precursor cost, sourced prices"
    }

    /// The screen's default cost model: QDLab's sourced precursor table (`SourcedPriceTable.catalogue`) at the
    /// stoichiometric limit (yield 1, no excess), so a priced route is a lower bound and every other material is
    /// "cost unknown". - Throws: as `init(estimator:)`.
    public static func sourced() throws -> CostModel { try CostModel(estimator: PrecursorCostEstimator()) }
}

import Foundation
import Testing
import QDPhysics
@testable import QDDesign

@Suite("USGS element price table and raw-element cost (lower bound)")
struct ElementPricesTests {
    private func family(_ id: String) throws -> CoreFamily {
        try #require(try CandidateFamilies.all().first { $0.id == id })
    }

    /// Hand computation from the table's rows (USGS, year 2000) and QDPhysics' atomic weights (Cd 112.41, Se 78.971):
    /// p_Cd = 0.16 $/lb / 0.45359237 kg/lb = 0.352740 $/kg = 3.5273962e-4 $/g;
    /// p_Se = 3.82 $/lb / 0.45359237 = 8.421658 $/kg = 8.4216584e-3 $/g;
    /// C = (112.41·3.5273962e-4 + 78.971·8.4216584e-3) / 191.381 = 3.68227905e-3 USD per gram of CdSe
    /// (≈ 3.68 USD/kg). Same operations as the code; 1e-12 relative covers reordering of the sum.
    @Test("CdSe raw-element cost is the hand-computed 3.682e-3 USD/g")
    func cdse() throws {
        let estimator = try ElementCostEstimator()
        let cost = try #require(try estimator.estimate(family: family("CdSe-CdS"), x: 0).usdPerGram)
        #expect(abs(cost - 0.003682279052544393) <= 1e-12 * 0.0037)
        // The same number from mass fractions (w_Cd = 112.41/191.381, w_Se = 78.971/191.381).
        let fractions = ["Cd": 112.41 / 191.381, "Se": 78.971 / 191.381]
        let viaFractions = try #require(try estimator.estimate(massFractions: fractions).usdPerGram)
        #expect(abs(viaFractions - cost) <= 1e-12 * 0.0037)
    }

    /// P has no sourced price (MCS prices phosphate rock, not elemental P), so InP is unknown and names P. The
    /// In row is exercised by InAs: p_In = 188 $/kg = 0.188 $/g; p_As = 51 ¢/lb / 100 / 0.45359237 = 1.1243575 $/kg;
    /// C = (114.82·0.188 + 74.922·1.1243575e-3) / 189.742 = 0.114209817 USD/g (tolerance as above).
    @Test("InP is unknown naming P; InAs is the hand-computed 0.1142 USD/g")
    func indiumCompounds() throws {
        let estimator = try ElementCostEstimator()
        let inp = try estimator.estimate(family: family("InP"))
        #expect(inp == .unknown(missingPrices: ["P"]))
        #expect(inp.usdPerGram == nil)
        #expect(inp.summary.contains("P"))
        let inas = try #require(try estimator.estimate(family: family("InAs")).usdPerGram)
        #expect(abs(inas - 0.11420981709583444) <= 1e-12 * 0.115)
    }

    @Test("a missing element makes the cost unknown, never 0; excluded (ligand) elements count as mass only")
    func unknownNotZero() throws {
        let estimator = try ElementCostEstimator()
        let zns = try estimator.estimate(formula: ["Zn": 1, "S": 1])
        #expect(zns == .unknown(missingPrices: ["S", "Zn"]))
        // CdSe core with a 10 % (by mass) oleate ligand shell of C, H, O.
        let withLigand = ["Cd": 0.9 * 112.41 / 191.381, "Se": 0.9 * 78.971 / 191.381, "C": 0.077, "H": 0.011, "O": 0.012]
        #expect(try estimator.estimate(massFractions: withLigand).usdPerGram == nil)
        let excluded = try #require(try estimator.estimate(massFractions: withLigand, excluding: ["C", "H", "O"]).usdPerGram)
        #expect(abs(excluded - 0.9 * 0.003682279052544393) <= 1e-12 * 0.0037)
        #expect(throws: DesignError.self) { try estimator.estimate(massFractions: ["Cd": .nan]) }
    }

    @Test("every row carries a source, a URL and a year; conversions are the exact unit definitions")
    func rowsAreSourced() throws {
        #expect(!ElementPriceTable.rows.isEmpty)
        for row in ElementPriceTable.rows {
            try row.validate()
            #expect(row.source.contains("USGS"))
            #expect(row.url.hasPrefix("https://"))
            #expect(row.priceYear == 2000)
            #expect(row.usdPerKilogram > 0)
        }
        let priced = Set(ElementPriceTable.rows.map(\.element))
        #expect(priced.isDisjoint(with: ElementPriceTable.gaps.map(\.element)))
        #expect(ElementPriceTable.gaps.allSatisfy { !$0.reason.isEmpty })
        // 1 troy oz = 31.1034768 g exactly, so 5.00 $/oz = 160.7537 $/kg.
        #expect(abs(PrintedPriceUnit.dollarsPerTroyOunce.usdPerKilogram(5) - 160.75373284313991) <= 1e-12 * 161)
        #expect(PrintedPriceUnit.centsPerPound.usdPerKilogram(100) == PrintedPriceUnit.dollarsPerPound.usdPerKilogram(1))
        let duplicate = ElementPriceTable.rows[0]
        #expect(throws: DesignError.self) { try ElementCostEstimator(rows: [duplicate, duplicate]) }
        let unsourced = ElementPrice(element: "Zn", printedValue: 1, printedUnit: .dollarsPerKilogram, quotedAs: "x",
                                     priceYear: 2000, source: " ", url: "https://example.org")
        #expect(throws: DesignError.self) { try unsourced.validate() }
    }

    @Test("CostModel(elementEstimator:) gives the screen the same USD/g and leaves unpriced materials out")
    func costModelBridge() throws {
        let estimator = try ElementCostEstimator()
        let model = try CostModel(elementEstimator: estimator)
        let cdse = try #require(model.usdPerGram("CdSe"))
        #expect(abs(cdse - 0.003682279052544393) <= 1e-12 * 0.0037)
        #expect(model.usdPerMoleByMaterial["InP"] == nil)
        #expect(model.usdPerMoleByMaterial["ZnS"] == nil)
        #expect(model.prices["Se"]?.date == "2000")
    }
}

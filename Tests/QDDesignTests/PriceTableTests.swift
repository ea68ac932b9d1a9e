import Foundation
import Testing
import QDPhysics
@testable import QDDesign

/// Test-only catalogue rows. The prices are invented round numbers for hand computation, NOT real prices; they
/// never leave this file.
private enum Fixture {
    static func row(_ name: String, _ formula: [String: Double], grams: Double, price: Double, currency: String = "USD") -> CataloguePrice {
        CataloguePrice(precursor: name, formula: formula, supplier: "test fixture", catalogueNumber: "T-\(name)",
                       packGrams: grams, price: price, currency: currency, dateSeen: "2026-11-22", url: "none (test fixture)")
    }
    /// Cadmium oxide at 2 and 1.5 USD/g (the cheaper per gram must be used), selenium 1 USD/g, sulfur 0.5 USD/g.
    static let catalogue = [
        row("cadmium oxide", ["Cd": 1, "O": 1], grams: 10, price: 20),
        row("cadmium oxide", ["Cd": 1, "O": 1], grams: 100, price: 150),
        row("selenium powder", ["Se": 1], grams: 50, price: 50),
        row("sulfur", ["S": 1], grams: 100, price: 50),
    ]
}

@Suite("Sourced precursor price table and precursor cost per gram of QDs")
struct PriceTableTests {
    private func family(_ id: String) throws -> CoreFamily {
        try #require(try CandidateFamilies.all().first { $0.id == id })
    }

    /// Hand computation (atomic weights of QDPhysics' Element table: Cd 112.41, O 15.999, Se 78.971):
    /// C_mol = (1·1·128.409·1.5 + 1·2·78.971·1.0) / 0.5 = 701.111 USD/mol; / M(CdSe) 191.381 g/mol
    /// = 3.66343053908 USD/g. Same operations as the code, so the tolerance is a few ULPs (1e-12 relative).
    @Test("CdSe at 50 % yield and a two-fold Se excess costs the hand-computed 3.6634 USD/g")
    func handComputedCandidate() throws {
        let estimator = try PrecursorCostEstimator(
            catalogue: Fixture.catalogue, assumptions: SynthesisAssumptions(chemicalYield: 0.5, excess: ["selenium powder": 2]))
        let cost = try #require(try estimator.estimate(family: family("CdSe-CdS"), x: 0).usdPerGram)
        #expect(abs(cost - 3.6634305390817268) <= 1e-12 * 3.66)
        #expect(estimator.prices["cadmium oxide"]?.packGrams == 100)
    }

    /// Alloy CdSe0.70S0.30, stoichiometric: (0.7·(128.409·1.5 + 78.971) + 0.3·(128.409·1.5 + 32.06·0.5))
    /// / (0.7·191.381 + 0.3·144.47) = 1.42521841973 USD/g (same tolerance and reason as above).
    @Test("an alloy interpolates cost per mole between its end members over the alloy's molar mass")
    func alloy() throws {
        let estimator = try PrecursorCostEstimator(catalogue: Fixture.catalogue)
        let cost = try #require(try estimator.estimate(family: family("CdSe-CdS"), x: 0.3).usdPerGram)
        #expect(abs(cost - 1.42521841973022) <= 1e-12 * 1.43)
    }

    @Test("a material with no price says cost unknown and names the missing precursors, never 0")
    func unknownNotZero() throws {
        let estimator = try PrecursorCostEstimator(catalogue: Fixture.catalogue)
        let inp = try estimator.estimate(family: family("InP"))
        #expect(inp == .unknown(missingPrices: ["indium acetate", "tris(trimethylsilyl)phosphine"]))
        #expect(inp.usdPerGram == nil)
        #expect(inp.summary.hasPrefix("cost unknown"))
        #expect(inp.summary.contains("tris(trimethylsilyl)phosphine"))
        // A particle with one unknown layer is unknown as a whole.
        let cdse = try estimator.estimate(family: family("CdSe-CdS"))
        let particle = estimator.estimate(layers: [(cdse, 1e-18), (inp, 1e-18)], unpricedGrams: 1e-19)
        #expect(particle.usdPerGram == nil)
        #expect(particle == .unknown(missingPrices: ["indium acetate", "tris(trimethylsilyl)phosphine"]))
    }

    @Test("a particle's cost is the mass-weighted layer cost over the total mass including unpriced ligands")
    func particle() throws {
        let estimator = try PrecursorCostEstimator(catalogue: Fixture.catalogue)
        let cost = estimator.estimate(layers: [(.known(usdPerGram: 4), 3), (.known(usdPerGram: 1), 1)], unpricedGrams: 1)
        // (4·3 + 1·1) / (3 + 1 + 1) = 13 / 5, exact in binary floating point up to one rounding.
        #expect(cost.usdPerGram == 13.0 / 5.0)
    }

    /// Hand computation from the quoted prices (QDPhysics atomic weights Cs 132.91, C 12.011, O 15.999, Pb 207.2,
    /// Br 79.904): M(Cs2CO3) = 325.828, M(PbBr2) = 367.008, M(CsPbBr3) = 579.822 g/mol.
    /// Cs2CO3: 99.50 USD / 50 g = 1.99 USD/g (USGS MCS 2017, Cesium); PbBr2: the cheapest per gram of the three
    /// Sigma-Aldrich rows, 211141-100G, 121.00 USD / 100 g = 1.21 USD/g (vs 70.40/5 = 14.08 and 164.00/5 = 32.8).
    /// Route 0.5 Cs2CO3 + 1.5 PbBr2 per CsPbBr3: C_mol = 0.5·325.828·1.99 + 1.5·367.008·1.21 = 324.19886 + 666.11952
    /// = 990.31838 USD/mol; C = 990.31838 / 579.822 = 1.70796965 USD/g. Same operations as the code in another
    /// order, so the tolerance is 1e-12 relative (a few ULPs).
    @Test("the shipped table prices CsPbBr3 at the hand-computed 1.708 USD/g from the quoted Cs2CO3 and PbBr2 prices")
    func shippedCsPbBr3() throws {
        let expected = (0.5 * 325.828 * (99.50 / 50) + 1.5 * 367.008 * (121.00 / 100)) / 579.822
        #expect(abs(expected - 1.7079696527555) < 1e-12)
        let estimator = try PrecursorCostEstimator()
        #expect(estimator.prices["lead bromide"]?.source == .catalogue(
            supplier: "Sigma-Aldrich", catalogueNumber: "211141-100G", dateSeen: "2026-11-22 (read; the transcription states no price date)",
            url: "https://www.sigmaaldrich.com/US/en/product/aldrich/211141",
            transcribedIn: "a UNLV lab's CsPbBr3 recipe, https://github.com/hanc4-git/manual/blob/1ad7c9198418ad413de72dd6f6806f8407b50164/CsPbBr3_synthesis.md"))
        #expect(estimator.prices["caesium carbonate"].map { ($0.packGrams, $0.price, $0.currency) } ?? (0, 0, "") == (50, 99.50, "USD"))
        let cost = try #require(try estimator.estimate(family: family("CsPbBr3-CsPbI3"), x: 0).usdPerGram)
        #expect(abs(cost - expected) <= 1e-12 * expected)
        #expect(abs((try MaterialCatalogue.material("CsPbBr3").molarMassGramsPerMole ?? 0) - 579.822) < 1e-9)
        let model = try CostModel.sourced()
        #expect(abs((model.usdPerGram("CsPbBr3") ?? .nan) - expected) <= 1e-12 * expected)
        #expect(model.basis == "precursor cost, sourced prices")
    }

    @Test("every other material is cost unknown with its missing precursors named, never 0")
    func shippedGaps() throws {
        let estimator = try PrecursorCostEstimator()
        for family in try CandidateFamilies.all() {
            for x in family.isAlloy ? [0, 0.5, 1] : [0.0] where x <= family.maximumComposition {
                let cost = try estimator.estimate(family: family, x: x)
                if family.id == "CsPbBr3-CsPbI3", x == 0 { continue }
                #expect(cost.usdPerGram == nil, "\(family.id) x=\(x) must not get a number without a sourced price")
            }
        }
        let iodide = try estimator.estimate(family: family("CsPbBr3-CsPbI3"), x: 0.5)
        #expect(iodide == .unknown(missingPrices: ["lead iodide"]))
        #expect(SourcedPriceTable.gaps == Set(CostModel.routes.values.flatMap { $0.map(\.precursor) })
            .subtracting(["lead bromide", "caesium carbonate"]).sorted())
        let model = try CostModel.sourced()
        #expect(model.usdPerGram("CdSe") == nil)
        #expect(model.missingPrices["CdSe"] == ["cadmium oxide", "selenium powder"])
        #expect(model.missingPrices["CsPbBr3"] == nil && model.usdPerMoleByMaterial.keys.sorted() == ["CsPbBr3"])
    }

    @Test("every shipped row validates and names its source; a row without one is refused")
    func rowsNeedSources() throws {
        for row in SourcedPriceTable.catalogue {
            try row.validate()
            #expect(!row.quotedAs.isEmpty && !row.source.summary.isEmpty)
        }
        let publication = PriceSource.publication(citation: "USGS MCS 2017", location: "Cesium", priceDate: "2016", url: "u")
        func row(_ source: PriceSource) -> CataloguePrice {
            CataloguePrice(precursor: "caesium carbonate", formula: ["Cs": 2, "C": 1, "O": 3], packGrams: 50, price: 99.5, currency: "USD", source: source)
        }
        try row(publication).validate()
        let unsourced: [(PriceSource, String)] = [
            (.publication(citation: "", location: "Cesium", priceDate: "2016", url: "u"), "citation"),
            (.publication(citation: "USGS", location: " ", priceDate: "2016", url: "u"), "location"),
            (.publication(citation: "USGS", location: "Cesium", priceDate: "", url: "u"), "price date"),
            (.publication(citation: "USGS", location: "Cesium", priceDate: "2016", url: ""), "URL"),
            (.catalogue(supplier: "Sigma-Aldrich", catalogueNumber: "", dateSeen: "2026-11-22", url: "u", transcribedIn: nil), "catalogue number"),
            (.catalogue(supplier: "Sigma-Aldrich", catalogueNumber: "1", dateSeen: "2026-11-22", url: "u", transcribedIn: ""), "transcription"),
        ]
        for (source, field) in unsourced {
            let error = #expect(throws: DesignError.self) { try PrecursorCostEstimator(catalogue: [row(source)]) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("empty \(field)") == true, "\(error?.message ?? "no error")")
        }
    }

    @Test("CostModel built from an estimator gives the screen the estimator's cost per gram")
    func costModelBridge() throws {
        let estimator = try PrecursorCostEstimator(catalogue: Fixture.catalogue, assumptions: SynthesisAssumptions(chemicalYield: 0.5, excess: ["selenium powder": 2]))
        let model = try CostModel(estimator: estimator)
        let viaModel = try #require(model.usdPerGram("CdSe"))
        #expect(abs(viaModel - 3.6634305390817268) <= 1e-12 * 3.66)
        #expect(model.usdPerGram("InP") == nil)
        #expect(model.prices["cadmium oxide"]?.source.contains("T-cadmium oxide") == true)
    }

    @Test("a row in another currency is not converted: the precursor stays unpriced")
    func otherCurrency() throws {
        let rows = [Fixture.row("cadmium oxide", ["Cd": 1, "O": 1], grams: 10, price: 20, currency: "EUR"),
                    Fixture.row("selenium powder", ["Se": 1], grams: 50, price: 50)]
        let cost = try PrecursorCostEstimator(catalogue: rows).estimate(family: family("CdSe-CdS"))
        #expect(cost == .unknown(missingPrices: ["cadmium oxide"]))
    }

    @Test("bad rows and assumptions are rejected with the value and the rule")
    func badInput() throws {
        let bad: [(CataloguePrice?, SynthesisAssumptions, String)] = [
            (Fixture.row("sulfur", ["S": 1], grams: 0, price: 5), SynthesisAssumptions(), "pack size"),
            (Fixture.row("sulfur", ["S": 1], grams: 5, price: .nan), SynthesisAssumptions(), "price"),
            (CataloguePrice(precursor: "sulfur", formula: ["S": 1], supplier: " ", catalogueNumber: "1", packGrams: 1, price: 1,
                            currency: "USD", dateSeen: "2026-11-22", url: ""), SynthesisAssumptions(), "supplier"),
            (nil, SynthesisAssumptions(chemicalYield: 0), "yield"),
            (nil, SynthesisAssumptions(chemicalYield: 1.2), "yield"),
            (nil, SynthesisAssumptions(excess: ["sulfur": 0.5]), "Excess of 'sulfur'"),
        ]
        for (row, assumptions, words) in bad {
            let error = #expect(throws: DesignError.self) {
                _ = try PrecursorCostEstimator(catalogue: row.map { [$0] } ?? [], assumptions: assumptions)
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
        }
    }

    @Test("published synthesis costs are cited, ordered and name catalogue materials")
    func published() throws {
        #expect(!SourcedPriceTable.publishedSynthesisCosts.isEmpty)
        for row in SourcedPriceTable.publishedSynthesisCosts {
            #expect(row.citation.contains("doi:"))
            #expect(row.usdPerGramLow > 0 && row.usdPerGramLow <= row.usdPerGramHigh)
            #expect((try? MaterialCatalogue.material(row.materialID)) != nil)
        }
        // Jean et al. 2018 abstract: PbS 11–59 USD/g, CsPbI3 73 USD/g.
        let pbs = try #require(SourcedPriceTable.published("PbS").first)
        #expect(pbs.usdPerGramLow == 11 && pbs.usdPerGramHigh == 59)
        #expect(SourcedPriceTable.published("CsPbI3").first?.usdPerGramLow == 73)
        #expect(SourcedPriceTable.published("InP").isEmpty)
    }
    @Test("a catalogue CSV round-trips into rows and feeds the estimator; bad lines name their number")
    func catalogueCSV() throws {
        // Invented fixture rows (not real prices), as in `Fixture`.
        let csv = """
        \(SourcedPriceTable.catalogueHeader)
        cadmium oxide, Cd1O1, test fixture, T-1, 100, 150, USD, 2026-11-22, https://example.invalid/a,b

        selenium powder, Se, test fixture, T-2, 50, 50, USD, 2026-11-22, none
        """
        let rows = try SourcedPriceTable.parseCatalogue(csv: csv)
        #expect(rows.count == 2)
        #expect(rows[0].formula == ["Cd": 1, "O": 1])
        #expect(rows[0].source == .catalogue(supplier: "test fixture", catalogueNumber: "T-1", dateSeen: "2026-11-22",
                                             url: "https://example.invalid/a,b", transcribedIn: nil))
        #expect(rows[1].pricePerGram == 1)
        let cost = try PrecursorCostEstimator(catalogue: rows).estimate(family: family("CdSe-CdS"))
        // (128.409·1.5 + 78.971·1) / 191.381, same arithmetic as the code.
        let expected = (128.409 * 1.5 + 78.971) / 191.381
        #expect(abs((cost.usdPerGram ?? .nan) - expected) <= 1e-12 * expected)

        let cases: [(String, String)] = [
            ("name,formula,usd_per_gram,source,date\nsulfur,S,1,x,y", "header"),
            ("\(SourcedPriceTable.catalogueHeader)\nsulfur,S,fixture,T,abc,5,USD,2026-11-22,u", "line 2"),
            ("\(SourcedPriceTable.catalogueHeader)\nsulfur,S,fixture,T,10,5,USD,,u", "line 2"),
            ("\(SourcedPriceTable.catalogueHeader)\nsulfur,S,fixture,T,10", "line 2"),
        ]
        for (text, words) in cases {
            let error = #expect(throws: DesignError.self) { try SourcedPriceTable.parseCatalogue(csv: text) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
        }
        let unknown = #expect(throws: DesignError.self) {
            try SourcedPriceTable.parseCatalogue(csv: "\(SourcedPriceTable.catalogueHeader)\nx,Xq1,f,T,1,1,USD,2026-11-22,u")
        }
        #expect(unknown?.kind == .unknownElement)
    }
}

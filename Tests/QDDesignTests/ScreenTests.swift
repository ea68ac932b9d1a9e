import Foundation
import Testing
import QDPhysics
@testable import QDDesign

/// A small grid keeps each screen well under a second.
let smallGrid = SpaceGrid(diameterStep: 0.25, compositionStep: 0.5, thicknessLevels: [1.0])

@Suite("Screening physics, constraints, Pareto archive and shards")
struct ScreenTests {
    func model(_ r: DesignRequest, grid: SpaceGrid = smallGrid) throws -> ScreeningModel {
        try ScreeningModel(request: r, grid: grid)
    }

    /// Property: a bare single-material core reproduces its QDPhysics sizing curve and Stokes shift. The table is
    /// linear on a 0.005 nm grid; |E''| < 2 eV/nm² above 1.5 nm, so the error is < 2·0.005²/8 ≈ 1e-5 eV.
    @Test("bare cores reproduce the QDPhysics sizing curve", arguments: ["InP", "PbS", "CsPbBr3"])
    func bareCore(_ id: String) throws {
        let m = try model(DesignRequest(targetNanometres: 600))
        let familyIndex = try #require(m.families.firstIndex { $0.first.id == id })
        let v = try m.variant(familyIndex: familyIndex, x: 0, shell: .none, thickness: 0)
        let curve = try ConfinementModels.defaultModel(for: id)
        for d in [2.0, 3.3, 5.1] {
            let metrics = m.evaluate(v, diameter: d, sizeDispersion: 0.05)
            let e = curve.energyUnchecked(diameterNanometres: d)
            #expect(abs(PhysicalConstants.hcElectronvoltNanometres / metrics.absorptionNanometres - e) < 1e-4)
            #expect(metrics.emissionNanometres > metrics.absorptionNanometres)
        }
    }

    /// Reference: mass fractions equal QDPhysics' `ParticleComposition` (same densities, volumes and oleic acid
    /// shell); only rounding differs.
    @Test("mass fractions match ParticleComposition for CdSe/ZnS")
    func composition() throws {
        let m = try model(DesignRequest(targetNanometres: 600))
        let familyIndex = try #require(m.families.firstIndex { $0.id == "CdSe-CdS" })
        let v = try m.variant(familyIndex: familyIndex, x: 0, shell: .zns, thickness: 1)
        let metrics = m.evaluate(v, diameter: 4, sizeDispersion: 0.05)
        let reference = try ParticleComposition(
            core: MaterialCatalogue.material("CdSe"), coreDiameterNanometres: 4, shell: MaterialCatalogue.material("ZnS"),
            shellThicknessNanometres: 1, ligand: Ligand.oleicAcid())
        let cd = try #require(reference.massFractions["Cd"])
        #expect(abs(metrics.cadmiumMassFraction - cd) < 1e-9 * cd + 1e-12)
    }

    /// Property: the alloy rule E(x) = (1−x)E_A + xE_B − b x(1−x) with b = 0.29 eV (Swafford 2006).
    @Test("CdSe0.5S0.5 lies b/4 below the mean of its end members")
    func alloyBowing() throws {
        let m = try model(DesignRequest(targetNanometres: 500))
        let i = try #require(m.families.firstIndex { $0.id == "CdSe-CdS" })
        func energy(_ x: Double) throws -> Double {
            PhysicalConstants.hcElectronvoltNanometres / m.evaluate(try m.variant(familyIndex: i, x: x, shell: .none, thickness: 0), diameter: 4, sizeDispersion: 0).absorptionNanometres
        }
        #expect(abs(try energy(0.5) - ((try energy(0) + (try energy(1))) / 2 - 0.29 / 4)) < 1e-9)
    }

    @Test("Cd-free and Pb-free screens contain no Cd or Pb; the RoHS screen passes Annex II")
    func constraints() throws {
        let r = DesignRequest(targetNanometres: 620, maxFWHMNanometres: 60, constraints: DesignConstraints(cadmiumFree: true, leadFree: true))
        let result = try Screen.run(r, model: model(r))
        #expect(!result.archive.isEmpty)
        #expect(result.excludedByConstraints > 0)
        #expect(result.archive.allSatisfy { $0.metrics.cadmiumMassFraction == 0 && $0.metrics.leadMassFraction == 0 })
        let rohs = DesignRequest(targetNanometres: 620, constraints: DesignConstraints(rohs: true))
        let screened = try Screen.run(rohs, model: model(rohs))
        #expect(!screened.archive.isEmpty)
        #expect(screened.archive.allSatisfy { $0.metrics.cadmiumMassFraction <= 1e-4 && $0.metrics.leadMassFraction <= 1e-3 })
    }

    @Test("the archive is non-dominated and every member is feasible")
    func pareto() throws {
        let r = DesignRequest(targetNanometres: 530, maxFWHMNanometres: 40)
        let result = try Screen.run(r, model: model(r))
        #expect(result.archive.count >= 2)
        for a in result.archive {
            #expect(r.window.contains(a.metrics.emissionNanometres) && a.metrics.fwhmNanometres <= 40)
            #expect(!result.archive.contains { $0.dominates(a) })
        }
    }

    @Test("merging all shards equals the unsharded screen", arguments: [2, 3])
    func shards(_ n: Int) throws {
        let r = DesignRequest(targetNanometres: 560, maxFWHMNanometres: 45)
        let m = try model(r)
        let whole = try Screen.run(r, model: m)
        let parts = try (0..<n).map { try Screen.run(r, model: m, shard: Shard(index: $0, count: n)) }
        #expect(parts.reduce(0) { $0 + $1.evaluated } == whole.evaluated)
        let merged = try Screen.merge(parts.reversed())
        #expect(identical(merged.archive, whole.archive))
        #expect(merged.feasible == whole.feasible)
        #expect(merged.rejections == whole.rejections)
    }

    @Test("merge refuses missing or repeated shards and bad shard strings")
    func shardErrors() throws {
        let r = DesignRequest(targetNanometres: 560)
        let m = try model(r)
        let zero = try Screen.run(r, model: m, shard: Shard(index: 0, count: 2))
        #expect((try? Screen.merge([zero])) == nil)
        #expect(try Screen.merge([zero], allowPartial: true).mergedShards == [0])
        #expect((try? Screen.merge([zero, zero])) == nil)
        for bad in ["2/2", "a/b", "1", "-1/3"] {
            let error = #expect(throws: DesignError.self) { try Shard.parse(bad) }
            #expect(error?.kind == .invalidShard)
        }
    }

    @Test("an impossible request says so and names the nearest feasible peaks")
    func infeasible() throws {
        let r = DesignRequest(targetNanometres: 300, constraints: DesignConstraints(cadmiumFree: true, leadFree: true))
        let m = try model(r)
        let result = try Screen.run(r, model: m)
        #expect(result.archive.isEmpty)
        let error = #expect(throws: DesignError.self) { try Ranking.rank(result, model: m, top: 5) }
        #expect(error?.kind == .infeasible)
        #expect(error?.message.contains("Nearest feasible targets") == true)
        let nearest = try #require(error?.nearestFeasibleNanometres.first)
        #expect(nearest > 310)
    }

    @Test("candidate ids round-trip and bad ids are refused")
    func ids() throws {
        let id = CandidateID.format(family: "InP", x: 0, shell: .znseZns, thickness: 1.5, diameter: 2.8)
        let p = try CandidateID.parse(id)
        #expect(p.family == "InP" && p.shell == .znseZns && p.thickness == 1.5 && p.diameter == 2.8)
        #expect(throws: DesignError.self) { try CandidateID.parse("InP/ZnS 3 nm") }
    }

    @Test("ranking explains each candidate and lists one structure before repeating it")
    func ranking() throws {
        let r = DesignRequest(targetNanometres: 530, maxFWHMNanometres: 40, constraints: DesignConstraints(cadmiumFree: true))
        let m = try model(r)
        let ranked = try Ranking.rank(Screen.run(r, model: m), model: m, top: 4)
        #expect(ranked.map(\.rank) == Array(1...ranked.count))
        #expect(ranked.allSatisfy { !$0.why.isEmpty })
        let structures = ranked.map { "\($0.candidate.structure)|\($0.candidate.shellThicknessNanometres)" }
        // No structure repeats before every distinct structure of the list has appeared once.
        let firstRepeat = structures.indices.first { structures[..<$0].contains(structures[$0]) } ?? structures.count
        #expect(Set(structures).count == firstRepeat)
    }
}

@Suite("Cost model, continuous search")
struct ScoringTests {
    /// Reference, computed by hand from the default table: CdSe = (8 USD/g × 128.41 g/mol CdO + 3 × 78.971 Se)
    /// / 191.38 g/mol = 6.606 USD/g.
    @Test("CdSe precursor cost per gram from the default table")
    func cdseCost() throws {
        let cost = try #require(try CostModel().usdPerGram("CdSe"))
        #expect(abs(cost - (8 * 128.409 + 3 * 78.971) / 191.381) < 1e-3)
    }

    @Test("a price CSV replaces the table; a missing precursor or bad formula is named")
    func priceFile() throws {
        let csv = "name,formula,usd_per_gram,source,date\n" + CostModel.defaultPrices.map {
            "\($0.name),\($0.formula.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" }.joined()),\($0.name == "selenium powder" ? 30 : $0.usdPerGram),quote,2026-11-22"
        }.joined(separator: "\n")
        let model = try CostModel(prices: CostModel.parsePrices(csv: csv))
        #expect(try #require(model.usdPerGram("CdSe")) > (try #require(CostModel().usdPerGram("CdSe"))))
        let missing = #expect(throws: DesignError.self) { try CostModel(prices: [CostModel.defaultPrices[0]]) }
        #expect(missing?.message.contains("price table has no") == true)
        #expect(throws: DesignError.self) { try CostModel.parsePrices(csv: "h\nx,Qq2,1,s,d") }
    }

    @Test("NSGA-II finds feasible continuous candidates, identically for one seed")
    func continuous() throws {
        let r = DesignRequest(targetNanometres: 620, maxFWHMNanometres: 40, constraints: DesignConstraints(cadmiumFree: true, leadFree: true))
        let m = try ScreeningModel(request: r, grid: smallGrid)
        let settings = ContinuousDesign.Settings(populationSize: 12, generations: 8, seed: 3)
        let a = try ContinuousDesign.run(r, model: m, settings: settings)
        #expect(!a.archive.isEmpty)
        #expect(a.archive.allSatisfy { r.window.contains($0.metrics.emissionNanometres) && $0.metrics.fwhmNanometres <= 40 })
        #expect(identical(try ContinuousDesign.run(r, model: m, settings: settings).archive, a.archive))
    }

    /// With the default sourced prices CdSe has no cost (NaN): under a cost limit its constraint violation must be a
    /// number above 0 (NaN would compare false both ways in NSGA-II), and the continuous search keeps only priced,
    /// cheap enough candidates.
    @Test("an unknown cost breaks a cost limit in the continuous search instead of giving a NaN violation")
    func continuousUnknownCost() throws {
        let r = DesignRequest(targetNanometres: 510, constraints: DesignConstraints(maxCostUSDPerGram: 5))
        let m = try ScreeningModel(request: r, grid: smallGrid)
        let cdse = try #require(m.variants.first { m.families[$0.family].id == "CdSe-CdS" && $0.x == 0 && $0.shell == .none })
        let metrics = m.evaluate(cdse, diameter: 3, sizeDispersion: 0.05)
        #expect(metrics.costUSDPerGram.isNaN)
        let v = ContinuousDesign.violation(metrics, r)
        #expect(v.isFinite && v >= 1)
        let a = try ContinuousDesign.run(r, model: m, settings: ContinuousDesign.Settings(populationSize: 12, generations: 6, seed: 1))
        #expect(a.archive.allSatisfy { $0.metrics.costUSDPerGram <= 5 })
    }
}

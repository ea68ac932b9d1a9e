import Foundation
import Testing
@testable import QDPhysics

@Suite("RoHS assessment")
struct RoHSTests {
    static func report(_ core: String, _ shell: String, loading: Double = 1) throws -> CoreShellReport {
        try CoreShellReport(
            core: try OpticsFixture.material(core), shell: try OpticsFixture.material(shell),
            coreDiameterNanometres: 3, shellThicknessNanometres: 1, coreModel: core == "CdSe" ? PublishedCurve.jasieniakCdSe : nil,
            loadingMassFraction: loading)
    }

    /// A CdSe/ZnS QD is tens of per cent Cd by mass, far above 0.01 %: fails, with a negative margin.
    @Test("Cd-containing QD fails, InP/ZnS passes")
    func cadmiumFailsIndiumPasses() throws {
        let cdse = try Self.report("CdSe", "ZnS")
        #expect(!cdse.rohs.passes)
        let cd = try #require(cdse.rohs.entries.first { $0.element == "Cd" })
        #expect(cd.limit == 0.0001 && !cd.passes && cd.margin < 0 && cd.ratioToLimit > 1000)
        let inp = try Self.report("InP", "ZnS")
        #expect(inp.rohs.passes)
        #expect(inp.rohs.entries.map(\.element) == ["Cd", "Pb", "Hg", "Cr"])
        #expect(inp.rohs.entries.allSatisfy { $0.massFraction == 0 && $0.margin == $0.limit })
    }

    /// PbS fails on lead (limit 0.1 %).
    @Test("PbS fails the lead limit")
    func lead() throws {
        let composition = try ParticleComposition(core: try OpticsFixture.material("PbS"), coreDiameterNanometres: 5, ligand: try Ligand.oleicAcid())
        let rohs = try RoHSAssessment(composition: composition)
        let pb = try #require(rohs.entries.first { $0.element == "Pb" })
        #expect(pb.limit == 0.001 && !pb.passes)
    }

    /// Film basis: a fraction x of QDs in a Cd-free matrix scales every fraction by x. CdSe/ZnS at 1e-4 loading
    /// has Cd ≈ 0.3 × 1e-4 = 3e-5 < 1e-4: passes, and the basis text says so.
    @Test("Film loading scales the fractions")
    func filmLoading() throws {
        let bare = try Self.report("CdSe", "ZnS")
        let film = try RoHSAssessment(composition: bare.composition, loadingMassFraction: 1e-4)
        let cdBare = try #require(bare.rohs.entries.first { $0.element == "Cd" })
        let cdFilm = try #require(film.entries.first { $0.element == "Cd" })
        #expect(abs(cdFilm.massFraction - 1e-4 * cdBare.massFraction) < 1e-18)
        #expect(film.passes)
        #expect(film.basis.contains("film"))
        #expect(bare.rohs.basis.contains("including its ligands"))
    }

    @Test("Bad loadings and fractions are rejected", arguments: [0.0, -0.1, 1.5, Double.nan])
    func badLoading(loading: Double) {
        do {
            _ = try RoHSAssessment(massFractions: ["Cd": 0.1], loadingMassFraction: loading)
            Issue.record("accepted loading \(loading)")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue && error.message.contains("loading"))
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: PhysicsError.self) { try RoHSAssessment(massFractions: ["Pb": -0.1]) }
    }

    /// The whole core/shell report for CdSe/CdS: quasi-type II, moderate strain, a red shift, Cd failing RoHS.
    @Test("Core/shell report end to end")
    func report() throws {
        let r = try Self.report("CdSe", "CdS")
        #expect(r.alignment.kind == .quasiTypeII)
        #expect(r.lattice.level == .moderate)
        let emission = try #require(r.emission)
        #expect(emission.shiftNanometres > 0)
        #expect(!r.rohs.passes)
        #expect(r.outerDiameterNanometres == 5)
        // Without a sizing model the emission is skipped with a reason, not an error.
        let inp = try Self.report("InP", "ZnS")
        #expect(inp.emission == nil)
        #expect(inp.notes.contains { $0.contains("no sizing model") })
        #expect(inp.notes.contains { $0.contains("Lattice mismatch") })
    }
}

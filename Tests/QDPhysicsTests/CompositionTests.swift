import Foundation
import Testing
@testable import QDPhysics

@Suite("Particle composition")
struct CompositionTests {
    /// Pure CdSe: w(Cd) = 112.41/(112.41 + 78.971) = 0.587362 (IUPAC abridged weights in Element.swift).
    /// Ratio of the same table values: 1e-12.
    @Test("Cd mass fraction of pure CdSe is 112.41/191.38")
    func pureCdSe() throws {
        let cdse = try OpticsFixture.material("CdSe")
        let composition = try ParticleComposition(core: cdse, coreDiameterNanometres: 4)
        let cd = try #require(composition.massFractions["Cd"])
        #expect(abs(cd - 112.41 / (112.41 + 78.971)) < 1e-12)
        #expect(abs(cd - 112.41 / 191.38) < 1e-5)   // the brief's rounded molar mass
        #expect(composition.ligandMassGrams == 0 && composition.shellMassGrams == 0)
    }

    /// Core mass by hand: π·4³/6 nm³ = 33.510 nm³ × 1e-21 cm³/nm³ × ρ (the catalogue's CdSe density, the
    /// wurtzite X-ray density ≈ 5.66 g/cm³); same arithmetic, so 1e-12 relative.
    /// Oleic acid at 4 nm⁻² on a 4 nm sphere: 4·π·4² = 201.06 ligands × 282.468 g/mol / N_A.
    @Test("Masses and ligand count follow volumes, densities and surface area")
    func massesByHand() throws {
        let cdse = try OpticsFixture.material("CdSe")
        let ligand = try Ligand.oleicAcid()
        let composition = try ParticleComposition(core: cdse, coreDiameterNanometres: 4, ligand: ligand)
        let rho = try #require(cdse.densityGramsPerCubicCentimetre?.value)
        #expect(abs(rho - 5.66) < 0.02)
        #expect(abs(composition.coreMassGrams / (Double.pi * 64 / 6 * 1e-21 * rho) - 1) < 1e-12)
        #expect(abs(composition.ligandCount - 4 * Double.pi * 16) < 1e-9)
        let oleic = 18 * 12.011 + 34 * 1.008 + 2 * 15.999
        #expect(abs(composition.ligandMassGrams / (composition.ligandCount * oleic / PhysicalConstants.avogadro) - 1) < 1e-12)
        let total = composition.massFractions.values.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)
        // Ligands dilute the cadmium.
        let cd = try #require(composition.massFractions["Cd"])
        #expect(cd < 112.41 / (112.41 + 78.971))
        #expect(composition.massFractions["C"] != nil && composition.massFractions["O"] != nil)
    }

    /// Shell volume π(D³ − d³)/6 with D = d + 2H: InP 3 nm + 1 nm ZnS → π(125 − 27)/6 nm³ at 4.09 g/cm³.
    @Test("Shell mass uses the spherical-shell volume")
    func shellMass() throws {
        let inp = try OpticsFixture.material("InP"), zns = try OpticsFixture.material("ZnS")
        let composition = try ParticleComposition(core: inp, coreDiameterNanometres: 3, shell: zns, shellThicknessNanometres: 1)
        #expect(abs(composition.shellMassGrams / (Double.pi * (125 - 27) / 6 * 1e-21 * 4.09) - 1) < 1e-12)
        #expect(composition.massFractions["Zn"] != nil && composition.massFractions["In"] != nil)
        // Zero thickness is a bare core.
        let bare = try ParticleComposition(core: inp, coreDiameterNanometres: 3, shell: zns, shellThicknessNanometres: 0)
        #expect(bare.shellMassGrams == 0 && bare.massFractions["Zn"] == nil)
    }

    @Test("Bad sizes, thicknesses and ligand densities are rejected", arguments: [(-1.0, 0.0, 4.0), (3.0, -0.2, 4.0), (3.0, Double.nan, 4.0), (3.0, 1.0, -2.0)])
    func badInput(diameter: Double, thickness: Double, density: Double) throws {
        let inp = try OpticsFixture.material("InP"), zns = try OpticsFixture.material("ZnS")
        do {
            let ligand = try Ligand.oleicAcid(surfaceDensityPerSquareNanometre: density)
            _ = try ParticleComposition(core: inp, coreDiameterNanometres: diameter, shell: zns, shellThicknessNanometres: thickness, ligand: ligand)
            Issue.record("accepted d = \(diameter), H = \(thickness), ligands \(density)")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue && error.message.contains("rule:"))
        }
    }

    @Test("Materials without a formula or density cannot be weighed")
    func missingData() throws {
        let dots = try OpticsFixture.material("C-dots")
        #expect(throws: PhysicsError.self) { try ParticleComposition(core: dots, coreDiameterNanometres: 3) }
        #expect(throws: PhysicsError.self) { try Ligand(name: "mystery", formula: ["Xx": 1]) }
    }
}

import Foundation
import Testing
@testable import QDPhysics

/// Runs `body` and returns the `PhysicsError` it throws (failing the test if it throws nothing or another type).
private func physicsError(_ body: () throws -> Void) -> PhysicsError? {
    do {
        try body()
        Issue.record("expected a PhysicsError, nothing was thrown")
    } catch let error as PhysicsError {
        return error
    } catch {
        Issue.record("expected a PhysicsError, got \(error)")
    }
    return nil
}

@Suite("Confinement: bad input and unsupported requests")
struct ConfinementErrorTests {
    @Test(arguments: [(0.0, "0.0"), (-1.5, "-1.5"), (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf")])
    func badDiameterIsInvalidValueNamingIt(value: Double, text: String) throws {
        for pair in MaterialModelPair.all {
            let model = try pair.model()
            let error = physicsError { _ = try model.firstExciton(diameterNanometres: value) }
            #expect(error?.kind == .invalidValue)
            #expect(error?.message.contains("Diameter \(text) nm") == true, "\(error?.message ?? "")")
        }
    }

    @Test(arguments: [0.0, -2.0, Double.nan, Double.infinity])
    func badEnergyOrWavelengthIsInvalidValue(value: Double) throws {
        let model = try ConfinementModels.defaultModel(for: "CdSe")
        #expect(physicsError { _ = try model.diameter(forEnergyElectronvolts: value) }?.kind == .invalidValue)
        #expect(physicsError { _ = try model.diameter(forWavelengthNanometres: value) }?.kind == .invalidValue)
    }

    @Test func unknownMaterialListsKnownOnes() {
        let error = physicsError { _ = try ConfinementModels.defaultModel(for: "Unobtainium") }
        #expect(error?.kind == .unknownMaterial)
        for id in ["CdSe", "PbS", "CsPbBr3", "C-dots"] { #expect(error?.message.contains(id) == true) }
        #expect(physicsError { _ = try ConfinementModels.model(.brus, for: "HgTe") }?.kind == .unknownMaterial)
        #expect(ConfinementModels.available(for: "HgTe").isEmpty)
    }

    /// A peak redder than the bulk gap has no size; the message names the reachable range.
    @Test(arguments: MaterialModelPair.all)
    func peakRedderThanBulkIsOutOfDomain(_ pair: MaterialModelPair) throws {
        let model = try pair.model()
        let redder = model.bulkLimitElectronvolts * 0.95
        let error = physicsError { _ = try model.diameter(forEnergyElectronvolts: redder) }
        #expect(error?.kind == .outOfDomain)
        #expect(error?.message.contains(String(format: "%.3f eV", model.bulkLimitElectronvolts)) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("redder than bulk") == true)
    }

    @Test func energyBeyondReachIsOutOfDomain() throws {
        // Moreels 2007 saturates at 0.278 + 1/0.45 = 2.500 eV.
        let pbse = try ConfinementModels.model(.moreels2007, for: "PbSe")
        let error = physicsError { _ = try pbse.diameter(forEnergyElectronvolts: 3.0) }
        #expect(error?.kind == .outOfDomain)
        #expect(error?.message.contains("2.500 eV") == true, "\(error?.message ?? "")")
        // The wavelength form: 1600 nm (0.775 eV) on the CdSe curve is redder than bulk CdSe.
        let cdse = try ConfinementModels.defaultModel(for: "CdSe")
        #expect(physicsError { _ = try cdse.diameter(forWavelengthNanometres: 800) }?.kind == .outOfDomain)
    }

    @Test func carbonDotsHaveOnlyDataDrivenModels() {
        for alias in ["C-dots", "carbon dots", "CDs", "CQDs"] {
            let error = physicsError { _ = try ConfinementModels.defaultModel(for: alias) }
            #expect(error?.kind == .missingParameter)
            #expect(error?.message.contains("data-driven") == true)
            #expect(physicsError { _ = try ConfinementModels.defaultReason(for: alias) }?.kind == .missingParameter)
            #expect(physicsError { _ = try ConfinementModels.model(.brus, for: alias) }?.kind == .missingParameter)
        }
    }

    @Test func curveForAnotherMaterialIsUnsupportedAndListsAlternatives() {
        let error = physicsError { _ = try ConfinementModels.model(.moreels2009, for: "CdSe") }
        #expect(error?.kind == .unsupportedModel)
        #expect(error?.message.contains("jasieniak2009") == true)
        #expect(physicsError { _ = try ConfinementModels.model(.hyperbolic, for: "CdSe") }?.kind == .unsupportedModel)
    }

    @Test func materialWithoutMassesNamesTheParameter() {
        let error = physicsError { _ = try ConfinementModels.model(.brus, for: "AgInS2") }
        #expect(error?.kind == .missingParameter)
        #expect(error?.message.contains("electron effective mass") == true)
        #expect(physicsError { _ = try ConfinementModels.defaultModel(for: "AgInS2") }?.kind == .missingParameter)
    }

    @Test func badFiniteBarrierIsInvalidValue() throws {
        let cdse = try MaterialCatalogue.material("CdSe")
        #expect(physicsError { _ = try FiniteBarrierModel(material: cdse, electronBarrierElectronvolts: -1) }?.kind == .invalidValue)
        #expect(physicsError { _ = try FiniteBarrierModel(material: cdse, outsideMass: .nan) }?.kind == .invalidValue)
    }
}

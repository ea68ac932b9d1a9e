import Foundation
import Testing
@testable import QDPhysics

/// A (material, model) pair that `ConfinementModels.available(for:)` offers.
struct MaterialModelPair: Sendable, CustomStringConvertible {
    let materialID: String
    let kind: ConfinementModelKind
    var description: String { "\(materialID)/\(kind.rawValue)" }

    static let all: [MaterialModelPair] = MaterialCatalogue.all.flatMap { material in
        ConfinementModels.available(for: material.id).map { MaterialModelPair(materialID: material.id, kind: $0) }
    }

    func model() throws -> any InvertibleConfinementModel {
        let built = try ConfinementModels.model(kind, for: materialID)
        return try #require(built as? any InvertibleConfinementModel)
    }
}

/// The size (nm) where an effective-mass model's Coulomb term pulls the energy back to the gap; beyond it
/// the energy is below the bulk limit by construction and the inverse is `.outOfDomain` by design.
private func bulkCrossing(_ model: any InvertibleConfinementModel) -> Double {
    if let m = model as? BrusModel { return m.bulkCrossingDiameterNanometres }
    if let m = model as? KaneModel { return m.bulkCrossingDiameterNanometres }
    if let m = model as? FiniteBarrierModel { return m.bulkCrossingDiameterNanometres }
    return .infinity
}

/// Diameters from half the validity range's lower end (or the finite-barrier model's turnover) to twice its
/// upper end (at most 90 % of the bulk crossing), log-spaced: inside and on both sides of the range.
private func sweep(_ model: any InvertibleConfinementModel, count: Int = 200) -> [Double] {
    var lower = 0.5 * model.validDiameterNanometres.lowerBound
    if let barrier = model as? FiniteBarrierModel { lower = max(lower, barrier.peakDiameterNanometres * 1.01) }
    let upper = min(2 * model.validDiameterNanometres.upperBound, 0.9 * bulkCrossing(model))
    return (0..<count).map { lower * pow(upper / lower, Double($0) / Double(count - 1)) }
}

@Suite("Confinement: properties of every model for every material")
struct ConfinementPropertyTests {
    @Test func everyMaterialWithParametersHasModels() {
        // 18 semiconductors with masses (all but AgInS2 and carbon dots) get at least Brus and Kane.
        #expect(MaterialModelPair.all.count >= 18 * 2)
        #expect(ConfinementModels.available(for: "AgInS2").isEmpty)
        #expect(ConfinementModels.available(for: "C-dots").isEmpty)
        #expect(ConfinementModels.available(for: "CdSe") == [.brus, .kane, .finiteBarrier, .yu2003, .jasieniak2009])
    }

    /// Energy strictly decreases with size over the validity range and a factor 2 beyond it on both sides.
    @Test(arguments: MaterialModelPair.all)
    func energyDecreasesWithSize(_ pair: MaterialModelPair) throws {
        let model = try pair.model()
        let energies = sweep(model).map { model.energyUnchecked(diameterNanometres: $0) }
        for (a, b) in zip(energies, energies.dropFirst()) {
            #expect(b < a, "\(model.name): E rose from \(a) to \(b)")
        }
        #expect(energies.allSatisfy { $0.isFinite })
    }

    /// E → bulk limit as d → ∞: within 1 meV at 10 µm. (At 1 µm the Brus Coulomb term with CsPbCl3's
    /// ε∞ = 4.07 is still 1.3 meV.) Almeida's exponent 0.684 decays slowly (12 meV at 1 µm), so it is
    /// checked at 1 mm.
    @Test(arguments: MaterialModelPair.all)
    func bulkLimit(_ pair: MaterialModelPair) throws {
        let model = try pair.model()
        let far = pair.kind == .almeida2023 ? 1e6 : 1e4
        let energy = model.energyUnchecked(diameterNanometres: far)
        #expect(abs(energy - model.bulkLimitElectronvolts) < 1e-3, "\(model.name) at \(far) nm: \(energy) eV vs limit \(model.bulkLimitElectronvolts)")
        if let gap = try MaterialCatalogue.material(pair.materialID).bulkGapElectronvolts?.value,
           [.brus, .kane, .hyperbolic, .finiteBarrier].contains(pair.kind) {
            #expect(model.bulkLimitElectronvolts == gap, "effective-mass models tend to the catalogue gap")
        }
    }

    /// inverse ∘ forward = identity to 1e-9 relative (the inverses are closed form or converge to 1e-13).
    @Test(arguments: MaterialModelPair.all)
    func inverseOfForwardIsIdentity(_ pair: MaterialModelPair) throws {
        let model = try pair.model()
        for d in sweep(model, count: 60) {
            let e = try model.firstExciton(diameterNanometres: d).energyElectronvolts
            let back = try model.diameter(forEnergyElectronvolts: e).diameterNanometres
            #expect(abs(back - d) <= 1e-9 * d, "\(model.name): d \(d) → E \(e) → d \(back)")
        }
    }

    /// The unchecked hot path never traps: NaN in, NaN out (the checked API rejects NaN before it gets here).
    @Test(arguments: MaterialModelPair.all)
    func uncheckedNaNIsNaN(_ pair: MaterialModelPair) throws {
        #expect(try pair.model().energyUnchecked(diameterNanometres: .nan).isNaN)
    }

    /// Results outside the validity range are returned but flagged, never silently.
    @Test(arguments: MaterialModelPair.all)
    func extrapolationIsFlagged(_ pair: MaterialModelPair) throws {
        let model = try pair.model()
        let range = model.validDiameterNanometres
        let mid = 0.5 * (range.lowerBound + range.upperBound)
        #expect(try model.firstExciton(diameterNanometres: mid).validity == .withinRange)
        #expect(try model.firstExciton(diameterNanometres: range.upperBound * 1.5).validity == .aboveRange)
        if !(model is FiniteBarrierModel) || range.lowerBound * 0.9 > (model as? FiniteBarrierModel)?.peakDiameterNanometres ?? 0 {
            #expect(try model.firstExciton(diameterNanometres: range.lowerBound * 0.9).validity == .belowRange)
        }
        let inverse = try model.diameter(forEnergyElectronvolts: model.energyUnchecked(diameterNanometres: range.upperBound * 1.5))
        #expect(inverse.validity == .aboveRange)
    }

    /// The default model of every material that has one is in its `available` list and carries a reason.
    @Test(arguments: MaterialCatalogue.all.map(\.id))
    func defaultModelIsAvailableWithReason(_ id: String) throws {
        guard let kind = try? ConfinementModels.defaultKind(for: id) else {
            #expect(["AgInS2", "C-dots"].contains(id), "\(id) should have a default model")
            return
        }
        #expect(ConfinementModels.available(for: id).contains(kind))
        #expect(try ConfinementModels.defaultReason(for: id).count > 30)
        #expect(try ConfinementModels.defaultModel(for: id).name == ConfinementModels.model(kind, for: id).name)
    }

    /// Published curves where they exist; otherwise the finite-barrier model, the physical model with the
    /// lowest error on seven of the nine curves (ConfinementReferenceTests.finiteBarrierIsTheBestPhysicalModel).
    @Test func defaultsAreThePublishedCurves() throws {
        let expected: [String: ConfinementModelKind] = [
            "CdSe": .jasieniak2009, "CdTe": .yu2003, "CdS": .yu2003, "ZnSe": .toufanian2021, "InP": .almeida2023,
            "PbS": .moreels2009, "PbSe": .moreels2007, "Si": .delerue1993, "PbTe": .finiteBarrier, "InAs": .finiteBarrier,
            "CsPbBr3": .finiteBarrier, "Ge": .finiteBarrier,
        ]
        for (id, kind) in expected { #expect(try ConfinementModels.defaultKind(for: id) == kind, "\(id)") }
        // Models without a published curve warn that they overestimate small sizes.
        #expect(try ConfinementModels.defaultReason(for: "ZnS").contains("overestimate"))
    }

    /// The published polynomials are strictly increasing in λ over their calibrated ranges (the forward
    /// direction relies on it) and Yu's CdTe cubic has its documented plateau at 540–620 nm.
    @Test func polynomialCurvesAreMonotoneAndCdTePlateauIsReported() throws {
        let curves = PolynomialSizingCurve.YuCompound.allCases.map(PolynomialSizingCurve.yu2003) + [.jasieniak2009CdSe]
        for curve in curves {
            let range = curve.calibratedWavelengthNanometres
            let lambdas = stride(from: range.lowerBound, through: range.upperBound, by: 0.25)
            let d = lambdas.map { curve.diameterNanometres(atWavelengthNanometres: $0) }
            let increasing = zip(d, d.dropFirst()).allSatisfy { $0 < $1 }
            #expect(increasing, "\(curve.name) not increasing")
        }
        let plateau = try #require(PolynomialSizingCurve.yu2003(.cdTe).illConditionedDiameterNanometres)
        let lambdaLow = PhysicalConstants.nanometres(fromElectronvolts: try PolynomialSizingCurve.yu2003(.cdTe).firstExciton(diameterNanometres: plateau.lowerBound).energyElectronvolts)
        let lambdaHigh = PhysicalConstants.nanometres(fromElectronvolts: try PolynomialSizingCurve.yu2003(.cdTe).firstExciton(diameterNanometres: plateau.upperBound).energyElectronvolts)
        // The documented 540–620 nm plateau lies inside the flagged band, which is not much wider.
        #expect(lambdaLow <= 540 && lambdaHigh >= 620, "plateau \(lambdaLow)–\(lambdaHigh) nm")
        #expect(lambdaLow >= 515 && lambdaHigh <= 645, "plateau \(lambdaLow)–\(lambdaHigh) nm")
        #expect(PolynomialSizingCurve.yu2003(.cdS).illConditionedDiameterNanometres == nil)
    }

    /// Yu and Jasieniak agree within 0.15 nm over 460–630 nm and differ by ≈ 0.36 nm at 650 nm (physics.md §2;
    /// the reference rounds: the largest gap found on a 5 nm grid is 0.155 nm, so the bound is 0.16 nm).
    @Test func yuAndJasieniakAgreeAsReferenceStates() {
        let yu = PolynomialSizingCurve.yu2003(.cdSe), jasieniak = PolynomialSizingCurve.jasieniak2009CdSe
        for lambda in stride(from: 460.0, through: 630.0, by: 5) {
            let gap = abs(yu.diameterNanometres(atWavelengthNanometres: lambda) - jasieniak.diameterNanometres(atWavelengthNanometres: lambda))
            #expect(gap < 0.16, "at \(lambda) nm: \(gap)")
        }
        let at650 = yu.diameterNanometres(atWavelengthNanometres: 650) - jasieniak.diameterNanometres(atWavelengthNanometres: 650)
        #expect(abs(at650 - 0.36) < 0.01)
    }

    /// The PCHIP interpolation of the ZnSe table is monotone between the points (no overshoot).
    @Test func toufanianInterpolationHasNoOvershoot() {
        let curve = TabulatedSizingCurve.toufanian2021ZnSe
        for k in 0..<(curve.diameters.count - 1) {
            for t in stride(from: 0.0, through: 1.0, by: 0.05) {
                let d = curve.diameters[k] + t * (curve.diameters[k + 1] - curve.diameters[k])
                let e = curve.energyUnchecked(diameterNanometres: d)
                #expect(e <= curve.energies[k] + 1e-12 && e >= curve.energies[k + 1] - 1e-12)
            }
        }
    }

    /// Closed forms, checked against hand evaluation of the published formulas.
    @Test func closedFormsMatchHandEvaluation() throws {
        // Moreels 2009 at 3 nm: 0.41 + 1/(0.0252·9 + 0.283·3) = 1.339608 eV.
        #expect(abs(InverseQuadraticSizingCurve.moreels2009PbS.energyUnchecked(diameterNanometres: 3) - (0.41 + 1 / (0.0252 * 9 + 0.849))) < 1e-12)
        // PbSe's curve saturates at Eg + 1/c = 0.278 + 1/0.45 eV as d → 0.
        #expect(abs(InverseQuadraticSizingCurve.moreels2007PbSe.maximumEnergyElectronvolts - (0.278 + 1 / 0.45)) < 1e-12)
        // Hyperbolic band, PbS, d = 3 nm: √(Eg² + 2Eg·ħ²π²/(m*R²)), m* = 2μ, ħ²/2m₀ = 0.0380998 eV nm².
        let pbs = try HyperbolicBandModel(material: MaterialCatalogue.material("PbS"))
        let mStar = 2 * 0.088 * 0.084 / (0.088 + 0.084)
        let expected = (0.41 * 0.41 + 2 * 0.41 * 2 * 0.038_099_821 * .pi * .pi / (mStar * 1.5 * 1.5)).squareRoot()
        #expect(abs(pbs.energyUnchecked(diameterNanometres: 3) - expected) < 1e-12)
        // Brus, CdSe, R = 1 nm: 1.74 + 0.37603·(1/0.13 + 1/0.45) − 1.786·1.43996/9.6 = 5.2005 eV.
        let brus = try BrusModel(material: MaterialCatalogue.material("CdSe"))
        let brusHand = 1.74 + 0.038_099_821 * .pi * .pi * (1 / 0.13 + 1 / 0.45) - 1.786 * 1.439_964_548 / 9.6
        #expect(abs(brus.energyUnchecked(diameterNanometres: 2) - brusHand) < 1e-12)
        // Kayanuma's term lowers every energy by 0.248 Ry* = 0.248·13.6057·μ/ε².
        let kayanuma = try BrusModel(material: MaterialCatalogue.material("CdSe"), kayanumaCorrection: true)
        let mu = 0.13 * 0.45 / 0.58
        #expect(abs(brus.energyUnchecked(diameterNanometres: 3) - kayanuma.energyUnchecked(diameterNanometres: 3) - 0.248 * 13.605_693_122 * mu / (9.6 * 9.6)) < 1e-12)
    }

    /// The Kane electron level satisfies E(1 + E/Eg) = ħ²π²/(2meR²) (the self-consistent m(E) condition),
    /// and lies below the parabolic level.
    @Test func kaneElectronIsSelfConsistent() throws {
        let kane = try KaneModel(material: MaterialCatalogue.material("InAs"))
        let brus = try BrusModel(material: MaterialCatalogue.material("InAs"))
        let d = 4.0, r = 2.0, gap = 0.354
        let holeAndCoulomb = kane.holeKineticCoefficient / (r * r) - kane.coulombCoefficient / r
        let electron = kane.energyUnchecked(diameterNanometres: d) - gap - holeAndCoulomb
        let parabolic = kane.electronKineticCoefficient / (r * r)
        #expect(abs(electron * (1 + electron / gap) - parabolic) < 1e-12 * parabolic)
        #expect(kane.energyUnchecked(diameterNanometres: d) < brus.energyUnchecked(diameterNanometres: d))
    }

    /// Finite barrier: below the infinite-barrier (Brus) energy, approaching it as the barrier grows.
    @Test func finiteBarrierApproachesInfiniteBarrier() throws {
        let cdse = try MaterialCatalogue.material("CdSe")
        let brus = try BrusModel(material: cdse).energyUnchecked(diameterNanometres: 4)
        let vacuum = try FiniteBarrierModel(material: cdse).energyUnchecked(diameterNanometres: 4)
        let deep = try FiniteBarrierModel(material: cdse, electronBarrierElectronvolts: 1e4, holeBarrierElectronvolts: 1e4).energyUnchecked(diameterNanometres: 4)
        let shallow = try FiniteBarrierModel(material: cdse, electronBarrierElectronvolts: 0.5, holeBarrierElectronvolts: 0.5).energyUnchecked(diameterNanometres: 4)
        #expect(shallow < vacuum && vacuum < brus)
        // With 10 keV barriers the leakage is ~√(ħ²/2mV0)/R ≈ 0.5 %: within 20 meV of the infinite well here.
        #expect(abs(deep - brus) < 0.02)
        // Each level solves Nosaka's condition kR·cot(kR) − 1 = −(m_in/m_out)(1 + κR).
        let r = 2.0, me = 0.13, v0 = 4.95
        let level = FiniteBarrierModel.level(radius: r, barrier: v0, insideMass: me, outsideMass: 1)
        let k = (me * level / 0.038_099_821).squareRoot(), kappa = ((v0 - level) / 0.038_099_821).squareRoot()
        #expect(abs(k * r / tan(k * r) - 1 + me * (1 + kappa * r)) < 1e-9)
    }
}

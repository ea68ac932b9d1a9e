import Foundation
import QDCore
@testable import QDPhysics

/// Test-only sizing curves built from published formulas (physics.md §2), so the optics tests do not depend on
/// the production confinement models. Not API.
struct PublishedCurve: ConfinementModel {
    let name: String
    let citation: String
    let sizeDefinition = "TEM diameter of a sphere"
    let validDiameterNanometres: ClosedRange<Double>
    let energy: @Sendable (Double) -> Double
    /// Energy range searched when inverting.
    let inverseDiameterBracket: ClosedRange<Double>

    func energyUnchecked(diameterNanometres: Double) -> Double { energy(diameterNanometres) }

    func firstExciton(diameterNanometres d: Double) throws -> ConfinementResult {
        guard d.isFinite, d > 0 else {
            throw PhysicsError(.invalidValue, "Diameter \(d) nm is not valid for \(name) (rule: diameter must be a finite number > 0 nm).")
        }
        return ConfinementResult(diameterNanometres: d, energyElectronvolts: energy(d), model: name, validity: validity(ofDiameter: d))
    }

    func diameter(forEnergyElectronvolts e: Double) throws -> ConfinementResult {
        guard e.isFinite, e > 0 else { throw PhysicsError(.invalidValue, "Energy \(e) eV is not valid.") }
        let low = inverseDiameterBracket.lowerBound, high = inverseDiameterBracket.upperBound
        guard e <= energy(low), e >= energy(high) else {
            throw PhysicsError(.outOfDomain, "Energy \(e) eV is outside \(energy(high))–\(energy(low)) eV for \(name).")
        }
        let d = try RootFinding.brent(lower: low, upper: high, absoluteTolerance: 1e-13) { energy($0) - e }
        return ConfinementResult(diameterNanometres: d, energyElectronvolts: e, model: name, validity: validity(ofDiameter: d))
    }

    /// Moreels 2009 PbS: E = 0.41 + 1/(0.0252 d² + 0.283 d).
    static let moreelsPbS = PublishedCurve(
        name: "Moreels 2009 (PbS), test copy", citation: "Moreels et al., ACS Nano 3, 3023 (2009)",
        validDiameterNanometres: 2.5...9, energy: { d in 0.41 + 1 / (0.0252 * d * d + 0.283 * d) },
        inverseDiameterBracket: 0.5...100)

    /// Jasieniak 2009 CdSe: d(λ) = 59.60816 − 0.54736λ + 1.8873e-3λ² − 2.85743e-6λ³ + 1.62974e-9λ⁴, inverted for λ
    /// by Brent on 420–720 nm (d is increasing there: 1.65 → 15.3 nm).
    static let jasieniakCdSe = PublishedCurve(
        name: "Jasieniak 2009 (CdSe), test copy", citation: "Jasieniak et al., J. Phys. Chem. C 113, 19468 (2009)",
        validDiameterNanometres: 2...8,
        energy: { d in
            let poly: (Double) -> Double = { l in
                59.60816 - 0.54736 * l + 1.8873e-3 * l * l - 2.85743e-6 * l * l * l + 1.62974e-9 * l * l * l * l
            }
            let lambda = (try? RootFinding.brent(lower: 420, upper: 720, absoluteTolerance: 1e-12) { poly($0) - d }) ?? .nan
            return PhysicalConstants.hcElectronvoltNanometres / lambda
        },
        inverseDiameterBracket: 1.7...15)
}

/// Catalogue materials for the tests (the catalogue is QDLab's sourced table).
enum OpticsFixture {
    static func material(_ id: String) throws -> Material { try MaterialCatalogue.material(id) }

    /// Trapezoid integral of `f` over [a, b] with `n` intervals.
    static func integrate(_ a: Double, _ b: Double, intervals n: Int = 20000, _ f: (Double) -> Double) -> Double {
        let h = (b - a) / Double(n)
        var sum = 0.5 * (f(a) + f(b))
        for i in 1..<n { sum += f(a + Double(i) * h) }
        return sum * h
    }
}

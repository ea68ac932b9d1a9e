import Foundation
import Testing
@testable import QDPhysics

@Suite("Size distributions")
struct OpticsSizeDistributionTests {
    /// Quadrature moments reproduce the mean and σ. For the normal shape over ±6σ the trapezoid rule is
    /// spectrally accurate (error ≪ 1e-9); the log-normal is moment-matched by construction. Tolerance 1e-6
    /// relative covers the ±6σ truncation (tail mass 2e-9, plus the log-normal's heavier right tail).
    @Test("Quadrature recovers mean and standard deviation", arguments: SizeDistribution.Shape.allCases, [0.05, 0.15])
    func moments(shape: SizeDistribution.Shape, spread: Double) throws {
        let distribution = try SizeDistribution(shape: shape, meanDiameterNanometres: 4, relativeStandardDeviation: spread)
        let nodes = distribution.quadrature()
        let total = nodes.reduce(0) { $0 + $1.weight }
        let mean = nodes.reduce(0) { $0 + $1.weight * $1.diameterNanometres }
        let variance = nodes.reduce(0) { $0 + $1.weight * pow($1.diameterNanometres - mean, 2) }
        #expect(abs(total - 1) < 1e-12)
        #expect(abs(mean / 4 - 1) < 1e-6, "mean \(mean)")
        #expect(abs(variance.squareRoot() / (4 * spread) - 1) < 1e-5, "sd \(variance.squareRoot())")
    }

    /// The density integrates to 1 over d > 0 (same trapezoid argument; tolerance 1e-6).
    @Test("Density integrates to 1", arguments: SizeDistribution.Shape.allCases)
    func densityArea(shape: SizeDistribution.Shape) throws {
        let distribution = try SizeDistribution(shape: shape, meanDiameterNanometres: 5, relativeStandardDeviation: 0.1)
        let area = OpticsFixture.integrate(1e-6, 15) { distribution.probabilityDensity(diameterNanometres: $0) }
        #expect(abs(area - 1) < 1e-6)
        #expect(distribution.probabilityDensity(diameterNanometres: -1) == 0)
        #expect(distribution.probabilityDensity(diameterNanometres: .nan).isNaN)
    }

    @Test("Monodisperse ensemble is one node")
    func monodisperse() throws {
        let nodes = try SizeDistribution(meanDiameterNanometres: 3, relativeStandardDeviation: 0).quadrature()
        #expect(nodes == [SizeNode(diameterNanometres: 3, weight: 1)])
    }

    @Test("Bad sizes and spreads are rejected", arguments: [
        (4.0, -0.05, "-0.05"), (4.0, Double.nan, "nan"), (4.0, 0.8, "0.8"), (-1.0, 0.05, "-1.0"), (0.0, 0.05, "0.0"),
    ])
    func badInput(diameter: Double, spread: Double, named: String) {
        do {
            _ = try SizeDistribution(meanDiameterNanometres: diameter, relativeStandardDeviation: spread)
            Issue.record("accepted d = \(diameter), σ/d = \(spread)")
        } catch let error as PhysicsError {
            #expect(error.kind == .invalidValue)
            #expect(error.message.contains(named))
            #expect(error.message.contains("rule:"))
        } catch { Issue.record("unexpected \(error)") }
    }
}

import Foundation
import Testing
@testable import QDCore

@Suite("Special functions")
struct SpecialFunctionsTests {
    @Test("closed forms: I_x(1, 1) = x, I_x(a, 1) = xᵃ, I_x(1, b) = 1 − (1 − x)ᵇ")
    func closedForms() {
        for x in stride(from: 0.05, through: 0.95, by: 0.1) {
            #expect(isClose(SpecialFunctions.regularizedIncompleteBeta(x, a: 1, b: 1), x, relative: 1e-14))
            #expect(isClose(SpecialFunctions.regularizedIncompleteBeta(x, a: 3.5, b: 1), pow(x, 3.5), relative: 1e-13))
            #expect(isClose(SpecialFunctions.regularizedIncompleteBeta(x, a: 1, b: 2.5), 1 - pow(1 - x, 2.5), relative: 1e-13))
        }
    }

    @Test("symmetry I_x(a, b) = 1 − I_{1−x}(b, a) and edges")
    func symmetry() {
        let v = SpecialFunctions.regularizedIncompleteBeta(0.3, a: 2.5, b: 7)
        let w = SpecialFunctions.regularizedIncompleteBeta(0.7, a: 7, b: 2.5)
        #expect(abs(v + w - 1) < 1e-14)
        #expect(SpecialFunctions.regularizedIncompleteBeta(0, a: 2, b: 2) == 0)
        #expect(SpecialFunctions.regularizedIncompleteBeta(1, a: 2, b: 2) == 1)
        #expect(SpecialFunctions.regularizedIncompleteBeta(1.5, a: 2, b: 2).isNaN)
        #expect(SpecialFunctions.regularizedIncompleteBeta(0.5, a: -1, b: 2).isNaN)
    }

    @Test("ln Γ(a+½) − ln Γ(a): the Stirling branch joins the lgamma branch at a = 10 and matches closed forms")
    func halfRatio() {
        let below = SpecialFunctions.logGamma(10.5) - SpecialFunctions.logGamma(10)
        // Both branches are accurate to ~1e-15 absolute at a = 10 (lgamma values are ≈ 13).
        #expect(abs(SpecialFunctions.logGammaHalfRatio(10) - below) < 1e-14)
        #expect(isClose(SpecialFunctions.logGammaHalfRatio(0.5), -0.5 * log(Double.pi), relative: 1e-15))  // Γ(1)/Γ(½)
        // Γ(n + ½)/Γ(n) for n = 20: Γ(20.5) = (39)!! √π / 2²⁰, so the ratio is (39)!! √π / (2²⁰ · 19!).
        var doubleFactorial = 1.0
        for k in stride(from: 1, through: 39, by: 2) { doubleFactorial *= Double(k) }
        var factorial = 1.0
        for k in 1...19 { factorial *= Double(k) }
        let exact = log(doubleFactorial) + 0.5 * log(Double.pi) - 20 * log(2.0) - log(factorial)
        #expect(abs(SpecialFunctions.logGammaHalfRatio(20) - exact) < 4e-15)
    }
}

@Suite("Special functions: large-a expansion of Iₓ(a, ½)")
struct IncompleteBetaHalfLargeATests {
    @Test("the expansion agrees with the continued fraction where the latter is well-conditioned (a = 15, 40)",
          arguments: [15.0, 40.0])
    func agreesWithContinuedFraction(a: Double) {
        // For moderate a the continued fraction loses only ~log₁₀(a) digits, so the two must agree to ~1e-13.
        let logBeta = 0.5 * log(Double.pi) - SpecialFunctions.logGammaHalfRatio(a)
        for s in [0.001, 0.05, 0.3, 1.0] {
            let expansion = SpecialFunctions.incompleteBetaHalfLargeA(a: a, s: s, logBeta: logBeta)
            let fraction = SpecialFunctions.regularizedIncompleteBeta(exp(-s), a: a, b: 0.5, complement: -expm1(-s))
            #expect(isClose(expansion, fraction, relative: 1e-12), "a = \(a), s = \(s)")
        }
    }

    @Test("Iₓ(a, ½) → 1 as x → 1 (s = 0)")
    func atOne() {
        let a = 500.0
        let logBeta = 0.5 * log(Double.pi) - SpecialFunctions.logGammaHalfRatio(a)
        #expect(isClose(SpecialFunctions.incompleteBetaHalfLargeA(a: a, s: 0, logBeta: logBeta), 1, relative: 1e-14))
    }

    @Test("ln erfc joins its asymptotic branch continuously at x = 26")
    func logErfcJoin() {
        let below = log(erfc(26.0.nextDown))
        #expect(isClose(SpecialFunctions.logErfc(26), below, relative: 1e-14))
        #expect(SpecialFunctions.logErfc(-1).isNaN)
    }
}

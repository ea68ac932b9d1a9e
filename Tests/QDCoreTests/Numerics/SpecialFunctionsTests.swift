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

    @Test("ln Γ(a+½) − ln Γ(a): the asymptotic branch joins the lgamma branch at a = 1e5")
    func halfRatio() {
        let below = SpecialFunctions.logGamma(1e5 + 0.5) - SpecialFunctions.logGamma(1e5)
        // lgamma difference near 1e5 carries ~ε · ln Γ(1e5) ≈ 1e-10 absolute error; the branches must agree to that.
        #expect(abs(SpecialFunctions.logGammaHalfRatio(1e5) - below) < 1e-9)
        #expect(isClose(SpecialFunctions.logGammaHalfRatio(0.5), -0.5 * log(Double.pi), relative: 1e-15))  // Γ(1)/Γ(½)
    }
}

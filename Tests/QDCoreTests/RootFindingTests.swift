import Testing
@testable import QDCore

@Suite("Brent root finding")
struct RootFindingTests {
    @Test("finds √2 as the root of x² − 2 to 1e-12")
    func squareRootOfTwo() throws {
        let root = try RootFinding.brent(lower: 0, upper: 2) { $0 * $0 - 2 }
        #expect(abs(root - 2.0.squareRoot()) < 1e-12)
    }

    @Test("a bracket without a sign change is reported with both values")
    func noBracket() {
        #expect(throws: CoreError.self) { try RootFinding.brent(lower: 0, upper: 1) { $0 * $0 + 1 } }
        do {
            _ = try RootFinding.brent(lower: 0, upper: 1) { $0 * $0 + 1 }
        } catch let error as CoreError {
            #expect(error.kind == .noBracket)
            #expect(error.message.contains("f(0.0) = 1.0"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

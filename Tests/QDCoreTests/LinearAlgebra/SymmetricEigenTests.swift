import Foundation
import Testing
@testable import QDCore

@Suite("Symmetric eigendecomposition")
struct SymmetricEigenTests {
    @Test("the 1-D Laplacian tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(kπ/(n+1)), ascending", arguments: [1, 5, 40])
    func laplacian(n: Int) throws {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n {
            m[i, i] = 2
            if i > 0 { m[i, i - 1] = -1; m[i - 1, i] = -1 }
        }
        let e = try m.symmetricEigendecomposition()
        let expected = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }
        // Backward-stable eigensolver: |Δλ| ≲ c · n · ε · ‖A‖₂ with ‖A‖₂ ≤ 4.
        #expect(maxAbsDifference(e.eigenvalues, expected) < 1e-13)
        // A·V = V·diag(λ) and VᵀV = I.
        let av = try m.multiplied(by: e.eigenvectors)
        let vl = try e.eigenvectors.multiplied(by: Matrix.diagonal(e.eigenvalues))
        #expect(try av.subtracting(vl).maxAbsoluteElement < 1e-13)
        let vtv = try e.eigenvectors.multiplied(by: e.eigenvectors, transposingSelf: true)
        #expect(try vtv.subtracting(Matrix.identity(n)).maxAbsoluteElement < 1e-13)
    }

    @Test("a 2 × 2 example by hand: [[2,1],[1,2]] has eigenvalues 1 and 3 with vectors (1,−1)/√2 and (1,1)/√2")
    func twoByTwo() throws {
        let e = try Matrix([[2, 1], [1, 2]]).symmetricEigendecomposition()
        #expect(maxAbsDifference(e.eigenvalues, [1, 3]) < 1e-15)
        let v = e.eigenvectors.column(1)
        #expect(abs(abs(v[0]) - 0.5.squareRoot()) < 1e-15 && abs(v[0] - v[1]) < 1e-15)
    }

    @Test("bad input: NaN, asymmetric, non-square")
    func badInput() {
        expectCoreError(.invalidArgument, containing: ["non-finite"]) { _ = try Matrix([[1, .nan], [.nan, 1]]).symmetricEigendecomposition() }
        expectCoreError(.invalidArgument, containing: ["not symmetric"]) { _ = try Matrix([[1, 2], [3, 1]]).symmetricEigendecomposition() }
        expectCoreError(.shapeMismatch, containing: ["3 × 2"]) { _ = try Matrix(rows: 3, columns: 2).symmetricEigendecomposition() }
    }
}

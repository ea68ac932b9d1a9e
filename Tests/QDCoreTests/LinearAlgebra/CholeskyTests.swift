import Foundation
import Testing
@testable import QDCore

@Suite("Cholesky factorisation")
struct CholeskyTests {
    // A classic SPD example with an integer factor: A = L·Lᵀ, L = [[2,0,0],[6,1,0],[-8,5,3]].
    let a = fixture([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])

    @Test("factor of the known SPD matrix is the known L, without jitter")
    func knownFactor() throws {
        let f = try a.cholesky()
        #expect(f.jitterAdded == 0)
        // LAPACK's dpotrf on small integers: every intermediate is exact here except square roots of perfect squares.
        #expect(maxAbsDifference(f.lower.elements, [2, 0, 0, 6, 1, 0, -8, 5, 3]) < 1e-14)
        #expect(isClose(f.logDeterminant, 2 * log(6.0), relative: 1e-15))
    }

    @Test("inverse diagonal matches numpy.linalg.inv (generate_reference.py), to 1e-12 relative (condition number ≈ 2e3)")
    func inverseDiagonal() throws {
        let d = try a.cholesky().inverseDiagonal()
        for (x, r) in zip(d, ScipyReference.choleskyInverseDiagonal) { #expect(isClose(x, r, relative: 1e-12)) }
    }

    @Test("L·Lᵀ reproduces A and solves have small residuals on seeded SPD matrices", arguments: [1, 2, 3, 4])
    func properties(seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        let n = 30
        let g = try Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.normal() })
        let spd = try g.multiplied(by: g, transposingSelf: true).addingToDiagonal(Double(n))  // well conditioned
        let f = try spd.cholesky()
        let scale = spd.maxAbsoluteElement
        // Backward stability of Cholesky: ‖LLᵀ − A‖ ≲ c · n · ε · ‖A‖; 1e-13 relative allows c·n ≈ 450.
        #expect(try f.reconstructed().subtracting(spd).maxAbsoluteElement < 1e-13 * scale)
        let b = (0..<n).map { _ in rng.normal() }
        let x = try f.solve(b)
        let residual = maxAbsDifference(try spd.multiplied(by: x), b)
        #expect(residual < 1e-12 * scale)
        // Triangular solves compose to the full solve: Lᵀ \ (L \ b) = A⁻¹ b.
        let y = try f.solveLowerTransposed(f.solveLower(b))
        #expect(maxAbsDifference(x, y) < 1e-12)
        // Matrix right-hand side equals column-by-column solves.
        let bm = try Matrix(rows: n, columns: 2, elements: (0..<(2 * n)).map { _ in rng.normal() })
        let xm = try f.solve(bm)
        #expect(maxAbsDifference(xm.column(1), try f.solve(bm.column(1))) < 1e-12)
    }

    @Test("a singular PSD matrix needs jitter, and the jitter used is reported")
    func jitterReported() throws {
        // Rank-1 matrix v·vᵀ (PSD, singular): exact factorisation fails, the first jitter 1e-10·mean diag succeeds.
        let v = [1.0, 2, 3]
        let psd = try Matrix((0..<3).map { i in (0..<3).map { j in v[i] * v[j] } })
        let f = try psd.cholesky()
        #expect(f.jitterAdded > 0)
        #expect(f.jitterAdded <= 1e-6 * (14.0 / 3))
        #expect(try f.reconstructed().subtracting(psd.addingToDiagonal(f.jitterAdded)).maxAbsoluteElement < 1e-12)
        // Without jitter the same matrix is rejected.
        expectCoreError(.notPositiveDefinite, containing: ["3 × 3", "jitter 0.0"]) { _ = try psd.cholesky(jitter: .none) }
    }

    @Test("an indefinite matrix fails, naming the size, the largest jitter tried and the way out")
    func notPositiveDefinite() throws {
        let m = try Matrix([[1, 2], [2, 1]])  // eigenvalues 3 and −1
        expectCoreError(.notPositiveDefinite, containing: ["2 × 2", "jitter 1e-06", "white-noise", "maximumRelative"]) {
            _ = try m.cholesky()
        }
    }

    @Test("bad input: NaN, non-square, asymmetric, wrong right-hand side")
    func badInput() throws {
        expectCoreError(.invalidArgument, containing: ["non-finite element nan", "(0, 1)"]) {
            _ = try Matrix([[1, .nan], [.nan, 1]]).cholesky()
        }
        expectCoreError(.shapeMismatch, containing: ["square", "2 × 3"]) { _ = try Matrix(rows: 2, columns: 3).cholesky() }
        expectCoreError(.invalidArgument, containing: ["not symmetric", "A[1, 0] = 0.5"]) {
            _ = try Matrix([[2, 1], [0.5, 2]]).cholesky()
        }
        let f = try a.cholesky()
        expectCoreError(.shapeMismatch, containing: ["2 rows", "3 × 3"]) { _ = try f.solve([1, 2]) }
        expectCoreError(.invalidArgument, containing: ["non-finite"]) { _ = try f.solve([1, .nan, 2]) }
    }
}

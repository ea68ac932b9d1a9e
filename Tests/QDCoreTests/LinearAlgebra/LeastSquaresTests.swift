import Testing
@testable import QDCore

@Suite("Minimum-norm least squares")
struct LeastSquaresTests {
    @Test("rank-deficient system matches numpy.linalg.lstsq (generate_reference.py) to 1e-12; rank 2 is reported")
    func rankDeficient() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 9], [7, 8, 15], [1, 0, 1]])
        let s = try m.leastSquares([1, 2, 4, 0.5])
        #expect(s.rank == ScipyReference.leastSquaresRank)
        // Both call LAPACK dgelsd; the difference is rounding amplified by σ₁/σ₂ ≈ 30.
        #expect(maxAbsDifference(s.solution, ScipyReference.leastSquaresSolution) < 1e-12)
        #expect(maxAbsDifference(Array(s.singularValues.prefix(2)), Array(ScipyReference.leastSquaresSingularValues.prefix(2))) < 1e-12)
    }

    @Test("an exactly determined full-rank system is solved exactly up to rounding")
    func square() throws {
        let m = try Matrix([[3, 1], [1, 2]])
        let s = try m.leastSquares([9, 8])  // x = (2, 3)
        #expect(s.rank == 2)
        #expect(maxAbsDifference(s.solution, [2, 3]) < 1e-14)
    }

    @Test("an underdetermined system returns the minimum-norm solution")
    func underdetermined() throws {
        let s = try Matrix([[1, 1]]).leastSquares([2])  // min ‖x‖ with x₁ + x₂ = 2 is (1, 1)
        #expect(maxAbsDifference(s.solution, [1, 1]) < 1e-15)
        #expect(s.rank == 1)
    }

    @Test("bad input: length mismatch and NaN")
    func badInput() throws {
        let m = try Matrix([[1, 0], [0, 1]])
        expectCoreError(.shapeMismatch, containing: ["2 × 2", "length 3"]) { _ = try m.leastSquares([1, 2, 3]) }
        expectCoreError(.invalidArgument, containing: ["right-hand side b", "nan"]) { _ = try m.leastSquares([1, .nan]) }
    }
}

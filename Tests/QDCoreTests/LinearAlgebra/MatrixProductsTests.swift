import Testing
@testable import QDCore

@Suite("Matrix products through BLAS")
struct MatrixProductsTests {
    // Hand-computed: [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
    let a = fixture([[1, 2, 3], [4, 5, 6]])
    let b = fixture([[7, 8], [9, 10], [11, 12]])

    @Test("dgemm matches the hand-computed product exactly (small integers are exact in binary64)")
    func product() throws {
        #expect(try a.multiplied(by: b).elements == [58, 64, 139, 154])
    }

    @Test("transposed variants equal products of explicit transposes")
    func transposedVariants() throws {
        // Aᵀ·A (3 × 3) = [[17,22,27],[22,29,36],[27,36,45]].
        #expect(try a.multiplied(by: a, transposingSelf: true).elements == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        // A·Aᵀ (2 × 2) = [[14,32],[32,77]].
        #expect(try a.multiplied(by: a, transposingOther: true).elements == [14, 32, 32, 77])
        // Bᵀ·Aᵀ = (A·B)ᵀ.
        #expect(try b.multiplied(by: a, transposingSelf: true, transposingOther: true).elements == [58, 139, 64, 154])
    }

    @Test("dgemv matches hand-computed products, plain and transposed")
    func vector() throws {
        #expect(try a.multiplied(by: [1, 0, -1]) == [-2, -2])
        #expect(try a.multiplied(by: [1, 1], transposingSelf: true) == [5, 7, 9])
    }

    @Test("identity is neutral; an empty inner dimension gives zeros")
    func identityAndEmpty() throws {
        #expect(try a.multiplied(by: Matrix.identity(3)) == a)
        let z = try Matrix(rows: 2, columns: 0, elements: []).multiplied(by: Matrix(rows: 0, columns: 3, elements: []))
        #expect(z == Matrix(rows: 2, columns: 3))
    }

    @Test("inner-dimension mismatch names both shapes")
    func mismatch() {
        expectCoreError(.shapeMismatch, containing: ["2 × 3", "inner dimensions 3 and 2"]) {
            _ = try a.multiplied(by: a)
        }
        expectCoreError(.shapeMismatch, containing: ["length 2", "needs length 3"]) {
            _ = try a.multiplied(by: [1, 2])
        }
    }

    @Test("a larger seeded product agrees with a naive triple loop to rounding")
    func seededAgainstNaive() throws {
        var rng = SeededRNG(seed: 11)
        let x = try Matrix(rows: 17, columns: 9, elements: (0..<153).map { _ in rng.normal() })
        let y = try Matrix(rows: 9, columns: 13, elements: (0..<117).map { _ in rng.normal() })
        let p = try x.multiplied(by: y)
        var worst = 0.0
        for i in 0..<17 {
            for j in 0..<13 {
                var s = 0.0
                for k in 0..<9 { s += x[i, k] * y[k, j] }
                worst = max(worst, abs(p[i, j] - s))
            }
        }
        // Nine products of O(1) numbers: a different summation order changes the result by ≲ 9 · 4 · ε.
        #expect(worst < 1e-13)
    }

    @Test("NaN propagates through products, as documented (products do not check)")
    func nanPropagates() throws {
        let withNaN = fixture([[1, .nan], [0, 1]])
        let p = try withNaN.multiplied(by: Matrix.identity(2))
        #expect(p[0, 1].isNaN && p[1, 1] == 1)
        #expect(try withNaN.multiplied(by: [1, 1])[0].isNaN)
    }
}

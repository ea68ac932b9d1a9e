import Foundation
import Testing
@testable import QDCore

@Suite("Matrix: construction, access, elementwise arithmetic")
struct MatrixTests {
    @Test("rows, columns, subscript and row-major storage agree")
    func construction() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.elements == [1, 2, 3, 4, 5, 6])
        #expect(m[1, 0] == 4)
        #expect(m.row(1) == [4, 5, 6])
        #expect(m.column(2) == [3, 6])
        #expect(Matrix(rows: 2, columns: 2, repeating: 7).elements == [7, 7, 7, 7])
        #expect(Matrix.identity(3).elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Matrix.diagonal([2, 3]).elements == [2, 0, 0, 3])
    }

    @Test("empty shapes are representable")
    func empty() throws {
        let none = try Matrix([])
        #expect(none.rows == 0 && none.columns == 0)
        let tall = try Matrix([[], []])
        #expect(tall.rows == 2 && tall.columns == 0)
    }

    @Test("transpose swaps indices and is an involution")
    func transpose() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        let t = m.transposed()
        #expect(t.rows == 3 && t.columns == 2)
        #expect(t.elements == [1, 4, 2, 5, 3, 6])
        #expect(t.transposed() == m)
    }

    @Test("ragged rows are rejected, naming the offending row")
    func ragged() {
        expectCoreError(.shapeMismatch, containing: ["row 0 has 2", "row 2 has 1"]) {
            _ = try Matrix([[1, 2], [3, 4], [5]])
        }
    }

    @Test("element count must match the shape")
    func elementCount() {
        expectCoreError(.shapeMismatch, containing: ["2 × 2", "needs 4", "got 3"]) {
            _ = try Matrix(rows: 2, columns: 2, elements: [1, 2, 3])
        }
    }

    @Test("add, subtract, scale, diagonal shift")
    func elementwise() throws {
        let a = try Matrix([[1, 2], [3, 4]])
        let b = try Matrix([[10, 20], [30, 40]])
        #expect(try a.adding(b).elements == [11, 22, 33, 44])
        #expect(try b.subtracting(a).elements == [9, 18, 27, 36])
        #expect((2 * a).elements == [2, 4, 6, 8])
        #expect(a.addingToDiagonal(0.5).elements == [1.5, 2, 3, 4.5])
        expectCoreError(.shapeMismatch, containing: ["2 × 3", "2 × 2"]) {
            _ = try a.adding(Matrix(rows: 2, columns: 3))
        }
    }

    @Test("Codable round trip is exact; a corrupt element count is rejected on decode")
    func codable() throws {
        let m = try Matrix([[1.5, -2], [0.1, 1e-300]])
        let data = try JSONEncoder().encode(m)
        #expect(try JSONDecoder().decode(Matrix.self, from: data) == m)
        let bad = Data(#"{"rows":2,"columns":2,"elements":[1,2,3]}"#.utf8)
        #expect(throws: CoreError.self) { try JSONDecoder().decode(Matrix.self, from: bad) }
    }

    @Test("NaN is detected")
    func nan() throws {
        let m = try Matrix([[1, .nan]])
        #expect(m.containsNaN)
        #expect(!m.isFinite)
        #expect(m.maxAbsoluteElement.isNaN)
    }
}

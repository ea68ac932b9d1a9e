/// A dense matrix of `Double` stored row by row.
///
/// A value type: copies are cheap until written (the storage is a Swift array). Element (i, j) lives at
/// `elements[i * columns + j]`. Equality is exact, element by element (no tolerance; compare with a tolerance in
/// tests instead). Products, factorisations and solves go through BLAS/LAPACK (see `Backend.swift`).
///
/// NaN: construction and elementwise arithmetic accept and propagate NaN; factorisations and solves reject it with
/// `CoreError.invalidArgument` (see each method).
public struct Matrix: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Number of rows (≥ 0).
    public let rows: Int
    /// Number of columns (≥ 0).
    public let columns: Int
    /// The elements in row-major order; `count == rows * columns`.
    public private(set) var elements: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    /// - Precondition: `rows ≥ 0` and `columns ≥ 0` (a negative size is a programming error).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix size must be non-negative; got \(rows) × \(columns).")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix from row-major `elements`.
    /// - Throws: `CoreError.shapeMismatch` when `elements.count != rows * columns` or a size is negative.
    public init(rows: Int, columns: Int, elements: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw CoreError(.invalidArgument, "Matrix size must be non-negative; got \(rows) × \(columns).")
        }
        guard elements.count == rows * columns else {
            throw CoreError(
                .shapeMismatch,
                "A \(rows) × \(columns) matrix needs \(rows * columns) elements in row-major order; got \(elements.count).")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from an array of rows, e.g. `try Matrix([[1, 2], [3, 4]])`.
    ///
    /// `[]` gives a 0 × 0 matrix; `[[], []]` gives 2 × 0.
    /// - Throws: `CoreError.shapeMismatch` naming the first row whose length differs from row 0.
    public init(_ rowArrays: [[Double]]) throws {
        let width = rowArrays.first?.count ?? 0
        if let bad = rowArrays.firstIndex(where: { $0.count != width }) {
            throw CoreError(
                .shapeMismatch,
                "Ragged rows: row 0 has \(width) elements but row \(bad) has \(rowArrays[bad].count); every row of a matrix must have the same length.")
        }
        self.rows = rowArrays.count
        self.columns = width
        self.elements = rowArrays.flatMap { $0 }
    }

    /// The n × n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = 1 }
        return m
    }

    /// A square matrix with `values` on the diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Double]) -> Matrix {
        let n = values.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = values[i] }
        return m
    }

    /// Element (row, column).
    /// - Precondition: both indices are in range (checked; out of range is a programming error).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows) × \(columns) matrix.")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows) × \(columns) matrix.")
            elements[row * columns + column] = newValue
        }
    }

    /// `true` when rows == columns.
    public var isSquare: Bool { rows == columns }

    /// `true` when any element is NaN. O(rows · columns).
    public var containsNaN: Bool { elements.contains { $0.isNaN } }

    /// `true` when every element is finite (no NaN, no ±∞). O(rows · columns).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// Row `i` as an array. - Precondition: `0 ≤ i < rows`.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Row \(i) out of range for a \(rows) × \(columns) matrix.")
        return Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array. - Precondition: `0 ≤ j < columns`.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Column \(j) out of range for a \(rows) × \(columns) matrix.")
        return (0..<rows).map { elements[$0 * columns + j] }
    }

    /// The main diagonal (length min(rows, columns)).
    public var diagonalElements: [Double] { (0..<min(rows, columns)).map { elements[$0 * columns + $0] } }

    /// The transpose Aᵀ (columns × rows). O(rows · columns).
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] }
        }
        return t
    }

    /// A one-line rendering of every element, e.g. `Matrix 2 × 2 [[1.0, 2.0], [3.0, 4.0]]` (for debugging; long for
    /// large matrices).
    public var description: String {
        let body = (0..<rows).map { i in row(i).map { "\($0)" }.joined(separator: ", ") }
        return "Matrix \(rows) × \(columns) [" + body.map { "[\($0)]" }.joined(separator: ", ") + "]"
    }
}

extension Matrix: Codable {
    private enum CodingKeys: String, CodingKey { case rows, columns, elements }

    /// Decodes `{rows, columns, elements}` and checks that the element count matches the shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            rows: c.decode(Int.self, forKey: .rows), columns: c.decode(Int.self, forKey: .columns),
            elements: c.decode([Double].self, forKey: .elements))
    }

    /// Encodes `{rows, columns, elements}` (row-major).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(columns, forKey: .columns)
        try c.encode(elements, forKey: .elements)
    }
}

// MARK: - Elementwise arithmetic

extension Matrix {
    /// A + B elementwise. NaN propagates.
    /// - Throws: `CoreError.shapeMismatch` unless both are the same shape.
    public func adding(_ other: Matrix) throws -> Matrix {
        try elementwise(other, "add") { $0 + $1 }
    }

    /// A − B elementwise. NaN propagates.
    /// - Throws: `CoreError.shapeMismatch` unless both are the same shape.
    public func subtracting(_ other: Matrix) throws -> Matrix {
        try elementwise(other, "subtract") { $0 - $1 }
    }

    /// s · A.
    public func scaled(by factor: Double) -> Matrix {
        var out = self
        for i in out.elements.indices { out.elements[i] *= factor }
        return out
    }

    /// s · A.
    public static func * (factor: Double, matrix: Matrix) -> Matrix { matrix.scaled(by: factor) }

    /// A with `value` added to every diagonal element (e.g. a noise or jitter term).
    public func addingToDiagonal(_ value: Double) -> Matrix {
        var out = self
        for i in 0..<min(rows, columns) { out.elements[i * columns + i] += value }
        return out
    }

    /// The largest |element| (0 for an empty matrix; NaN if any element is NaN).
    public var maxAbsoluteElement: Double {
        var best = 0.0
        for v in elements {
            if v.isNaN { return .nan }
            best = Swift.max(best, abs(v))
        }
        return best
    }

    private func elementwise(_ other: Matrix, _ verb: String, _ op: (Double, Double) -> Double) throws -> Matrix {
        guard rows == other.rows, columns == other.columns else {
            throw CoreError(
                .shapeMismatch,
                "Cannot \(verb) a \(other.rows) × \(other.columns) matrix and a \(rows) × \(columns) matrix; elementwise operations need equal shapes.")
        }
        var out = self
        for i in out.elements.indices { out.elements[i] = op(elements[i], other.elements[i]) }
        return out
    }

    /// Throws `CoreError.invalidArgument` if any element is NaN or infinite; `what` names the matrix in the message.
    func requireFinite(_ what: String) throws {
        if let k = elements.firstIndex(where: { !$0.isFinite }) {
            throw CoreError(
                .invalidArgument,
                "\(what) (\(rows) × \(columns)) has a non-finite element \(elements[k]) at (\(k / Swift.max(columns, 1)), \(k % Swift.max(columns, 1))); remove or impute NaN/∞ values first.")
        }
    }

    /// Throws `CoreError.shapeMismatch` unless the matrix is square; `what` names the operation.
    func requireSquare(_ what: String) throws {
        guard isSquare else {
            throw CoreError(.shapeMismatch, "\(what) needs a square matrix; got \(rows) × \(columns).")
        }
    }
}

/// Throws `CoreError.invalidArgument` if a vector has a NaN or infinite entry; `what` names it.
func requireFinite(_ vector: [Double], _ what: String) throws {
    if let k = vector.firstIndex(where: { !$0.isFinite }) {
        throw CoreError(
            .invalidArgument,
            "\(what) has a non-finite entry \(vector[k]) at index \(k); remove or impute NaN/∞ values first.")
    }
}

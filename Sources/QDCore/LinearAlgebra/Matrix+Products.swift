extension Matrix {
    /// The product op(A) · op(B) by BLAS `dgemm`, where op transposes when the flag is set.
    ///
    /// Example: `try a.multiplied(by: b, transposingSelf: true)` is Aᵀ·B without forming Aᵀ.
    /// NaN and ∞ propagate as BLAS propagates them (not checked).
    /// - Throws: `CoreError.shapeMismatch` when the inner dimensions differ (the message gives both shapes).
    /// - Complexity: O(m · n · k) flops for an m × k by k × n product.
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false
    ) throws -> Matrix {
        let (m, k) = transposingSelf ? (columns, rows) : (rows, columns)
        let (k2, n) = transposingOther ? (other.columns, other.rows) : (other.rows, other.columns)
        guard k == k2 else {
            throw CoreError(
                .shapeMismatch,
                "Cannot multiply \(shapeText(transposingSelf)) by \(other.shapeText(transposingOther)): inner dimensions \(k) and \(k2) differ.")
        }
        var c = [Double](repeating: 0, count: m * n)
        Backend.gemm(
            transposeA: transposingSelf, transposeB: transposingOther, m: m, n: n, k: k,
            alpha: 1, a: elements, lda: Swift.max(columns, 1), b: other.elements, ldb: Swift.max(other.columns, 1),
            beta: 0, c: &c, ldc: Swift.max(n, 1))
        return try Matrix(rows: m, columns: n, elements: c)
    }

    /// The product op(A) · x by BLAS `dgemv`. NaN propagates.
    /// - Throws: `CoreError.shapeMismatch` when `x.count` differs from the columns of op(A).
    /// - Complexity: O(rows · columns).
    public func multiplied(by vector: [Double], transposingSelf: Bool = false) throws -> [Double] {
        let (m, k) = transposingSelf ? (columns, rows) : (rows, columns)
        guard vector.count == k else {
            throw CoreError(
                .shapeMismatch,
                "Cannot multiply \(shapeText(transposingSelf)) by a vector of length \(vector.count); it needs length \(k).")
        }
        var y = [Double](repeating: 0, count: m)
        Backend.gemv(transposeA: transposingSelf, m: rows, n: columns, alpha: 1, a: elements, x: vector, beta: 0, y: &y)
        return y
    }

    /// "3 × 2" or "(2 × 3)ᵀ" for error messages.
    fileprivate func shapeText(_ transposed: Bool) -> String {
        transposed ? "the transpose of a \(rows) × \(columns) matrix" : "a \(rows) × \(columns) matrix"
    }
}

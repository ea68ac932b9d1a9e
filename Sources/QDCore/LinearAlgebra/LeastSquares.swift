/// The minimum-norm least-squares solution of A · x ≈ b, with the numerical rank found.
public struct LeastSquaresSolution: Sendable, Equatable, Codable {
    /// x (length = columns of A): minimises ‖A·x − b‖₂ and, among minimisers, ‖x‖₂.
    public let solution: [Double]
    /// The effective rank: the number of singular values above `rcond · σ_max`.
    public let rank: Int
    /// Singular values of A, descending (length min(rows, columns)).
    public let singularValues: [Double]
}

extension Matrix {
    /// Minimum-norm least squares by LAPACK `dgelsd` (SVD, divide and conquer); works for any shape and rank.
    ///
    /// - Parameters:
    ///   - b: right-hand side, length = rows.
    ///   - relativeConditionThreshold: singular values ≤ this · σ_max count as zero; `nil` uses
    ///     max(rows, columns) · ε (the NumPy `lstsq` default), which must be ≥ 0 if given.
    /// - Throws: `CoreError.shapeMismatch` when `b.count != rows`; `CoreError.invalidArgument` on NaN/∞ in A or b
    ///   or a negative threshold; `CoreError.noConvergence` if the SVD fails to converge.
    /// - Complexity: O(m · n · min(m, n)).
    public func leastSquares(_ b: [Double], relativeConditionThreshold: Double? = nil) throws -> LeastSquaresSolution {
        guard b.count == rows else {
            throw CoreError(
                .shapeMismatch,
                "Least squares: A is \(rows) × \(columns) but b has length \(b.count); b needs one entry per row of A.")
        }
        try requireFinite("Least-squares matrix A")
        try QDCore.requireFinite(b, "Least-squares right-hand side b")
        let rcond = relativeConditionThreshold ?? Double(Swift.max(rows, columns)) * Double.ulpOfOne
        guard rcond >= 0, rcond.isFinite else {
            throw CoreError(.invalidArgument, "relativeConditionThreshold must be finite and ≥ 0; got \(rcond).")
        }
        let result = Backend.gelsd(m: rows, n: columns, nrhs: 1, a: elements, b: b, rcond: rcond)
        guard result.info == 0 else {
            if result.info > 0 {
                throw CoreError(.noConvergence, "LAPACK dgelsd: the SVD of the \(rows) × \(columns) matrix did not converge (info = \(result.info)); rescale the columns of A.")
            }
            throw CoreError(.libraryFailure, "LAPACK dgelsd failed with info = \(result.info); this indicates an invalid argument and is a QDCore bug.")
        }
        return LeastSquaresSolution(solution: result.x, rank: result.rank, singularValues: result.singularValues)
    }
}

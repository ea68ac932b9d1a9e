/// Eigenvalues and eigenvectors of a real symmetric matrix: A = V · diag(λ) · Vᵀ with V orthogonal.
public struct SymmetricEigendecomposition: Sendable, Equatable, Codable {
    /// λ, ascending.
    public let eigenvalues: [Double]
    /// V (n × n): column j is the unit eigenvector for `eigenvalues[j]` (its sign is arbitrary, as in LAPACK).
    public let eigenvectors: Matrix
}

extension Matrix {
    /// The eigendecomposition of a symmetric matrix by LAPACK `dsyevd` (divide and conquer).
    ///
    /// Reads the lower triangle; the matrix must be symmetric to within 1e-10 · max|A| (as for `cholesky`).
    /// - Throws: `CoreError.shapeMismatch` if not square; `CoreError.invalidArgument` on NaN/∞ or asymmetry;
    ///   `CoreError.noConvergence` if LAPACK fails to converge (rare; reports `info`).
    /// - Complexity: O(n³). A 0 × 0 matrix gives empty results.
    public func symmetricEigendecomposition() throws -> SymmetricEigendecomposition {
        try requireSquare("Symmetric eigendecomposition")
        try requireFinite("Matrix to decompose")
        try requireSymmetric("Matrix to decompose")
        var work = elements
        var values: [Double] = []
        let info = Backend.syevd(n: rows, a: &work, eigenvalues: &values)
        guard info == 0 else {
            if info > 0 {
                throw CoreError(.noConvergence, "LAPACK dsyevd did not converge for a \(rows) × \(rows) matrix (info = \(info)); rescale the matrix or check it for extreme values.")
            }
            throw CoreError(.libraryFailure, "LAPACK dsyevd failed with info = \(info); this indicates an invalid argument and is a QDCore bug.")
        }
        return SymmetricEigendecomposition(
            eigenvalues: values, eigenvectors: try Matrix(rows: rows, columns: rows, elements: work))
    }

    /// Throws `CoreError.invalidArgument` unless |Aᵢⱼ − Aⱼᵢ| ≤ 1e-10 · max|A| for all i, j.
    func requireSymmetric(_ what: String) throws {
        let tolerance = 1e-10 * maxAbsoluteElement
        for i in 0..<rows {
            for j in 0..<i where abs(self[i, j] - self[j, i]) > tolerance {
                throw CoreError(
                    .invalidArgument,
                    "\(what) is not symmetric: A[\(i), \(j)] = \(self[i, j]) but A[\(j), \(i)] = \(self[j, i]) (allowed difference \(tolerance)). Symmetrise it, e.g. (A + Aᵀ)/2.")
            }
        }
    }
}

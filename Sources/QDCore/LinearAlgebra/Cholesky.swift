import Foundation

/// How much diagonal jitter `Matrix.cholesky(jitter:)` may add when a matrix is numerically not positive definite.
///
/// The attempts are 0, then `initialRelative · d̄`, then ×`growthFactor` each time while the jitter stays
/// ≤ `maximumRelative · d̄`, where d̄ is the mean of the diagonal. Whatever was added is reported in
/// `CholeskyFactor.jitterAdded`: the factor is then of A + jitter · I, not of A.
public struct CholeskyJitter: Sendable, Equatable, Hashable, Codable {
    /// First non-zero jitter, as a multiple of the mean diagonal (≥ 0).
    public var initialRelative: Double
    /// Factor between successive attempts (> 1).
    public var growthFactor: Double
    /// Largest jitter allowed, as a multiple of the mean diagonal (0 disables jitter).
    public var maximumRelative: Double

    /// Creates a policy. Invalid values (negative, NaN, growth ≤ 1) are rejected when the policy is used.
    public init(initialRelative: Double, growthFactor: Double, maximumRelative: Double) {
        self.initialRelative = initialRelative
        self.growthFactor = growthFactor
        self.maximumRelative = maximumRelative
    }

    /// No jitter: factor A exactly or fail.
    public static let none = CholeskyJitter(initialRelative: 0, growthFactor: 10, maximumRelative: 0)

    /// 1e-10 · d̄, ×10, up to 1e-6 · d̄ (five attempts after the exact one). Suited to kernel matrices whose
    /// smallest eigenvalues are lost to rounding; a larger need usually means duplicate inputs or a missing
    /// noise term, which is better fixed in the model than hidden by jitter.
    public static let standard = CholeskyJitter(initialRelative: 1e-10, growthFactor: 10, maximumRelative: 1e-6)

    /// The absolute jitters to try for a matrix with mean diagonal `meanDiagonal` (always starts with 0).
    func schedule(meanDiagonal: Double) -> [Double] {
        var out = [0.0]
        guard maximumRelative > 0, initialRelative > 0 else { return out }
        var relative = initialRelative
        // The 1e-9 slack keeps 1e-10·10⁴ = 1.0000000000000002e-6 within a cap of 1e-6.
        while relative <= maximumRelative * (1 + 1e-9) {
            out.append(relative * meanDiagonal)
            relative *= growthFactor
        }
        return out
    }
}

/// The Cholesky factor L of a symmetric positive-definite matrix, A + jitter · I = L · Lᵀ.
///
/// Produced by `Matrix.cholesky(jitter:)`. Solves go through LAPACK `dpotrs` and BLAS `dtrsm`.
public struct CholeskyFactor: Sendable, Equatable, Codable {
    /// L: lower triangular, positive diagonal, zeros above the diagonal (n × n).
    public let lower: Matrix
    /// The diagonal jitter that was actually added before factorising (0 when A itself factored).
    /// Everything this factor computes refers to A + `jitterAdded` · I.
    public let jitterAdded: Double

    /// n, the size of the factored matrix.
    public var dimension: Int { lower.rows }

    init(lower: Matrix, jitterAdded: Double) {
        self.lower = lower
        self.jitterAdded = jitterAdded
    }

    /// Solves (A + jitter·I) · x = b by LAPACK `dpotrs`.
    /// - Throws: `CoreError.shapeMismatch` if `b.count != n`; `CoreError.invalidArgument` on NaN/∞ in `b`.
    /// - Complexity: O(n²).
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// Solves (A + jitter·I) · X = B for an n × k right-hand side by LAPACK `dpotrs`.
    /// - Throws: `CoreError.shapeMismatch` if `B.rows != n`; `CoreError.invalidArgument` on NaN/∞ in `B`.
    /// - Complexity: O(n² · k).
    public func solve(_ b: Matrix) throws -> Matrix {
        try checkRightHandSide(rows: b.rows, "solve")
        try b.requireFinite("Right-hand side of the Cholesky solve")
        var x = b.elements
        let info = Backend.potrs(n: dimension, factor: lower.elements, b: &x, nrhs: b.columns)
        guard info == 0 else {
            throw CoreError(.libraryFailure, "LAPACK dpotrs failed with info = \(info) for n = \(dimension); this indicates an invalid argument and is a QDCore bug.")
        }
        return try Matrix(rows: b.rows, columns: b.columns, elements: x)
    }

    /// Solves L · x = b (forward substitution, BLAS `dtrsm`). `solveLower(b)` has squared norm bᵀ(A + jitter·I)⁻¹b,
    /// the Mahalanobis term of a Gaussian log-likelihood.
    /// - Throws: `CoreError.shapeMismatch` if `b.count != n`; `CoreError.invalidArgument` on NaN/∞.
    /// - Complexity: O(n²).
    public func solveLower(_ b: [Double]) throws -> [Double] {
        try triangularSolve(b, transpose: false)
    }

    /// Solves Lᵀ · x = b (back substitution, BLAS `dtrsm`).
    /// - Throws: `CoreError.shapeMismatch` if `b.count != n`; `CoreError.invalidArgument` on NaN/∞.
    /// - Complexity: O(n²).
    public func solveLowerTransposed(_ b: [Double]) throws -> [Double] {
        try triangularSolve(b, transpose: true)
    }

    /// log det(A + jitter·I) = 2 Σ log Lᵢᵢ. O(n). 0 for n = 0.
    public var logDeterminant: Double {
        lower.diagonalElements.reduce(0) { $0 + 2 * log($1) }
    }

    /// The lower triangle of (A + jitter·I)⁻¹ as a row-major n × n buffer (entries with j ≤ i are valid; the strict
    /// upper triangle holds the factor's leftovers), by LAPACK `dpotri` on a copy.
    /// - Throws: `CoreError.singular` if the factor has a zero on its diagonal.
    /// - Complexity: O(n³) time (≈ 2n³/3 flops, a third of solving against the identity), O(n²) memory.
    public func inverseLowerTriangle() throws -> [Double] {
        var work = lower.elements
        let n = dimension
        let info = Backend.potri(n: n, a: &work)
        guard info == 0 else {
            throw CoreError(.singular, "LAPACK dpotri failed with info = \(info) for n = \(n): the factor has a zero on its diagonal, so the matrix is singular.")
        }
        return work
    }

    /// The diagonal of (A + jitter·I)⁻¹ (e.g. leave-one-out residuals of a GP), from `inverseLowerTriangle()`.
    /// - Complexity: O(n³) time, O(n²) memory.
    public func inverseDiagonal() throws -> [Double] {
        let n = dimension
        let inverse = try inverseLowerTriangle()
        return (0..<n).map { inverse[$0 * n + $0] }
    }

    /// The factored matrix reconstructed, L · Lᵀ (= A + jitter·I up to rounding). O(n³).
    public func reconstructed() throws -> Matrix {
        try lower.multiplied(by: lower, transposingOther: true)
    }

    private func triangularSolve(_ b: [Double], transpose: Bool) throws -> [Double] {
        try checkRightHandSide(rows: b.count, transpose ? "solveLowerTransposed" : "solveLower")
        try requireFinite(b, "Right-hand side of the triangular solve")
        var x = b
        Backend.lowerTriangularSolve(transposeL: transpose, n: dimension, l: lower.elements, b: &x, nrhs: 1)
        return x
    }

    private func checkRightHandSide(rows: Int, _ what: String) throws {
        guard rows == dimension else {
            throw CoreError(
                .shapeMismatch,
                "Cholesky \(what): the right-hand side has \(rows) rows but the factor is \(dimension) × \(dimension); they must match.")
        }
    }
}

extension Matrix {
    /// The Cholesky factorisation A + jitter·I = L·Lᵀ by LAPACK `dpotrf`, escalating jitter as `jitter` allows.
    ///
    /// Only the lower triangle is read for the factorisation, but the matrix must be symmetric: entries
    /// |Aᵢⱼ − Aⱼᵢ| > 1e-10 · max|A| are rejected (rounding-level asymmetry from kernel sums passes).
    /// The jitter that was added is in `CholeskyFactor.jitterAdded`; it is never hidden.
    /// - Throws: `CoreError.shapeMismatch` if not square; `CoreError.invalidArgument` on NaN/∞, asymmetry or an
    ///   invalid jitter policy; `CoreError.notPositiveDefinite` (naming the size, the largest jitter tried and
    ///   the way out) when every attempt fails.
    /// - Complexity: O(n³/3) flops per attempt. An empty (0 × 0) matrix gives an empty factor.
    public func cholesky(jitter: CholeskyJitter = .standard) throws -> CholeskyFactor {
        try requireSquare("Cholesky factorisation")
        try requireFinite("Matrix to factor")
        guard jitter.initialRelative >= 0, jitter.maximumRelative >= 0, jitter.growthFactor > 1 else {
            throw CoreError(
                .invalidArgument,
                "Invalid CholeskyJitter(initialRelative: \(jitter.initialRelative), growthFactor: \(jitter.growthFactor), maximumRelative: \(jitter.maximumRelative)): relatives must be ≥ 0 and growthFactor > 1.")
        }
        let n = rows
        if n == 0 { return CholeskyFactor(lower: self, jitterAdded: 0) }
        try requireSymmetric("Matrix to factor")
        let meanDiagonal = diagonalElements.reduce(0, +) / Double(n)
        let attempts = meanDiagonal > 0 ? jitter.schedule(meanDiagonal: meanDiagonal) : [0]
        var lastInfo = 0
        for added in attempts {
            var work = addingToDiagonal(added).elements
            let info = Backend.potrf(n: n, a: &work)
            if info == 0 {
                for i in 0..<n { for j in (i + 1)..<n { work[i * n + j] = 0 } }  // clear the untouched upper part
                return CholeskyFactor(lower: try Matrix(rows: n, columns: n, elements: work), jitterAdded: added)
            }
            guard info > 0 else {
                throw CoreError(.libraryFailure, "LAPACK dpotrf failed with info = \(info) for n = \(n); this indicates an invalid argument and is a QDCore bug.")
            }
            lastInfo = info
        }
        let largest = attempts.last ?? 0
        throw CoreError(
            .notPositiveDefinite,
            "Cholesky factorisation failed: matrix (\(n) × \(n)) is not positive definite even with jitter \(largest) added to the diagonal (leading minor of order \(lastInfo) is not positive; mean diagonal \(meanDiagonal)). Rule: the matrix must be symmetric positive definite. Check for duplicate or collinear rows, add a white-noise term, or allow more jitter via CholeskyJitter.maximumRelative.")
    }
}

// The only file in QDLab that calls BLAS or LAPACK.
//
// Every routine here takes and returns ROW-MAJOR buffers (the layout of `Matrix.elements`) and hides how the platform
// library wants them:
// - Linux: OpenBLAS's CBLAS plus the LAPACKE interface in `LAPACK_COL_MAJOR` mode; LAPACKE avoids the hidden
//   trailing string-length arguments of Fortran-style `dpotrf_` on this platform.
// - Apple platforms: Accelerate's CBLAS (row-major supported) and its column-major Fortran-style LAPACK
//   (`dpotrf_` …), with the workspace queries that LAPACKE does for us on Linux. Written for the
//   `ACCELERATE_NEW_LAPACK` interface (the target needs `-Xcc -DACCELERATE_NEW_LAPACK`, e.g. through
//   `swiftSettings`/`cSettings` in Package.swift) and spelled so that it also type-checks against the legacy CLAPACK
//   interface (every integer, character and scalar argument is passed as `&var` of `Int32`/`CChar`/`Double`).
//   IT HAS NOT BEEN COMPILED: the build machine is Linux only. Check it on a Mac before relying on it.
//
// Integers: OpenBLAS's `blasint` and LAPACKE's `lapack_int` are 32-bit on Debian (not the ILP64 build), as are
// Accelerate's `__LAPACK_int` without `ACCELERATE_LAPACK_ILP64`; sizes are therefore checked against `Int32.max`.

#if canImport(Accelerate)
import Accelerate
#else
import CLapack
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
#endif

/// Thin, internal wrappers over BLAS/LAPACK. Callers validate shapes and NaN first; these only translate.
enum Backend {
    /// Converts a size to the 32-bit integer BLAS/LAPACK use.
    /// - Precondition: `value` fits in `Int32` (a matrix side above 2³¹ − 1 cannot be stored in memory anyway).
    @inline(__always)
    static func int32(_ value: Int) -> Int32 {
        precondition(value >= 0 && value <= Int(Int32.max), "BLAS/LAPACK size \(value) exceeds 32-bit range")
        return Int32(value)
    }

    /// One-time choice of the BLAS library's thread count, evaluated before the first BLAS/LAPACK call.
    ///
    /// Why: a multithreaded OpenBLAS splits sums differently from a single-threaded one, so the same seeded campaign
    /// reached its target at experiment #20 with one thread and missed it with two (a GP fit, an acquisition argmax
    /// and then every later suggestion differ in the last bits). QDLab's results must not depend on the
    /// machine's core count or on an environment variable the user never set, so the count is fixed here:
    /// `QDLAB_BLAS_THREADS` if set to a positive integer, else 1. The matrices QDLab factorises (n ≲ 10⁴) gain
    /// little from BLAS threads, and the test runner and batch trials already run in parallel.
    ///
    /// The setter is looked up at run time (`dlsym`), not linked, because Debian's BLAS alternatives may point at a
    /// library without it (reference BLAS, BLIS); then nothing is changed and the library's own default applies.
    /// Accelerate (macOS) has no setter; `VECLIB_MAXIMUM_THREADS=1` does the same there.
    static let threadSetup: Void = {
        #if !canImport(Accelerate)
        setBLASThreads(requestedBLASThreads)
        #endif
    }()

    /// `QDLAB_BLAS_THREADS` as a positive integer, else 1 (an unparsable value also gives 1).
    static var requestedBLASThreads: Int {
        guard let text = getenv("QDLAB_BLAS_THREADS").map({ String(cString: $0) }), let n = Int(text), n > 0 else { return 1 }
        return n
    }

    #if !canImport(Accelerate)
    /// Calls `openblas_set_num_threads` (or MKL's / GotoBLAS's equivalent) when the loaded BLAS exports one.
    /// - Returns: whether a setter was found.
    @discardableResult
    static func setBLASThreads(_ count: Int) -> Bool {
        typealias Setter = @convention(c) (Int32) -> Void
        guard let handle = dlopen(nil, RTLD_NOW) else { return false }
        defer { dlclose(handle) }
        for name in ["openblas_set_num_threads", "goto_set_num_threads", "MKL_Set_Num_Threads"] {
            if let symbol = dlsym(handle, name) {
                unsafeBitCast(symbol, to: Setter.self)(Int32(clamping: count))
                return true
            }
        }
        return false
    }

    /// The thread count the loaded OpenBLAS reports (`openblas_get_num_threads`), or nil for another BLAS.
    static func currentBLASThreads() -> Int? {
        typealias Getter = @convention(c) () -> Int32
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(handle) }
        guard let symbol = dlsym(handle, "openblas_get_num_threads") else { return nil }
        return Int(unsafeBitCast(symbol, to: Getter.self)())
    }
    #endif

    // MARK: BLAS (identical CBLAS interface on both platforms)

    /// C ← α · op(A) · op(B) + β · C, all row-major; `op` transposes when the flag is set.
    /// Shapes: op(A) is m × k, op(B) is k × n, C is m × n.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: [Double], lda: Int, b: [Double], ldb: Int,
        beta: Double, c: inout [Double], ldc: Int
    ) {
        _ = threadSetup
        guard m > 0, n > 0 else { return }
        if k == 0 {  // BLAS with k = 0 only scales C; do it here so empty inner dimensions need no pointer games.
            for i in c.indices { c[i] *= beta }
            return
        }
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            int32(m), int32(n), int32(k), alpha, a, int32(lda), b, int32(ldb), beta, &c, int32(ldc))
    }

    /// y ← α · op(A) · x + β · y with A row-major m × n (as stored, before `op`).
    static func gemv(
        transposeA: Bool, m: Int, n: Int, alpha: Double, a: [Double], x: [Double], beta: Double, y: inout [Double]
    ) {
        _ = threadSetup
        guard !y.isEmpty else { return }
        if m == 0 || n == 0 {
            for i in y.indices { y[i] *= beta }
            return
        }
        cblas_dgemv(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, int32(m), int32(n), alpha, a, int32(n),
            x, 1, beta, &y, 1)
    }

    /// Solves op(L) · X = B in place for lower-triangular row-major L (n × n); B is n × nrhs row-major.
    static func lowerTriangularSolve(transposeL: Bool, n: Int, l: [Double], b: inout [Double], nrhs: Int) {
        _ = threadSetup
        guard n > 0, nrhs > 0 else { return }
        cblas_dtrsm(
            CblasRowMajor, CblasLeft, CblasLower, transposeL ? CblasTrans : CblasNoTrans, CblasNonUnit,
            int32(n), int32(nrhs), 1.0, l, int32(n), &b, int32(nrhs))
    }

    // MARK: LAPACK
    //
    // Both platforms call column-major LAPACK on the same buffers, so the layout logic below is shared and is
    // exercised by the Linux tests; only the raw call differs. A symmetric row-major matrix is its own column-major
    // form, and the row-major lower triangle is the column-major UPPER triangle, so the factor routines use
    // uplo = "U" and need no copies. (LAPACKE's row-major mode would transpose A into a scratch copy on every call:
    // that made a Cholesky solve with n = 1000 take 7 ms instead of about 1 ms.)

    /// Cholesky factorisation of a symmetric row-major n × n matrix in place: on success the lower triangle holds L
    /// with A = L·Lᵀ (the strict upper triangle is left as it was). Returns LAPACK's `info`
    /// (0 = success, k > 0 = the leading minor of order k is not positive).
    static func potrf(n: Int, a: inout [Double]) -> Int {
        _ = threadSetup
        guard n > 0 else { return 0 }
        var uplo = upper, nn = int32(n), lda = int32(n), info: Int32 = 0
        #if canImport(Accelerate)
        dpotrf_(&uplo, &nn, &a, &lda, &info)
        #else
        info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, uplo, nn, &a, lda)
        #endif
        return Int(info)
    }

    /// Solves A·X = B given the row-major Cholesky factor (lower triangle) of A; B is n × nrhs row-major, in place.
    static func potrs(n: Int, factor: [Double], b: inout [Double], nrhs: Int) -> Int {
        _ = threadSetup
        guard n > 0, nrhs > 0 else { return 0 }
        var uplo = upper, nn = int32(n), nr = int32(nrhs), lda = int32(n), ldb = int32(n), info: Int32 = 0
        var columnMajor = nrhs == 1 ? b : transposedCopy(b, rows: n, columns: nrhs)
        #if canImport(Accelerate)
        var f = factor
        dpotrs_(&uplo, &nn, &nr, &f, &lda, &columnMajor, &ldb, &info)
        #else
        info = LAPACKE_dpotrs(LAPACK_COL_MAJOR, uplo, nn, nr, factor, lda, &columnMajor, ldb)
        #endif
        b = nrhs == 1 ? columnMajor : transposedCopy(columnMajor, rows: nrhs, columns: n)
        return Int(info)
    }

    /// Overwrites the lower triangle of a row-major Cholesky factor with the lower triangle of A⁻¹.
    static func potri(n: Int, a: inout [Double]) -> Int {
        _ = threadSetup
        guard n > 0 else { return 0 }
        var uplo = upper, nn = int32(n), lda = int32(n), info: Int32 = 0
        #if canImport(Accelerate)
        dpotri_(&uplo, &nn, &a, &lda, &info)
        #else
        info = LAPACKE_dpotri(LAPACK_COL_MAJOR, uplo, nn, &a, lda)
        #endif
        return Int(info)
    }

    /// Symmetric eigendecomposition (divide and conquer) of a row-major n × n matrix, reading its lower triangle.
    /// On success `eigenvalues` are ascending and `a` holds the eigenvectors as COLUMNS (row-major).
    static func syevd(n: Int, a: inout [Double], eigenvalues: inout [Double]) -> Int {
        _ = threadSetup
        guard n > 0 else { return 0 }
        eigenvalues = [Double](repeating: 0, count: n)
        var jobz = CChar(UInt8(ascii: "V")), uplo = upper, nn = int32(n), lda = int32(n), info: Int32 = 0
        #if canImport(Accelerate)
        var lwork: Int32 = -1, liwork: Int32 = -1, workQuery = 0.0, iworkQuery: Int32 = 0
        dsyevd_(&jobz, &uplo, &nn, &a, &lda, &eigenvalues, &workQuery, &lwork, &iworkQuery, &liwork, &info)
        if info == 0 {
            lwork = Int32(workQuery.rounded(.up))
            liwork = iworkQuery
            var work = [Double](repeating: 0, count: Int(lwork))
            var iwork = [Int32](repeating: 0, count: Int(liwork))
            dsyevd_(&jobz, &uplo, &nn, &a, &lda, &eigenvalues, &work, &lwork, &iwork, &liwork, &info)
        }
        #else
        info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, uplo, nn, &a, lda, &eigenvalues)
        #endif
        // Column-major eigenvectors (column j = vector j) read as row-major are the vectors as rows: transpose.
        if info == 0 { a = transposedCopy(a, rows: n, columns: n) }
        return Int(info)
    }

    /// Minimum-norm least squares by SVD (divide and conquer): minimises ‖A·X − B‖₂ for row-major A (m × n) and
    /// B (m × nrhs). Singular values ≤ `rcond` · σ_max count as zero (`rcond < 0` means machine precision).
    /// Returns (info, X as n × nrhs row-major, effective rank, singular values descending).
    static func gelsd(
        m: Int, n: Int, nrhs: Int, a: [Double], b: [Double], rcond: Double
    ) -> (info: Int, x: [Double], rank: Int, singularValues: [Double]) {
        _ = threadSetup
        let ldbRows = max(m, n)
        var singular = [Double](repeating: 0, count: min(m, n))
        guard m > 0, n > 0, nrhs > 0 else {
            return (0, [Double](repeating: 0, count: n * nrhs), 0, singular)
        }
        var colA = transposedCopy(a, rows: m, columns: n)
        // Column-major B padded to max(m, n) rows; the solution comes back in its first n rows.
        var colB = [Double](repeating: 0, count: ldbRows * nrhs)
        for i in 0..<m { for j in 0..<nrhs { colB[j * ldbRows + i] = b[i * nrhs + j] } }
        var mm = int32(m), nn = int32(n), nr = int32(nrhs), lda = int32(m), ldb = int32(ldbRows)
        var rc = rcond, rank: Int32 = 0, info: Int32 = 0
        #if canImport(Accelerate)
        var lwork: Int32 = -1, workQuery = 0.0, iworkQuery: Int32 = 0
        dgelsd_(&mm, &nn, &nr, &colA, &lda, &colB, &ldb, &singular, &rc, &rank, &workQuery, &lwork, &iworkQuery, &info)
        if info == 0 {
            lwork = Int32(workQuery.rounded(.up))
            var work = [Double](repeating: 0, count: Int(lwork))
            var iwork = [Int32](repeating: 0, count: max(1, Int(iworkQuery)))
            dgelsd_(&mm, &nn, &nr, &colA, &lda, &colB, &ldb, &singular, &rc, &rank, &work, &lwork, &iwork, &info)
        }
        #else
        info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, mm, nn, nr, &colA, lda, &colB, ldb, &singular, rc, &rank)
        #endif
        guard info == 0 else { return (Int(info), [], 0, singular) }
        var x = [Double](repeating: 0, count: n * nrhs)
        for i in 0..<n { for j in 0..<nrhs { x[i * nrhs + j] = colB[j * ldbRows + i] } }
        return (Int(info), x, Int(rank), singular)
    }

    /// "U" as LAPACK's uplo argument (see the layout note above).
    private static let upper = CChar(UInt8(ascii: "U"))

    /// Row-major rows × columns → row-major columns × rows (equivalently: row-major ↔ column-major).
    private static func transposedCopy(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        for i in 0..<rows { for j in 0..<columns { out[j * rows + i] = values[i * columns + j] } }
        return out
    }
}

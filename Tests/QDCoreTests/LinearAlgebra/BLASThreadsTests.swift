import Foundation
import Testing
@testable import QDCore

/// The BLAS thread count is fixed by QDLab, not by whatever `OPENBLAS_NUM_THREADS` the shell had: with two OpenBLAS
/// threads the seeded demo campaign took a different path from experiment #8 on (sums split differently).
@Suite("BLAS thread count")
struct BLASThreadsTests {
    @Test("after the first BLAS call OpenBLAS runs the requested number of threads (QDLAB_BLAS_THREADS, else 1)")
    func threadCountIsFixed() throws {
        let a = try Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4])
        _ = try a.multiplied(by: [1, 1])
        #if canImport(Accelerate)
        // Accelerate has no thread setter; nothing to check.
        #else
        let current = try #require(Backend.currentBLASThreads(), "the Linux build links OpenBLAS (Makefile: libopenblas-dev)")
        #expect(current == Backend.requestedBLASThreads)
        #endif
    }

    @Test("the request defaults to one thread")
    func defaultIsOne() {
        if getenv("QDLAB_BLAS_THREADS") == nil {
            #expect(Backend.requestedBLASThreads == 1)
        } else {
            #expect(Backend.requestedBLASThreads >= 1)
        }
    }
}

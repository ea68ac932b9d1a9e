import Testing
@testable import QDCore

@Suite("Latin hypercube designs")
struct LatinHypercubeTests {
    @Test("exactly one point per stratum per dimension, all in [0, 1)",
          arguments: [(1, 1), (10, 3), (37, 5), (100, 21)])
    func oneStratumEach(n: Int, d: Int) throws {
        let m = try LatinHypercube.sample(count: n, dimensions: d, seed: UInt64(n * 31 + d))
        #expect(m.rows == n && m.columns == d)
        for j in 0..<d {
            let strata = m.column(j).map { Int(($0 * Double(n)).rounded(.down)) }
            #expect(strata.sorted() == Array(0..<n), "dimension \(j)")
            #expect(m.column(j).allSatisfy { $0 >= 0 && $0 < 1 })
        }
    }

    @Test("same seed → same design; different seeds differ")
    func seeded() throws {
        let a = try LatinHypercube.sample(count: 20, dimensions: 4, seed: 1)
        #expect(a == (try LatinHypercube.sample(count: 20, dimensions: 4, seed: 1)))
        #expect(a != (try LatinHypercube.sample(count: 20, dimensions: 4, seed: 2)))
    }

    @Test("maximin over 20 candidates is never worse than the first candidate and keeps the LHS property")
    func maximin() throws {
        for seed in UInt64(0)..<10 {
            let plain = try LatinHypercube.sample(count: 15, dimensions: 3, seed: seed)
            let improved = try LatinHypercube.sample(count: 15, dimensions: 3, maximinCandidates: 20, seed: seed)
            // The first candidate of the improved run is the plain design (same seed, same draw order).
            #expect(LatinHypercube.minimumSquaredDistance(improved) >= LatinHypercube.minimumSquaredDistance(plain))
            for j in 0..<3 {
                #expect(improved.column(j).map { Int(($0 * 15).rounded(.down)) }.sorted() == Array(0..<15))
            }
        }
    }

    @Test("scaled(to:) maps columns to their ranges; mismatched or infinite bounds are rejected")
    func scaling() throws {
        let unit = fixture([[0, 0.5], [0.25, 0.75]])
        let s = try unit.scaled(to: [10...20, -1...1])
        #expect(s.elements == [10, 0, 12.5, 0.5])
        expectCoreError(.shapeMismatch, containing: ["2 columns", "1 ranges"]) { _ = try unit.scaled(to: [0...1]) }
        expectCoreError(.invalidArgument, containing: ["non-finite"]) { _ = try unit.scaled(to: [0...1, 0...Double.infinity]) }
    }

    @Test("invalid sizes are rejected by name")
    func invalid() {
        expectCoreError(.invalidArgument, containing: ["'count'", "Got 0"]) { _ = try LatinHypercube.sample(count: 0, dimensions: 2, seed: 0) }
        expectCoreError(.invalidArgument, containing: ["'dimensions'"]) { _ = try LatinHypercube.sample(count: 3, dimensions: 0, seed: 0) }
        expectCoreError(.invalidArgument, containing: ["'maximinCandidates'"]) {
            _ = try LatinHypercube.sample(count: 3, dimensions: 2, maximinCandidates: 0, seed: 0)
        }
    }
}

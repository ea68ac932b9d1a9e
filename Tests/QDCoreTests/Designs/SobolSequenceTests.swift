import Testing
@testable import QDCore

@Suite("Sobol sequence")
struct SobolSequenceTests {
    @Test("the first points are the published van der Corput / Sobol values")
    func firstPoints() throws {
        // Dimension 1 is van der Corput in Gray-code order, dimension 2 uses m = 1 (Joe & Kuo d = 2);
        // these eight points appear in Joe & Kuo's notes and in Bratley & Fox (1988).
        let m = try SobolSequence.points(count: 8, dimensions: 2)
        #expect(m.column(0) == [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125])
        #expect(m.column(1) == [0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625])
    }

    @Test("the first 64 points in all 64 dimensions equal SciPy's unscrambled Sobol (exactly)")
    func matchesScipy() throws {
        let m = try SobolSequence.points(count: 64, dimensions: 64)
        for i in 0..<64 {
            #expect(m.row(i) == ScipyReference.sobol64x64Times64[i].map { Double($0) / 64 }, "point \(i)")
        }
    }

    @Test("skip jumps straight to a far point: index 1 000 003 in 21 dimensions equals SciPy's (exactly)")
    func skip() throws {
        var s = try SobolSequence(dimensions: 21, skip: 1_000_003)
        #expect(s.next() == ScipyReference.sobol21Point1000003)
        // And skipping equals stepping.
        var a = try SobolSequence(dimensions: 5)
        for _ in 0..<777 { _ = a.next() }
        var b = try SobolSequence(dimensions: 5, skip: 777)
        #expect(a.next() == b.next())
    }

    @Test("the first 2ᵏ points put exactly one point in each 1/2ᵏ interval of every coordinate")
    func netProperty() throws {
        let m = try SobolSequence.points(count: 256, dimensions: 21)
        for j in 0..<21 {
            #expect(m.column(j).map { Int($0 * 256) }.sorted() == Array(0..<256), "dimension \(j)")
        }
    }

    @Test("a random digital shift is seeded, keeps the stratification and leaves the origin")
    func shift() throws {
        let a = try SobolSequence.points(count: 32, dimensions: 3, randomShiftSeed: 9)
        #expect(a == (try SobolSequence.points(count: 32, dimensions: 3, randomShiftSeed: 9)))
        #expect(a.row(0) != [0, 0, 0])
        for j in 0..<3 { #expect(a.column(j).map { Int($0 * 32) }.sorted() == Array(0..<32)) }
    }

    @Test("dimensions outside 1…64 are rejected with the way out")
    func invalid() {
        expectCoreError(.invalidArgument, containing: ["1…64", "Got 65", "LatinHypercube"]) { _ = try SobolSequence(dimensions: 65) }
        expectCoreError(.invalidArgument, containing: ["Got 0"]) { _ = try SobolSequence(dimensions: 0) }
    }
}

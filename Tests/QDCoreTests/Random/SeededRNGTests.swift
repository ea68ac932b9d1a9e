import Testing
@testable import QDCore

@Suite("SeededRNG (xoshiro256** + SplitMix64)")
struct SeededRNGTests {
    /// The seed-0 values (0x99EC5F36CB75F2B4, 0xBF6E1F784956452A, …) are also the known-answer values used by several
    /// independent public implementations of SplitMix64-seeded xoshiro256**.
    @Test("first outputs match an independent transcription of the published algorithms", arguments: [UInt64(0), 42])
    func referenceStream(seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let expected = seed == 0 ? ScipyReference.xoshiroSeed0 : ScipyReference.xoshiroSeed42
        #expect((0..<expected.count).map { _ in rng.next() } == expected)
    }

    @Test("jump() matches the reference jump (2¹²⁸ steps)")
    func jumpReference() {
        var rng = SeededRNG(seed: 42)
        rng.jump()
        #expect((0..<3).map { _ in rng.next() } == ScipyReference.xoshiroSeed42AfterJump)
    }

    @Test("same seed → same stream; different seeds → different streams", arguments: [UInt64(1), 7, .max])
    func reproducible(seed: UInt64) {
        var a = SeededRNG(seed: seed), b = SeededRNG(seed: seed), c = SeededRNG(seed: seed &+ 1)
        let sa = (0..<100).map { _ in a.next() }
        #expect(sa == (0..<100).map { _ in b.next() })
        #expect(sa != (0..<100).map { _ in c.next() })
    }

    @Test("split() gives a child that continues the stream while the parent jumps ahead")
    func split() {
        var parent = SeededRNG(seed: 5)
        var reference = SeededRNG(seed: 5)
        var child = parent.split()
        let childValues = (0..<50).map { _ in child.next() }
        #expect(childValues == (0..<50).map { _ in reference.next() })
        var jumped = SeededRNG(seed: 5)
        jumped.jump()
        #expect(parent == jumped)
        let parentValues = Set((0..<50).map { _ in parent.next() })
        #expect(parentValues.isDisjoint(with: childValues))
    }

    @Test("uniform() over 1e5 draws has mean ½ and variance 1/12 within 5 standard errors")
    func uniformMoments() {
        var rng = SeededRNG(seed: 2024)
        let n = 100_000
        let u = (0..<n).map { _ in rng.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = u.reduce(0, +) / Double(n)
        let variance = u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard error of the mean: √(1/12 / n) ≈ 9.1e-4. Of the sample variance: √((μ₄ − σ⁴)/n) with
        // μ₄ = 1/80, σ⁴ = 1/144, i.e. √(1/180 / n) ≈ 2.4e-4. Five standard errors: a false alarm has p < 1e-6.
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
        #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
    }

    @Test("normal() over 1e5 draws has mean 0 and variance 1 within 5 standard errors")
    func normalMoments() {
        var rng = SeededRNG(seed: 99)
        let n = 100_000
        let z = (0..<n).map { _ in rng.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // SE(mean) = 1/√n; SE(variance) = √(2/n) for a normal sample.
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
    }

    @Test("integer(below:) stays in range and hits every value; permutation is a permutation")
    func integers() {
        var rng = SeededRNG(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[rng.integer(below: 7)] += 1 }
        // Each count is Binomial(7000, 1/7): mean 1000, sd ≈ 29.3; 5 sd bound.
        #expect(counts.allSatisfy { abs($0 - 1000) < 147 })
        #expect(rng.permutation(50).sorted() == Array(0..<50))
    }
}

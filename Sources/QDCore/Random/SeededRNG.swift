import Foundation

/// A seeded, reproducible pseudo-random generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
/// pseudorandom number generators", 2018/2021, ACM TOMS 47(4)), seeded by SplitMix64 (Steele, Lea & Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014) as its authors recommend.
///
/// A `Sendable` value type: copying it copies the stream, so two copies produce the same numbers. Everything
/// random in QDLab takes one of these (or a seed) explicitly; nothing uses the system generator.
///
/// The derived draws (`uniform`, `normal`, `integer(below:)`) are implemented here, not taken from the standard
/// library, so that a given seed yields the same numbers across Swift versions and platforms.
/// Period 2²⁵⁶ − 1; `jump()` advances 2¹²⁸ steps, which makes `split()` streams non-overlapping.
public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable, Hashable, Codable {
    /// The 256-bit state (never all zero).
    private var s0, s1, s2, s3: UInt64

    /// The seed this generator was created from (for reports and reproducibility records). Streams made by
    /// `split()` keep their origin's seed; the stream itself is identified by the seed and the split order.
    public let seed: UInt64

    /// A generator whose state is four consecutive SplitMix64 outputs starting from `seed`.
    /// Every `UInt64` (including 0) is a valid seed.
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        s0 = Self.splitMix64(&sm)
        s1 = Self.splitMix64(&sm)
        s2 = Self.splitMix64(&sm)
        s3 = Self.splitMix64(&sm)
        // SplitMix64 is a bijection of its counter, so four outputs are never all zero; keep the guard anyway.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// SplitMix64 (Steele et al. 2014): add the golden-ratio increment, then the `mix64` finaliser with David
    /// Stafford's "Mix13" constants, as in the authors' published splitmix64 seeding routine for xoshiro.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits (xoshiro256**: output rotl(s1 · 5, 7) · 9, then the linear state update).
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³ (every value a multiple of 2⁻⁵³).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [lower, upper). - Precondition: `lower ≤ upper`, both finite.
    public mutating func uniform(in range: Range<Double>) -> Double {
        precondition(range.lowerBound.isFinite && range.upperBound.isFinite, "uniform(in:) needs a finite range")
        return range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A standard normal draw by the Box–Muller transform (Box & Muller 1958): z = √(−2 ln u₁) · cos(2π u₂) with
    /// u₁ ∈ (0, 1], u₂ ∈ [0, 1). Uses two uniforms per draw and discards the sine partner, so the generator state
    /// stays a plain value with no cached half-pair.
    public mutating func normal() -> Double {
        let u1 = 1 - uniform()  // (0, 1]: log never sees 0
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A normal draw with the given mean and standard deviation (σ ≥ 0).
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// A uniform integer in 0 ..< bound, without modulo bias, by Lemire's multiply-and-reject method
    /// (Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019).
    /// - Precondition: `bound > 0`.
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "integer(below:) needs a positive bound; got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place by Fisher–Yates with `integer(below:)` (stable across Swift versions).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, integer(below: i + 1))
        }
    }

    /// A uniformly random permutation of 0 ..< n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Advances the state by 2¹²⁸ steps (the published xoshiro256 jump polynomial).
    public mutating func jump() {
        applyJump([0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C])
    }

    /// Advances the state by 2¹⁹² steps (the published long-jump polynomial).
    public mutating func longJump() {
        applyJump([0x76E1_5D3E_FEFD_CBBF, 0xC500_4E44_1C52_2FB3, 0x7771_0069_854E_E241, 0x3910_9BB0_2ACB_E635])
    }

    /// An independent stream: the returned generator continues this stream's next 2¹²⁸ values, and this
    /// generator jumps 2¹²⁸ ahead, so the two never overlap. Call repeatedly for one stream per worker.
    public mutating func split() -> SeededRNG {
        let child = self
        jump()
        return child
    }

    private mutating func applyJump(_ polynomial: [UInt64]) {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3
                }
                _ = next()
            }
        }
        s0 = t0; s1 = t1; s2 = t2; s3 = t3
    }
}

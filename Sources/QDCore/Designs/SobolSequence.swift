/// The Sobol low-discrepancy sequence in [0, 1)^d (Sobol' 1967), with the Joe & Kuo (2008) direction numbers,
/// generated in Gray-code order (Antonov & Saleev 1979) with 32-bit integers.
///
/// Point 0 is the origin; points 0 … 2ᵏ − 1 form a (t, k, d)-net, so use powers of two for the best balance.
/// Unscrambled points equal SciPy's `qmc.Sobol(d, scramble=False)` (tested: the first 64 points in 64 dimensions and
/// point 1 000 003 in 21). An optional random digital shift (XOR of every coordinate with a seeded 32-bit integer;
/// see L'Ecuyer & Lemieux, "Recent advances in randomized quasi-Monte Carlo methods", 2002) keeps the
/// stratification while removing the point at the origin. Owen's nested scrambling is not implemented.
public struct SobolSequence: Sendable, Equatable {
    /// The largest supported dimension (dimension 1 plus the 63 rows of Joe & Kuo's table included).
    public static let maximumDimensions = 64
    /// The largest number of points: 2³² (32-bit direction integers).
    public static let maximumCount = 1 << 32

    /// d.
    public let dimensions: Int
    /// Index of the next point `next()` returns.
    public private(set) var index: Int
    /// V[j][k − 1] = m_k · 2^(32 − k) for dimension j and bit k = 1 … 32.
    private let directions: [[UInt32]]
    /// Current Gray-code point as integers, XOR-ed with the shift.
    private var state: [UInt32]
    /// The digital shift per dimension (zeros when unscrambled).
    private let shift: [UInt32]

    /// A sequence positioned at point `skip`.
    /// - Parameters:
    ///   - dimensions: 1 … 64.
    ///   - skip: index of the first point `next()` returns (0 starts at the origin).
    ///   - randomShiftSeed: if given, applies a seeded random digital shift (see the type description).
    /// - Throws: `CoreError.invalidArgument` for a dimension outside 1 … 64 or a negative or too large skip.
    public init(dimensions: Int, skip: Int = 0, randomShiftSeed: UInt64? = nil) throws {
        guard dimensions >= 1, dimensions <= Self.maximumDimensions else {
            throw CoreError(
                .invalidArgument,
                "Sobol sequence dimension must be in 1…\(Self.maximumDimensions). Got \(dimensions). For more dimensions use LatinHypercube.")
        }
        guard skip >= 0, skip < Self.maximumCount else {
            throw CoreError(.invalidArgument, "Sobol skip must be in 0..<2³². Got \(skip).")
        }
        self.dimensions = dimensions
        var dirs: [[UInt32]] = [(1...32).map { UInt32(1) << (32 - $0) }]
        for row in Self.joeKuoDirectionNumbers.prefix(dimensions - 1) {
            dirs.append(Self.directionIntegers(degree: row.degree, coefficients: row.coefficients, initial: row.initial))
        }
        directions = dirs
        var shiftValues = [UInt32](repeating: 0, count: dimensions)
        if let seed = randomShiftSeed {
            var rng = SeededRNG(seed: seed)
            for j in 0..<dimensions { shiftValues[j] = UInt32(truncatingIfNeeded: rng.next() >> 32) }
        }
        shift = shiftValues
        index = skip
        // Point n is the XOR of V_k over the set bits k of its Gray code n ⊕ (n >> 1).
        let gray = skip ^ (skip >> 1)
        state = (0..<dimensions).map { j in
            var x = shiftValues[j]
            for k in 0..<32 where gray & (1 << k) != 0 { x ^= dirs[j][k] }
            return x
        }
    }

    /// V_k = m_k 2^(32−k): the first s from the table, then the recurrence
    /// V_k = V_{k−s} ⊕ (V_{k−s} >> s) ⊕ ⊕_{i=1}^{s−1} a_i V_{k−i} (Bratley & Fox 1988, eq. in §2).
    private static func directionIntegers(degree s: Int, coefficients a: UInt32, initial m: [UInt32]) -> [UInt32] {
        var v = [UInt32](repeating: 0, count: 32)
        for k in 0..<s { v[k] = m[k] << (31 - k) }
        if s < 32 {
            for k in s..<32 {
                var value = v[k - s] ^ (v[k - s] >> UInt32(s))
                for i in 1..<s where (a >> UInt32(s - 1 - i)) & 1 == 1 { value ^= v[k - i] }
                v[k] = value
            }
        }
        return v
    }

    /// The next point (length d, each coordinate a multiple of 2⁻³² in [0, 1)).
    /// - Precondition: fewer than 2³² points drawn.
    public mutating func next() -> [Double] {
        precondition(index < Self.maximumCount, "Sobol sequence exhausted after 2³² points")
        let point = state.map { Double($0) * 0x1.0p-32 }
        // Gray-code step: flip direction c, the position of the lowest zero bit of the index.
        let c = (~index).trailingZeroBitCount
        if c < 32 {
            for j in 0..<dimensions { state[j] ^= directions[j][c] }
        }
        index += 1
        return point
    }

    /// `count` consecutive points as a count × d matrix.
    /// - Throws: `CoreError.invalidArgument` if `count` is negative or runs past 2³² points.
    public mutating func next(_ count: Int) throws -> Matrix {
        guard count >= 0, index + count <= Self.maximumCount else {
            throw CoreError(.invalidArgument, "Cannot draw \(count) Sobol points from index \(index): the count must be ≥ 0 and the sequence ends at 2³² points.")
        }
        var elements: [Double] = []
        elements.reserveCapacity(count * dimensions)
        for _ in 0..<count { elements += next() }
        return try Matrix(rows: count, columns: dimensions, elements: elements)
    }

    /// Points `skip` … `skip + count − 1` of the d-dimensional sequence as a count × d matrix.
    /// - Throws: as `init(dimensions:skip:randomShiftSeed:)` and `next(_:)`.
    public static func points(
        count: Int, dimensions: Int, skip: Int = 0, randomShiftSeed: UInt64? = nil
    ) throws -> Matrix {
        var sequence = try SobolSequence(dimensions: dimensions, skip: skip, randomShiftSeed: randomShiftSeed)
        return try sequence.next(count)
    }

    /// Equal when at the same position with the same directions and shift.
    public static func == (lhs: SobolSequence, rhs: SobolSequence) -> Bool {
        lhs.dimensions == rhs.dimensions && lhs.index == rhs.index && lhs.shift == rhs.shift
    }
}

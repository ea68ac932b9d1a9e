/// The hypervolume indicator (minimisation): the volume dominated by a set of points and bounded by a reference
/// point (Zitzler & Thiele 1998).
public enum Hypervolume {
    /// Hypervolume of `points` (each with m = 2 or 3 objectives) with respect to `reference`.
    ///
    /// Points that do not strictly dominate the reference contribute nothing. Exact for both dimensions:
    /// m = 2 by one sweep over points sorted by f₁; m = 3 by slicing along f₃ (each slab's area is the 2-D
    /// hypervolume of the points below it) — O(n² log n), fine for fronts of a few hundred points.
    /// - Throws: `OptimizeError.invalidSetting` for m ∉ {2, 3} or a point of the wrong length. NaN points are skipped.
    public static func compute(_ points: [[Double]], reference: [Double]) throws -> Double {
        let m = reference.count
        guard m == 2 || m == 3 else {
            throw OptimizeError(.invalidSetting, "Hypervolume supports 2 or 3 objectives. Got a reference point with \(m).")
        }
        if let bad = points.first(where: { $0.count != m }) {
            throw OptimizeError(.invalidSetting, "Every point needs \(m) objectives like the reference; got \(bad).")
        }
        let inside = points.filter { p in p.indices.allSatisfy { p[$0] < reference[$0] } }
        return m == 2 ? area(inside, reference) : volume(inside, reference)
    }

    /// 2-D: sort by f₁ and add the rectangle each new non-dominated point adds below the running f₂ minimum.
    static func area(_ points: [[Double]], _ reference: [Double]) -> Double {
        let sorted = points.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }
        var total = 0.0
        var lowest = reference[1]
        for p in sorted where p[1] < lowest {
            total += (reference[0] - p[0]) * (lowest - p[1])
            lowest = p[1]
        }
        return total
    }

    /// 3-D: slabs between consecutive distinct f₃ values.
    static func volume(_ points: [[Double]], _ reference: [Double]) -> Double {
        let sorted = points.sorted { $0[2] < $1[2] }
        var total = 0.0
        for (k, p) in sorted.enumerated() {
            let top = k + 1 < sorted.count ? sorted[k + 1][2] : reference[2]
            guard top > p[2] else { continue }
            let slab = sorted[0...k].map { [$0[0], $0[1]] }
            total += area(slab, reference) * (top - p[2])
        }
        return total
    }
}

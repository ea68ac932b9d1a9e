/// The hypervolume indicator (minimisation): the volume dominated by a set of points and bounded by a reference
/// point (Zitzler & Thiele 1998).
public enum Hypervolume {
    /// Hypervolume of `points` (each with m ≥ 1 objectives, m = reference.count) with respect to `reference`.
    ///
    /// Points that do not strictly dominate the reference contribute nothing. Exact for every m: m = 1 is
    /// r − min f₁; m = 2 one sweep over points sorted by f₁; m ≥ 3 slices along fₘ (each slab's measure is the
    /// (m − 1)-D hypervolume of the points below it, recursively; the inclusion–exclusion-free slicing of While
    /// et al.'s HSO, IEEE Trans. Evol. Comput. 10, 29, 2006). O(n^(m−1) log n): fine for m ≤ 4 and fronts of a
    /// few hundred points, or m = 5 and about a hundred; beyond that WFG (While et al. 2012) would be the choice.
    /// - Throws: `OptimizeError.invalidSetting` for an empty or non-finite reference or a point of the wrong
    ///   length. Points with NaN are skipped.
    public static func compute(_ points: [[Double]], reference: [Double]) throws -> Double {
        let m = reference.count
        guard m >= 1, reference.allSatisfy(\.isFinite) else {
            throw OptimizeError(.invalidSetting, "Hypervolume needs a reference point with at least 1 finite entry. Got \(reference).")
        }
        if let bad = points.first(where: { $0.count != m }) {
            throw OptimizeError(.invalidSetting, "Every point needs \(m) objectives like the reference; got \(bad).")
        }
        let inside = points.filter { p in p.indices.allSatisfy { p[$0] < reference[$0] } }
        switch m {
        case 1: return inside.map { reference[0] - $0[0] }.max() ?? 0
        case 2: return area(inside, reference)
        default: return sliced(inside, reference, dimensions: m)
        }
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

    /// d ≥ 3: slabs between consecutive distinct f_d values, each the (d − 1)-D hypervolume of the points below
    /// times its thickness (only the first d coordinates of each point are read).
    static func sliced(_ points: [[Double]], _ reference: [Double], dimensions d: Int) -> Double {
        let axis = d - 1
        let sorted = points.sorted { $0[axis] < $1[axis] }
        var total = 0.0
        for (k, p) in sorted.enumerated() {
            let top = k + 1 < sorted.count ? sorted[k + 1][axis] : reference[axis]
            guard top > p[axis] else { continue }
            let slab = sorted[0...k]
            let measure = d == 3 ? area(slab.map { [$0[0], $0[1]] }, reference)
                                 : sliced(Array(slab), reference, dimensions: axis)
            total += measure * (top - p[axis])
        }
        return total
    }
}

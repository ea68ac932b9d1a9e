import Foundation
import QDCore

/// Disjoint axis-aligned boxes whose union is the region a front does not dominate, below a reference point
/// (minimisation): {z < r : no front point p has p ≤ z}, up to sets of zero volume.
///
/// Built by sweeping the last objective: between consecutive distinct values z₍k₎ < z₍k+1₎ of fₘ among the
/// front's points, the region's cross-section is the (m − 1)-dimensional non-dominated region of the points with
/// fₘ ≤ z₍k₎, decomposed the same way, recursively (one objective: the interval (−∞, min f₁)). A cross-section
/// box that persists over several slabs becomes one box, so the count grows like the number of local upper
/// bounds (Klamroth, Lacour & Vanderpooten, EJOR 245, 767, 2015; Lacour, Klamroth & Fonseca, C&OR 79, 347,
/// 2017): n + 1 boxes for m = 2; for m = 3, 81 = 2n + 1 measured for 40 points on a sphere; O(n^⌊m/2⌋) in
/// general. This is the partition the exact EHVI of Yang, Emmerich, Deutz & Bäck (J. Glob. Optim. 75, 3, 2019)
/// sums over, written here as a sweep rather than by Lacour et al.'s local-upper-bound update because the sweep
/// is short and obviously correct; its cost, O(n^(m−1) log n) to build, is paid once per suggestion, not per
/// candidate.
///
/// Lower edges may be −∞; upper edges are finite (at most the reference). Box order is deterministic (it
/// follows the sweep), so sums over boxes are reproducible bit for bit.
public struct NondominatedBoxes: Sendable, Equatable {
    /// Lower corner of each box (entries may be −∞).
    public let lower: [[Double]]
    /// Upper corner of each box.
    public let upper: [[Double]]

    /// The boxes of `front` (points with m = reference.count minimised objectives) below `reference`. Points not
    /// strictly better than the reference in every objective, and points with NaN, cannot dominate any part of
    /// the region and are dropped; dominated points are harmless.
    /// - Throws: `OptimizeError.invalidSetting` for a reference with fewer than 1 entry or a non-finite entry, or
    ///   a point whose length differs from the reference's.
    /// - Complexity: O(n^(m−1) log n) time for n points.
    public init(front: [[Double]], reference: [Double]) throws {
        guard !reference.isEmpty, reference.allSatisfy(\.isFinite) else {
            throw OptimizeError(.invalidSetting, "The hypervolume reference point needs at least 1 finite entry. Got \(reference); give one finite value per objective.")
        }
        if let bad = front.first(where: { $0.count != reference.count }) {
            throw OptimizeError(.invalidSetting, "Every front point needs \(reference.count) objectives like the reference point. Got \(bad).")
        }
        let inside = front.filter { p in p.indices.allSatisfy { p[$0] < reference[$0] } }
        let boxes = Self.sweep(inside, reference, dimensions: reference.count)
        lower = boxes.map(\.lower)
        upper = boxes.map(\.upper)
    }

    /// The number of boxes.
    public var count: Int { lower.count }

    /// One box in the first `lower.count` objectives.
    struct Box: Hashable {
        var lower: [Double]
        var upper: [Double]
    }

    /// The boxes of the region not dominated by `points` in their first `d` objectives, below `reference`.
    static func sweep(_ points: [[Double]], _ reference: [Double], dimensions d: Int) -> [Box] {
        if d == 1 {
            let top = points.map { $0[0] }.min() ?? reference[0]
            return [Box(lower: [-.infinity], upper: [top])]
        }
        if d == 2 { return strips(points, reference) }
        let axis = d - 1
        let sorted = points.sorted { $0[axis] < $1[axis] }
        var open = sweep([], reference, dimensions: axis).map { ($0, -Double.infinity) }
        var closed: [Box] = []
        func close(_ entry: (Box, Double), at top: Double) {
            closed.append(Box(lower: entry.0.lower + [entry.1], upper: entry.0.upper + [top]))
        }
        var k = 0
        while k < sorted.count {
            let level = sorted[k][axis]
            while k < sorted.count, sorted[k][axis] == level { k += 1 }
            let section = sweep(Array(sorted[..<k]), reference, dimensions: axis)
            let kept = Set(section)
            for entry in open where !kept.contains(entry.0) { close(entry, at: level) }
            let starts = Dictionary(open, uniquingKeysWith: { first, _ in first })
            open = section.map { ($0, starts[$0] ?? level) }
        }
        for entry in open { close(entry, at: reference[axis]) }
        return closed
    }

    /// The two-objective case of `sweep` without the recursion (the same boxes in the same order, O(n log n)):
    /// along f₂ the cross-section is (−∞, running minimum of f₁), and a box closes wherever that minimum falls.
    static func strips(_ points: [[Double]], _ reference: [Double]) -> [Box] {
        let sorted = points.sorted { $0[1] < $1[1] }
        var boxes: [Box] = []
        var start = -Double.infinity, top = reference[0]
        var k = 0
        while k < sorted.count {
            let level = sorted[k][1]
            var lowest = top
            while k < sorted.count, sorted[k][1] == level {
                lowest = min(lowest, sorted[k][0])
                k += 1
            }
            guard lowest < top else { continue }
            boxes.append(Box(lower: [-.infinity, start], upper: [top, level]))
            (start, top) = (level, lowest)
        }
        boxes.append(Box(lower: [-.infinity, start], upper: [top, reference[1]]))
        return boxes
    }
}

/// Exact expected hypervolume improvement of one prediction with independent Gaussian objectives over a front of
/// any number m ≥ 1 of minimised objectives.
///
/// A new point y adds to the hypervolume the volume of [y, r] that no front point dominates, which over the
/// boxes [lᵦ, uᵦ] of `NondominatedBoxes` is HVI(y) = Σᵦ Πⱼ max(0, uᵦⱼ − max(lᵦⱼ, yⱼ)). Each factor depends on
/// one objective only, so for independent Yⱼ ~ N(μⱼ, σⱼ²) the expectation is exact (Yang, Emmerich, Deutz & Bäck,
/// J. Glob. Optim. 75, 3, 2019, eq. 17; BoTorch's analytic `ExpectedHypervolumeImprovement` computes the same
/// sum):
///
///     EHVI = Σᵦ Πⱼ E[max(0, uᵦⱼ − max(lᵦⱼ, Yⱼ))],
///
/// each factor as in `TwoObjectiveEHVI` (closed form in Φ and φ). For m = 2 the value equals
/// `TwoObjectiveEHVI`'s (the boxes are horizontal rather than vertical strips).
public struct ExpectedHypervolumeImprovement: Sendable, Equatable {
    /// The boxes the sum runs over.
    public let boxes: NondominatedBoxes

    /// Prepares the boxes of `front` below `reference` (see `NondominatedBoxes`).
    /// - Throws: as `NondominatedBoxes.init(front:reference:)`.
    /// - Complexity: O(n^(m−1) log n) once; each `value` call is O(boxes · m).
    public init(front: [[Double]], reference: [Double]) throws {
        boxes = try NondominatedBoxes(front: front, reference: reference)
    }

    /// EHVI of a prediction with means `mean` and standard deviations `sd` (length m each; sd ≤ 0 is taken as 0,
    /// which gives the hypervolume improvement of the mean itself). NaN in, NaN out.
    public func value(mean: [Double], sd: [Double]) -> Double {
        if mean.contains(where: \.isNaN) || sd.contains(where: \.isNaN) { return .nan }
        let spread = sd.map { max($0, 0) }
        var total = 0.0
        for b in 0..<boxes.count {
            var product = 1.0
            for j in mean.indices {
                product *= TwoObjectiveEHVI.expectedClippedGap(lower: boxes.lower[b][j], upper: boxes.upper[b][j],
                                                               mean: mean[j], sd: spread[j])
                if product == 0 { break }
            }
            total += product
        }
        return total
    }
}

import Foundation
import QDCore
@testable import QDLearn

/// A seeded synthetic regression problem: y = sin(x₀) + ½x₁² − x₂ + 0.1·ε on [−2, 2]^d.
func syntheticProblem(rows n: Int, columns d: Int = 3, seed: UInt64) -> (x: Matrix, y: [Double]) {
    var rng = SeededRNG(seed: seed)
    let elements = (0..<(n * d)).map { _ in rng.uniform(in: -2..<2) }
    let y = (0..<n).map { i -> Double in
        let r = Array(elements[(i * d)..<((i + 1) * d)])
        return sin(r[0]) + 0.5 * r[min(1, d - 1)] * r[min(1, d - 1)] - r[min(2, d - 1)] + 0.1 * rng.normal()
    }
    let x = (try? Matrix(rows: n, columns: d, elements: elements)) ?? Matrix(rows: 0, columns: d)
    return (x, y)
}

/// The largest |a − b| over two equal-length arrays (∞ when the lengths differ).
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// Evaluates `body` and returns the LearnError it throws (nil if it throws nothing or another error).
func learnErrorThrown(_ body: () throws -> Void) -> LearnError? {
    do { try body() } catch let e as LearnError { return e } catch { return nil }
    return nil
}

import Testing
@testable import QDCore

/// Test helpers (not API).

/// |a − b| ≤ relative · |b| + absolute; NaN equals NaN and equal infinities are close.
func isClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= relative * abs(b) + absolute
}

/// Largest |aᵢ − bᵢ| over two equal-length arrays (∞ if the lengths differ).
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// Runs `body`, requires a `CoreError` of `kind`, and checks its message contains every fragment.
func expectCoreError(
    _ kind: CoreError.Kind, containing fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected CoreError.\(kind), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CoreError {
        #expect(error.kind == kind, "message: \(error.message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "‘\(fragment)’ not in: \(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected CoreError.\(kind), got \(error)", sourceLocation: sourceLocation)
    }
}

/// A matrix literal for fixtures, built without `try` (row lengths are checked by precondition: a fixture typo is
/// a test bug).
func fixture(_ rowArrays: [[Double]]) -> Matrix {
    let columns = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged fixture")
    var m = Matrix(rows: rowArrays.count, columns: columns)
    for (i, row) in rowArrays.enumerated() { for (j, v) in row.enumerated() { m[i, j] = v } }
    return m
}

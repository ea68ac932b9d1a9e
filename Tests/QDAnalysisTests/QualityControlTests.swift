import Foundation
import QDCore
import Testing
@testable import QDAnalysis

@Suite("Quality control: control charts, clustering, anomalies")
struct QualityControlTests {
    static func series(seed: UInt64, count: Int = 100, shiftAt: Int? = nil, shift: Double = 0) -> [Double] {
        var rng = SeededRNG(seed: seed)
        var out: [Double] = []
        for i in 0..<count {
            let shifted = shiftAt.map { i >= $0 } ?? false
            out.append(520 + 2 * rng.normal() + (shifted ? shift : 0))
        }
        return out
    }

    @Test("Montgomery's A₂ equals 3/(d₂√n) to the table's rounding (property of the constants)")
    func constants() {
        for (n, c) in ControlCharts.constants {
            #expect(abs(c.a2 - 3 / (c.d2 * Double(n).squareRoot())) < 0.002, "n = \(n)")
        }
    }

    @Test("in control: individuals, EWMA and CUSUM rarely signal over 10 seeds", arguments: Array(UInt64(1)...10))
    func inControl(seed: UInt64) throws {
        let x = Self.series(seed: seed)
        // False alarms: individuals 0.27 % per point; EWMA(0.2, 3) and CUSUM(0.5, 5) have ARL₀ ≈ 500 (Montgomery
        // Tables 9.3, 9.11), so over 100 points more than one alarm episode (a run of signalling points) is rare.
        func episodes(_ s: [Int]) -> Int { s.enumerated().filter { $0.offset == 0 || s[$0.offset - 1] != $0.element - 1 }.count }
        #expect(episodes(try ControlCharts.individuals(x).signals) <= 1)
        #expect(episodes(try ControlCharts.ewma(x).signals) <= 1)
        let c = try ControlCharts.cusum(x)
        #expect(episodes(c.upper.signals) + episodes(c.lower.signals) <= 1)
    }

    @Test("a 1.5σ shift after batch 50 is caught by CUSUM and EWMA within 15 batches (all 10 seeds)", arguments: Array(UInt64(1)...10))
    func shiftDetected(seed: UInt64) throws {
        let x = Self.series(seed: seed, shiftAt: 50, shift: 3)
        // Montgomery Table 9.3: ARL₁ of CUSUM(k 0.5, h 5) at a 1.5σ shift is 6.1; EWMA(0.2, 3) similar.
        let c = try ControlCharts.cusum(x, baselineCount: 50)
        let first = try #require(c.upper.signals.first { $0 >= 50 })
        #expect(first < 65)
        let e = try ControlCharts.ewma(x, baselineCount: 50)
        #expect(e.signals.contains { $0 >= 50 && $0 < 65 })
    }

    @Test("X̄/R limits follow from the constants; a shifted subgroup signals")
    func xBarR() throws {
        var groups: [[Double]] = []
        for g in 0..<20 { groups.append((0..<5).map { j -> Double in 10 + 0.1 * Double((g * 7 + j * 3) % 11) }) }
        groups[17] = groups[17].map { $0 + 2 }
        let (xBar, range) = try ControlCharts.xBarR(groups)
        let rBar = range.centre
        #expect(abs(xBar.points[0].upperLimit - (xBar.centre + 0.577 * rBar)) < 1e-12)
        #expect(xBar.signals == [17])
        #expect(range.points[0].upperLimit == 2.114 * rBar)
        #expect(throws: AnalysisError.self) { try ControlCharts.xBarR([[1, 2], [1, 2, 3]]) }
    }

    @Test("bad series give clear errors")
    func badSeries() {
        #expect(throws: AnalysisError.self) { try ControlCharts.individuals([]) }
        #expect(throws: AnalysisError.self) { try ControlCharts.individuals([1]) }
        #expect(throws: AnalysisError.self) { try ControlCharts.individuals([5, 5, 5, 5]) }
        #expect(throws: AnalysisError.self) { try ControlCharts.individuals([1, .nan, 2]) }
        #expect(throws: AnalysisError.self) { try ControlCharts.ewma([1, 2, 3], lambda: 0) }
        #expect(throws: AnalysisError.self) { try ControlCharts.cusum([1, 2, 3], h: 0) }
    }

    static func blobs(seed: UInt64) -> (rows: [[Double]], truth: [Int]) {
        var rng = SeededRNG(seed: seed)
        let centres = [[520.0, 30], [560, 40], [600, 30]]
        var rows: [[Double]] = [], truth: [Int] = []
        for (c, centre) in centres.enumerated() {
            for _ in 0..<30 { rows.append([centre[0] + 4 * rng.normal(), centre[1] + 2 * rng.normal()]); truth.append(c) }
        }
        return (rows, truth)
    }

    /// Agreement up to relabelling: the share of pairs on which the two labellings agree (Rand index).
    static func rand(_ a: [Int], _ b: [Int]) -> Double {
        var agree = 0, total = 0
        for i in a.indices { for j in (i + 1)..<a.count { total += 1; if (a[i] == a[j]) == (b[i] == b[j]) { agree += 1 } } }
        return Double(agree) / Double(total)
    }

    @Test("k-means and the Gaussian mixture recover three well-separated batch groups", arguments: [UInt64(1), 2, 3])
    func clustering(seed: UInt64) throws {
        let (rows, truth) = Self.blobs(seed: seed)
        let km = try BatchClustering.kMeans(rows, k: 3, seed: seed)
        #expect(Self.rand(km.labels, truth) > 0.99)
        let gmm = try BatchClustering.gaussianMixture(rows, k: 3, seed: seed)
        #expect(Self.rand(gmm.labels, truth) > 0.99)
        #expect(try BatchClustering.kMeans(rows, k: 3, seed: seed) == km)
        #expect(throws: AnalysisError.self) { try BatchClustering.kMeans(rows, k: 0, seed: 1) }
        #expect(throws: AnalysisError.self) { try BatchClustering.kMeans([[1, 2], [3]], k: 1, seed: 1) }
    }

    @Test("Mahalanobis flags an odd batch that no single metric flags, and the χ² threshold is accurate")
    func anomaly() throws {
        var rng = SeededRNG(seed: 21)
        // Peak and FWHM strongly correlated; the odd batch has a normal peak and a normal FWHM but the wrong pair.
        var rows = (0..<60).map { _ -> [Double] in let p = 520 + 5 * rng.normal(); return [p, 30 + 0.8 * (p - 520) + 0.5 * rng.normal()] }
        rows.append([526, 25])
        let report = try BatchClustering.mahalanobis(rows)
        #expect(report.flagged.contains(60))
        // Exact χ²₂ quantile at 0.99 is −2 ln 0.01 = 9.2103; Wilson–Hilferty is within 1 %.
        #expect(abs(report.threshold - 9.2103) / 9.2103 < 0.01)
        #expect(throws: AnalysisError.self) { try BatchClustering.mahalanobis([[1, 2], [2, 3]]) }
        #expect(throws: AnalysisError.self) { try BatchClustering.mahalanobis((0..<10).map { [Double($0), 2 * Double($0)] }) }
    }
}

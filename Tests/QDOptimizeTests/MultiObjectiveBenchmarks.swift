import Foundation
import QDCore
import Testing
@testable import QDOptimize

/// DTLZ2 with 3 objectives and 4 variables (Deb et al. 2002), 40 evaluations (10 Sobol + 30 model-based), seeds
/// 0–4: hypervolume at (1.1, 1.1, 1.1) reached by EHVISearch, ParEGO and uniform random search, and the time per
/// model-based suggestion. Opt-in (it takes minutes), printing `MO {json}` lines:
/// `QDLAB_MO_BENCH=1 swift test --scratch-path .build-mo --filter MultiObjectiveBenchmarks`
/// (QDLAB_MO_SEEDS sets the number of seeds, default 5). Asserts only that each run used its 40 evaluations and
/// stayed below the known optimum 1.1³ − π/6 (speed is never asserted).
@Suite("Multi-objective benchmark (DTLZ2)", .enabled(if: ProcessInfo.processInfo.environment["QDLAB_MO_BENCH"] != nil))
struct MultiObjectiveBenchmarks {
    static let names = (1...4).map { "x\($0)" }
    static let reference = [1.1, 1.1, 1.1]
    static let objectives = (1...3).map { ParetoObjective("f\($0)", maximize: false) }

    static func responses(_ p: Point) -> [String: Double] {
        let f = TestProblems.dtlz2(names.map { p[$0]?.number ?? .nan }, objectives: 3)
        return Dictionary(uniqueKeysWithValues: zip(objectives.map(\.response), f))
    }

    static func settings(seed: UInt64) -> BayesianOptimizerSettings {
        BayesianOptimizerSettings(initialCount: 10, seed: seed)
    }

    /// Runs 40 ask/tell rounds; returns the objective vectors and the mean seconds per model-based suggestion.
    static func run(ask: () throws -> Point, tell: (Point) throws -> Void, vectors: () -> [[Double]]) throws -> ([[Double]], Double) {
        var modelSeconds = 0.0
        for i in 0..<40 {
            let start = DispatchTime.now().uptimeNanoseconds
            let p = try ask()
            if i >= 10 { modelSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            try tell(p)
        }
        return (vectors(), modelSeconds / 30)
    }

    @Test("DTLZ2, 3 objectives: EHVI vs ParEGO vs random")
    func dtlz2() throws {
        let seeds = Int(ProcessInfo.processInfo.environment["QDLAB_MO_SEEDS"] ?? "") ?? 5
        let space = try SearchSpace(Self.names.map { .continuous($0, 0...1) })
        var table: [String: [Double]] = [:]
        for seed in (0..<seeds).map(UInt64.init) {
            var ehvi = try EHVISearch(space: space, objectives: Self.objectives, settings: Self.settings(seed: seed), reference: Self.reference)
            let (ehviVectors, ehviSeconds) = try Self.run(ask: { try #require(try ehvi.ask().first) },
                                                          tell: { try ehvi.tell($0, responses: Self.responses($0)) },
                                                          vectors: { ehvi.objectiveVectors })
            var parego = try ParEGO(space: space, objectives: Self.objectives, settings: Self.settings(seed: seed))
            let (paregoVectors, paregoSeconds) = try Self.run(ask: { try #require(try parego.ask().first) },
                                                              tell: { try parego.tell($0, responses: Self.responses($0)) },
                                                              vectors: { parego.objectiveVectors })
            var rng = SeededRNG(seed: seed)
            let random = (0..<40).map { _ in TestProblems.dtlz2((0..<4).map { _ in rng.uniform() }, objectives: 3) }
            for (method, vectors, seconds) in [("ehvi", ehviVectors, ehviSeconds), ("parego", paregoVectors, paregoSeconds),
                                               ("random", random, 0)] {
                #expect(vectors.count == 40)
                let hv = try Hypervolume.compute(vectors, reference: Self.reference)
                #expect(hv < TestProblems.dtlz2ThreeObjectiveHypervolume)
                table[method, default: []].append(hv)
                let line: [String: Any] = ["method": method, "seed": seed, "hypervolume": hv, "secondsPerSuggestion": seconds]
                print("MO " + String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            }
        }
        for (method, values) in table.sorted(by: { $0.key < $1.key }) {
            let s = values.sorted()
            print("MO median \(method) \(s[s.count / 2]) of \(s)")
        }
    }

    /// Box counts and the time to build them (once per suggestion) for n points on the unit sphere's positive
    /// orthant (a DTLZ2-like front), m = 3, 4, 5: the cost that bounds how many objectives a campaign takes.
    @Test("box decomposition: count and build time for 3 to 5 objectives")
    func boxes() throws {
        var rng = SeededRNG(seed: 11)
        for m in 3...5 {
            for n in [20, 40, 60] {
                let front = (0..<n).map { _ -> [Double] in
                    let v = (0..<m).map { _ in abs(rng.normal()) }
                    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    return v.map { $0 / norm }
                }
                var boxes: NondominatedBoxes?
                let start = DispatchTime.now().uptimeNanoseconds
                boxes = try NondominatedBoxes(front: front, reference: [Double](repeating: 1.1, count: m))
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                #expect((boxes?.count ?? 0) > n)
                print("MO boxes m=\(m) n=\(n) count=\(boxes?.count ?? 0) seconds=\(seconds)")
            }
        }
    }
}

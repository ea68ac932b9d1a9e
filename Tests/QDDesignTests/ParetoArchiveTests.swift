import Foundation
import Testing
import QDCore
@testable import QDDesign

/// The indexed archive (`ParetoArchive` over `DominanceIndex`) against the definitions it implements: the
/// brute-force non-dominated set, and a plain linear archive with the same insertion rules.
@Suite("Indexed Pareto archive equals brute force and the linear archive")
struct ParetoArchiveTests {
    /// How the random objective vectors are drawn and offered.
    enum Shape: String, CaseIterable, Sendable {
        /// Small integers in five lanes: many ties, duplicates and dominated points.
        case uniform
        /// Lanes summing to about a constant: most points are mutually non-dominated (a large front).
        case antiCorrelated
        /// The anti-correlated set offered twice, first shifted by +1 in every lane, then as drawn: the first pass
        /// builds a large front in the trees, the second removes all of it (tombstones, tree rebuilds).
        case improving
    }

    static func vectors(_ shape: Shape, count: Int, seed: UInt64, nanRate: Double = 0) -> [[Double]] {
        var rng = SeededRNG(seed: seed)
        var out: [[Double]] = (0..<count).map { _ in
            switch shape {
            case .uniform:
                return (0..<5).map { _ in Double(rng.integer(below: 8)) }
            case .antiCorrelated, .improving:
                var v = (0..<4).map { _ in Double(rng.integer(below: 12)) }
                v.append(Double(44 - Int(v.reduce(0, +)) + rng.integer(below: 3)))
                return v
            }
        }
        if shape == .improving { out = out.map { $0.map { $0 + 1 } } + out }
        if nanRate > 0 {
            for i in out.indices { for k in 0..<5 where rng.uniform() < nanRate { out[i][k] = .nan } }
        }
        return out
    }

    /// Records with objectives `points[i]` and ids "c00000", "c00001", … (other fields from one real candidate;
    /// the archive reads only these two).
    static func records(_ points: [[Double]]) throws -> [ScreenedCandidate] {
        let c = try template()
        return points.enumerated().map { i, o in
            ScreenedCandidate(id: String(format: "c%05d", i), structure: c.structure, family: c.family, composition: c.composition, shell: c.shell,
                              shellThicknessNanometres: c.shellThicknessNanometres, coreDiameterNanometres: c.coreDiameterNanometres,
                              metrics: c.metrics, objectives: o)
        }
    }

    static func template() throws -> ScreenedCandidate {
        let request = DesignRequest(targetNanometres: 530)
        let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: 1, compositionStep: 1, thicknessLevels: [1]), plqy: .heuristicOnly)
        return Screen.candidate(model, try #require(model.variants.first), diameter: 3, request: request)
    }

    /// The reference: every member checked linearly, with `ParetoArchive`'s documented rules.
    struct LinearArchive {
        var members: [ScreenedCandidate] = []
        let limit: Int
        var truncated = false

        mutating func insert(_ c: ScreenedCandidate) {
            if members.contains(where: { $0.dominates(c) }) { return }
            if let e = members.first(where: { $0.objectives == c.objectives }), e.id <= c.id { return }
            members.removeAll { $0.objectives == c.objectives || c.dominates($0) }
            members.append(c)
            if members.count > limit, let worst = members.indices.max(by: { members[$0].objectives[0] < members[$1].objectives[0] }) {
                members.remove(at: worst)
                truncated = true
            }
        }
    }

    /// Brute force (no NaN): the points no other point dominates, one per objective vector (the smallest id).
    /// The archive must equal it for any order of offering, so two orders are tried.
    @Test("archive = brute-force front, independent of the order", arguments: Shape.allCases)
    func equalsBruteForce(_ shape: Shape) throws {
        let records = try Self.records(Self.vectors(shape, count: 1500, seed: 21))
        var front: [String: ScreenedCandidate] = [:]
        for c in records where !records.contains(where: { $0.dominates(c) }) {
            let key = c.objectives.map { String($0) }.joined(separator: ",")
            if let kept = front[key], kept.id <= c.id { continue }
            front[key] = c
        }
        let expected = front.values.map(\.id).sorted()
        // Beyond one buffer (32) the trees are exercised; uniform small integers give a small front.
        #expect(expected.count > (shape == .uniform ? 5 : 32))
        var rng = SeededRNG(seed: 5)
        for order in [Array(records.indices), rng.permutation(records.count)] {
            var archive = ParetoArchive(limit: 1_000_000)
            for i in order { archive.insert(records[i]) }
            #expect(archive.members.map(\.id).sorted() == expected)
            #expect(archive.count == expected.count)
            #expect(!archive.truncated)
        }
    }

    /// With NaN lanes dominance is not transitive, so the front depends on the order; the indexed archive must
    /// still make exactly the linear archive's decisions for the same order.
    @Test("archive = linear archive with NaN lanes, same order", arguments: Shape.allCases)
    func equalsLinearWithNaN(_ shape: Shape) throws {
        var archive = ParetoArchive(limit: 1_000_000), linear = LinearArchive(limit: 1_000_000)
        for c in try Self.records(Self.vectors(shape, count: 1500, seed: 33, nanRate: 0.05)) {
            archive.insert(c)
            linear.insert(c)
        }
        #expect(linear.members.count > (shape == .uniform ? 5 : 32))
        #expect(archive.members.map(\.id).sorted() == linear.members.map(\.id).sorted())
    }

    /// The limit: members farthest from the target (largest objective 0) are dropped as the linear archive drops
    /// them. Objective 0 is drawn continuous so that "farthest" has no ties.
    @Test("the limit drops the farthest members, as the linear archive does", arguments: [1, 7, 50])
    func limit(_ limit: Int) throws {
        var points = Self.vectors(.antiCorrelated, count: 1500, seed: 8)
        var rng = SeededRNG(seed: 80)
        for i in points.indices { points[i][0] += rng.uniform() }
        var archive = ParetoArchive(limit: limit), linear = LinearArchive(limit: limit)
        for c in try Self.records(points) {
            archive.insert(c)
            linear.insert(c)
            #expect(archive.count <= limit)
        }
        #expect(archive.truncated && linear.truncated)
        #expect(archive.members.map(\.id).sorted() == linear.members.map(\.id).sorted())
    }
}

import Foundation
import QDCore
import Testing
@testable import QDOptimize

@Suite("NSGA-II and hypervolume")
struct NSGA2Tests {
    @Test("hypervolume: hand-computed 2-D, 3-D and 4-D values")
    func hypervolume() throws {
        // Points (1,3), (2,2), (3,1) with reference (4,4): staircase area 3 + 2 + 1 = 6.
        #expect(try Hypervolume.compute([[1, 3], [2, 2], [3, 1], [3.5, 3.5]], reference: [4, 4]) == 6)
        // One point (0,0,0) in a unit reference box: volume 1; adding a dominated point changes nothing.
        #expect(try Hypervolume.compute([[0, 0, 0], [0.5, 0.5, 0.5]], reference: [1, 1, 1]) == 1)
        // Two 3-D points: (0,0.5,0.5) and (0.5,0,0) with reference (1,1,1): 0.25 + 0.5 − overlap 0.125·... by
        // inclusion–exclusion: 1·0.5·0.5 + 0.5·1·1 − 0.5·0.5·0.5 = 0.625.
        #expect(abs(try Hypervolume.compute([[0, 0.5, 0.5], [0.5, 0, 0]], reference: [1, 1, 1]) - 0.625) < 1e-15)
        // Any number of objectives: one 4-D point's box (5 − 1)(5 − 2)(5 − 3)(5 − 4) = 24; a short point is refused.
        #expect(try Hypervolume.compute([[1, 2, 3, 4]], reference: [5, 5, 5, 5]) == 24)
        #expect(throws: OptimizeError.self) { try Hypervolume.compute([[1, 2, 3]], reference: [5, 5, 5, 5]) }
    }

    @Test("fast non-dominated sort and crowding distance on a hand-made set")
    func sorting() {
        func ind(_ f: [Double], _ v: Double = 0) -> Individual { Individual(x: [], objectives: f, violation: v) }
        let population = [ind([1, 3]), ind([2, 2]), ind([3, 1]), ind([3, 3]), ind([4, 4]), ind([0, 0], 1)]
        let fronts = NSGA2.nonDominatedFronts(population)
        #expect(fronts.map { Set($0) } == [[0, 1, 2], [3], [4], [5]].map { Set($0) })  // infeasible ranks last
        let d = NSGA2.crowdingDistance([ind([1, 3]), ind([2, 2]), ind([3, 1])])
        #expect(d[0] == .infinity && d[2] == .infinity && d[1] == 2)  // (3−1)/2 + (3−1)/2
    }

    /// The true ZDT1 front's hypervolume at (1.1, 1.1) is 0.8767 (ANCHORS.md); pymoo's NSGA-II reaches
    /// 0.8698 ± 0.0001 with the same settings. 0.86 is 99 % of pymoo's value: a correct NSGA-II gets there, a
    /// broken operator (e.g. mutation without bounds, or no elitism) stalls near 0.6–0.8.
    @Test("ZDT1 (30 variables), population 100, 250 generations: hypervolume ≥ 0.86")
    func zdt1() throws {
        let front = try NSGA2.minimize(try TestProblems.ZDT.zdt1.problem(), settings: NSGA2Settings(seed: 1))
        let hv = try Hypervolume.compute(front.map(\.objectives), reference: [1.1, 1.1])
        #expect(hv >= 0.86, "hypervolume \(hv)")
        #expect(hv <= 0.8767 + 1e-9)  // cannot exceed the true front's
    }

    @Test("constrained domination: the final front is feasible")
    func constrained() throws {
        // Minimise (x, y) on [0,1]² subject to x + y ≥ 1: the front is the segment x + y = 1.
        let problem = MultiObjectiveProblem(bounds: try BoxBounds(lower: [0, 0], upper: [1, 1]), objectiveCount: 2) { x in
            ([x[0], x[1]], max(0, 1 - x[0] - x[1]))
        }
        let front = try NSGA2.minimize(problem, settings: NSGA2Settings(populationSize: 40, generations: 60, seed: 2))
        #expect(!front.isEmpty)
        for member in front {
            #expect(member.violation == 0)
            #expect(abs(member.x[0] + member.x[1] - 1) < 0.05)
        }
    }

    @Test("same seed, same front; bad settings rejected")
    func determinism() throws {
        let problem = try TestProblems.ZDT.zdt2.problem(variables: 5)
        let s = NSGA2Settings(populationSize: 20, generations: 10, seed: 9)
        #expect(try NSGA2.minimize(problem, settings: s) == NSGA2.minimize(problem, settings: s))
        #expect(throws: OptimizeError.self) { try NSGA2.minimize(problem, settings: NSGA2Settings(populationSize: 7)) }
    }
}

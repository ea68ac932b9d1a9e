import Foundation
import QDOptimize
import Testing

@testable import QDTwin

@Suite("QD benchmark suite on the twin")
struct RunnerBenchmarkSuiteTests {
    @Test("every problem has a valid target and a batch that divides into its budget")
    func problems() throws {
        #expect(Set(TwinBenchmarkProblem.all.map(\.id)).count == TwinBenchmarkProblem.all.count)
        for p in TwinBenchmarkProblem.all {
            _ = try p.target.validated()
            #expect(p.budget % p.batch == 0)
            #expect(ReactorKinetics.forMaterial(p.target.materialID) != nil)
        }
        let error = #expect(throws: OptimizeError.self) { try TwinBenchmarkProblem.named("cdse-9000") }
        #expect(error?.message.contains("cdse-620-narrow") == true)
    }

    @Test("a seeded run is reproducible and its best-so-far curve never gets worse")
    func reproducible() throws {
        let problem = try TwinBenchmarkProblem.named("cdse-560-bright")
        let a = try CampaignBenchmark().run(problem, strategy: .random, seed: 4, budget: 8)
        let b = try CampaignBenchmark().run(problem, strategy: .random, seed: 4, budget: 8)
        #expect(a.bestSoFar == b.bestSoFar && a.bestSoFar.count == 8)
        #expect(zip(a.bestSoFar, a.bestSoFar.dropFirst()).allSatisfy { $1 <= $0 })
        #expect(a.bestLoss == a.bestSoFar.last.flatMap { $0.isFinite ? $0 : nil })
        let c = try CampaignBenchmark().run(problem, strategy: .random, seed: 5, budget: 8)
        #expect(c.bestSoFar != a.bestSoFar)
    }

    @Test("strategies that do not fit the problem are refused")
    func mismatch() throws {
        #expect(throws: OptimizeError.self) { try CampaignBenchmark().run(try TwinBenchmarkProblem.named("cdse-620-narrow"), strategy: .nsga2, seed: 1, budget: 4) }
        #expect(throws: OptimizeError.self) { try CampaignBenchmark().run(try TwinBenchmarkProblem.named("cdse-fwhm-vs-plqy"), strategy: .bayesian, seed: 1, budget: 20) }
        #expect(throws: OptimizeError.self) { try CampaignBenchmark().run(try TwinBenchmarkProblem.named("cdse-620-narrow"), strategy: .random, seed: 1, budget: 2) }
    }
}

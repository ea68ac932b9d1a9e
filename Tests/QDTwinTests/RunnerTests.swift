import Foundation
import QDData
import QDOptimize
import Testing

@testable import QDTwin

/// A temporary SQLite store, removed by `cleanup()`.
private struct TemporaryStore {
    let directory: URL
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qdtwin-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    func open() throws -> SQLiteStore { try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path) }
    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}

/// The real twin behind an equipment fault after `limit` runs: the way a robot's driver fails mid-campaign.
private struct FaultyReactor: Reactor {
    let name = "twin"
    let limit: Int
    let counter = Counter()
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
    struct EquipmentFault: Error {}
    func run(_ recipe: Recipe, seed: UInt64) async throws -> ReactorMeasurement {
        if counter.next() > limit { throw EquipmentFault() }
        return try await TwinReactor().run(recipe, seed: seed)
    }
}

@Suite("Campaign runner on the twin")
struct RunnerTests {
    let target = RunTarget(materialID: "CdSe", emissionNanometres: 600, toleranceNanometres: 5, maximumFWHMNanometres: 35)

    @Test("the target loss adds the colour miss, the excess width and the missing PLQY, in nm")
    func loss() {
        let t = RunTarget(materialID: "CdSe", emissionNanometres: 620, toleranceNanometres: 5, maximumFWHMNanometres: 30, minimumPLQY: 0.5)
        let o = MeasuredOutcome(absorptionPeakNanometres: 600, emissionPeakNanometres: 610, emissionFWHMNanometres: 34, diameterFromAbsorptionNanometres: 5, plqy: 0.4, yield: 0.5)
        #expect(abs((t.loss(o) ?? 0) - (10 + 4 + 10)) < 1e-12)
        #expect(!t.isMet(by: o))
        let good = MeasuredOutcome(absorptionPeakNanometres: 600, emissionPeakNanometres: 623, emissionFWHMNanometres: 29, diameterFromAbsorptionNanometres: 5, plqy: 0.6, yield: 0.5)
        #expect(t.isMet(by: good) && t.isMet(responses: ["emission_nm": 623, "fwhm_nm": 29, "plqy": 0.6]))
        #expect(abs((t.loss(good) ?? 0) - 3) < 1e-12)
        let none = MeasuredOutcome(absorptionPeakNanometres: nil, emissionPeakNanometres: nil, emissionFWHMNanometres: nil, diameterFromAbsorptionNanometres: nil, plqy: nil, yield: 0)
        #expect(t.loss(none) == nil)
    }

    @Test("bad targets, budgets and batches are refused with the option to fix", arguments: [
        (RunTarget(materialID: "CdSe", emissionNanometres: .nan), 10, 2, "Target emission"),
        (RunTarget(materialID: "CdSe", emissionNanometres: 620, toleranceNanometres: 0), 10, 2, "--tolerance"),
        (RunTarget(materialID: "CdSe", emissionNanometres: 620, maximumFWHMNanometres: -3), 10, 2, "--max-fwhm"),
        (RunTarget(materialID: "CdSe", emissionNanometres: 620), 0, 1, "--budget"),
        (RunTarget(materialID: "CdSe", emissionNanometres: 620), 4, 5, "--batch"),
    ])
    func refusals(target: RunTarget, budget: Int, batch: Int, expected: String) {
        let error = #expect(throws: OptimizeError.self) {
            _ = try CampaignRunner(reactor: TwinReactor(), target: target, name: "x", budget: budget, batch: batch, seed: 1)
        }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("a run stores every experiment as a trial and a schema v1 record, with spectra, and reports")
    func runStoresEverything() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        let runner = try CampaignRunner(reactor: TwinReactor(), target: target, name: "t1", budget: 8, batch: 4, seed: 3)
        var events: [String] = []
        let (campaign, summary) = try await runner.run(store: try tmp.open()) { event in
            switch event {
            case .suggested: events.append("suggested")
            case .observed: events.append("observed")
            case .resumed: events.append("resumed")
            case .finished: events.append("finished")
            }
        }
        #expect(events == ["suggested"] + Array(repeating: "observed", count: 4) + ["suggested"] + Array(repeating: "observed", count: 4) + ["finished"])
        #expect(summary.observed == 8 && summary.ranThisSession == 8 && campaign.isFinished)
        let store = try tmp.open()
        let trials = try store.trials(campaignID: "t1")
        #expect(trials.map(\.index) == Array(0..<8))
        for t in trials {
            #expect(t.recordID == "t1/\(t.index)")
            let record = try #require(try store.record(id: "t1/\(t.index)"))
            #expect(record.synthesis.material.core == "CdSe")
            if t.status == .completed { #expect(t.measurementJSON != nil) }
        }
        let html = RunReport(campaign: campaign, runner: runner, summary: summary).html()
        #expect(html.contains("<h2>Convergence</h2>") && html.contains("<svg") && html.contains("All experiments"))
        #expect(html.components(separatedBy: "<tr>").count - 1 >= 8 + 1)
    }

    @Test("after an equipment fault the same command resumes: nothing lost, nothing repeated, same result as uninterrupted")
    func resumeAfterFault() async throws {
        let whole = try TemporaryStore(), broken = try TemporaryStore()
        defer { whole.cleanup(); broken.cleanup() }
        let uninterrupted = try CampaignRunner(reactor: TwinReactor(), target: target, name: "r", budget: 8, batch: 2, seed: 5)
        let (reference, _) = try await uninterrupted.run(store: try whole.open())

        let faulty = try CampaignRunner(reactor: FaultyReactor(limit: 5), target: target, name: "r", budget: 8, batch: 2, seed: 5)
        await #expect(throws: FaultyReactor.EquipmentFault.self) { _ = try await faulty.run(store: try broken.open()) }
        let afterFault = try broken.open().trials(campaignID: "r")
        let observedBefore = afterFault.filter { $0.status != .pending }.count
        #expect(observedBefore == 5)

        var resumedEvents = 0
        let (resumed, summary) = try await uninterrupted.run(store: try broken.open()) { if case .resumed = $0 { resumedEvents += 1 } }
        #expect(resumedEvents == 1)
        #expect(summary.ranThisSession == 3)
        #expect(resumed.trials.map(\.point) == reference.trials.map(\.point))
        #expect(resumed.trials.map(\.responses) == reference.trials.map(\.responses))
        #expect(resumed.trials.map(\.status) == reference.trials.map(\.status))
    }

    @Test("reopening a name with other options is refused, naming the difference")
    func mismatch() async throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        _ = try await CampaignRunner(reactor: TwinReactor(), target: target, name: "m", budget: 2, batch: 1, seed: 1).run(store: try tmp.open())
        var other = target
        other.emissionNanometres = 640
        let runner = try CampaignRunner(reactor: TwinReactor(), target: other, name: "m", budget: 2, batch: 1, seed: 1)
        let error = await #expect(throws: OptimizeError.self) { _ = try await runner.run(store: try tmp.open()) }
        #expect(error?.message.contains("target_emission_nm 600.0 vs 640.0") == true, "\(error?.message ?? "")")
    }
}

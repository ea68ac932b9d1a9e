import Foundation
import Testing

@testable import QDData

@Suite("Campaign store (SQLite)")
struct CampaignStoreTests {
    private func campaign(_ id: String) -> CampaignRow {
        CampaignRow(id: id, kind: "test-v1", specJSON: #"{"budget":4}"#, stateJSON: "{}", createdAt: "2026-11-22T08:00:00Z", updatedAt: "2026-11-22T08:00:00Z")
    }

    private func trial(_ campaign: String, _ index: Int, _ status: TrialStatus, record: String? = nil) -> TrialRow {
        TrialRow(campaignID: campaign, index: index, batch: index / 2, pointJSON: #"{"T":\#(250 + index)}"#, status: status,
                 responsesJSON: status == .completed ? #"{"emission":610}"# : nil, recordID: record,
                 suggestedAt: "2026-11-22T08:00:0\(index)Z", observedAt: status == .pending ? nil : "2026-11-22T08:01:00Z")
    }

    @Test("a step writes state, trials and records together; trials update in place")
    func stepRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        try store.createCampaign(campaign("c1"))
        try store.commitCampaignStep(campaignID: "c1", stateJSON: #"{"asked":2}"#, trials: [trial("c1", 0, .pending), trial("c1", 1, .pending)], records: [])
        let record = SynthesisRecord(id: "c1/0", synthesis: Synthesis(material: MaterialSystem(core: "CdSe"), method: .hotInjection))
        try store.commitCampaignStep(campaignID: "c1", stateJSON: #"{"told":1}"#, trials: [trial("c1", 0, .completed, record: "c1/0")], records: [record])

        let reopened = try directory.store()
        let trials = try reopened.trials(campaignID: "c1")
        #expect(trials.map(\.status) == [.completed, .pending])
        #expect(trials[0].recordID == "c1/0")
        #expect(trials[0].responsesJSON == #"{"emission":610}"#)
        #expect(try reopened.campaign(id: "c1")?.stateJSON == #"{"told":1}"#)
        #expect(try reopened.record(id: "c1/0") != nil)
        #expect(try reopened.campaigns().map(\.id) == ["c1"])
    }

    @Test("a duplicate id, an empty id and an unknown campaign are refused with the way out")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        try store.createCampaign(campaign("c1"))
        let duplicate = #expect(throws: DataError.self) { try store.createCampaign(campaign("c1")) }
        #expect(duplicate?.message.contains("already exists") == true)
        #expect(throws: DataError.self) { try store.createCampaign(campaign(" ")) }
        let unknown = #expect(throws: DataError.self) {
            try store.commitCampaignStep(campaignID: "nope", stateJSON: "{}", trials: [], records: [])
        }
        #expect(unknown?.kind == .notFound)
    }

    @Test("a step that fails half-way writes nothing")
    func failedStepIsAtomic() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        try store.createCampaign(campaign("c1"))
        try store.createCampaign(campaign("c2"))
        // A trial of another campaign is rejected before anything is written.
        #expect(throws: DataError.self) {
            try store.commitCampaignStep(campaignID: "c1", stateJSON: #"{"x":1}"#, trials: [trial("c1", 0, .pending), trial("c2", 0, .pending)], records: [])
        }
        #expect(try store.trials(campaignID: "c1").isEmpty)
        #expect(try store.campaign(id: "c1")?.stateJSON == "{}")
    }
}

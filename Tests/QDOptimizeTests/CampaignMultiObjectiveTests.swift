import Foundation
import QDData
import Testing

@testable import QDOptimize

/// A temporary folder holding a real SQLite store file, removed by `cleanup()`.
private struct StoreFolder {
    let directory: URL
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qdopt-mo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    /// A new connection to the same file (as a restarted process would open it).
    func open() throws -> SQLiteStore { try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path) }
    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}

/// A campaign file with two objectives: emission on target and PLQY up (strategy and extras appended).
private func spec(_ strategy: String, extra: String = "", plqy: String = "{response: plqy, goal: maximize, low: 0, high: 1, weight: 2}") -> String {
    """
    name: mo-\(strategy)
    seed: 5
    budget: 12
    batch: 2
    initial_count: 4
    parameters:
      - {name: x, kind: continuous, low: 0, high: 1}
      - {name: ligand, kind: categorical, levels: [oleic, stearic]}
    strategy: \(strategy)
    objectives:
      - {response: emission_nm, goal: target, target: 620, tolerance: 5, low: 590, high: 650, threshold: 5}
      - \(plqy)
    \(extra)
    """
}

/// A trade-off: emission moves through the target as x rises while PLQY falls; stearic costs 0.1 PLQY.
private func responses(_ p: Point) -> [String: Double] {
    let x = p["x"]?.number ?? 0
    return ["emission_nm": 600 + 40 * x, "plqy": 0.9 - 0.6 * x * x - (p["ligand"]?.level == "stearic" ? 0.1 : 0)]
}

@Suite("Campaigns with several objectives (desirability, Chimera, ParEGO, EHVI)")
struct CampaignMultiObjectiveTests {
    @Test("multi-objective files read into the matching scalar objective or Pareto engine")
    func parse() throws {
        let desirability = try CampaignSpec.parse(yaml: spec("desirability"))
        guard case .desirability(let terms) = try desirability.settings().objective else {
            Issue.record("not a desirability objective")
            return
        }
        #expect(terms.map(\.response) == ["emission_nm", "plqy"] && terms[1].weight == 2 && terms[1].range == 0...1)
        #expect(desirability.objective.response == "emission_nm" && desirability.allObjectives.count == 2)
        let chimera = try CampaignSpec.parse(yaml: spec("chimera"))
        guard case .chimera(let levels) = try chimera.settings().objective else {
            Issue.record("not a Chimera objective")
            return
        }
        #expect(levels.map(\.threshold) == [5, nil] && levels[0].range == 590...650)
        let pareto = try CampaignSpec.parse(yaml: spec("pareto", extra: "reference_point: {emission_nm: 30, plqy: 0.1}"))
        #expect(try pareto.resolvedStrategy() == .pareto)
        // Minimisation form: |y − t| for the target, −y for the maximised PLQY.
        #expect(pareto.minimisationVector(["emission_nm": 612, "plqy": 0.5]) == [8, -0.5])
        #expect(pareto.declaredReference == [30, -0.1])
        #expect(pareto.minimisationVector(["emission_nm": 612]) == nil)
    }

    @Test("a single-objective spec encodes and compares exactly as before (no multi-objective keys)")
    func singleUnchanged() throws {
        let text = "name: a\nbudget: 3\nparameters:\n  - {name: x, kind: continuous, low: 0, high: 1}\nobjective: {response: v, goal: maximize}"
        let single = try CampaignSpec.parse(yaml: text)
        let json = try Campaign.json(single)
        #expect(!json.contains("objectives") && !json.contains("strategy") && !json.contains("reference_point"))
        #expect(try JSONDecoder().decode(CampaignSpec.self, from: Data(json.utf8)) == single)
        #expect(try single.resolvedStrategy() == .single && single.allObjectives == [single.objective])
        #expect(try single.settings().objective == .single(response: "v", goal: .maximize))
    }

    @Test("a bad multi-objective file names the line, the entry and the rule", arguments: [
        (spec("desirability", plqy: "{response: plqy, goal: upward}"), "line 12 (objectives[1])", "goal 'upward' is unknown"),
        (spec("desirability", plqy: "{response: plqy, goal: maximize}"), "line 12 (objectives[1])", "needs 'low' and 'high'"),
        (spec("sideways"), "line 9 (strategy)", "rule: desirability, chimera, pareto or ehvi"),
        (spec("pareto", plqy: "{response: emission_nm, goal: maximize}"), "line 12 (objectives[1])", "listed twice"),
        (spec("pareto", extra: "reference_point: {plqy: 0.1}"), "(reference_point)", "one value per objective"),
        (spec("desirability", extra: "reference_point: {emission_nm: 30, plqy: 0.1}"), "(reference_point)", "pareto and ehvi only"),
        (spec("ehvi", extra: (1...4).map { "  - {response: r\($0), goal: minimize}" }.joined(separator: "\n")), "line 11 (objectives)",
         "takes 2 to 5 objectives. Got 6; combine some with strategy desirability"),
        (spec("chimera").replacingOccurrences(of: "goal: target, target: 620, tolerance: 5, low: 590, high: 650, threshold: 5", with: "goal: maximize, low: 590, high: 650"),
         "line 11 (objectives[0])", "needs 'threshold'"),
        (spec("pareto").replacingOccurrences(of: "strategy: pareto\n", with: ""), "(objectives)", "need a 'strategy'"),
        (spec("pareto", extra: "objective: {response: v, goal: maximize}"), "line 11", "either 'objective'"),
    ])
    func badFiles(yaml: String, location: String, rule: String) throws {
        let error = #expect(throws: OptimizeError.self) { try CampaignSpec.parse(yaml: yaml, source: "mo.yaml") }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("mo.yaml") && message.contains(location) && message.contains(rule), "\(message)")
    }

    /// The resume test of single-objective campaigns, for each multi-objective strategy: suggest, observe part of a
    /// batch, drop the connection ("kill"), reopen the SQLite file, finish the batch on both and compare.
    @Test("ask → pending, tell, kill, resume: the resumed campaign suggests what an uninterrupted one would",
          arguments: ["desirability", "chimera", "pareto", "ehvi"])
    func resumeIsExact(strategy: String) throws {
        let folder = try StoreFolder()
        defer { folder.cleanup() }
        let parsed = try CampaignSpec.parse(yaml: spec(strategy))
        var live = try Campaign.create(parsed, in: try folder.open())
        for _ in 0..<3 {
            for t in try live.suggest() { try live.observe(trial: t.index, responses: responses(t.point)) }
        }
        let batch = try live.suggest()
        #expect(batch.count == 2 && live.pending.count == 2)
        try live.observe(trial: batch[0].index, responses: responses(batch[0].point))
        var resumed = try Campaign.load(parsed.name, from: try folder.open())
        #expect(resumed.trials == live.trials && resumed.optimizer.state == live.optimizer.state)
        #expect(resumed.pending.map(\.index) == [batch[1].index])
        for t in resumed.pending { try resumed.observe(trial: t.index, responses: responses(t.point)) }
        for t in live.pending { try live.observe(trial: t.index, responses: responses(t.point)) }
        let next = try resumed.suggest().map(\.point)
        #expect(next == (try live.suggest()).map(\.point))
        #expect(Set(next.map { $0["x"]?.number ?? -1 }).count == 2, "a batch of two distinct points")
        // Progress reads the same after a reload.
        let reloaded = try Campaign.load(parsed.name, from: try folder.open())
        #expect(reloaded.bestSoFar == live.bestSoFar && reloaded.bestSoFar.count == 8)
        if live.strategy.isPareto {
            #expect(reloaded.best == nil && !reloaded.paretoFront.isEmpty && (reloaded.hypervolume ?? 0) > 0)
            #expect(zip(reloaded.bestSoFar, reloaded.bestSoFar.dropFirst()).allSatisfy { $0 <= $1 })
        } else {
            let best = try #require(reloaded.best)
            #expect(reloaded.score(best) != nil)
        }
    }

    /// Three objectives (the two above and a FWHM to minimise), with a failed run among the results so that the
    /// feasibility model is part of what must be rebuilt identically: suggest, observe, kill, reopen, compare; then
    /// status reports a front and a positive hypervolume in three objectives.
    @Test("three objectives with a failure: ehvi and pareto resume exactly and report hypervolume", arguments: ["ehvi", "pareto"])
    func threeObjectives(strategy: String) throws {
        let folder = try StoreFolder()
        defer { folder.cleanup() }
        let parsed = try CampaignSpec.parse(yaml: spec(strategy, extra: "  - {response: fwhm_nm, goal: minimize}"))
        #expect(parsed.allObjectives.count == 3)
        var live = try Campaign.create(parsed, in: try folder.open())
        func observe(_ t: Trial, on campaign: inout Campaign) throws {
            let x = t.point["x"]?.number ?? 0
            if x > 0.85 { return try campaign.observe(trial: t.index, responses: [:], failed: true) }
            var r = responses(t.point)
            r["fwhm_nm"] = 25 + 40 * (x - 0.4) * (x - 0.4) + (t.point["ligand"]?.level == "stearic" ? -2 : 0)
            try campaign.observe(trial: t.index, responses: r)
        }
        // A failure from outside the suggestions, so the feasibility model is fitted whatever the design hits.
        try live.observe(point: ["x": 0.95, "ligand": .level("oleic")], responses: [:], failed: true)
        for _ in 0..<3 {
            for t in try live.suggest() { try observe(t, on: &live) }
        }
        let batch = try live.suggest()
        try observe(batch[0], on: &live)
        var resumed = try Campaign.load(parsed.name, from: try folder.open())
        #expect(resumed.optimizer.state == live.optimizer.state)
        for t in resumed.pending { try observe(t, on: &resumed) }
        for t in live.pending { try observe(t, on: &live) }
        let next = try resumed.suggest().map(\.point)
        #expect(next == (try live.suggest()).map(\.point) && next.count == 2)
        let reloaded = try Campaign.load(parsed.name, from: try folder.open())
        #expect(!reloaded.paretoFront.isEmpty && (reloaded.hypervolume ?? 0) > 0 && reloaded.referencePoint?.count == 3)
        // Never falls, up to rounding: a dominated point with a new f₃ splits one slab into two (1e-12 relative).
        let soFar = reloaded.hypervolumeSoFar
        #expect(zip(soFar, soFar.dropFirst()).allSatisfy { $0 <= $1 * (1 + 1e-12) }, "\(soFar)")
    }

    /// Hand-computed front and hypervolume. Outside observations (minimisation form |emission − 620|, −plqy):
    /// A (616, 0.8) → (4, −0.8); B (620, 0.5) → (0, −0.5); C (630, 0.7) → (10, −0.7), dominated by A; D failed.
    /// Against the declared reference (|Δ| 20 nm, PLQY 0.1) → (20, −0.1): sweep by f₁: B adds (20 − 0)·(−0.1 + 0.5)
    /// = 8, A adds (20 − 4)·(−0.5 + 0.8) = 4.8; total 12.8.
    @Test("status of a Pareto campaign: front, hypervolume against the declared reference, hypervolume so far")
    func frontAndHypervolume() throws {
        let folder = try StoreFolder()
        defer { folder.cleanup() }
        let parsed = try CampaignSpec.parse(yaml: spec("pareto", extra: "reference_point: {emission_nm: 20, plqy: 0.1}"))
        var campaign = try Campaign.create(parsed, in: try folder.open())
        try campaign.observe(point: ["x": 0.1, "ligand": .level("oleic")], responses: ["emission_nm": 616, "plqy": 0.8])
        try campaign.observe(point: ["x": 0.2, "ligand": .level("oleic")], responses: ["emission_nm": 620, "plqy": 0.5])
        try campaign.observe(point: ["x": 0.3, "ligand": .level("oleic")], responses: ["emission_nm": 630, "plqy": 0.7])
        try campaign.observe(point: ["x": 0.4, "ligand": .level("oleic")], responses: [:], failed: true)
        #expect(campaign.paretoFront.map(\.index) == [0, 1])
        #expect(abs((campaign.hypervolume ?? 0) - 12.8) <= 1e-12)
        #expect(campaign.referenceResponses == ["emission_nm": 20, "plqy": 0.1])
        let soFar = campaign.hypervolumeSoFar
        #expect(soFar.count == 4 && abs(soFar[0] - 16 * 0.7) <= 1e-12 && abs(soFar[3] - 12.8) <= 1e-12)
        // A missing second objective is refused, naming it, and nothing is written.
        let error = #expect(throws: OptimizeError.self) {
            try campaign.observe(point: ["x": 0.5, "ligand": .level("oleic")], responses: ["emission_nm": 611])
        }
        #expect(error?.message.contains("'plqy'") == true)
        #expect(try Campaign.load(parsed.name, from: try folder.open()).trials.count == 4)
        // The results template lists both responses.
        #expect(campaign.resultColumns.suffix(3) == ["status", "emission_nm", "plqy"])
        #expect(CampaignPlots.front(campaign) != nil && CampaignPlots.convergence(campaign).series.count == 1)
    }

    @Test("without a declared reference the worst observed value plus 10 % of the range is used")
    func computedReference() throws {
        let folder = try StoreFolder()
        defer { folder.cleanup() }
        var campaign = try Campaign.create(try CampaignSpec.parse(yaml: spec("ehvi")), in: try folder.open())
        #expect(campaign.referencePoint == nil && campaign.hypervolume == nil)
        try campaign.observe(point: ["x": 0.1, "ligand": .level("oleic")], responses: ["emission_nm": 616, "plqy": 0.8])
        try campaign.observe(point: ["x": 0.2, "ligand": .level("oleic")], responses: ["emission_nm": 620, "plqy": 0.5])
        // f₁ ∈ {4, 0} → 4 + 0.4; f₂ ∈ {−0.8, −0.5} → −0.5 + 0.03.
        let r = try #require(campaign.referencePoint)
        #expect(abs(r[0] - 4.4) <= 1e-12 && abs(r[1] + 0.47) <= 1e-12)
    }

    @Test("the example campaign files in docs/examples parse", arguments: ["campaign-pareto.yaml", "campaign-chimera.yaml"])
    func examples(file: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("docs/examples").appendingPathComponent(file).path
        let parsed = try CampaignSpec.parse(yaml: try String(contentsOfFile: path, encoding: .utf8), source: file)
        #expect(parsed.allObjectives.count >= 2 && parsed.strategy != nil)
        _ = try parsed.space()
        _ = try parsed.settings()
    }
}

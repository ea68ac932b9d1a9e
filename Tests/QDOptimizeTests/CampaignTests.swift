import Foundation
import QDData
import Testing

@testable import QDOptimize

/// A temporary SQLite store, removed by `cleanup()`.
private struct TemporaryStore {
    let directory: URL
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qdopt-campaign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    func open() throws -> SQLiteStore { try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path) }
    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}

private let specYAML = """
    name: quad
    seed: 11
    budget: 12
    batch: 3
    initial_count: 4
    parameters:
      - {name: x, kind: continuous, low: 0, high: 1}
      - {name: y, kind: continuous, low: 0.1, high: 10, scale: log}
      - {name: ligand, kind: categorical, levels: [oleic, stearic]}
    objective: {response: emission_nm, goal: target, target: 620, tolerance: 5}
    """

/// A smooth test response with its optimum inside the space.
private func response(_ p: Point) -> Double {
    let x = p["x"]?.number ?? 0, y = p["y"]?.number ?? 1
    return 600 + 40 * x - 10 * pow(log10(y), 2) + (p["ligand"]?.level == "oleic" ? 0 : -5)
}

@Suite("Campaigns persisted in the store")
struct CampaignTests {
    @Test("a YAML spec reads with defaults and converts to space and settings")
    func parse() throws {
        let spec = try CampaignSpec.parse(yaml: specYAML)
        #expect(spec.budget == 12 && spec.batch == 3 && spec.initialDesign == "sobol" && spec.acquisition == "log_ei")
        #expect(try spec.space().names == ["x", "y", "ligand"])
        #expect(spec.meets(617) && !spec.meets(626))
    }

    @Test("a bad file names the line and the rule", arguments: [
        ("name: a\nbudget: 3\nparameters:\n  - {name: x, kind: continuous, low: abc, high: 1}\nobjective: {response: v, goal: maximize}", "line 4"),
        ("name: a\nbudget: 3\nparameters:\n  - {name: x, kind: wobbly, low: 0, high: 1}\nobjective: {response: v, goal: maximize}", "kind 'wobbly'"),
        ("name: a\nbudget: 0\nparameters:\n  - {name: x, kind: continuous, low: 0, high: 1}\nobjective: {response: v, goal: maximize}", "'budget' must be ≥ 1"),
        ("name: a\nbudget: 3\nparameters:\n  - {name: x, kind: continuous, low: 2, high: 1}\nobjective: {response: v, goal: maximize}", "lower < upper"),
        ("name: a\nbudget: 3\nparameters:\n  - {name: x, kind: continuous, low: 0, high: 1}\nobjective: {response: v, goal: target}", "needs 'target' and 'tolerance'"),
        ("name: a\nparameters: []\nobjective: {response: v, goal: maximize}", "'budget' is missing"),
    ])
    func badFiles(yaml: String, expected: String) throws {
        let error = #expect(throws: OptimizeError.self) { try CampaignSpec.parse(yaml: yaml, source: "spec.yaml") }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.hasPrefix("spec.yaml") == true)
    }

    @Test("suggest, observe, reload: the resumed campaign suggests what an uninterrupted one would")
    func resumeIsExact() throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        let spec = try CampaignSpec.parse(yaml: specYAML)
        var live = try Campaign.create(spec, in: try tmp.open())
        for _ in 0..<2 {
            for t in try live.suggest() { try live.observe(trial: t.index, responses: ["emission_nm": response(t.point)]) }
        }
        let firstBatch = try live.suggest()
        // Observe one of the batch, then "crash": reload from a fresh connection.
        try live.observe(trial: firstBatch[0].index, responses: ["emission_nm": response(firstBatch[0].point)])
        var resumed = try Campaign.load("quad", from: try tmp.open())
        #expect(resumed.trials == live.trials)
        #expect(resumed.pending.map(\.index) == [7, 8])
        #expect(resumed.optimizer.state == live.optimizer.state)
        for t in resumed.pending { try resumed.observe(trial: t.index, responses: ["emission_nm": response(t.point)]) }
        for t in live.pending { try live.observe(trial: t.index, responses: ["emission_nm": response(t.point)]) }
        #expect(try resumed.suggest().map(\.point) == (try live.suggest()).map(\.point))
    }

    @Test("budget, duplicates, unknown trials and points outside the space are refused; failures count")
    func refusals() throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        var spec = try CampaignSpec.parse(yaml: specYAML)
        spec.budget = 4
        var campaign = try Campaign.create(spec, in: try tmp.open())
        let batch = try campaign.suggest(count: 3)
        try campaign.observe(trial: batch[0].index, responses: [:], failed: true)
        let duplicate = #expect(throws: OptimizeError.self) { try campaign.observe(trial: batch[0].index, responses: ["emission_nm": 600]) }
        #expect(duplicate?.message.contains("already failed") == true)
        #expect(throws: OptimizeError.self) { try campaign.observe(trial: 99, responses: ["emission_nm": 600]) }
        #expect(throws: OptimizeError.self) { try campaign.observe(trial: batch[1].index, responses: ["other": 600]) }
        #expect(throws: OptimizeError.self) {
            try campaign.observe(point: ["x": 2, "y": 1, "ligand": "oleic"], responses: ["emission_nm": 600])
        }
        // Observing by point completes the matching pending trial.
        #expect(try campaign.observe(point: batch[2].point, responses: ["emission_nm": 612]) == batch[2].index)
        #expect(try campaign.suggest(count: 5).count == 1)
        let spent = #expect(throws: OptimizeError.self) { try campaign.suggest() }
        #expect(spent?.message.contains("used its budget of 4") == true)
        let reloaded = try Campaign.load("quad", from: try tmp.open())
        #expect(reloaded.trials.map(\.status) == [.failed, .pending, .completed, .pending])
        #expect(reloaded.best?.index == batch[2].index)
    }

    @Test("initial points are suggested first, in order, then the optimiser takes over; a point outside the space is refused")
    func initialPoints() throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        var spec = try CampaignSpec.parse(yaml: specYAML + "\ninitial_points:\n  - {x: 0.5, y: 2, ligand: oleic}\n  - {x: 0.25, y: 1, ligand: stearic}\n")
        #expect(spec.initialPoints.count == 2)
        var campaign = try Campaign.create(spec, in: try tmp.open())
        let first = try campaign.suggest(count: 1)
        #expect(first.map(\.point) == [["x": 0.5, "y": 2, "ligand": "oleic"]])
        let next = try campaign.suggest(count: 3)
        #expect(next[0].point == ["x": 0.25, "y": 1, "ligand": "stearic"])
        #expect(Set(next.dropFirst().map { $0.point }).count == 2)
        spec.name = "other"
        spec.initialPoints = [["x": 3, "y": 1, "ligand": "oleic"]]
        let error = #expect(throws: OptimizeError.self) { try spec.validated() }
        #expect(error?.message.contains("initial_points[0]") == true)
    }

    @Test("opening an existing name with another definition says what differs")
    func openOrCreate() throws {
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        let spec = try CampaignSpec.parse(yaml: specYAML)
        #expect(try Campaign.openOrCreate(spec, in: try tmp.open()).resumed == false)
        #expect(try Campaign.openOrCreate(spec, in: try tmp.open()).resumed == true)
        var other = spec
        other.budget = 20
        let error = #expect(throws: OptimizeError.self) { try Campaign.openOrCreate(other, in: try tmp.open()) }
        #expect(error?.message.contains("budget 12 vs 20") == true)
    }

    @Test("YAML: input_transform, surrogate, noisy_ei and active_if reach the settings and the space")
    func newKeys() throws {
        let yaml = """
            name: shells
            budget: 10
            acquisition: noisy_ei
            input_transform: rank
            surrogate: forest
            parameters:
              - {name: core_nm, kind: continuous, low: 2, high: 6}
              - {name: shell, kind: categorical, levels: [none, ZnS]}
              - {name: shell_nm, kind: continuous, low: 0.3, high: 2, active_if: {parameter: shell, values: [ZnS]}}
            objective: {response: plqy, goal: maximize}
            """
        let spec = try CampaignSpec.parse(yaml: yaml)
        let settings = try spec.settings()
        #expect(settings.inputTransform == .rank && settings.surrogate == .randomForest)
        #expect(settings.acquisition == .noisyExpectedImprovement(samples: 64))
        let space = try spec.space()
        #expect(space.parameters[2].activeIf == ActivityCondition("shell", in: ["ZnS"]))
        #expect(space.point(native: try space.nativeVector(["core_nm": 3, "shell": "none"])) == ["core_nm": 3, "shell": "none"])
        // A spec saved before the new keys existed reads with the defaults (and the JSON round trip keeps them).
        let old = try CampaignSpec.parse(yaml: specYAML)
        #expect(old.inputTransform == "unit_cube" && old.surrogate == "gp")
        #expect(try old.settings() == BayesianOptimizerSettings(objective: old.settings().objective, initialCount: 4, seed: 11))
        #expect(try JSONDecoder().decode(CampaignSpec.self, from: JSONEncoder().encode(spec)) == spec)
        // A conditional campaign runs end to end in the store.
        let tmp = try TemporaryStore()
        defer { tmp.cleanup() }
        var campaign = try Campaign.create(spec, in: try tmp.open())
        for _ in 0..<3 {
            for t in try campaign.suggest(count: 2) {
                #expect((t.point["shell_nm"] != nil) == (t.point["shell"] == "ZnS"))
                let thickness = t.point["shell_nm"]?.number ?? 0
                try campaign.observe(trial: t.index, responses: ["plqy": 50 + 10 * thickness - abs((t.point["core_nm"]?.number ?? 0) - 4)])
            }
        }
        #expect(try Campaign.load("shells", from: try tmp.open()).trials.count == 6)
    }

    @Test("a bad condition or key in a file names its line and entry", arguments: [
        ("  - {name: t, kind: continuous, low: 0, high: 1, active_if: {parameter: s, values: [zz]}}", "line 6 (parameters[1].active_if)", "no level 'zz'"),
        ("  - {name: t, kind: continuous, low: 0, high: 1, active_if: {parameter: later, values: [a]}}", "line 6 (parameters[1].active_if)", "declared before"),
        ("  - {name: t, kind: continuous, low: 1, high: 0}", "line 6 (parameters[1])", "lower < upper"),
    ])
    func badConditionFile(_ entry: String, _ location: String, _ rule: String) throws {
        let yaml = "name: a\nbudget: 3\nparameters:\n  - {name: s, kind: categorical, levels: [a, b]}\n\n" + entry
            + "\n  - {name: later, kind: categorical, levels: [a, b]}\nobjective: {response: v, goal: maximize}"
        let error = #expect(throws: OptimizeError.self) { try CampaignSpec.parse(yaml: yaml, source: "spec.yaml") }
        #expect(error?.message.contains(location) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(rule) == true, "\(error?.message ?? "")")
        let keyError = #expect(throws: OptimizeError.self) { try CampaignSpec.parse(yaml: "name: a\nbudget: 3\nsurrogate: svm\nparameters:\n  - {name: s, kind: continuous, low: 0, high: 1}\nobjective: {response: v, goal: maximize}") }
        #expect(keyError?.message.contains("'surrogate' is 'svm' (rule: gp or forest)") == true)
    }
}

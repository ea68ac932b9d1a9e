import Foundation
import Testing

/// `qdlab control train|run|compare` run as a user runs them, on tiny tasks (1 min, 2 intervals) so the debug
/// build stays quick.
@Suite("qdlab control (end to end)")
struct ControlCLITests {
    static let tiny = ["--target-diameter", "3", "--duration", "1", "--intervals", "2", "--variability", "none"]

    struct TrainSummary: Decodable { let episodesTrained: Int; let out: String }
    struct Trajectory: Decodable {
        struct Step: Decodable { let setPointCelsius: Double }
        struct Score: Decodable { let meanDiameterNanometres: Double; let success: Bool }
        let steps: [Step]
        let score: Score
    }
    struct Report: Decodable {
        struct Method: Decodable { let method: String; let experimentsPerSeed: Int }
        let methods: [Method]
    }

    @Test("train writes a controller that run replays identically, as JSON and as a table")
    func trainThenRun() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = try CLIRunner.run(["control", "train", "--episodes", "4", "--seed", "1", "--out", "p.json", "--json"] + Self.tiny, in: dir)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let summary = try JSONDecoder().decode(TrainSummary.self, from: Data(train.stdout.utf8))
        #expect(summary.episodesTrained == 4)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.json").path))

        let run = try CLIRunner.run(["control", "run", "--policy", "p.json", "--seed", "2", "--json"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let trajectory = try JSONDecoder().decode(Trajectory.self, from: Data(run.stdout.utf8))
        #expect(trajectory.steps.count == 2)
        #expect(trajectory.score.meanDiameterNanometres > 1.5)
        let again = try CLIRunner.run(["control", "run", "--policy", "p.json", "--seed", "2", "--json"], in: dir)
        #expect(again.stdout == run.stdout)

        let table = try CLIRunner.run(["control", "run", "--policy", "p.json"], in: dir)
        #expect(table.status == 0)
        #expect(table.stdout.contains("set-point") && table.stdout.contains("product: d ="))
    }

    @Test("negative episodes exit 1 naming the setting and the value")
    func negativeEpisodes() throws {
        let result = try CLIRunner.run(["control", "train", "--episodes", "-3"] + Self.tiny)
        #expect(result.status == 1)
        #expect(result.stderr.contains("'episodes'") && result.stderr.contains("-3"))
    }

    @Test("a target diameter out of range exits 1 naming the value and the rule")
    func targetOutOfRange() throws {
        let result = try CLIRunner.run(["control", "compare", "--target-diameter", "50"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Target diameter 50") && result.stderr.contains("rule"))
    }

    @Test("a missing controller file exits 1 and says how to make one")
    func missingPolicy() throws {
        let result = try CLIRunner.run(["control", "run", "--policy", "/nonexistent/policy.json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("qdlab control train"))
    }

    @Test("compare lists the five methods with their experiment counts")
    func tinyCompare() throws {
        let result = try CLIRunner.run(
            ["control", "compare", "--budget", "2", "--seeds", "1", "--episodes", "3", "--evaluation-runs", "1", "--json"] + Self.tiny)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.methods.map(\.experimentsPerSeed) == [0, 2, 2, 2, 3])
        #expect(report.methods.first?.method == "constant temperature")
    }
}

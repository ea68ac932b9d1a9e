import Foundation
import Testing

/// `qdlab twin simulate` run as a user runs it.
@Suite("qdlab twin simulate (end to end)")
struct TwinCLITests {
    struct Answer: Decodable {
        struct State: Decodable { let state: String; let failureMode: String? }
        struct Outcome: Decodable { let absorptionPeakNanometres: Double? }
        let status: State
        let outcome: Outcome
    }

    func simulate(_ extra: [String]) throws -> (Answer, String) {
        let result = try CLIRunner.run(["twin", "simulate", "--json"] + extra)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return (try JSONDecoder().decode(Answer.self, from: Data(result.stdout.utf8)), result.stdout)
    }

    @Test("the standard CdSe recipe succeeds with a first exciton in the visible, identically for one seed")
    func standardRecipe() throws {
        let (answer, text) = try simulate(["--seed", "7"])
        #expect(answer.status.state == "succeeded")
        let peak = try #require(answer.outcome.absorptionPeakNanometres)
        #expect(peak > 480 && peak < 650)
        let (_, again) = try simulate(["--seed", "7"])
        #expect(text == again)
    }

    @Test("no ligand comes back as a failed synthesis, not an error")
    func failureIsData() throws {
        let (answer, _) = try simulate(["--ligand", "0"])
        #expect(answer.status.state == "failed")
        #expect(answer.status.failureMode == "aggregation")
    }

    @Test("a growth temperature out of bounds exits 1 naming the value and the range")
    func badRecipe() throws {
        let result = try CLIRunner.run(["twin", "simulate", "--growth-temperature", "900"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("900") && result.stderr.contains("rule"))
    }
}

/// `qdlab twin scan`, `bench` and `kinetics` run as a user runs them.
@Suite("qdlab twin scan, bench, kinetics (end to end)")
struct TwinToolsCLITests {
    @Test("scan tabulates every time × temperature, and 270 °C for 10 min is the narrow 620 nm product")
    func scan() throws {
        let result = try CLIRunner.run(["twin", "scan", "--times", "2,10", "--temperatures", "250,270", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        struct Row: Decodable {
            struct Truth: Decodable { let emissionPeakNanometres: Double?; let relativeStandardDeviation: Double }
            let growthTemperatureCelsius: Double
            let growthTimeMinutes: Double
            let status: String
            let truth: Truth?
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        #expect(rows.count == 4)
        let target = try #require(rows.first { $0.growthTemperatureCelsius == 270 && $0.growthTimeMinutes == 10 })
        #expect(target.status == "succeeded")
        #expect(abs((target.truth?.emissionPeakNanometres ?? 0) - 620) < 5)
    }

    @Test("bench reports a median over the requested count")
    func bench() throws {
        let result = try CLIRunner.run(["twin", "bench", "--count", "3", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        struct Summary: Decodable { let count: Int; let medianMilliseconds: Double; let medianCPUMilliseconds: Double }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(summary.count == 3 && summary.medianMilliseconds > 0 && summary.medianCPUMilliseconds > 0)
    }

    @Test("kinetics prints JSON that simulate accepts back with --kinetics")
    func kineticsRoundTrip() throws {
        let printed = try CLIRunner.run(["twin", "kinetics", "PbS"])
        #expect(printed.status == 0 && printed.stdout.contains("lead oxide"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qdlab-pbs-\(UUID().uuidString).json")
        try printed.stdout.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let run = try CLIRunner.run([
            "twin", "simulate", "--material", "PbS", "--injection-temperature", "150", "--growth-temperature", "150",
            "--growth-time", "0.5", "--metal", "0.4", "--anion", "0.2", "--ligand", "4", "--kinetics", path.path,
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("succeeded"))
    }
}

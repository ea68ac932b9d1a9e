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

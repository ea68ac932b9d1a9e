import Foundation
import Testing

/// `qdlab campaign` with several objectives, as a user runs it: new, suggest → fill in → observe, status.
@Suite("qdlab campaign with several objectives (end to end)", .serialized)
struct CampaignCLITests {
    private static let spec = """
        name: trade-off
        seed: 3
        budget: 8
        batch: 2
        initial_count: 4
        parameters:
          - {name: x, kind: continuous, low: 0, high: 1}
          - {name: ligand, kind: categorical, levels: [oleic, stearic]}
        strategy: STRATEGY
        objectives:
          - {response: emission_nm, goal: target, target: 620, tolerance: 5}
          - {response: plqy, goal: maximize, low: 0, high: 1}
        reference_point: {emission_nm: 30, plqy: 0}
        """

    /// The "experiment": emission crosses the target as x rises while PLQY falls.
    private static func measure(x: Double, ligand: String) -> (Double, Double) {
        (600 + 40 * x, 0.9 - 0.6 * x * x - (ligand == "stearic" ? 0.1 : 0))
    }

    private struct Status: Decodable {
        struct Entry: Decodable {
            let trial: Int
            let responses: [String: Double]
        }
        let strategy: String
        let observed: Int
        let paretoFront: [Entry]?
        let hypervolume: Double?
        let referencePoint: [String: Double]?
        let bestSoFar: [Double]
    }

    /// Runs `qdlab` and requires exit 0.
    private func qdlab(_ args: [String], in dir: URL) throws -> String {
        let r = try CLIRunner.run(args, in: dir)
        #expect(r.status == 0, "qdlab \(args.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    @Test("pareto and ehvi: new, four rounds of suggest/observe from the CSV template, status with front and hypervolume",
          arguments: ["pareto", "ehvi"])
    func paretoRoundTrip(strategy: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        try Self.spec.replacingOccurrences(of: "STRATEGY", with: strategy).write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let created = try qdlab(["campaign", "new", "spec.yaml", "--store", store], in: dir)
        #expect(created.contains("2 objectives (emission_nm, plqy) by \(strategy)"))
        for _ in 0..<4 {
            _ = try qdlab(["campaign", "suggest", "trade-off", "--store", store, "--out", "batch.csv"], in: dir)
            let lines = try String(contentsOf: dir.appendingPathComponent("batch.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.first == "trial,x,ligand,status,emission_nm,plqy")
            var filled = [lines[0]]
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let (emission, plqy) = Self.measure(x: Double(cells[1]) ?? .nan, ligand: cells[2])
                filled.append([cells[0], cells[1], cells[2], "", String(emission), String(plqy)].joined(separator: ","))
            }
            try (filled.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
            _ = try qdlab(["campaign", "observe", "trade-off", "results.csv", "--store", store], in: dir)
        }
        let json = try qdlab(["campaign", "status", "trade-off", "--store", store, "--json", "--svg", "hv.svg", "--front-svg", "front.svg"], in: dir)
        let status = try JSONDecoder().decode(Status.self, from: Data(json.utf8))
        #expect(status.strategy == strategy && status.observed == 8 && status.referencePoint == ["emission_nm": 30, "plqy": 0])
        let front = try #require(status.paretoFront)
        // The hypervolume recomputed by hand from the reported front: minimisation form (|e − 620|, −plqy), sorted
        // by the first, against (30, 0).
        let points = front.map { [abs(($0.responses["emission_nm"] ?? 0) - 620), -($0.responses["plqy"] ?? 0)] }.sorted { $0[0] < $1[0] }
        var area = 0.0, ceiling = 0.0
        for p in points where p[1] < ceiling && p[0] < 30 {
            area += (30 - p[0]) * (ceiling - p[1])
            ceiling = p[1]
        }
        #expect(abs((status.hypervolume ?? -1) - area) <= 1e-9 && area > 0)
        #expect(status.bestSoFar.count == 8 && zip(status.bestSoFar, status.bestSoFar.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(abs((status.bestSoFar.last ?? -1) - area) <= 1e-9)
        for file in ["hv.svg", "front.svg"] {
            #expect(try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).contains("<svg"))
        }
        let text = try qdlab(["campaign", "status", "trade-off", "--store", store], in: dir)
        #expect(text.contains("Pareto front (\(front.count) of 8 observed)") && text.contains("hypervolume"))
        // The budget is spent: suggest says so.
        let spent = try CLIRunner.run(["campaign", "suggest", "trade-off", "--store", store], in: dir)
        #expect(spent.status == 1 && spent.stderr.contains("used its budget of 8"))
    }

    @Test("desirability: status reports the best by D with every objective")
    func desirability() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let text = Self.spec.replacingOccurrences(of: "STRATEGY", with: "desirability").replacingOccurrences(of: "reference_point: {emission_nm: 30, plqy: 0}", with: "")
        try text.write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        _ = try qdlab(["campaign", "new", "spec.yaml", "--store", store], in: dir)
        let results = "x,ligand,emission_nm,plqy\n0.5,oleic,620,0.75\n0.1,oleic,604,0.89\n"
        try results.write(to: dir.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        _ = try qdlab(["campaign", "observe", "trade-off", "results.csv", "--store", store], in: dir)
        let out = try qdlab(["campaign", "status", "trade-off", "--store", store], in: dir)
        // D(620, 0.75) = √(1 · 0.75) ≈ 0.866; D(604, 0.89) = √(exp(−½ · 3.2²) · 0.89) ≈ 0.073: trial 0 is best.
        #expect(out.contains("best (desirability 0.866): trial 0, emission_nm = 620.000, plqy = 0.750"), "\(out)")
    }

    @Test("a bad campaign file names the line and the entry")
    func badFile() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.spec.replacingOccurrences(of: "STRATEGY", with: "pareto").replacingOccurrences(of: "goal: maximize", with: "goal: most")
        try text.write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["campaign", "new", "spec.yaml", "--store", dir.appendingPathComponent("s.sqlite").path], in: dir)
        #expect(r.status == 1 && r.stderr.contains("spec.yaml, line 12 (objectives[1])") && r.stderr.contains("'most' is unknown"), "\(r.stderr)")
    }
}

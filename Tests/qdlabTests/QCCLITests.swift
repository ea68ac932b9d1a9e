import Foundation
import Testing

/// `qdlab qc …` on the shipped datasets.
@Suite("CLI: qdlab qc")
struct QCCLITests {
    @Test("qc chart of the CdSe growth peaks: limits bracket the centre, JSON and SVG written")
    func chart() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["qc", "chart", "--dataset", "cdse-growth-imperial", "--metric", "abs_nm", "--svg", "qc.svg", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((answer["batches"] as? [String])?.count == 144)
        let individuals = try #require(answer["individuals"] as? [String: Any])
        let centre = try #require(individuals["centre"] as? Double)
        let first = try #require((individuals["points"] as? [[String: Any]])?.first)
        #expect((first["lowerLimit"] as? Double ?? .infinity) < centre && (first["upperLimit"] as? Double ?? -.infinity) > centre)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("qc.svg").path))
    }

    @Test("qc batches clusters the carbon-dot samples and reports anomalies")
    func batches() throws {
        let r = try CLIRunner.run(["qc", "batches", "--dataset", "cdots-karpushkin2023", "--metrics", "pl_nm,fwhm_nm,plqy", "--clusters", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((answer["batches"] as? [String])?.count == 26)
        #expect(((answer["kMeans"] as? [String: Any])?["labels"] as? [Int])?.count == 26)
    }

    @Test("qc bad input: unknown dataset, unknown metric, a metric the dataset lacks")
    func bad() throws {
        let unknown = try CLIRunner.run(["qc", "chart", "--dataset", "nope", "--metric", "pl_nm"])
        #expect(unknown.status == 1 && unknown.stderr.contains("No shipped dataset"))
        let metric = try CLIRunner.run(["qc", "chart", "--dataset", "cdse-growth-imperial", "--metric", "colour"])
        #expect(metric.status != 0 && metric.stderr.contains("metric"))
        let lacking = try CLIRunner.run(["qc", "chart", "--dataset", "cdse-growth-imperial", "--metric", "plqy"])
        #expect(lacking.status == 1 && lacking.stderr.contains("0 batch"))
    }
}

import Foundation
import Testing

/// `qdlab evaluate` run as a user runs it: the four datasets, data notes, family and random-split protocols.
@Suite("qdlab evaluate (end to end)")
struct EvaluateCLITests {
    struct Answer: Decodable {
        struct Note: Decodable { let label: String; let rows: Int }
        struct Row: Decodable { let model: String; let meanAbsoluteError: Double; let perFamilyMAE: [String: Double]? }
        let rows: Int
        let groups: Int
        let crossValidation: String
        let dataNotes: [Note]
        let results: [Row]
    }

    struct SplitAnswer: Decodable {
        struct Row: Decodable { let model: String; let firstSplitMAE: Double; let minimumMAE: Double; let maximumMAE: Double }
        let splits: Int
        let results: [Row]
    }

    func run(_ arguments: [String]) throws -> CLIRunner.Result {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try CLIRunner.run(["evaluate"] + arguments, in: dir)
    }

    @Test("CdSe PL peak, grouped by citation: typos merged, flags counted, GBM beats the mean")
    func cdse() throws {
        let r = try run(["--dataset", "cdse", "--target", "emission_nm", "--models", "mean,gbm-tuned", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try JSONDecoder().decode(Answer.self, from: Data(r.stdout.utf8))
        #expect(a.rows == 157)
        #expect(a.crossValidation == "group-doi")
        #expect(a.dataNotes.contains { $0.label == "typo-merged" })
        #expect(a.results[1].meanAbsoluteError < a.results[0].meanAbsoluteError)
    }

    @Test("carbon dots default to shuffled k-fold (no groups)")
    func cdots() throws {
        let r = try run(["--dataset", "cdots", "--target", "plqy", "--models", "mean", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try JSONDecoder().decode(Answer.self, from: Data(r.stdout.utf8))
        #expect(a.crossValidation == "kfold" && a.rows == 467)
    }

    @Test("leave-family-out reports the MAE on each held-out family")
    func families() throws {
        let r = try run(["--dataset", "inp,cdse", "--target", "abs_nm", "--cv", "leave-family-out", "--models", "mean", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try JSONDecoder().decode(Answer.self, from: Data(r.stdout.utf8))
        #expect(a.groups == 2)
        #expect(Set(a.results[0].perFamilyMAE?.keys.map { $0 } ?? []) == ["CdSe", "InP"])
    }

    @Test("random-split: one seeded split and the range over all splits")
    func randomSplits() throws {
        let r = try run(["--dataset", "inp", "--target", "abs_nm", "--cv", "random-split", "--splits", "5", "--models", "mean", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let a = try JSONDecoder().decode(SplitAnswer.self, from: Data(r.stdout.utf8))
        #expect(a.splits == 5)
        let m = try #require(a.results.first)
        #expect(m.minimumMAE <= m.firstSplitMAE && m.firstSplitMAE <= m.maximumMAE)
    }

    @Test("unknown dataset and target name the choices; several datasets need leave-family-out")
    func badNames() throws {
        let d = try run(["--dataset", "pbs", "--models", "mean"])
        #expect(d.status != 0 && d.stderr.contains("choose from inp (inp-nguyen2022), cdse"))
        let t = try run(["--dataset", "cspbbr3", "--target", "abs_nm", "--models", "mean"])
        #expect(t.status != 0 && t.stderr.contains("this dataset has emission_nm, fwhm, plqy"))
        let m = try run(["--dataset", "inp,cdse", "--models", "mean"])
        #expect(m.status != 0 && m.stderr.contains("only with --cv leave-family-out"))
    }
}

import Foundation
import Testing

/// `qdlab design` run as a user runs it (small grids keep each run short).
@Suite("qdlab design (end to end)")
struct DesignCLITests {
    struct Answer: Decodable {
        struct Ranked: Decodable {
            struct Candidate: Decodable {
                struct Metrics: Decodable { let emissionNanometres: Double; let fwhmNanometres: Double; let cadmiumMassFraction: Double; let leadMassFraction: Double }
                let id: String
                let metrics: Metrics
            }
            let rank: Int
            let candidate: Candidate
            let why: [String]
            let risks: [String]
        }
        let evaluated: Int
        let candidates: [Ranked]
    }

    static let small = ["--diameter-step", "0.25", "--composition-step", "0.5", "--thicknesses", "1"]

    func answer(_ arguments: [String]) throws -> Answer {
        let result = try CLIRunner.run(["design"] + arguments + Self.small + ["--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try JSONDecoder().decode(Answer.self, from: Data(result.stdout.utf8))
    }

    @Test("green, narrow, Cd-free: ranked candidates near 530 nm with no cadmium")
    func green() throws {
        let a = try answer(["--emission", "530", "--max-fwhm", "35", "--cd-free", "--top", "3"])
        #expect(a.candidates.count == 3)
        #expect(a.candidates.allSatisfy { abs($0.candidate.metrics.emissionNanometres - 530) <= 10 && $0.candidate.metrics.fwhmNanometres <= 35 })
        #expect(a.candidates.allSatisfy { $0.candidate.metrics.cadmiumMassFraction == 0 && !$0.why.isEmpty })
    }

    @Test("NIR-II with RoHS: peaks in 1000–1700 nm within the Annex II limits")
    func nirII() throws {
        let a = try answer(["--preset", "nir-ii", "--rohs", "--top", "5"])
        #expect(!a.candidates.isEmpty)
        for c in a.candidates {
            #expect((1000...1700).contains(c.candidate.metrics.emissionNanometres))
            #expect(c.candidate.metrics.cadmiumMassFraction <= 1e-4 && c.candidate.metrics.leadMassFraction <= 1e-3)
        }
    }

    @Test("unknown preset, unknown element and an impossible target exit 1 with clear messages", arguments: [
        (["--preset", "nir-3"], "Unknown preset 'nir-3'"),
        (["--emission", "530", "--elements", "In,P,Xx"], "Unknown element 'Xx'"),
        (["--emission", "300", "--cd-free", "--pb-free"], "Nearest feasible targets"),
        (["--emission", "620", "--element-cost", "--prices", "p.csv"], "--element-cost and --prices both set the cost model"),
    ])
    func errors(_ arguments: [String], _ expected: String) throws {
        let result = try CLIRunner.run(["design"] + arguments + Self.small)
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
    }

    @Test("--element-cost: CdSe priced from USGS element prices, InP (no phosphorus price) unknown and cut by --max-cost")
    func elementCost() throws {
        let a = try answer(["--emission", "620", "--element-cost", "--elements", "Cd,Se", "--top", "3"])
        #expect(!a.candidates.isEmpty)
        // CdSe raw elements at the table's year-2000 prices cost ~3.7e-3 USD/g (ElementPricesTests has the arithmetic).
        #expect(a.candidates.allSatisfy { $0.why.contains { $0.contains("raw-element lower bound") && $0.contains("cost ≈ 0.00") } })
        let inp = try CLIRunner.run(["design", "--emission", "620", "--element-cost", "--elements", "In,P,Zn,Se,S", "--max-cost", "100"] + Self.small)
        #expect(inp.status == 1, "InP/ZnSe has no sourced phosphorus or zinc price, so a cost limit must reject it; stdout: \(inp.stdout)")
    }

    @Test("cost sources: sourced table by default (CdSe unknown, CsPbBr3 priced), --indicative-prices, --catalogue")
    func costSources() throws {
        let cdse = ["--emission", "620", "--elements", "Cd,Se", "--top", "3"]
        // The sourced table has no cadmium or selenium precursor today, so CdSe is "cost unknown", never 0.
        let sourced = try answer(cdse)
        #expect(!sourced.candidates.isEmpty)
        #expect(sourced.candidates.allSatisfy { $0.why.contains { $0.hasPrefix("cost unknown") } })
        let indicative = try answer(cdse + ["--indicative-prices"])
        #expect(indicative.candidates.allSatisfy { $0.why.contains { $0.contains("cost ≈") && $0.contains("indicative prices (unsourced)") } })
        // Pure CsPbBr3 is priced from the shipped rows (PbBr2, Cs2CO3; PriceTableTests has the arithmetic).
        let green = try answer(["--emission", "510", "--elements", "Cs,Pb,Br", "--top", "3"])
        #expect(!green.candidates.isEmpty)
        #expect(green.candidates.allSatisfy { $0.why.contains { $0.contains("USD/g (precursor cost, sourced prices)") } })
        // Pure CsPbBr3 (x = 0 of the CsPbBr3–CsPbI3 family) carries no CsPbI3 caveat.
        #expect(green.candidates.allSatisfy { $0.risks.allSatisfy { !$0.contains("CsPbI3") } })
        // A lab's own lead iodide row prices the iodide end member; without it the iodide is unknown.
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let row = "lead iodide,Pb1I2,Example Supplier,PBI-25G,25,100,USD,2026-11-22,https://example.org/pbi2\n"
        try ("precursor,formula,supplier,catalogue_number,pack_grams,price,currency,date_seen,url\n" + row)
            .write(to: dir.appendingPathComponent("own.csv"), atomically: true, encoding: .utf8)
        let red = ["design", "--emission", "690", "--elements", "Cs,Pb,I", "--top", "3", "--json"] + Self.small
        let without = try JSONDecoder().decode(Answer.self, from: Data(try CLIRunner.run(red, in: dir).stdout.utf8))
        #expect(!without.candidates.isEmpty && without.candidates.allSatisfy { $0.why.contains { $0.contains("lead iodide") && $0.hasPrefix("cost unknown") } })
        let run = try CLIRunner.run(red + ["--catalogue", "own.csv"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let with = try JSONDecoder().decode(Answer.self, from: Data(run.stdout.utf8))
        #expect(!with.candidates.isEmpty && with.candidates.allSatisfy { $0.why.contains { $0.hasPrefix("cost ≈") } })
        let bad = try CLIRunner.run(["design", "--emission", "690", "--catalogue", "missing.csv"] + Self.small, in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("missing.csv"), "stderr: \(bad.stderr)")
    }

    @Test("two shards merged give the same ranking as one screen, and an SVG of the front")
    func shardsAndMerge() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["design", "--emission", "600", "--max-fwhm", "45"] + Self.small
        for i in 0..<2 {
            let r = try CLIRunner.run(base + ["--shard", "\(i)/2", "--out", "s\(i).json"], in: dir)
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
        let merged = try CLIRunner.run(["design", "merge", "s0.json", "s1.json", "--json", "--svg", "front.svg"], in: dir)
        #expect(merged.status == 0, "stderr: \(merged.stderr)")
        let whole = try CLIRunner.run(base + ["--json"], in: dir)
        let m = try JSONDecoder().decode(Answer.self, from: Data(merged.stdout.utf8))
        let w = try JSONDecoder().decode(Answer.self, from: Data(whole.stdout.utf8))
        #expect(m.candidates.map(\.candidate.id) == w.candidates.map(\.candidate.id))
        #expect(m.evaluated == w.evaluated)
        let svg = try String(contentsOf: dir.appendingPathComponent("front.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.contains("<svg"))
        let missing = try CLIRunner.run(["design", "merge", "s0.json"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("missing"))
        // A shard written by an older qdlab (the previous format) is named as such, with the way out.
        let s1 = dir.appendingPathComponent("s1.json")
        let text = try String(contentsOf: s1, encoding: .utf8)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let current = try #require(fields["formatVersion"] as? Int), previous = current - 1
        #expect(current >= 3, "format 3 since the sourced price table became the default cost")
        try text.replacingOccurrences(of: "\"formatVersion\" : \(current)", with: "\"formatVersion\" : \(previous)")
            .write(to: s1, atomically: true, encoding: .utf8)
        let stale = try CLIRunner.run(["design", "merge", "s0.json", "s1.json"], in: dir)
        #expect(stale.status == 1 && stale.stderr.contains("has format \(previous)") && stale.stderr.contains("Re-run that shard"), "stderr: \(stale.stderr)")
    }

    @Test("recipes for an InP candidate write a campaign spec with the agreed keys")
    func recipes() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["design", "recipes", "--candidate", "InP|x0.000|ZnSe/ZnS|h1.500|d2.600", "--campaign", "c.yaml", "--count", "3"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let yaml = try String(contentsOf: dir.appendingPathComponent("c.yaml"), encoding: .utf8)
        for key in ["name:", "material: InP", "parameters:", "kind: continuous", "low:", "high:", "objective:", "budget:", "batch:", "initial_points:"] {
            #expect(yaml.contains(key), "missing \(key)")
        }
        // Handed to a campaign in one command: the proposals become its first suggestions.
        let store = dir.appendingPathComponent("s.sqlite").path
        let created = try CLIRunner.run(["campaign", "new", "c.yaml", "--store", store], in: dir)
        #expect(created.status == 0, "stderr: \(created.stderr)")
        let name = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("name:") }.map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) })
        let suggested = try CLIRunner.run(["campaign", "suggest", name, "--batch", "3", "--store", store, "--json"], in: dir)
        #expect(suggested.status == 0, "stderr: \(suggested.stderr)")
        #expect(suggested.stdout.contains("\"trial\" : 2"))
        let wrong = try CLIRunner.run(["design", "recipes", "--candidate", "CsPbBr3-CsPbI3|x0.000|none|h0.000|d8.000"], in: dir)
        #expect(wrong.status == 1 && wrong.stderr.contains("No shipped synthesis dataset"))
    }

    @Test("recipes: the VAE adds samples; a `qdlab train` model is accepted as the surrogate, a wrong one refused")
    func recipesGeneratorsAndSavedModels() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let candidate = "InP|x0.000|ZnSe/ZnS|h1.500|d2.600"
        struct Plan: Decodable {
            struct Proposal: Decodable { let generator: String; let conditions: [String: Double] }
            let proposals: [Proposal]
        }
        let both = try CLIRunner.run(["design", "recipes", "--candidate", candidate, "--generator", "both", "--count", "2", "--json"], in: dir)
        #expect(both.status == 0, "stderr: \(both.stderr)")
        let plan = try JSONDecoder().decode(Plan.self, from: Data(both.stdout.utf8))
        #expect(plan.proposals.filter { $0.generator == "vae" }.count == 2)
        #expect(plan.proposals.contains { $0.generator == "surrogate" })
        #expect(plan.proposals.allSatisfy { $0.conditions.count == 5 })

        let trained = try CLIRunner.run(["train", "--dataset", "inp", "--target", "abs_nm", "--model", "ridge", "--out", "models", "--id", "inp-abs"], in: dir)
        #expect(trained.status == 0, "stderr: \(trained.stderr)")
        let saved = try CLIRunner.run(["design", "recipes", "--candidate", candidate, "--model", "models/inp-abs", "--count", "2"], in: dir)
        #expect(saved.status == 0, "stderr: \(saved.stderr)")
        #expect(saved.stdout.contains("saved model inp-abs"))
        let emission = try CLIRunner.run(["train", "--dataset", "inp", "--target", "emission_nm", "--model", "ridge", "--out", "models", "--id", "inp-em"], in: dir)
        #expect(emission.status == 0, "stderr: \(emission.stderr)")
        let refused = try CLIRunner.run(["design", "recipes", "--candidate", candidate, "--model", "models/inp-em"], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("predicts 'emission_nm'"), "stderr: \(refused.stderr)")
        let neither = try CLIRunner.run(["design", "recipes"], in: dir)
        #expect(neither.status != 0 && neither.stderr.contains("--compare"))
    }

    @Test("recipes --compare scores four generators at five targets (short VAE training)")
    func recipesCompare() throws {
        struct Comparison: Decodable {
            struct Row: Decodable { let method: String; let count: Int; let inRegionFraction: Double? }
            let rows: [Row]
            let targetsNanometres: [Double]
        }
        let r = try CLIRunner.run(["design", "recipes", "--compare", "--dataset", "cdse", "--per-target", "3", "--vae-epochs", "30", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let c = try JSONDecoder().decode(Comparison.self, from: Data(r.stdout.utf8))
        #expect(c.targetsNanometres.count == 5 && c.rows.count == 20)
        #expect(Set(c.rows.map(\.method)) == ["surrogate", "vae", "vae+filter", "nearest-data"])
        #expect(c.rows.filter { $0.method == "nearest-data" }.allSatisfy { $0.count == 3 && $0.inRegionFraction == 1 })
        let text = try CLIRunner.run(["design", "recipes", "--compare", "--dataset", "cdse", "--per-target", "1"])
        #expect(text.status != 0 && text.stderr.contains("--per-target"))
    }
}

import Foundation
import Testing

/// `qdlab explain` run as a user runs it, on the shipped InP dataset.
@Suite("qdlab explain")
struct ExplainCLITests {
    @Test("tree method: ranked JSON, additive, charts written with the variables' names and units")
    func tree() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(["explain", "--model", "gbm", "--method", "tree", "--row", "3", "--out", dir.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let global = try #require(json["global"] as? [[String: Any]])
        // 19 raw variables of the InP table, each reported once, ranked by mean |SHAP|.
        #expect(global.count == 19)
        let values = global.compactMap { $0["value"] as? Double }
        #expect(values == values.sorted(by: >))
        #expect(global.contains { ($0["label"] as? String) == "temperature (°C)" })
        // XGBoost float32 contributions on predictions of ~600 nm: residual well under 0.01 nm.
        #expect(((json["additivityResidual"] as? Double) ?? 1) < 1e-2)
        let local = try #require(json["local"] as? [String: Any])
        let contributions = try #require(local["contributions"] as? [[String: Any]])
        let sum = contributions.compactMap { $0["value"] as? Double }.reduce(0, +)
        let base = try #require(local["baseValue"] as? Double), prediction = try #require(local["prediction"] as? Double)
        #expect(abs(base + sum - prediction) < 1e-2)
        for file in ["importance.svg", "beeswarm.svg", "dependence.svg", "local.svg", "explanation.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
        }
        let beeswarm = try String(contentsOf: dir.appendingPathComponent("beeswarm.svg"), encoding: .utf8)
        #expect(beeswarm.contains("SHAP value (nm)") && beeswarm.contains("time (min)"))
    }

    @Test("kernel method on a non-tree model: additivity and a text summary")
    func kernel() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(["explain", "--model", "ridge", "--method", "kernel", "--row", "5", "--background", "30", "--samples", "256", "--out", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("KernelSHAP of 19 recipe variables"))
        #expect(result.stdout.contains("row 5: prediction"))
        #expect(result.stdout.contains("additivity"))
    }

    @Test("bad input: tree method on ridge, row out of range, unknown model")
    func badInput() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tree = try CLIRunner.run(["explain", "--model", "ridge", "--method", "tree", "--out", dir.path])
        #expect(tree.status != 0 && tree.stderr.contains("needs a tree model"))
        let row = try CLIRunner.run(["explain", "--model", "ridge", "--method", "kernel", "--row", "100000", "--out", dir.path])
        #expect(row.status != 0 && row.stderr.contains("out of range"))
        let model = try CLIRunner.run(["explain", "--model", "forest", "--out", dir.path])
        #expect(model.status != 0 && model.stderr.contains("Unknown model 'forest'"))
    }

    @Test("a saved model folder: explained by TreeSHAP, and its card gains a global-importance section")
    func savedModel() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = try CLIRunner.run(["train", "--model", "gbm", "--out", dir.path, "--id", "inp-gbm"])
        #expect(train.status == 0, "\(train.stderr)")
        let folder = dir.appendingPathComponent("inp-gbm")
        let result = try CLIRunner.run(["explain", "--model", folder.path, "--method", "tree", "--out", dir.appendingPathComponent("explain").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("TreeSHAP"))
        let card = try String(contentsOf: folder.appendingPathComponent("card.md"), encoding: .utf8)
        #expect(card.contains("## Global importance") && card.contains("temperature (°C)"))
        // card.json carries the same ranking, machine-readable.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("card.json"))) as? [String: Any]
        let importance = json?["globalImportance"] as? [String: Any]
        let entries = importance?["entries"] as? [[String: Any]] ?? []
        #expect(entries.count >= 2 && entries.contains { ($0["label"] as? String) == "temperature (°C)" })
        // Running it again replaces the section instead of adding a second one.
        _ = try CLIRunner.run(["explain", "--model", folder.path, "--method", "tree", "--out", dir.appendingPathComponent("explain").path])
        let again = try String(contentsOf: folder.appendingPathComponent("card.md"), encoding: .utf8)
        #expect(again.components(separatedBy: "## Global importance").count == 2)
    }
}

import ArgumentParser
import Foundation
import QDCore
import QDLearn

/// How `qdlab evaluate` splits the rows.
enum CrossValidationChoice: String, ExpressibleByArgument, CaseIterable {
    /// Group k-fold by the paper's DOI: recipes of one paper are never on both sides.
    case groupDOI = "group-doi"
    /// Plain shuffled k-fold.
    case kfold
}

/// `qdlab evaluate`: every model on the same folds of a shipped dataset, one table.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validate every property model on the same folds of a shipped dataset and print one table.",
        discussion: """
            Features: numeric conditions as given, reagent columns one-hot, a missing numeric cell imputed by the \
            column median with an indicator (see docs/learn.md). Metrics are those of the pooled out-of-fold predictions.
            """)

    @Option(name: .long, help: "Shipped dataset (supported: inp).")
    var dataset = "inp"
    @Option(name: .long, help: "Target column (inp: abs_nm, emission_nm, diameter_nm).")
    var target = "abs_nm"
    @Option(name: .long, help: "Cross-validation: group-doi or kfold.")
    var cv: CrossValidationChoice = .groupDOI
    @Option(name: .long, help: "Number of folds (≥ 2).")
    var folds = 5
    @Option(name: .long, help: "Seed for the folds and every model.")
    var seed: UInt64 = 0
    @Option(name: .long, help: "Comma-separated models: \(ModelChoice.allCases.map(\.rawValue).joined(separator: ",")).")
    var models = ModelChoice.allCases.map(\.rawValue).joined(separator: ",")
    @Option(name: .long, help: "Also write the design matrix, target, group and fold of every row to this CSV (for the Python anchors).")
    var exportDesign: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2. Got \(folds).") }
        for name in modelList where ModelChoice(rawValue: name) == nil {
            throw ValidationError("Unknown model '\(name)'; choose from \(ModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    private var modelList: [String] { models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    struct Answer: Codable {
        let dataset: String
        let target: String
        let rows: Int
        let features: Int
        let groups: Int
        let crossValidation: String
        let folds: Int
        let seed: UInt64
        let results: [Row]
        struct Row: Codable {
            let model: String
            let meanAbsoluteError: Double
            let rootMeanSquaredError: Double
            let rSquared: Double
            let seconds: Double
        }
    }

    func run() throws {
        try reportingErrors {
            let design = try TabularDesign.shipped(dataset, target: target)
            let scheme: CrossValidationScheme = switch cv {
            case .groupDOI: .groupKFold(folds: folds, groups: design.groups)
            case .kfold: .kFold(folds: folds)
            }
            let split = try scheme.folds(rowCount: design.y.count, seed: seed)
            if let path = exportDesign { try writeDesign(design, folds: split, to: path) }
            let chosen = modelList.compactMap(ModelChoice.init(rawValue:))
            let results = try evaluateModels(chosen, x: design.x, y: design.y, folds: split, seed: seed)
            let answer = Answer(
                dataset: dataset, target: target, rows: design.y.count, features: design.x.columns,
                groups: Set(design.groups).count, crossValidation: cv.rawValue, folds: folds, seed: seed,
                results: results.map {
                    .init(model: $0.model.rawValue, meanAbsoluteError: $0.pooled.meanAbsoluteError,
                          rootMeanSquaredError: $0.pooled.rootMeanSquaredError, rSquared: $0.pooled.rSquared, seconds: $0.seconds)
                })
            if output.json { try printJSON(answer); return }
            print("\(dataset) \(target): n = \(answer.rows), \(answer.features) features, \(answer.groups) groups; \(folds)-fold \(cv.rawValue), seed \(seed)")
            var table = TextTable(["model", "MAE", "RMSE", "R²", "seconds"])
            for r in answer.results {
                table.add([r.model, fixed(r.meanAbsoluteError, 2), fixed(r.rootMeanSquaredError, 2), fixed(r.rSquared, 3), fixed(r.seconds, 2)])
            }
            print(table.render(), terminator: "")
        }
    }

    /// CSV: feature columns, then `target`, `group`, `fold` (1-based test fold of the row).
    private func writeDesign(_ design: TabularDesign, folds: [Fold], to path: String) throws {
        var foldOf = [Int](repeating: 0, count: design.y.count)
        for (k, f) in folds.enumerated() { for r in f.test { foldOf[r] = k + 1 } }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = (design.featureNames + ["target", "group", "fold"]).map(quoted).joined(separator: ",") + "\n"
        for i in 0..<design.y.count {
            text += (design.x.row(i).map { "\($0)" } + ["\(design.y[i])", quoted(design.groups[i]), "\(foldOf[i])"]).joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

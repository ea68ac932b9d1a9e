import ArgumentParser
import Foundation
import QDCore
import QDLearn

/// The dataset, target and validation options shared by `evaluate` and `train`.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: "Shipped dataset (supported: inp).")
    var dataset = "inp"
    @Option(name: .long, help: "Target column (inp: abs_nm, emission_nm, diameter_nm).")
    var target = "abs_nm"
    @Option(name: .long, help: "Cross-validation: group-doi, kfold or repeated-kfold (3 × k-fold).")
    var cv: ValidationChoice = .groupDOI
    @Option(name: .long, help: "Number of folds (≥ 2).")
    var folds = 5
    @Option(name: .long, help: "Seed for the folds and every model.")
    var seed: UInt64 = 0

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2. Got \(folds).") }
    }
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

    @OptionGroup var data: DatasetOptions
    @Option(name: .long, help: "Comma-separated models from \(ModelChoice.allCases.map(\.rawValue).joined(separator: ",")) (gp, gbm-monotone and hybrid are opt-in).")
    var models = ModelChoice.evaluateDefault.map(\.rawValue).joined(separator: ",")
    @Option(name: .long, help: "Learning curve instead of one table: comma-separated training sizes per fold, 'all' for the whole fold (e.g. 10,20,40,80,all).")
    var trainSizes: String?
    @Option(name: .long, help: "Subsamples per training size in a learning curve (≥ 1).")
    var repeats = 3
    @Option(name: .long, help: "Also write the design matrix, target, group and fold of every row to this CSV (for the Python anchors).")
    var exportDesign: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if exportDesign != nil && data.cv == .repeatedKFold {
            throw ValidationError("--export-design writes one test fold per row; use --cv group-doi or kfold with it.")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1. Got \(repeats).") }
        if trainSizes != nil, sizeList.contains(where: { $0 < 1 }) {
            throw ValidationError("--train-sizes takes positive integers or 'all', comma-separated. Got '\(trainSizes ?? "")'.")
        }
        for name in modelList where ModelChoice(rawValue: name) == nil {
            throw ValidationError("Unknown model '\(name)'; choose from \(ModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    private var modelList: [String] { models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    /// The training sizes; 'all' is Int.max (the whole fold); an unparsable entry is 0 (refused in validate).
    private var sizeList: [Int] {
        (trainSizes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { $0 == "all" ? Int.max : Int($0) ?? 0 }
    }

    struct CurveAnswer: Codable {
        let dataset: String
        let target: String
        let rows: Int
        let crossValidation: String
        let folds: Int
        let repeats: Int
        let seed: UInt64
        let points: [Point]
        struct Point: Codable {
            let model: String
            /// nil = the whole training fold.
            let trainingRows: Int?
            let meanAbsoluteError: Double
            let repeatStandardDeviation: Double
        }
    }

    /// Prints the learning curve: one row per model, one column per size.
    private func runLearningCurve(_ design: TabularDesign, folds split: [Fold], models chosen: [ModelChoice]) throws {
        let sizes = sizeList
        let points = try learningCurve(
            chosen, x: design.x, y: design.y, folds: split, sizes: sizes, repeats: repeats, seed: data.seed,
            context: ModelContext(featureNames: design.featureNames))
        let answer = CurveAnswer(
            dataset: data.dataset, target: data.target, rows: design.y.count, crossValidation: data.cv.rawValue,
            folds: data.folds, repeats: repeats, seed: data.seed,
            points: points.map {
                .init(model: $0.model.rawValue, trainingRows: $0.trainingRows == Int.max ? nil : $0.trainingRows,
                      meanAbsoluteError: $0.meanAbsoluteError, repeatStandardDeviation: $0.repeatStandardDeviation)
            })
        if output.json { try printJSON(answer); return }
        print("\(data.dataset) \(data.target): learning curve, MAE on the held-out folds (\(data.folds)-fold \(data.cv.rawValue), \(repeats) subsamples per size, seed \(data.seed))")
        var table = TextTable(["model"] + sizes.map { $0 == Int.max ? "all" : "n=\($0)" })
        for model in chosen {
            table.add([model.rawValue] + points.filter { $0.model == model }.map { fixed($0.meanAbsoluteError, 2) })
        }
        print(table.render(), terminator: "")
    }

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
            let design = try TabularDesign.shipped(data.dataset, target: data.target)
            let split = try data.cv.folds(for: design, folds: data.folds, seed: data.seed)
            if let path = exportDesign { try writeDesign(design, folds: split, to: path) }
            let chosen = modelList.compactMap(ModelChoice.init(rawValue:))
            if trainSizes != nil { try runLearningCurve(design, folds: split, models: chosen); return }
            let results = try evaluateModels(
                chosen, x: design.x, y: design.y, folds: split, seed: data.seed, context: ModelContext(featureNames: design.featureNames))
            let answer = Answer(
                dataset: data.dataset, target: data.target, rows: design.y.count, features: design.x.columns,
                groups: Set(design.groups).count, crossValidation: data.cv.rawValue, folds: data.folds, seed: data.seed,
                results: results.map {
                    .init(model: $0.model.rawValue, meanAbsoluteError: $0.pooled.meanAbsoluteError,
                          rootMeanSquaredError: $0.pooled.rootMeanSquaredError, rSquared: $0.pooled.rSquared, seconds: $0.seconds)
                })
            if output.json { try printJSON(answer); return }
            print("\(answer.dataset) \(answer.target): n = \(answer.rows), \(answer.features) features, \(answer.groups) groups; \(answer.folds)-fold \(answer.crossValidation), seed \(answer.seed)")
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

import ArgumentParser
import Foundation
import QDCore
import QDLearn

/// The dataset, target and validation options of `train`.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: "Shipped dataset: inp, cdse, cspbbr3 or cdots.")
    var dataset = "inp"
    @Option(name: .long, help: "Target: abs_nm, emission_nm, diameter_nm, fwhm or plqy (as the dataset has them), or a column name.")
    var target = "abs_nm"
    @Option(name: .long, help: "Cross-validation: group-doi (grouped by paper, or by identical conditions for cspbbr3), kfold or repeated-kfold (3 × k-fold).")
    var cv: ValidationChoice = .groupDOI
    @Option(name: .long, help: "Number of folds (≥ 2).")
    var folds = 5
    @Option(name: .long, help: "Seed for the folds and every model.")
    var seed: UInt64 = 0

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2. Got \(folds).") }
    }
}

/// How `evaluate` splits the rows: the saved-model schemes plus leave-one-family-out and random splits.
enum EvaluationScheme: String, CaseIterable, ExpressibleByArgument {
    case groupDOI = "group-doi"
    case kfold
    case repeatedKFold = "repeated-kfold"
    case leaveFamilyOut = "leave-family-out"
    case randomSplit = "random-split"

    var validation: ValidationChoice? { ValidationChoice(rawValue: rawValue) }
}

/// `qdlab evaluate`: every model on the same folds of a shipped dataset, one table.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validate every property model on the same folds of a shipped dataset and print one table.",
        discussion: """
            Features: numeric conditions as given, reagent columns one-hot, a missing numeric cell imputed by the \
            training fold's median with an indicator (see docs/learn.md). Metrics are those of the pooled out-of-fold \
            predictions. Data problems found (typos merged, flagged rows, duplicates) are printed above the table.
            --cv leave-family-out takes several datasets (--dataset inp,cdse) in one shared feature space; \
            --cv random-split reports one seeded random split and the spread over --splits splits.
            """)

    @Option(name: .long, help: "Shipped dataset: inp, cdse, cspbbr3 or cdots; for --cv leave-family-out a comma-separated list (inp,cdse).")
    var dataset = "inp"
    @Option(name: .long, help: "Target: abs_nm, emission_nm, diameter_nm, fwhm or plqy (as the dataset has them), or a column name.")
    var target = "abs_nm"
    @Option(name: .long, help: "Validation: \(EvaluationScheme.allCases.map(\.rawValue).joined(separator: ", ")). Default: group-doi, or kfold for cdots (no groups).")
    var cv: EvaluationScheme?
    @Option(name: .long, help: "Number of folds (≥ 2).")
    var folds = 5
    @Option(name: .long, help: "Seed for the folds and every model.")
    var seed: UInt64 = 0
    @Option(name: .long, help: "Seed for the models only (default: --seed); the folds stay those of --seed, so seed-to-seed spread of a model can be read on fixed folds.")
    var modelSeed: UInt64?
    @Option(name: .long, help: "Random splits for --cv random-split (≥ 1).")
    var splits = 50
    @Option(name: .long, help: "Held-out fraction of each random split (0–1).")
    var testFraction = 0.15
    @Flag(name: .long, help: "Add the dataset's physics-aware features (molar ratios, concentrations; docs/learn.md).")
    var physicsFeatures = false
    @Flag(name: .long, help: "Drop the rows that a data check flags (otherwise they are kept and counted).")
    var dropFlagged = false
    @Option(name: .long, help: "Comma-separated models from \(ModelChoice.allCases.map(\.rawValue).joined(separator: ",")) (gp, gbm-monotone and hybrid are opt-in).")
    var models = ModelChoice.evaluateDefault.map(\.rawValue).joined(separator: ",")
    @Option(name: .long, help: "Learning curve instead of one table: comma-separated training sizes per fold, 'all' for the whole fold (e.g. 10,20,40,80,all).")
    var trainSizes: String?
    @Option(name: .long, help: "Subsamples per training size in a learning curve (≥ 1).")
    var repeats = 3
    @Option(name: .long, help: "Also write the design matrix (missing cells empty), target, group and fold of every row to this CSV (for the Python anchors).")
    var exportDesign: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2. Got \(folds).") }
        guard splits >= 1 else { throw ValidationError("--splits must be ≥ 1. Got \(splits).") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be in (0, 1). Got \(testFraction).") }
        if exportDesign != nil, scheme == .repeatedKFold || scheme == .randomSplit {
            throw ValidationError("--export-design writes one test fold per row; use --cv group-doi, kfold or leave-family-out with it.")
        }
        if datasetList.count > 1, scheme != .leaveFamilyOut {
            throw ValidationError("Several datasets ('\(dataset)') only with --cv leave-family-out; otherwise name one of inp, cdse, cspbbr3, cdots.")
        }
        if trainSizes != nil, scheme == .randomSplit {
            throw ValidationError("--train-sizes needs folds that cover every row; use --cv group-doi or kfold with it.")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1. Got \(repeats).") }
        if trainSizes != nil, sizeList.contains(where: { $0 < 1 }) {
            throw ValidationError("--train-sizes takes positive integers or 'all', comma-separated. Got '\(trainSizes ?? "")'.")
        }
        for name in modelList where ModelChoice(rawValue: name) == nil {
            throw ValidationError("Unknown model '\(name)'; choose from \(ModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    private var datasetList: [String] { dataset.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    private var modelList: [String] { models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    /// The scheme asked for, or the dataset's default (kfold for cdots, which has no groups).
    private var scheme: EvaluationScheme { cv ?? (dataset.hasPrefix("cdots") ? .kfold : .groupDOI) }

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
    private func runLearningCurve(_ design: TabularDesign, folds split: [Fold], models chosen: [ModelChoice], context: ModelContext) throws {
        let sizes = sizeList
        let points = try learningCurve(
            chosen, x: design.xWithMissing, y: design.y, folds: split, sizes: sizes, repeats: repeats, seed: seed, context: context)
        let answer = CurveAnswer(
            dataset: dataset, target: target, rows: design.y.count, crossValidation: scheme.rawValue,
            folds: split.count, repeats: repeats, seed: seed,
            points: points.map {
                .init(model: $0.model.rawValue, trainingRows: $0.trainingRows == Int.max ? nil : $0.trainingRows,
                      meanAbsoluteError: $0.meanAbsoluteError, repeatStandardDeviation: $0.repeatStandardDeviation)
            })
        if output.json { try printJSON(answer); return }
        print("\(dataset) \(target): learning curve, MAE on the held-out folds (\(split.count)-fold \(scheme.rawValue), \(repeats) subsamples per size, seed \(seed))")
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
        let physicsFeatures: Bool
        let dataNotes: [DataNote]
        let results: [Row]
        struct Row: Codable {
            let model: String
            let meanAbsoluteError: Double
            let rootMeanSquaredError: Double
            let rSquared: Double
            let seconds: Double
            /// Leave-one-family-out only: MAE on each held-out family.
            let perFamilyMAE: [String: Double]?
        }
    }

    struct SplitAnswer: Codable {
        let dataset: String
        let target: String
        let rows: Int
        let splits: Int
        let testFraction: Double
        let seed: UInt64
        let results: [Row]
        struct Row: Codable {
            let model: String
            let firstSplitMAE: Double
            let meanMAE: Double
            let medianMAE: Double
            let minimumMAE: Double
            let maximumMAE: Double
        }
    }

    func run() throws {
        try reportingErrors {
            let design = scheme == .leaveFamilyOut
                ? try TabularDesign.families(datasetList, target: target)
                : try TabularDesign.shipped(dataset, target: target, derivedFeatures: physicsFeatures, dropFlagged: dropFlagged)
            let materialID = (try? TabularFeatureSpec.forDataset(dataset).spec.materialID) ?? nil
            let context = ModelContext(featureNames: design.featureNames, materialID: materialID ?? "InP")
            let chosen = modelList.compactMap(ModelChoice.init(rawValue:))
            let split: [Fold]
            switch scheme {
            case .leaveFamilyOut: split = try CrossValidationScheme.leaveOneGroupOut(groups: design.groups).folds(rowCount: design.y.count, seed: seed)
            case .randomSplit:
                split = try CrossValidationScheme.shuffleSplit(testFraction: testFraction, splits: splits).folds(rowCount: design.y.count, seed: seed)
                try runSplits(design, splits: split, models: chosen, context: context)
                return
            default: split = try (scheme.validation ?? .groupDOI).folds(for: design, folds: folds, seed: seed)
            }
            if let path = exportDesign { try writeDesign(design, folds: split, to: path) }
            if trainSizes != nil { try runLearningCurve(design, folds: split, models: chosen, context: context); return }
            let results = try evaluateModels(chosen, x: design.xWithMissing, y: design.y, folds: split, seed: modelSeed ?? seed, context: context)
            let families = scheme == .leaveFamilyOut ? Set(design.groups).sorted() : []
            let answer = Answer(
                dataset: dataset, target: target, rows: design.y.count, features: design.x.columns,
                groups: Set(design.groups).count, crossValidation: scheme.rawValue, folds: split.count, seed: seed,
                physicsFeatures: physicsFeatures, dataNotes: design.notes,
                results: results.map { r in
                    .init(model: r.model.rawValue, meanAbsoluteError: r.pooled.meanAbsoluteError,
                          rootMeanSquaredError: r.pooled.rootMeanSquaredError, rSquared: r.pooled.rSquared, seconds: r.seconds,
                          perFamilyMAE: families.isEmpty ? nil : Dictionary(uniqueKeysWithValues: families.map { f in
                              let rows = design.groups.indices.filter { design.groups[$0] == f }
                              return (f, rows.reduce(0) { $0 + abs(design.y[$1] - r.predictions[$1]) } / Double(rows.count))
                          }))
                })
            if output.json { try printJSON(answer); return }
            print("\(answer.dataset) \(design.targetColumn): n = \(answer.rows), \(answer.features) features, \(answer.groups) groups; \(answer.folds)-fold \(answer.crossValidation), seed \(answer.seed)\(physicsFeatures ? ", physics features" : "")")
            for note in design.notes { print("  data: \(note)") }
            var table = TextTable(["model", "MAE", "RMSE", "R²", "seconds"] + families.map { "MAE \($0) held out" })
            for r in answer.results {
                table.add([r.model, fixed(r.meanAbsoluteError, 3), fixed(r.rootMeanSquaredError, 3), fixed(r.rSquared, 3), fixed(r.seconds, 2)]
                          + families.map { fixed(r.perFamilyMAE?[$0], 2) })
            }
            print(table.render(), terminator: "")
        }
    }

    /// One seeded random split and the spread over all splits, per model.
    private func runSplits(_ design: TabularDesign, splits split: [Fold], models chosen: [ModelChoice], context: ModelContext) throws {
        let summaries = try evaluateSplits(chosen, x: design.xWithMissing, y: design.y, splits: split, seed: seed, context: context)
        let answer = SplitAnswer(
            dataset: dataset, target: target, rows: design.y.count, splits: split.count, testFraction: testFraction, seed: seed,
            results: summaries.map {
                .init(model: $0.model.rawValue, firstSplitMAE: $0.firstSplitMAE, meanMAE: $0.meanMAE, medianMAE: $0.medianMAE,
                      minimumMAE: $0.rangeMAE.lowerBound, maximumMAE: $0.rangeMAE.upperBound)
            })
        if output.json { try printJSON(answer); return }
        let percent = Int((testFraction * 100).rounded())
        print("\(dataset) \(design.targetColumn): n = \(design.y.count); \(split.count) random \(100 - percent)/\(percent) splits (rows of one paper may sit on both sides), seed \(seed)")
        var table = TextTable(["model", "split 1 MAE", "mean", "median", "min", "max"])
        for r in answer.results {
            table.add([r.model, fixed(r.firstSplitMAE, 2), fixed(r.meanMAE, 2), fixed(r.medianMAE, 2), fixed(r.minimumMAE, 2), fixed(r.maximumMAE, 2)])
        }
        print(table.render(), terminator: "")
    }

    /// CSV: feature columns (a missing cell empty), then `target`, `group`, `fold` (1-based test fold of the row).
    private func writeDesign(_ design: TabularDesign, folds: [Fold], to path: String) throws {
        var foldOf = [Int](repeating: 0, count: design.y.count)
        for (k, f) in folds.enumerated() { for r in f.test { foldOf[r] = k + 1 } }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = (design.featureNames + ["target", "group", "fold"]).map(quoted).joined(separator: ",") + "\n"
        for i in 0..<design.y.count {
            let cells = design.xWithMissing.row(i).map { $0.isNaN ? "" : "\($0)" }
            text += (cells + ["\(design.y[i])", quoted(design.groups[i]), "\(foldOf[i])"]).joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

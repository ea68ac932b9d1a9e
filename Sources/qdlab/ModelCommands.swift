import ArgumentParser
import Foundation
import QDData
import QDCore
import QDLearn

extension ValidationChoice: ExpressibleByArgument {}
extension ModelChoice: ExpressibleByArgument {}

/// `qdlab train`: cross-validate, fit on every row, save the model with its card.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train, validate and save a model with its card.",
        discussion: """
            Cross-validates the model on the chosen folds (the card's metrics and the interval half-width come \
            from the out-of-fold predictions), then fits it on every row and writes DIR/ID/model.json, card.json \
            and card.md.
            """)

    @OptionGroup var data: DatasetOptions
    @Option(name: .long, help: "Model: \(ModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: ModelChoice = .gbm
    @Option(name: .long, help: "Interval miscoverage α: intervals aim at 1 − α coverage.")
    var alpha = 0.1
    @Option(name: .long, help: "Folder that holds saved models.")
    var out = "models"
    @Option(name: .long, help: "Model id (its folder name); default <dataset>-<target>-<model>.")
    var id: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let id, id.isEmpty || id.contains("/") { throw ValidationError("--id must be a non-empty name without '/'. Got '\(id)'.") }
    }

    func run() throws {
        try reportingErrors {
            let saved = try SavedModel.train(
                dataset: data.dataset, target: data.target, model: model, validation: data.cv, folds: data.folds, seed: data.seed,
                miscoverage: alpha, id: id, softwareVersion: QDLabCommand.configuration.version)
            let directory = URL(fileURLWithPath: out).appendingPathComponent(saved.card.id)
            try saved.save(to: directory)
            if output.json { try printJSON(ModelSummary(saved.card, path: directory.path)); return }
            let v = saved.card.validation
            print("saved \(saved.card.id) to \(directory.path)")
            print("\(v.folds)-fold \(v.scheme.rawValue): MAE \(fixed(v.metrics.meanAbsoluteError, 2)) \(saved.card.targetUnit) "
                + "(mean baseline \(fixed(v.baselineMeanAbsoluteError, 2))), R² \(fixed(v.metrics.rSquared, 3)); "
                + "interval ± \(fixed(v.intervalHalfWidth, 1)) \(saved.card.targetUnit)")
        }
    }
}

/// The short description of a saved model printed by `train`, `models list` and `models show --json`.
struct ModelSummary: Codable {
    let id: String
    let path: String
    let model: String
    let dataset: String
    let target: String
    let rows: Int
    let validation: String
    let meanAbsoluteError: Double
    let baselineMeanAbsoluteError: Double
    let rSquared: Double
    let intervalHalfWidth: Double
    let created: String

    init(_ card: ModelCard, path: String) {
        id = card.id
        self.path = path
        model = card.model.rawValue
        dataset = card.data.dataset
        target = card.target
        rows = card.data.rows
        validation = "\(card.validation.folds)-fold \(card.validation.scheme.rawValue)"
        meanAbsoluteError = card.validation.metrics.meanAbsoluteError
        baselineMeanAbsoluteError = card.validation.baselineMeanAbsoluteError
        rSquared = card.validation.metrics.rSquared
        intervalHalfWidth = card.validation.intervalHalfWidth
        created = card.created
    }
}

/// `qdlab predict`: predictions with intervals and out-of-domain flags from a saved model.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict with a saved model.",
        discussion: """
            Input: a CSV with the raw recipe columns (the card lists them), or JSON: one object or an array of \
            objects mapping column → value. Missing columns are imputed and flagged; values outside the training \
            ranges and reagents never seen in training are flagged (OOD).
            """)

    @Option(name: .long, help: "Folder of a saved model (as written by qdlab train).")
    var model: String
    @Option(name: .long, help: "recipe.json or recipes.csv.")
    var input: String
    @OptionGroup var output: OutputOptions

    struct Answer: Codable {
        let model: String
        let target: String
        let unit: String
        let coverage: Double
        let predictions: [SavedModel.Prediction]
    }

    func run() throws {
        try reportingErrors {
            let saved = try SavedModel.load(from: URL(fileURLWithPath: model))
            let records = try readRecipes(input)
            let predictions = try saved.predict(records: records)
            let card = saved.card
            let answer = Answer(
                model: card.id, target: card.target, unit: card.targetUnit, coverage: 1 - card.validation.intervalMiscoverage,
                predictions: predictions)
            if output.json { try printJSON(answer); return }
            print("\(card.id): \(card.target) with \(Int((answer.coverage * 100).rounded())) % intervals")
            var table = TextTable(["row", card.target, "lower", "upper", "sd", "OOD"])
            for (i, p) in predictions.enumerated() {
                table.add([String(i + 1), fixed(p.value, 1), fixed(p.lower, 1), fixed(p.upper, 1), fixed(p.standardDeviation, 1), p.outOfDomain ? "yes" : "no"])
            }
            print(table.render(), terminator: "")
            for p in predictions { for w in p.warnings { printError("warning: \(w)") } }
        }
    }

    /// Reads recipes as raw column → cell text.
    private func readRecipes(_ path: String) throws -> [[String: String]] {
        let url = URL(fileURLWithPath: path)
        guard let data = try? Data(contentsOf: url) else {
            throw ValidationError("Cannot read --input '\(path)'; pass an existing recipe.json or recipes.csv.")
        }
        if url.pathExtension.lowercased() == "json" {
            let object = try JSONSerialization.jsonObject(with: data)
            let list: [Any] = (object as? [Any]) ?? [object]
            return try list.enumerated().map { i, element in
                guard let dictionary = element as? [String: Any] else {
                    throw ValidationError("\(path): recipe \(i + 1) is not a JSON object of column → value.")
                }
                return dictionary.mapValues { value in
                    if let n = value as? NSNumber { return n.stringValue }
                    if value is NSNull { return "" }
                    return "\(value)"
                }
            }
        }
        let table = try DelimitedTextReader.parse(data, fileName: url.lastPathComponent)
        return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
    }
}

/// `qdlab models`: list and show saved models and their cards.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List and show saved models.", subcommands: [List.self, Show.self, Joint.self, Transfer.self, SpeedGP.self, SpeedXGB.self])

    /// `qdlab models list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the saved models in a folder.")
        @Option(name: .long, help: "Folder that holds saved models.")
        var dir = "models"
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let root = URL(fileURLWithPath: dir)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
                let summaries = names.sorted().compactMap { name -> ModelSummary? in
                    let folder = root.appendingPathComponent(name)
                    guard let data = try? Data(contentsOf: folder.appendingPathComponent("card.json")),
                          let card = try? JSONDecoder().decode(ModelCard.self, from: data) else { return nil }
                    return ModelSummary(card, path: folder.path)
                }
                if output.json { try printJSON(summaries); return }
                if summaries.isEmpty { print("no saved models in \(root.path) (train one with qdlab train)"); return }
                var table = TextTable(["id", "model", "target", "rows", "validation", "MAE", "baseline", "R²"])
                for s in summaries {
                    table.add([s.id, s.model, s.target, String(s.rows), s.validation, fixed(s.meanAbsoluteError, 2),
                               fixed(s.baselineMeanAbsoluteError, 2), fixed(s.rSquared, 3)])
                }
                print(table.render(), terminator: "")
            }
        }
    }

    /// `qdlab models show`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a saved model's card (Markdown, or JSON with --json).")
        @Argument(help: "The model folder, or its id inside --dir.")
        var model: String
        @Option(name: .long, help: "Folder that holds saved models (used when MODEL is an id).")
        var dir = "models"
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                var folder = URL(fileURLWithPath: model)
                if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("card.json").path) {
                    folder = URL(fileURLWithPath: dir).appendingPathComponent(model)
                }
                let saved = try SavedModel.load(from: folder)
                if output.json { try printJSON(saved.card); return }
                print(saved.card.markdown, terminator: "")
            }
        }
    }
}

/// A numeric CSV (header, then rows): every column but the last is a feature, the last is the target.
private func readNumericCSV(_ path: String) throws -> (x: Matrix, y: [Double]) {
    let url = URL(fileURLWithPath: path)
    guard let data = try? Data(contentsOf: url) else {
        throw ValidationError("Cannot read --csv '\(path)'; pass an existing CSV (header, features…, target).")
    }
    let table = try DelimitedTextReader.parse(data, fileName: url.lastPathComponent)
    let d = table.header.count - 1
    guard d >= 1 else { throw ValidationError("\(path): needs at least one feature column and a target column.") }
    var features: [Double] = [], targets: [Double] = []
    for (i, row) in table.rows.enumerated() {
        let values = row.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == d + 1, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("\(path): row \(i + 2) is not \(d + 1) numbers.")
        }
        let numbers = values.compactMap { $0 }
        features += numbers.dropLast()
        targets.append(numbers[d])
    }
    return (try Matrix(rows: targets.count, columns: d, elements: features), targets)
}

/// Runs `body` `count` times; its last result and the wall time of each run (s).
private func timedRuns<T>(_ count: Int, _ body: () throws -> T) rethrows -> (last: T?, seconds: [Double]) {
    var last: T?, times: [Double] = []
    for _ in 0..<count {
        let clock = ContinuousClock(), start = clock.now
        last = try body()
        times.append(seconds(clock.now - start))
    }
    return (last, times)
}

extension ModelsCommand {
    /// `qdlab models speed-gp`: GP fit and likelihood timing for bench/gp_run.sh (measured, never asserted).
    struct SpeedGP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "speed-gp",
            abstract: "Time a GP fit (ARD Matérn 5/2 + white, constant mean) and one LML + gradient evaluation on a CSV.",
            discussion: """
                Features are used as given (the GP standardises them internally; bench/gp_anchor.py passes \
                standardised columns so scikit-learn sees the same inputs). Reports the median fit time over \
                --repeats, the median of --evaluations timed LML + gradient calls at θ = (ℓ = 1, s² = 1, σₙ² = 0.1, \
                c = 0) on the standardised target, and the fitted LML (standardised target units).
                """)
        @Option(name: .long, help: "CSV: header, feature columns, target last.")
        var csv: String
        @Option(name: .long, help: "Latin-hypercube restarts after the default start.")
        var restarts = 5
        @Option(name: .long, help: "Timed fits; the median is reported.")
        var repeats = 3
        @Option(name: .long, help: "Timed LML + gradient evaluations; the median is reported.")
        var evaluations = 5
        @Option(name: .long, help: "Seed of the restarts.")
        var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard restarts >= 1, repeats >= 1, evaluations >= 1 else {
                throw ValidationError("--restarts, --repeats and --evaluations must be ≥ 1; got \(restarts), \(repeats), \(evaluations).")
            }
        }

        struct Report: Codable {
            let rows: Int
            let features: Int
            let restarts: Int
            let fitSecondsMedian: Double
            let fitSeconds: [Double]
            let evaluationSecondsMedian: Double
            /// LML at the fixed θ of the timed evaluations (compare with scikit-learn's at the same θ).
            let logMarginalLikelihoodAtStart: Double
            let logMarginalLikelihood: Double
            let lengthScales: [Double]
            let signalVariance: Double
            let noiseVariance: Double
            let constantMean: Double
            let jitterAdded: Double
        }

        func run() throws {
            try reportingErrors {
                let (x, y) = try readNumericCSV(csv)
                let gp = GaussianProcess(kernel: .matern52, automaticRelevance: true, restarts: restarts)
                let (fitted, times) = try timedRuns(repeats) { try gp.fit(x, y, seed: seed) }
                guard let model = fitted else { return }
                let xs = model.inputScaler.transform(x)
                let ys = y.map { ($0 - model.targetCentre) / model.targetScale }
                let theta = [Double](repeating: 0, count: x.columns) + [0, log(0.1), 0]
                let (atStart, evaluationTimes) = try timedRuns(evaluations) {
                    try GaussianProcess.logMarginalLikelihood(kernel: .matern52, automaticRelevance: true, x: xs, y: ys, parameters: theta).value
                }
                let report = Report(
                    rows: x.rows, features: x.columns, restarts: restarts, fitSecondsMedian: median(times), fitSeconds: times,
                    evaluationSecondsMedian: median(evaluationTimes), logMarginalLikelihoodAtStart: atStart ?? .nan,
                    logMarginalLikelihood: model.logMarginalLikelihood, lengthScales: model.lengthScales,
                    signalVariance: model.signalVariance, noiseVariance: model.noiseVariance, constantMean: model.constantMean,
                    jitterAdded: model.factor.jitterAdded)
                if output.json { try printJSON(report); return }
                print("GP n = \(x.rows), d = \(x.columns): fit \(fixed(report.fitSecondsMedian, 3)) s (median of \(repeats)), "
                    + "LML+gradient \(fixed(report.evaluationSecondsMedian * 1000, 2)) ms, LML \(fixed(report.logMarginalLikelihood, 3))")
            }
        }
    }

    /// `qdlab models speed-xgb`: XGBoost training time for bench/xgb_run.sh (measured, never asserted).
    struct SpeedXGB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "speed-xgb",
            abstract: "Time GradientBoosting (XGBoost C API, hist) training on a CSV.",
            discussion: """
                Parameters: objective reg:squarederror, tree_method hist, eta 0.3, max_depth 6, base_score = mean(y), \
                seed 0. The timed fit includes building the DMatrix and saving the model to a UBJ buffer.
                """)
        @Option(name: .long, help: "CSV: header, feature columns, target last.")
        var csv: String
        @Option(name: .long, help: "Boosting rounds.")
        var rounds = 200
        @Option(name: .long, help: "XGBoost threads (nthread).")
        var threads = 1
        @Option(name: .long, help: "Timed fits; the median is reported.")
        var repeats = 5
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard rounds >= 1, threads >= 1, repeats >= 1 else {
                throw ValidationError("--rounds, --threads and --repeats must be ≥ 1; got \(rounds), \(threads), \(repeats).")
            }
        }

        struct Report: Codable {
            let rows: Int
            let features: Int
            let rounds: Int
            let threads: Int
            let fitSecondsMedian: Double
            let fitSeconds: [Double]
            /// Training-set predictions of the first rows, to check both libraries built the same model.
            let firstPredictions: [Double]
        }

        func run() throws {
            try reportingErrors {
                let (x, y) = try readNumericCSV(csv)
                let model = GradientBoosting(rounds: rounds, treeMethod: .hist, threads: threads)
                let (fitted, times) = try timedRuns(repeats) { try model.fit(x, y, seed: 0) }
                guard let booster = fitted else { return }
                let head = x.selectingRows(Array(0..<min(5, x.rows)))
                let report = Report(
                    rows: x.rows, features: x.columns, rounds: rounds, threads: threads, fitSecondsMedian: median(times),
                    fitSeconds: times, firstPredictions: try booster.predict(head))
                if output.json { try printJSON(report); return }
                print("XGBoost hist \(x.rows) × \(x.columns), \(rounds) rounds, \(threads) thread(s): \(fixed(report.fitSecondsMedian, 3)) s (median of \(repeats))")
            }
        }
    }
}

extension ModelsCommand {
    /// `qdlab models joint`: the joint diameter + peak model against separate models (InP, grouped by DOI).
    struct Joint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare joint diameter + absorption prediction (consistent with the sizing curve) with separate models on InP.",
            discussion: "Rows of inp-nguyen2022 with both targets; group k-fold by DOI; gradient boosting everywhere. See docs/learn.md.")
        @Option(name: .long, help: "Folds (grouped by DOI).")
        var folds = 5
        @Option(name: .long, help: "Residual bounds B (nm), comma-separated.")
        var bounds = "0,30,100"
        @Option(name: .long, help: "Seed of the folds and the models.")
        var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let b = try bounds.split(separator: ",").map { text -> Double in
                    guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v >= 0 else {
                        throw ValidationError("--bounds must be non-negative numbers in nm, comma-separated; got '\(text)'.")
                    }
                    return v
                }
                let result = try JointComparison.inP(folds: folds, bounds: b, seed: seed)
                if output.json { try printJSON(result); return }
                print("InP rows with diameter and absorption: \(result.rows) from \(result.papers) DOIs, \(result.folds) folds grouped by DOI")
                print("curve: \(result.curve); measured |peak − λ(measured diameter)|: \(fixed(result.measuredCurveGapNanometres, 1)) nm on average")
                var table = TextTable(["approach", "diameter MAE (nm)", "peak MAE (nm)", "mean |peak − λ(d)| (nm)", "max (nm)", "clamped"])
                for f in result.figures {
                    table.add([f.approach, fixed(f.diameterMeanAbsoluteError, 3), fixed(f.absorptionMeanAbsoluteError, 1),
                               fixed(f.meanCurveGapNanometres, 1), fixed(f.maximumCurveGapNanometres, 1), fixed(f.clampedFraction, 2)])
                }
                print(table.render(), terminator: "")
            }
        }
    }

    /// `qdlab models transfer`: CdSe → InP transfer learning curve against training from scratch.
    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learning curve of CdSe → InP transfer (absorption peak, shared conditions) against training from scratch.",
            discussion: "Features: growth temperature, time, cation and anion amounts and their ratio. See docs/learn.md.")
        @Option(name: .long, help: "Source family dataset.")
        var source = "cdse"
        @Option(name: .long, help: "Target family dataset.")
        var target = "inp"
        @Option(name: .long, help: "Training sizes, comma-separated; 'all' for the whole training fold.")
        var sizes = "10,20,40,all"
        @Option(name: .long, help: "Random subsets per fold and size.")
        var repeats = 5
        @Option(name: .long, help: "Folds (grouped by paper).")
        var folds = 5
        @Option(name: .long, help: "Seed.")
        var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let source: String
            let sourceRows: Int
            let target: String
            let targetRows: Int
            let targetPapers: Int
            let points: [TransferCurve.Point]
        }

        func run() throws {
            try reportingErrors {
                let sizeList = try sizes.split(separator: ",").map { text -> Int? in
                    if text == "all" { return nil }
                    guard let m = Int(text), m >= 2 else { throw ValidationError("--sizes takes integers ≥ 2 or 'all'; got '\(text)'.") }
                    return m
                }
                let (s, t) = (try FamilyConditions.shipped(source), try FamilyConditions.shipped(target))
                let points = try TransferCurve.run(source: s, target: t, sizes: sizeList, folds: folds, repeats: repeats, seed: seed)
                let answer = Answer(source: s.dataset, sourceRows: s.y.count, target: t.dataset, targetRows: t.y.count,
                                    targetPapers: Set(t.groups).count, points: points)
                if output.json { try printJSON(answer); return }
                print("\(s.dataset) (\(s.y.count) rows) → \(t.dataset) (\(t.y.count) rows, \(answer.targetPapers) papers), absorption peak MAE (nm), \(folds) folds grouped by paper")
                let methods = points.map(\.method).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                var table = TextTable(["training rows"] + methods)
                for size in sizeList {
                    let row = points.filter { $0.trainingRows == size }
                    let label = size.map(String.init) ?? "all (\(fixed(row.first?.meanTrainingRows ?? 0, 0)))"
                    table.add([label] + methods.map { m in fixed(row.first { $0.method == m }?.meanAbsoluteError ?? .nan, 1) })
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

import ArgumentParser
import Foundation
import QDData
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
        commandName: "models", abstract: "List and show saved models.", subcommands: [List.self, Show.self])

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

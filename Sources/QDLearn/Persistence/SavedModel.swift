import Foundation
import QDCore
import QDData

/// A trained model with everything needed to use it on raw recipes and to judge it: the fitted model, the
/// feature encoder (medians, levels, ranges), the interval half-width and the model card.
///
/// On disk, a folder `<id>/` with `model.json` (this value minus the card), `card.json` and `card.md`.
/// Load with `SavedModel.load(from:)`; the fitted model is `model` (a `FittedRegressor`), its columns
/// `featureNames`, the card `card`.
public struct SavedModel: Sendable {
    /// The on-disk format version written into `model.json`; loading refuses others.
    public static let formatVersion = 1

    /// The fitted model (any `ModelChoice`), fitted on every row.
    public let model: AnyFittedModel
    /// How raw recipe columns become the model's features.
    public let encoder: TabularEncoder
    /// The context the model was fitted with (feature names, material).
    public let context: ModelContext
    /// Interval half-width q (units of the target): predictions are ŷ ± q.
    public let intervalHalfWidth: Double
    /// The card.
    public let card: ModelCard

    /// The feature names, in column order.
    public var featureNames: [String] { encoder.featureNames }

    /// What `model.json` holds.
    struct ModelFile: Codable {
        let formatVersion: Int
        let choice: ModelChoice
        let context: ModelContext
        let encoder: TabularEncoder
        let intervalHalfWidth: Double
        let model: AnyFittedModel
    }

    /// Cross-validates `choice` on a shipped dataset, fits it on every row, and writes its card.
    ///
    /// The interval half-width is the ⌈(n + 1)(1 − α)⌉-th smallest absolute out-of-fold residual (the
    /// cross-validation analogue of split conformal; under exchangeability of papers its coverage is close to
    /// 1 − α, not guaranteed — see docs/learn.md).
    /// - Parameters:
    ///   - dataset: shipped dataset name or prefix ("inp").
    ///   - id: the model's name (its folder); nil = "<dataset>-<target>-<model>".
    ///   - softwareVersion: the qdlab version, recorded in the card.
    /// - Throws: as `TabularDesign.shipped`, the validation scheme and the model's `fit`.
    public static func train(
        dataset: String, target: String, model choice: ModelChoice, validation: ValidationChoice = .groupDOI,
        folds: Int = 5, seed: UInt64 = 0, miscoverage: Double = 0.1, id: String? = nil, softwareVersion: String = "unknown",
        now: Date = Date()
    ) throws -> SavedModel {
        try checkRules([HyperparameterRule("miscoverage", miscoverage, .open(0, 1))], estimator: "SavedModel.train")
        let design = try TabularDesign.shipped(dataset, target: target)
        if choice == .hybrid && !target.hasPrefix("abs") {
            throw LearnError(.invalidInput, "The hybrid model predicts absorption peaks only (target abs_nm); got '\(target)'. Choose another model.")
        }
        let context = ModelContext(featureNames: design.featureNames)
        let split = try validation.folds(for: design, folds: folds, seed: seed)
        // Missing cells stay NaN here so that each training fold imputes its own medians (MedianImputing inside
        // crossValidate), as `evaluate` does; design.x's all-rows medians would leak the test fold into the card's
        // metrics. The final fit below is on every row, where the all-rows median is the training median.
        let cv = try choice.crossValidate(x: design.xWithMissing, y: design.y, folds: split, seed: seed, context: context)
        let baseline = try ModelChoice.mean.crossValidate(x: design.xWithMissing, y: design.y, folds: split, seed: seed)
        let residuals = zip(design.y, cv.predictions).map { abs($0 - $1) }.sorted()
        let n = residuals.count
        let rank = Int((Double(n + 1) * (1 - miscoverage)).rounded(.up))
        let halfWidth = rank <= n ? residuals[rank - 1] : .infinity
        let fitted = try AnyRegressor(choice, context: context).fit(design.x, design.y, seed: seed)

        let (_, datasetName) = try TabularFeatureSpec.forDataset(dataset)
        let info = try ShippedDatasets.named(datasetName).info
        let stamp = ISO8601DateFormatter().string(from: now)
        let encoder = design.encoder
        let ranges = zip(encoder.numericColumns, encoder.ranges).map {
            ModelCard.FeatureRange(column: $0, minimum: $1.lowerBound, maximum: $1.upperBound, levels: nil)
        } + zip(encoder.categoricalColumns, encoder.levels).map { ModelCard.FeatureRange(column: $0, minimum: nil, maximum: nil, levels: $1) }
        let card = ModelCard(
            id: id ?? "\(datasetName)-\(target)-\(choice.rawValue)", created: stamp, model: choice, modelSummary: choice.summary,
            target: target, targetUnit: target.hasSuffix("_nm") ? "nm" : "",
            data: .init(
                dataset: datasetName, title: info.title, citation: info.citation, doi: info.doi, licence: info.licence,
                source: info.source, rows: design.y.count, papers: Set(design.groups).count,
                recordDates: try? recordDateRange(datasetName)),
            features: design.featureNames, trainingRanges: ranges,
            validation: .init(
                scheme: validation, folds: folds, seed: seed, metrics: cv.pooled,
                baselineMeanAbsoluteError: baseline.pooled.meanAbsoluteError, intervalMiscoverage: miscoverage,
                intervalHalfWidth: halfWidth),
            intendedUse: "Screening and ranking colloidal \(datasetName.split(separator: "-").first.map(String.init) ?? "") syntheses by \(target) before running them, with the stated error bar; a starting point for experiment design, not a substitute for measurement.",
            limitations: [
                "Literature data: recipes are as reported by the papers; unreported conditions are not in the features.",
                "The error bar comes from cross-validation grouped as stated; a recipe unlike every paper in the training set can be off by more.",
                "Inputs outside the training ranges, unseen reagents and missing values are flagged at predict time; treat those predictions as extrapolations.",
                "Reagent names must match the training spelling exactly (see the levels below).",
            ] + (choice == .hybrid ? ["The hybrid's latent diameter is consistent with the sizing curve but was not fitted to measured diameters."] : []),
            software: ModelCard.softwareVersions(qdlab: softwareVersion))
        return SavedModel(model: fitted, encoder: encoder, context: context, intervalHalfWidth: halfWidth, card: card)
    }

    /// Earliest and latest `date_input` (M/d/yyyy) of a shipped table, as ISO dates.
    private static func recordDateRange(_ dataset: String) throws -> [String]? {
        let file = try ShippedDatasets.named(dataset).dataFile
        let table = try DelimitedTextReader.parse(Data(contentsOf: file), fileName: file.lastPathComponent)
        guard let i = table.header.firstIndex(of: "date_input") else { return nil }
        let dates = table.rows.compactMap { row -> String? in
            let parts = row[i].split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return String(format: "%04d-%02d-%02d", parts[2], parts[0], parts[1])
        }.sorted()
        guard let first = dates.first, let last = dates.last else { return nil }
        return [first, last]
    }

    /// Writes `model.json`, `card.json` and `card.md` into `directory` (created if needed).
    /// - Throws: file-system and encoding errors.
    public func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = ModelFile(
            formatVersion: Self.formatVersion, choice: card.model, context: context, encoder: self.encoder,
            intervalHalfWidth: intervalHalfWidth, model: model)
        try encoder.encode(file).write(to: directory.appendingPathComponent("model.json"))
        try card.write(to: directory)
    }

    /// Loads a model saved by `save(to:)`.
    /// - Throws: `LearnError.invalidInput` naming the file when a file is missing, malformed, or of another
    ///   format version.
    public static func load(from directory: URL) throws -> SavedModel {
        func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else {
                throw LearnError(.invalidInput, "No \(name) in \(directory.path); pass the folder that `qdlab train` wrote (it holds model.json, card.json, card.md).")
            }
            do { return try JSONDecoder().decode(T.self, from: data) } catch {
                throw LearnError(.invalidInput, "\(url.path) is not a valid QDLab \(name): \(error). Retrain the model with `qdlab train`.")
            }
        }
        struct Version: Decodable { let formatVersion: Int }
        let version = try read("model.json", as: Version.self).formatVersion
        guard version == formatVersion else {
            throw LearnError(.invalidInput, "\(directory.path)/model.json has format version \(version); this build reads \(formatVersion). Retrain with this qdlab.")
        }
        let file = try read("model.json", as: ModelFile.self)
        let card = try read("card.json", as: ModelCard.self)
        return SavedModel(
            model: file.model, encoder: file.encoder, context: file.context, intervalHalfWidth: file.intervalHalfWidth, card: card)
    }

    /// The training design again (the shipped dataset and target of the card), e.g. for explanations.
    /// - Throws: as `TabularDesign.shipped`.
    public func trainingDesign() throws -> TabularDesign {
        try TabularDesign.shipped(card.data.dataset, target: card.target)
    }

    /// One prediction with its interval and flags.
    public struct Prediction: Sendable, Equatable, Codable {
        /// Point prediction (units of the target).
        public let value: Double
        /// ŷ − q.
        public let lower: Double
        /// ŷ + q.
        public let upper: Double
        /// Posterior predictive standard deviation (GP, deep ensemble), nil for other models.
        public let standardDeviation: Double?
        /// True when any input was outside the training ranges, unseen or missing.
        public let outOfDomain: Bool
        /// The reasons, one sentence each.
        public let warnings: [String]
    }

    /// Predictions for raw recipes (raw column → cell text), with intervals and out-of-domain flags.
    /// - Throws: as `TabularEncoder.encode`, and the model's `predict`.
    public func predict(records: [[String: String]]) throws -> [Prediction] {
        let (x, warnings) = try encoder.encode(records)
        let values = try model.predict(x)
        let sd = try model.posterior(x)?.predictiveVariance.map { $0.squareRoot() }
        return values.enumerated().map { i, v in
            let w = warnings.filter { $0.row == i }.map(\.message)
            return Prediction(
                value: v, lower: v - intervalHalfWidth, upper: v + intervalHalfWidth, standardDeviation: sd?[i],
                outOfDomain: !w.isEmpty, warnings: w)
        }
    }
}

import Foundation
import QDCore
import QDData
import QDLearn

/// A model saved by `qdlab train --save-model` (a `SavedModel` folder with its card) used as the recipe
/// surrogate, when it predicts the first-exciton absorption peak from features that include the recipe
/// conditions.
///
/// Such a model sees more than the five conditions (reagents, solvents, other amounts). Those columns are held
/// at one reference recipe while the conditions vary: numeric columns at their training median, categorical
/// columns at their most frequent level in the training rows (listed in `fixedColumns` and in the plan's notes).
/// The standard deviation is the model's posterior sd when it has one (GP), otherwise the card's interval
/// half-width divided by the normal quantile z₁₋α/₂ of its miscoverage α (a Gaussian reading of the interval).
public struct SavedRecipeSurrogate: RecipePredictor {
    /// The loaded model.
    public let saved: SavedModel
    /// The dataset spec matching the model's training data.
    public let spec: RecipeDatasetSpec
    /// The inversion box: 5th–95th percentile of the dataset's complete rows (as `RecipeSurrogate`).
    public let lower: [Double]
    public let upper: [Double]
    /// Rows on the card.
    public let trainingRows: Int
    /// The card's cross-validated MAE, nm.
    public let crossValidatedMAE: Double
    /// The raw columns held fixed while the conditions vary: column → cell text.
    public let fixedColumns: [String: String]

    /// "Saved model ID (MODEL) on n rows of D; CV MAE m nm (scheme); other columns fixed at …".
    public var summary: String {
        let fixed = fixedColumns.keys.sorted().filter { saved.encoder.categoricalColumns.contains($0) }.map { "\($0) = \(fixedColumns[$0] ?? "")" }
        return String(format: "Surrogate: saved model %@ (%@) on %d rows of %@; %@ CV MAE %.1f nm. Other numeric columns at their training medians; reagents at the most frequent level (%@).",
                      saved.card.id, saved.card.model.rawValue, trainingRows, spec.dataset, saved.card.validation.scheme.rawValue, crossValidatedMAE,
                      fixed.joined(separator: ", "))
    }

    /// Wraps a saved model, checking that it fits the recipe task.
    /// - Throws: `DesignError.recipe` when the model's dataset has no recipe featurisation, its target is not
    ///   the dataset's absorption peak, or its features lack a recipe condition (each message names the model,
    ///   what it has and how to train a fitting one); QDData's errors when the dataset cannot be read.
    public init(_ saved: SavedModel) throws {
        let card = saved.card
        let retrain = "Train one with `qdlab train --dataset inp --target abs_nm` and pass its folder."
        let spec: RecipeDatasetSpec
        do { spec = try RecipeDatasetSpec.named(card.data.dataset) } catch {
            throw DesignError(.recipe, "Model '\(card.id)' was trained on \(card.data.dataset), which has no recipe conditions (rule: a model of inp-nguyen2022 or cdse-baum2020). \(retrain)")
        }
        guard card.target == spec.response else {
            throw DesignError(.recipe, "Model '\(card.id)' predicts '\(card.target)', but recipes must hit the first-exciton absorption peak '\(spec.response)' (rule: the model's target is \(spec.response)). \(retrain)")
        }
        let missing = spec.columns.filter { !saved.encoder.numericColumns.contains($0) }
        guard missing.isEmpty else {
            throw DesignError(.recipe, "Model '\(card.id)' does not use the recipe condition(s) \(missing.joined(separator: ", ")) (rule: its numeric features include \(spec.columns.joined(separator: ", ")); it has \(saved.encoder.numericColumns.joined(separator: ", "))). \(retrain)")
        }
        var fixed: [String: String] = [:]
        for (column, median) in zip(saved.encoder.numericColumns, saved.encoder.medians) where !spec.columns.contains(column) {
            fixed[column] = String(median)
        }
        let shipped = try ShippedDatasets.named(spec.dataset)
        let table = try DelimitedTextReader.parse(try Data(contentsOf: shipped.dataFile), fileName: shipped.dataFile.lastPathComponent)
        let responseIndex = table.header.firstIndex(of: spec.response)
        let rows = table.rows.filter { row in responseIndex.flatMap { Double(row[$0]) }.map(\.isFinite) ?? false }
        for (column, levels) in zip(saved.encoder.categoricalColumns, saved.encoder.levels) {
            guard let i = table.header.firstIndex(of: column) else { continue }
            var counts: [String: Int] = [:]
            for row in rows { counts[row[i].trimmingCharacters(in: .whitespaces), default: 0] += 1 }
            // Most frequent level, ties broken alphabetically; only levels the encoder knows.
            fixed[column] = levels.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) }
        }
        let (x, _, _) = try spec.load()
        let box = RecipeSurrogate.percentileBox(x)
        self.saved = saved
        self.spec = spec
        lower = box.lower
        upper = box.upper
        trainingRows = card.data.rows
        crossValidatedMAE = card.validation.metrics.meanAbsoluteError
        fixedColumns = fixed
    }

    /// Predicted peak and sd (nm) per row of conditions (`spec.columns` order), other columns fixed.
    /// - Throws: as `SavedModel.predict(records:)`.
    public func predict(_ conditions: [[Double]]) throws -> [(mean: Double, standardDeviation: Double)] {
        let records = conditions.map { row -> [String: String] in
            var record = fixedColumns
            for (column, value) in zip(spec.columns, row) { record[column] = String(value) }
            return record
        }
        let alpha = saved.card.validation.intervalMiscoverage
        let z = Normal.standard.quantile(1 - alpha / 2)
        return try saved.predict(records: records).map { p in
            (p.value, p.standardDeviation ?? saved.intervalHalfWidth / z)
        }
    }
}

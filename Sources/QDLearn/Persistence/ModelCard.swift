import CSVM  // links libsvm, whose version the card records
import CXGBoost
import Foundation

/// How a saved model was validated before being fitted on every row.
public enum ValidationChoice: String, Sendable, Codable, CaseIterable {
    /// Group k-fold by the paper's DOI: recipes of one paper are never on both sides.
    case groupDOI = "group-doi"
    /// Plain shuffled k-fold.
    case kfold
    /// Three independent shuffled k-fold splits; each row's out-of-fold prediction is the mean over repeats
    /// (so its residual is slightly smaller than a single split's).
    case repeatedKFold = "repeated-kfold"

    /// The folds for `design`.
    /// - Throws: as `CrossValidationScheme.folds(rowCount:seed:)`.
    public func folds(for design: TabularDesign, folds k: Int, seed: UInt64) throws -> [Fold] {
        let scheme: CrossValidationScheme = switch self {
        case .groupDOI: .groupKFold(folds: k, groups: design.groups)
        case .kfold: .kFold(folds: k)
        case .repeatedKFold: .repeatedKFold(folds: k, repeats: 3)
        }
        return try scheme.folds(rowCount: design.y.count, seed: seed)
    }
}

/// A model card (Mitchell et al., "Model cards for model reporting", FAT* 2019, adapted): what a saved model
/// was trained on, how it was validated, what it is for, and the ranges outside which it extrapolates.
/// Written as `card.json` and `card.md` next to `model.json`.
public struct ModelCard: Sendable, Equatable, Codable {
    /// The model id (its folder name).
    public var id: String
    /// When it was trained, ISO 8601 (UTC).
    public var created: String
    /// Which model.
    public var model: ModelChoice
    /// One line on the model and its fixed hyperparameters.
    public var modelSummary: String
    /// Target column and its unit.
    public var target: String
    /// Unit of the target ("nm").
    public var targetUnit: String
    /// The data.
    public var data: DataSummary
    /// Feature names, in matrix order.
    public var features: [String]
    /// Numeric training ranges and categorical levels; inputs outside are flagged at predict time.
    public var trainingRanges: [FeatureRange]
    /// Cross-validation before the final fit.
    public var validation: ValidationSummary
    /// What the model is for.
    public var intendedUse: String
    /// What it is not for, and known weaknesses.
    public var limitations: [String]
    /// Versions of everything that produced it.
    public var software: [String: String]
    /// A global ranking of the input variables, added by `qdlab explain --model DIR` with a global method
    /// (nil until then; cards written before this field existed decode with nil).
    public var globalImportance: GlobalImportance? = nil

    /// Which recipe variables drive the model's predictions overall, most important first.
    public struct GlobalImportance: Sendable, Equatable, Codable {
        /// How the numbers were computed, e.g. "mean |SHAP| (TreeSHAP, exact for trees) over 205 rows".
        public var method: String
        /// What each value is, e.g. "mean |SHAP| (nm)" or "RMSE increase (nm)".
        public var valueName: String
        /// One entry per recipe variable, ranked.
        public var entries: [Entry]

        /// One variable's importance.
        public struct Entry: Sendable, Equatable, Codable {
            /// Variable as the record names it ("temp_c").
            public var variable: String
            /// Readable label with unit ("temperature (°C)").
            public var label: String
            /// The method's number (units in `valueName`).
            public var value: Double
            /// Lower end of a 95 % interval, when the method gives one.
            public var lower: Double?
            /// Upper end of that interval.
            public var upper: Double?

            /// An entry; `lower`/`upper` only for methods with an interval (permutation importance).
            public init(variable: String, label: String, value: Double, lower: Double? = nil, upper: Double? = nil) {
                self.variable = variable
                self.label = label
                self.value = value
                self.lower = lower
                self.upper = upper
            }
        }

        /// A ranking computed by `method`, values in `valueName`; entries are kept in the order given.
        public init(method: String, valueName: String, entries: [Entry]) {
            self.method = method
            self.valueName = valueName
            self.entries = entries
        }
    }

    /// The datasets behind a model.
    public struct DataSummary: Sendable, Equatable, Codable {
        /// Shipped dataset name, e.g. "inp-nguyen2022".
        public var dataset: String
        /// Its title.
        public var title: String?
        /// The paper to cite.
        public var citation: String?
        /// That paper's DOI.
        public var doi: String?
        /// Licence (SPDX).
        public var licence: String?
        /// Upstream source and commit.
        public var source: String?
        /// Rows used (those with a numeric target).
        public var rows: Int
        /// Distinct papers (DOIs) among them.
        public var papers: Int
        /// Earliest and latest record-entry dates in the table (ISO dates), when it has them.
        public var recordDates: [String]?
    }

    /// One numeric range or categorical level set.
    public struct FeatureRange: Sendable, Equatable, Codable {
        /// Raw column.
        public var column: String
        /// Minimum (numeric columns).
        public var minimum: Double?
        /// Maximum (numeric columns).
        public var maximum: Double?
        /// Levels seen (categorical columns).
        public var levels: [String]?
    }

    /// Validation scheme and its figures.
    public struct ValidationSummary: Sendable, Equatable, Codable {
        /// "group-doi" or "kfold".
        public var scheme: ValidationChoice
        /// Number of folds.
        public var folds: Int
        /// Seed of the folds and the model.
        public var seed: UInt64
        /// Metrics of the pooled out-of-fold predictions.
        public var metrics: RegressionMetrics
        /// MAE of the training-fold mean on the same folds (the bar to clear).
        public var baselineMeanAbsoluteError: Double
        /// α of the prediction intervals.
        public var intervalMiscoverage: Double
        /// Interval half-width q: the ⌈(n + 1)(1 − α)⌉-th smallest absolute out-of-fold residual.
        public var intervalHalfWidth: Double
    }

    /// The card as Markdown.
    public var markdown: String {
        func n(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
        var md = "# Model card: \(id)\n\n"
        md += "- **Model**: \(model.rawValue): \(modelSummary)\n- **Target**: \(target) (\(targetUnit))\n- **Trained**: \(created)\n\n"
        md += "## Data\n- Dataset: `\(data.dataset)`\(data.title.map { " — \($0)" } ?? "")\n"
        md += "- Rows: \(data.rows) from \(data.papers) papers (DOIs)\n"
        if let c = data.citation { md += "- Cite: \(c)\(data.doi.map { " (doi:\($0))" } ?? "")\n" }
        if let l = data.licence { md += "- Licence: \(l)\n" }
        if let s = data.source { md += "- Source: \(s)\n" }
        if let d = data.recordDates, d.count == 2 { md += "- Records entered: \(d[0]) to \(d[1])\n" }
        md += "\n## Validation\n- \(validation.folds)-fold \(validation.scheme.rawValue), seed \(validation.seed), pooled out-of-fold:\n"
        md += "  MAE \(n(validation.metrics.meanAbsoluteError)) \(targetUnit), RMSE \(n(validation.metrics.rootMeanSquaredError)) \(targetUnit), "
        md += "R² \(n(validation.metrics.rSquared, 3)); mean baseline MAE \(n(validation.baselineMeanAbsoluteError)) \(targetUnit)\n"
        md += "- Prediction intervals: ± \(n(validation.intervalHalfWidth)) \(targetUnit) "
        md += "(\(Int(((1 - validation.intervalMiscoverage) * 100).rounded())) %, from the out-of-fold residuals)\n"
        md += "\n## Intended use\n\(intendedUse)\n\n## Limitations\n" + limitations.map { "- \($0)\n" }.joined()
        md += "\n## Features (\(features.count))\n" + features.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        md += "\n## Training ranges (inputs outside are flagged at predict time)\n| column | range or levels |\n|---|---|\n"
        for r in trainingRanges {
            if let lo = r.minimum, let hi = r.maximum { md += "| \(r.column) | \(formatNumber(lo)) – \(formatNumber(hi)) |\n" }
            if let levels = r.levels { md += "| \(r.column) | \(levels.joined(separator: "; ")) |\n" }
        }
        md += "\n## Software\n" + software.keys.sorted().map { "- \($0): \(software[$0] ?? "")\n" }.joined()
        if let importance = globalImportance {
            md += "\n## Global importance (\(importance.method))\n\n| rank | variable | \(importance.valueName) |\n|---:|---|---:|\n"
            for (k, e) in importance.entries.prefix(12).enumerated() {
                let interval = e.lower.map { l in " (\(n(l)) to \(n(e.upper ?? l)))" } ?? ""
                md += "| \(k + 1) | \(e.label) | \(n(e.value))\(interval) |\n"
            }
        }
        return md
    }

    /// Writes `card.json` (pretty, sorted keys) and `card.md` into `directory`, which must exist.
    /// - Throws: file-system and encoding errors.
    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: directory.appendingPathComponent("card.json"))
        try Data(markdown.utf8).write(to: directory.appendingPathComponent("card.md"))
    }

    /// Reads `card.json` from a saved model's folder.
    /// - Throws: `LearnError.invalidInput` naming the file when it is missing or not a card.
    public static func read(from directory: URL) throws -> ModelCard {
        let url = directory.appendingPathComponent("card.json")
        guard let data = try? Data(contentsOf: url) else {
            throw LearnError(.invalidInput, "No card.json in \(directory.path); pass the folder that `qdlab train` wrote.")
        }
        do { return try JSONDecoder().decode(ModelCard.self, from: data) } catch {
            throw LearnError(.invalidInput, "\(url.path) is not a valid QDLab card.json: \(error). Retrain the model with `qdlab train`.")
        }
    }

    /// Versions of the libraries linked into this build: XGBoost (from its C API), the Swift compiler, the OS.
    public static func softwareVersions(qdlab: String) -> [String: String] {
        var (major, minor, patch): (Int32, Int32, Int32) = (0, 0, 0)
        XGBoostVersion(&major, &minor, &patch)
        #if compiler(>=6.3)
        let swift = "6.3 or later"
        #elseif compiler(>=6.0)
        let swift = "6.x"
        #else
        let swift = "older than 6"
        #endif
        return [
            "qdlab": qdlab, "QDLearn model format": String(SavedModel.formatVersion),
            "xgboost": "\(major).\(minor).\(patch)", "libsvm": String(libsvmVersion()), "swift compiler": swift,
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
        ]
    }
}

/// libsvm's `libsvm_version` (e.g. 324 for 3.24). Swift 6 refuses to read a mutable C global directly, so the
/// symbol is looked up in the running process and read once through its address; 0 if it cannot be found.
private func libsvmVersion() -> Int32 {
    guard let handle = dlopen(nil, RTLD_NOW) else { return 0 }
    defer { dlclose(handle) }
    guard let symbol = dlsym(handle, "libsvm_version") else { return 0 }
    return symbol.load(as: Int32.self)
}

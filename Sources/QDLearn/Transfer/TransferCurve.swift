import Foundation
import QDCore
import QDData

/// Rows of one material family in the feature space that families share: growth temperature (°C), growth time
/// (min), cation and anion precursor amounts (mmol) and their molar ratio anion:cation.
///
/// Rows missing any shared condition or the target, or with a non-positive cation amount, are dropped (counted in
/// `droppedRows`): with four inputs, imputing would invent most of what a row says.
public struct FamilyConditions: Sendable, Equatable {
    /// Feature names, in matrix order.
    public static let featureNames = ["temp_c", "time_min", "cation_mmol", "anion_mmol", "anion_to_cation_molar"]
    /// Shipped dataset name.
    public let dataset: String
    /// QDPhysics material id of the family.
    public let materialID: String
    /// n × 5 conditions.
    public let x: Matrix
    /// Absorption peak (nm) per row.
    public let y: [Double]
    /// Paper (DOI or citation) per row, for grouped folds.
    public let groups: [String]
    /// Rows of the table left out for a missing or invalid value.
    public let droppedRows: Int

    /// The raw columns of each supported family: temperature, time, cation, anion, absorption peak, paper.
    static let columns: [String: (material: String, names: [String])] = [
        "inp-nguyen2022": ("InP", ["temp_c", "time_min", "in_amount_mmol", "p_amount_mmol", "abs_nm", "doi"]),
        "cdse-baum2020": ("CdSe", ["Growth Temp (Celsius)", "Time_min (min)", "Metal_mmol (mmol)", "Chalcogen_mmol (mmol)",
                                   "Absorbance max (nm)", "Citation"]),
    ]

    /// The absorption-peak rows of a shipped family ("inp" / "inp-nguyen2022", "cdse" / "cdse-baum2020").
    /// - Throws: `LearnError.invalidInput` for another dataset; QDData's errors for a missing or malformed file.
    public static func shipped(_ name: String) throws -> FamilyConditions {
        // Short names resolve among the supported families first ("cdse" alone is ambiguous among shipped sets).
        let known = columns.keys.filter { $0 == name || $0.hasPrefix(name + "-") }
        let dataset = try ShippedDatasets.named(known.count == 1 ? known[0] : name)
        guard let (material, names) = columns[dataset.info.name] else {
            throw LearnError(.invalidInput, "No shared-condition columns known for dataset '\(name)'; transfer supports \(columns.keys.sorted().joined(separator: ", ")).")
        }
        let table = try DelimitedTextReader.parse(Data(contentsOf: dataset.dataFile), fileName: dataset.dataFile.lastPathComponent)
        let index = try names.map { column in
            guard let i = table.header.firstIndex(of: column) else {
                throw LearnError(.invalidInput, "\(dataset.info.name): no column '\(column)' in its data file.")
            }
            return i
        }
        var features: [Double] = [], targets: [Double] = [], groups: [String] = []
        for row in table.rows {
            let values = index.prefix(5).map { Double(row[$0].trimmingCharacters(in: .whitespaces)) }
            guard values.allSatisfy({ $0?.isFinite == true }) else { continue }
            let v = values.compactMap { $0 }
            let group = row[index[5]].trimmingCharacters(in: .whitespaces)
            guard v[2] > 0, v[4] > 0, !group.isEmpty else { continue }
            features += [v[0], v[1], v[2], v[3], v[3] / v[2]]
            targets.append(v[4])
            groups.append(group)
        }
        return FamilyConditions(
            dataset: dataset.info.name, materialID: material,
            x: try Matrix(rows: targets.count, columns: featureNames.count, elements: features), y: targets, groups: groups,
            droppedRows: table.rows.count - targets.count)
    }
}

/// A learning curve of transfer from a source family to a small target family against training from scratch.
///
/// Protocol (all seeded): the target rows are split into `folds` group k-folds by paper. For every fold and every
/// training size m, `repeats` random subsets of m training-fold rows (one subset when m is the whole fold) train
/// each method; every held-out row is predicted by each. MAE is pooled over folds and repeats per method and size.
/// Methods: the training mean; gradient boosting from scratch; the source model plus the target rows' mean offset;
/// the source model as base margin with gradient boosting on the residual (`SourcePrior`, `.offset`).
/// The source model is gradient boosting fitted on every source row (none of them are target rows).
public enum TransferCurve {
    /// One method at one training size.
    public struct Point: Sendable, Equatable, Codable {
        /// "mean", "scratch-gbm", "source+offset", "source+gbm".
        public let method: String
        /// Requested training rows (nil = the whole training fold).
        public let trainingRows: Int?
        /// Mean training rows actually used (a fold smaller than m uses all its rows).
        public let meanTrainingRows: Double
        /// MAE of the pooled held-out predictions (units of y).
        public let meanAbsoluteError: Double
        /// Held-out predictions pooled.
        public let predictions: Int
    }

    /// Runs the curve.
    /// - Parameters:
    ///   - sizes: training sizes; nil means all training-fold rows.
    ///   - boosting: the boosting model for both the scratch and the residual fits.
    /// - Throws: `LearnError` from the folds or the models; `.shapeMismatch` when the families' features differ.
    public static func run(
        source: FamilyConditions, target: FamilyConditions, sizes: [Int?] = [10, 20, 40, nil], folds: Int = 5,
        repeats: Int = 5, boosting: GradientBoosting = GradientBoosting(), seed: UInt64 = 0
    ) throws -> [Point] {
        guard source.x.columns == target.x.columns else {
            throw LearnError(.shapeMismatch, "TransferCurve: the source has \(source.x.columns) features and the target \(target.x.columns); both must be FamilyConditions.")
        }
        let sourceModel = try boosting.fit(source.x, source.y, seed: seed)
        let splits = try CrossValidationScheme.groupKFold(folds: folds, groups: target.groups).folds(rowCount: target.y.count, seed: seed)
        let methods = ["mean", "scratch-gbm", "source+offset", "source+gbm"]
        var points: [Point] = []
        for size in sizes {
            var errors = [String: [Double]](), used: [Int] = []
            var rng = SeededRNG(seed: seed &+ UInt64(size ?? 0))
            for fold in splits {
                let subsets: [[Int]] = size.map { m in
                    m >= fold.train.count ? [fold.train] : (0..<repeats).map { _ in Array(rng.permutation(fold.train.count).prefix(m)).map { fold.train[$0] } }
                } ?? [fold.train]
                let xTest = target.x.selectingRows(fold.test)
                let yTest = fold.test.map { target.y[$0] }
                for (k, rows) in subsets.enumerated() {
                    used.append(rows.count)
                    let x = target.x.selectingRows(rows), y = rows.map { target.y[$0] }
                    let fitSeed = seed &+ UInt64(k)
                    let predictions: [String: [Double]] = [
                        "mean": try MeanBaseline().fit(x, y, seed: fitSeed).predict(xTest),
                        "scratch-gbm": try boosting.fit(x, y, seed: fitSeed).predict(xTest),
                        "source+offset": try SourcePrior(source: sourceModel, residual: MeanBaseline()).fit(x, y, seed: fitSeed).predict(xTest),
                        "source+gbm": try SourcePrior(source: sourceModel, residual: boosting).fit(x, y, seed: fitSeed).predict(xTest),
                    ]
                    for (method, p) in predictions { errors[method, default: []] += zip(p, yTest).map { abs($0 - $1) } }
                }
            }
            let meanUsed = Double(used.reduce(0, +)) / Double(max(used.count, 1))
            for method in methods {
                let e = errors[method] ?? []
                points.append(Point(
                    method: method, trainingRows: size, meanTrainingRows: meanUsed,
                    meanAbsoluteError: e.reduce(0, +) / Double(max(e.count, 1)), predictions: e.count))
            }
        }
        return points
    }
}

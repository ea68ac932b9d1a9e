import Foundation
import QDCore
import QDData

/// The joint diameter + peak model against two separate models, on the InP rows that report both.
///
/// Data: rows of `inp-nguyen2022` with a numeric absorption peak and diameter, featurised by the encoder of the
/// InP absorption design (its medians and levels come from all absorption rows: unsupervised, no target leaks).
/// Folds: group k-fold by DOI, seeded. Separate: `GradientBoosting()` for each target. Joint:
/// `JointSizeAbsorption` with `GradientBoosting()` for the diameter and for the residual, bound B. Both see the
/// same training rows; the joint model's residual is trained on the same rows as its diameter model.
public enum JointComparison {
    /// Held-out figures of one approach.
    public struct Figures: Sendable, Equatable, Codable {
        /// "separate" or "joint (B = … nm)".
        public let approach: String
        /// MAE of the diameter (nm).
        public let diameterMeanAbsoluteError: Double
        /// MAE of the absorption peak (nm).
        public let absorptionMeanAbsoluteError: Double
        /// Mean |peak − λ(diameter)| of the predictions (nm): how far the two outputs disagree with the curve.
        public let meanCurveGapNanometres: Double
        /// Largest such gap (nm).
        public let maximumCurveGapNanometres: Double
        /// Fraction of joint predictions whose residual was clamped to ±B (0 for separate).
        public let clampedFraction: Double
    }

    /// The comparison's data and results.
    public struct Result: Sendable, Equatable, Codable {
        /// Rows with both targets.
        public let rows: Int
        /// Distinct DOIs among them.
        public let papers: Int
        /// Folds.
        public let folds: Int
        /// The sizing curve used.
        public let curve: String
        /// Mean |measured peak − λ(measured diameter)| over the rows (nm): how well the curve itself fits the data.
        public let measuredCurveGapNanometres: Double
        /// One entry per approach.
        public let figures: [Figures]
    }

    /// Runs the comparison on InP for each bound in `bounds` (nm).
    /// - Throws: QDData's errors for the shipped file; `LearnError` from featurisation, folds or models.
    public static func inP(folds: Int = 5, bounds: [Double] = [0, 30, 100], seed: UInt64 = 0) throws -> Result {
        let dataset = try ShippedDatasets.named("inp-nguyen2022")
        let table = try DelimitedTextReader.parse(Data(contentsOf: dataset.dataFile), fileName: dataset.dataFile.lastPathComponent)
        func column(_ name: String) throws -> Int {
            guard let i = table.header.firstIndex(of: name) else {
                throw LearnError(.invalidInput, "inp-nguyen2022: no column '\(name)' in its data file.")
            }
            return i
        }
        let (ia, id, ig) = (try column("abs_nm"), try column("diameter_nm"), try column("doi"))
        let both = table.rows.filter { row in
            [ia, id].allSatisfy { Double(row[$0])?.isFinite == true } && !row[ig].isEmpty
        }
        let records = both.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
        let encoder = try TabularDesign.shipped("inp", target: "abs_nm").encoder
        let x = try encoder.encode(records).x
        let peaks = both.map { Double($0[ia]) ?? .nan }, diameters = both.map { Double($0[id]) ?? .nan }
        let groups = both.map { $0[ig] }
        let splits = try CrossValidationScheme.groupKFold(folds: folds, groups: groups).folds(rowCount: both.count, seed: seed)
        let curve = try SizingPrior(materialID: "InP")
        let boosting = GradientBoosting()

        var separateD = [Double](repeating: .nan, count: both.count), separateA = separateD
        var joint = [[JointSizeAbsorptionPrediction?]](repeating: [JointSizeAbsorptionPrediction?](repeating: nil, count: both.count), count: bounds.count)
        for fold in splits {
            let xTrain = x.selectingRows(fold.train), xTest = x.selectingRows(fold.test)
            let dTrain = fold.train.map { diameters[$0] }, aTrain = fold.train.map { peaks[$0] }
            let d = try boosting.fit(xTrain, dTrain, seed: seed).predict(xTest)
            let a = try boosting.fit(xTrain, aTrain, seed: seed).predict(xTest)
            for (k, row) in fold.test.enumerated() { (separateD[row], separateA[row]) = (d[k], a[k]) }
            for (b, bound) in bounds.enumerated() {
                let model = JointSizeAbsorption(materialID: "InP", diameter: boosting, residual: boosting, maximumResidualNanometres: bound)
                let p = try model.fit(xTrain, diameterNanometres: dTrain, absorptionNanometres: aTrain, seed: seed).predict(xTest)
                for (k, row) in fold.test.enumerated() { joint[b][row] = p[k] }
            }
        }
        func mae(_ p: [Double], _ y: [Double]) -> Double { zip(p, y).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(y.count, 1)) }
        func gaps(_ d: [Double], _ a: [Double]) -> [Double] {
            zip(d, a).map { abs($1 - curve.wavelength(diameterNanometres: SizingPrior.clampedDiameter($0))) }
        }
        func figures(_ name: String, _ d: [Double], _ a: [Double], clamped: Double) -> Figures {
            let g = gaps(d, a)
            return Figures(
                approach: name, diameterMeanAbsoluteError: mae(d, diameters), absorptionMeanAbsoluteError: mae(a, peaks),
                meanCurveGapNanometres: g.reduce(0, +) / Double(max(g.count, 1)), maximumCurveGapNanometres: g.max() ?? 0,
                clampedFraction: clamped)
        }
        var all = [figures("separate", separateD, separateA, clamped: 0)]
        for (b, bound) in bounds.enumerated() {
            let p = joint[b].compactMap { $0 }
            all.append(figures(
                "joint (B = \(formatNumber(bound)) nm)", p.map(\.diameterNanometres), p.map(\.absorptionNanometres),
                clamped: Double(p.filter(\.residualClamped).count) / Double(max(p.count, 1))))
        }
        let measuredGap = gaps(diameters, peaks)
        return Result(
            rows: both.count, papers: Set(groups).count, folds: folds, curve: curve.name,
            measuredCurveGapNanometres: measuredGap.reduce(0, +) / Double(max(measuredGap.count, 1)), figures: all)
    }
}

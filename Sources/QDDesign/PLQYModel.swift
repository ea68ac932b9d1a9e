import Foundation
import QDCore
import QDData
import QDLearn
import QDPhysics

/// A trained PLQY predictor for CsPbBr3 candidates: PLQY from the emission peak, learned from the
/// antisolvent syntheses of Luber et al. 2025 (shipped dataset `cspbbr3-luber2025`).
///
/// Data: rows with a numeric `peak_pos` (nm) and `PLQY` (fraction) > 0. The 121 rows with PLQY exactly 0 but a PL
/// peak are left out: the dataset's PROVENANCE flags them `zero-plqy-with-emission`, probably "not measured".
/// Model: a Gaussian process (QDLearn, Matérn 5/2) on the peak alone — the one quantity a screened candidate
/// shares with the data (the recipe columns of the data have no counterpart in a candidate). Peaks 431–518 nm:
/// nanoplatelets to cube-like CsPbBr3, all from one lab.
/// Validation: 5-fold cross-validation grouped by identical recipe (125 rows repeat another row's inputs, so
/// repeats never sit on both sides), MAE reported next to the mean baseline's — the peak explains part of the
/// PLQY (Pearson r ≈ 0.47 on these rows), not most of it.
///
/// Prediction is a table lookup (the GP mean and predictive standard deviation on a 0.5 nm grid, linear
/// interpolation), so a screen of 10⁶ candidates pays O(1) per candidate; outside the training peak range, or
/// for other compositions, `prediction` gives nil. The screen uses it through `ScreeningModel`
/// (`PLQYScoring.trainedWhereAvailable`, the default) for bare pure CsPbBr3 inside the range, and carries it to
/// the other bare perovskites with a widened uncertainty (`transferredPrediction`), so that no perovskite is
/// scored on the structural prior, which is on another scale.
public struct PerovskitePLQYModel: Sendable, Codable, Equatable {
    /// A predicted PLQY with its uncertainty.
    public struct Prediction: Sendable, Equatable {
        /// GP mean, clamped to [0, 1] (PLQY fraction).
        public let mean: Double
        /// Predictive standard deviation (latent GP variance + fitted noise variance, square-rooted): the spread
        /// of the PLQY a new synthesis emitting at this peak would show, PLQY fraction.
        public let standardDeviation: Double
    }

    /// Training peaks span this range, nm.
    public let domainNanometres: ClosedRange<Double>
    /// Grid step of the lookup table, nm.
    public let stepNanometres: Double
    /// GP mean PLQY (clamped to [0, 1]) at domain.lowerBound + i · step.
    public let table: [Double]
    /// GP predictive standard deviation (PLQY fraction) at the same grid points.
    public let standardDeviationTable: [Double]
    /// Rows trained on.
    public let trainingRows: Int
    /// Grouped 5-fold CV MAE of the GP and of the mean baseline (PLQY fraction).
    public let crossValidatedMAE: Double
    /// MAE of predicting the training mean, same folds (PLQY fraction).
    public let baselineMAE: Double
    /// Sample standard deviation of the training PLQYs (PLQY fraction): how much PLQY varies among the CsPbBr3
    /// syntheses of the data. `transferredPrediction` adds it in quadrature as the uncertainty of carrying the
    /// model to compositions and sizes it was not trained on.
    public let trainingStandardDeviation: Double

    /// The family and composition this model applies to: pure CsPbBr3 (family "CsPbBr3-CsPbI3" at x = 0), the
    /// only composition in the data.
    public static func applies(family: String, x: Double) -> Bool { family == "CsPbBr3-CsPbI3" && x == 0 }

    /// True for the lead-halide perovskite families (`CsPbCl3-CsPbBr3`, `CsPbBr3-CsPbI3`), whose bare candidates
    /// the model covers directly (pure CsPbBr3 inside its domain) or by transfer (`transferredPrediction`).
    public static func isPerovskite(family: String) -> Bool { family == "CsPbBr3-CsPbI3" || family == "CsPbCl3-CsPbBr3" }

    /// Emission peak (nm) of bare pure CsPbBr3 from its first-exciton energy and Stokes shift (eV) at one
    /// diameter: hc / (E − Stokes), NaN when E − Stokes ≤ 0 or NaN. The screen's kernel and `evaluate` both call
    /// it with the same table values, so both get the same bits.
    @inline(__always)
    public static func bromideEmissionNanometres(energyElectronvolts e: Double, stokesElectronvolts s: Double) -> Double {
        let em = e - s
        return em > 0 ? PhysicalConstants.hcElectronvoltNanometres / em : .nan
    }

    /// PLQY of a perovskite candidate the model was not trained on (a mixed halide, pure CsPbCl3 or CsPbI3, or pure
    /// CsPbBr3 outside the training peaks), carried over from the nearest pure-bromide point: the candidate's
    /// size made of pure CsPbBr3, whose emission peak `bromideEmissionNanometres` is clamped into the model's
    /// domain. Mean: the model's mean there. Standard deviation: √(σ_model² + σ_train²), the model's predictive
    /// SD widened in quadrature by `trainingStandardDeviation` — no data say how halide exchange (or a size beyond
    /// the data) changes PLQY, so the transfer claims no more than "a CsPbBr3-like perovskite of this size", whose
    /// PLQY varies as much as the training syntheses do. nil for a NaN peak.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public func transferredPrediction(bromideEmissionNanometres λ: Double) -> Prediction? {
        guard !λ.isNaN, let p = prediction(emissionNanometres: min(max(λ, domainNanometres.lowerBound), domainNanometres.upperBound)) else { return nil }
        return Prediction(mean: p.mean, standardDeviation: (p.standardDeviation * p.standardDeviation
                                                             + trainingStandardDeviation * trainingStandardDeviation).squareRoot())
    }

    /// Predicted PLQY (0–1) of a CsPbBr3 nanocrystal emitting at `emissionNanometres`; nil outside the training
    /// peak range or for NaN.
    /// - Complexity: O(1).
    public func predict(emissionNanometres: Double) -> Double? {
        prediction(emissionNanometres: emissionNanometres)?.mean
    }

    /// Predicted PLQY and its standard deviation at `emissionNanometres`; nil outside the training peak range
    /// or for NaN. Both are read from the tables by the same linear interpolation (a past-the-last-point peak
    /// inside the domain takes the last value).
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public func prediction(emissionNanometres: Double) -> Prediction? {
        guard domainNanometres.contains(emissionNanometres), !table.isEmpty, standardDeviationTable.count == table.count else { return nil }
        let position = (emissionNanometres - domainNanometres.lowerBound) / stepNanometres
        let i = min(Int(position), table.count - 1), j = min(i + 1, table.count - 1)
        let f = position - Double(i)
        return Prediction(mean: table[i] * (1 - f) + table[j] * f,
                          standardDeviation: standardDeviationTable[i] * (1 - f) + standardDeviationTable[j] * f)
    }

    /// The model trained with seed 0, once per process (training fits six GPs, so screens share one).
    /// - Throws: what `train` throws, every time it is asked after a failed training.
    public static func shared() throws -> PerovskitePLQYModel { try sharedTraining.get() }

    private static let sharedTraining: Result<PerovskitePLQYModel, any Error> = Result { try train(seed: 0) }

    /// Trains on the shipped data (see the type's documentation).
    /// - Throws: QDData's errors when the dataset cannot be read; `DesignError.recipe` when a column is missing,
    ///   fewer than 20 rows remain, or the GP cannot be fitted.
    /// - Complexity: six GP fits on ~160 rows (under a second in a release build).
    public static func train(seed: UInt64 = 0) throws -> PerovskitePLQYModel {
        let shipped = try ShippedDatasets.named("cspbbr3-luber2025")
        let data = try Data(contentsOf: shipped.dataFile)
        let table = try DelimitedTextReader.parse(data, delimiter: ";", fileName: shipped.dataFile.lastPathComponent)
        let recipeColumns = ["V (PbBr2 prec.)", "c (PbBr2)", "V (Cs-OA)", "c (Cs-OA)", "antisolvent", "V (antisolvent)"]
        func index(_ column: String) throws -> Int {
            guard let i = table.header.firstIndex(of: column) else {
                throw DesignError(.recipe, "cspbbr3-luber2025 has no column '\(column)' (header: \(table.header.joined(separator: ", "))).")
            }
            return i
        }
        let (peakIndex, plqyIndex) = (try index("peak_pos"), try index("PLQY"))
        let recipeIndices = try recipeColumns.map(index)
        var peaks: [Double] = [], plqy: [Double] = [], groups: [String] = []
        for row in table.rows {
            guard let p = Double(row[peakIndex]), let q = Double(row[plqyIndex]), p.isFinite, q.isFinite, q > 0 else { continue }
            peaks.append(p)
            plqy.append(q)
            groups.append(recipeIndices.map { row[$0] }.joined(separator: "|"))
        }
        guard peaks.count >= 20, let low = peaks.min(), let high = peaks.max() else {
            throw DesignError(.recipe, "Only \(peaks.count) rows of cspbbr3-luber2025 have a peak and a PLQY > 0 (rule: at least 20).")
        }
        let gp = GaussianProcess(restarts: 2, maxEvaluationsPerStart: 100)
        func fit(_ rows: [Int]) throws -> FittedGaussianProcess {
            do {
                return try gp.fit(try Matrix(rows: rows.count, columns: 1, elements: rows.map { peaks[$0] }), rows.map { plqy[$0] }, seed: seed)
            } catch { throw DesignError(.recipe, "The PLQY model could not be fitted: \(error)") }
        }
        // Grouped 5-fold CV: groups (identical recipes) dealt to folds in a seeded order.
        var rng = SeededRNG(seed: seed)
        let distinct = Array(Set(groups)).sorted()
        let order = rng.permutation(distinct.count)
        var foldOf: [String: Int] = [:]
        for (rank, g) in order.enumerated() { foldOf[distinct[g]] = rank % 5 }
        var errors: [Double] = [], baseline: [Double] = []
        for fold in 0..<5 {
            let test = peaks.indices.filter { foldOf[groups[$0]] == fold }
            let train = peaks.indices.filter { foldOf[groups[$0]] != fold }
            guard !test.isEmpty, train.count >= 10 else { continue }
            let model = try fit(train)
            let predicted = try model.predict(Matrix(rows: test.count, columns: 1, elements: test.map { peaks[$0] }))
            let mean = train.reduce(0) { $0 + plqy[$1] } / Double(train.count)
            errors += zip(predicted, test).map { abs(min(max($0, 0), 1) - plqy[$1]) }
            baseline += test.map { abs(mean - plqy[$0]) }
        }
        let model = try fit(Array(peaks.indices))
        let step = 0.5
        let grid = Array(stride(from: low, through: high, by: step))
        let posterior = try model.posterior(Matrix(rows: grid.count, columns: 1, elements: grid))
        let values = posterior.mean.map { min(max($0, 0), 1) }
        let deviations = posterior.predictiveVariance.map { max($0, 0).squareRoot() }
        let mean = plqy.reduce(0, +) / Double(plqy.count)
        let spread = (plqy.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(plqy.count - 1)).squareRoot()
        return PerovskitePLQYModel(
            domainNanometres: low...high, stepNanometres: step, table: values, standardDeviationTable: deviations, trainingRows: peaks.count,
            crossValidatedMAE: errors.reduce(0, +) / Double(max(errors.count, 1)),
            baselineMAE: baseline.reduce(0, +) / Double(max(baseline.count, 1)), trainingStandardDeviation: spread)
    }
}

import Foundation
import QDCore
import QDPhysics

/// A physics-informed model of the first-exciton absorption peak (nm): a latent diameter passed through the
/// material's sizing curve gives the prior mean, and gradient boosting learns what the curve leaves over.
///
/// Structure: d(x) = exp(b + w·z) nm with z the standardised features; prior(x) = hc / E(d(x)), with E the
/// material's default QDPhysics confinement model (InP: Almeida et al. 2023). So the prior is always red of
/// nothing and blue of the bulk gap: the bulk band edge is a floor on the photon energy by construction.
/// Fit, in two stages (both seeded, nothing tuned on held-out data):
/// 1. (b, w) minimise mean((prior(xᵢ) − yᵢ)/s_y)² + `latentPenalty`·‖w‖² by full-batch Adam (`latentSteps`
///    steps, η = `latentLearningRate`), from b = ln d(median y) via the inverse curve, w = 0. The curve
///    derivative dλ/dd is a central difference with step 10⁻⁴·d (the curves are C¹).
/// 2. The residual y − prior(x) is fitted by `GradientBoosting()` (XGBoost, defaults as `ModelChoice.gbm`).
///
/// `latentColumns` restricts the latent diameter to some columns (the others keep weight 0).
/// Prediction: prior(x) + residual(x). The latent diameter is also exposed (`latentDiameterNanometres`): a size
/// that is consistent with the predicted prior peak through the sizing curve (not a measured diameter).
public struct PhysicsHybrid: Regressor {
    /// Catalogue id of the material whose sizing curve gives the prior.
    public var materialID: String
    /// L2 penalty on the latent-diameter weights (≥ 0, standardised units).
    public var latentPenalty: Double
    /// Adam steps for the latent diameter (≥ 1).
    public var latentSteps: Int
    /// Adam step size for the latent diameter (> 0).
    public var latentLearningRate: Double
    /// The residual model.
    public var residual: GradientBoosting
    /// Columns the latent diameter may depend on (nil = all). `ModelChoice.hybrid` passes the numeric
    /// conditions (amounts, volumes, temperature, time) and leaves reagent identities to the residual model.
    public var latentColumns: [Int]?

    /// A hybrid for `materialID` (defaults: InP, penalty 10⁻², 2000 steps of η = 0.02, default boosting).
    public init(
        materialID: String = "InP", latentPenalty: Double = 1e-2, latentSteps: Int = 2000, latentLearningRate: Double = 0.02,
        residual: GradientBoosting = GradientBoosting(), latentColumns: [Int]? = nil
    ) {
        self.latentColumns = latentColumns
        self.materialID = materialID
        self.latentPenalty = latentPenalty
        self.latentSteps = latentSteps
        self.latentLearningRate = latentLearningRate
        self.residual = residual
    }

    /// "PhysicsHybrid".
    public static var estimatorName: String { "PhysicsHybrid" }

    /// Latent-fit settings, then the residual model's rules.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("latentPenalty", latentPenalty, .atLeast(0)),
            HyperparameterRule("latentSteps", latentSteps, .atLeast(1)),
            HyperparameterRule("latentLearningRate", latentLearningRate, .greaterThan(0)),
        ] + residual.hyperparameterRules
    }

    /// Fits the latent diameter, then the residual.
    /// - Throws: as `Regressor.fit`; `.invalidInput` when the material has no sizing curve (the QDPhysics
    ///   message is included) or a target is not a positive wavelength.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedPhysicsHybrid {
        try validateTrainingData(x, y)
        if let bad = latentColumns?.first(where: { $0 < 0 || $0 >= x.columns }) {
            throw LearnError(.shapeMismatch, "PhysicsHybrid: latent column \(bad) is outside 0..<\(x.columns); pass column indices of x.")
        }
        if let bad = y.first(where: { $0 <= 0 }) {
            throw LearnError(.invalidInput, "PhysicsHybrid: target \(bad) is not a wavelength in nm; the hybrid models absorption peaks only.")
        }
        let curve = try SizingPrior(materialID: materialID)
        let scaler = ColumnScaler.standardizing(x)
        let z = scaler.transform(x)
        let n = y.count, d = x.columns
        let median = y.sorted()[(n - 1) / 2]
        let startDiameter = curve.diameterNanometres(forWavelength: median) ?? 3
        let sy = max(1e-9, (y.reduce(0) { $0 + ($1 - median) * ($1 - median) } / Double(n)).squareRoot())

        let allowed = Set(latentColumns ?? Array(0..<d))
        let mask = (0..<d).map { allowed.contains($0) }
        var theta = [log(startDiameter)] + [Double](repeating: 0, count: d)
        var adam = try AdamOptimizer(learningRate: latentLearningRate)
        for _ in 0..<latentSteps {
            var gradient = [Double](repeating: 0, count: d + 1)
            for i in 0..<n {
                let logD = SizingPrior.clampedLogDiameter(theta, z, row: i)
                let diameter = exp(logD.value)
                let (lambda, slope) = curve.wavelengthAndSlope(diameterNanometres: diameter)
                // ∂/∂(log d) of the scaled squared residual; zero where the log-diameter is clamped.
                let g = logD.clamped ? 0 : 2 * (lambda - y[i]) / (sy * sy) * slope * diameter / Double(n)
                gradient[0] += g
                for j in 0..<d { gradient[j + 1] += g * z[i, j] }
            }
            for j in 1...d { gradient[j] = mask[j - 1] ? gradient[j] + 2 * latentPenalty * theta[j] : 0 }
            adam.step(parameters: &theta, gradient: gradient)
        }
        guard theta.allSatisfy(\.isFinite) else {
            throw LearnError(.numericalFailure, "PhysicsHybrid: the latent-diameter fit diverged; lower 'latentLearningRate' (now \(formatNumber(latentLearningRate))).")
        }
        let prior = (0..<n).map { curve.wavelength(diameterNanometres: exp(SizingPrior.clampedLogDiameter(theta, z, row: $0).value)) }
        let residualModel = try residual.fit(x, zip(y, prior).map { $0 - $1 }, seed: seed)
        return FittedPhysicsHybrid(
            materialID: materialID, curveName: curve.name, inputScaler: scaler, latentIntercept: theta[0],
            latentWeights: Array(theta.dropFirst()), residual: residualModel)
    }
}

/// A fitted physics hybrid: latent-diameter weights, the curve's material, the residual booster.
public struct FittedPhysicsHybrid: FittedRegressor, Equatable {
    /// Material whose default sizing curve is used.
    public let materialID: String
    /// The curve's name with its source, as QDPhysics gives it (for cards).
    public let curveName: String
    /// Feature standardisation.
    public let inputScaler: ColumnScaler
    /// b in d = exp(b + w·z).
    public let latentIntercept: Double
    /// w in d = exp(b + w·z).
    public let latentWeights: [Double]
    /// Gradient boosting on the residual.
    public let residual: FittedXGBoost

    /// Columns seen in fit.
    public var featureCount: Int { latentWeights.count }

    /// The latent diameter (nm) per row: exp(b + w·z), clamped to 0.5–30 nm.
    /// - Throws: as `FittedRegressor.predict`.
    public func latentDiameterNanometres(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "PhysicsHybrid")
        let z = inputScaler.transform(x)
        let theta = [latentIntercept] + latentWeights
        return (0..<x.rows).map { exp(SizingPrior.clampedLogDiameter(theta, z, row: $0).value) }
    }

    /// The physics prior (nm) per row: the sizing curve at the latent diameter.
    /// - Throws: as `FittedRegressor.predict`; `.invalidInput` if the material's curve cannot be built.
    public func priorWavelengthNanometres(_ x: Matrix) throws -> [Double] {
        let curve = try SizingPrior(materialID: materialID)
        return try latentDiameterNanometres(x).map { curve.wavelength(diameterNanometres: $0) }
    }

    /// prior(x) + residual(x).
    /// - Throws: as `FittedRegressor.predict`.
    public func predict(_ x: Matrix) throws -> [Double] {
        let prior = try priorWavelengthNanometres(x)
        return zip(prior, try residual.predict(x)).map { $0 + $1 }
    }
}

/// The material's default QDPhysics confinement model as a wavelength-of-diameter curve.
struct SizingPrior {
    let model: any ConfinementModel
    var name: String { model.name }

    /// Log-diameter bounds: 0.5–30 nm (outside, the curves are extrapolations of extrapolations).
    static let logDiameterRange = log(0.5)...log(30.0)

    init(materialID: String) throws {
        do {
            model = try ConfinementModels.defaultModel(for: materialID)
        } catch {
            throw LearnError(.invalidInput, "PhysicsHybrid: no sizing curve for material '\(materialID)': \(error)")
        }
    }

    /// hc / E(d), nm.
    func wavelength(diameterNanometres d: Double) -> Double {
        PhysicalConstants.nanometres(fromElectronvolts: model.energyUnchecked(diameterNanometres: d))
    }

    /// λ(d) and dλ/dd by a central difference with step 10⁻⁴·d.
    func wavelengthAndSlope(diameterNanometres d: Double) -> (Double, Double) {
        let h = 1e-4 * d
        return (wavelength(diameterNanometres: d), (wavelength(diameterNanometres: d + h) - wavelength(diameterNanometres: d - h)) / (2 * h))
    }

    /// The diameter whose peak is at `lambda`, nil where the curve cannot reach it.
    func diameterNanometres(forWavelength lambda: Double) -> Double? {
        try? model.diameter(forWavelengthNanometres: lambda).diameterNanometres
    }

    /// b + w·zᵢ clamped to `logDiameterRange`, and whether it was clamped.
    static func clampedLogDiameter(_ theta: [Double], _ z: Matrix, row i: Int) -> (value: Double, clamped: Bool) {
        var s = theta[0]
        for j in 0..<z.columns { s += theta[j + 1] * z[i, j] }
        if s < logDiameterRange.lowerBound { return (logDiameterRange.lowerBound, true) }
        if s > logDiameterRange.upperBound { return (logDiameterRange.upperBound, true) }
        return (s, false)
    }
}

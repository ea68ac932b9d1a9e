import Foundation
import QDCore

/// Joint prediction of the diameter (nm) and the first-exciton absorption peak (nm) of a synthesis, kept
/// consistent with the material's sizing curve.
///
/// Structure: d̂(x) from `diameter`; peak(x) = λ(d̂(x)) + clamp(r̂(x), −B, B), where λ is the material's default
/// QDPhysics sizing curve (as `PhysicsHybrid` uses), r̂ is `residual` fitted to what the curve leaves over at the
/// predicted diameter, and B = `maximumResidualNanometres`. So |peak − λ(diameter)| ≤ B for every prediction:
/// the two outputs can never contradict the curve by more than B, whatever the models do.
///
/// Training rows may carry either target or both (missing = NaN): `diameter` is fitted on the rows with a finite
/// diameter; the residual on the rows with a finite peak, with target peak − λ(d̂(x)) at the fitted d̂ (in-sample
/// for rows that also trained the diameter model).
public struct JointSizeAbsorption<DiameterModel: Regressor, ResidualModel: Regressor>: Sendable {
    /// Catalogue id of the material whose sizing curve links the outputs ("InP", "CdSe" …).
    public var materialID: String
    /// Model of the diameter (nm).
    public var diameter: DiameterModel
    /// Model of the peak's departure from the curve at the predicted diameter (nm).
    public var residual: ResidualModel
    /// B: the largest departure of the peak from the curve allowed (nm, ≥ 0; 0 puts the peak on the curve).
    public var maximumResidualNanometres: Double

    /// A joint model of `materialID` with the given models and bound B (default 30 nm).
    public init(materialID: String, diameter: DiameterModel, residual: ResidualModel, maximumResidualNanometres: Double = 30) {
        self.materialID = materialID
        self.diameter = diameter
        self.residual = residual
        self.maximumResidualNanometres = maximumResidualNanometres
    }

    /// Fits the diameter model, then the residual.
    /// - Parameters:
    ///   - diameterNanometres: one value per row of `x`, NaN where not measured.
    ///   - absorptionNanometres: one value per row of `x`, NaN where not measured.
    /// - Throws: `LearnError.invalidHyperparameter` for B < 0; `.shapeMismatch` for target counts ≠ rows;
    ///   `.invalidInput` for ∞ in a target, a non-positive measured value or a material without a sizing curve;
    ///   `.tooFewRows` when either target has fewer finite values than its model needs; the models' own errors.
    public func fit(
        _ x: Matrix, diameterNanometres: [Double], absorptionNanometres: [Double], seed: UInt64
    ) throws -> FittedJointSizeAbsorption<DiameterModel.Fitted, ResidualModel.Fitted> {
        try checkRules([HyperparameterRule("maximumResidualNanometres", maximumResidualNanometres, .atLeast(0))],
                       estimator: "JointSizeAbsorption")
        guard diameterNanometres.count == x.rows, absorptionNanometres.count == x.rows else {
            throw LearnError(.shapeMismatch, "JointSizeAbsorption.fit: x has \(x.rows) rows but \(diameterNanometres.count) diameters and \(absorptionNanometres.count) peaks; pass one of each per row (NaN where not measured).")
        }
        for (name, values) in [("diameter", diameterNanometres), ("absorption peak", absorptionNanometres)] {
            if let bad = values.first(where: { $0.isInfinite || $0 <= 0 }) {
                throw LearnError(.invalidInput, "JointSizeAbsorption.fit: a \(name) of \(bad) nm; measured values must be positive and finite (NaN marks a missing one).")
            }
        }
        let curve = try SizingPrior(materialID: materialID)
        let sized = x.rows == 0 ? [] : (0..<x.rows).filter { diameterNanometres[$0].isFinite }
        let peaked = (0..<x.rows).filter { absorptionNanometres[$0].isFinite }
        guard !sized.isEmpty, !peaked.isEmpty else {
            throw LearnError(.tooFewRows, "JointSizeAbsorption needs rows with a measured diameter and rows with a measured peak. Got \(sized.count) and \(peaked.count).")
        }
        let diameterFit = try diameter.fit(x.selectingRows(sized), sized.map { diameterNanometres[$0] }, seed: seed)
        let xPeak = x.selectingRows(peaked)
        let onCurve = try diameterFit.predict(xPeak).map { curve.wavelength(diameterNanometres: SizingPrior.clampedDiameter($0)) }
        let residualFit = try residual.fit(xPeak, zip(peaked, onCurve).map { absorptionNanometres[$0] - $1 }, seed: seed &+ 1)
        return FittedJointSizeAbsorption(
            materialID: materialID, curveName: curve.name, maximumResidualNanometres: maximumResidualNanometres,
            diameter: diameterFit, residual: residualFit)
    }

}

extension SizingPrior {
    /// `d` clamped to 0.5–30 nm (`logDiameterRange`), where the curves are evaluated.
    static func clampedDiameter(_ d: Double) -> Double {
        min(max(d, exp(logDiameterRange.lowerBound)), exp(logDiameterRange.upperBound))
    }
}

/// One joint prediction: a diameter and a peak that differ from the curve by at most B.
public struct JointSizeAbsorptionPrediction: Sendable, Equatable, Codable {
    /// Predicted diameter (nm).
    public let diameterNanometres: Double
    /// λ(diameter): the sizing curve's peak at that diameter (nm; the diameter clamped to 0.5–30 nm for the curve).
    public let curvePeakNanometres: Double
    /// The residual added to the curve, already within ±B (nm).
    public let residualNanometres: Double
    /// Whether the residual model's raw value exceeded ±B and was clamped.
    public let residualClamped: Bool
    /// curvePeakNanometres + residualNanometres (nm).
    public var absorptionNanometres: Double { curvePeakNanometres + residualNanometres }
}

/// A fitted `JointSizeAbsorption`.
public struct FittedJointSizeAbsorption<DiameterFit: FittedRegressor, ResidualFit: FittedRegressor>: Sendable, Codable {
    /// Material whose default sizing curve links the outputs.
    public let materialID: String
    /// The curve's name with its source, as QDPhysics gives it.
    public let curveName: String
    /// B (nm).
    public let maximumResidualNanometres: Double
    /// The fitted diameter model.
    public let diameter: DiameterFit
    /// The fitted residual model.
    public let residual: ResidualFit

    /// Columns seen in fit.
    public var featureCount: Int { diameter.featureCount }

    /// Diameter and peak per row of `x`; |peak − λ(diameter)| ≤ B always.
    /// - Throws: as `FittedRegressor.predict`; `.invalidInput` if the material's curve cannot be built.
    /// - Complexity: the two models' predictions plus one curve evaluation per row.
    public func predict(_ x: Matrix) throws -> [JointSizeAbsorptionPrediction] {
        let curve = try SizingPrior(materialID: materialID)
        let diameters = try diameter.predict(x)
        let residuals = try residual.predict(x)
        let b = maximumResidualNanometres
        return zip(diameters, residuals).map { d, r in
            JointSizeAbsorptionPrediction(
                diameterNanometres: d,
                curvePeakNanometres: curve.wavelength(diameterNanometres: SizingPrior.clampedDiameter(d)),
                residualNanometres: min(max(r, -b), b), residualClamped: abs(r) > b)
        }
    }
}

import Foundation
import QDOptimize

/// The quantum dots a run should make: an emission peak within a tolerance, optionally a maximum emission FWHM
/// and a minimum PLQY.
///
/// The optimiser minimises one number, the target loss in nanometres:
/// `loss = |λ_em − λ*| + max(0, FWHM − FWHM_max) + 100 nm · max(0, PLQY_min − PLQY)`,
/// so a miss of the colour and an excess of line width weigh the same per nanometre, and 1 % of missing PLQY
/// weighs 1 nm. A product meets the target when |λ_em − λ*| ≤ tolerance and both limits hold.
public struct RunTarget: Sendable, Equatable, Codable {
    /// Material to make (QDPhysics id, e.g. "CdSe").
    public var materialID: String
    /// Target emission peak, nm.
    public var emissionNanometres: Double
    /// Accepted distance from the target emission, nm (> 0).
    public var toleranceNanometres: Double
    /// Largest acceptable emission FWHM, nm; nil for no limit.
    public var maximumFWHMNanometres: Double?
    /// Smallest acceptable PLQY (fraction); nil for no limit.
    public var minimumPLQY: Double?

    /// Creates a target; check it with `validated()`.
    public init(materialID: String, emissionNanometres: Double, toleranceNanometres: Double = 5,
                maximumFWHMNanometres: Double? = nil, minimumPLQY: Double? = nil) {
        self.materialID = materialID
        self.emissionNanometres = emissionNanometres
        self.toleranceNanometres = toleranceNanometres
        self.maximumFWHMNanometres = maximumFWHMNanometres
        self.minimumPLQY = minimumPLQY
    }

    /// The name of the response the campaign minimises.
    public static let lossResponse = "target_loss_nm"

    /// Checks the numbers.
    /// - Throws: `TwinError.invalidRecipe`-kind errors are for recipes; a bad target throws `OptimizeError.invalidSetting`
    ///   naming the value and the rule.
    public func validated() throws -> RunTarget {
        guard emissionNanometres.isFinite, (300...2500).contains(emissionNanometres) else {
            throw OptimizeError(.invalidSetting, "Target emission \(emissionNanometres) nm is outside 300–2500 nm (rule: a visible or near-infrared emission peak). Pass --target-emission in nm.")
        }
        guard toleranceNanometres.isFinite, toleranceNanometres > 0 else {
            throw OptimizeError(.invalidSetting, "Tolerance \(toleranceNanometres) nm must be > 0. Pass --tolerance in nm, e.g. 5.")
        }
        if let w = maximumFWHMNanometres, !(w.isFinite && w > 0) {
            throw OptimizeError(.invalidSetting, "Maximum FWHM \(w) nm must be > 0. Pass --max-fwhm in nm, e.g. 30.")
        }
        if let q = minimumPLQY, !(q.isFinite && q >= 0 && q <= 1) {
            throw OptimizeError(.invalidSetting, "Minimum PLQY \(q) must be a fraction in 0…1. Pass --min-plqy as e.g. 0.5.")
        }
        return self
    }

    /// The target loss of a measured outcome, nm; nil when the outcome has no emission peak or FWHM that the
    /// target needs (then the experiment counts as failed).
    public func loss(_ outcome: MeasuredOutcome) -> Double? {
        guard let emission = outcome.emissionPeakNanometres, emission.isFinite else { return nil }
        var loss = abs(emission - emissionNanometres)
        if let limit = maximumFWHMNanometres {
            guard let fwhm = outcome.emissionFWHMNanometres, fwhm.isFinite else { return nil }
            loss += max(0, fwhm - limit)
        }
        if let minimum = minimumPLQY {
            loss += 100 * max(0, minimum - (outcome.plqy ?? 0))
        }
        return loss
    }

    /// Whether a measured outcome meets every part of the target.
    public func isMet(by outcome: MeasuredOutcome) -> Bool {
        guard let emission = outcome.emissionPeakNanometres, abs(emission - emissionNanometres) <= toleranceNanometres else { return false }
        if let limit = maximumFWHMNanometres, !((outcome.emissionFWHMNanometres ?? .infinity) <= limit) { return false }
        if let minimum = minimumPLQY, !((outcome.plqy ?? 0) >= minimum) { return false }
        return true
    }

    /// Whether a campaign's stored responses meet the target (the same rule as `isMet(by:)`).
    public func isMet(responses: [String: Double]) -> Bool {
        guard let emission = responses["emission_nm"], abs(emission - emissionNanometres) <= toleranceNanometres else { return false }
        if let limit = maximumFWHMNanometres, !((responses["fwhm_nm"] ?? .infinity) <= limit) { return false }
        if let minimum = minimumPLQY, !((responses["plqy"] ?? 0) >= minimum) { return false }
        return true
    }

    /// One line, e.g. "CdSe emitting at 620 ± 5 nm with FWHM ≤ 30 nm".
    public var summary: String {
        var text = "\(materialID) emitting at \(Self.format(emissionNanometres)) ± \(Self.format(toleranceNanometres)) nm"
        if let w = maximumFWHMNanometres { text += " with FWHM ≤ \(Self.format(w)) nm" }
        if let q = minimumPLQY { text += ", PLQY ≥ \(Self.format(q * 100)) %" }
        return text
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
    }
}

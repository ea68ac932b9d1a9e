import Foundation
import QDData

/// An outcome tracked across batches, read from schema-v1 records.
public enum BatchMetric: String, Sendable, Codable, CaseIterable {
    /// Emission peak, nm (`outcomes.emissionPeak`).
    case plNanometres = "pl_nm"
    /// Emission FWHM, nm (`outcomes.emissionFWHM`).
    case fwhmNanometres = "fwhm_nm"
    /// First-exciton absorption peak, nm (`outcomes.absorptionPeak`).
    case absorptionNanometres = "abs_nm"
    /// PLQY as a fraction (`outcomes.plqy`).
    case plqy = "plqy"
    /// Diameter, nm (`outcomes.diameter`).
    case diameterNanometres = "diameter_nm"

    /// The metric's value in `record`, `nil` when not measured.
    public func value(in record: SynthesisRecord) -> Double? {
        let o = record.outcomes
        switch self {
        case .plNanometres: return o.emissionPeak?.value
        case .fwhmNanometres: return o.emissionFWHM?.value
        case .absorptionNanometres: return o.absorptionPeak?.value
        case .plqy: return o.plqy?.value
        case .diameterNanometres: return o.diameter?.value
        }
    }

    /// Values of the metric over `records` in their order, skipping records without it; ids alongside.
    public func series(_ records: [SynthesisRecord]) -> (ids: [String], values: [Double]) {
        var ids: [String] = [], values: [Double] = []
        for r in records { if let v = value(in: r), v.isFinite { ids.append(r.id); values.append(v) } }
        return (ids, values)
    }
}

import Foundation
import QDPhysics

/// A candidate with its rank, scalar score and plain-language reasons and risks.
public struct RankedCandidate: Sendable, Codable, Equatable {
    /// 1-based rank.
    public let rank: Int
    public let candidate: ScreenedCandidate
    /// Weighted mean of the objectives, each normalised to [0, 1] over the Pareto front (lower is better).
    public let score: Double
    /// Why it fits.
    public let why: [String]
    /// What could go wrong.
    public let risks: [String]
}

/// Orders the Pareto front and explains each member.
///
/// Every member of the front is optimal for some trade-off, so the order is a presentation choice: objectives
/// are normalised to [0, 1] over the front and averaged with weight 2 on |peak − target| and 1 on FWHM,
/// toxicity, cost and 1 − PLQY (QDLab's default: hitting the colour comes first); an unknown cost is left out
/// of a candidate's mean (`score`). Ties break by id. Each
/// structure appears once (its best diameter) before any structure appears twice.
public enum Ranking {
    /// Objective weights in `DesignObjectives.names` order.
    public static let weights = [2.0, 1, 1, 1, 1]

    /// The `top` best members of `result.archive`, explained.
    /// - Throws: `DesignError.infeasible` when the archive is empty, naming the nearest peaks that some allowed
    ///   candidate reaches (below and above the window) and what rejected the rest.
    public static func rank(_ result: ScreenResult, model: ScreeningModel, top: Int) throws -> [RankedCandidate] {
        guard !result.archive.isEmpty else { throw infeasible(result) }
        let m = DesignObjectives.names.count
        var low = [Double](repeating: .infinity, count: m), high = [Double](repeating: -.infinity, count: m)
        for c in result.archive {
            for k in 0..<m { low[k] = min(low[k], c.objectives[k]); high[k] = max(high[k], c.objectives[k]) }
        }
        let scored = result.archive.map { ($0, score($0.objectives, low: low, high: high)) }
            .sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        // One entry per structure (its best diameter) first, so the top list is not ten sizes of one design;
        // then the remaining members in score order.
        var seen = Set<String>(), first: [(ScreenedCandidate, Double)] = [], rest: [(ScreenedCandidate, Double)] = []
        for pair in scored {
            let key = "\(pair.0.family)|\(pair.0.composition)|\(pair.0.shell.rawValue)|\(pair.0.shellThicknessNanometres)"
            if seen.insert(key).inserted { first.append(pair) } else { rest.append(pair) }
        }
        return (first + rest).prefix(max(top, 0)).enumerated().map { i, pair in
            let (why, risks) = explain(pair.0, model: model, request: result.request)
            return RankedCandidate(rank: i + 1, candidate: pair.0, score: pair.1, why: why, risks: risks)
        }
    }

    /// Weighted mean of the objectives normalised over the front, `weights` as weights; objectives with
    /// high == low add 0. An unknown objective (NaN: a cost the price table cannot give) is left out and the
    /// weights of the known ones are renormalised, so an unknown cost counts neither as 0 nor as the worst —
    /// the candidate is ranked on its other objectives. NaN only if every objective is unknown.
    /// - Complexity: O(objectives).
    static func score(_ objectives: [Double], low: [Double], high: [Double]) -> Double {
        var s = 0.0, w = 0.0
        for k in objectives.indices where !objectives[k].isNaN {
            w += weights[k]
            if high[k] > low[k] { s += weights[k] * (objectives[k] - low[k]) / (high[k] - low[k]) }
        }
        return s / w
    }

    /// The words on a candidate's cost: "cost ≈ 1.71 USD/g (basis)" or "cost unknown: no sourced price for …".
    static func costExplanation(_ c: ScreenedCandidate, model: ScreeningModel) -> String {
        let m = c.metrics
        guard m.costUSDPerGram.isNaN else { return String(format: "cost ≈ %.3g USD/g (%@)", m.costUSDPerGram, model.cost.basis) }
        let family = model.families.first(where: { $0.id == c.family })
        let ids = (family?.endMemberIDs(at: c.composition) ?? []) + c.shell.layerIDs
        let missing = Array(Set(ids.flatMap { model.cost.missingPrices[$0] ?? [] })).sorted()
        let what = missing.isEmpty ? "" : ": no sourced price for " + missing.joined(separator: ", ")
        return "cost unknown (\(model.cost.basis)\(what); ranked on the other objectives)"
    }

    /// The infeasibility error for an empty screen.
    static func infeasible(_ result: ScreenResult) -> DesignError {
        let r = result.request
        let what = r.quantity == .emission ? "emits" : "absorbs"
        var nearest: [String] = [], values: [Double] = []
        for c in [result.nearestBelow, result.nearestAbove].compactMap({ $0 }) {
            let peak = r.quantity == .emission ? c.metrics.emissionNanometres : c.metrics.absorptionNanometres
            nearest.append(String(format: "%.0f nm (%@, d = %.2f nm)", peak, c.structure, c.coreDiameterNanometres))
            values.append(peak)
        }
        let rejected = result.rejections.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let near = nearest.isEmpty
            ? "No allowed candidate meets the other rules at any wavelength; relax the constraints (\(r.constraints.summary))."
            : "Nearest feasible targets: \(nearest.joined(separator: "; ")). Move the target there or relax the constraints."
        return DesignError(
            .infeasible,
            String(format: "No candidate %@ within %.0f–%.0f nm under %@ (rule: a candidate must meet the window, the FWHM/PLQY limits and every constraint; %d evaluated, rejected: %@). %@",
                   what, r.window.lowerBound, r.window.upperBound, r.constraints.summary, result.evaluated, rejected.isEmpty ? "none" : rejected, near),
            nearestFeasibleNanometres: values)
    }

    /// Where a candidate's PLQY comes from, in words: the trained model's prediction with its standard deviation
    /// and validation; the model transferred from pure CsPbBr3 of the same size (with the bromide peak it was
    /// read at and why the SD is wider); or "PLQY: heuristic, no trained model" with the reason.
    static func plqyExplanation(_ c: ScreenedCandidate, variant: Variant?, model: ScreeningModel) -> String {
        let m = c.metrics
        if m.plqySource == .trainedModel, let plqyModel = model.plqyModel {
            return String(format: "PLQY %.2f ± %.2f predicted from the emission peak by a GP trained on %d CsPbBr3 syntheses (Luber et al. 2025; grouped-CV MAE %.2f vs %.2f for the mean; one lab, one route)",
                          m.plqy, m.plqyStandardDeviation ?? .nan, plqyModel.trainingRows, plqyModel.crossValidatedMAE, plqyModel.baselineMAE)
        }
        if m.plqySource == .transferredModel, let plqyModel = model.plqyModel, let bi = variant?.bromideTable {
            let t = model.tables[bi], d = c.coreDiameterNanometres
            let peak = PerovskitePLQYModel.bromideEmissionNanometres(energyElectronvolts: t.energy.value(at: d), stokesElectronvolts: t.stokes.value(at: d))
            let domain = plqyModel.domainNanometres
            let family = model.families.first { $0.id == c.family }
            let endMember = c.composition == 0 ? family?.first.id : (c.composition == 1 ? family?.second?.id : nil)
            let what = switch endMember {
            case nil: "mixed halides"
            case "CsPbBr3": String(format: "CsPbBr3 emitting outside %.0f–%.0f nm", domain.lowerBound, domain.upperBound)
            case let id?: id
            }
            return String(format: "PLQY %.2f ± %.2f transferred, no trained model for %@: the CsPbBr3 GP's prediction for pure CsPbBr3 of the same size (d = %.2f nm, peak %.0f nm%@), its SD widened in quadrature by the spread of the %d training PLQYs (%.2f)",
                          m.plqy, m.plqyStandardDeviation ?? .nan, what, d, peak,
                          domain.contains(peak) ? "" : String(format: ", read at the nearest trained peak %.0f nm", min(max(peak, domain.lowerBound), domain.upperBound)),
                          plqyModel.trainingRows, plqyModel.trainingStandardDeviation)
        }
        return String(format: "PLQY: heuristic, no trained model (%.2f prior from structure)", m.plqy)
    }

    /// Reasons and risks for one candidate, from the same physics the screen used.
    public static func explain(_ c: ScreenedCandidate, model: ScreeningModel, request: DesignRequest) -> (why: [String], risks: [String]) {
        var why: [String] = [], risks: [String] = []
        let m = c.metrics
        let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
        why.append(String(format: "%@ at %.1f nm (target %.0f nm, window %.0f–%.0f), FWHM %.0f nm at σ_d/d = %.0f %%",
                          request.quantity == .emission ? "emits" : "absorbs (1S)", peak, request.targetNanometres,
                          request.window.lowerBound, request.window.upperBound, m.fwhmNanometres, 100 * request.sizeDispersion))
        let familyIndex = model.families.firstIndex { $0.id == c.family }
        let variant = familyIndex.flatMap { try? model.variant(familyIndex: $0, x: c.composition, shell: c.shell, thickness: c.shellThicknessNanometres) }
        if let a = variant?.alignment {
            let text = String(format: "%@ alignment with the %@ shell (CBO %.2f eV, VBO %.2f eV)", a.kind.rawValue, c.shell.layerIDs.first ?? "", a.conductionBandOffsetElectronvolts, a.valenceBandOffsetElectronvolts)
            switch a.kind {
            case .typeI: why.append(text + ": both carriers confined, the usual route to high PLQY")
            case .quasiTypeII: why.append(text + ": one carrier spreads into the shell; red shift and slower emission")
            default: risks.append(text + ": carriers separated or shell-localised, expect lower PLQY and broad emission")
            }
        } else if c.shell == .none {
            risks.append("bare core: surface traps lower PLQY and stability; a shell is usually needed")
        }
        if let s = variant?.strain {
            let text = String(format: "lattice mismatch %.1f %% (%@)", 100 * s.mismatch, s.level.rawValue)
            if let warning = s.warning { risks.append(warning) } else if s.level != .low { risks.append(text + "; keep the shell thin or graded") } else { why.append(text) }
        }
        if let warning = variant?.outerStrain?.warning { risks.append("outer ZnS on ZnSe: " + warning) }
        let c0 = request.constraints
        if m.cadmiumMassFraction == 0, m.leadMassFraction == 0 { why.append("no Cd or Pb") }
        let fractions = ["Cd": m.cadmiumMassFraction, "Pb": m.leadMassFraction, "Hg": m.mercuryMassFraction, "Cr": m.chromiumMassFraction]
        let failing = RoHSAssessment.limits.filter { (fractions[$0.element] ?? 0) * c0.rohsLoadingMassFraction > $0.limit }
        if failing.isEmpty {
            if c0.rohs { why.append("passes RoHS Annex II on the stated basis (exemptions not applied; not a legal opinion)") }
        } else {
            risks.append("fails RoHS Annex II for " + failing.map { String(format: "%@ (%.0f ppm vs %.0f ppm)", $0.element, 1e6 * (fractions[$0.element] ?? 0) * c0.rohsLoadingMassFraction, 1e6 * $0.limit) }.joined(separator: ", ") + " (regulatory)")
        }
        if c.family == "InP" { risks.append("indium phosphide is IARC Group 2A; (TMS)3P is pyrophoric") }
        if c.family == "InAs" { risks.append("arsenic: IARC Group 1, and (TMS)3As is highly toxic") }
        let cost = costExplanation(c, model: model)
        why.append(String(format: "%@, toxicity score %.2f, stability %@ (%.2f)", cost, m.toxicity, StabilityLevel.of(score: m.stabilityScore).rawValue, m.stabilityScore))
        why.append(plqyExplanation(c, variant: variant, model: model))
        if m.sizingExtrapolated {
            risks.append(String(format: "core diameter %.2f nm is outside the sizing curve's calibrated range: the peak is an extrapolation", c.coreDiameterNanometres))
        }
        if let family = familyIndex.map({ model.families[$0] }) {
            // Only the end members present at this composition (pure CsPbBr3, x = 0 of CsPbBr3–CsPbI3, carries no
            // CsPbI3 caveats).
            for id in family.endMemberIDs(at: c.composition) {
                if let name = model.modelName(id), name.lowercased().contains("finite") {
                    risks.append("\(id) has no published sizing curve; the finite-barrier model (MAE 0.1–0.3 eV on the published curves) sets the peak")
                }
                if let note = model.homogeneousNote(id) { risks.append("line width: \(note)") }
            }
            if StructurePriors.coreClass(family.id) == .perovskite {
                risks.append("lead-halide perovskite: sensitive to moisture, polar solvents and heat")
                if c.composition > 0, c.composition < 1 { risks.append("mixed halide: light-induced halide segregation can shift the emission (Hoke et al., Chem. Sci. 6, 613 (2015))") }
            }
            if family.id == "CuInS2" { risks.append("CuInS2 emission is defect-mediated and broad (FWHM 250–400 meV)") }
        }
        return (why, risks)
    }
}

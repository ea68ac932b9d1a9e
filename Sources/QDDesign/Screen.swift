import Foundation
import QDPhysics

/// A slice of the candidate space for one job of a batch array: shard `index` of `count` (0-based), a contiguous
/// block of candidate indices. `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT` with `--array=0-(N−1)`.
public struct Shard: Sendable, Codable, Equatable {
    /// 0-based shard number.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// - Throws: `DesignError.invalidShard` unless 0 ≤ index < count.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 0, index < count else {
            throw DesignError(.invalidShard, "Shard \(index)/\(count) is not valid (rule: i/N with 0 ≤ i < N, 0-based as in a Slurm array --array=0-(N-1)). Pass e.g. --shard 0/4.")
        }
        self.index = index
        self.count = count
    }

    /// Parses "i/N". - Throws: `DesignError.invalidShard` for anything else.
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw DesignError(.invalidShard, "Shard '\(text)' is not valid (rule: i/N with integers, 0 ≤ i < N). Pass e.g. --shard 0/4.")
        }
        return try Shard(index: i, count: n)
    }

    /// The candidate indices of this shard among `total`: [⌊i·T/N⌋, ⌊(i+1)·T/N⌋).
    public func range(total: Int) -> Range<Int> {
        let lower = Int((Double(index) * Double(total) / Double(count)).rounded(.down))
        let upper = index + 1 == count ? total : Int((Double(index + 1) * Double(total) / Double(count)).rounded(.down))
        return lower..<upper
    }
}

/// Why a candidate was rejected (the first rule it broke, in this order).
public enum RejectionReason: String, Sendable, Codable, CaseIterable {
    case physics, window, fwhm, plqy, rohs, cost, stability
}

/// The objectives every candidate is ranked on, all minimised: |peak − target| (nm), FWHM (nm), toxicity,
/// cost (USD/g), 1 − PLQY (the trained model's prediction where one applies, else the heuristic prior).
public enum DesignObjectives {
    /// Names in order.
    public static let names = ["|peak - target| (nm)", "FWHM (nm)", "toxicity", "cost (USD/g)", "1 - PLQY"]
}

/// One candidate kept by the screen: its structure, diameter, metrics and objectives.
public struct ScreenedCandidate: Sendable, Codable, Equatable {
    /// Parseable id (`CandidateID`).
    public let id: String
    /// Structure label, e.g. "InP/ZnSe/ZnS".
    public let structure: String
    /// Family id, composition, shell, thickness and diameter.
    public let family: String
    public let composition: Double
    public let shell: ShellKind
    public let shellThicknessNanometres: Double
    public let coreDiameterNanometres: Double
    /// Physics and scores.
    public let metrics: CandidateMetrics
    /// The five objectives (`DesignObjectives.names`).
    public let objectives: [Double]

    /// True when `self` is at least as good in every objective and better in one.
    public func dominates(_ other: ScreenedCandidate) -> Bool {
        var strictly = false
        for (a, b) in zip(objectives, other.objectives) {
            if a > b { return false }
            if a < b { strictly = true }
        }
        return strictly
    }
}

/// Parse and format candidate ids: `family|x0.30|ZnS|h1.00|d4.20`.
public enum CandidateID {
    /// The id of a structure and diameter.
    public static func format(family: String, x: Double, shell: ShellKind, thickness: Double, diameter: Double) -> String {
        String(format: "%@|x%.3f|%@|h%.3f|d%.3f", family, x, shell.rawValue, thickness, diameter)
    }

    /// The parts of an id.
    /// - Throws: `DesignError.invalidInput` naming the id and the expected form.
    public static func parse(_ id: String) throws -> (family: String, x: Double, shell: ShellKind, thickness: Double, diameter: Double) {
        let p = id.split(separator: "|").map(String.init)
        func number(_ s: String, _ prefix: Character) -> Double? { s.first == prefix ? Double(s.dropFirst()) : nil }
        guard p.count == 5, let x = number(p[1], "x"), let shell = ShellKind(rawValue: p[2]),
              let h = number(p[3], "h"), let d = number(p[4], "d") else {
            throw DesignError(.invalidInput, "Candidate id '\(id)' is not valid (rule: family|xX|shell|hH|dD as printed by `qdlab design`, e.g. 'InP|x0.000|ZnSe/ZnS|h1.500|d2.800'). Copy the id from the design output.")
        }
        return (p[0], x, shell, h, d)
    }
}

/// The result of screening (one shard or all): the Pareto archive, counts, and the nearest feasible peaks.
public struct ScreenResult: Sendable, Codable, Equatable {
    /// Format version of this file: 2 since candidate metrics carry `plqy`, `plqyStandardDeviation` and
    /// `plqySource` (version 1 files, with `plqyPrior`, do not decode; re-run the shards); 3 since the default cost
    /// is the sourced price table (unpriced candidates NaN) and uncovered perovskites take the transferred CsPbBr3
    /// PLQY — a version 2 shard decodes but its costs and PLQYs mean something else, so merging it is refused.
    public var formatVersion = ScreenResult.currentFormatVersion
    /// The format this build writes and reads.
    public static let currentFormatVersion = 3
    /// The request and grid screened (shards to be merged must agree on both).
    public let request: DesignRequest
    public let grid: SpaceGrid
    /// The shard, `nil` for a whole screen or a merge.
    public let shard: Shard?
    /// Shards merged into this result (empty unless merged).
    public let mergedShards: [Int]
    /// Candidates in the whole space, evaluated here, feasible here.
    public let totalCandidates: Int
    public let evaluated: Int
    public let feasible: Int
    /// Candidates skipped before evaluation by Cd-free / Pb-free / element constraints (whole space).
    public let excludedByConstraints: Int
    /// Rejections by first broken rule.
    public let rejections: [String: Int]
    /// Non-dominated feasible candidates.
    public let archive: [ScreenedCandidate]
    /// True when the archive hit its limit and members far from the target were dropped.
    public let archiveTruncated: Bool
    /// Candidates that meet every rule except the target window, nearest below and above it.
    public let nearestBelow: ScreenedCandidate?
    public let nearestAbove: ScreenedCandidate?
}

/// A grid candidate in the screen's archive: its variant and diameter index (the record is built at the end).
struct GridMember {
    var variant: Int
    var diameterIndex: Int
}

/// Streaming evaluation of the candidate space: memory is the tables plus the archive (≤ `archiveLimit`), never
/// the candidate list, so 10⁸ candidates (`--diameter-step 0.0001` …) screen in the same memory as 10⁴.
public enum Screen {
    /// Default bound on the Pareto archive: members kept (about 0.2 kB each while screening, 0.5 kB each as
    /// records in the result). The default request's front has 10 526 members at 10⁶ candidates and 73 131 at 10⁷.
    public static let defaultArchiveLimit = 100_000

    /// The feasibility rules and objectives of `metrics` under `request`: the first broken rule, or nil.
    /// `ignoringWindow` skips the window (for the nearest-feasible report).
    static func rejection(_ m: CandidateMetrics, _ request: DesignRequest, ignoringWindow: Bool = false) -> RejectionReason? {
        let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
        guard peak.isFinite, m.fwhmNanometres.isFinite else { return .physics }
        if !ignoringWindow, !request.window.contains(peak) { return .window }
        if let f = request.maxFWHMNanometres, m.fwhmNanometres > f { return .fwhm }
        if let q = request.minimumPLQY, m.plqy < q { return .plqy }
        let c = request.constraints
        if c.rohs {
            let load = c.rohsLoadingMassFraction
            let fractions = ["Cd": m.cadmiumMassFraction, "Pb": m.leadMassFraction, "Hg": m.mercuryMassFraction, "Cr": m.chromiumMassFraction]
            for row in RoHSAssessment.limits where (fractions[row.element] ?? 0) * load > row.limit { return .rohs }
        }
        if let maxCost = c.maxCostUSDPerGram, !(m.costUSDPerGram <= maxCost) { return .cost }
        if let s = c.minimumStability, m.stabilityScore < s.minimumScore { return .stability }
        return nil
    }

    /// The objective vector of `metrics` for `request`.
    static func objectives(_ m: CandidateMetrics, _ request: DesignRequest) -> [Double] {
        let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
        return [abs(peak - request.targetNanometres), m.fwhmNanometres, m.toxicity, m.costUSDPerGram, 1 - m.plqy]
    }

    /// Nearer by gap, ties broken by the smaller id (so shards and whole screens agree).
    static func closer(_ gap: Double, _ c: ScreenedCandidate, than best: (gap: Double, c: ScreenedCandidate?)) -> Bool {
        guard let other = best.c else { return true }
        return gap < best.gap || (gap == best.gap && c.id < other.id)
    }

    /// A kept candidate from a variant and diameter, its metrics from `ScreeningModel.evaluate`.
    static func candidate(_ model: ScreeningModel, _ v: Variant, diameter d: Double, request: DesignRequest) -> ScreenedCandidate {
        candidate(model, v, diameter: d, metrics: model.evaluate(v, diameter: d, sizeDispersion: request.sizeDispersion), request: request)
    }

    /// A kept candidate from a variant, diameter and its metrics.
    static func candidate(_ model: ScreeningModel, _ v: Variant, diameter d: Double, metrics m: CandidateMetrics, request: DesignRequest) -> ScreenedCandidate {
        let family = model.families[v.family].id
        return ScreenedCandidate(
            id: CandidateID.format(family: family, x: v.x, shell: v.shell, thickness: v.thickness, diameter: d),
            structure: v.label, family: family, composition: v.x, shell: v.shell, shellThicknessNanometres: v.thickness,
            coreDiameterNanometres: d, metrics: m, objectives: objectives(m, request))
    }

    /// Screens the whole space, or one shard of it, streaming.
    ///
    /// Each candidate goes through `ScreenKernel` (the same numbers as `ScreeningModel.evaluate`, staged):
    /// optics → physics and window rules → the other rules (masses computed only when a rule or the archive
    /// needs them) → a dominance pre-check on packed objectives → only then a record with its id string.
    /// A candidate outside the window is checked against the other rules (for the nearest-feasible report) only
    /// when it is at least as near the window as the nearest found so far.
    /// - Parameters:
    ///   - archiveLimit: most archive members kept (memory bound); default `defaultArchiveLimit`.
    /// - Throws: `DesignError.invalidRequest` from validation.
    /// - Complexity: O(candidates in the shard × (1 + archive size when feasible)); memory O(structures +
    ///   archiveLimit), independent of the number of diameters or candidates.
    public static func run(_ request: DesignRequest, model: ScreeningModel, shard: Shard? = nil, archiveLimit: Int = Screen.defaultArchiveLimit) throws -> ScreenResult {
        let request = try request.validated()
        let total = model.candidateCount
        let range = shard?.range(total: total) ?? 0..<total
        let nd = model.grid.diameterCount
        let kernel = ScreenKernel(model: model, request: request)
        // Members are (variant, diameter index); records are built for the survivors only.
        var archive = ParetoSet<GridMember>(limit: archiveLimit)
        func record(_ g: GridMember) -> ScreenedCandidate {
            candidate(model, model.variants[g.variant], diameter: model.grid.diameter(g.diameterIndex), request: request)
        }
        var rejections = [Int](repeating: 0, count: RejectionReason.allCases.count)
        var feasible = 0
        var below: (gap: Double, c: ScreenedCandidate?) = (.infinity, nil), above: (gap: Double, c: ScreenedCandidate?) = (.infinity, nil)
        let lowerEdge = kernel.windowLower, upperEdge = kernel.windowUpper
        kernel.curves.withUnsafeBufferPointer { curves in
            kernel.rows.withUnsafeBufferPointer { rows in
                var index = range.lowerBound
                while index < range.upperBound {
                    let vi = index / nd
                    let c = kernel.variants[vi]
                    let end = min(range.upperBound, (vi + 1) * nd)
                    // Counted per block, added once: the inner loop keeps them in registers.
                    var physics = 0, window = 0
                    for k in index..<end {
                        let d = model.grid.diameter(k - vi * nd)
                        let o = kernel.optics(c, diameter: d, curves: curves, rows: rows)
                        guard o.peak.isFinite, o.fwhm.isFinite else { physics += 1; continue }
                        if o.peak < lowerEdge || o.peak > upperEdge {
                            window += 1
                            let gap = o.peak < lowerEdge ? lowerEdge - o.peak : o.peak - upperEdge
                            // Only a candidate at least as near as the nearest so far can replace it.
                            guard gap <= (o.peak < lowerEdge ? below.gap : above.gap) else { continue }
                            var masses: ScreenKernel.Masses?
                            guard kernel.ruleAfterWindow(c, diameter: d, optics: o, masses: &masses) < 0 else { continue }
                            let record = candidate(model, model.variants[vi], diameter: d, request: request)
                            if o.peak < lowerEdge {
                                if closer(gap, record, than: below) { below = (gap, record) }
                            } else if closer(gap, record, than: above) {
                                above = (gap, record)
                            }
                            continue
                        }
                        var masses: ScreenKernel.Masses?
                        let rule = kernel.ruleAfterWindow(c, diameter: d, optics: o, masses: &masses)
                        guard rule < 0 else { rejections[rule] += 1; continue }
                        feasible += 1
                        let m = masses ?? ScreenKernel.masses(c, diameter: d)
                        archive.offer(kernel.objectives(c, optics: o, masses: m), GridMember(variant: vi, diameterIndex: k - vi * nd),
                                      id: { record($0).id })
                    }
                    rejections[ScreenKernel.physicsIndex] += physics
                    rejections[ScreenKernel.windowIndex] += window
                    index = end
                }
            }
        }
        var counts: [String: Int] = [:]
        for (i, r) in RejectionReason.allCases.enumerated() where rejections[i] > 0 { counts[r.rawValue] = rejections[i] }
        return ScreenResult(
            request: request, grid: model.grid, shard: shard, mergedShards: [], totalCandidates: total,
            evaluated: range.count, feasible: feasible, excludedByConstraints: model.excludedByConstraints,
            rejections: counts, archive: archive.members.map(record).sorted { $0.id < $1.id }, archiveTruncated: archive.truncated,
            nearestBelow: below.c, nearestAbove: above.c)
    }

    /// Merges shard results into one: checks they share request, grid and shard count and cover distinct
    /// shards, then recomputes the Pareto archive, adds the counts and keeps the nearest infeasible peaks.
    /// The merge of all N shards equals the unsharded screen (tested).
    /// - Throws: `DesignError.invalidShard` for an empty list, mixed requests, grids or shard counts, a repeated
    ///   shard, or (unless `allowPartial`) missing shards, naming them.
    public static func merge(_ results: [ScreenResult], archiveLimit: Int = Screen.defaultArchiveLimit, allowPartial: Bool = false) throws -> ScreenResult {
        guard let first = results.first else {
            throw DesignError(.invalidShard, "Nothing to merge (rule: at least one shard file). Pass the JSON files written by `qdlab design --shard i/N --out FILE`.")
        }
        var seen = Set<Int>()
        var shardCount: Int?
        for r in results {
            guard r.request == first.request, r.grid == first.grid else {
                throw DesignError(.invalidShard, "Shard files come from different requests or grids (rule: every shard of one screen uses the same options). Re-run the odd shard with the same options.")
            }
            let indices = r.shard.map { [$0.index] } ?? r.mergedShards
            if let s = r.shard {
                if let n = shardCount, n != s.count {
                    throw DesignError(.invalidShard, "Shards of \(n) and of \(s.count) are mixed (rule: one N per screen).")
                }
                shardCount = s.count
            }
            for i in indices {
                guard seen.insert(i).inserted else {
                    throw DesignError(.invalidShard, "Shard \(i) appears twice (rule: each shard once). Drop the duplicate file.")
                }
            }
        }
        if let n = shardCount, !allowPartial {
            let missing = (0..<n).filter { !seen.contains($0) }
            guard missing.isEmpty else {
                throw DesignError(.invalidShard, "Shards \(missing.map(String.init).joined(separator: ", ")) of \(n) are missing (rule: merge all shards, or pass --allow-partial). Re-run them or merge what you have with --allow-partial.")
            }
        }
        var archive = ParetoArchive(limit: archiveLimit)
        for c in results.flatMap(\.archive).sorted(by: { $0.id < $1.id }) { archive.insert(c) }
        var rejections: [String: Int] = [:]
        for r in results { for (k, v) in r.rejections { rejections[k, default: 0] += v } }
        func nearest(_ pick: (ScreenResult) -> ScreenedCandidate?) -> ScreenedCandidate? {
            results.compactMap(pick).min { ($0.objectives[0], $0.id) < ($1.objectives[0], $1.id) }
        }
        return ScreenResult(
            request: first.request, grid: first.grid, shard: nil, mergedShards: seen.sorted(),
            totalCandidates: first.totalCandidates, evaluated: results.reduce(0) { $0 + $1.evaluated },
            feasible: results.reduce(0) { $0 + $1.feasible }, excludedByConstraints: first.excludedByConstraints,
            rejections: rejections, archive: archive.members.sorted { $0.id < $1.id },
            archiveTruncated: archive.truncated || results.contains(where: \.archiveTruncated),
            nearestBelow: nearest(\.nearestBelow), nearestAbove: nearest(\.nearestAbove))
    }
}

import Foundation
import Testing
import QDCore
import QDPhysics
@testable import QDDesign

/// The fast screening path (`ScreenKernel`, packed Pareto pre-check, fast shell-shift tables) against the
/// straightforward computation it replaces: every candidate evaluated in full with `ScreeningModel.evaluate`,
/// ruled on with `Screen.rejection`, and the Pareto front found by brute force.
@Suite("Fast screening path equals the direct evaluation")
struct ScreenKernelTests {
    /// Requests that exercise every rule: FWHM, PLQY, RoHS (with a loading), cost, stability, absorption targets,
    /// and an impossible target (everything outside the window).
    static let requests: [DesignRequest] = [
        DesignRequest(targetNanometres: 530, maxFWHMNanometres: 40),
        DesignRequest(targetNanometres: 620, maxFWHMNanometres: 60, minimumPLQY: 0.5,
                      constraints: DesignConstraints(rohs: true, rohsLoadingMassFraction: 0.05, maxCostUSDPerGram: 400, minimumStability: .medium)),
        DesignRequest(targetNanometres: 900, quantity: .absorption, sizeDispersion: 0.08),
        DesignRequest(targetNanometres: 300, constraints: DesignConstraints(cadmiumFree: true)),
        // Inside the trained CsPbBr3 PLQY model's domain (431–518 nm), with a PLQY limit between its predictions.
        DesignRequest(targetNanometres: 495, window: 470...518, minimumPLQY: 0.4),
    ]

    /// Even requests: the default sourced prices (most costs NaN, "unknown"); odd ones: the indicative table, so
    /// finite costs and the cost limit are exercised too.
    static func cost(_ which: Int) throws -> CostModel? { which % 2 == 0 ? nil : try CostModel(prices: CostModel.defaultPrices) }

    /// Exact: the kernel reads the same table entries and applies the same expressions in the same order as
    /// `evaluate`, so peak, FWHM, masses and objectives agree bit for bit (== on Double, NaN where both are NaN).
    @Test("kernel optics, masses and objectives equal evaluate bit for bit on random candidates", arguments: 0..<requests.count)
    func kernelEqualsEvaluate(_ which: Int) throws {
        let request = Self.requests[which]
        let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: 0.01, compositionStep: 0.1, thicknessLevels: [0.5, 1.3, 3]),
                                       cost: try Self.cost(which))
        let kernel = ScreenKernel(model: model, request: request)
        var rng = SeededRNG(seed: 9 + UInt64(which))
        var checked = 0
        kernel.curves.withUnsafeBufferPointer { curves in
            kernel.rows.withUnsafeBufferPointer { rows in
                for _ in 0..<3000 {
                    let vi = rng.integer(below: model.variants.count)
                    // Random diameters, on and off the grid, over the whole validated range 1–15 nm.
                    let d = rng.uniform(in: 1.0..<15.0)
                    let v = model.variants[vi], c = kernel.variants[vi]
                    let m = model.evaluate(v, diameter: d, sizeDispersion: request.sizeDispersion)
                    let o = kernel.optics(c, diameter: d, curves: curves, rows: rows)
                    let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
                    #expect(same(o.peak, peak) && same(o.fwhm, m.fwhmNanometres) && same(o.plqy, m.plqy), "\(v.label) d = \(d)")
                    let masses = ScreenKernel.masses(c, diameter: d)
                    #expect(same(masses.toxic / masses.total, m.toxicity))
                    #expect(same(masses.cost / masses.total, m.costUSDPerGram))
                    #expect(same(masses.cadmium / masses.total, m.cadmiumMassFraction))
                    #expect(same(masses.lead / masses.total, m.leadMassFraction))
                    if peak.isFinite, m.fwhmNanometres.isFinite {
                        let packed = kernel.objectives(c, optics: o, masses: masses)
                        let reference = Screen.objectives(m, request)
                        #expect((0..<5).allSatisfy { same(packed[$0], reference[$0]) })
                        var filled: ScreenKernel.Masses?
                        let rule = kernel.ruleAfterWindow(c, diameter: d, optics: o, masses: &filled)
                        let expected = Screen.rejection(m, request, ignoringWindow: true)
                        #expect(rule == (expected.flatMap { RejectionReason.allCases.firstIndex(of: $0) } ?? -1))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1000)
    }

    /// The fast screen against the brute-force one: counts, archive and nearest feasible peaks identical.
    @Test("the fast screen equals a brute-force screen", arguments: 0..<requests.count)
    func screenEqualsBruteForce(_ which: Int) throws {
        let request = try Self.requests[which].validated()
        let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: 0.1, compositionStep: 0.25, thicknessLevels: [0.5, 2]),
                                       cost: try Self.cost(which))
        let fast = try Screen.run(request, model: model)
        let slow = bruteForce(request, model)
        #expect(fast.feasible == slow.feasible)
        #expect(fast.rejections == slow.rejections)
        #expect(fast.archive.map(\.id) == slow.archive.map(\.id))
        #expect(identical(fast.archive, slow.archive))
        #expect(fast.nearestBelow?.id == slow.below?.id)
        #expect(fast.nearestAbove?.id == slow.above?.id)
        #expect(!fast.archiveTruncated)
    }

    /// Exact: the fast table reuses the estimate's mass scale and bare-core energies, composed as the estimate
    /// composes them, so every grid point equals `ShellRedShift.estimate` (NaN where it throws). A subset of
    /// the grid keeps the debug-build test short; it covers the first level (from the estimate itself), later
    /// levels (from the reuse) and the smallest and largest diameters.
    @Test("fast shell-shift tables equal ShellRedShift.estimate at grid points", arguments: [("CdSe", "ZnS"), ("InP", "ZnSe"), ("PbS", "CdS")])
    func shellShiftTable(_ pair: (String, String)) throws {
        let core = try MaterialCatalogue.material(pair.0), shell = try MaterialCatalogue.material(pair.1)
        let table = try ShellShiftTable(core: core, shell: shell, maximumThicknessNanometres: 3)
        let model = try ConfinementModels.defaultModel(for: core.id)
        #expect(table.thicknessCount == 12)
        for i in [0, 3, 9, 22] {
            for j in [0, 1, 5, 11] {
                let d = ShellShiftTable.diameters[i], h = 0.25 * Double(j + 1)
                let e = try? ShellRedShift.estimate(core: core, shell: shell, coreDiameterNanometres: d, shellThicknessNanometres: h, coreModel: model)
                let expected = e.map { $0.electronShiftElectronvolts + $0.holeShiftElectronvolts } ?? .nan
                #expect(same(table.values[i * 12 + j], expected), "\(pair) d = \(d) H = \(h)")
            }
        }
    }

    /// Property: the packed pre-check and `ScreenedCandidate.dominates` agree, NaN included (NaN compares false).
    @Test("packed dominance pre-check agrees with dominates, NaN included")
    func packedDominance() throws {
        var rng = SeededRNG(seed: 4)
        func vector() -> [Double] {
            (0..<5).map { _ in rng.uniform() < 0.05 ? .nan : Double(rng.integer(below: 3)) }
        }
        let request = DesignRequest(targetNanometres: 530)
        let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: 1, compositionStep: 1, thicknessLevels: [1]))
        let c = Screen.candidate(model, try #require(model.variants.first), diameter: 3, request: request)
        func record(_ o: [Double]) -> ScreenedCandidate {
            ScreenedCandidate(id: c.id, structure: c.structure, family: c.family, composition: c.composition, shell: c.shell,
                                     shellThicknessNanometres: c.shellThicknessNanometres, coreDiameterNanometres: 3, metrics: c.metrics, objectives: o)
        }
        var agreements = 0
        for _ in 0..<300 {
            let a = vector(), b = vector()
            var archive = ParetoArchive(limit: 10)
            archive.insert(record(a))
            #expect(archive.dominated(PackedObjectives.pack(b)) == record(a).dominates(record(b)))
            agreements += 1
        }
        #expect(agreements == 300)
    }

    /// Memory bound: the archive never holds more than its limit, and says when it dropped members.
    @Test("the archive limit bounds memory and is reported", arguments: [1, 3, 10])
    func archiveLimit(_ limit: Int) throws {
        let request = DesignRequest(targetNanometres: 560, window: 500...620, maxFWHMNanometres: 80)
        let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: 0.1, compositionStep: 0.25, thicknessLevels: [0.5, 2]))
        let unbounded = try Screen.run(request, model: model)
        #expect(unbounded.archive.count > 10)
        let bounded = try Screen.run(request, model: model, archiveLimit: limit)
        #expect(bounded.archive.count == limit)
        #expect(bounded.archiveTruncated)
        // The kept members are the ones nearest the target among the unbounded front's members or better.
        let nearest = try #require(unbounded.archive.map { $0.objectives[0] }.min())
        #expect(bounded.archive.contains { $0.objectives[0] == nearest })
    }

    // MARK: brute force

    struct BruteForce {
        var feasible = 0
        var rejections: [String: Int] = [:]
        var archive: [ScreenedCandidate] = []
        var below: ScreenedCandidate?
        var above: ScreenedCandidate?
    }

    /// Every candidate in full; front = feasible candidates no other feasible candidate dominates, one per
    /// objective vector (the smallest id), sorted by id; nearest = smallest gap, ties by smallest id.
    func bruteForce(_ request: DesignRequest, _ model: ScreeningModel) -> BruteForce {
        var out = BruteForce()
        var feasible: [ScreenedCandidate] = []
        var below: [(Double, ScreenedCandidate)] = [], above: [(Double, ScreenedCandidate)] = []
        for v in model.variants {
            for k in 0..<model.grid.diameterCount {
                let d = model.grid.diameter(k)
                let m = model.evaluate(v, diameter: d, sizeDispersion: request.sizeDispersion)
                if let reason = Screen.rejection(m, request) {
                    out.rejections[reason.rawValue, default: 0] += 1
                    if reason == .window, Screen.rejection(m, request, ignoringWindow: true) == nil {
                        let peak = request.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
                        let c = Screen.candidate(model, v, diameter: d, metrics: m, request: request)
                        if peak < request.window.lowerBound { below.append((request.window.lowerBound - peak, c)) } else { above.append((peak - request.window.upperBound, c)) }
                    }
                    continue
                }
                out.feasible += 1
                feasible.append(Screen.candidate(model, v, diameter: d, metrics: m, request: request))
            }
        }
        var front: [ScreenedCandidate] = []
        for c in feasible where !feasible.contains(where: { $0.dominates(c) }) {
            if let i = front.firstIndex(where: { $0.objectives == c.objectives }) {
                if c.id < front[i].id { front[i] = c }
            } else {
                front.append(c)
            }
        }
        out.archive = front.sorted { $0.id < $1.id }
        out.below = below.min { ($0.0, $0.1.id) < ($1.0, $1.1.id) }?.1
        out.above = above.min { ($0.0, $0.1.id) < ($1.0, $1.1.id) }?.1
        return out
    }
}

/// Equal as IEEE values, or both NaN.
private func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

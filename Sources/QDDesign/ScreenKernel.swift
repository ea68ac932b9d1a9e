import Foundation
import QDPhysics

/// The screening hot loop's data: every table the screen reads, flattened into two contiguous buffers, and
/// every structure compiled into a record of plain numbers (no arrays, optionals, strings or sets), so that
/// evaluating a candidate touches no reference counts and allocates nothing.
///
/// It computes exactly what `ScreeningModel.evaluate` computes — the same table entries combined by the same
/// expressions in the same order, so the same IEEE results (tested bit for bit on random candidates) — but in
/// stages: optics first (peak, FWHM), then the masses only for candidates that reach a mass rule or the
/// archive. Most candidates leave after the optics (outside the target window).
struct ScreenKernel {
    /// One end member or shell layer: per-mole composition, density and price.
    struct Matter {
        var molar = 1.0, toxic = 0.0, cadmium = 0.0, lead = 0.0, mercury = 0.0, chromium = 0.0, usd = Double.nan
        var density = 0.0
    }

    /// A shell layer: its matter and thickness (nm).
    struct Layer {
        var matter = Matter()
        var thickness = 0.0
    }

    /// One structure (family, composition, shell, thickness) in plain numbers.
    struct Compiled {
        /// Offsets of the end members' energy and Stokes tables in `curves`; B's are −1 for a single material.
        var energyA = 0, stokesA = 0, energyB = -1, stokesB = -1
        var x = 0.0, bowingTerm = 0.0
        /// Mixed homogeneous width (eV) and core matter (d-independent parts of `evaluate`, computed alike).
        var homogeneous = 0.0
        var core = Matter()
        /// Offsets of the shell-shift rows (one value per table diameter at this thickness) in `rows`; −1 = none.
        var rowsA = -1, rowsB = -1
        var layerCount = 0
        var inner = Layer(), outer = Layer()
        var plqy = 0.0, stability = 0.0
        /// True when `plqyModel` predicts this structure's PLQY (from the emission peak) instead of `plqy`.
        var plqyModel = false
        /// Offsets of pure CsPbBr3's energy and Stokes tables when the PLQY is transferred from it (bare
        /// perovskites, `ScreeningModel.Variant.plqyTransferred`); −1 otherwise.
        var bromideEnergy = -1, bromideStokes = -1
    }

    /// Peak (nm, of the requested quantity), FWHM (nm) and PLQY of a candidate; `peak` NaN as in `evaluate`.
    struct Optics {
        var peak: Double
        var fwhm: Double
        /// The PLQY `evaluate` scores: the model's prediction at the emission peak, or the structure's prior.
        var plqy: Double
    }

    /// Particle masses (g): total with ligands, toxicity-weighted, RoHS elements, and precursor cost (USD).
    struct Masses {
        var total: Double, toxic: Double, cadmium: Double, lead: Double, mercury: Double, chromium: Double, cost: Double
    }

    /// Every material's energy then Stokes table, `MaterialTables.gridCount` values each.
    let curves: [Double]
    /// Shell-shift rows, `ShellShiftTable.diameters.count` values each.
    let rows: [Double]
    /// One per `ScreeningModel.variants` entry, same order.
    let variants: [Compiled]
    /// The model's trained PLQY predictor (read only for structures with `Compiled.plqyModel`).
    let plqyModel: PerovskitePLQYModel?
    /// Request constants.
    let emission: Bool
    let sigma: Double
    let target: Double
    let windowLower: Double, windowUpper: Double
    let maxFWHM: Double?
    let minimumPLQY: Double?
    /// RoHS limits divided by the loading (fraction limits on the particle), Cd, Pb, Hg, Cr; nil without RoHS.
    let rohsCadmium: Double?, rohsLead: Double?, rohsMercury: Double?, rohsChromium: Double?
    let rohs: Bool
    let loading: Double
    let maxCost: Double?
    let minimumStability: Double?

    init(model: ScreeningModel, request: DesignRequest) {
        let count = MaterialTables.gridCount
        var curves: [Double] = []
        curves.reserveCapacity(model.tables.count * 2 * count)
        for t in model.tables {
            curves.append(contentsOf: t.energy.values)
            curves.append(contentsOf: t.stokes.values)
        }
        func matter(_ t: MaterialTables) -> Matter {
            Matter(molar: t.molarMass, toxic: t.toxicMass, cadmium: t.cadmiumMass, lead: t.leadMass, mercury: t.mercuryMass,
                   chromium: t.chromiumMass, usd: t.usdPerMole ?? .nan, density: t.density)
        }
        var rows: [Double] = []
        var compiled: [Compiled] = []
        compiled.reserveCapacity(model.variants.count)
        for v in model.variants {
            var c = Compiled()
            let ta = model.tables[v.a]
            c.energyA = v.a * 2 * count
            c.stokesA = c.energyA + count
            c.x = v.x
            c.bowingTerm = v.bowingTerm
            c.homogeneous = ta.homogeneous
            c.core = matter(ta)
            if let bi = v.b {
                let tb = model.tables[bi], x = v.x, y = 1 - v.x
                c.energyB = bi * 2 * count
                c.stokesB = c.energyB + count
                // The same mixing expressions as `evaluate`.
                c.homogeneous = y * ta.homogeneous + x * tb.homogeneous
                c.core = Matter(
                    molar: y * ta.molarMass + x * tb.molarMass, toxic: y * ta.toxicMass + x * tb.toxicMass,
                    cadmium: y * ta.cadmiumMass + x * tb.cadmiumMass, lead: y * ta.leadMass + x * tb.leadMass,
                    mercury: y * ta.mercuryMass + x * tb.mercuryMass, chromium: y * ta.chromiumMass + x * tb.chromiumMass,
                    usd: alloyCost(ta.usdPerMole ?? .nan, tb.usdPerMole ?? .nan, y: y, x: x), density: y * ta.density + x * tb.density)
            }
            if let sa = v.shiftA, let h = v.layerThicknesses.first {
                func tabulate(_ table: ShellShiftTable) -> Int {
                    let offset = rows.count
                    rows.append(contentsOf: ShellShiftTable.diameters.indices.map { table.row($0, thickness: h) })
                    return offset
                }
                c.rowsA = tabulate(model.shiftTables[sa])
                if let sb = v.shiftB { c.rowsB = tabulate(model.shiftTables[sb]) }
            }
            c.layerCount = v.layerTables.count
            for (k, ti) in v.layerTables.enumerated().prefix(2) {
                let layer = Layer(matter: matter(model.tables[ti]), thickness: v.layerThicknesses[k])
                if k == 0 { c.inner = layer } else { c.outer = layer }
            }
            c.plqy = v.plqyPrior
            c.stability = v.stabilityScore
            c.plqyModel = v.plqyModelApplies && model.plqyModel != nil
            if let bi = v.bromideTable, model.plqyModel != nil {
                c.bromideEnergy = bi * 2 * count
                c.bromideStokes = c.bromideEnergy + count
            }
            compiled.append(c)
        }
        self.curves = curves
        self.rows = rows
        variants = compiled
        plqyModel = model.plqyModel
        emission = request.quantity == .emission
        sigma = request.sizeDispersion
        target = request.targetNanometres
        windowLower = request.window.lowerBound
        windowUpper = request.window.upperBound
        maxFWHM = request.maxFWHMNanometres
        minimumPLQY = request.minimumPLQY
        let c = request.constraints
        rohs = c.rohs
        loading = c.rohsLoadingMassFraction
        func limit(_ element: String) -> Double? {
            c.rohs ? RoHSAssessment.limits.filter { $0.element == element }.map(\.limit).min() : nil
        }
        rohsCadmium = limit("Cd")
        rohsLead = limit("Pb")
        rohsMercury = limit("Hg")
        rohsChromium = limit("Cr")
        maxCost = c.maxCostUSDPerGram
        minimumStability = c.minimumStability?.minimumScore
    }

    /// Peak, FWHM and PLQY of structure `c` at core diameter `d` (nm): `evaluate`'s optics, stage one. The PLQY
    /// prediction is the same table lookup `evaluate` makes (`PerovskitePLQYModel.prediction`, or
    /// `transferredPrediction` from pure CsPbBr3's tables at d, O(1)), taken only for the structures a model covers.
    @inline(__always)
    func optics(_ c: Compiled, diameter d: Double, curves: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Double>) -> Optics {
        let count = MaterialTables.gridCount
        let t = (d - MaterialTables.gridStart) / MaterialTables.gridStep
        var e1 = UniformTable.value(curves, c.energyA, count, t: t)
        var slope = UniformTable.slope(curves, c.energyA, count, t: t, step: MaterialTables.gridStep)
        var stokes = UniformTable.value(curves, c.stokesA, count, t: t)
        let x = c.x
        if c.energyB >= 0 {
            let y = 1 - x
            e1 = y * e1 + x * UniformTable.value(curves, c.energyB, count, t: t) - c.bowingTerm
            slope = y * slope + x * UniformTable.slope(curves, c.energyB, count, t: t, step: MaterialTables.gridStep)
            stokes = y * stokes + x * UniformTable.value(curves, c.stokesB, count, t: t)
        }
        var shift = 0.0
        if c.rowsA >= 0 {
            let (i, fd) = ShellShiftTable.diameterCell(d)
            shift = rows[c.rowsA + i] * (1 - fd) + rows[c.rowsA + i + 1] * fd
            if c.rowsB >= 0 { shift = (1 - x) * shift + x * (rows[c.rowsB + i] * (1 - fd) + rows[c.rowsB + i + 1] * fd) }
        }
        let hc = PhysicalConstants.hcElectronvoltNanometres
        let eAbs = e1 - shift
        let eEm = eAbs - stokes
        let inh = 2.354_820_045 * abs(slope) * sigma * d
        let fwhmE = (c.homogeneous * c.homogeneous + inh * inh).squareRoot()
        let lower = eEm - fwhmE / 2
        let fwhm = lower > 0 ? hc / lower - hc / (eEm + fwhmE / 2) : .infinity
        let energy = emission ? eEm : eAbs
        var plqy = c.plqy
        if c.plqyModel, let p = plqyModel?.prediction(emissionNanometres: eEm > 0 && shift.isFinite ? hc / eEm : .nan) {
            plqy = p.mean
        } else if c.bromideEnergy >= 0, let p = plqyModel?.transferredPrediction(
            bromideEmissionNanometres: PerovskitePLQYModel.bromideEmissionNanometres(
                energyElectronvolts: UniformTable.value(curves, c.bromideEnergy, count, t: t),
                stokesElectronvolts: UniformTable.value(curves, c.bromideStokes, count, t: t))) {
            plqy = p.mean
        }
        return Optics(peak: energy > 0 && shift.isFinite ? hc / energy : .nan, fwhm: fwhm, plqy: plqy)
    }

    /// Masses of structure `c` at core diameter `d`: `evaluate`'s mass sums, stage two.
    @inline(__always)
    static func masses(_ c: Compiled, diameter d: Double) -> Masses {
        let nm3 = 1e-21
        let core = c.core
        let coreMass = Double.pi / 6 * d * d * d * nm3 * core.density
        var m = Masses(
            total: coreMass, toxic: coreMass * core.toxic / core.molar, cadmium: coreMass * core.cadmium / core.molar,
            lead: coreMass * core.lead / core.molar, mercury: coreMass * core.mercury / core.molar,
            chromium: coreMass * core.chromium / core.molar, cost: coreMass * core.usd / core.molar)
        var inner = d
        func add(_ layer: Layer) {
            let outer = inner + 2 * layer.thickness
            let mass = Double.pi / 6 * (outer * outer * outer - inner * inner * inner) * nm3 * layer.matter.density
            let t = layer.matter
            m.total += mass
            m.toxic += mass * t.toxic / t.molar
            m.cadmium += mass * t.cadmium / t.molar
            m.lead += mass * t.lead / t.molar
            m.mercury += mass * t.mercury / t.molar
            m.chromium += mass * t.chromium / t.molar
            m.cost += mass * t.usd / t.molar
            inner = outer
        }
        if c.layerCount > 0 { add(c.inner) }
        if c.layerCount > 1 { add(c.outer) }
        m.total += ScreeningModel.ligandMassPerSquareNanometre * Double.pi * inner * inner
        return m
    }

    /// The first rule after the window that the candidate breaks (`RejectionReason` raw index), or −1 when it
    /// passes all; `masses` is filled when a rule needed them.
    @inline(__always)
    func ruleAfterWindow(_ c: Compiled, diameter d: Double, optics o: Optics, masses: inout Masses?) -> Int {
        if let f = maxFWHM, o.fwhm > f { return Self.fwhmIndex }
        if let q = minimumPLQY, o.plqy < q { return Self.plqyIndex }
        if rohs {
            let m = Self.masses(c, diameter: d)
            masses = m
            // Same test as `Screen.rejection`: fraction × loading > limit.
            func breaks(_ mass: Double, _ limit: Double?) -> Bool { limit.map { mass / m.total * loading > $0 } ?? false }
            if breaks(m.cadmium, rohsCadmium) || breaks(m.lead, rohsLead) || breaks(m.mercury, rohsMercury) || breaks(m.chromium, rohsChromium) {
                return Self.rohsIndex
            }
        }
        if let maxCost {
            let m = masses ?? Self.masses(c, diameter: d)
            masses = m
            if !(m.cost / m.total <= maxCost) { return Self.costIndex }
        }
        if let s = minimumStability, c.stability < s { return Self.stabilityIndex }
        return -1
    }

    /// The objective vector (`DesignObjectives`), lanes 5–7 zero.
    @inline(__always)
    func objectives(_ c: Compiled, optics o: Optics, masses m: Masses) -> SIMD8<Double> {
        SIMD8(abs(o.peak - target), o.fwhm, m.toxic / m.total, m.cost / m.total, 1 - o.plqy, 0, 0, 0)
    }

    static let physicsIndex = index(.physics), windowIndex = index(.window), fwhmIndex = index(.fwhm)
    static let plqyIndex = index(.plqy), rohsIndex = index(.rohs), costIndex = index(.cost), stabilityIndex = index(.stability)
    private static func index(_ r: RejectionReason) -> Int { RejectionReason.allCases.firstIndex(of: r) ?? 0 }
}

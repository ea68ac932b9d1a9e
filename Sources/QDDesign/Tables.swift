import Foundation
import QDPhysics

/// A function of diameter tabulated on a uniform grid and read by linear interpolation (the screening hot path:
/// one index computation and one lerp, no allocation). Diameters outside the grid clamp to its ends.
struct UniformTable: Sendable {
    let start: Double
    let step: Double
    let values: [Double]

    init(start: Double, step: Double, count: Int, _ f: (Double) -> Double) {
        self.start = start
        self.step = step
        values = (0..<count).map { f(start + Double($0) * step) }
    }

    @inline(__always) func value(at d: Double) -> Double {
        values.withUnsafeBufferPointer { Self.value($0, 0, values.count, t: (d - start) / step) }
    }

    /// Slope of the interpolant at `d` (the segment's difference quotient).
    @inline(__always) func slope(at d: Double) -> Double {
        values.withUnsafeBufferPointer { Self.slope($0, 0, values.count, t: (d - start) / step, step: step) }
    }

    /// The interpolant of the `count` values at `offset` in `buffer`, at fractional index `t`, clamped to the
    /// ends. Shared by the tables and the screening kernel (`ScreenKernel`), so both compute the same bits.
    @inline(__always) static func value(_ buffer: UnsafeBufferPointer<Double>, _ offset: Int, _ count: Int, t: Double) -> Double {
        let last = count - 1
        if !(t > 0) { return buffer[offset] }
        if t >= Double(last) { return buffer[offset + last] }
        let i = Int(t), f = t - Double(i)
        return buffer[offset + i] + f * (buffer[offset + i + 1] - buffer[offset + i])
    }

    /// The slope of that interpolant (difference quotient of the clamped segment) for grid spacing `step`.
    @inline(__always) static func slope(_ buffer: UnsafeBufferPointer<Double>, _ offset: Int, _ count: Int, t: Double, step: Double) -> Double {
        let i = min(max(Int(max(t, 0)), 0), count - 2)
        return (buffer[offset + i + 1] - buffer[offset + i]) / step
    }
}

/// Per-material data the screen reads for every candidate: E(d), Stokes(d), widths, composition, cost.
struct MaterialTables: Sendable {
    let id: String
    /// First exciton E(d), eV, from the default sizing curve.
    let energy: UniformTable
    /// Stokes shift (eV) at d.
    let stokes: UniformTable
    /// Homogeneous FWHM, eV, and the note when it is a QDDesign default.
    let homogeneous: Double
    let homogeneousNote: String?
    let modelName: String
    let validDiameters: ClosedRange<Double>
    /// Per mole of formula unit: molar mass (g), toxicity-weighted mass (g), Cd, Pb, Hg, Cr mass (g), cost (USD).
    let molarMass: Double
    let toxicMass: Double
    let cadmiumMass: Double
    let leadMass: Double
    let mercuryMass: Double
    let chromiumMass: Double
    let usdPerMole: Double?
    /// g/cm³.
    let density: Double
    let elements: Set<String>

    /// Diameter grid of the energy tables: 0.5–16 nm in 0.005 nm steps. Linear interpolation on it is within
    /// ~1e-5 eV of the sizing curve for d ≥ 1.5 nm (checked in the tests).
    static let gridStart = 0.5, gridStep = 0.005, gridCount = 3101

    init(material: Material, cost: CostModel) throws {
        let curves = try SizingCurveCache.shared.curves(material)
        id = material.id
        modelName = curves.modelName
        validDiameters = curves.validDiameters
        energy = curves.energy
        stokes = curves.stokes
        (homogeneous, homogeneousNote) = DesignOpticalDefaults.homogeneousFWHM(material.id)
        guard let rho = material.densityGramsPerCubicCentimetre?.value, let mass = material.molarMassGramsPerMole else {
            throw DesignError(.invalidInput, "\(material.id) lacks a density or molar mass (rule: screening needs both). This is a catalogue gap.")
        }
        density = rho
        molarMass = mass
        var toxic = 0.0
        func elementMass(_ symbol: String) -> Double {
            (material.composition[symbol] ?? 0) * (Element.table[symbol]?.atomicWeight ?? 0)
        }
        for (symbol, _) in material.composition { toxic += (Toxicity.weights[symbol] ?? 0) * elementMass(symbol) }
        toxicMass = toxic
        cadmiumMass = elementMass("Cd")
        leadMass = elementMass("Pb")
        mercuryMass = elementMass("Hg")
        chromiumMass = elementMass("Cr")
        usdPerMole = cost.usdPerMoleByMaterial[material.id]
        elements = Set(material.composition.keys)
    }
}

/// Shell-induced red shift (eV) of one core material under one shell material, tabulated on a (d, H) grid from
/// `ShellRedShift.estimate` (QDPhysics' effective-mass estimate, default mass calibration) and read bilinearly.
/// A grid point where the estimate throws is NaN; candidates that touch it are rejected with that reason.
struct ShellShiftTable: Sendable {
    static let diameters = Array(stride(from: 1.0, through: 12.5, by: 0.5))
    /// values[i * thicknessCount + j] at thickness 0.25·(j + 1) nm.
    let values: [Double]
    /// Thickness levels tabulated: 0.25 nm steps up to the largest thickness the screen needs (≤ 3 nm).
    let thicknessCount: Int

    /// Number of thickness levels needed to cover `maximumThicknessNanometres` (2–12).
    static func thicknessCount(covering maximumThicknessNanometres: Double) -> Int {
        max(2, min(12, Int((maximumThicknessNanometres / 0.25).rounded(.up))))
    }

    /// Builds the table; reads it from the process-wide cache when an equal table was built before.
    ///
    /// Speed: `ShellRedShift.estimate` spends nearly all its time calibrating the core mass scale, which depends
    /// on the diameter only. So the estimate runs once per diameter (at the first thickness) and the other
    /// thicknesses reuse its mass scale and bare-core energies with `ShellRedShift.groundStateElectronvolts`,
    /// composed exactly as the estimate composes them (electron and hole shift = bare − shelled ground state;
    /// E_core/shell > 0 required). Equal to calling the estimate at every grid point, bit for bit (tested);
    /// about 9× fewer ground-state solves. Where the first estimate throws, every thickness is estimated alone.
    init(core: Material, shell: Material, maximumThicknessNanometres: Double = 3) throws {
        let count = Self.thicknessCount(covering: maximumThicknessNanometres)
        self = try ShellShiftCache.shared.table(core: core, shell: shell, thicknessCount: count) {
            try ShellShiftTable(computing: core, shell: shell, thicknessCount: count)
        }
    }

    private init(computing core: Material, shell: Material, thicknessCount: Int) throws {
        self.thicknessCount = thicknessCount
        let thicknesses = (1...thicknessCount).map { 0.25 * Double($0) }
        let model = try ConfinementModels.defaultModel(for: core.id)
        let alignment = try? BandAlignment(core: core, shell: shell)
        var v: [Double] = []
        v.reserveCapacity(Self.diameters.count * thicknesses.count)
        for d in Self.diameters {
            func estimated(_ h: Double) -> Double {
                let shift = try? ShellRedShift.estimate(core: core, shell: shell, coreDiameterNanometres: d, shellThicknessNanometres: h, coreModel: model)
                return shift.map { $0.electronShiftElectronvolts + $0.holeShiftElectronvolts } ?? .nan
            }
            guard let first = try? ShellRedShift.estimate(core: core, shell: shell, coreDiameterNanometres: d, shellThicknessNanometres: thicknesses[0], coreModel: model),
                  let alignment, let me = core.electronMass?.value, let mh = core.holeMass?.value,
                  let se = shell.electronMass?.value, let sh = shell.holeMass?.value else {
                v.append(contentsOf: thicknesses.map(estimated))
                continue
            }
            v.append(first.electronShiftElectronvolts + first.holeShiftElectronvolts)
            let r = d / 2, vOut = ShellRedShift.defaultOuterBarrierElectronvolts
            let (ce, ch) = (me * first.massScale, mh * first.massScale)
            func ground(_ h: Double, _ mass: Double, _ shellMass: Double, _ offset: Double) throws -> Double {
                try ShellRedShift.groundStateElectronvolts(
                    coreRadiusNanometres: r, shellThicknessNanometres: h, coreMass: mass, shellMass: shellMass,
                    offsetElectronvolts: offset, outerBarrierElectronvolts: vOut)
            }
            guard let bareE = try? ground(0, ce, 1, 0), let bareH = try? ground(0, ch, 1, 0) else {
                v.append(contentsOf: thicknesses.dropFirst().map(estimated))
                continue
            }
            for h in thicknesses.dropFirst() {
                guard let shelledE = try? ground(h, ce, se, alignment.conductionBandOffsetElectronvolts),
                      let shelledH = try? ground(h, ch, sh, alignment.valenceBandOffsetElectronvolts) else {
                    v.append(.nan)
                    continue
                }
                let de = bareE - shelledE, dh = bareH - shelledH
                v.append(first.coreEnergyElectronvolts - de - dh > 0 ? de + dh : .nan)
            }
        }
        values = v
    }

    /// Row `r` (diameter index) read at thickness `h` > 0: linear in the thickness levels; below the first level
    /// it scales linearly to 0 at H = 0; above the last it clamps. The screening kernel tabulates these per
    /// structure, so both read the same numbers.
    @inline(__always) func row(_ r: Int, thickness h: Double) -> Double {
        let nh = thicknessCount
        let th = (h - 0.25) / 0.25
        if th < 0 { return values[r * nh] * h / 0.25 }
        let tj = min(th, Double(nh - 1))
        let j = min(Int(tj), nh - 2), fh = tj - Double(j)
        return values[r * nh + j] * (1 - fh) + values[r * nh + j + 1] * fh
    }

    /// Bilinear interpolation; H below the first level scales linearly to 0 at H = 0; outside the grid clamps.
    @inline(__always) func shift(diameter d: Double, thickness h: Double) -> Double {
        guard h > 0 else { return 0 }
        let (i, fd) = Self.diameterCell(d)
        return row(i, thickness: h) * (1 - fd) + row(i + 1, thickness: h) * fd
    }

    /// The cell (lower row, fraction) of diameter `d` on the table's diameter axis, clamped to it.
    @inline(__always) static func diameterCell(_ d: Double) -> (Int, Double) {
        let nd = diameters.count
        let td = min(max((d - 1.0) / 0.5, 0), Double(nd - 1))
        let i = min(Int(td), nd - 2)
        return (i, td - Double(i))
    }
}

/// The sizing-curve tables of one material (they depend on the material only, not on the request or prices).
struct SizingCurves: Sendable {
    let modelName: String
    let validDiameters: ClosedRange<Double>
    let energy: UniformTable
    let stokes: UniformTable
}

/// Process-wide caches of the request-independent tables, so a server or a benchmark that builds several
/// screening models computes each table once. Bounded by the catalogue: one entry per material and per
/// core/shell pair and thickness count. Hand-written with `NSLock` (a few lines; no cache library needed).
final class SizingCurveCache: @unchecked Sendable {
    static let shared = SizingCurveCache()
    private let lock = NSLock()
    private var entries: [String: SizingCurves] = [:]

    func curves(_ material: Material) throws -> SizingCurves {
        if let hit = lock.withLock({ entries[material.id] }) { return hit }
        let model = try ConfinementModels.defaultModel(for: material.id)
        let energy = UniformTable(start: MaterialTables.gridStart, step: MaterialTables.gridStep, count: MaterialTables.gridCount) {
            model.energyUnchecked(diameterNanometres: $0)
        }
        let stokes = UniformTable(start: MaterialTables.gridStart, step: MaterialTables.gridStep, count: MaterialTables.gridCount) {
            DesignOpticalDefaults.stokesShift(material.id, diameter: $0, energy: energy.value(at: $0))
        }
        let built = SizingCurves(modelName: model.name, validDiameters: model.validDiameterNanometres, energy: energy, stokes: stokes)
        lock.withLock { entries[material.id] = built }
        return built
    }
}

/// See `SizingCurveCache`.
final class ShellShiftCache: @unchecked Sendable {
    static let shared = ShellShiftCache()
    private let lock = NSLock()
    private var entries: [String: ShellShiftTable] = [:]

    func table(core: Material, shell: Material, thicknessCount: Int, build: () throws -> ShellShiftTable) throws -> ShellShiftTable {
        let key = "\(core.id)|\(shell.id)|\(thicknessCount)"
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let built = try build()
        lock.withLock { entries[key] = built }
        return built
    }
}

/// Cost per mole of the alloy A(1−x)B(x): y·a + x·b with y = 1 − x, except that an end member's cost alone is
/// used at x = 0 or x = 1, so an unpriced partner (NaN) does not make a pure end member "cost unknown"
/// (CdSe in the CdSe–CdS family when sulfur has no price). For finite a and b it equals y·a + x·b bit for bit
/// at the end points too (1·a + 0·b = a), so the screen kernel and `evaluate`, which both call it, stay equal.
@inline(__always)
func alloyCost(_ a: Double, _ b: Double, y: Double, x: Double) -> Double {
    if x == 0 { return a }
    if y == 0 { return b }
    return y * a + x * b
}

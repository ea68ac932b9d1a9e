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
        let t = (d - start) / step
        let last = values.count - 1
        if !(t > 0) { return values[0] }
        if t >= Double(last) { return values[last] }
        let i = Int(t), f = t - Double(i)
        return values[i] + f * (values[i + 1] - values[i])
    }

    /// Slope of the interpolant at `d` (the segment's difference quotient).
    @inline(__always) func slope(at d: Double) -> Double {
        let t = (d - start) / step
        let i = min(max(Int(max(t, 0)), 0), values.count - 2)
        return (values[i + 1] - values[i]) / step
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
        let model = try ConfinementModels.defaultModel(for: material.id)
        id = material.id
        modelName = model.name
        validDiameters = model.validDiameterNanometres
        energy = UniformTable(start: Self.gridStart, step: Self.gridStep, count: Self.gridCount) {
            model.energyUnchecked(diameterNanometres: $0)
        }
        let e = energy
        stokes = UniformTable(start: Self.gridStart, step: Self.gridStep, count: Self.gridCount) {
            DesignOpticalDefaults.stokesShift(material.id, diameter: $0, energy: e.value(at: $0))
        }
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

    init(core: Material, shell: Material, maximumThicknessNanometres: Double = 3) throws {
        thicknessCount = max(2, min(12, Int((maximumThicknessNanometres / 0.25).rounded(.up))))
        let thicknesses = (1...thicknessCount).map { 0.25 * Double($0) }
        let model = try ConfinementModels.defaultModel(for: core.id)
        var v: [Double] = []
        v.reserveCapacity(Self.diameters.count * thicknesses.count)
        for d in Self.diameters {
            for h in thicknesses {
                let shift = try? ShellRedShift.estimate(core: core, shell: shell, coreDiameterNanometres: d, shellThicknessNanometres: h, coreModel: model)
                v.append(shift.map { $0.electronShiftElectronvolts + $0.holeShiftElectronvolts } ?? .nan)
            }
        }
        values = v
    }

    /// Bilinear interpolation; H below the first level scales linearly to 0 at H = 0; outside the grid clamps.
    @inline(__always) func shift(diameter d: Double, thickness h: Double) -> Double {
        guard h > 0 else { return 0 }
        let nd = Self.diameters.count, nh = thicknessCount
        let td = min(max((d - 1.0) / 0.5, 0), Double(nd - 1))
        let th = (h - 0.25) / 0.25
        let i = min(Int(td), nd - 2), fd = td - Double(i)
        func atRow(_ r: Int) -> Double {
            if th < 0 { return values[r * nh] * h / 0.25 }
            let tj = min(th, Double(nh - 1))
            let j = min(Int(tj), nh - 2), fh = tj - Double(j)
            return values[r * nh + j] * (1 - fh) + values[r * nh + j + 1] * fh
        }
        return atRow(i) * (1 - fd) + atRow(i + 1) * fd
    }
}

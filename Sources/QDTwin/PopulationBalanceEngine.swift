import Foundation
import QDPhysics

/// The reactor's temperature over one stretch of time: a relaxation towards a set-point, or a linear ramp.
///
/// Relaxation (after an injection or a set-point change): T(t) = T_s + (T₀ − T_s)·exp(−(t − t₀)/τ).
/// Ramp (heat-up): T(t) = min(T₀ + rate·(t − t₀), T_s).
struct ThermalSegment: Sendable {
    enum Law: Sendable {
        case relaxation(timeConstantSeconds: Double)
        case ramp(kelvinPerSecond: Double)
    }
    let startSeconds: Double
    let startKelvin: Double
    let setPointKelvin: Double
    let law: Law

    func kelvin(atSeconds t: Double) -> Double {
        switch law {
        case .relaxation(let tau): return setPointKelvin + (startKelvin - setPointKelvin) * exp(-(t - startSeconds) / tau)
        case .ramp(let rate): return min(startKelvin + rate * (t - startSeconds), setPointKelvin)
        }
    }

    /// |dT/dt| at `t`, K/s (limits the step to 1 K).
    func kelvinPerSecond(atSeconds t: Double) -> Double {
        switch law {
        case .relaxation(let tau): return abs(startKelvin - setPointKelvin) / tau * exp(-(t - startSeconds) / tau)
        case .ramp(let rate): return startKelvin + rate * (t - startSeconds) < setPointKelvin ? rate : 0
        }
    }
}

/// The integrator of `PopulationBalance` with its state, so that a synthesis can be advanced piece by piece
/// (`ReactorSession`) or in one go (`PopulationBalance.simulate`). Equations, scheme and conservation are
/// documented on `PopulationBalance`.
struct PopulationBalanceEngine: Sendable {
    let recipe: Recipe
    let kinetics: ReactorKinetics
    let options: TwinOptions

    // Grid and constants.
    let n: Int
    let rMin: Double
    let dr: Double
    let v: Double
    let gammaPerNm2: Double
    let molarVolumeLitres: Double
    let alpha: Double
    let delta: Double
    let ligandSolubility: Double
    let centres: [Double]
    let faces: [Double]
    let units: [Double]
    let areas: [Double]

    // Work arrays (kept to avoid re-allocating per advance).
    var numbers: [Double]
    var trial: [Double]
    var flux: [Double]
    var growth: [Double]
    var gibbs: [Double]        // exp(r₀/r_f)
    var resistance: [Double]   // r_f + δ·exp(α r₀/r_f)
    var cachedTemperature = -1.0

    // Chemistry and clock.
    var metal: Double
    var anion: Double
    var monomer = 0.0
    var inventory = 0.0
    var time = 0.0
    var kelvin: Double
    var steps = 0
    var maxS = 0.0
    var nucleated = 0.0
    var reachedEdge = false

    // Trajectory.
    var snapshots: [ReactorSnapshot] = []
    let snapshotIntervalSeconds: Double
    var snapshotIndex = 0

    /// A validated recipe at t = 0 and `initialKelvin`, nothing converted yet.
    /// - Throws: `TwinError` for an invalid recipe or invalid options.
    init(recipe: Recipe, kinetics: ReactorKinetics, options: TwinOptions, initialKelvin: Double, plannedSeconds: Double) throws {
        let recipe = try recipe.validated()
        guard options.binCount >= 10, options.minimumRadiusNanometres > 0,
              options.maximumRadiusNanometres > options.minimumRadiusNanometres,
              options.courantNumber > 0, options.courantNumber <= 1, options.maximumStepSeconds > 0,
              options.injectionRelaxationSeconds > 0 else {
            throw TwinError(.simulationFailed, "Twin options are not valid (rule: ≥ 10 bins, 0 < r_min < r_max, 0 < courantNumber ≤ 1, maximum step > 0, relaxation time > 0). Start from TwinOptions() and change one value at a time.")
        }
        self.recipe = recipe
        self.kinetics = kinetics
        self.options = options
        n = options.binCount
        rMin = options.minimumRadiusNanometres
        dr = (options.maximumRadiusNanometres - rMin) / Double(n)
        v = kinetics.formulaUnitVolumeCubicNanometres.value
        gammaPerNm2 = kinetics.surfaceEnergyJoulesPerSquareMetre.value * 1e-18  // J/m² → J/nm²
        molarVolumeLitres = v * PhysicalConstants.avogadro * 1e-24             // nm³ → L per mol
        let ligand = recipe.ligandConcentrationMolar
        alpha = kinetics.transferCoefficient.value
        delta = kinetics.reactionLengthNanometres.value * (1 + kinetics.ligandSurfaceBlockingLitresPerMole.value * ligand)
        ligandSolubility = 1 + kinetics.ligandSolubilityLitresPerMole.value * ligand
        let (rMin, dr, v) = (rMin, dr, v)
        centres = (0..<n).map { rMin + (Double($0) + 0.5) * dr }
        faces = (0...n).map { rMin + Double($0) * dr }
        units = centres.map { 4 * Double.pi * $0 * $0 * $0 / (3 * v) }
        areas = centres.map { 4 * Double.pi * $0 * $0 }
        numbers = [Double](repeating: 0, count: n)
        trial = numbers
        flux = [Double](repeating: 0, count: n + 1)
        growth = flux
        gibbs = flux
        resistance = flux
        metal = recipe.metalConcentrationMolar
        anion = recipe.anionConcentrationMolar
        kelvin = initialKelvin
        snapshotIntervalSeconds = plannedSeconds / Double(max(options.snapshotCount, 1))
    }

    /// The engine after the recipe's start: for hot injection, just after the injection (T = injection
    /// temperature, t = 0); for heat-up, at the end of the ramp from `Recipe.heatUpStartCelsius` to the growth
    /// temperature. The growth time is then counted from the returned engine's `time`.
    /// - Throws: as `init` and `advance`.
    static func started(_ recipe: Recipe, kinetics: ReactorKinetics, options: TwinOptions) throws -> PopulationBalanceEngine {
        let recipe = try recipe.validated()
        let growthKelvin = recipe.growthTemperatureCelsius + 273.15
        switch recipe.method {
        case .hotInjection:
            return try PopulationBalanceEngine(
                recipe: recipe, kinetics: kinetics, options: options,
                initialKelvin: (recipe.injectionTemperatureCelsius ?? recipe.growthTemperatureCelsius) + 273.15,
                plannedSeconds: recipe.growthTimeMinutes * 60)
        case .heatUp:
            let startKelvin = Recipe.heatUpStartCelsius + 273.15
            let rate = (recipe.heatingRampCelsiusPerMinute ?? 10) / 60
            let rampSeconds = (growthKelvin - startKelvin) / rate
            var engine = try PopulationBalanceEngine(
                recipe: recipe, kinetics: kinetics, options: options, initialKelvin: startKelvin,
                plannedSeconds: rampSeconds + recipe.growthTimeMinutes * 60)
            try engine.advance(to: rampSeconds, along: ThermalSegment(
                startSeconds: 0, startKelvin: startKelvin, setPointKelvin: growthKelvin, law: .ramp(kelvinPerSecond: rate)))
            return engine
        }
    }

    /// Advances `seconds` with the temperature relaxing from its present value towards `setPointKelvin` with
    /// the time constant `TwinOptions.injectionRelaxationSeconds`.
    mutating func advance(seconds: Double, setPointKelvin: Double) throws {
        try advance(to: time + seconds, along: ThermalSegment(
            startSeconds: time, startKelvin: kelvin, setPointKelvin: setPointKelvin,
            law: .relaxation(timeConstantSeconds: options.injectionRelaxationSeconds)))
    }

    /// Solubility C∞(T, [L]), mol/L.
    func solubility(kelvin temperature: Double) -> Double {
        arrhenius(kinetics.solubilityMolar.value, kinetics.solubilityEnthalpyJoulesPerMole.value, temperature) * ligandSolubility
    }

    func arrhenius(_ ref: Double, _ energy: Double, _ t: Double) -> Double {
        ref * exp(-energy / PopulationBalance.gasConstant * (1 / t - 1 / kinetics.referenceTemperatureKelvin))
    }

    /// The present histogram (bin-centre diameters).
    var histogram: SizeHistogram {
        SizeHistogram(diametersNanometres: centres.map { 2 * $0 }, concentrationsMolar: numbers)
    }

    /// The present state as a snapshot.
    var snapshot: ReactorSnapshot {
        let m = histogram.moments(minimumDiameterNanometres: options.observableDiameterNanometres)
        return ReactorSnapshot(
            timeSeconds: time, temperatureCelsius: kelvin - 273.15, metalPrecursorMolar: metal,
            anionPrecursorMolar: anion, monomerMolar: monomer, particleFormulaUnitsMolar: inventory,
            supersaturation: monomer / solubility(kelvin: kelvin), particleConcentrationMolar: m.count,
            meanDiameterNanometres: m.mean, relativeStandardDeviation: m.mean > 0 ? m.standardDeviation / m.mean : 0)
    }

    /// The trajectory so far (snapshots at the planned interval, then the present state) and the present histogram.
    var simulation: SynthesisSimulation {
        var trajectory = snapshots
        if trajectory.last?.timeSeconds != time { trajectory.append(snapshot) }
        return SynthesisSimulation(
            recipe: recipe, snapshots: trajectory, histogram: histogram, maximumSupersaturation: max(maxS, trajectory.last?.supersaturation ?? 0),
            nucleatedMolar: nucleated, stepCount: steps, reachedGridEdge: reachedEdge,
            initialMetalMolar: recipe.metalConcentrationMolar, initialAnionMolar: recipe.anionConcentrationMolar)
    }

    /// Integrates to `end` seconds along `segment` (see `PopulationBalance` for the scheme and step limits).
    /// - Throws: `TwinError.simulationFailed` when the step collapses or the state becomes non-finite.
    mutating func advance(to end: Double, along segment: ThermalSegment) throws {
        while time < end {
            let temperature = segment.kelvin(atSeconds: time)
            kelvin = temperature
            let solubility = solubility(kelvin: temperature)
            let s = monomer / solubility
            maxS = max(maxS, s)
            if time >= snapshotIntervalSeconds * Double(snapshotIndex) {
                snapshots.append(snapshot)
                snapshotIndex += 1
            }

            let kT = PopulationBalance.boltzmann * temperature
            let r0 = 2 * gammaPerNm2 * v / kT
            if abs(temperature - cachedTemperature) > 0.02 {
                for f in 0...n {
                    gibbs[f] = exp(r0 / faces[f])
                    resistance[f] = faces[f] + delta * exp(alpha * r0 / faces[f])
                }
                cachedTemperature = temperature
            }
            let kD = arrhenius(kinetics.diffusionSquareNanometresPerSecond.value, kinetics.diffusionActivationJoulesPerMole.value, temperature)
                * molarVolumeLitres * solubility
            var maxOutflow = 0.0
            var sensitivity = 0.0  // λ = ∂(growth consumption)/∂c, 1/s
            for f in 0...n { growth[f] = kD * (s - gibbs[f]) / resistance[f] }
            // Cells holding less than 1e-9 of the fullest one are ignored by the step limit: they are dissolving
            // clusters whose outflow is capped at their content below (the inventory debit keeps that
            // mass-conserving).
            var fullest = 0.0
            for i in 0..<n { fullest = max(fullest, numbers[i]) }
            let negligible = 1e-9 * fullest
            // Cells below half the critical radius r* = r₀/ln S (there exp(r₀/r) > S²) dissolve within a few steps
            // whatever the step; they are left out of the step limit too, their outflow capped the same way.
            let dissolvingBelow = s > 1 ? 0.5 * r0 / log(s) : 0
            for i in 0..<n where numbers[i] > negligible {
                sensitivity += numbers[i] * areas[i] * kD / (solubility * resistance[i + 1]) / v
                if centres[i] >= dissolvingBelow { maxOutflow = max(maxOutflow, max(growth[i + 1], 0) + max(-growth[i], 0)) }
            }

            // Nucleation.
            var nucleationMolarPerSecond = 0.0
            var nucleusBin = -1
            if s > 1 {
                let lnS = log(s)
                let barrier = 16 * Double.pi * gammaPerNm2 * gammaPerNm2 * gammaPerNm2 * v * v / (3 * kT * kT * kT * lnS * lnS)
                let rBirth = options.nucleusOversize * r0 / lnS
                if rBirth < options.maximumRadiusNanometres, barrier < 200 {  // e^−200 ≈ 1e-87: no nucleus in any run
                    nucleusBin = min(max(Int((rBirth - rMin) / dr), 0), n - 1)
                    nucleationMolarPerSecond = kinetics.nucleationPrefactorPerLitreSecond.value * exp(-barrier) / PhysicalConstants.avogadro
                }
            }
            let kp = arrhenius(kinetics.precursorRateLitresPerMoleSecond.value, kinetics.precursorActivationJoulesPerMole.value, temperature)
            let supply = kp * metal * anion

            let remaining = end - time
            var dt = min(options.maximumStepSeconds, remaining)
            if maxOutflow > 0 { dt = min(dt, options.courantNumber * dr / (2 * maxOutflow)) }
            if sensitivity > 0 { dt = min(dt, 0.5 / sensitivity) }
            if supply > 0 { dt = min(dt, options.maximumMonomerChange * max(monomer, solubility) / supply) }
            if nucleationMolarPerSecond > 0, nucleusBin >= 0 {
                dt = min(dt, 0.05 * max(monomer, 1e-30) / (nucleationMolarPerSecond * units[nucleusBin]))
            }
            let slope = segment.kelvinPerSecond(atSeconds: time)
            if slope > 0 { dt = min(dt, 1 / slope) }

            // Step, halving on a negative monomer.
            var accepted = false
            for _ in 0..<60 {
                let ratio = dt / dr
                flux[0] = growth[0] < 0 ? growth[0] * numbers[0] : 0
                flux[n] = 0
                for f in 1..<n {
                    let g = growth[f]
                    let face: Double
                    if g > 0 {
                        let up = f - 1
                        face = up >= 1 ? numbers[up] + 0.5 * PopulationBalance.limitedSlope(numbers[up] - numbers[up - 1], numbers[f] - numbers[up]) : numbers[up]
                    } else {
                        let up = f
                        face = up + 1 < n ? numbers[up] + 0.5 * PopulationBalance.limitedSlope(numbers[up] - numbers[up + 1], numbers[f - 1] - numbers[up]) : numbers[up]
                    }
                    // Never more out of a cell than it holds: binds only in the cells the step limit ignores
                    // (elsewhere 2·ratio·|g| ≤ 1 and face ≤ 2·upwind already keep ratio·|flux| ≤ upwind), where an
                    // uncapped outflow would pour more into the next cell than the cell had and make the monomer
                    // oscillate.
                    let cap = (g > 0 ? numbers[f - 1] : numbers[f]) / ratio
                    flux[f] = g > 0 ? min(g * face, cap) : max(g * face, -cap)
                }
                var newInventory = 0.0
                for i in 0..<n {
                    trial[i] = max(numbers[i] + ratio * (flux[i] - flux[i + 1]), 0)  // clips only negligible cells
                }
                var born = 0.0
                if nucleusBin >= 0 {
                    born = nucleationMolarPerSecond * dt
                    trial[nucleusBin] += born
                }
                for i in 0..<n { newInventory += trial[i] * units[i] }
                let converted = PrecursorConversion.converted(metal, anion, rateConstant: kp, seconds: dt)
                let newMonomer = monomer + converted - (newInventory - inventory)
                if newMonomer >= 0 {
                    swap(&numbers, &trial)
                    inventory = newInventory
                    monomer = newMonomer
                    metal -= converted
                    anion -= converted
                    nucleated += born
                    time = dt == remaining ? end : time + dt
                    accepted = true
                    break
                }
                dt *= 0.5
            }
            guard accepted, monomer.isFinite, inventory.isFinite else {
                throw TwinError(.simulationFailed, "The twin's time step collapsed at t = \(time) s (monomer \(monomer) mol/L, S = \(s)) for \(recipe.materialID) (rule: a step must keep the monomer ≥ 0 within 60 halvings). Report the recipe; meanwhile lower TwinOptions.maximumStepSeconds.")
            }
            if numbers[n - 1] > 1e-3 * max(fullest, 1e-300) { reachedEdge = true }
            steps += 1
        }
        kelvin = segment.kelvin(atSeconds: time)
    }
}

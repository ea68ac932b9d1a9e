import Foundation
import QDPhysics

/// One recorded state of the reactor.
public struct ReactorSnapshot: Sendable, Codable, Equatable {
    /// Time since injection (hot injection) or since the start of heating (heat-up), s.
    public let timeSeconds: Double
    /// Reactor temperature, °C.
    public let temperatureCelsius: Double
    /// Unreacted cation precursor, mol/L.
    public let metalPrecursorMolar: Double
    /// Unreacted anion precursor, mol/L.
    public let anionPrecursorMolar: Double
    /// Free monomer (formula units in solution), mol/L.
    public let monomerMolar: Double
    /// Formula units bound in particles of every size (clusters included), mol/L.
    public let particleFormulaUnitsMolar: Double
    /// Supersaturation S = [monomer]/C∞(T, [L]).
    public let supersaturation: Double
    /// Observable particles (d ≥ `TwinOptions.observableDiameterNanometres`), mol of particles per L.
    public let particleConcentrationMolar: Double
    /// Number-mean diameter of the observable particles, nm (0 when there are none).
    public let meanDiameterNanometres: Double
    /// σ_d/d̄ of the observable particles (0 when there are none).
    public let relativeStandardDeviation: Double
}

/// A number-concentration histogram on the radius grid.
public struct SizeHistogram: Sendable, Codable, Equatable {
    /// Bin-centre diameters, nm, ascending and uniformly spaced.
    public let diametersNanometres: [Double]
    /// Particle concentration in each bin, mol of particles per L.
    public let concentrationsMolar: [Double]

    /// Number-weighted moments over bins with diameter ≥ `minimumDiameterNanometres`.
    /// Returns count (mol/L), mean d (nm), standard deviation (nm) and skewness; zeros when empty.
    /// - Complexity: O(bins).
    public func moments(minimumDiameterNanometres: Double) -> (count: Double, mean: Double, standardDeviation: Double, skewness: Double) {
        var n = 0.0, s1 = 0.0
        for (d, c) in zip(diametersNanometres, concentrationsMolar) where d >= minimumDiameterNanometres {
            n += c
            s1 += c * d
        }
        guard n > 0 else { return (0, 0, 0, 0) }
        let mean = s1 / n
        var m2 = 0.0, m3 = 0.0
        for (d, c) in zip(diametersNanometres, concentrationsMolar) where d >= minimumDiameterNanometres {
            let x = d - mean
            m2 += c * x * x
            m3 += c * x * x * x
        }
        m2 /= n
        m3 /= n
        let sd = m2.squareRoot()
        return (n, mean, sd, sd > 0 ? m3 / (sd * sd * sd) : 0)
    }
}

/// The result of one simulated synthesis, before characterisation.
public struct SynthesisSimulation: Sendable, Codable, Equatable {
    /// The recipe simulated.
    public let recipe: Recipe
    /// States at (about) evenly spaced times, the initial state first, the final state last.
    public let snapshots: [ReactorSnapshot]
    /// Final size distribution.
    public let histogram: SizeHistogram
    /// Largest supersaturation reached.
    public let maximumSupersaturation: Double
    /// Total nuclei formed, mol/L (before any redissolved).
    public let nucleatedMolar: Double
    /// Time steps taken (after rejections).
    public let stepCount: Int
    /// Whether particles reached the largest grid radius (then the grid should be enlarged).
    public let reachedGridEdge: Bool
    /// Initial cation precursor, mol/L: the conserved total of metal precursor + monomer + particles.
    public let initialMetalMolar: Double
    /// Initial anion precursor, mol/L: the conserved total of anion precursor + monomer + particles.
    public let initialAnionMolar: Double
}

/// The population balance of the reactor: precursor → monomer → nuclei → growing and dissolving particles.
///
/// **State.** Precursors c_M, c_X (mol/L), monomer c (mol/L) and the particle number concentration N_i
/// (mol/L) in `binCount` finite volumes of width Δr on a uniform radius grid.
///
/// **Equations** (T in K, radii in nm; see docs/twin.md for sources):
/// - Precursor conversion, second order with Arrhenius k_p: dc_M/dt = dc_X/dt = −k_p(T)·c_M·c_X, each event
///   giving one monomer. Integrated exactly over a step (closed form of A + B → C at constant T).
/// - Solubility C∞(T,[L]) = C∞,ref·exp(−ΔH/R·(1/T − 1/T_ref))·(1 + β[L]); supersaturation S = c/C∞.
/// - Capillary length r₀ = 2γv/(k_B T); critical radius r* = r₀/ln S.
/// - Nucleation (classical): J = A·exp(−16πγ³v²/(3(k_B T)³ ln²S)) nuclei L⁻¹s⁻¹ for S > 1, born at
///   `nucleusOversize`·r*.
/// - Growth (Talapin et al., J. Phys. Chem. B 105, 12278 (2001), mixed diffusion/reaction control with the
///   Gibbs–Thomson term): dr/dt = V_m·D·C∞·(S − exp(r₀/r)) / (r + δ·exp(α·r₀/r)), δ = D/k_g, with
///   δ → δ·(1 + K_L[L]) for ligand blocking. Negative for r < r*: small particles dissolve, so Ostwald
///   ripening and defocusing come out of the same law.
/// - Monomer balance: dc/dt = conversion − nucleation·g(r_n) − d/dt Σ N_i·g(r_i), g(r) = 4πr³/(3v).
///
/// **Scheme.** Finite volumes in radius with a MUSCL reconstruction limited by van Leer's harmonic limiter
/// (face value = upwind + ½·2ab/(a + b) for ab > 0, else first-order upwind), upwinded by the sign of the
/// growth rate at each face, forward Euler in time. Why: first-order upwind smears a 5 % size distribution
/// over thousands of steps (numerical diffusion ∝ Δr·|G|), which would hide focusing; a limited scheme is
/// second order where smooth and, because the limited face value lies between 0 and twice the upwind cell
/// value, stays positive whenever every cell's outflow obeys 2·Δt·(G⁺_right + G⁻_left)/Δr ≤ 1. The step is
/// the smallest of that limit (× `courantNumber`), the monomer stability limit 0.5/λ with
/// λ = ∂(consumption)/∂c, the supply limit (`maximumMonomerChange`), a nucleation limit (≤ 5 % of the monomer
/// per step), a temperature limit (≤ 1 K per step) and `maximumStepSeconds`; a step that would drive the
/// monomer negative is halved and retried.
///
/// **Conservation.** The monomer is debited with exactly the change of the particle inventory Σ N_i·g_i the
/// scheme produced (including nuclei, and particles that dissolve out of the smallest bin or pile up at the
/// wall), so c_M + c + Σ N_i g_i and c_X + c + Σ N_i g_i stay at their initial values to rounding.
public enum PopulationBalance {
    /// Gas constant, J/(mol·K) (CODATA 2018, exact).
    static let gasConstant = 8.314_462_618
    /// Boltzmann constant, J/K (exact since 2019).
    static let boltzmann = 1.380_649e-23

    /// Simulates `recipe` (validated first) with `kinetics`.
    ///
    /// - Throws: `TwinError.invalidRecipe`/`.unsupportedMaterial` from validation; `.simulationFailed` when the
    ///   step size collapses or the state becomes non-finite (reported with the time and state).
    /// - Complexity: O(steps × bins); a 5 min CdSe run is a few thousand steps on 240 bins.
    public static func simulate(
        _ recipe: Recipe, kinetics: ReactorKinetics, options: TwinOptions = TwinOptions()
    ) throws -> SynthesisSimulation {
        let recipe = try recipe.validated()
        guard options.binCount >= 10, options.minimumRadiusNanometres > 0,
              options.maximumRadiusNanometres > options.minimumRadiusNanometres,
              options.courantNumber > 0, options.courantNumber <= 1, options.maximumStepSeconds > 0 else {
            throw TwinError(.simulationFailed, "Twin options are not valid (rule: ≥ 10 bins, 0 < r_min < r_max, 0 < courantNumber ≤ 1, maximum step > 0). Start from TwinOptions() and change one value at a time.")
        }
        let n = options.binCount
        let rMin = options.minimumRadiusNanometres
        let dr = (options.maximumRadiusNanometres - rMin) / Double(n)
        let v = kinetics.formulaUnitVolumeCubicNanometres.value
        let gammaPerNm2 = kinetics.surfaceEnergyJoulesPerSquareMetre.value * 1e-18  // J/m² → J/nm²
        let molarVolumeLitres = v * PhysicalConstants.avogadro * 1e-24             // nm³ → L per mol
        let ligand = recipe.ligandConcentrationMolar
        let tRef = kinetics.referenceTemperatureKelvin
        let alpha = kinetics.transferCoefficient.value
        let delta = kinetics.reactionLengthNanometres.value * (1 + kinetics.ligandSurfaceBlockingLitresPerMole.value * ligand)
        let ligandSolubility = 1 + kinetics.ligandSolubilityLitresPerMole.value * ligand

        func arrhenius(_ ref: Double, _ energy: Double, _ t: Double) -> Double {
            ref * exp(-energy / gasConstant * (1 / t - 1 / tRef))
        }
        let schedule = TemperatureSchedule(recipe: recipe, relaxationSeconds: options.injectionRelaxationSeconds)
        let duration = schedule.durationSeconds

        // Grid: centres r_i, faces r_{i−1/2}; formula units per particle g_i.
        let centres = (0..<n).map { rMin + (Double($0) + 0.5) * dr }
        let faces = (0...n).map { rMin + Double($0) * dr }
        let units = centres.map { 4 * Double.pi * $0 * $0 * $0 / (3 * v) }
        let areas = centres.map { 4 * Double.pi * $0 * $0 }

        var numbers = [Double](repeating: 0, count: n)
        var trial = numbers
        var flux = [Double](repeating: 0, count: n + 1)
        var growth = [Double](repeating: 0, count: n + 1)
        var gibbs = [Double](repeating: 0, count: n + 1)     // exp(r₀/r_f)
        var resistance = [Double](repeating: 0, count: n + 1) // r_f + δ·exp(α r₀/r_f)
        var cachedTemperature = -1.0

        var metal = recipe.metalConcentrationMolar
        var anion = recipe.anionConcentrationMolar
        var monomer = 0.0
        var inventory = 0.0
        var time = 0.0
        var steps = 0
        var maxS = 0.0
        var nucleated = 0.0
        var reachedEdge = false
        var snapshots: [ReactorSnapshot] = []
        let snapshotCount = max(options.snapshotCount, 1)
        var nextSnapshot = 0.0
        var snapshotIndex = 0

        func snapshot(_ temperature: Double, _ s: Double) {
            let histogram = SizeHistogram(diametersNanometres: centres.map { 2 * $0 }, concentrationsMolar: numbers)
            let m = histogram.moments(minimumDiameterNanometres: options.observableDiameterNanometres)
            snapshots.append(ReactorSnapshot(
                timeSeconds: time, temperatureCelsius: temperature - 273.15, metalPrecursorMolar: metal,
                anionPrecursorMolar: anion, monomerMolar: monomer, particleFormulaUnitsMolar: inventory,
                supersaturation: s, particleConcentrationMolar: m.count, meanDiameterNanometres: m.mean,
                relativeStandardDeviation: m.mean > 0 ? m.standardDeviation / m.mean : 0))
        }

        while true {
            let temperature = schedule.kelvin(atSeconds: time)
            let solubility = arrhenius(kinetics.solubilityMolar.value, kinetics.solubilityEnthalpyJoulesPerMole.value, temperature) * ligandSolubility
            let s = monomer / solubility
            maxS = max(maxS, s)
            if time >= nextSnapshot || time >= duration {
                snapshot(temperature, s)
                snapshotIndex += 1
                nextSnapshot = duration * Double(snapshotIndex) / Double(snapshotCount)
            }
            if time >= duration { break }

            let kT = boltzmann * temperature
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
            // clusters whose overshoot below zero is clipped (the inventory debit keeps that mass-conserving).
            var fullest = 0.0
            for i in 0..<n { fullest = max(fullest, numbers[i]) }
            let negligible = 1e-9 * fullest
            // Cells below half the critical radius r* = r₀/ln S (there exp(r₀/r) > S²) dissolve within a few steps
            // whatever the step; they are left out of the step limit too, their overshoot clipped the same way.
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
                if rBirth < options.maximumRadiusNanometres, barrier < 700 {
                    nucleusBin = min(max(Int((rBirth - rMin) / dr), 0), n - 1)
                    nucleationMolarPerSecond = kinetics.nucleationPrefactorPerLitreSecond.value * exp(-barrier) / PhysicalConstants.avogadro
                }
            }
            let kp = arrhenius(kinetics.precursorRateLitresPerMoleSecond.value, kinetics.precursorActivationJoulesPerMole.value, temperature)
            let supply = kp * metal * anion

            var dt = min(options.maximumStepSeconds, duration - time)
            if maxOutflow > 0 { dt = min(dt, options.courantNumber * dr / (2 * maxOutflow)) }
            if sensitivity > 0 { dt = min(dt, 0.5 / sensitivity) }
            if supply > 0 { dt = min(dt, options.maximumMonomerChange * max(monomer, solubility) / supply) }
            if nucleationMolarPerSecond > 0, nucleusBin >= 0 {
                dt = min(dt, 0.05 * max(monomer, 1e-30) / (nucleationMolarPerSecond * units[nucleusBin]))
            }
            let slope = abs(schedule.kelvinPerSecond(atSeconds: time))
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
                        face = up >= 1 ? numbers[up] + 0.5 * limitedSlope(numbers[up] - numbers[up - 1], numbers[f] - numbers[up]) : numbers[up]
                    } else {
                        let up = f
                        face = up + 1 < n ? numbers[up] + 0.5 * limitedSlope(numbers[up] - numbers[up + 1], numbers[f - 1] - numbers[up]) : numbers[up]
                    }
                    flux[f] = g * face
                }
                var newInventory = 0.0
                for i in 0..<n {
                    let value = max(numbers[i] + ratio * (flux[i] - flux[i + 1]), 0)  // clips only negligible cells
                    trial[i] = value
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
                    time += dt
                    accepted = true
                    break
                }
                dt *= 0.5
            }
            guard accepted, monomer.isFinite, inventory.isFinite else {
                throw TwinError(.simulationFailed, "The twin's time step collapsed at t = \(time) s (monomer \(monomer) mol/L, S = \(s)) for \(recipe.materialID) (rule: a step must keep the monomer ≥ 0 within 60 halvings). Report the recipe; meanwhile lower TwinOptions.maximumStepSeconds.")
            }
            if numbers[n - 1] > 1e-3 * max(numbers.max() ?? 0, 1e-300) { reachedEdge = true }
            steps += 1
        }

        return SynthesisSimulation(
            recipe: recipe, snapshots: snapshots,
            histogram: SizeHistogram(diametersNanometres: centres.map { 2 * $0 }, concentrationsMolar: numbers),
            maximumSupersaturation: maxS, nucleatedMolar: nucleated, stepCount: steps, reachedGridEdge: reachedEdge,
            initialMetalMolar: recipe.metalConcentrationMolar, initialAnionMolar: recipe.anionConcentrationMolar)
    }

    /// van Leer's limited slope: the harmonic mean 2ab/(a + b) when a and b have the same sign, else 0.
    /// Bounded by 2·min(|a|, |b|), which keeps face values within [0, 2·upwind].
    @inline(__always) static func limitedSlope(_ a: Double, _ b: Double) -> Double {
        a * b > 0 ? 2 * a * b / (a + b) : 0
    }
}

/// The reactor temperature programme T(t).
struct TemperatureSchedule: Sendable {
    let method: ReactorMethod
    let growthKelvin: Double
    let startKelvin: Double
    let rampKelvinPerSecond: Double
    let relaxationSeconds: Double
    let durationSeconds: Double

    /// Hot injection: T = T_g + (T_inj − T_g)·exp(−t/τ) over the growth time. Heat-up: T = min(T₀ + ramp·t, T_g),
    /// over ramp time + growth time.
    init(recipe: Recipe, relaxationSeconds: Double) {
        method = recipe.method
        growthKelvin = recipe.growthTemperatureCelsius + 273.15
        self.relaxationSeconds = max(relaxationSeconds, 1e-9)
        switch recipe.method {
        case .hotInjection:
            startKelvin = (recipe.injectionTemperatureCelsius ?? recipe.growthTemperatureCelsius) + 273.15
            rampKelvinPerSecond = 0
            durationSeconds = recipe.growthTimeMinutes * 60
        case .heatUp:
            startKelvin = Recipe.heatUpStartCelsius + 273.15
            rampKelvinPerSecond = (recipe.heatingRampCelsiusPerMinute ?? 10) / 60
            durationSeconds = (growthKelvin - startKelvin) / rampKelvinPerSecond + recipe.growthTimeMinutes * 60
        }
    }

    func kelvin(atSeconds t: Double) -> Double {
        switch method {
        case .hotInjection: return growthKelvin + (startKelvin - growthKelvin) * exp(-t / relaxationSeconds)
        case .heatUp: return min(startKelvin + rampKelvinPerSecond * t, growthKelvin)
        }
    }

    func kelvinPerSecond(atSeconds t: Double) -> Double {
        switch method {
        case .hotInjection: return -(startKelvin - growthKelvin) / relaxationSeconds * exp(-t / relaxationSeconds)
        case .heatUp: return startKelvin + rampKelvinPerSecond * t < growthKelvin ? rampKelvinPerSecond : 0
        }
    }
}

/// Exact integration of A + B → monomer at constant rate constant.
enum PrecursorConversion {
    /// Amount x (mol/L) converted in `seconds` from concentrations a, b with dx/dt = k(a − x)(b − x).
    ///
    /// With a ≤ b and z = (b − a)kt: x = ab(1 − e^{−z})/(b − a·e^{−z}), written with expm1 for accuracy; for
    /// z < 1e-8 (equal amounts) the limit x = a²kt/(1 + akt) (relative error O(z)). Never exceeds min(a, b).
    static func converted(_ first: Double, _ second: Double, rateConstant k: Double, seconds t: Double) -> Double {
        let a = min(first, second), b = max(first, second)
        guard a > 0, k > 0, t > 0 else { return 0 }
        let z = (b - a) * k * t
        if z < 1e-8 { return min(a * b * k * t / (1 + b * k * t), a) }
        let m = -expm1(-z)
        return min(a * b * m / ((b - a) + a * m), a)
    }
}

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

    /// Simulates `recipe` (validated first) with `kinetics`: the start (injection, or the heat-up ramp), then
    /// the growth time at the recipe's growth temperature. The same path as a `ReactorSession` advanced once over
    /// the growth time at the growth temperature, so both give bit-identical results.
    ///
    /// - Throws: `TwinError.invalidRecipe`/`.unsupportedMaterial` from validation; `.simulationFailed` when the
    ///   step size collapses or the state becomes non-finite (reported with the time and state).
    /// - Complexity: O(steps × bins); a 5 min CdSe run is a few thousand steps on 240 bins.
    public static func simulate(
        _ recipe: Recipe, kinetics: ReactorKinetics, options: TwinOptions = TwinOptions()
    ) throws -> SynthesisSimulation {
        var engine = try PopulationBalanceEngine.started(recipe, kinetics: kinetics, options: options)
        try engine.advance(seconds: recipe.growthTimeMinutes * 60, setPointKelvin: recipe.growthTemperatureCelsius + 273.15)
        return engine.simulation
    }

    /// van Leer's limited slope: the harmonic mean 2ab/(a + b) when a and b have the same sign, else 0.
    /// Bounded by 2·min(|a|, |b|), which keeps face values within [0, 2·upwind].
    @inline(__always) static func limitedSlope(_ a: Double, _ b: Double) -> Double {
        a * b > 0 ? 2 * a * b / (a + b) : 0
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

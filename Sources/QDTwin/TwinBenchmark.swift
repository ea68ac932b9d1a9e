import Foundation
import QDCore

/// Speed of the twin: wall time per simulated synthesis (population balance + spectrum + noise), one thread.
///
/// The recipes are drawn uniformly from `RecipeBounds.standard` (hot injection; injection 240–340 °C, growth
/// 150–320 °C, 0.1–60 min, 0.05–2 mmol of each precursor in 10 mL — i.e. ≤ 0.2 mol/L —, 0.2–10 mmol ligand),
/// so the figure is what a random-search campaign over the whole space costs, long runs included.
public enum TwinBenchmark {
    /// One timed synthesis.
    public struct Sample: Sendable, Codable, Equatable {
        /// The recipe run.
        public let recipe: Recipe
        /// Wall time, ms.
        public let milliseconds: Double
        /// CPU time of the running thread, ms: the one-core cost, unaffected by other processes on the machine
        /// (equal to the wall time on an idle machine; NaN where the thread clock is unavailable).
        public let cpuMilliseconds: Double
        /// Integrator steps taken.
        public let steps: Int
        /// "succeeded" or the failure mode.
        public let status: String
    }

    /// `count` recipes of `materialID` drawn from the standard bounds with `seed` (see the type's summary).
    /// - Complexity: O(count).
    public static func randomRecipes(materialID: String, count: Int, seed: UInt64) -> [Recipe] {
        var rng = SeededRNG(seed: seed)
        let bounds = RecipeBounds.standard
        func draw(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * rng.uniform()
        }
        let ligand: TwinLigand = materialID == "InP" ? .myristicAcid : .oleicAcid
        return (0..<max(count, 0)).map { _ in
            let growth = draw(bounds.growthTemperatureCelsius)
            let injection = draw(max(240, growth)...bounds.injectionTemperatureCelsius.upperBound)
            return Recipe(
                materialID: materialID, injectionTemperatureCelsius: injection, growthTemperatureCelsius: growth,
                growthTimeMinutes: draw(bounds.growthTimeMinutes), metalPrecursorMillimoles: draw(0.05...2),
                anionPrecursorMillimoles: draw(0.05...2), ligandMillimoles: draw(0.2...10), ligand: ligand,
                volumeMillilitres: 10)
        }
    }

    /// Runs every recipe once on `twin` (noise seed = index) and times it.
    /// - Throws: the first `TwinError` a recipe raises.
    /// - Complexity: one synthesis per recipe.
    public static func measure(_ recipes: [Recipe], twin: TwinReactor = TwinReactor()) throws -> [Sample] {
        let clock = ContinuousClock()
        var samples: [Sample] = []
        samples.reserveCapacity(recipes.count)
        for (index, recipe) in recipes.enumerated() {
            var result: (ReactorMeasurement, SynthesisSimulation)?
            let cpuStart = threadCPUSeconds()
            let elapsed = try clock.measure { result = try twin.runWithTrajectory(recipe, seed: UInt64(index)) }
            let cpu = (threadCPUSeconds() - cpuStart) * 1e3
            guard let (measurement, simulation) = result else { continue }
            let parts = elapsed.components
            var status = measurement.status.state
            if case .failed(let mode) = measurement.status { status = mode.rawValue }
            samples.append(Sample(
                recipe: recipe, milliseconds: Double(parts.seconds) * 1e3 + Double(parts.attoseconds) * 1e-15, cpuMilliseconds: cpu,
                steps: simulation.stepCount, status: status))
        }
        return samples
    }

    /// CPU seconds consumed by the calling thread (POSIX `CLOCK_THREAD_CPUTIME_ID`; the standard library has no
    /// thread clock, hence the C call); NaN if unavailable.
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec) == 0 else { return .nan }
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}

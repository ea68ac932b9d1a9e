import ArgumentParser
import Foundation
import QDPhysics

/// `qdlab bench`: speed measurements reported, never asserted. bench/run.sh runs these beside the Python anchors.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (medians over repeats, one core).",
        subcommands: [PhysicsBench.self])
}

struct PhysicsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics",
        abstract: "Diameter → first-exciton wavelength evaluations per second per core, for each material's default model.")

    @Option(help: "Evaluations per timed repeat.")
    var evaluations = 2_000_000

    @Option(help: "Timed repeats; the median is reported.")
    var repeats = 7

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard evaluations >= 1000 else { throw ValidationError("--evaluations must be ≥ 1000; got \(evaluations).") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1; got \(repeats).") }
    }

    struct Row: Codable {
        let material: String
        let model: String
        /// One `energyUnchecked` call per diameter through `any ConfinementModel`.
        let perCallEvaluationsPerSecond: Double
        /// `energiesUnchecked` over batches of 4096 diameters.
        let batchEvaluationsPerSecond: Double
        /// hc over the mean energy of the sweep (nm): shows the work was done and keeps it from being optimised away.
        let checksum: Double
    }

    /// Median seconds of `repeats` runs of `body`.
    func medianSeconds(_ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            times.append(seconds(ContinuousClock().measure(body)))
        }
        return median(times)
    }

    func run() throws {
        try reportingErrors {
            var rows: [Row] = []
            let batch = 4096
            let rounds = max(1, evaluations / batch)
            let total = Double(rounds * batch)
            for material in MaterialCatalogue.all where !material.empiricalOnly {
                guard let model = try? ConfinementModels.defaultModel(for: material.id) else { continue }
                let range = model.validDiameterNanometres
                // Diameters sweep the validity range so every branch a user hits is exercised.
                let grid = (0..<batch).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(batch - 1) }
                var checksum = 0.0
                let perCall = medianSeconds {
                    var sum = 0.0
                    for _ in 0..<rounds {
                        for d in grid { sum += model.energyUnchecked(diameterNanometres: d) }
                    }
                    checksum = sum
                }
                var energies = [Double](repeating: 0, count: batch)
                var batchSum = 0.0
                let batched = medianSeconds {
                    var sum = 0.0
                    for _ in 0..<rounds {
                        model.energiesUnchecked(diametersNanometres: grid, into: &energies)
                        sum += energies[batch / 2]
                    }
                    batchSum = sum
                }
                _ = batchSum
                rows.append(Row(
                    material: material.id, model: model.name,
                    perCallEvaluationsPerSecond: total / perCall,
                    batchEvaluationsPerSecond: total / batched,
                    checksum: PhysicalConstants.hcElectronvoltNanometres / (checksum / total)))
            }
            if output.json {
                try printJSON(rows)
            } else {
                var table = TextTable(["material", "default model", "per call (1/s)", "batch (1/s)"])
                for row in rows {
                    table.add([row.material, row.model, String(format: "%.3g", row.perCallEvaluationsPerSecond), String(format: "%.3g", row.batchEvaluationsPerSecond)])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

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
        let evaluationsPerSecond: Double
        let nanosecondsPerEvaluation: Double
        let checksum: Double
    }

    func run() throws {
        try reportingErrors {
            var rows: [Row] = []
            for material in MaterialCatalogue.all where !material.empiricalOnly {
                guard let model = try? ConfinementModels.defaultModel(for: material.id) else { continue }
                let range = model.validDiameterNanometres
                // Diameters sweep the validity range so every branch a user hits is exercised.
                let grid = (0..<4096).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / 4095 }
                var times: [Double] = []
                var checksum = 0.0
                for _ in 0..<repeats {
                    var sum = 0.0
                    let start = ContinuousClock.now
                    var i = 0
                    while i < evaluations {
                        let d = grid[i & 4095]
                        sum += PhysicalConstants.nanometres(fromElectronvolts: model.energyUnchecked(diameterNanometres: d))
                        i += 1
                    }
                    let elapsed = ContinuousClock.now - start
                    times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                    checksum = sum
                }
                times.sort()
                let median = times[times.count / 2]
                rows.append(Row(
                    material: material.id, model: model.name,
                    evaluationsPerSecond: Double(evaluations) / median,
                    nanosecondsPerEvaluation: median / Double(evaluations) * 1e9,
                    checksum: checksum))
            }
            if output.json {
                try printJSON(rows)
            } else {
                var table = TextTable(["material", "default model", "evaluations/s", "ns/eval"])
                for row in rows {
                    table.add([row.material, row.model, String(format: "%.3g", row.evaluationsPerSecond), fixed(row.nanosecondsPerEvaluation, 1)])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

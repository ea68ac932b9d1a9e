import ArgumentParser
import Foundation
import QDData

extension DataCommand {
    /// `qdlab data bench`: times importing N synthetic records and looking records up by id (reported, not asserted).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmark: import N synthetic records into a fresh store, then look records up by id. Prints medians over runs.")

        @Option(help: "Records in the generated file.") var records: Int = 100_000
        @Option(help: "Repetitions (a fresh store each); medians are reported.") var runs: Int = 3
        @Option(help: "Lookups by id per run.") var lookups: Int = 1000
        @Option(help: "Seed of the generated file and of the ids looked up.") var seed: UInt64 = 1
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let records: Int
            let runs: Int
            let importSecondsMedian: Double
            let importSeconds: [Double]
            let recordsPerSecondMedian: Double
            let lookupMillisecondsMedian: Double
            let lookups: Int
        }

        func validate() throws {
            guard records > 0, runs > 0, lookups > 0 else { throw ValidationError("--records, --runs and --lookups must be > 0.") }
        }

        func run() throws {
            try reportingErrors {
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qdlab-bench-\(ProcessInfo.processInfo.processIdentifier)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let file = directory.appendingPathComponent("synthetic.csv")
                let mapping = directory.appendingPathComponent("mapping.yaml")
                try Data(SyntheticData.csv(rows: records, seed: seed).utf8).write(to: file)
                try Data(SyntheticData.mappingYAML.utf8).write(to: mapping)

                let clock = ContinuousClock()
                var importTimes: [Double] = []
                var lookupTimes: [Double] = []
                var state = seed
                for run in 0..<runs {
                    let store = try SQLiteStore(path: directory.appendingPathComponent("store-\(run).sqlite").path)
                    let elapsed = try clock.measure { _ = try Importer.importFile(file, mapping: mapping, into: store) }
                    importTimes.append(seconds(elapsed))
                    for _ in 0..<lookups {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // Knuth's MMIX LCG
                        let id = "lab-test/s\(Int((state >> 33) % UInt64(records)))"
                        var found = false
                        let t = try clock.measure { found = try store.record(id: id) != nil }
                        guard found else { throw ValidationError("Benchmark lookup of \(id) found nothing.") }
                        lookupTimes.append(seconds(t) * 1000)
                    }
                }
                let importMedian = median(importTimes)
                let answer = Answer(
                    records: records, runs: runs, importSecondsMedian: importMedian, importSeconds: importTimes,
                    recordsPerSecondMedian: Double(records) / importMedian, lookupMillisecondsMedian: median(lookupTimes), lookups: lookups * runs)
                if output.json { try printJSON(answer); return }
                print(String(format: "import %d records: median %.2f s over %d runs (%.0f records/s); runs: %@", records, importMedian, runs, answer.recordsPerSecondMedian, importTimes.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
                print(String(format: "lookup by id: median %.3f ms over %d lookups", answer.lookupMillisecondsMedian, answer.lookups))
            }
        }
    }
}

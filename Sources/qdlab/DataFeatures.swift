import ArgumentParser
import Foundation
import QDData

extension MissingValuePolicy: ExpressibleByArgument {}
extension OutcomeField: ExpressibleByArgument {}

extension DataCommand {
    /// `qdlab data features`: records from the store → design matrix CSV + manifest of columns and units.
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Featurise records into a design matrix (CSV) with a manifest naming each column and its unit.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this dataset.") var dataset: String?
        @Option(help: "Only this core material.") var material: String?
        @Option(help: "Missing values: nan or median-with-indicator.") var missing: MissingValuePolicy = .medianWithIndicator
        @Option(help: "Append this outcome as the last column 'target' (absorptionPeak, emissionPeak, emissionFWHM, plqy, diameter).") var target: OutcomeField?
        @Option(name: .shortAndLong, help: "Write the matrix (CSV: id, group, features…, target) to this file.") var matrix: String?
        @Option(help: "Write the manifest (JSON) to this file.") var manifest: String?

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                let records = try store.records(RecordQuery(dataset: dataset, material: material))
                let design = try Featuriser.designMatrix(records, missing: missing)
                if let matrix {
                    var header = ["id", "group"] + design.columns.map(\.name)
                    if target != nil { header.append("target") }
                    var lines = [header.map(Exporter.csvField).joined(separator: ",")]
                    let targets = target.map { Featuriser.targets(records, $0) }
                    for row in design.values.indices {
                        var cells = [design.recordIds[row], design.groups[row] ?? ""] + design.values[row].map { $0.isNaN ? "" : "\($0)" }
                        if let targets { cells.append(targets[row].map { "\($0)" } ?? "") }
                        lines.append(cells.map(Exporter.csvField).joined(separator: ","))
                    }
                    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: matrix))
                    printError("\(design.values.count) rows × \(design.columns.count) features written to \(matrix).")
                }
                if let manifest {
                    try jsonData(design.columns).write(to: URL(fileURLWithPath: manifest))
                }
                if output.json { try printJSON(design.columns); return }
                var table = TextTable(["column", "unit", "kind"])
                for column in design.columns { table.add([column.name, column.unit, column.kind.rawValue]) }
                print(table.render(), terminator: "")
                print("\(records.count) records → \(design.columns.count) columns (missing values: \(missing.rawValue)).")
            }
        }
    }
}

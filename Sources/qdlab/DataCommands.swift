import ArgumentParser
import Foundation
import QDData

/// `qdlab data …`: import, validate, list, show, stats, export and the shipped datasets.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Synthesis records (schema v1): import sheets through a mapping, query the store, export, shipped datasets.",
        discussion: "The store is an SQLite file: --store PATH, else $QDLAB_STORE, else ./qdlab.sqlite.",
        subcommands: [Import.self, Validate.self, List.self, Show.self, Stats.self, Export.self, Features.self, Datasets.self, Bench.self])
}

/// `--store PATH` for every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite store file (default: $QDLAB_STORE, else ./qdlab.sqlite).")
    var store: String?

    func open() throws -> SQLiteStore { try SQLiteStore(path: store ?? SQLiteStore.defaultPath()) }
}

/// A data file with its mapping, or a shipped dataset by name.
struct SourceOptions: ParsableArguments {
    @Argument(help: "CSV/TSV file to read (omit with --dataset).")
    var file: String?

    @Option(name: .long, help: "YAML mapping from the file's columns to schema fields and units.")
    var mapping: String?

    @Option(name: .long, help: "A shipped dataset instead of a file (see `qdlab data datasets`), e.g. inp.")
    var dataset: String?

    func validate() throws {
        if dataset != nil {
            guard file == nil, mapping == nil else { throw ValidationError("Give either FILE --mapping M.yaml or --dataset NAME, not both.") }
        } else {
            guard file != nil, mapping != nil else { throw ValidationError("Give FILE and --mapping M.yaml (or --dataset NAME for a shipped dataset).") }
        }
    }

    /// (data file, mapping file).
    func resolve() throws -> (URL, URL) {
        if let dataset {
            let shipped = try ShippedDatasets.named(dataset)
            return (shipped.dataFile, shipped.mappingFile)
        }
        return (URL(fileURLWithPath: file ?? ""), URL(fileURLWithPath: mapping ?? ""))
    }
}

/// The JSON answer of `validate` (and of a rejected `import`).
struct ValidationAnswer: Codable {
    let file: String
    let dataset: String
    let rows: Int
    let valid: Bool
    let records: Int
    let rejections: [CellRejection]
    let flags: [String: Int]

    init(_ prepared: PreparedImport) {
        file = prepared.fileName
        dataset = prepared.dataset.name
        rows = prepared.rowCount
        valid = prepared.isValid
        records = prepared.records.count
        rejections = prepared.rejections
        flags = Dictionary(uniqueKeysWithValues: prepared.flagCounts.map { ($0.key.rawValue, $0.value) })
    }

    var text: String {
        var lines = ["\(file): \(rows) rows, dataset \(dataset): " + (valid ? "valid, \(records) records" : "\(rejections.count) cell(s) rejected")]
        for rejection in rejections { lines.append("  " + rejection.description) }
        for (code, count) in flags.sorted(by: { $0.key < $1.key }) { lines.append("  flag \(code): \(count) record(s)") }
        return lines.joined(separator: "\n")
    }
}

extension DataCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CSV/TSV through a mapping (all-or-nothing, idempotent), or a shipped dataset.")

        @OptionGroup var source: SourceOptions
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Flag(name: .long, help: "Report progress (records written) on standard error.")
        var progress = false

        @Sendable static func reportProgress(_ progress: ImportProgress) {
            printError("written \(progress.written)/\(progress.total)")
        }

        struct Answer: Codable {
            let file: String
            let dataset: String
            let store: String
            let summary: ImportSummary
        }

        func run() throws {
            try reportingErrors {
                let (file, mapping) = try source.resolve()
                let (prepared, _) = try Importer.prepareFile(file, mapping: mapping)
                guard prepared.isValid else {
                    let answer = ValidationAnswer(prepared)
                    if output.json { try printJSON(answer) } else { printError(answer.text) }
                    printError("error: nothing was imported (an import is all-or-nothing per file); fix the cells above or the mapping.")
                    throw ExitCode(1)
                }
                let store = try storeOptions.open()
                let summary = try Importer.commit(prepared, into: store, progress: progress ? Self.reportProgress : nil)
                if output.json {
                    try printJSON(Answer(file: prepared.fileName, dataset: prepared.dataset.name, store: store.path, summary: summary))
                } else if summary.alreadyImported {
                    print("\(prepared.fileName): already imported into \(store.path) under this mapping; nothing added.")
                } else {
                    print("\(prepared.fileName) → \(store.path) (dataset \(prepared.dataset.name)): \(summary.inserted) inserted, \(summary.updated) updated, \(summary.unchanged) unchanged.")
                    for (code, count) in prepared.flagCounts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                        print("  flag \(code.rawValue): \(count) record(s)")
                    }
                }
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a file against a mapping without storing anything: every rejected cell with row, column, value and rule.")

        @OptionGroup var source: SourceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let (file, mapping) = try source.resolve()
                let answer = ValidationAnswer(try Importer.prepareFile(file, mapping: mapping).0)
                if output.json { try printJSON(answer) } else { print(answer.text) }
                if !answer.valid { throw ExitCode(1) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List records (id, material, method, status, key outcomes).")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this dataset.") var dataset: String?
        @Option(help: "Only this core material, e.g. InP.") var material: String?
        @Option(help: "Only this status: succeeded, failed or inconclusive.") var status: String?
        @Option(help: "At most this many records.") var limit: Int = 20
        @Option(help: "Skip this many records first.") var offset: Int = 0

        func validate() throws {
            guard limit >= 0, offset >= 0 else { throw ValidationError("--limit and --offset must be ≥ 0.") }
        }

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                let query = RecordQuery(dataset: dataset, material: material, status: status, limit: limit, offset: offset)
                let records = try store.records(query)
                if output.json { try printJSON(records); return }
                var table = TextTable(["id", "material", "method", "status", "abs (nm)", "PL (nm)", "PLQY", "d (nm)", "flags"])
                for r in records {
                    let o = r.outcomes
                    table.add([
                        r.id, r.synthesis.material.core, r.synthesis.method.rawValue, r.status.state, value(o.absorptionPeak),
                        value(o.emissionPeak), value(o.plqy), value(o.diameter), r.flags.isEmpty ? "" : "\(r.flags.count)",
                    ])
                }
                print(table.render(), terminator: "")
                let total = try store.count(RecordQuery(dataset: dataset, material: material, status: status))
                print("\(records.count) of \(total) record(s) shown (--limit/--offset for more).")
            }
        }

        private func value(_ q: Quantity?) -> String { q.map { String(format: "%g", $0.value) } ?? "" }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one record as schema v1 JSON (with --versions: every stored version).")

        @Argument(help: "Record id, e.g. inp-nguyen2022/row-1.") var id: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Show every stored version, oldest first.") var versions = false

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                if versions {
                    let list = try store.versions(of: id)
                    guard !list.isEmpty else { throw DataError(.notFound, "No record '\(id)' in \(store.path) (rule: an existing id). List ids with `qdlab data list`.") }
                    try printJSON(list)
                    return
                }
                guard let record = try store.record(id: id) else {
                    throw DataError(.notFound, "No record '\(id)' in \(store.path) (rule: an existing id). List ids with `qdlab data list`.")
                }
                try printJSON(record)
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts by dataset, material and status; the import log.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let store: String
            let statistics: StoreStatistics
            let imports: [ImportLogEntry]
        }

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                let answer = Answer(store: store.path, statistics: try store.statistics(), imports: try store.imports())
                if output.json { try printJSON(answer); return }
                let s = answer.statistics
                print("\(store.path): \(s.recordCount) records, \(s.versionCount) versions, \(s.importCount) imports")
                for (title, counts) in [("dataset", s.recordsByDataset), ("material", s.recordsByMaterial), ("status", s.recordsByStatus)] {
                    var table = TextTable([title, "records"])
                    for (key, count) in counts.sorted(by: { $0.key < $1.key }) { table.add([key, "\(count)"]) }
                    print("\n" + table.render(), terminator: "")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export records as CSV, JSON (schema v1), JSON-LD (schema.org Dataset) or a Markdown datasheet.")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "csv, json, jsonld or datasheet.") var format: ExportFormat = .json
        @Option(help: "Only this dataset (its metadata goes into JSON-LD and the datasheet).") var dataset: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                let records = try store.records(RecordQuery(dataset: dataset))
                let shipped = dataset.flatMap { try? ShippedDatasets.named($0) }
                let licences = Set(records.compactMap(\.provenance.licence))
                let info = shipped?.info ?? DatasetInfo(
                    name: dataset ?? "qdlab-store", title: dataset.map { "Dataset \($0)" } ?? "All records in \(store.path)",
                    licence: licences.count == 1 ? licences.first : nil)
                let provenance = shipped.flatMap { try? String(contentsOf: $0.provenanceFile, encoding: .utf8) }
                let data = try Exporter.export(records, dataset: info, format: format, provenanceText: provenance)
                if let output {
                    try data.write(to: URL(fileURLWithPath: output))
                    printError("\(records.count) record(s) written to \(output) (\(format.rawValue)).")
                } else {
                    FileHandle.standardOutput.write(data)
                }
            }
        }
    }

    struct Datasets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The published datasets shipped with QDLab, with their licences. Import one with `qdlab data import --dataset NAME`.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let datasets = try ShippedDatasets.all()
                if output.json { try printJSON(datasets.map(\.info)); return }
                var table = TextTable(["name", "records", "licence", "title"])
                for d in datasets { table.add([d.info.name, d.info.expectedRecords.map(String.init) ?? "", d.info.licence ?? "", d.info.title ?? ""]) }
                print(table.render(), terminator: "")
                print("Raw files, mappings, LICENSE and PROVENANCE.md: \(try ShippedDatasets.root().path)")
            }
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}

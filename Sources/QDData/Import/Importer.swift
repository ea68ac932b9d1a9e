import Foundation
import Synchronization

/// A file read and validated against its mapping, ready to be written to a store (or reported).
public struct PreparedImport: Sendable {
    /// The mapping's dataset metadata.
    public let dataset: DatasetInfo
    /// File name (no directory).
    public let fileName: String
    /// SHA-256 of the file's bytes.
    public let fileHash: String
    /// SHA-256 of file hash + mapping bytes: the same file under the same mapping is imported once.
    public let importKey: String
    /// Number of data rows read.
    public let rowCount: Int
    /// One record per accepted row, in file order (empty when any cell was rejected).
    public let records: [SynthesisRecord]
    /// Every rejected cell. Non-empty means the file must not be imported.
    public let rejections: [CellRejection]

    /// Data-quality flags by code, over all records.
    public var flagCounts: [DataFlag.Code: Int] {
        var counts: [DataFlag.Code: Int] = [:]
        for record in records { for flag in record.flags { counts[flag.code, default: 0] += 1 } }
        return counts
    }

    /// Whether every cell passed validation.
    public var isValid: Bool { rejections.isEmpty }
}

/// Reads delimited files through a mapping into schema v1 records, and writes them to a store.
public enum Importer {
    /// Reads and validates `data` (the bytes of `fileName`) under `mapping`, collecting every rejected cell.
    ///
    /// Quantities are converted to canonical units within their dimension (µL → mL, K → °C, % → fraction);
    /// crossing dimensions (g → mmol) is left to featurisation, which knows molar masses.
    /// - Throws: `DataError.malformedFile` when the file is not well-formed delimited UTF-8 text;
    ///   `.invalidMapping` when the mapping names columns the file lacks, units of the wrong dimension or an
    ///   unknown unit. Rejected cells are not thrown: they are in `rejections`.
    /// - Complexity: O(rows × mapped fields).
    public static func prepare(data: Data, fileName: String, mapping: ImportMapping, mappingText: String) throws -> PreparedImport {
        let delimiter = try delimiter(for: mapping, fileName: fileName)
        var table = try DelimitedTextReader.parse(data, delimiter: delimiter, hasHeader: mapping.file?.header ?? true, fileName: fileName)
        if let spec = mapping.file?.unpivot { table = try unpivot(table, spec, missing: Set(mapping.file?.missing ?? RecordBuilder.defaultMissing), fileName: fileName) }
        let builder = try RecordBuilder(mapping: mapping, header: table.header, fileName: fileName)
        var records: [SynthesisRecord] = []
        var rejections: [CellRejection] = []
        var seenIds: [String: Int] = [:]
        for (index, (record, rowRejections)) in buildRows(table, builder: builder).enumerated() {
            rejections += rowRejections
            if let id = record?.id {
                let line = table.lineNumbers[index]
                if let first = seenIds[id], let column = mapping.idColumn {
                    rejections.append(CellRejection(line: line, column: column, value: id, rule: "record ids must be unique in a file (same id as line \(first))"))
                    continue
                }
                seenIds[id] = line
            }
            if rowRejections.isEmpty, let record { records.append(record) }
        }
        if !rejections.isEmpty { records.removeAll() }
        flagDuplicates(&records)
        let fileHash = SHA256.hex(of: data)
        let importKey = SHA256.hex(of: Data((fileHash + "\n" + mappingText).utf8))
        return PreparedImport(
            dataset: mapping.dataset, fileName: fileName, fileHash: fileHash, importKey: importKey,
            rowCount: table.rows.count, records: records, rejections: rejections)
    }

    /// Reads `file` through the mapping at `mappingFile` and writes its records to `store` in one transaction.
    ///
    /// All-or-nothing: any rejected cell throws before anything is written. Idempotent: the same file under the
    /// same mapping is recognised by its content hash and adds nothing; a changed file adds new versions only of
    /// the records whose content changed.
    /// - Throws: `DataError.validationFailed` with every rejected cell; the errors of `prepare`; store errors.
    public static func importFile(
        _ file: URL, mapping mappingFile: URL, into store: some Store, progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws -> ImportSummary {
        let (prepared, _) = try prepareFile(file, mapping: mappingFile)
        return try commit(prepared, into: store, progress: progress)
    }

    /// Reads the file and mapping from disk and prepares the import (see `prepare`).
    /// - Throws: `DataError.malformedFile` when the file cannot be read; the errors of `prepare`.
    public static func prepareFile(_ file: URL, mapping mappingFile: URL) throws -> (PreparedImport, ImportMapping) {
        guard let mappingData = FileManager.default.contents(atPath: mappingFile.path),
            let mappingText = String(data: mappingData, encoding: .utf8)
        else {
            throw DataError(.invalidMapping, "Cannot read mapping file \(mappingFile.path) (rule: a readable UTF-8 YAML file). Check the path.")
        }
        let mapping = try ImportMapping.parse(yaml: mappingText, fileName: mappingFile.lastPathComponent)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DataError(.malformedFile, "Cannot read data file \(file.path) (rule: a readable file). Check the path and permissions.")
        }
        return (try prepare(data: data, fileName: file.lastPathComponent, mapping: mapping, mappingText: mappingText), mapping)
    }

    /// Writes a prepared import to `store` in one transaction.
    /// - Throws: `DataError.validationFailed` (with every rejected cell) when `prepared` has rejections.
    public static func commit(_ prepared: PreparedImport, into store: some Store, progress: (@Sendable (ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        guard prepared.isValid else {
            throw DataError(.validationFailed, "\(prepared.fileName): \(prepared.rejections.count) cell(s) rejected; nothing was imported (rule: an import is all-or-nothing per file). Fix the cells listed, or the mapping, and import again.", rejections: prepared.rejections)
        }
        let batch = ImportBatch(
            importKey: prepared.importKey, fileHash: prepared.fileHash, fileName: prepared.fileName,
            dataset: prepared.dataset.name, records: prepared.records)
        return try store.importBatch(batch, progress: progress)
    }

    /// Reshapes a wide table to long form (see `Unpivot`). Output rows keep their source line numbers.
    /// - Throws: `DataError.invalidMapping` when a listed column is not in the header.
    static func unpivot(_ table: DelimitedTable, _ spec: Unpivot, missing: Set<String>, fileName: String) throws -> DelimitedTable {
        var positions: [String: Int] = [:]
        for (index, name) in table.header.enumerated() where positions[name] == nil { positions[name] = index }
        for index in table.header.indices { positions["#\(index + 1)"] = index }
        let sources = try spec.columns.map { column in
            guard let index = positions[column] else {
                throw DataError(.invalidMapping, "file.unpivot names column '\(column)', which \(fileName) does not have (rule: a header name or #n). Columns: \(table.header.joined(separator: ", ")).")
            }
            return (column, index)
        }
        var rows: [[String]] = []
        var lines: [Int] = []
        for (cells, line) in zip(table.rows, table.lineNumbers) {
            for (column, index) in sources {
                let value = cells[index].trimmingCharacters(in: .whitespaces)
                if missing.contains(value) { continue }
                rows.append(cells + [column, value])
                lines.append(line)
            }
        }
        return DelimitedTable(header: table.header + [spec.nameColumn, spec.valueColumn], rows: rows, lineNumbers: lines)
    }

    /// Builds every row's record (and rejections) on all cores; rows are independent. Order is kept.
    private static func buildRows(_ table: DelimitedTable, builder: RecordBuilder) -> [(SynthesisRecord?, [CellRejection])] {
        let chunkSize = 4096
        let chunkCount = (table.rows.count + chunkSize - 1) / chunkSize
        let results = Mutex<[Int: [(SynthesisRecord?, [CellRejection])]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<min(table.rows.count, (chunk + 1) * chunkSize)
            var local: [(SynthesisRecord?, [CellRejection])] = []
            local.reserveCapacity(range.count)
            for index in range {
                var row = RowReader(cells: table.rows[index], line: table.lineNumbers[index], builder: builder)
                let record = builder.record(from: &row, index: index)
                local.append((record, row.rejections))
            }
            results.withLock { $0[chunk] = local }
        }
        let collected = results.withLock { $0 }
        return (0..<chunkCount).flatMap { collected[$0] ?? [] }
    }

    private static func delimiter(for mapping: ImportMapping, fileName: String) throws -> Character {
        if let text = mapping.file?.delimiter {
            let normalised = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
            guard normalised.count == 1, let character = normalised.first else {
                throw DataError(.invalidMapping, "Delimiter '\(text)' is not one character (rule: ',', ';' or '\\t'). Fix `file.delimiter`.")
            }
            return character
        }
        return fileName.lowercased().hasSuffix(".tsv") ? "\t" : ","
    }

    /// Flags records whose synthesis inputs are identical to another record's in the same file.
    private static func flagDuplicates(_ records: inout [SynthesisRecord]) {
        var groups: [Synthesis: [Int]] = [:]
        for (index, record) in records.enumerated() { groups[record.synthesis, default: []].append(index) }
        for members in groups.values where members.count > 1 {
            let lines = members.compactMap { records[$0].provenance.sourceLine }.map(String.init).joined(separator: ", ")
            for index in members {
                records[index].flags.append(DataFlag(
                    code: .duplicateConditions, field: "synthesis",
                    message: "Identical synthesis inputs on lines \(lines) (\(members.count) rows; outputs may differ). Group them in validation folds, or average them."))
            }
        }
    }
}

import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode (readers never block the writer, nor it them).
///
/// Path: `SQLiteStore.defaultPath()` — `$QDLAB_STORE` if set, else `./qdlab.sqlite`. Several processes may open
/// the same file; writers wait up to 10 s for each other. Every write is one transaction, so a killed process
/// leaves the store as it was before that write.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    /// Path of the database file.
    public let path: String

    /// `$QDLAB_STORE` when set and non-empty, else `./qdlab.sqlite` (relative to the working directory).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["QDLAB_STORE"], !path.isEmpty { return path }
        return "qdlab.sqlite"
    }

    /// Opens (creating if needed) the store at `path` and applies pending migrations.
    /// - Throws: `DataError.storeFailure` naming the path and SQLite's message.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            for pragma in SQLiteDialect.connectionPragmas { try db.execute(sql: pragma) }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                for statement in SQLiteDialect.migrationV1 { try db.execute(sql: statement) }
            }
            migrator.registerMigration("v2-campaigns") { db in
                for statement in SQLiteDialect.migrationV2 { try db.execute(sql: statement) }
            }
            try migrator.migrate(pool)
        } catch {
            throw DataError(.storeFailure, "Cannot open the store at \(path): \(error) (rule: a writable SQLite file made by QDLab). Check the path, or set QDLAB_STORE / --store to another file.")
        }
    }

    /// See `Store.importBatch`.
    public func importBatch(_ batch: ImportBatch, progress: (@Sendable (ImportProgress) -> Void)?) throws -> ImportSummary {
        let encoded = try Self.encode(batch.records)
        return try guarded("import \(batch.fileName)") {
            try pool.write { db in
                if try Int64.fetchOne(db, sql: SQLiteDialect.findImport, arguments: [batch.importKey]) != nil {
                    return ImportSummary(alreadyImported: true, inserted: 0, updated: 0, unchanged: 0)
                }
                let now = Self.timestamp()
                try db.execute(sql: SQLiteDialect.insertImport, arguments: [batch.importKey, batch.fileHash, batch.fileName, batch.dataset, batch.records.count, now])
                let importId = try Int64.fetchOne(db, sql: SQLiteDialect.lastInsertedImportId)
                var counts = (inserted: 0, updated: 0, unchanged: 0)
                for (index, item) in encoded.enumerated() {
                    switch try Self.write(item, importId: importId, now: now, db: db) {
                    case .inserted: counts.inserted += 1
                    case .updated: counts.updated += 1
                    case .unchanged: counts.unchanged += 1
                    }
                    if let progress, (index + 1) % 1000 == 0 || index + 1 == encoded.count {
                        progress(ImportProgress(written: index + 1, total: encoded.count))
                    }
                }
                return ImportSummary(alreadyImported: false, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged)
            }
        }
    }

    @discardableResult
    public func save(_ record: SynthesisRecord) throws -> ImportSummary {
        let item = try Self.encode([record])[0]
        return try guarded("save record \(record.id)") {
            try pool.write { db in
                switch try Self.write(item, importId: nil, now: Self.timestamp(), db: db) {
                case .inserted: ImportSummary(alreadyImported: false, inserted: 1, updated: 0, unchanged: 0)
                case .updated: ImportSummary(alreadyImported: false, inserted: 0, updated: 1, unchanged: 0)
                case .unchanged: ImportSummary(alreadyImported: false, inserted: 0, updated: 0, unchanged: 1)
                }
            }
        }
    }

    /// See `Store.record`.
    public func record(id: String) throws -> SynthesisRecord? {
        let json = try guarded("read record \(id)") {
            try pool.read { db in try String.fetchOne(db, sql: SQLiteDialect.recordById, arguments: [id]) }
        }
        return try json.map { try SynthesisRecord.decode(json: Data($0.utf8)) }
    }

    /// See `Store.records`.
    public func records(_ query: RecordQuery) throws -> [SynthesisRecord] {
        let (sql, arguments) = SQLiteDialect.selectRecords(query)
        let rows = try guarded("list records") {
            try pool.read { db in try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
        }
        return try rows.map { try SynthesisRecord.decode(json: Data($0.utf8)) }
    }

    /// See `Store.count`.
    public func count(_ query: RecordQuery) throws -> Int {
        let (sql, arguments) = SQLiteDialect.countRecords(query)
        return try guarded("count records") {
            try pool.read { db in try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0 }
        }
    }

    /// See `Store.versions`.
    public func versions(of id: String) throws -> [RecordVersion] {
        let rows = try guarded("read versions of \(id)") {
            try pool.read { db in try Row.fetchAll(db, sql: SQLiteDialect.versionsById, arguments: [id]) }
        }
        return try rows.map { row in
            let json: String = row["json"]
            return RecordVersion(version: row["version"], contentHash: row["content_hash"], writtenAt: row["written_at"], record: try SynthesisRecord.decode(json: Data(json.utf8)))
        }
    }

    /// See `Store.imports`.
    public func imports() throws -> [ImportLogEntry] {
        try guarded("list imports") {
            try pool.read { db in
                try Row.fetchAll(db, sql: SQLiteDialect.listImports).map { row in
                    ImportLogEntry(importKey: row["import_key"], fileHash: row["file_hash"], fileName: row["file_name"], dataset: row["dataset"], recordCount: row["record_count"], importedAt: row["imported_at"])
                }
            }
        }
    }

    /// See `Store.statistics`.
    public func statistics() throws -> StoreStatistics {
        try guarded("compute statistics") {
            try pool.read { db in
                func grouped(_ sql: String) throws -> [String: Int] {
                    var result: [String: Int] = [:]
                    for row in try Row.fetchAll(db, sql: sql) { result[row[0] as String] = row[1] as Int }
                    return result
                }
                return StoreStatistics(
                    recordCount: try Int.fetchOne(db, sql: SQLiteDialect.countRecords) ?? 0,
                    versionCount: try Int.fetchOne(db, sql: SQLiteDialect.countVersions) ?? 0,
                    importCount: try Int.fetchOne(db, sql: SQLiteDialect.countImports) ?? 0,
                    recordsByDataset: try grouped(SQLiteDialect.recordsByDataset),
                    recordsByMaterial: try grouped(SQLiteDialect.recordsByMaterial),
                    recordsByStatus: try grouped(SQLiteDialect.recordsByStatus))
            }
        }
    }

    enum WriteOutcome { case inserted, updated, unchanged }

    /// A record with its canonical JSON and that JSON's SHA-256.
    struct Encoded: Sendable {
        let record: SynthesisRecord
        let json: String
        let hash: String
    }

    /// Encodes and hashes `records` on all cores, before any write lock is taken. Order is kept.
    /// - Throws: `DataError.schemaViolation` for a record that cannot be encoded.
    static func encode(_ records: [SynthesisRecord]) throws -> [Encoded] {
        let chunkSize = 2048
        let chunkCount = (records.count + chunkSize - 1) / chunkSize
        let results = Mutex<[Int: Result<[Encoded], DataError>]>([:])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var local: [Encoded] = []
            let range = chunk * chunkSize..<min(records.count, (chunk + 1) * chunkSize)
            local.reserveCapacity(range.count)
            do {
                for record in records[range] {
                    let json = try record.canonicalJSON()
                    local.append(Encoded(record: record, json: String(decoding: json, as: UTF8.self), hash: SHA256.hex(of: json)))
                }
                results.withLock { $0[chunk] = .success(local) }
            } catch let error as DataError {
                results.withLock { $0[chunk] = .failure(error) }
            } catch {
                results.withLock { $0[chunk] = .failure(DataError(.schemaViolation, "\(error)")) }
            }
        }
        let collected = results.withLock { $0 }
        var encoded: [Encoded] = []
        encoded.reserveCapacity(records.count)
        for chunk in 0..<chunkCount {
            switch collected[chunk] {
            case .success(let part): encoded += part
            case .failure(let error): throw error
            case nil: throw DataError(.schemaViolation, "Encoding chunk \(chunk) produced nothing (rule: every record is encoded). Report this as a QDLab bug.")
            }
        }
        return encoded
    }

    /// Inserts, versions or skips one record inside the caller's transaction. The JSON is written once, into
    /// `record_versions`; `records` holds the filter columns and points at the latest version.
    static func write(_ item: Encoded, importId: Int64?, now: String, db: Database) throws -> WriteOutcome {
        let record = item.record
        let columns: [(any DatabaseValueConvertible)?] = [
            record.provenance.dataset, record.synthesis.material.core, record.synthesis.method.rawValue,
            record.status.state, record.provenance.doi,
        ]
        if let existing = try Row.fetchOne(db.cachedStatement(sql: SQLiteDialect.findRecordHash), arguments: [record.id]) {
            let storedHash: String = existing["content_hash"]
            if storedHash == item.hash { return .unchanged }
            let version = (existing["version"] as Int) + 1
            try db.cachedStatement(sql: SQLiteDialect.updateRecord).execute(arguments: StatementArguments([version, item.hash] + columns + [now, record.id]))
            try db.cachedStatement(sql: SQLiteDialect.insertVersion).execute(arguments: [record.id, version, item.hash, importId, item.json, now])
            return .updated
        }
        try db.cachedStatement(sql: SQLiteDialect.insertRecord).execute(arguments: StatementArguments([record.id, item.hash] + columns + [now]))
        try db.cachedStatement(sql: SQLiteDialect.insertVersion).execute(arguments: [record.id, 1, item.hash, importId, item.json, now])
        return .inserted
    }

    static func timestamp() -> String { Date().formatted(.iso8601) }

    /// Runs `body`, turning GRDB errors into `DataError.storeFailure` (DataError passes through).
    func guarded<T>(_ action: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DataError { throw error } catch {
            throw DataError(.storeFailure, "Could not \(action) in the store at \(path): \(error) (rule: the store must be a writable QDLab SQLite file). Check disk space and permissions; the store is unchanged.")
        }
    }
}

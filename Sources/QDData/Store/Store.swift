import Foundation

/// The records of one file, to be written in one transaction.
public struct ImportBatch: Sendable {
    /// SHA-256 of file + mapping: a batch with a key already in the store is skipped whole.
    public let importKey: String
    /// SHA-256 of the file's bytes.
    public let fileHash: String
    /// File name (no directory) of the imported file.
    public let fileName: String
    /// Dataset name.
    public let dataset: String
    /// The records, in file order.
    public let records: [SynthesisRecord]

    /// Creates a batch.
    public init(importKey: String, fileHash: String, fileName: String, dataset: String, records: [SynthesisRecord]) {
        self.importKey = importKey
        self.fileHash = fileHash
        self.fileName = fileName
        self.dataset = dataset
        self.records = records
    }
}

/// How far a running import has got (reported every 1,000 records and at the end).
public struct ImportProgress: Sendable, Equatable {
    /// Records written so far in the open transaction.
    public let written: Int
    /// Records in the batch.
    public let total: Int
}

/// What an import did.
public struct ImportSummary: Sendable, Codable, Equatable {
    /// True when the same file under the same mapping had been imported before: nothing was written.
    public let alreadyImported: Bool
    /// New records.
    public let inserted: Int
    /// Records whose content changed: a new version was written.
    public let updated: Int
    /// Records already present with identical content.
    public let unchanged: Int

    /// Creates a summary.
    public init(alreadyImported: Bool, inserted: Int, updated: Int, unchanged: Int) {
        self.alreadyImported = alreadyImported
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// Which records to list. `nil` fields do not filter.
public struct RecordQuery: Sendable, Equatable {
    /// Only records of this dataset.
    public var dataset: String?
    /// Core material id, e.g. "InP".
    public var material: String?
    /// "succeeded", "failed" or "inconclusive".
    public var status: String?
    /// At most this many records (ordered by id).
    public var limit: Int?
    /// Skip this many first.
    public var offset: Int

    /// Creates a query.
    public init(dataset: String? = nil, material: String? = nil, status: String? = nil, limit: Int? = nil, offset: Int = 0) {
        self.dataset = dataset
        self.material = material
        self.status = status
        self.limit = limit
        self.offset = offset
    }
}

/// One stored version of a record.
public struct RecordVersion: Sendable, Codable, Equatable {
    /// 1 for the first import, +1 for each change.
    public let version: Int
    /// SHA-256 of the version's canonical JSON.
    public let contentHash: String
    /// ISO 8601 UTC time the version was written.
    public let writtenAt: String
    /// The record as written in this version.
    public let record: SynthesisRecord
}

/// One file import as logged by the store.
public struct ImportLogEntry: Sendable, Codable, Equatable {
    /// SHA-256 of file hash + mapping text.
    public let importKey: String
    /// SHA-256 of the file's bytes.
    public let fileHash: String
    /// File name (no directory) of the imported file.
    public let fileName: String
    /// Dataset name.
    public let dataset: String
    /// Number of records.
    public let recordCount: Int
    /// ISO 8601 UTC.
    public let importedAt: String
}

/// Counts over the whole store.
public struct StoreStatistics: Sendable, Codable, Equatable {
    /// Number of records.
    public let recordCount: Int
    /// Number of stored versions (≥ records).
    public let versionCount: Int
    /// Number of files imported.
    public let importCount: Int
    /// Records per dataset name.
    public let recordsByDataset: [String: Int]
    /// Records per core material.
    public let recordsByMaterial: [String: Int]
    /// Records per status state.
    public let recordsByStatus: [String: Int]
}

/// Where records live. Implementations: `SQLiteStore` (embedded default); a PostgreSQL store can follow.
///
/// No driver type appears here. Every write is a transaction: a batch is stored whole or not at all.
public protocol Store: Sendable {
    /// Writes a file's records in one transaction; skips the batch when its `importKey` is already logged.
    /// Records whose id exists get a new version only if their content hash changed.
    /// - Throws: `DataError.storeFailure`; on any error nothing of the batch is stored.
    func importBatch(_ batch: ImportBatch, progress: (@Sendable (ImportProgress) -> Void)?) throws -> ImportSummary

    /// Saves one record (a new lab run, an edit): inserted, a new version, or nothing if unchanged.
    /// - Throws: `DataError.storeFailure`, `.schemaViolation` for a record that cannot be encoded.
    @discardableResult func save(_ record: SynthesisRecord) throws -> ImportSummary

    /// The latest version of the record with `id`, or `nil`.
    func record(id: String) throws -> SynthesisRecord?

    /// Latest versions of the records matching `query`, ordered by id.
    func records(_ query: RecordQuery) throws -> [SynthesisRecord]

    /// Number of records matching `query` (ignoring limit/offset).
    func count(_ query: RecordQuery) throws -> Int

    /// Every version of the record with `id`, oldest first; empty when unknown.
    func versions(of id: String) throws -> [RecordVersion]

    /// Imports logged, oldest first.
    func imports() throws -> [ImportLogEntry]

    /// Counts by dataset, material and status.
    func statistics() throws -> StoreStatistics
}

/// Every SQL statement the SQLite store runs, in one place, so a PostgreSQL store can mirror them.
///
/// SQLite-specific parts: `INTEGER PRIMARY KEY AUTOINCREMENT`, `json_extract` is not used (filter columns are
/// stored beside the JSON), `WITHOUT ROWID` for the version table, `PRAGMA` settings.
enum SQLiteDialect {
    /// Pragmas for every connection: WAL (set by GRDB's DatabasePool), synchronous NORMAL (in WAL mode a
    /// committed transaction survives a killed process; only an OS crash can lose the last commits),
    /// foreign keys on.
    static let connectionPragmas = ["PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"]

    /// Migration v1: tables and the indexes for the queries `qdlab data list|stats|show` run.
    static let migrationV1 = [
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            import_key TEXT NOT NULL UNIQUE,
            file_hash TEXT NOT NULL,
            file_name TEXT NOT NULL,
            dataset TEXT NOT NULL,
            record_count INTEGER NOT NULL,
            imported_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE records (
            id TEXT PRIMARY KEY NOT NULL,
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            dataset TEXT,
            material TEXT NOT NULL,
            method TEXT NOT NULL,
            status TEXT NOT NULL,
            doi TEXT,
            updated_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE record_versions (
            record_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            import_id INTEGER REFERENCES imports(id),
            json TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (record_id, version)) WITHOUT ROWID
        """,
        "CREATE INDEX records_dataset ON records(dataset, id)",
        "CREATE INDEX records_material ON records(material, id)",
        "CREATE INDEX records_status ON records(status, id)",
        "CREATE INDEX records_doi ON records(doi)",
    ]

    static let findImport = "SELECT id FROM imports WHERE import_key = ?"
    static let insertImport = "INSERT INTO imports (import_key, file_hash, file_name, dataset, record_count, imported_at) VALUES (?, ?, ?, ?, ?, ?)"
    static let lastInsertedImportId = "SELECT last_insert_rowid()"
    static let findRecordHash = "SELECT version, content_hash FROM records WHERE id = ?"
    static let insertRecord = "INSERT INTO records (id, version, content_hash, dataset, material, method, status, doi, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)"
    static let updateRecord = "UPDATE records SET version = ?, content_hash = ?, dataset = ?, material = ?, method = ?, status = ?, doi = ?, updated_at = ? WHERE id = ?"
    static let insertVersion = "INSERT INTO record_versions (record_id, version, content_hash, import_id, json, written_at) VALUES (?, ?, ?, ?, ?, ?)"
    /// The latest JSON lives in `record_versions` only (written once per version); `records` points at it.
    static let latestJSON = "SELECT v.json FROM records r JOIN record_versions v ON v.record_id = r.id AND v.version = r.version"
    static let recordById = latestJSON + " WHERE r.id = ?"
    static let versionsById = "SELECT version, content_hash, json, written_at FROM record_versions WHERE record_id = ? ORDER BY version"
    static let listImports = "SELECT import_key, file_hash, file_name, dataset, record_count, imported_at FROM imports ORDER BY id"
    static let countRecords = "SELECT COUNT(*) FROM records"
    static let countVersions = "SELECT COUNT(*) FROM record_versions"
    static let countImports = "SELECT COUNT(*) FROM imports"
    static let recordsByDataset = "SELECT COALESCE(dataset, ''), COUNT(*) FROM records GROUP BY dataset"
    static let recordsByMaterial = "SELECT material, COUNT(*) FROM records GROUP BY material"
    static let recordsByStatus = "SELECT status, COUNT(*) FROM records GROUP BY status"

    /// `WHERE` clause and arguments for a query; filters use the indexed columns.
    static func whereClause(_ query: RecordQuery) -> (sql: String, arguments: [String]) {
        var conditions: [String] = []
        var arguments: [String] = []
        if let dataset = query.dataset { conditions.append("r.dataset = ?"); arguments.append(dataset) }
        if let material = query.material { conditions.append("r.material = ?"); arguments.append(material) }
        if let status = query.status { conditions.append("r.status = ?"); arguments.append(status) }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// `SELECT json …` for a query, ordered by id with limit/offset.
    static func selectRecords(_ query: RecordQuery) -> (sql: String, arguments: [String]) {
        let (clause, arguments) = whereClause(query)
        var sql = latestJSON + clause + " ORDER BY r.id"
        if let limit = query.limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, query.offset))" } else if query.offset > 0 {
            sql += " LIMIT -1 OFFSET \(query.offset)"
        }
        return (sql, arguments)
    }

    /// `SELECT COUNT(*) …` for a query.
    static func countRecords(_ query: RecordQuery) -> (sql: String, arguments: [String]) {
        let (clause, arguments) = whereClause(query)
        return ("SELECT COUNT(*) FROM records r" + clause, arguments)
    }
}

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

    /// Migration v2: campaigns and their trials (issue 6). Trials reference records by id without a foreign key,
    /// because a record may be re-imported or versioned independently of the campaign.
    static let migrationV2 = [
        """
        CREATE TABLE campaigns (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            state_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE campaign_trials (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id),
            trial_index INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            point_json TEXT NOT NULL,
            status TEXT NOT NULL,
            responses_json TEXT,
            record_id TEXT,
            measurement_json TEXT,
            suggested_at TEXT NOT NULL,
            observed_at TEXT,
            PRIMARY KEY (campaign_id, trial_index)) WITHOUT ROWID
        """,
    ]

    static let insertCampaign = "INSERT INTO campaigns (id, kind, spec_json, state_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
    static let campaignColumns = "SELECT id, kind, spec_json, state_json, created_at, updated_at FROM campaigns"
    static let campaignById = campaignColumns + " WHERE id = ?"
    static let allCampaigns = campaignColumns + " ORDER BY created_at, id"
    static let updateCampaignState = "UPDATE campaigns SET state_json = ?, updated_at = ? WHERE id = ?"
    static let trialsByCampaign = "SELECT campaign_id, trial_index, batch, point_json, status, responses_json, record_id, measurement_json, suggested_at, observed_at FROM campaign_trials WHERE campaign_id = ? ORDER BY trial_index"
    /// Insert or replace one trial (SQLite's upsert on the primary key).
    static let upsertTrial = "INSERT INTO campaign_trials (campaign_id, trial_index, batch, point_json, status, responses_json, record_id, measurement_json, suggested_at, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, trial_index) DO UPDATE SET batch = excluded.batch, point_json = excluded.point_json, status = excluded.status, responses_json = excluded.responses_json, record_id = excluded.record_id, measurement_json = excluded.measurement_json, suggested_at = excluded.suggested_at, observed_at = excluded.observed_at"

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

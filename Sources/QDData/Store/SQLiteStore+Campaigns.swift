import Foundation
import GRDB

/// Campaign persistence in the embedded store: two tables (migration v2), every step one transaction.
extension SQLiteStore: CampaignStore {
    /// See `CampaignStore.createCampaign`.
    public func createCampaign(_ row: CampaignRow) throws {
        guard !row.id.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DataError(.invalidValue, "A campaign id must not be empty (rule: a short name such as 'cdse-620'). Give the campaign a name.")
        }
        try guarded("create campaign \(row.id)") {
            try pool.write { db in
                if try Row.fetchOne(db, sql: SQLiteDialect.campaignById, arguments: [row.id]) != nil {
                    throw DataError(.invalidValue, "A campaign named '\(row.id)' already exists in \(path) (rule: campaign ids are unique). Resume it, or choose another name.")
                }
                try db.execute(sql: SQLiteDialect.insertCampaign, arguments: [row.id, row.kind, row.specJSON, row.stateJSON, row.createdAt, row.updatedAt])
            }
        }
    }

    /// See `CampaignStore.campaign(id:)`.
    public func campaign(id: String) throws -> CampaignRow? {
        try guarded("read campaign \(id)") {
            try pool.read { db in try Row.fetchOne(db, sql: SQLiteDialect.campaignById, arguments: [id]).map(Self.campaignRow) }
        }
    }

    /// See `CampaignStore.campaigns()`.
    public func campaigns() throws -> [CampaignRow] {
        try guarded("list campaigns") {
            try pool.read { db in try Row.fetchAll(db, sql: SQLiteDialect.allCampaigns).map(Self.campaignRow) }
        }
    }

    /// See `CampaignStore.trials(campaignID:)`.
    public func trials(campaignID: String) throws -> [TrialRow] {
        try guarded("read trials of \(campaignID)") {
            try pool.read { db in
                try Row.fetchAll(db, sql: SQLiteDialect.trialsByCampaign, arguments: [campaignID]).map { row in
                    let statusText: String = row["status"]
                    guard let status = TrialStatus(rawValue: statusText) else {
                        throw DataError(.schemaViolation, "Trial \(row["trial_index"] as Int) of campaign \(campaignID) has status '\(statusText)' (rule: one of \(TrialStatus.allCases.map(\.rawValue))). The store was edited by hand; restore it from a backup.")
                    }
                    return TrialRow(
                        campaignID: row["campaign_id"], index: row["trial_index"], batch: row["batch"],
                        pointJSON: row["point_json"], status: status, responsesJSON: row["responses_json"],
                        recordID: row["record_id"], measurementJSON: row["measurement_json"],
                        suggestedAt: row["suggested_at"], observedAt: row["observed_at"])
                }
            }
        }
    }

    /// See `CampaignStore.commitCampaignStep`.
    public func commitCampaignStep(campaignID: String, stateJSON: String, trials: [TrialRow], records: [SynthesisRecord]) throws {
        if let stray = trials.first(where: { $0.campaignID != campaignID }) {
            throw DataError(.invalidValue, "Trial \(stray.index) belongs to campaign '\(stray.campaignID)', not '\(campaignID)' (rule: one step writes one campaign). Commit each campaign's trials separately.")
        }
        let encoded = try Self.encode(records)
        try guarded("commit a step of campaign \(campaignID)") {
            try pool.write { db in
                let now = Self.timestamp()
                try db.execute(sql: SQLiteDialect.updateCampaignState, arguments: [stateJSON, now, campaignID])
                guard db.changesCount == 1 else {
                    throw DataError(.notFound, "No campaign named '\(campaignID)' in \(path). Create it first (qdlab campaign new), or check the name with qdlab campaign list.")
                }
                for item in encoded { _ = try Self.write(item, importId: nil, now: now, db: db) }
                for t in trials {
                    try db.cachedStatement(sql: SQLiteDialect.upsertTrial).execute(arguments: [
                        t.campaignID, t.index, t.batch, t.pointJSON, t.status.rawValue, t.responsesJSON, t.recordID,
                        t.measurementJSON, t.suggestedAt, t.observedAt,
                    ])
                }
            }
        }
    }

    private static func campaignRow(_ row: Row) -> CampaignRow {
        CampaignRow(id: row["id"], kind: row["kind"], specJSON: row["spec_json"], stateJSON: row["state_json"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}

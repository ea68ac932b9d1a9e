import Foundation
import QDData

/// One row of a results file, checked against the campaign before anything is written.
public struct ResultRow: Sendable, Equatable {
    /// Line in the file (1-based, header is line 1).
    public let line: Int
    /// The pending trial it completes, when the file names one (column `trial`).
    public let trial: Int?
    /// The conditions (all parameter columns).
    public let point: Point
    /// Measured responses (every other numeric column).
    public let responses: [String: Double]
    /// `true` when the `status` column says failed.
    public let failed: Bool
}

extension Campaign {
    /// The results-file columns for this campaign: `trial`, the parameters, `status`, then each objective's
    /// response (a template `suggest` writes with the responses left empty).
    public var resultColumns: [String] {
        ["trial"] + spec.parameters.map(\.name) + ["status"] + spec.allObjectives.map(\.response)
    }

    /// Reads and checks a results CSV: a `trial` column (optional), one column per parameter, an optional
    /// `status` column (`completed`/`ok`/empty or `failed`), and response columns (numbers; empty cells are
    /// skipped). Every row is checked against the campaign (pending trial, conditions inside the space and equal
    /// to the trial's, objective response present unless failed, no trial twice) before any is observed.
    /// - Throws: `OptimizeError.invalidObservation` naming the file, the line, the column and the rule.
    public func parseResults(_ data: Data, fileName: String) throws -> [ResultRow] {
        let table: DelimitedTable
        do { table = try DelimitedTextReader.parse(data, fileName: fileName) } catch let error as DataError {
            throw OptimizeError(.invalidObservation, error.message)
        }
        let parameterNames = Set(spec.parameters.map(\.name))
        let missing = spec.parameters.filter { p in p.kind != "fixed" && !table.header.contains(p.name) }.map(\.name)
        if !missing.isEmpty && !table.header.contains("trial") {
            throw OptimizeError(.invalidObservation, "\(fileName): columns \(missing) are missing (rule: name the trial in a 'trial' column, or give every parameter). Use the file qdlab campaign suggest wrote as a template.")
        }
        var seen: Set<Int> = []
        var rows: [ResultRow] = []
        for (r, cells) in table.rows.enumerated() {
            let line = table.lineNumbers[r]
            func fail(_ text: String) -> OptimizeError { OptimizeError(.invalidObservation, "\(fileName), line \(line): \(text)") }
            var point: Point = [:]
            var responses: [String: Double] = [:]
            var trialIndex: Int?
            var failed = false
            for (column, name) in table.header.enumerated() {
                let cell = column < cells.count ? cells[column].trimmingCharacters(in: .whitespaces) : ""
                switch name {
                case "trial":
                    guard !cell.isEmpty else { continue }
                    guard let i = Int(cell) else { throw fail("trial '\(cell)' is not a whole number.") }
                    trialIndex = i
                case "status":
                    switch cell.lowercased() {
                    case "", "ok", "completed", "succeeded": failed = false
                    case "failed": failed = true
                    default: throw fail("status '\(cell)' is not one of completed, failed (empty means completed).")
                    }
                case _ where parameterNames.contains(name):
                    guard !cell.isEmpty else { continue }
                    point[name] = Double(cell).map(ParameterValue.number) ?? .level(cell)
                default:
                    guard !cell.isEmpty else { continue }
                    guard let v = Double(cell), v.isFinite else {
                        throw fail("column '\(name)' = '\(cell)' is not a finite number (rule: responses are numbers; write status failed for a run without product).")
                    }
                    responses[name] = v
                }
            }
            if let i = trialIndex {
                guard trials.indices.contains(i) else { throw fail("trial \(i) does not exist (the campaign has trials 0…\(trials.count - 1)).") }
                guard trials[i].status == .pending else {
                    throw fail("trial \(i) is already \(trials[i].status.rawValue); each experiment is observed once. Remove the row.")
                }
                guard seen.insert(i).inserted else { throw fail("trial \(i) appears twice in the file. Keep one row per experiment.") }
                let trialPoint = trials[i].point
                for (name, value) in point where trialPoint[name] != nil {
                    let same: Bool
                    if let a = value.number, let b = trialPoint[name]?.number { same = abs(a - b) <= 1e-9 * max(1, abs(b)) } else { same = value == trialPoint[name] }
                    guard same else {
                        throw fail("'\(name)' = \(value) differs from trial \(i)'s suggested \(trialPoint[name]?.description ?? "–"). Leave the parameter columns as suggested, or drop the trial column to record an outside experiment.")
                    }
                }
                point = trialPoint
            } else {
                do { _ = try optimizer.space.nativeVector(point) } catch let error as OptimizeError { throw fail(error.message) }
            }
            if !failed {
                for response in spec.allObjectives.map(\.response) where responses[response] == nil {
                    throw fail("the objective's response '\(response)' is empty. Give the measured value, or write status failed.")
                }
            }
            rows.append(ResultRow(line: line, trial: trialIndex, point: point, responses: responses, failed: failed))
        }
        guard !rows.isEmpty else { throw OptimizeError(.invalidObservation, "\(fileName) has no result rows. Add one row per experiment under the header.") }
        return rows
    }

    /// Observes checked rows in file order (each is one committed step).
    /// - Returns: the trial index of each row.
    public mutating func observe(_ rows: [ResultRow]) throws -> [Int] {
        try rows.map { row in
            if let i = row.trial {
                try observe(trial: i, responses: row.responses, failed: row.failed)
                return i
            }
            return try observe(point: row.point, responses: row.responses, failed: row.failed)
        }
    }
}

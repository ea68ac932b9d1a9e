import Foundation
import QDCore
import QDData

/// A small, explicit featurisation of a raw published table for property models, used by `qdlab evaluate` until
/// QDData's record featuriser is wired into the evaluation (it is being extended; see docs/learn.md).
///
/// Rules (the protocol of ../shared/ANCHORS.md, so the Python anchors see the same matrix):
/// - numeric columns as given, in the units of the source file; a missing cell ("None", "", "NA", "nan") becomes
///   the median of that column over the rows kept, and an indicator column `<name> missing` (1/0) is appended for
///   every numeric column that has a missing cell. The median over all rows (not per training fold) is a
///   simplification; it uses no target values, and on InP it affects one cell.
/// - categorical columns one-hot, one column per level seen in any kept row (levels sorted; the missing token
///   "None" is a level of its own, meaning "no such reagent");
/// - rows whose target is missing or not a number are dropped;
/// - the group of each row (e.g. its DOI) is kept for group k-fold.
public struct TabularFeatureSpec: Sendable, Equatable {
    /// Columns read as numbers.
    public let numericColumns: [String]
    /// Columns one-hot encoded.
    public let categoricalColumns: [String]
    /// Column holding the group label (paper DOI).
    public let groupColumn: String
    /// Targets that may be requested, by column name.
    public let targetColumns: [String]

    /// A specification.
    public init(numericColumns: [String], categoricalColumns: [String], groupColumn: String, targetColumns: [String]) {
        self.numericColumns = numericColumns
        self.categoricalColumns = categoricalColumns
        self.groupColumn = groupColumn
        self.targetColumns = targetColumns
    }

    /// The raw columns of the InP table of Nguyen et al. 2022 (dataset `inp-nguyen2022`).
    public static let inpNguyen2022 = TabularFeatureSpec(
        numericColumns: ["in_amount_mmol", "p_amount_mmol", "first_sol_amount_ml", "second_sol_amount_ml", "acid_amount_mmol",
                         "ligand_amount_mmol", "other_1_amount_mmol", "other_2_amount_mmol", "total_volume_ml", "temp_c", "time_min"],
        categoricalColumns: ["in_source", "p_source", "first_sol", "second_sol", "acid", "ligand_source", "other_1", "other_2"],
        groupColumn: "doi", targetColumns: ["abs_nm", "emission_nm", "diameter_nm"])

    /// The specification for a shipped dataset name or prefix ("inp").
    /// - Throws: `LearnError.invalidInput` naming the supported datasets.
    public static func forDataset(_ name: String) throws -> (spec: TabularFeatureSpec, dataset: String) {
        switch name {
        case "inp", "inp-nguyen2022": return (.inpNguyen2022, "inp-nguyen2022")
        default:
            throw LearnError(.invalidInput, "No evaluation featurisation for dataset '\(name)' yet (supported: inp). CdSe, CsPbBr3 and carbon dots follow when QDData's featuriser is wired in.")
        }
    }
}

/// The learned part of a `TabularFeatureSpec`: medians and levels from the training rows, so that new recipes
/// (a CSV or JSON with the raw columns) become the same feature columns at predict time.
///
/// Encoding of one raw row: numeric columns as given (missing → training median, and `<name> missing` = 1 if
/// that indicator exists); each categorical column one-hot over the training levels (a level never seen in
/// training gives all zeros for that column and a warning); indicators last. Every deviation is reported as
/// an `EncodingWarning`, never silently absorbed.
public struct TabularEncoder: Sendable, Equatable, Codable {
    /// Numeric raw columns, in feature order.
    public let numericColumns: [String]
    /// Training median of each numeric column (the imputation value).
    public let medians: [Double]
    /// Training minimum and maximum of each numeric column (the training range for out-of-domain flags).
    public let ranges: [ClosedRange<Double>]
    /// Categorical raw columns, in feature order.
    public let categoricalColumns: [String]
    /// Levels of each categorical column seen in training, sorted.
    public let levels: [[String]]
    /// Numeric columns that had a missing cell in training (each has an indicator feature).
    public let indicatorColumns: [String]

    /// The feature names: numeric, `column=level` one-hots, `column missing` indicators.
    public var featureNames: [String] {
        numericColumns + zip(categoricalColumns, levels).flatMap { c, ls in ls.map { "\(c)=\($0)" } }
            + indicatorColumns.map { "\($0) missing" }
    }

    /// The raw columns a recipe must (or may) give.
    public var rawColumns: [String] { numericColumns + categoricalColumns }

    static let missingTokens: Set<String> = ["", "None", "none", "NA", "nan", "NaN"]

    /// Learns medians, ranges and levels from `rows` (cells by `header`).
    /// - Throws: `LearnError.invalidInput` for a missing column or a numeric cell that is not a number.
    init(header: [String], rows: [[String]], spec: TabularFeatureSpec) throws {
        var medians: [Double] = [], ranges: [ClosedRange<Double>] = [], indicators: [String] = []
        for name in spec.numericColumns {
            let values = try Self.numbers(column: name, header: header, rows: rows)
            let present = values.compactMap { $0 }.sorted()
            medians.append(present.isEmpty ? 0 : (present[(present.count - 1) / 2] + present[present.count / 2]) / 2)
            ranges.append((present.first ?? 0)...(present.last ?? 0))
            if values.contains(where: { $0 == nil }) { indicators.append(name) }
        }
        var levels: [[String]] = []
        for name in spec.categoricalColumns {
            let i = try Self.index(name, in: header)
            levels.append(Set(rows.map { $0[i].trimmingCharacters(in: .whitespaces) }).sorted())
        }
        numericColumns = spec.numericColumns
        self.medians = medians
        self.ranges = ranges
        categoricalColumns = spec.categoricalColumns
        self.levels = levels
        indicatorColumns = indicators
    }

    static func index(_ column: String, in header: [String]) throws -> Int {
        guard let i = header.firstIndex(of: column) else {
            throw LearnError(.invalidInput, "The table has no column '\(column)'; its header is \(header.joined(separator: ", ")).")
        }
        return i
    }

    /// The cells of `column` as numbers (nil = missing).
    static func numbers(column name: String, header: [String], rows: [[String]]) throws -> [Double?] {
        let i = try index(name, in: header)
        return try rows.enumerated().map { r, row in
            let cell = row[i].trimmingCharacters(in: .whitespaces)
            if missingTokens.contains(cell) { return nil }
            guard let v = Double(cell), v.isFinite else {
                throw LearnError(.invalidInput, "Column '\(name)', kept row \(r + 1): '\(cell)' is not a number.")
            }
            return v
        }
    }

    /// Something about an input row that the model did not see in training.
    public struct EncodingWarning: Sendable, Equatable, Codable, CustomStringConvertible {
        /// What kind of deviation.
        public enum Kind: String, Sendable, Codable {
            /// A numeric value outside the training [min, max].
            case outOfRange
            /// A categorical level not seen in training (encoded as all zeros).
            case unseenLevel
            /// A value absent or missing (imputed with the training median, or no level for a categorical).
            case missing
        }
        /// 0-based input row.
        public let row: Int
        /// Raw column name.
        public let column: String
        /// The kind.
        public let kind: Kind
        /// A sentence for people.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// Encodes raw rows (dictionaries from raw column name to cell text) into the training features.
    /// Absent keys count as missing. Returns the matrix and every warning, row by row.
    /// - Throws: `LearnError.invalidInput` for a numeric cell that is not a number (naming row and column).
    /// - Complexity: O(rows · features).
    public func encode(_ records: [[String: String]]) throws -> (x: Matrix, warnings: [EncodingWarning]) {
        let header = rawColumns
        let rows = records.map { r in header.map { r[$0] ?? "" } }
        return try encode(header: header, rows: rows)
    }

    /// Encodes rows given by `header` into the training features, with warnings (see `encode(_:)`).
    /// - Throws: as `encode(_:)`, and `.invalidInput` if the header lacks a raw column.
    func encode(header: [String], rows: [[String]], warn: Bool = true) throws -> (x: Matrix, warnings: [EncodingWarning]) {
        var columns: [[Double]] = [], indicatorValues: [[Double]] = []
        var warnings: [EncodingWarning] = []
        for (k, name) in numericColumns.enumerated() {
            let values = try Self.numbers(column: name, header: header, rows: rows)
            columns.append(values.map { $0 ?? medians[k] })
            if indicatorColumns.contains(name) { indicatorValues.append(values.map { $0 == nil ? 1 : 0 }) }
            guard warn else { continue }
            for (r, v) in values.enumerated() {
                if let v, !ranges[k].contains(v) {
                    warnings.append(EncodingWarning(
                        row: r, column: name, kind: .outOfRange,
                        message: "row \(r + 1): \(name) = \(formatNumber(v)) is outside the training range \(formatNumber(ranges[k].lowerBound))–\(formatNumber(ranges[k].upperBound)); the prediction is an extrapolation."))
                } else if v == nil {
                    warnings.append(EncodingWarning(
                        row: r, column: name, kind: .missing,
                        message: "row \(r + 1): \(name) is missing; imputed with the training median \(formatNumber(medians[k]))."))
                }
            }
        }
        for (k, name) in categoricalColumns.enumerated() {
            let i = try Self.index(name, in: header)
            let cells = rows.map { $0[i].trimmingCharacters(in: .whitespaces) }
            for level in levels[k] { columns.append(cells.map { $0 == level ? 1 : 0 }) }
            guard warn else { continue }
            for (r, cell) in cells.enumerated() where !levels[k].contains(cell) {
                let missing = cell.isEmpty
                warnings.append(EncodingWarning(
                    row: r, column: name, kind: missing ? .missing : .unseenLevel,
                    message: missing
                        ? "row \(r + 1): \(name) is missing (write None for \"no such reagent\"); encoded as no known level."
                        : "row \(r + 1): \(name) = '\(cell)' was never seen in training (known: \(levels[k].prefix(6).joined(separator: ", "))\(levels[k].count > 6 ? ", …" : "")); encoded as no known level, so the prediction ignores it."))
            }
        }
        columns += indicatorValues
        let n = rows.count, d = columns.count
        var elements = [Double](repeating: 0, count: n * d)
        for (j, column) in columns.enumerated() { for r in 0..<n { elements[r * d + j] = column[r] } }
        return (try Matrix(rows: n, columns: d, elements: elements), warnings)
    }
}

/// A featurised table: design matrix, target, groups and column names.
public struct TabularDesign: Sendable, Equatable {
    /// Feature names, one per column of `x`.
    public let featureNames: [String]
    /// n × d features.
    public let x: Matrix
    /// n targets.
    public let y: [Double]
    /// n group labels.
    public let groups: [String]
    /// The medians, ranges and levels learned from the kept rows, to encode new recipes the same way.
    public let encoder: TabularEncoder

    /// Featurises `table` for `target` under `spec` (rules in `TabularFeatureSpec`).
    /// - Throws: `LearnError.invalidInput` for a missing column, an unknown target, or a numeric cell that is not
    ///   a number (with its row); `.tooFewRows` when no row has the target.
    /// - Complexity: O(rows · columns).
    public init(table: DelimitedTable, spec: TabularFeatureSpec, target: String) throws {
        guard spec.targetColumns.contains(target) else {
            throw LearnError(.invalidInput, "Unknown target '\(target)'; this dataset has \(spec.targetColumns.joined(separator: ", ")).")
        }
        let targetIndex = try TabularEncoder.index(target, in: table.header)
        let groupIndex = try TabularEncoder.index(spec.groupColumn, in: table.header)
        let kept = table.rows.filter { row in Double(row[targetIndex]).map { $0.isFinite } ?? false }
        guard !kept.isEmpty else { throw LearnError(.tooFewRows, "No row of the table has a numeric '\(target)'.") }
        encoder = try TabularEncoder(header: table.header, rows: kept, spec: spec)
        x = try encoder.encode(header: table.header, rows: kept, warn: false).x
        featureNames = encoder.featureNames
        y = kept.compactMap { Double($0[targetIndex]) }
        groups = kept.map { $0[groupIndex] }
    }

    /// Loads and featurises a shipped dataset (by name or prefix) for `target`.
    /// - Throws: QDData's errors for a missing dataset or malformed file; as `init(table:spec:target:)`.
    public static func shipped(_ name: String, target: String) throws -> TabularDesign {
        let (spec, datasetName) = try TabularFeatureSpec.forDataset(name)
        let dataset = try ShippedDatasets.named(datasetName)
        let data = try Data(contentsOf: dataset.dataFile)
        return try TabularDesign(table: DelimitedTextReader.parse(data, fileName: dataset.dataFile.lastPathComponent), spec: spec, target: target)
    }
}

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

    static let missingTokens: Set<String> = ["", "None", "none", "NA", "nan", "NaN"]

    /// Featurises `table` for `target` under `spec` (rules in `TabularFeatureSpec`).
    /// - Throws: `LearnError.invalidInput` for a missing column, an unknown target, or a numeric cell that is not
    ///   a number (with its row); `.tooFewRows` when no row has the target.
    /// - Complexity: O(rows · columns).
    public init(table: DelimitedTable, spec: TabularFeatureSpec, target: String) throws {
        guard spec.targetColumns.contains(target) else {
            throw LearnError(.invalidInput, "Unknown target '\(target)'; this dataset has \(spec.targetColumns.joined(separator: ", ")).")
        }
        func index(_ column: String) throws -> Int {
            guard let i = table.header.firstIndex(of: column) else {
                throw LearnError(.invalidInput, "The table has no column '\(column)'; its header is \(table.header.joined(separator: ", ")).")
            }
            return i
        }
        let targetIndex = try index(target), groupIndex = try index(spec.groupColumn)
        let kept = table.rows.filter { row in Double(row[targetIndex]).map { $0.isFinite } ?? false }
        guard !kept.isEmpty else { throw LearnError(.tooFewRows, "No row of the table has a numeric '\(target)'.") }

        var columns: [[Double]] = [], names: [String] = []
        var indicators: [[Double]] = [], indicatorNames: [String] = []
        for name in spec.numericColumns {
            let i = try index(name)
            var values: [Double?] = []
            for (r, row) in kept.enumerated() {
                let cell = row[i].trimmingCharacters(in: .whitespaces)
                if Self.missingTokens.contains(cell) { values.append(nil); continue }
                guard let v = Double(cell), v.isFinite else {
                    throw LearnError(.invalidInput, "Column '\(name)', kept row \(r + 1): '\(cell)' is not a number.")
                }
                values.append(v)
            }
            let present = values.compactMap { $0 }.sorted()
            let median = present.isEmpty ? 0 : (present[(present.count - 1) / 2] + present[present.count / 2]) / 2
            columns.append(values.map { $0 ?? median })
            names.append(name)
            if values.contains(where: { $0 == nil }) {
                indicators.append(values.map { $0 == nil ? 1 : 0 })
                indicatorNames.append("\(name) missing")
            }
        }
        for name in spec.categoricalColumns {
            let i = try index(name)
            let cells = kept.map { $0[i].trimmingCharacters(in: .whitespaces) }
            for level in Set(cells).sorted() {
                columns.append(cells.map { $0 == level ? 1 : 0 })
                names.append("\(name)=\(level)")
            }
        }
        columns += indicators
        names += indicatorNames
        let n = kept.count, d = columns.count
        var elements = [Double](repeating: 0, count: n * d)
        for (j, column) in columns.enumerated() { for r in 0..<n { elements[r * d + j] = column[r] } }
        featureNames = names
        x = try Matrix(rows: n, columns: d, elements: elements)
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

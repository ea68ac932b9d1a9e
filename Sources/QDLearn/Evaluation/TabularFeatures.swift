import Foundation
import QDCore
import QDData

/// A small, explicit featurisation of a raw published table for property models, used by `qdlab evaluate` until
/// QDData's record featuriser is wired into the evaluation (see docs/learn.md).
///
/// Rules (the protocol of ../shared/ANCHORS.md, so the Python anchors see the same matrix):
/// - cells are first rewritten by `cellAliases` (reagent-name typos merged, e.g. "myrstic acid" → "myristic acid");
/// - numeric columns as given, in the units of the source file; with `derivedFeatures` on, products and ratios of
///   them are appended (e.g. P:In molar ratio); a missing cell ("None", "", "NA", "nan") is NaN in
///   `TabularDesign.xWithMissing` and an indicator column `<name> missing` (1/0) is appended for every numeric
///   column that has a missing cell. Imputation by the *training fold's* median happens inside the fitted model
///   (`MedianImputing`), so no test-fold value leaks into it; `TabularDesign.x` holds the all-rows median for
///   fits on every row (where the training set is all rows);
/// - categorical columns one-hot, one column per level seen in any kept row (levels sorted; the missing token
///   "None" is a level of its own, meaning "no such reagent");
/// - rows whose target is missing or not a number are dropped;
/// - the group of each row (paper, or identical conditions) is kept for group k-fold.
public struct TabularFeatureSpec: Sendable, Equatable {
    /// How rows are grouped for group k-fold.
    public enum Grouping: Sendable, Equatable {
        /// By the cells of `groupColumn` (a DOI or citation), after `groupAliases`.
        case column
        /// Rows with identical inputs (every numeric and categorical cell) form one group.
        case identicalInputs
        /// Every row is its own group (no paper information: grouped = shuffled k-fold).
        case eachRow
    }

    /// Columns read as numbers.
    public let numericColumns: [String]
    /// Columns one-hot encoded.
    public let categoricalColumns: [String]
    /// Column holding the group label (paper DOI or citation); ignored unless `grouping` is `.column`.
    public let groupColumn: String
    /// Targets that may be requested, by column name.
    public let targetColumns: [String]
    /// Short target names (abs_nm, emission_nm, diameter_nm, fwhm, plqy) → column, shared across datasets.
    public var targetAliases: [String: String] = [:]
    /// Field separator of the file.
    public var delimiter: Character = ","
    /// How groups are formed.
    public var grouping: Grouping = .column
    /// Per column: raw cell → canonical cell (typos merged).
    public var cellAliases: [String: [String: String]] = [:]
    /// Raw group label → canonical label (one paper under two spellings).
    public var groupAliases: [String: String] = [:]
    /// Physics-aware features computed from the numeric columns (appended when requested).
    public var derivedFeatures: [DerivedFeature] = []
    /// Data-quality checks; each flags rows and is reported (and, on request, the rows are dropped).
    public var checks: [RowCheck] = []
    /// QDPhysics catalogue id of the material (InP, CdSe, CsPbBr3) or nil.
    public var materialID: String?
    /// Shared condition names (temp_c, time_min, cation_mmol, anion_mmol) → numeric column, for
    /// leave-one-family-out evaluation.
    public var familyColumns: [String: String] = [:]

    /// A specification with the given columns; other properties take their defaults (comma, group by column).
    public init(numericColumns: [String], categoricalColumns: [String], groupColumn: String, targetColumns: [String]) {
        self.numericColumns = numericColumns
        self.categoricalColumns = categoricalColumns
        self.groupColumn = groupColumn
        self.targetColumns = targetColumns
    }

    /// The column for a target name or short alias, nil if neither.
    public func targetColumn(_ name: String) -> String? {
        targetColumns.contains(name) ? name : targetAliases[name]
    }

    /// Every accepted target name (short aliases first), for messages.
    public var targetChoices: [String] {
        targetAliases.keys.sorted() + targetColumns.filter { !targetAliases.values.contains($0) }
    }
}

/// A feature computed from numeric columns: the product of `numerator` divided by the product of `denominator`
/// (empty = 1). Missing when any factor is missing or the denominator is 0.
public struct DerivedFeature: Sendable, Equatable, Codable {
    /// Feature name (units in the name, e.g. "p_to_in_molar").
    public let name: String
    /// Columns multiplied in the numerator.
    public let numerator: [String]
    /// Columns multiplied in the denominator.
    public let denominator: [String]
    /// Optional constant factor (unit conversion).
    public let scale: Double

    /// A derived feature.
    public init(_ name: String, _ numerator: [String], over denominator: [String] = [], scale: Double = 1) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.scale = scale
    }
}

/// A data-quality rule on the raw rows. Flagged rows are counted and reported; `--drop-flagged` drops them.
public struct RowCheck: Sendable, Equatable {
    /// The test a row fails.
    public enum Condition: Sendable, Equatable {
        /// grams / mmol × 1000 differs from `gramsPerMole` by more than `relativeTolerance` (both cells present).
        case impliedMolarMass(grams: String, millimoles: String, gramsPerMole: Double, relativeTolerance: Double)
        /// The cell equals `value` exactly (after trimming).
        case equals(column: String, value: String)
        /// The numeric cell is below `value`.
        case below(column: String, value: Double)
        /// `column` is exactly 0 while `other` holds a number (e.g. PLQY 0 with a measured PL peak).
        case zeroWhilePresent(column: String, other: String)
    }
    /// Short label, e.g. "inconsistent-amount".
    public let label: String
    /// One sentence: what the rows have and why it matters.
    public let detail: String
    /// The rule.
    public let condition: Condition
    /// Only checked when this is the target column (nil = always).
    public let onlyForTarget: String?

    /// A check.
    public init(_ label: String, _ detail: String, _ condition: Condition, onlyForTarget: String? = nil) {
        self.label = label
        self.detail = detail
        self.condition = condition
        self.onlyForTarget = onlyForTarget
    }

    /// Whether `row` fails the rule (unparsable cells never fail).
    func flags(_ row: [String], header: [String]) -> Bool {
        func cell(_ c: String) -> String? { header.firstIndex(of: c).map { row[$0].trimmingCharacters(in: .whitespaces) } }
        func number(_ c: String) -> Double? { cell(c).flatMap(Double.init) }
        switch condition {
        case let .impliedMolarMass(grams, millimoles, molar, tolerance):
            guard let g = number(grams), let mmol = number(millimoles), g > 0, mmol > 0 else { return false }
            return abs(g / mmol * 1000 / molar - 1) > tolerance
        case let .equals(column, value): return cell(column) == value
        case let .below(column, value): return number(column).map { $0 < value } ?? false
        case let .zeroWhilePresent(column, other): return number(column) == 0 && number(other) != nil
        }
    }
}

/// What the featurisation found in the data and did about it: a count of rows and the action.
public struct DataNote: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Short label ("inconsistent-amount", "duplicate-inputs", "typo-merged" …).
    public let label: String
    /// Rows concerned.
    public let rows: Int
    /// What was done: "kept", "dropped", "merged", "grouped".
    public let action: String
    /// One sentence for people.
    public let detail: String
    /// "label: rows rows (action): detail".
    public var description: String { "\(label): \(rows) rows \(action) — \(detail)" }
}

/// The learned part of a `TabularFeatureSpec`: medians and levels from the training rows, so that new recipes
/// (a CSV or JSON with the raw columns) become the same feature columns at predict time.
///
/// Encoding of one raw row: aliases applied; numeric columns as given, then derived features (missing →
/// training median, and `<name> missing` = 1 if that indicator exists); each categorical column one-hot over the
/// training levels (a level never seen in training gives all zeros for that column and a warning); indicators
/// last. Every deviation is reported as an `EncodingWarning`, never silently absorbed.
public struct TabularEncoder: Sendable, Equatable, Codable {
    /// Numeric columns in feature order: raw numeric columns, then derived features.
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
    /// Derived features (nil in models saved before they existed = none).
    public let derived: [DerivedFeature]?
    /// Cell aliases applied before encoding (nil = none).
    public let aliases: [String: [String: String]]?

    /// The feature names: numeric, `column=level` one-hots, `column missing` indicators.
    public var featureNames: [String] {
        numericColumns + zip(categoricalColumns, levels).flatMap { c, ls in ls.map { "\(c)=\($0)" } }
            + indicatorColumns.map { "\($0) missing" }
    }

    /// The raw columns a recipe must (or may) give (derived features are computed, not given).
    public var rawColumns: [String] {
        let derivedNames = Set((derived ?? []).map(\.name))
        return numericColumns.filter { !derivedNames.contains($0) } + categoricalColumns
    }

    static let missingTokens: Set<String> = ["", "None", "none", "NA", "nan", "NaN"]

    /// Learns medians, ranges and levels from `rows` (cells by `header`, aliases already applied).
    /// - Throws: `LearnError.invalidInput` for a missing column or a numeric cell that is not a number.
    init(header: [String], rows: [[String]], spec: TabularFeatureSpec, derived: [DerivedFeature]) throws {
        let (header, rows) = try Self.appendingDerived(derived, header: header, rows: rows)
        var medians: [Double] = [], ranges: [ClosedRange<Double>] = [], indicators: [String] = []
        let numeric = spec.numericColumns + derived.map(\.name)
        for name in numeric {
            let values = try Self.numbers(column: name, header: header, rows: rows)
            let present = values.compactMap { $0 }
            medians.append(median(present) ?? 0)
            ranges.append((present.min() ?? 0)...(present.max() ?? 0))
            if values.contains(where: { $0 == nil }) { indicators.append(name) }
        }
        var levels: [[String]] = []
        for name in spec.categoricalColumns {
            let i = try Self.index(name, in: header)
            levels.append(Set(rows.map { $0[i].trimmingCharacters(in: .whitespaces) }).sorted())
        }
        numericColumns = numeric
        self.medians = medians
        self.ranges = ranges
        categoricalColumns = spec.categoricalColumns
        self.levels = levels
        indicatorColumns = indicators
        self.derived = derived.isEmpty ? nil : derived
        aliases = spec.cellAliases.isEmpty ? nil : spec.cellAliases
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

    /// Rewrites cells by `aliases` (column → raw → canonical).
    static func applyingAliases(_ aliases: [String: [String: String]], header: [String], rows: [[String]]) -> [[String]] {
        let targets = aliases.compactMap { column, map in header.firstIndex(of: column).map { ($0, map) } }
        guard !targets.isEmpty else { return rows }
        return rows.map { row in
            var row = row
            for (i, map) in targets { if let canonical = map[row[i].trimmingCharacters(in: .whitespaces)] { row[i] = canonical } }
            return row
        }
    }

    /// Appends one column per derived feature (formatted numbers, "None" when missing).
    static func appendingDerived(_ derived: [DerivedFeature], header: [String], rows: [[String]]) throws -> ([String], [[String]]) {
        guard !derived.isEmpty else { return (header, rows) }
        var columns: [[String]] = []
        for feature in derived {
            let num = try feature.numerator.map { try numbers(column: $0, header: header, rows: rows) }
            let den = try feature.denominator.map { try numbers(column: $0, header: header, rows: rows) }
            columns.append(rows.indices.map { r in
                var value = feature.scale
                for factor in num { guard let v = factor[r] else { return "None" }; value *= v }
                for factor in den { guard let v = factor[r], v != 0 else { return "None" }; value /= v }
                return "\(value)"
            })
        }
        let newRows = rows.indices.map { r in rows[r] + columns.map { $0[r] } }
        return (header + derived.map(\.name), newRows)
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
    /// With `imputing` false, missing numeric cells stay NaN (for fold-wise imputation inside a fitted model).
    /// - Throws: as `encode(_:)`, and `.invalidInput` if the header lacks a raw column.
    func encode(header: [String], rows: [[String]], warn: Bool = true, imputing: Bool = true) throws -> (x: Matrix, warnings: [EncodingWarning]) {
        let aliased = Self.applyingAliases(aliases ?? [:], header: header, rows: rows)
        let (header, rows) = try Self.appendingDerived(derived ?? [], header: header, rows: aliased)
        var columns: [[Double]] = [], indicatorValues: [[Double]] = []
        var warnings: [EncodingWarning] = []
        for (k, name) in numericColumns.enumerated() {
            let values = try Self.numbers(column: name, header: header, rows: rows)
            columns.append(values.map { $0 ?? (imputing ? medians[k] : .nan) })
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

/// The median of `values` (mean of the two middle values for an even count); nil when empty.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    return (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
}

/// A featurised table: design matrix, target, groups and column names.
public struct TabularDesign: Sendable, Equatable {
    /// Feature names, one per column of `x`.
    public let featureNames: [String]
    /// n × d features, missing numeric cells imputed by the median over all kept rows (for fits on every row).
    public let x: Matrix
    /// n × d features with missing numeric cells as NaN (indicators filled): what cross-validation uses, with
    /// `MedianImputing` imputing from each training fold.
    public let xWithMissing: Matrix
    /// n targets.
    public let y: [Double]
    /// n group labels.
    public let groups: [String]
    /// The medians, ranges and levels learned from the kept rows, to encode new recipes the same way.
    public let encoder: TabularEncoder
    /// What was found in the data and done about it (flags, drops, merges, duplicates).
    public let notes: [DataNote]
    /// The target column used.
    public let targetColumn: String

    /// Featurises `table` for `target` under `spec` (rules in `TabularFeatureSpec`).
    /// - Parameters:
    ///   - derivedFeatures: append the spec's physics-aware features.
    ///   - dropFlagged: drop rows that fail a `RowCheck` (otherwise they are kept and counted).
    /// - Throws: `LearnError.invalidInput` for a missing column, an unknown target (naming the choices), or a
    ///   numeric cell that is not a number (with its row); `.tooFewRows` when no row has the target.
    /// - Complexity: O(rows · columns).
    public init(table: DelimitedTable, spec: TabularFeatureSpec, target: String, derivedFeatures: Bool = false, dropFlagged: Bool = false) throws {
        try self.init(header: table.header, rows: table.rows, spec: spec, target: target, derivedFeatures: derivedFeatures, dropFlagged: dropFlagged)
    }

    /// As `init(table:…)`, from a header and rows of cells.
    init(header: [String], rows allRows: [[String]], spec: TabularFeatureSpec, target: String, derivedFeatures: Bool, dropFlagged: Bool) throws {
        guard let targetName = spec.targetColumn(target) else {
            throw LearnError(.invalidInput, "Unknown target '\(target)'; this dataset has \(spec.targetChoices.joined(separator: ", ")).")
        }
        targetColumn = targetName
        let targetIndex = try TabularEncoder.index(targetName, in: header)
        var notes: [DataNote] = []
        // Typos merged first, so that one reagent is one level.
        var merged = 0
        for (column, map) in spec.cellAliases.sorted(by: { $0.key < $1.key }) {
            guard let i = header.firstIndex(of: column) else { continue }
            let count = allRows.filter { map[$0[i].trimmingCharacters(in: .whitespaces)] != nil }.count
            if count > 0 {
                merged += count
                notes.append(DataNote(label: "typo-merged", rows: count, action: "merged",
                                      detail: "\(column): " + map.sorted { $0.key < $1.key }.map { "'\($0.key)' → '\($0.value)'" }.joined(separator: ", ")))
            }
        }
        let rows = TabularEncoder.applyingAliases(spec.cellAliases, header: header, rows: allRows)
        var kept = rows.filter { row in Double(row[targetIndex]).map { $0.isFinite } ?? false }
        guard !kept.isEmpty else { throw LearnError(.tooFewRows, "No row of the table has a numeric '\(targetName)'.") }
        for check in spec.checks where check.onlyForTarget == nil || check.onlyForTarget == targetName {
            let flagged = kept.filter { check.flags($0, header: header) }.count
            guard flagged > 0 else { continue }
            if dropFlagged { kept.removeAll { check.flags($0, header: header) } }
            notes.append(DataNote(label: check.label, rows: flagged, action: dropFlagged ? "dropped" : "kept (--drop-flagged drops them)", detail: check.detail))
        }
        guard !kept.isEmpty else { throw LearnError(.tooFewRows, "Every row with a numeric '\(targetName)' was flagged and dropped; run without --drop-flagged.") }
        let inputIndices = try (spec.numericColumns + spec.categoricalColumns).map { try TabularEncoder.index($0, in: header) }
        let inputKeys = kept.map { row in inputIndices.map { row[$0].trimmingCharacters(in: .whitespaces) }.joined(separator: "\u{1F}") }
        let groups: [String]
        switch spec.grouping {
        case .column:
            let g = try TabularEncoder.index(spec.groupColumn, in: header)
            let raw = kept.map { $0[g].trimmingCharacters(in: .whitespaces) }
            let aliased = raw.filter { spec.groupAliases[$0] != nil }.count
            if aliased > 0 {
                notes.append(DataNote(label: "group-merged", rows: aliased, action: "merged",
                                      detail: "one paper under two spellings: " + spec.groupAliases.sorted { $0.key < $1.key }.map { "'\($0.key)' → '\($0.value)'" }.joined(separator: "; ")))
            }
            groups = raw.map { spec.groupAliases[$0] ?? $0 }
        case .identicalInputs: groups = inputKeys
        case .eachRow: groups = kept.indices.map { "row \($0 + 1)" }
        }
        notes += Self.duplicateNotes(keys: inputKeys, targets: kept.map { Double($0[targetIndex]) ?? .nan }, groups: groups, grouping: spec.grouping)
        self.notes = notes
        let derived = derivedFeatures ? spec.derivedFeatures : []
        encoder = try TabularEncoder(header: header, rows: kept, spec: spec, derived: derived)
        x = try encoder.encode(header: header, rows: kept, warn: false).x
        xWithMissing = try encoder.encode(header: header, rows: kept, warn: false, imputing: false).x
        featureNames = encoder.featureNames
        y = kept.compactMap { Double($0[targetIndex]) }
        self.groups = groups
    }

    /// Notes on rows with identical inputs: how many, how many disagree on the target, whether any straddle groups.
    static func duplicateNotes(keys: [String], targets: [Double], groups: [String], grouping: TabularFeatureSpec.Grouping) -> [DataNote] {
        var members: [String: [Int]] = [:]
        for (i, k) in keys.enumerated() { members[k, default: []].append(i) }
        let repeated = members.values.filter { $0.count > 1 }
        guard !repeated.isEmpty else { return [] }
        let rows = repeated.reduce(0) { $0 + $1.count }
        let conflicting = repeated.filter { Set($0.map { targets[$0] }).count > 1 }.count
        let straddling = repeated.filter { Set($0.map { groups[$0] }).count > 1 }
        let action = grouping == .identicalInputs ? "grouped" : "kept"
        var detail = "\(repeated.count) sets of identical inputs, \(conflicting) of them with different targets"
        switch grouping {
        case .identicalInputs: detail += "; each set is one group, so no set is on both sides of a split"
        case .column:
            detail += straddling.isEmpty
                ? "; every set lies within one group, so grouped folds never split it"
                : "; \(straddling.count) sets span several papers and can straddle a grouped split"
        case .eachRow: detail += "; shuffled folds can put copies on both sides"
        }
        return [DataNote(label: "duplicate-inputs", rows: rows, action: action, detail: detail)]
    }

    /// Loads and featurises a shipped dataset (by name or prefix) for `target`.
    /// - Throws: QDData's errors for a missing dataset or malformed file; as `init(table:spec:target:)`.
    public static func shipped(_ name: String, target: String, derivedFeatures: Bool = false, dropFlagged: Bool = false) throws -> TabularDesign {
        let (spec, table) = try shippedTable(name)
        return try TabularDesign(table: table, spec: spec, target: target, derivedFeatures: derivedFeatures, dropFlagged: dropFlagged)
    }

    /// The spec and parsed raw table of a shipped dataset.
    /// - Throws: as `shipped`.
    static func shippedTable(_ name: String) throws -> (TabularFeatureSpec, DelimitedTable) {
        let (spec, datasetName) = try TabularFeatureSpec.forDataset(name)
        let dataset = try ShippedDatasets.named(datasetName)
        let data = try Data(contentsOf: dataset.dataFile)
        return (spec, try DelimitedTextReader.parse(data, delimiter: spec.delimiter, fileName: dataset.dataFile.lastPathComponent))
    }
}

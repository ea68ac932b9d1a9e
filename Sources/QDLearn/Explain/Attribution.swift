import QDCore

/// Additive feature attributions (SHAP values) for a set of explained rows.
///
/// For every row i: `baseValue + Σⱼ values[i, j] = predictions[i]` (additivity, "local accuracy" in Lundberg & Lee
/// 2017, NeurIPS, "A unified approach to interpreting model predictions", Property 1). `baseValue` is the model's
/// expected output over the reference distribution (the background rows, or for TreeSHAP the training cover).
public struct Attribution: Sendable, Equatable, Codable {
    /// The expected prediction E[f(X)] the attributions start from (units of y).
    public let baseValue: Double
    /// Attributions, rows explained × players (columns, or groups of columns), units of y.
    public let values: Matrix
    /// The model's prediction for each explained row (units of y).
    public let predictions: [Double]
    /// One name per player (column of `values`).
    public let names: [String]

    /// Attributions with their base value, predictions and player names.
    /// - Precondition: `values.rows == predictions.count` and `values.columns == names.count` (programmer error).
    public init(baseValue: Double, values: Matrix, predictions: [Double], names: [String]) {
        precondition(values.rows == predictions.count && values.columns == names.count, "Attribution: shapes disagree")
        self.baseValue = baseValue
        self.values = values
        self.predictions = predictions
        self.names = names
    }

    /// The largest |baseValue + Σⱼ φᵢⱼ − predictionᵢ| over the rows: 0 up to rounding for exact methods.
    /// - Complexity: O(rows · players). Empty: 0.
    public var additivityResidual: Double {
        (0..<values.rows).map { i in abs(baseValue + values.row(i).reduce(0, +) - predictions[i]) }.max() ?? 0
    }

    /// Mean |φ| per player over the explained rows (the usual global importance), in units of y.
    /// - Complexity: O(rows · players). Empty rows: zeros.
    public var meanAbsolute: [Double] {
        let n = Double(max(values.rows, 1))
        return (0..<values.columns).map { j in values.column(j).reduce(0) { $0 + abs($1) } / n }
    }

    /// The attributions with columns summed into `groups` (one player per group, in the groups' order).
    ///
    /// Summing SHAP values of the columns that encode one variable (one-hot levels, descriptors) gives that
    /// variable's contribution; additivity is preserved because every column belongs to exactly one group.
    /// - Throws: `LearnError.shapeMismatch` when `groups` was built for a different column count.
    /// - Complexity: O(rows · columns).
    public func grouped(by groups: FeatureGroups) throws -> Attribution {
        try groups.requireColumns(values.columns, context: "Attribution.grouped")
        let g = groups.groups.count
        var out = [Double](repeating: 0, count: values.rows * g)
        for i in 0..<values.rows {
            for (k, group) in groups.groups.enumerated() {
                out[i * g + k] = group.columns.reduce(0) { $0 + values[i, $1] }
            }
        }
        return Attribution(
            baseValue: baseValue, values: try Matrix(rows: values.rows, columns: g, elements: out),
            predictions: predictions, names: groups.groups.map(\.name))
    }

    /// Players ranked by mean |φ|, largest first: (name, mean |φ|).
    public var ranking: [(name: String, meanAbsolute: Double)] {
        zip(names, meanAbsolute).sorted { $0.1 > $1.1 }.map { (name: $0.0, meanAbsolute: $0.1) }
    }
}

/// A partition of a design matrix's columns into the user's variables ("ligand_source" for its one-hot levels).
public struct FeatureGroups: Sendable, Equatable, Codable {
    /// One variable and the columns that encode it.
    public struct Group: Sendable, Equatable, Codable {
        /// The variable's name as the record spells it.
        public let name: String
        /// Column indices (ascending) of the design matrix.
        public let columns: [Int]

        /// A group `name` over `columns`.
        public init(name: String, columns: [Int]) {
            self.name = name
            self.columns = columns
        }
    }

    /// The groups, in order of their first column.
    public let groups: [Group]
    /// The number of design-matrix columns partitioned.
    public let columnCount: Int

    /// Groups given explicitly; every column in 0..<columnCount must be in exactly one group.
    /// - Throws: `LearnError.invalidInput` naming a column that is missing, repeated or out of range.
    public init(groups: [Group], columnCount: Int) throws {
        var seen = [Int](repeating: 0, count: columnCount)
        for g in groups {
            for c in g.columns {
                guard c >= 0 && c < columnCount else {
                    throw LearnError(.invalidInput, "FeatureGroups: group '\(g.name)' names column \(c), outside 0..<\(columnCount).")
                }
                seen[c] += 1
            }
        }
        if let c = seen.firstIndex(where: { $0 != 1 }) {
            throw LearnError(.invalidInput, "FeatureGroups: column \(c) is in \(seen[c]) groups; every column must be in exactly one.")
        }
        self.groups = groups
        self.columnCount = columnCount
    }

    /// One group per column (no grouping).
    public static func identity(names: [String]) -> FeatureGroups {
        // Each column in its own group is a valid partition by construction.
        (try? FeatureGroups(groups: names.enumerated().map { Group(name: $0.element, columns: [$0.offset]) }, columnCount: names.count))
            ?? FeatureGroups(unchecked: [], columnCount: 0)
    }

    /// Groups from design-matrix column names as `TabularDesign` writes them: "var=level" (one-hot) and
    /// "var missing" (missingness indicator) join the group "var"; any other name is its own group.
    public static func fromFeatureNames(_ names: [String]) -> FeatureGroups {
        var order: [String] = [], members: [String: [Int]] = [:]
        for (j, name) in names.enumerated() {
            let variable = recordVariable(of: name)
            if members[variable] == nil { order.append(variable) }
            members[variable, default: []].append(j)
        }
        return FeatureGroups(unchecked: order.map { Group(name: $0, columns: members[$0] ?? []) }, columnCount: names.count)
    }

    /// The record variable a design column belongs to: "ligand_source=OA" → "ligand_source",
    /// "acid_amount_mmol missing" → "acid_amount_mmol", otherwise the name itself.
    public static func recordVariable(of columnName: String) -> String {
        if let eq = columnName.firstIndex(of: "=") { return String(columnName[..<eq]) }
        if columnName.hasSuffix(" missing") { return String(columnName.dropLast(" missing".count)) }
        return columnName
    }

    private init(unchecked groups: [Group], columnCount: Int) {
        self.groups = groups
        self.columnCount = columnCount
    }

    func requireColumns(_ columns: Int, context: String) throws {
        guard columns == columnCount else {
            throw LearnError(.shapeMismatch, "\(context): the feature groups cover \(columnCount) columns but the data has \(columns); build the groups from the same design matrix.")
        }
    }
}

import QDCore

extension TabularDesign {
    /// The shared condition names of `familyDesign`, as numeric features in this order.
    public static let familyConditionColumns = ["temp_c", "time_min", "cation_mmol", "anion_mmol"]

    /// Several material families in one feature space, for leave-one-family-out evaluation: growth temperature
    /// (°C), time (min), cation and anion precursor amounts (mmol), their molar ratio anion:cation, and the family
    /// as a category; the group of each row is its family, so `CrossValidationScheme.leaveOneGroupOut` trains on
    /// the other families and predicts the held-out one. The held-out family's category level is unseen in
    /// training (its one-hot column is all zeros there), so the model can only transfer through the conditions.
    ///
    /// - Parameters:
    ///   - datasets: short names or folders of at least two datasets whose spec has `familyColumns` (inp, cdse).
    ///   - target: a short target name every dataset has (abs_nm, emission_nm, diameter_nm).
    /// - Throws: `LearnError.invalidInput` naming the datasets that support it, or a dataset without the target.
    public static func families(_ datasets: [String], target: String) throws -> TabularDesign {
        let supported = TabularFeatureSpec.supported.filter { !$0.spec.familyColumns.isEmpty }.map(\.name)
        guard Set(datasets).count >= 2 else {
            throw LearnError(.invalidInput, "Leave-one-family-out needs at least two datasets (comma-separated); those with shared conditions are \(supported.joined(separator: ", ")). Got '\(datasets.joined(separator: ","))'.")
        }
        var rows: [[String]] = []
        for name in datasets {
            let (spec, table) = try shippedTable(name)
            guard !spec.familyColumns.isEmpty, let family = spec.materialID else {
                throw LearnError(.invalidInput, "Dataset '\(name)' has no temperature/time/precursor columns shared with the others; leave-one-family-out supports \(supported.joined(separator: ", ")).")
            }
            guard let targetColumn = spec.targetColumn(target) else {
                throw LearnError(.invalidInput, "Dataset '\(name)' has no target '\(target)'; it has \(spec.targetChoices.joined(separator: ", ")).")
            }
            let indices = try (familyConditionColumns.map { spec.familyColumns[$0] ?? "" } + [targetColumn])
                .map { try TabularEncoder.index($0, in: table.header) }
            rows += table.rows.map { row in [family] + indices.map { row[$0] } }
        }
        var spec = TabularFeatureSpec(
            numericColumns: familyConditionColumns, categoricalColumns: ["family"], groupColumn: "family", targetColumns: ["target"])
        spec.derivedFeatures = [DerivedFeature("anion_to_cation_molar", ["anion_mmol"], over: ["cation_mmol"])]
        return try TabularDesign(
            header: ["family"] + familyConditionColumns + ["target"], rows: rows, spec: spec, target: "target",
            derivedFeatures: true, dropFlagged: false)
    }
}

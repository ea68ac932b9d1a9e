import Foundation
import QDPhysics

/// One column of a design matrix: its name, unit and where it came from.
public struct FeatureColumn: Sendable, Codable, Equatable {
    /// What produced the column.
    public enum Kind: String, Sendable, Codable {
        /// A synthesis condition in canonical units.
        case condition
        /// A reagent amount in mmol (0 = the reagent was not used).
        case amount
        /// A molar ratio or concentration derived from amounts.
        case ratio
        /// 1 when a categorical value (material, method, reagent, ligand class) is present, else 0.
        case oneHot
        /// A reagent descriptor (molar mass, chain length) averaged over a group.
        case descriptor
        /// A bulk-material descriptor from QDPhysics' catalogue.
        case composition
        /// 1 when the column named in `description` was missing in that row (and was filled), else 0.
        case missingIndicator
    }

    /// Unique column name, e.g. "growthTemperature", "precursors:indium acetate [mmol]", "method=hot-injection".
    public let name: String
    /// Unit symbol ("degC", "mmol", "mol/mol", "mol/L", "eV", "1" for dimensionless and indicators).
    public let unit: String
    /// What produced the column.
    public let kind: Kind
    /// What the column means (for indicators: which column they flag).
    public let description: String
}

/// How missing numeric values are represented.
public enum MissingValuePolicy: String, Sendable, Codable, CaseIterable {
    /// Leave NaN in place, for models that handle missing values natively (gradient-boosted trees).
    case nan
    /// Fill with the column median of the rows given and add a `<name> missing` indicator column.
    /// Inside cross-validation, featurise each training fold separately so the median does not leak.
    case medianWithIndicator = "median-with-indicator"
}

/// A numeric design matrix with a manifest naming each column and its unit.
public struct DesignMatrix: Sendable, Codable, Equatable {
    /// The manifest: one entry per column, in column order.
    public let columns: [FeatureColumn]
    /// Row-major values, `rows.count × columns.count`. NaN only with `MissingValuePolicy.nan`.
    public let values: [[Double]]
    /// Record id of each row.
    public let recordIds: [String]
    /// Validation group of each row (DOI, else citation, else notebook id), for folds grouped by paper.
    public let groups: [String?]
}

/// A measured outcome to predict.
public enum OutcomeField: String, Sendable, Codable, CaseIterable {
    case absorptionPeak, emissionPeak, emissionFWHM, plqy, diameter

    /// The outcome of `record` in canonical units (nm, eV or nm for FWHM as stored, fraction), `nil` if missing.
    public func value(in record: SynthesisRecord) -> Double? {
        let o = record.outcomes
        let quantity: Quantity? =
            switch self {
            case .absorptionPeak: o.absorptionPeak
            case .emissionPeak: o.emissionPeak
            case .emissionFWHM: o.emissionFWHM
            case .plqy: o.plqy
            case .diameter: o.diameter
            }
        return quantity?.canonical.value
    }
}

/// Turns schema v1 records into a design matrix for the learners.
///
/// Columns, in order: material and method one-hot; conditions in canonical units (°C, min, °C/min, mL and the
/// `otherConditions`); per reagent group, one-hot presence and amount in mmol of every reagent name seen (mass and
/// volume converted with the reagent catalogue's molar mass and density, or volume × stock concentration);
/// molar ratios (metal : anion, (ligands + acids) : metal) and metal concentration (mmol/mL = mol/L); ligand and acid
/// descriptors (mean chain length, mean molar mass, functional-class one-hot); bulk descriptors of the core from
/// QDPhysics (gap, electron and hole masses, electronegativity difference, lattice constant). Boiling points are not
/// included: no sourced table is bundled. Columns constant over all rows are dropped.
public enum Featuriser {
    /// Builds the design matrix of `records`.
    /// - Throws: `DataError.invalidValue` when `records` is empty.
    /// - Complexity: O(rows × columns).
    public static func designMatrix(_ records: [SynthesisRecord], missing: MissingValuePolicy = .medianWithIndicator) throws -> DesignMatrix {
        guard !records.isEmpty else {
            throw DataError(.invalidValue, "Cannot featurise 0 records (rule: at least one record). Check the dataset or query filters.")
        }
        var extractors: [(FeatureColumn, @Sendable (SynthesisRecord) -> Double?)] = []
        func add(_ name: String, _ unit: String, _ kind: FeatureColumn.Kind, _ description: String, _ extract: @escaping @Sendable (SynthesisRecord) -> Double?) {
            extractors.append((FeatureColumn(name: name, unit: unit, kind: kind, description: description), extract))
        }

        for core in Set(records.map(\.synthesis.material.core)).sorted() {
            add("material=\(core)", "1", .oneHot, "core material is \(core)") { $0.synthesis.material.core == core ? 1 : 0 }
        }
        for method in Set(records.map(\.synthesis.method)).sorted(by: { $0.rawValue < $1.rawValue }) {
            add("method=\(method.rawValue)", "1", .oneHot, "synthesis method is \(method.rawValue)") { $0.synthesis.method == method ? 1 : 0 }
        }

        let conditions: [(String, String, @Sendable (Synthesis) -> Quantity?)] = [
            ("injectionTemperature", "degC", { $0.injectionTemperature }), ("growthTemperature", "degC", { $0.growthTemperature }),
            ("reactionTime", "min", { $0.reactionTime }), ("rampRate", "degC/min", { $0.rampRate }), ("totalVolume", "mL", { $0.totalVolume }),
        ]
        for (name, unit, pick) in conditions where records.contains(where: { pick($0.synthesis) != nil }) {
            add(name, unit, .condition, "synthesis.\(name) in \(unit)") { pick($0.synthesis)?.canonical.value }
        }
        for key in Set(records.flatMap { $0.synthesis.otherConditions.keys }).sorted() {
            let unit = records.lazy.compactMap { $0.synthesis.otherConditions[key]?.canonical.unit.symbol }.first ?? "1"
            add(key, unit, .condition, "synthesis.otherConditions.\(key) in \(unit)") { $0.synthesis.otherConditions[key]?.canonical.value }
        }

        for groupIndex in 0..<5 {
            let key = records[0].synthesis.reagentGroups[groupIndex].key
            let names = Set(records.flatMap { $0.synthesis.reagentGroups[groupIndex].reagents.map(\.name) }).sorted()
            for name in names {
                add("\(key)=\(name)", "1", .oneHot, "\(name) used among \(key)") { record in
                    record.synthesis.reagentGroups[groupIndex].reagents.contains { $0.name == name } ? 1 : 0
                }
                add("\(key):\(name) [mmol]", "mmol", .amount, "amount of \(name) among \(key), mmol (0 when not used)") { record in
                    let used = record.synthesis.reagentGroups[groupIndex].reagents.filter { $0.name == name }
                    return used.isEmpty ? 0 : sumMillimoles(used)
                }
            }
        }

        add("metal:anion", "mol/mol", .ratio, "Σ metal precursor mmol / Σ anion precursor mmol") { record in
            guard let metal = millimoles(record, role: .metal), let anion = millimoles(record, role: .anion), anion > 0 else { return nil }
            return metal / anion
        }
        add("(ligands+acids):metal", "mol/mol", .ratio, "Σ ligand and acid mmol / Σ metal precursor mmol") { record in
            guard let metal = millimoles(record, role: .metal), metal > 0 else { return nil }
            let coordinating = record.synthesis.ligands + record.synthesis.acids
            if coordinating.isEmpty { return 0 }
            return sumMillimoles(coordinating).map { $0 / metal }
        }
        add("metal concentration", "mol/L", .ratio, "Σ metal precursor mmol / total volume mL") { record in
            guard let metal = millimoles(record, role: .metal), let volume = record.synthesis.totalVolume?.canonical.value, volume > 0 else { return nil }
            return metal / volume
        }
        add("ligand chain length", "1", .descriptor, "mean longest-chain carbon count of catalogued ligands and acids") { record in
            mean((record.synthesis.ligands + record.synthesis.acids).compactMap { ReagentCatalogue.entry(named: $0.name).map { Double($0.chainLength) } })
        }
        add("precursor molar mass", "g/mol", .descriptor, "mean molar mass of catalogued precursors") { record in
            mean(record.synthesis.precursors.compactMap { ReagentCatalogue.entry(named: $0.name)?.molarMassGramsPerMole })
        }
        for functionalClass in FunctionalClass.allCases {
            add("ligand class=\(functionalClass.rawValue)", "1", .oneHot, "a ligand or acid of class \(functionalClass.rawValue) is used") { record in
                (record.synthesis.ligands + record.synthesis.acids).contains { ReagentCatalogue.entry(named: $0.name)?.functionalClass == functionalClass } ? 1 : 0
            }
        }

        let composition: [(String, String, @Sendable (Material) -> Double?)] = [
            ("bulk gap", "eV", { $0.bulkGapElectronvolts?.value }), ("electron mass", "m0", { $0.electronMass?.value }),
            ("hole mass", "m0", { $0.holeMass?.value }), ("electronegativity difference", "1", { MaterialCatalogue.electronegativityDifference(of: $0) }),
            ("lattice constant", "A", { $0.latticeConstantAngstrom?.value }),
        ]
        for (name, unit, pick) in composition {
            add("core \(name)", unit, .composition, "\(name) of the bulk core material (QDPhysics MaterialCatalogue), \(unit)") { record in
                (try? MaterialCatalogue.material(record.synthesis.material.core)).flatMap(pick)
            }
        }

        return assemble(records, extractors: extractors, missing: missing)
    }

    /// The values of `field` for `records` (canonical units), `nil` where not measured.
    public static func targets(_ records: [SynthesisRecord], _ field: OutcomeField) -> [Double?] { records.map { field.value(in: $0) } }

    private static func assemble(_ records: [SynthesisRecord], extractors: [(FeatureColumn, @Sendable (SynthesisRecord) -> Double?)], missing: MissingValuePolicy) -> DesignMatrix {
        var columns: [FeatureColumn] = []
        var columnValues: [[Double]] = []
        for (column, extract) in extractors {
            let raw = records.map { extract($0).flatMap { $0.isFinite ? $0 : nil } }
            let present = raw.compactMap { $0 }
            guard !present.isEmpty else { continue }  // never observed: no information
            let hasMissing = present.count < raw.count
            let constant = Set(present).count == 1
            if constant && !hasMissing { continue }
            switch missing {
            case .nan:
                columns.append(column)
                columnValues.append(raw.map { $0 ?? .nan })
            case .medianWithIndicator:
                let fill = median(present)
                if !constant {
                    columns.append(column)
                    columnValues.append(raw.map { $0 ?? fill })
                }
                if hasMissing {
                    columns.append(FeatureColumn(name: "\(column.name) missing", unit: "1", kind: .missingIndicator, description: "1 when '\(column.name)' was not available and was filled with the median \(fill)"))
                    columnValues.append(raw.map { $0 == nil ? 1 : 0 })
                }
            }
        }
        let values = records.indices.map { row in columnValues.map { $0[row] } }
        return DesignMatrix(columns: columns, values: values, recordIds: records.map(\.id), groups: records.map(\.provenance.groupKey))
    }

    /// Amount of a reagent in mmol: substance as is; mass ÷ molar mass; volume × stock concentration, else
    /// volume × density ÷ molar mass (catalogue values). `nil` when the conversion data is unknown.
    static func millimoles(of reagent: Reagent) -> Double? {
        guard let amount = reagent.amount else { return nil }
        let info = ReagentCatalogue.entry(named: reagent.name)
        return try? amount.converted(
            to: .millimole, molarMassGramsPerMole: info?.molarMassGramsPerMole, densityGramsPerMillilitre: info?.densityGramsPerMillilitre,
            concentrationMolePerLitre: try? reagent.concentration?.converted(to: .molePerLitre).value
        ).value
    }

    private static func sumMillimoles(_ reagents: [Reagent]) -> Double? {
        var total = 0.0
        for reagent in reagents {
            guard let mmol = millimoles(of: reagent) else { return nil }
            total += mmol
        }
        return total
    }

    private static func millimoles(_ record: SynthesisRecord, role: ReagentRole) -> Double? {
        let reagents = record.synthesis.precursors.filter { $0.role == role }
        return reagents.isEmpty ? nil : sumMillimoles(reagents)
    }

    private static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

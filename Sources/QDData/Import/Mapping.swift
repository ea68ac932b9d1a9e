import Foundation
import Yams

/// Where one schema field takes its value from: a column of the file or a constant.
///
/// YAML: `{column: temp_c, unit: degC}`, `{value: hot-injection}`, `{column: Diameter from, values: {TEM: TEM,
/// "absorbance spectra": sizing-curve}}`, `{column: amount, unitColumn: amount_unit}`, `{column: status,
/// default: inconclusive}`.
public struct FieldSource: Sendable, Codable, Equatable {
    /// Header name of the column (or `#n`, 1-based, for files without a header).
    public var column: String?
    /// A constant used for every row (when `column` is absent).
    public var value: String?
    /// Unit of the column's numbers (symbol or alias, see `DataUnit.parse`).
    public var unit: String?
    /// A column holding each row's unit, for sheets that mix units.
    public var unitColumn: String?
    /// Translation of cell texts (after trimming) before they are read, e.g. typo fixes or vocabulary.
    public var values: [String: String]?
    /// Text used when the cell is missing (empty or one of the file's `missing` markers).
    public var `default`: String?

    /// Creates a source; give `column` or `value`.
    public init(column: String? = nil, value: String? = nil, unit: String? = nil, unitColumn: String? = nil, values: [String: String]? = nil, default: String? = nil) {
        self.column = column
        self.value = value
        self.unit = unit
        self.unitColumn = unitColumn
        self.values = values
        self.default = `default`
    }
}

/// One reagent slot of a sheet: which columns give its name, amount and concentration.
public struct ReagentMapping: Sendable, Codable, Equatable {
    /// The reagent's name (a column of names, or a constant such as "PbBr2").
    public var name: FieldSource
    /// Role for precursors (`metal`, `anion`, `carbon`, `seed`, `reductant`, `other`).
    public var role: ReagentRole?
    /// Amount column with its unit.
    public var amount: FieldSource?
    /// Stock concentration column (mol/L), when the amount is a dispensed volume.
    public var concentration: FieldSource?
    /// A mass column used only to cross-check `amount` (mmol) against the reagent's molar mass: rows whose
    /// implied molar mass is more than 10 % off are flagged `inconsistent-amount`, not rejected.
    public var massCheck: FieldSource?
}

/// The file's layout.
public struct FileLayout: Sendable, Codable, Equatable {
    /// `","`, `";"` or `"\t"`; default from the file extension (`.tsv` → tab, else comma).
    public var delimiter: String?
    /// Whether the first line names the columns (default true).
    public var header: Bool?
    /// Cell texts that mean "not reported" (default `["", "None", "NA", "N/A", "-"]`).
    public var missing: [String]?
    /// Turns a wide sheet (one column per run) into one row per (row, column) before mapping.
    public var unpivot: Unpivot?
}

/// A wide-to-long reshaping: each listed column's cell becomes a row of its own, carrying the row's other cells
/// plus two new columns, `nameColumn` (the original column's header) and `valueColumn` (the cell). Cells that are
/// missing are dropped. Example: a table of absorption peaks with one column per run.
public struct Unpivot: Sendable, Codable, Equatable {
    /// Header names (or `#n`) of the columns to unpivot, in output order.
    public var columns: [String]
    /// Name of the new column holding each value's original column header.
    public var nameColumn: String
    /// Name of the new column holding the value.
    public var valueColumn: String
}

/// Descriptive metadata of a dataset, shown by `qdlab data datasets` and written into exports.
public struct DatasetInfo: Sendable, Codable, Equatable {
    /// Short machine name, e.g. "inp-nguyen2022"; becomes the prefix of record ids.
    public var name: String
    /// Human-readable title.
    public var title: String?
    /// A few sentences on what the data is.
    public var description: String?
    /// SPDX licence id, e.g. "MIT".
    public var licence: String?
    /// Copyright line of the upstream licence.
    public var copyright: String?
    /// The paper to cite for the dataset.
    public var citation: String?
    /// DOI of that paper.
    public var doi: String?
    /// Upstream repository and commit.
    public var source: String?
    /// Data file name inside a shipped dataset folder.
    public var dataFile: String?
    /// Number of records the shipped file is expected to give (checked by the tests).
    public var expectedRecords: Int?

    /// Creates dataset metadata; only `name` is required.
    public init(
        name: String, title: String? = nil, description: String? = nil, licence: String? = nil, copyright: String? = nil,
        citation: String? = nil, doi: String? = nil, source: String? = nil, dataFile: String? = nil, expectedRecords: Int? = nil
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.licence = licence
        self.copyright = copyright
        self.citation = citation
        self.doi = doi
        self.source = source
        self.dataFile = dataFile
        self.expectedRecords = expectedRecords
    }
}

/// A mapping file (YAML): how a sheet's columns become schema v1 records.
///
/// See docs/data.md, "Mapping files", for the format with a worked example.
public struct ImportMapping: Sendable, Codable, Equatable {
    /// Format version of the mapping file (1).
    public var mappingVersion: Int
    /// Dataset metadata (name, licence, citation).
    public var dataset: DatasetInfo
    /// Layout of the file (delimiter, header, missing markers).
    public var file: FileLayout?
    /// Column whose value keys the record id (`<dataset>/<value>`); default: the data row number.
    public var idColumn: String?
    /// Core material id (QDPhysics catalogue) and optional shells/dopants.
    public var material: MaterialMapping
    /// Source of the record's `method`.
    public var method: FieldSource
    /// Source of the record's `status`.
    public var status: FieldSource?
    /// Failure mode for rows whose status is plain "failed".
    public var failureMode: FieldSource?
    /// Source (or sources) of the schema field `precursors`.
    public var precursors: [ReagentMapping]?
    /// Source (or sources) of the schema field `solvents`.
    public var solvents: [ReagentMapping]?
    /// Source (or sources) of the schema field `ligands`.
    public var ligands: [ReagentMapping]?
    /// Source (or sources) of the schema field `acids`.
    public var acids: [ReagentMapping]?
    /// Source (or sources) of the schema field `additives`.
    public var additives: [ReagentMapping]?
    /// Source (or sources) of the schema field `conditions`.
    public var conditions: ConditionMapping?
    /// Source (or sources) of the schema field `outcomes`.
    public var outcomes: OutcomeMapping?
    /// Source (or sources) of the schema field `provenance`.
    public var provenance: ProvenanceMapping?

    /// Material system fields.
    public struct MaterialMapping: Sendable, Codable, Equatable {
        /// Core material id (QDPhysics catalogue).
        public var core: FieldSource
        /// Shell material ids, inner to outer.
        public var shells: [String]?
        /// Dopant element symbols.
        public var dopants: [String]?
    }

    /// Synthesis conditions.
    public struct ConditionMapping: Sendable, Codable, Equatable {
        /// Source (or sources) of the schema field `injectionTemperature`.
        public var injectionTemperature: FieldSource?
        /// Source (or sources) of the schema field `growthTemperature`.
        public var growthTemperature: FieldSource?
        /// Source (or sources) of the schema field `reactionTime`.
        public var reactionTime: FieldSource?
        /// Source (or sources) of the schema field `rampRate`.
        public var rampRate: FieldSource?
        /// Source (or sources) of the schema field `totalVolume`.
        public var totalVolume: FieldSource?
        /// Source (or sources) of the schema field `atmosphere`.
        public var atmosphere: FieldSource?
        /// Source (or sources) of the schema field `procedure`.
        public var procedure: FieldSource?
        /// Other numeric conditions by name.
        public var other: [String: FieldSource]?
    }

    /// Outcome fields.
    public struct OutcomeMapping: Sendable, Codable, Equatable {
        /// Source (or sources) of the schema field `absorptionPeak`.
        public var absorptionPeak: FieldSource?
        /// Source (or sources) of the schema field `emissionPeak`.
        public var emissionPeak: FieldSource?
        /// Source (or sources) of the schema field `emissionFWHM`.
        public var emissionFWHM: FieldSource?
        /// Source (or sources) of the schema field `plqy`.
        public var plqy: FieldSource?
        /// Source (or sources) of the schema field `diameter`.
        public var diameter: FieldSource?
        /// Source (or sources) of the schema field `diameterMethod`.
        public var diameterMethod: FieldSource?
        /// Source (or sources) of the schema field `sizeDispersion`.
        public var sizeDispersion: FieldSource?
        /// Source (or sources) of the schema field `shape`.
        public var shape: FieldSource?
        /// Source (or sources) of the schema field `yield`.
        public var yield: FieldSource?
        /// Source (or sources) of the schema field `stability`.
        public var stability: FieldSource?
        /// Other numeric outcomes by name.
        public var other: [String: FieldSource]?
    }

    /// Provenance fields.
    public struct ProvenanceMapping: Sendable, Codable, Equatable {
        /// Source (or sources) of the schema field `doi`.
        public var doi: FieldSource?
        /// Source (or sources) of the schema field `citation`.
        public var citation: FieldSource?
        /// Source (or sources) of the schema field `notebookId`.
        public var notebookId: FieldSource?
        /// Source (or sources) of the schema field `instrument`.
        public var instrument: FieldSource?
        /// Source (or sources) of the schema field `date`.
        public var date: FieldSource?
        /// Replaces the default `sourceFile` (the imported file's name), for a table derived from other files
        /// (e.g. the raw spectra a row was computed from). `sourceLine` still counts lines of the imported file.
        public var sourceFile: FieldSource?
    }

    /// Reads a mapping from YAML text.
    /// - Throws: `DataError.invalidMapping` naming the YAML problem (unknown key types, missing `dataset`,
    ///   `material` or `method`, a role or version that is not allowed).
    public static func parse(yaml: String, fileName: String = "mapping") throws -> ImportMapping {
        let mapping: ImportMapping
        do { mapping = try YAMLDecoder().decode(ImportMapping.self, from: yaml) } catch {
            throw DataError(.invalidMapping, "\(fileName) is not a valid mapping file: \(error) (rule: docs/data.md, 'Mapping files'). Fix the YAML.")
        }
        guard mapping.mappingVersion == 1 else {
            throw DataError(.invalidMapping, "\(fileName) has mappingVersion \(mapping.mappingVersion) (rule: this QDLab reads version 1). Upgrade QDLab or rewrite the mapping.")
        }
        guard !mapping.dataset.name.isEmpty, !mapping.dataset.name.contains("/") else {
            throw DataError(.invalidMapping, "\(fileName): dataset name '\(mapping.dataset.name)' is empty or contains '/' (rule: a short name such as 'my-lab-2026'). Fix `dataset.name`.")
        }
        return mapping
    }

    /// Reads a mapping file.
    /// - Throws: `DataError.invalidMapping` when the file cannot be read or parsed.
    public static func load(from url: URL) throws -> ImportMapping {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw DataError(.invalidMapping, "Cannot read mapping file \(url.path) (rule: a readable UTF-8 YAML file). Check the path.")
        }
        return try parse(yaml: text, fileName: url.lastPathComponent)
    }

    /// Every field source in the mapping with its schema path, for column checks.
    var allSources: [(path: String, source: FieldSource)] {
        var sources: [(String, FieldSource)] = [("material.core", material.core), ("method", method)]
        if let status { sources.append(("status", status)) }
        if let failureMode { sources.append(("status.failureMode", failureMode)) }
        let groups: [(String, [ReagentMapping]?)] = [
            ("precursors", precursors), ("solvents", solvents), ("ligands", ligands), ("acids", acids), ("additives", additives),
        ]
        for (key, list) in groups {
            for (index, reagent) in (list ?? []).enumerated() {
                sources.append(("synthesis.\(key)[\(index)].name", reagent.name))
                if let amount = reagent.amount { sources.append(("synthesis.\(key)[\(index)].amount", amount)) }
                if let concentration = reagent.concentration { sources.append(("synthesis.\(key)[\(index)].concentration", concentration)) }
                if let mass = reagent.massCheck { sources.append(("synthesis.\(key)[\(index)].massCheck", mass)) }
            }
        }
        if let c = conditions {
            let named: [(String, FieldSource?)] = [
                ("injectionTemperature", c.injectionTemperature), ("growthTemperature", c.growthTemperature),
                ("reactionTime", c.reactionTime), ("rampRate", c.rampRate), ("totalVolume", c.totalVolume),
                ("atmosphere", c.atmosphere), ("procedure", c.procedure),
            ]
            for case let (key, source?) in named { sources.append(("synthesis.\(key)", source)) }
            for (key, source) in (c.other ?? [:]).sorted(by: { $0.key < $1.key }) { sources.append(("synthesis.otherConditions.\(key)", source)) }
        }
        if let o = outcomes {
            let named: [(String, FieldSource?)] = [
                ("absorptionPeak", o.absorptionPeak), ("emissionPeak", o.emissionPeak), ("emissionFWHM", o.emissionFWHM),
                ("plqy", o.plqy), ("diameter", o.diameter), ("diameterMethod", o.diameterMethod),
                ("sizeDispersion", o.sizeDispersion), ("shape", o.shape), ("yield", o.yield), ("stability", o.stability),
            ]
            for case let (key, source?) in named { sources.append(("outcomes.\(key)", source)) }
            for (key, source) in (o.other ?? [:]).sorted(by: { $0.key < $1.key }) { sources.append(("outcomes.otherOutcomes.\(key)", source)) }
        }
        if let p = provenance {
            let named: [(String, FieldSource?)] = [
                ("doi", p.doi), ("citation", p.citation), ("notebookId", p.notebookId), ("instrument", p.instrument), ("date", p.date),
                ("sourceFile", p.sourceFile),
            ]
            for case let (key, source?) in named { sources.append(("provenance.\(key)", source)) }
        }
        return sources
    }
}

import Foundation

/// Export formats for `Exporter.export`.
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    /// One flat row per record, canonical units in the column names.
    case csv
    /// `{"schemaVersion": 1, "dataset": …, "records": [schema v1 records]}`.
    case json
    /// schema.org `Dataset` metadata as JSON-LD (for catalogues and search engines).
    case jsonld
    /// A Markdown datasheet: what the data is, where it came from, coverage and every data-quality flag.
    case datasheet
}

/// Writes records out as CSV, JSON (schema v1), JSON-LD (schema.org Dataset) and Markdown datasheets.
public enum Exporter {
    /// Exports `records` of `dataset` in `format`.
    ///
    /// - Parameter provenanceText: PROVENANCE.md text appended to a datasheet (shipped datasets have one).
    /// - Throws: `DataError.schemaViolation` if a record cannot be encoded.
    /// - Complexity: O(records × fields).
    public static func export(_ records: [SynthesisRecord], dataset: DatasetInfo, format: ExportFormat, provenanceText: String? = nil) throws -> Data {
        switch format {
        case .csv: Data(csv(records).utf8)
        case .json: try json(records, dataset: dataset)
        case .jsonld: try jsonLD(records, dataset: dataset)
        case .datasheet: Data(datasheet(records, dataset: dataset, provenanceText: provenanceText).utf8)
        }
    }

    // MARK: JSON

    private struct JSONExport: Encodable {
        let schemaVersion: Int
        let dataset: DatasetInfo
        let records: [SynthesisRecord]
    }

    /// Schema v1 JSON: pretty-printed, sorted keys; each element of `records` validates against
    /// docs/schema/synthesis-v1.schema.json.
    /// - Throws: `DataError.schemaViolation` for a record that cannot be encoded.
    public static func json(_ records: [SynthesisRecord], dataset: DatasetInfo) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(JSONExport(schemaVersion: QDData.schemaVersion, dataset: dataset, records: records)) } catch {
            throw DataError(.schemaViolation, "Cannot encode dataset '\(dataset.name)' as JSON: \(error) (rule: finite quantities only). Check the records' values.")
        }
    }

    // MARK: CSV

    /// Flat CSV (RFC 4180, comma, CRLF-free): identity, conditions in canonical units, reagents as
    /// "name=amount unit" lists joined by "; ", outcomes, and the flag codes.
    public static func csv(_ records: [SynthesisRecord]) -> String {
        let otherConditions = Set(records.flatMap { $0.synthesis.otherConditions.keys }).sorted()
        let otherOutcomes = Set(records.flatMap { $0.outcomes.otherOutcomes.keys }).sorted()
        func unitOf(_ key: String, _ pick: (SynthesisRecord) -> Quantity?) -> String {
            records.lazy.compactMap(pick).first?.unit.symbol ?? "1"
        }
        var header = [
            "id", "dataset", "material", "shells", "dopants", "method", "status", "failure_mode", "doi", "citation",
            "injection_temperature_degC", "growth_temperature_degC", "reaction_time_min", "ramp_rate_degC_per_min",
            "total_volume_mL", "atmosphere", "precursors", "solvents", "ligands", "acids", "additives",
        ]
        header += otherConditions.map { key in "condition:\(key) [\(unitOf(key) { $0.synthesis.otherConditions[key] })]" }
        header += [
            "absorption_peak_nm", "emission_peak_nm", "emission_fwhm", "emission_fwhm_unit", "plqy_fraction",
            "diameter_nm", "diameter_method", "size_dispersion_fraction", "shape", "yield_fraction",
        ]
        header += otherOutcomes.map { key in "outcome:\(key) [\(unitOf(key) { $0.outcomes.otherOutcomes[key] })]" }
        header += ["flags", "source_file", "source_line"]

        var lines = [header.map(csvField).joined(separator: ",")]
        for record in records {
            let s = record.synthesis, o = record.outcomes, p = record.provenance
            var failureMode = ""
            if case .failed(let mode) = record.status { failureMode = mode.rawValue }
            var row = [
                record.id, p.dataset ?? "", s.material.core, s.material.shells.joined(separator: "/"),
                s.material.dopants.joined(separator: "/"), s.method.rawValue, record.status.state, failureMode,
                p.doi ?? "", p.citation ?? "", number(s.injectionTemperature), number(s.growthTemperature),
                number(s.reactionTime), number(s.rampRate), number(s.totalVolume), s.atmosphere?.rawValue ?? "",
            ]
            row += s.reagentGroups.map { group in
                group.reagents.map { reagent in
                    var text = reagent.name
                    if let amount = reagent.amount { text += "=\(format(amount.value)) \(amount.unit.symbol)" }
                    if let c = reagent.concentration { text += " @\(format(c.value)) \(c.unit.symbol)" }
                    return text
                }.joined(separator: "; ")
            }
            row += otherConditions.map { number(s.otherConditions[$0]) }
            row += [
                number(o.absorptionPeak), number(o.emissionPeak), number(o.emissionFWHM), o.emissionFWHM?.unit.symbol ?? "",
                number(o.plqy), number(o.diameter), o.diameterMethod?.rawValue ?? "", number(o.sizeDispersion),
                o.shape?.rawValue ?? "", number(o.yield),
            ]
            row += otherOutcomes.map { number(o.otherOutcomes[$0]) }
            row += [record.flags.map(\.code.rawValue).joined(separator: ";"), p.sourceFile ?? "", p.sourceLine.map(String.init) ?? ""]
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quantity value in canonical units ("" when missing).
    private static func number(_ quantity: Quantity?) -> String { quantity.map { format($0.canonical.value) } ?? "" }

    /// Shortest decimal that round-trips (Swift's description), without a trailing ".0".
    static func format(_ value: Double) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Quotes a field when it holds a comma, quote or line break (RFC 4180 §2.6–2.7).
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON-LD

    private struct LDVariable: Encodable {
        let type = "PropertyValue"
        let name: String
        let unitText: String?
        enum CodingKeys: String, CodingKey { case type = "@type", name, unitText }
    }

    private struct LDDataset: Encodable {
        let context = "https://schema.org/"
        let type = "Dataset"
        let name: String
        let alternateName: String
        let description: String
        let license: String?
        let citation: String?
        let identifier: String?
        let isBasedOn: String?
        let creditText: String?
        let keywords: [String]
        let variableMeasured: [LDVariable]
        let size: String
        let schemaVersion: String
        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type", name, alternateName, description, license, citation, identifier
            case isBasedOn, creditText, keywords, variableMeasured, size, schemaVersion
        }
    }

    /// schema.org `Dataset` metadata (JSON-LD): name, description, licence (SPDX URL), citation, DOI as
    /// identifier, upstream source, the variables measured with their canonical units, and the record count.
    /// - Throws: `DataError.schemaViolation` if encoding fails.
    public static func jsonLD(_ records: [SynthesisRecord], dataset: DatasetInfo) throws -> Data {
        var variables: [String: String?] = [:]
        for record in records {
            let o = record.outcomes
            let named: [(String, Quantity?)] = [
                ("absorptionPeak", o.absorptionPeak), ("emissionPeak", o.emissionPeak), ("emissionFWHM", o.emissionFWHM),
                ("plqy", o.plqy), ("diameter", o.diameter), ("sizeDispersion", o.sizeDispersion), ("yield", o.yield),
            ]
            for case let (name, quantity?) in named { variables[name] = quantity.canonical.unit.symbol }
            for (name, quantity) in o.otherOutcomes { variables[name] = quantity.canonical.unit.symbol }
        }
        let materials = Set(records.map(\.synthesis.material.core)).sorted()
        let methods = Set(records.map(\.synthesis.method.rawValue)).sorted()
        let document = LDDataset(
            name: dataset.title ?? dataset.name, alternateName: dataset.name,
            description: dataset.description ?? "Synthesis records in QDLab schema v1.",
            license: dataset.licence.map { "https://spdx.org/licenses/\($0).html" }, citation: dataset.citation,
            identifier: dataset.doi.map { "https://doi.org/\($0)" }, isBasedOn: dataset.source, creditText: dataset.copyright,
            keywords: ["quantum dots", "nanocrystal synthesis"] + materials + methods,
            variableMeasured: variables.keys.sorted().map { LDVariable(name: $0, unitText: variables[$0] ?? nil) },
            size: "\(records.count) records", schemaVersion: "QDLab synthesis record schema v1 (docs/schema/synthesis-v1.schema.json)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(document) } catch {
            throw DataError(.schemaViolation, "Cannot encode JSON-LD for '\(dataset.name)': \(error) (rule: valid UTF-8 metadata). Check the mapping's dataset section.")
        }
    }

    // MARK: Datasheet

    /// A Markdown datasheet (headings after Gebru et al., "Datasheets for Datasets", CACM 2021): summary,
    /// composition (counts, coverage of each outcome, groups by paper), data-quality flags with counts and
    /// meaning, licence and citation, then `provenanceText` (the dataset's PROVENANCE.md) verbatim.
    public static func datasheet(_ records: [SynthesisRecord], dataset: DatasetInfo, provenanceText: String? = nil) -> String {
        var md = "# Datasheet: \(dataset.title ?? dataset.name)\n\n"
        md += "- **Name**: `\(dataset.name)` (QDLab schema v\(QDData.schemaVersion))\n"
        if let licence = dataset.licence { md += "- **Licence**: \(licence)\(dataset.copyright.map { " (\($0))" } ?? "")\n" }
        if let citation = dataset.citation { md += "- **Cite**: \(citation)\n" }
        if let doi = dataset.doi { md += "- **DOI**: https://doi.org/\(doi)\n" }
        if let source = dataset.source { md += "- **Source**: \(source)\n" }
        if let description = dataset.description { md += "\n\(description)\n" }

        md += "\n## Composition\n\n| what | count |\n|---|---|\n| records | \(records.count) |\n"
        let byStatus = Dictionary(grouping: records, by: \.status.state).mapValues(\.count)
        for state in byStatus.keys.sorted() { md += "| status \(state) | \(byStatus[state] ?? 0) |\n" }
        let groups = Set(records.compactMap(\.provenance.groupKey))
        md += "| papers / groups (DOI, citation or notebook id) | \(groups.count) |\n"
        for (label, pick) in coverageFields {
            let n = records.filter { pick($0) }.count
            if n > 0 { md += "| with \(label) | \(n) |\n" }
        }

        md += "\n## Data-quality flags\n\nFlags mark values that were kept as given but deserve care. None is silently corrected.\n\n"
        var flagCounts: [DataFlag.Code: Int] = [:]
        for record in records { for flag in record.flags { flagCounts[flag.code, default: 0] += 1 } }
        if flagCounts.isEmpty {
            md += "No flags were raised.\n"
        } else {
            md += "| flag | records | meaning |\n|---|---|---|\n"
            for code in DataFlag.Code.allCases where flagCounts[code] != nil {
                md += "| `\(code.rawValue)` | \(flagCounts[code] ?? 0) | \(flagMeaning(code)) |\n"
            }
        }
        md += "\n## Uses\n\nValidate models with folds grouped by paper (`provenance.doi`, else `citation`): literature sets repeat "
        md += "recipes within a paper, and shuffled folds flatter the model. Re-derive the records from the raw file and the "
        md += "mapping with `qdlab data import FILE --mapping mapping.yaml`.\n"
        if let provenanceText {
            md += "\n## Provenance (PROVENANCE.md)\n" + ("\n" + provenanceText).replacingOccurrences(of: "\n# ", with: "\n### ").replacingOccurrences(of: "\n## ", with: "\n### ")
            if !md.hasSuffix("\n") { md += "\n" }
        }
        return md
    }

    private static let coverageFields: [(String, @Sendable (SynthesisRecord) -> Bool)] = [
        ("absorption peak", { $0.outcomes.absorptionPeak != nil }), ("emission peak", { $0.outcomes.emissionPeak != nil }),
        ("emission FWHM", { $0.outcomes.emissionFWHM != nil }), ("PLQY", { $0.outcomes.plqy != nil }),
        ("diameter", { $0.outcomes.diameter != nil }), ("growth temperature", { $0.synthesis.growthTemperature != nil }),
        ("reaction time", { $0.synthesis.reactionTime != nil }),
    ]

    private static func flagMeaning(_ code: DataFlag.Code) -> String {
        switch code {
        case .temperatureLooksLikeKelvin: "a °C value only plausible as kelvin"
        case .fractionLooksLikePercent: "a fraction above 1, plausible as %"
        case .implausibleInjectionTemperature: "hot injection below 100 °C"
        case .inconsistentAmount: "grams and mmol imply a molar mass > 10 % off the reagent's"
        case .computedDiameter: "diameter computed from absorbance with a sizing curve: exclude from size–optics fits"
        case .duplicateConditions: "identical synthesis inputs to another row of the same file"
        case .zeroPLQYWithEmission: "PLQY exactly 0 with an emission peak: probably not measured"
        case .outOfTypicalRange: "outside the field's usual range"
        }
    }
}

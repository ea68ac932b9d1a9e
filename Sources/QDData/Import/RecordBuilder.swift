import Foundation

/// What kind of number a field holds, and so which checks apply.
enum QuantityRule {
    /// Reagent amount: mass, substance or volume, ≥ 0.
    case amount
    /// Stock concentration, ≥ 0.
    case concentration
    /// Temperature, above absolute zero; °C values only plausible as kelvin are flagged.
    case temperature
    /// Time, ≥ 0.
    case time
    /// Heating rate, ≥ 0.
    case rate
    /// Volume, ≥ 0.
    case volume
    /// Wavelength or size, > 0.
    case length
    /// FWHM: length or energy, > 0.
    case width
    /// Fraction (PLQY, yield, dispersion): 0–1 after conversion; values 1–100 in a fraction column are flagged.
    case fraction
    /// Any finite number.
    case free

    var dimensions: Set<Dimension>? {
        switch self {
        case .amount: [.amountOfSubstance, .mass, .volume]
        case .concentration: [.concentration, .massConcentration]
        case .temperature: [.temperature]
        case .time: [.time]
        case .rate: [.heatingRate]
        case .volume: [.volume]
        case .length: [.length]
        case .width: [.length, .energy]
        case .fraction: [.fraction]
        case .free: nil
        }
    }
}

/// Turns rows into records under one mapping; validates the mapping against the header once.
struct RecordBuilder: Sendable {
    /// Cell texts read as "not reported" when the mapping does not say.
    static let defaultMissing = ["", "None", "NA", "N/A", "-"]
    let mapping: ImportMapping
    let columnIndex: [String: Int]
    let missing: Set<String>
    let fileName: String

    init(mapping: ImportMapping, header: [String], fileName: String) throws {
        self.mapping = mapping
        self.fileName = fileName
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil { index[name] = position }
        for position in header.indices { index["#\(position + 1)"] = position }
        self.columnIndex = index
        self.missing = Set(mapping.file?.missing ?? Self.defaultMissing)

        var problems: [String] = []
        var referenced = mapping.allSources.flatMap { path, source in
            [source.column, source.unitColumn].compactMap { $0 }.map { (path, $0) }
        }
        if let idColumn = mapping.idColumn { referenced.append(("idColumn", idColumn)) }
        for (path, column) in referenced where index[column] == nil {
            problems.append("\(path) names column '\(column)', which the file does not have")
        }
        if mapping.material.core.column == nil && mapping.material.core.value == nil {
            problems.append("material.core needs `column` or `value`")
        }
        for (path, source) in mapping.allSources where source.column == nil && source.value == nil {
            problems.append("\(path) needs `column` or `value`")
        }
        for (path, source, rule) in numericSources {
            guard let unitText = source.unit else {
                if source.unitColumn == nil { problems.append("\(path) has no `unit` (rule: every quantity has a unit)") }
                continue
            }
            do {
                let unit = try DataUnit.parse(unitText)
                if let allowed = rule.dimensions, !allowed.contains(unit.dimension) {
                    problems.append("\(path) has unit '\(unitText)' (\(unit.dimension.rawValue)); expected one of \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
                }
            } catch let error as DataError {
                problems.append("\(path): \(error.message)")
            }
        }
        guard problems.isEmpty else {
            let available = header.map { "'\($0)'" }.joined(separator: ", ")
            throw DataError(.invalidMapping, "Mapping '\(mapping.dataset.name)' does not fit \(fileName): " + problems.joined(separator: "; ") + ". Columns in the file: \(available). Fix the mapping file.")
        }
    }

    /// Every numeric source with its path and rule.
    private var numericSources: [(String, FieldSource, QuantityRule)] {
        var list: [(String, FieldSource, QuantityRule)] = []
        for (key, reagents) in reagentMappings {
            for (i, reagent) in reagents.enumerated() {
                if let s = reagent.amount { list.append(("synthesis.\(key)[\(i)].amount", s, .amount)) }
                if let s = reagent.concentration { list.append(("synthesis.\(key)[\(i)].concentration", s, .concentration)) }
                if let s = reagent.massCheck { list.append(("synthesis.\(key)[\(i)].massCheck", s, .amount)) }
            }
        }
        let c = mapping.conditions
        let conditions: [(String, FieldSource?, QuantityRule)] = [
            ("synthesis.injectionTemperature", c?.injectionTemperature, .temperature),
            ("synthesis.growthTemperature", c?.growthTemperature, .temperature),
            ("synthesis.reactionTime", c?.reactionTime, .time), ("synthesis.rampRate", c?.rampRate, .rate),
            ("synthesis.totalVolume", c?.totalVolume, .volume),
        ]
        let o = mapping.outcomes
        let outcomes: [(String, FieldSource?, QuantityRule)] = [
            ("outcomes.absorptionPeak", o?.absorptionPeak, .length), ("outcomes.emissionPeak", o?.emissionPeak, .length),
            ("outcomes.emissionFWHM", o?.emissionFWHM, .width), ("outcomes.plqy", o?.plqy, .fraction),
            ("outcomes.diameter", o?.diameter, .length), ("outcomes.sizeDispersion", o?.sizeDispersion, .fraction),
            ("outcomes.yield", o?.yield, .fraction),
        ]
        for case let (path, source?, rule) in conditions + outcomes { list.append((path, source, rule)) }
        for (key, source) in c?.other ?? [:] { list.append(("synthesis.otherConditions.\(key)", source, .free)) }
        for (key, source) in o?.other ?? [:] { list.append(("outcomes.otherOutcomes.\(key)", source, .free)) }
        return list
    }

    private var reagentMappings: [(String, [ReagentMapping])] {
        [("precursors", mapping.precursors ?? []), ("solvents", mapping.solvents ?? []), ("ligands", mapping.ligands ?? []),
         ("acids", mapping.acids ?? []), ("additives", mapping.additives ?? [])]
    }

    /// Builds the record of one row; rejected cells are recorded in `row`. Returns `nil` when the row cannot form
    /// a record at all (no material or method).
    func record(from row: inout RowReader, index: Int) -> SynthesisRecord? {
        let dataset = mapping.dataset
        var flags: [DataFlag] = []
        let key = mapping.idColumn.flatMap { row.text(FieldSource(column: $0)) } ?? "row-\(index + 1)"
        let id = "\(dataset.name)/\(key)"

        guard let core = row.text(mapping.material.core) else {
            row.reject(mapping.material.core.column ?? "material.core", "", "material.core is required")
            return nil
        }
        let material = MaterialSystem(core: core, shells: mapping.material.shells ?? [], dopants: mapping.material.dopants ?? [])
        guard let method: SynthesisMethod = row.choice(mapping.method, path: "method") else { return nil }

        var synthesis = Synthesis(material: material, method: method)
        var groups: [String: [Reagent]] = [:]
        for (key, reagentMappings) in reagentMappings {
            groups[key] = reagentMappings.compactMap { reagent(from: $0, row: &row, path: "synthesis.\(key)", flags: &flags) }
        }
        synthesis.precursors = groups["precursors"] ?? []
        synthesis.solvents = groups["solvents"] ?? []
        synthesis.ligands = groups["ligands"] ?? []
        synthesis.acids = groups["acids"] ?? []
        synthesis.additives = groups["additives"] ?? []
        if let c = mapping.conditions {
            synthesis.injectionTemperature = row.quantity(c.injectionTemperature, rule: .temperature, path: "synthesis.injectionTemperature", flags: &flags)
            synthesis.growthTemperature = row.quantity(c.growthTemperature, rule: .temperature, path: "synthesis.growthTemperature", flags: &flags)
            synthesis.reactionTime = row.quantity(c.reactionTime, rule: .time, path: "synthesis.reactionTime", flags: &flags)
            synthesis.rampRate = row.quantity(c.rampRate, rule: .rate, path: "synthesis.rampRate", flags: &flags)
            synthesis.totalVolume = row.quantity(c.totalVolume, rule: .volume, path: "synthesis.totalVolume", flags: &flags)
            synthesis.atmosphere = c.atmosphere.flatMap { row.choice($0, path: "synthesis.atmosphere") }
            synthesis.procedure = c.procedure.flatMap { row.text($0) }
            for (name, source) in c.other ?? [:] {
                if let q = row.quantity(source, rule: .free, path: "synthesis.otherConditions.\(name)", flags: &flags) {
                    synthesis.otherConditions[name] = q
                }
            }
        }
        if method == .hotInjection, let injection = synthesis.injectionTemperature, injection.value < 100 {
            flags.append(DataFlag(
                code: .implausibleInjectionTemperature, field: "synthesis.injectionTemperature",
                message: "Hot injection at \(injection.value) °C is too cold to nucleate (rule: usually 150–350 °C); possibly a heat-up synthesis or a typo. Kept as given."))
        }

        var outcomes = Outcomes()
        if let o = mapping.outcomes {
            outcomes.absorptionPeak = row.quantity(o.absorptionPeak, rule: .length, path: "outcomes.absorptionPeak", flags: &flags)
            outcomes.emissionPeak = row.quantity(o.emissionPeak, rule: .length, path: "outcomes.emissionPeak", flags: &flags)
            outcomes.emissionFWHM = row.quantity(o.emissionFWHM, rule: .width, path: "outcomes.emissionFWHM", flags: &flags)
            outcomes.plqy = row.quantity(o.plqy, rule: .fraction, path: "outcomes.plqy", flags: &flags)
            outcomes.diameter = row.quantity(o.diameter, rule: .length, path: "outcomes.diameter", flags: &flags)
            outcomes.diameterMethod = o.diameterMethod.flatMap { row.choice($0, path: "outcomes.diameterMethod") }
            outcomes.sizeDispersion = row.quantity(o.sizeDispersion, rule: .fraction, path: "outcomes.sizeDispersion", flags: &flags)
            outcomes.shape = o.shape.flatMap { row.choice($0, path: "outcomes.shape") }
            outcomes.yield = row.quantity(o.yield, rule: .fraction, path: "outcomes.yield", flags: &flags)
            outcomes.stability = o.stability.flatMap { row.text($0) }
            for (name, source) in o.other ?? [:] {
                if let q = row.quantity(source, rule: .free, path: "outcomes.otherOutcomes.\(name)", flags: &flags) {
                    outcomes.otherOutcomes[name] = q
                }
            }
        }
        let typicalRanges: [(String, Quantity?, ClosedRange<Double>, String)] = [
            ("outcomes.absorptionPeak", outcomes.absorptionPeak, 200...2500, "nm"),
            ("outcomes.emissionPeak", outcomes.emissionPeak, 200...2500, "nm"),
            ("outcomes.diameter", outcomes.diameter, 0.5...100, "nm"),
        ]
        for case let (path, quantity?, range, unit) in typicalRanges where !range.contains(quantity.value) {
            flags.append(DataFlag(
                code: .outOfTypicalRange, field: path,
                message: "\(quantity.value) \(unit) is outside the usual \(range.lowerBound)–\(range.upperBound) \(unit) for colloidal nanocrystals. Check the value and its unit; kept as given."))
        }
        if outcomes.diameterMethod == .sizingCurve, outcomes.diameter != nil {
            flags.append(DataFlag(
                code: .computedDiameter, field: "outcomes.diameter",
                message: "Diameter computed from the absorption peak with a sizing curve, not measured: leave it out when fitting or testing size–optics relations (circular)."))
        }
        if let plqy = outcomes.plqy, plqy.value == 0, outcomes.emissionPeak != nil {
            flags.append(DataFlag(
                code: .zeroPLQYWithEmission, field: "outcomes.plqy",
                message: "PLQY is exactly 0 although an emission peak is reported: probably 'not measured' rather than dark. Treat as missing for PLQY models."))
        }

        let status = self.status(row: &row)
        var provenance = Provenance(dataset: dataset.name, licence: dataset.licence, sourceFile: fileName, sourceLine: row.line)
        if let p = mapping.provenance {
            provenance.doi = p.doi.flatMap { row.text($0) }
            provenance.citation = p.citation.flatMap { row.text($0) }
            provenance.notebookId = p.notebookId.flatMap { row.text($0) }
            provenance.instrument = p.instrument.flatMap { row.text($0) }
            provenance.date = p.date.flatMap { row.text($0) }
            if let file = p.sourceFile.flatMap({ row.text($0) }) { provenance.sourceFile = file }
        }
        return SynthesisRecord(id: id, synthesis: synthesis, outcomes: outcomes, status: status, provenance: provenance, flags: flags)
    }

    private func status(row: inout RowReader) -> Status {
        guard let source = mapping.status, let text = row.text(source) else { return .succeeded }
        let column = source.column ?? "status"
        switch text {
        case "succeeded": return .succeeded
        case "inconclusive": return .inconclusive
        default:
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.first == "failed" else {
                row.reject(column, text, "status must be succeeded, failed, failed:<failure mode> or inconclusive")
                return .inconclusive
            }
            let modeText = parts.count == 2 ? parts[1] : mapping.failureMode.flatMap { row.text($0) } ?? "other"
            guard let mode = FailureMode(rawValue: modeText) else {
                row.reject(column, text, "failure mode must be one of \(FailureMode.allCases.map(\.rawValue).joined(separator: ", "))")
                return .inconclusive
            }
            return .failed(mode)
        }
    }

    private func reagent(from mapping: ReagentMapping, row: inout RowReader, path: String, flags: inout [DataFlag]) -> Reagent? {
        guard let name = row.text(mapping.name) else { return nil }
        let amount = row.quantity(mapping.amount, rule: .amount, path: "\(path).amount", flags: &flags)
        let concentration = row.quantity(mapping.concentration, rule: .concentration, path: "\(path).concentration", flags: &flags)
        if let amount, amount.unit.dimension == .amountOfSubstance, amount.value > 0,
            let mass = row.quantity(mapping.massCheck, rule: .amount, path: "\(path).massCheck", flags: &flags),
            mass.unit.dimension == .mass, mass.value > 0,
            let known = ReagentCatalogue.entry(named: name)?.molarMassGramsPerMole
        {
            let implied = mass.value / amount.value * 1e3  // g / mmol × 1000 = g/mol
            if abs(implied - known) / known > 0.10 {
                flags.append(DataFlag(
                    code: .inconsistentAmount, field: "\(path).amount",
                    message: "\(name): \(mass.value) g and \(amount.value) mmol imply \(String(format: "%.1f", implied)) g/mol, but its molar mass is \(String(format: "%.2f", known)) g/mol (rule: within 10 %). One of the two columns is wrong; the mmol value is kept."))
            }
        }
        return Reagent(name: name, role: mapping.role, amount: amount, concentration: concentration)
    }
}

/// Reads the cells of one row, recording every rejection with its line, column, value and rule.
struct RowReader {
    let cells: [String]
    let line: Int
    let builder: RecordBuilder
    private(set) var rejections: [CellRejection] = []

    init(cells: [String], line: Int, builder: RecordBuilder) {
        self.cells = cells
        self.line = line
        self.builder = builder
    }

    mutating func reject(_ column: String, _ value: String, _ rule: String) {
        rejections.append(CellRejection(line: line, column: column, value: value, rule: rule))
    }

    private func raw(_ column: String) -> String? {
        guard let index = builder.columnIndex[column], index < cells.count else { return nil }
        let cell = cells[index]
        // Trimming is costly on Linux Foundation; most cells need none.
        guard let first = cell.first, let last = cell.last, first.isWhitespace || last.isWhitespace else { return cell }
        return cell.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text of a source after translation, or `nil` when missing (and no default).
    func text(_ source: FieldSource) -> String? {
        var text: String?
        if let column = source.column {
            text = raw(column)
        } else {
            text = source.value
        }
        if let value = text, let translated = source.values?[value] { text = translated }
        if let value = text, builder.missing.contains(value) { text = nil }
        return text ?? source.default
    }

    /// A value from a closed vocabulary (a `RawRepresentable` enum over String).
    mutating func choice<T: RawRepresentable & CaseIterable>(_ source: FieldSource, path: String) -> T? where T.RawValue == String {
        guard let text = text(source) else { return nil }
        if let value = T(rawValue: text) { return value }
        reject(source.column ?? path, text, "\(path) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) (translate other words with `values:` in the mapping)")
        return nil
    }

    /// A quantity in canonical units, checked against `rule`; `nil` when missing or rejected.
    mutating func quantity(_ source: FieldSource?, rule: QuantityRule, path: String, flags: inout [DataFlag]) -> Quantity? {
        guard let source, let text = text(source) else { return nil }
        let column = source.column ?? path
        guard let number = parseNumber(text, column: column) else { return nil }
        var unitText = source.unit
        if let unitColumn = source.unitColumn { unitText = raw(unitColumn) ?? unitText }
        guard let unitText, let unit = try? DataUnit.parse(unitText) else {
            reject(source.unitColumn ?? column, source.unitColumn.flatMap { raw($0) } ?? "", "\(path): unit must be one of \(DataUnit.allCases.map(\.symbol).joined(separator: ", "))")
            return nil
        }
        if let allowed = rule.dimensions, !allowed.contains(unit.dimension) {
            reject(source.unitColumn ?? column, unitText, "\(path): unit must be of dimension \(allowed.map(\.rawValue).sorted().joined(separator: " or "))")
            return nil
        }
        let given = Quantity(number, unit)
        let canonical = given.canonical
        switch rule {
        case .amount, .concentration, .time, .rate, .volume:
            guard number >= 0 else { reject(column, text, "\(path) must be ≥ 0"); return nil }
        case .length, .width:
            guard number > 0 else { reject(column, text, "\(path) must be > 0"); return nil }
        case .temperature:
            guard canonical.value >= -273.15 else { reject(column, text, "\(path) must be above absolute zero (−273.15 °C)"); return nil }
            if unit == .celsius, number > 400, number - 273.15 >= 20 {
                flags.append(DataFlag(
                    code: .temperatureLooksLikeKelvin, field: path,
                    message: "\(number) °C is hotter than colloidal syntheses run (rule: ≤ 400 °C); as kelvin it would be \(String(format: "%.2f", number - 273.15)) °C. Check the unit; kept as given."))
            }
        case .fraction:
            guard number >= 0 else { reject(column, text, "\(path) must be ≥ 0"); return nil }
            guard canonical.value <= 1 || (unit == .fraction && number <= 100) else {
                reject(column, text, "\(path) must be at most 100 % (a fraction ≤ 1)"); return nil
            }
            if unit == .fraction, number > 1 {
                flags.append(DataFlag(
                    code: .fractionLooksLikePercent, field: path,
                    message: "\(number) in a fraction column is only possible as a percentage. Set `unit: \"%\"` in the mapping if the whole column is in %; kept as given."))
            }
        case .free:
            break
        }
        return canonical
    }

    /// Characters a plain decimal number may contain.
    private static let numberCharacters: Set<Character> = Set("0123456789+-.eE")

    /// Parses a decimal number strictly: `.` as decimal point, optional exponent; no NaN, ∞, hex or commas.
    private mutating func parseNumber(_ text: String, column: String) -> Double? {
        if text.allSatisfy({ Self.numberCharacters.contains($0) }), let value = Double(text), value.isFinite { return value }
        let lower = text.lowercased()
        if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
            reject(column, text, "numbers must be finite (NaN and infinity are not measurements; leave the cell empty if not measured)")
            return nil
        }
        if text.contains(","), text.allSatisfy({ Self.numberCharacters.contains($0) || $0 == "," }) {
            reject(column, text, "decimal point must be '.' (this looks like a decimal comma or a thousands separator)")
            return nil
        }
        reject(column, text, "must be a decimal number such as 12.5 or 1.2e-3")
        return nil
    }
}

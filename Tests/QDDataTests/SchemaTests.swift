import Foundation
import Testing

@testable import QDData

/// Checks that docs/schema/synthesis-v1.schema.json and the Codable types agree.
///
/// A small structural validator (type, required, properties, additionalProperties, enum, const, items, $ref,
/// if/then on `state`) is used instead of python's jsonschema so the test runs wherever Swift does.
@Suite("JSON Schema v1")
struct SchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/schema/synthesis-v1.schema.json")

    func loadSchema() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func enumValues(_ schema: [String: Any], _ path: [String]) -> Set<String> {
        var node: Any? = schema
        for key in path { node = (node as? [String: Any])?[key] }
        return Set(((node as? [String: Any])?["enum"] as? [String]) ?? [])
    }

    @Test func enumsMatchTheSwiftTypes() throws {
        let schema = try loadSchema()
        #expect(enumValues(schema, ["$defs", "Quantity", "properties", "unit"]) == Set(DataUnit.allCases.map(\.symbol)))
        #expect(enumValues(schema, ["$defs", "Synthesis", "properties", "method"]) == Set(SynthesisMethod.allCases.map(\.rawValue)))
        #expect(enumValues(schema, ["$defs", "Status", "properties", "failureMode"]) == Set(FailureMode.allCases.map(\.rawValue)))
        #expect(enumValues(schema, ["$defs", "Outcomes", "properties", "diameterMethod"]) == Set(SizingMethod.allCases.map(\.rawValue)))
        #expect(enumValues(schema, ["$defs", "DataFlag", "properties", "code"]) == Set(DataFlag.Code.allCases.map(\.rawValue)))
        #expect(enumValues(schema, ["$defs", "Reagent", "properties", "role"]) == Set(ReagentRole.allCases.map(\.rawValue)))
    }

    /// Every record of every shipped dataset, plus a failed run with all fields set, validates.
    @Test func recordsValidateAgainstTheSchema() throws {
        let schema = try loadSchema()
        var records: [SynthesisRecord] = [Self.fullRecord]
        for dataset in try ShippedDatasets.all() {
            records += try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records
        }
        for record in records {
            let json = try JSONSerialization.jsonObject(with: try record.canonicalJSON())
            let problems = validate(json, against: schema, root: schema, path: "$")
            #expect(problems.isEmpty, "\(record.id): \(problems.prefix(3))")
        }
        #expect(records.count == 1 + 220 + 234 + 289 + 467 + 164 + 144 + 26)
    }

    @Test func validatorCatchesViolations() throws {
        let schema = try loadSchema()
        var json = try #require(try JSONSerialization.jsonObject(with: try Self.fullRecord.canonicalJSON()) as? [String: Any])
        json["status"] = ["state": "failed"]  // failed without a failure mode
        json.removeValue(forKey: "provenance")
        json["unexpected"] = 1
        let problems = validate(json, against: schema, root: schema, path: "$")
        #expect(problems.contains { $0.contains("provenance") })
        #expect(problems.contains { $0.contains("failureMode") })
        #expect(problems.contains { $0.contains("unexpected") })
    }

    static let fullRecord = SynthesisRecord(
        id: "lab/run-1",
        synthesis: Synthesis(
            material: MaterialSystem(core: "InP", shells: ["ZnSe", "ZnS"], dopants: ["Ga"]), method: .heatUp,
            precursors: [Reagent(name: "indium acetate", role: .metal, amount: Quantity(0.2, .millimole))],
            solvents: [Reagent(name: "octadecene", amount: Quantity(10, .millilitre))],
            ligands: [Reagent(name: "oleylamine", amount: Quantity(1, .millilitre))],
            acids: [Reagent(name: "oleic acid", amount: Quantity(0.6, .millimole))],
            additives: [Reagent(name: "zinc chloride", amount: Quantity(0.5, .millimole), concentration: Quantity(0.1, .molePerLitre))],
            injectionTemperature: Quantity(150, .celsius), growthTemperature: Quantity(300, .celsius),
            reactionTime: Quantity(30, .minute), rampRate: Quantity(10, .celsiusPerMinute), totalVolume: Quantity(12, .millilitre),
            atmosphere: .nitrogen, otherConditions: ["stirring": Quantity(600, .one)], procedure: "Degas 1 h at 120 °C."),
        outcomes: Outcomes(
            absorptionPeak: Quantity(560, .nanometre), emissionPeak: Quantity(610, .nanometre), emissionFWHM: Quantity(45, .nanometre),
            plqy: Quantity(0.1, .fraction), diameter: Quantity(3.2, .nanometre), diameterMethod: .tem,
            sizeDispersion: Quantity(0.1, .fraction), shape: .sphere, yield: Quantity(0.5, .fraction), stability: "stable 30 d",
            otherOutcomes: ["score": Quantity(1, .one)]),
        status: .failed(.aggregation),
        provenance: Provenance(doi: "10.1000/x", citation: "A. B., J. X (2026)", notebookId: "NB-1", dataset: "lab", licence: "CC-BY-4.0", instrument: "Cary 5000", date: "2026-11-22", sourceFile: "runs.csv", sourceLine: 2),
        flags: [DataFlag(code: .outOfTypicalRange, field: "outcomes.plqy", message: "m")])
}

/// Minimal JSON Schema (2020-12 subset) validation; returns one message per violation.
func validate(_ value: Any, against schema: [String: Any], root: [String: Any], path: String) -> [String] {
    if let ref = schema["$ref"] as? String {
        let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
        guard let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] else { return ["\(path): unresolved \(ref)"] }
        return validate(value, against: target, root: root, path: path)
    }
    var problems: [String] = []
    if let allowed = schema["enum"] as? [String], !allowed.contains((value as? String) ?? "\u{0}") {
        problems.append("\(path): \(value) not in enum")
    }
    if let constant = schema["const"] {
        if "\(constant)" != "\(value)" { problems.append("\(path): \(value) ≠ const \(constant)") }
    }
    switch schema["type"] as? String {
    case "object":
        guard let object = value as? [String: Any] else { return problems + ["\(path): not an object"] }
        for key in (schema["required"] as? [String]) ?? [] where object[key] == nil { problems.append("\(path): missing required \(key)") }
        let properties = (schema["properties"] as? [String: Any]) ?? [:]
        for (key, member) in object {
            if let propertySchema = properties[key] as? [String: Any] {
                problems += validate(member, against: propertySchema, root: root, path: "\(path).\(key)")
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                problems += validate(member, against: additional, root: root, path: "\(path).\(key)")
            } else if (schema["additionalProperties"] as? Bool) == false {
                problems.append("\(path): unexpected key \(key)")
            }
        }
        if let condition = schema["if"] as? [String: Any], let then = schema["then"] as? [String: Any],
            let conditionProperties = condition["properties"] as? [String: [String: Any]]
        {
            let holds = conditionProperties.allSatisfy { key, sub in "\(object[key] ?? "")" == "\(sub["const"] ?? "")" }
            if holds { for key in (then["required"] as? [String]) ?? [] where object[key] == nil { problems.append("\(path): missing required \(key)") } }
        }
    case "array":
        guard let array = value as? [Any] else { return problems + ["\(path): not an array"] }
        if let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { problems += validate(item, against: items, root: root, path: "\(path)[\(index)]") }
        }
    case "string":
        if !(value is String) { problems.append("\(path): not a string") }
    case "number":
        if !(value is NSNumber) { problems.append("\(path): not a number") }
    case "integer":
        if (value as? NSNumber).map({ $0.doubleValue != $0.doubleValue.rounded() }) ?? true { problems.append("\(path): not an integer") }
    default:
        break
    }
    return problems
}

@Suite("Canonical JSON writer")
struct CanonicalJSONTests {
    /// The hand-written writer and JSONEncoder (sorted keys) give the same JSON object for every shipped record and
    /// for records with awkward strings; and the output decodes back to an equal record.
    @Test func writerAgreesWithJSONEncoder() throws {
        var records = [SchemaTests.fullRecord]
        var awkward = SchemaTests.fullRecord
        awkward.id = "lab/quote\"back\\slash/new\nline\ttab\u{1}µ–é"
        awkward.synthesis.procedure = "Heat to 300 °C; add \"TOP-Se\" (1 M)\r\n"
        awkward.status = .succeeded
        awkward.synthesis.otherConditions = [:]
        awkward.outcomes = Outcomes()
        records.append(awkward)
        for dataset in try ShippedDatasets.all() {
            records += try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for record in records {
            let written = try record.canonicalJSON()
            let reference = try encoder.encode(record)
            let a = try JSONSerialization.jsonObject(with: written) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(a != nil && a == b, "\(record.id)")
            #expect(try SynthesisRecord.decode(json: written) == record)
        }
    }

    @Test func nonFiniteQuantitiesAreRefused() {
        var record = SchemaTests.fullRecord
        record.outcomes.plqy = Quantity(.nan, .fraction)
        #expect(throws: DataError.self) { try record.canonicalJSON() }
    }
}

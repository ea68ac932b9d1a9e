import Foundation

/// A data-quality finding attached to a record: flagged, never silently "fixed".
public struct DataFlag: Sendable, Codable, Equatable, Hashable {
    /// What kind of problem was seen.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// A °C temperature that is only plausible as kelvin (e.g. 553 "°C" = 279.85 °C if it was K).
        case temperatureLooksLikeKelvin = "temperature-looks-like-kelvin"
        /// A fraction (PLQY, yield) above 1 that is plausible as a percentage.
        case fractionLooksLikePercent = "fraction-looks-like-percent"
        /// Hot injection at a temperature too low to nucleate (< 100 °C).
        case implausibleInjectionTemperature = "implausible-injection-temperature"
        /// Mass and amount of a reagent imply a molar mass more than 10 % away from the known one.
        case inconsistentAmount = "inconsistent-amount"
        /// The diameter was computed from the absorption peak with a sizing curve, not measured.
        case computedDiameter = "computed-diameter"
        /// Another row of the same file has identical synthesis inputs.
        case duplicateConditions = "duplicate-conditions"
        /// PLQY exactly 0 while an emission peak is reported.
        case zeroPLQYWithEmission = "zero-plqy-with-emission"
        /// A value outside the range the field usually takes (kept, but worth a look).
        case outOfTypicalRange = "out-of-typical-range"
    }

    /// What kind of problem was seen.
    public var code: Code
    /// Schema path of the field, e.g. "synthesis.injectionTemperature".
    public var field: String
    /// What was seen and what to do about it.
    public var message: String

    /// Creates a flag.
    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

/// One experiment in schema v1: what was done, what came out, whether it worked and where it came from.
///
/// JSON form: docs/schema/synthesis-v1.schema.json. Records are values; the store keeps their versions.
public struct SynthesisRecord: Sendable, Codable, Equatable, Hashable, Identifiable {
    /// Stable id, unique in a store: "<dataset>/<row key>" for imported rows.
    public var id: String
    /// Always `QDData.schemaVersion` (1) for records written by this module.
    public var schemaVersion: Int
    /// What was done: the inputs.
    public var synthesis: Synthesis
    /// What came out: the measured outputs.
    public var outcomes: Outcomes
    /// Whether it worked (failed runs are kept).
    public var status: Status
    /// Where the record came from.
    public var provenance: Provenance
    /// Data-quality findings; empty when none.
    public var flags: [DataFlag]

    /// Creates a record in schema v1.
    public init(
        id: String, synthesis: Synthesis, outcomes: Outcomes = Outcomes(), status: Status = .succeeded,
        provenance: Provenance = Provenance(), flags: [DataFlag] = []
    ) {
        self.id = id
        self.schemaVersion = QDData.schemaVersion
        self.synthesis = synthesis
        self.outcomes = outcomes
        self.status = status
        self.provenance = provenance
        self.flags = flags
    }

    /// Canonical JSON: sorted keys, no whitespace, `/` unescaped, absent optionals omitted. Equal records give
    /// equal bytes. Written by a dedicated writer (see `CanonicalJSONWriter`), parsed back by `JSONDecoder`.
    /// - Throws: `DataError.schemaViolation` if a quantity is NaN or infinite.
    public func canonicalJSON() throws -> Data { try CanonicalJSONWriter.encode(self) }

    /// SHA-256 (hex) of `canonicalJSON()`: the record's content hash, used to skip unchanged re-imports.
    /// - Throws: as `canonicalJSON()`.
    public func contentHash() throws -> String { SHA256.hex(of: try canonicalJSON()) }

    /// Decodes a record from JSON written by `canonicalJSON()` or the JSON exporter.
    /// - Throws: `DataError.schemaViolation` naming the decoding problem.
    public static func decode(json: Data) throws -> SynthesisRecord {
        do { return try JSONDecoder().decode(SynthesisRecord.self, from: json) } catch {
            throw DataError(.schemaViolation, "Not a schema v1 record: \(error) (rule: docs/schema/synthesis-v1.schema.json). Check the JSON against the schema.")
        }
    }
}

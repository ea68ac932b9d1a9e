import Foundation
import QDTwin

// The client's view of the JSON of instrument protocol v1 (docs/drivers.md): only the fields the driver reads or
// writes. QDServer has the server's view; the targets cannot share a file (neither imports the other), and the
// end-to-end tests run this driver against that server so the two cannot drift silently.

/// What the driver sends to `POST /v1/experiments`.
struct SubmissionBody: Encodable {
    let id: String
    let recipe: Recipe
    let seed: UInt64
}

/// What the driver reads from an experiment answer.
struct ExperimentBody: Decodable {
    /// "queued", "running", "done" or "error".
    let status: String
    let measurement: ReactorMeasurement?
    let error: ErrorBody?
}

/// An error answer, or the `error` of an experiment in state "error".
struct ErrorBody: Decodable {
    let error: String
    let message: String
}

/// Coders matching the protocol: non-finite numbers travel as "NaN", "Infinity", "-Infinity".
enum ClientJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}

/// What `GET /v1/health` reports about an instrument.
public struct InstrumentHealth: Sendable, Codable, Equatable {
    /// "ok" when the instrument accepts experiments.
    public let status: String
    /// Protocol name, "qdlab-instrument".
    public let `protocol`: String
    /// Protocol version; this driver speaks 1.
    public let version: Int
    /// The instrument's reactor name, e.g. "twin".
    public let reactor: String
    /// Experiments in the instrument's log, if it says (optional in the protocol).
    public let experiments: Int?
}

import Foundation
import QDTwin

// The JSON shapes of the instrument protocol v1 (docs/drivers.md), as the server writes and reads them.
// QDDrivers has its own copy of the client side: the two targets cannot import each other (layering), and a
// lab writing a driver for its own robot works from docs/drivers.md, not from these types. The end-to-end tests
// run the real driver against the real server, so the two copies cannot drift silently.

/// Version path segment and identifier of the protocol.
enum InstrumentProtocolVersion {
    /// The path prefix of every endpoint.
    static let pathPrefix = "v1"
    /// The protocol name reported by `GET /v1/health`.
    static let name = "qdlab-instrument"
    /// The protocol version reported by `GET /v1/health`.
    static let number = 1
}

/// Body of `POST /v1/experiments`.
struct ExperimentSubmission: Codable, Sendable {
    /// Client-chosen experiment id (the idempotency key); the server makes one up when absent.
    var id: String?
    /// The recipe to run.
    var recipe: Recipe
    /// Seed for everything random the reactor adds.
    var seed: UInt64
}

/// Where an experiment is in its life.
enum ExperimentState: String, Codable, Sendable {
    /// Accepted, waiting for a free reactor.
    case queued
    /// Running on a reactor (including the simulated run delay).
    case running
    /// Finished with a measurement (which may itself be a failed synthesis).
    case done
    /// The reactor could not run it; `error` says why.
    case error
}

/// The error body every non-2xx answer carries, and the `error` of an experiment in state `error`.
struct WireError: Error, Codable, Sendable, Equatable {
    /// Machine-readable code, e.g. "invalid-recipe" (see `WireErrorCode`).
    var error: String
    /// What happened, the rule and the way out (for recipes: the reactor's own message).
    var message: String
}

/// The codes used in `WireError.error`.
enum WireErrorCode {
    static let badRequest = "bad-request"
    static let invalidExperimentID = "invalid-experiment-id"
    static let invalidRecipe = "invalid-recipe"
    static let unsupportedMaterial = "unsupported-material"
    static let conflict = "conflict"
    static let notFound = "not-found"
    static let simulationFailed = "simulation-failed"
    static let characterisationFailed = "characterisation-failed"
    static let equipmentError = "equipment-error"
    static let internalError = "internal-error"
}

/// Body of every experiment answer (`POST` and `GET /v1/experiments/{id}`).
struct ExperimentResource: Codable, Sendable {
    var id: String
    var status: ExperimentState
    var recipe: Recipe
    var seed: UInt64
    /// Present when `status` is `done`.
    var measurement: ReactorMeasurement?
    /// Present when `status` is `error`.
    var error: WireError?
}

/// Body of `GET /v1/health`.
struct InstrumentHealthBody: Codable, Sendable {
    var status: String
    var `protocol`: String
    var version: Int
    var reactor: String
    var parallelRuns: Int
    var runDelayMilliseconds: Int
    /// Experiments in the log (each id once, whatever its state).
    var experiments: Int
}

/// The protocol's JSON coders: sorted keys, and non-finite numbers as the strings "NaN", "Infinity",
/// "-Infinity" (plain JSON has no way to carry them, and a NaN in a recipe must reach the reactor's validation).
enum InstrumentJSON {
    static let nonFinite = (positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return decoder
    }
}

/// The rule for experiment ids: 1–128 characters from A–Z a–z 0–9 `.` `_` `~` `-` (URL path-safe unreserved
/// characters, so an id is one path segment without escaping).
enum ExperimentID {
    static let maximumLength = 128

    static func isValid(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= maximumLength else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}

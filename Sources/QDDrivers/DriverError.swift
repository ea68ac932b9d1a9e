/// The one public error type of QDDrivers: an instrument that cannot be reached or cannot answer.
///
/// Recipes an instrument rejects are not `DriverError`s: drivers rethrow them as `TwinError.invalidRecipe` (or
/// `.unsupportedMaterial`) with the instrument's own message, as the `Reactor` contract asks. Messages name the
/// value, the rule and the way out, e.g. "Cannot connect to the instrument at http://127.0.0.1:9/v1/experiments
/// (connection refused). Start it (qdlab instrument serve) or check --reactor-url."
public struct DriverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        /// A driver setting outside its rule (URL scheme, non-positive interval or timeout).
        case invalidConfiguration
        /// An experiment id the protocol does not allow.
        case invalidExperimentID
        /// No connection to the instrument (refused, unknown host, connection lost).
        case connectionFailed
        /// A request, or the whole experiment, took longer than its timeout.
        case timeout
        /// The experiment id is already taken by a different recipe or seed (HTTP 409).
        case conflict
        /// The instrument no longer knows an experiment it accepted (HTTP 404 while waiting; it restarted).
        case experimentLost
        /// The instrument reported an equipment failure while running the experiment.
        case equipmentError
        /// An HTTP status the protocol does not expect at that point (with the instrument's message).
        case unexpectedStatus
        /// A body that is not the protocol's JSON, or a different protocol version.
        case invalidResponse
    }

    /// The category of the failure.
    public let kind: Kind
    /// What happened, the rule and the way out.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

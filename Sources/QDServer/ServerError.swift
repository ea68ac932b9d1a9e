/// The one public error type of QDServer.
///
/// Messages name the value, the rule and the way out, e.g. "Port 70000 is not valid (rule: 0 to 65535; 0 picks
/// a free port). Pass --port 0 or a free port."
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        /// A server setting outside its rule (port, delay, parallel runs, host).
        case invalidConfiguration
        /// The address could not be bound (port in use, unknown host).
        case bindFailed
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

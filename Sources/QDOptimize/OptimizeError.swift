/// The one public error type of QDOptimize.
///
/// Messages name the value received, the rule it broke and the way out, e.g.
/// "Parameter 'temperature' = 400 is outside its range 150…250. Observe points inside the space or widen the range."
public struct OptimizeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Kind: String, Sendable, Codable {
        /// A search-space definition that cannot be used (empty range, duplicate name, bad constraint).
        case invalidSpace
        /// The constraints admit no point: the space is empty.
        case infeasibleSpace
        /// A point or observation that does not fit the space (unknown name, out of range, unknown level).
        case invalidPoint
        /// A NaN or infinite objective value, or another invalid observation.
        case invalidObservation
        /// An optimiser setting outside its documented range.
        case invalidSetting
        /// The surrogate or an inner optimisation failed numerically.
        case numericalFailure
        /// A saved state that does not belong to the search space it is resumed with.
        case stateMismatch
    }

    /// The category of the failure.
    public let kind: Kind
    /// A human-readable message: the value, the rule and the way out.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

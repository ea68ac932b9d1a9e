/// The one public error type of QDCore.
///
/// Every message names the offending value, the rule it broke and the way out, e.g.
/// "Cholesky factorisation failed: matrix (3 × 3) is not positive definite even with jitter 1e-6 added to
/// the diagonal (rule: covariance matrices must be symmetric positive definite). Check for duplicate rows
/// or add a white-noise term."
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        case shapeMismatch
        case invalidArgument
        case notPositiveDefinite
        case singular
        case noConvergence
        case libraryFailure
        case noBracket
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

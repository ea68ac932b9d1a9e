/// The one public error type of QDLearn.
///
/// Messages name the value received, the rule it broke and the way out, e.g.
/// "The 'alpha' parameter of Ridge must be ≥ 0. Got -1."
public struct LearnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it (the CLI maps kinds to exit codes).
    public enum Kind: String, Sendable, Codable {
        /// A hyperparameter outside its documented range.
        case invalidHyperparameter
        /// NaN or ∞ in the features or the target, or another invalid value in the data.
        case invalidInput
        /// Rows of `x` and entries of `y` disagree, or predict sees a different column count than fit.
        case shapeMismatch
        /// Fewer rows than the model or the validation scheme needs.
        case tooFewRows
        /// A numerical step failed (a kernel matrix not positive definite even with jitter, an optimiser failure).
        case numericalFailure
        /// A C library (XGBoost, libsvm) reported an error; its message is included.
        case libraryFailure
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

/// The one public error type of QDAnalysis.
///
/// Every message names the offending value, the rule it broke and the way out, e.g.
/// "Spectrum 'run4' has a non-monotone wavelength axis at row 12 (412.0 after 413.5 nm) (rule: the axis must be
/// strictly increasing or strictly decreasing). Sort the rows or remove the repeated scan."
public struct AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        /// A file or array with no usable data (empty, header only, a single column).
        case emptyInput
        /// A file that cannot be parsed (bad numbers, broken JCAMP-DX, unsupported compression).
        case malformedFile
        /// A value outside its allowed range (NaN, negative width, window larger than the data …).
        case invalidValue
        /// An abscissa that is neither strictly increasing nor strictly decreasing, or unevenly spaced where a
        /// uniform grid is required.
        case nonMonotoneAxis
        /// Axis units that contradict the values or each other (energies labelled as nanometres …).
        case unitMismatch
        /// A detector that clipped: the measured feature lies on a flat top.
        case saturated
        /// No peak, exciton or feature where one was asked for.
        case noFeature
        /// An iterative fit that did not converge.
        case noConvergence
        /// An image with nothing to measure: no particles, or all foreground.
        case nothingToMeasure
        /// A file that could not be read or written, or an image format the C libraries reject.
        case ioFailure
    }

    /// The category of the failure.
    public let kind: Kind
    /// A message naming the value, the rule and the way out.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

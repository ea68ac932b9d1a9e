/// The one public error type of QDDesign.
///
/// Messages name the value, the rule and the way out, e.g. "Unknown preset 'nir-3' (rule: one of display-red,
/// …). Pick one of those or give --emission."
public struct DesignError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Codable {
        /// A request field outside its allowed range (negative FWHM, PLQY above 1, no target …).
        case invalidRequest
        /// A preset name QDDesign does not know.
        case unknownPreset
        /// An element symbol or material id that is not known.
        case unknownElement
        /// No candidate satisfies the request; the message names the nearest feasible targets.
        case infeasible
        /// A malformed `--shard i/N`, or shard files that do not belong together.
        case invalidShard
        /// A malformed candidate id, price table or screen file.
        case invalidInput
        /// The recipe surrogate could not be trained or inverted.
        case recipe
    }

    /// The kind of failure.
    public let kind: Kind
    /// The full message (value, rule, way out).
    public let message: String
    /// For `.infeasible`: the nearest emission wavelengths (nm) that some allowed candidate reaches.
    public let nearestFeasibleNanometres: [Double]

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String, nearestFeasibleNanometres: [Double] = []) {
        self.kind = kind
        self.message = message
        self.nearestFeasibleNanometres = nearestFeasibleNanometres
    }

    /// The message.
    public var description: String { message }
}

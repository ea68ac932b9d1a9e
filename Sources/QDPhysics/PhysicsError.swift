/// The one public error type of QDPhysics.
///
/// Messages name the value, the rule and the way out, e.g. "Diameter -1 nm is not valid for CdSe (rule:
/// diameter must be a finite number > 0 nm). Pass a positive diameter in nanometres."
public struct PhysicsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// A number that is NaN, infinite, zero or negative where a positive size or energy is needed.
        case invalidValue
        /// A material name no catalogue entry matches.
        case unknownMaterial
        /// A material lacks a parameter the model needs (e.g. carbon dots have no bulk gap).
        case missingParameter
        /// A value outside what a model can represent at all (e.g. a peak redder than the bulk gap).
        case outOfDomain
        /// A model that does not exist for the material asked.
        case unsupportedModel
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

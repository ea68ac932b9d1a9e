/// QDTwin: a digital twin of a hot-injection / heat-up reactor and the `Reactor` protocol (issue 7).
///
/// Layers: `Recipe` (validated inputs) → `PopulationBalance` (nucleation, growth, ripening on a size grid) →
/// `Characterisation` (spectra through QDPhysics, PLQY, noise, failure modes) → `TwinReactor` (the `Reactor`
/// a campaign runner calls) → `SynthesisRecord` (schema v1, via `ReactorMeasurement.record`). See docs/twin.md.
public enum QDTwin {
    /// Version of the twin's model; it appears in every record's provenance. Bump it when a model equation or a
    /// default parameter changes, so records from different twins are never pooled silently.
    public static let version = "1.1"
}

/// The one public error type of QDTwin.
///
/// Messages name the value, the rule and the way out, e.g. "Growth time -3 min is not valid (rule: 0.1 to 120
/// min). Pass the time at growth temperature in minutes."
public struct TwinError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        /// A recipe value outside its bounds, NaN, or inconsistent with the method.
        case invalidRecipe
        /// A material the twin has no kinetic parameters for.
        case unsupportedMaterial
        /// The simulation could not proceed (step size collapsed, non-finite state); a bug or extreme parameters.
        case simulationFailed
        /// QDPhysics could not compute the spectrum of the simulated ensemble.
        case characterisationFailed
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

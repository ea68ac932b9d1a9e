import Foundation

/// The value of one parameter at a point: a number (continuous, integer or fixed numeric) or a categorical level.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// A numeric value (an integer parameter holds a whole number).
    case number(Double)
    /// A categorical level, by name.
    case level(String)

    /// `.number(value)`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// `.number(Double(value))`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// `.level(value)`.
    public init(stringLiteral value: String) { self = .level(value) }

    /// The number, or nil for a level.
    public var number: Double? { if case .number(let v) = self { v } else { nil } }
    /// The level, or nil for a number.
    public var level: String? { if case .level(let s) = self { s } else { nil } }

    /// Decodes a plain number or a plain string (as campaign files and results tables write them).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .level(try container.decode(String.self))
        }
    }

    /// Encodes as a plain number or a plain string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let v): try container.encode(v)
        case .level(let s): try container.encode(s)
        }
    }

    /// The number or the level as text.
    public var description: String {
        switch self {
        case .number(let v): "\(v)"
        case .level(let s): "'\(s)'"
        }
    }
}

/// A point of a search space: one value per parameter name.
public typealias Point = [String: ParameterValue]

/// How a continuous parameter is spread over the unit interval the surrogate sees.
public enum ContinuousScale: String, Sendable, Codable, CaseIterable {
    /// u = (x − lower)/(upper − lower).
    case linear
    /// u = (ln x − ln lower)/(ln upper − ln lower); needs lower > 0. For quantities spanning decades
    /// (concentrations, times), so that equal ratios are equally far apart.
    case log
}

/// The values a parameter may take.
public enum ParameterDomain: Sendable, Equatable, Codable {
    /// A real interval lower…upper (lower < upper), linear or log scaled.
    case continuous(lower: Double, upper: Double, scale: ContinuousScale)
    /// The whole numbers lower…upper (lower < upper).
    case integer(lower: Int, upper: Int)
    /// Named levels (≥ 2, distinct). With descriptors (one equal-length vector per level, e.g. ligand chain length
    /// and pKa), the surrogate sees the min–max scaled descriptors instead of a one-hot code, so similar levels are
    /// near each other.
    case categorical(levels: [String], descriptors: [[Double]]?)
    /// A constant (fixed or contextual for this campaign): part of every point, never varied, not seen by the
    /// surrogate (a constant column carries no information).
    case fixed(ParameterValue)
}

/// When a conditional parameter is in play: only while another parameter takes one of `values` (e.g. a shell
/// thickness exists only when the shell material is not "none").
public struct ActivityCondition: Sendable, Equatable, Codable {
    /// The controlling parameter: categorical or integer, declared earlier in the space.
    public let parameter: String
    /// The controlling values (levels, or whole numbers for an integer) under which the parameter is active.
    public let values: [ParameterValue]

    /// Active while `parameter` takes one of `values`.
    public init(_ parameter: String, in values: [ParameterValue]) {
        self.parameter = parameter
        self.values = values
    }
}

/// One named parameter of a search space.
public struct Parameter: Sendable, Equatable, Codable {
    /// The name used in points and constraints (unique within a space).
    public let name: String
    /// Its domain.
    public let domain: ParameterDomain
    /// nil: always active. Otherwise the parameter exists only while the condition holds (and its controller is
    /// itself active); when inactive it is left out of points and the surrogate sees a fixed imputed value
    /// (see `SearchSpace`). Decoded as nil from states saved before conditions existed.
    public let activeIf: ActivityCondition?

    /// A parameter from a name, a domain and an optional condition (validated when the space is built).
    public init(name: String, domain: ParameterDomain, activeIf: ActivityCondition? = nil) {
        self.name = name
        self.domain = domain
        self.activeIf = activeIf
    }

    /// This parameter, active only while `parameter` takes one of `values`.
    public func active(if parameter: String, in values: [ParameterValue]) -> Parameter {
        Parameter(name: name, domain: domain, activeIf: ActivityCondition(parameter, in: values))
    }

    /// A continuous parameter on `range` (units are the caller's; put them in the name, e.g. "temperatureCelsius").
    public static func continuous(_ name: String, _ range: ClosedRange<Double>, scale: ContinuousScale = .linear) -> Parameter {
        Parameter(name: name, domain: .continuous(lower: range.lowerBound, upper: range.upperBound, scale: scale))
    }

    /// An integer parameter on `range`.
    public static func integer(_ name: String, _ range: ClosedRange<Int>) -> Parameter {
        Parameter(name: name, domain: .integer(lower: range.lowerBound, upper: range.upperBound))
    }

    /// A categorical parameter with `levels` and optional per-level `descriptors`.
    public static func categorical(_ name: String, _ levels: [String], descriptors: [[Double]]? = nil) -> Parameter {
        Parameter(name: name, domain: .categorical(levels: levels, descriptors: descriptors))
    }

    /// A fixed (contextual) parameter.
    public static func fixed(_ name: String, _ value: ParameterValue) -> Parameter {
        Parameter(name: name, domain: .fixed(value))
    }

    /// `true` for continuous and integer parameters (the ones the acquisition optimiser moves continuously).
    var isNumericVariable: Bool {
        switch domain {
        case .continuous, .integer: true
        default: false
        }
    }

    /// Checks the domain.
    func validate() throws {
        func bad(_ rule: String) -> OptimizeError { OptimizeError(.invalidSpace, "Parameter '\(name)': \(rule)") }
        guard !name.isEmpty else { throw OptimizeError(.invalidSpace, "A parameter has an empty name; give every parameter a unique name.") }
        switch domain {
        case .continuous(let lo, let hi, let scale):
            guard lo.isFinite, hi.isFinite, lo < hi else {
                throw bad("the range must be finite with lower < upper. Got \(lo)…\(hi). Use a fixed parameter for a single value.")
            }
            if scale == .log, lo <= 0 {
                throw bad("a log-scaled range needs lower > 0. Got \(lo)…\(hi). Use a linear scale or a positive lower bound.")
            }
        case .integer(let lo, let hi):
            guard lo < hi else { throw bad("the integer range needs lower < upper. Got \(lo)…\(hi). Use a fixed parameter for a single value.") }
        case .categorical(let levels, let descriptors):
            guard levels.count >= 2 else { throw bad("a categorical parameter needs at least 2 levels. Got \(levels). Use a fixed parameter for one level.") }
            guard Set(levels).count == levels.count else { throw bad("levels must be distinct. Got \(levels).") }
            if let descriptors {
                guard descriptors.count == levels.count, let width = descriptors.first?.count, width > 0,
                      descriptors.allSatisfy({ $0.count == width }) else {
                    throw bad("descriptors need one non-empty vector per level, all the same length. Got \(descriptors.map(\.count)) for \(levels.count) levels.")
                }
                guard descriptors.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw bad("descriptors must be finite. Got \(descriptors).") }
            }
        case .fixed(let value):
            if case .number(let v) = value, !v.isFinite { throw bad("a fixed value must be finite. Got \(v).") }
        }
    }

    /// Unit coordinate → native value for continuous and integer parameters (integers not rounded here).
    func native(fromUnit u: Double) -> Double {
        switch domain {
        // Clamped: exp(log(hi)) can exceed hi by an ulp, which would put a suggestion outside its own space.
        case .continuous(let lo, let hi, .linear): return min(max(lo + u * (hi - lo), lo), hi)
        case .continuous(let lo, let hi, .log): return min(max(exp(log(lo) + u * (log(hi) - log(lo))), lo), hi)
        case .integer(let lo, let hi): return Double(lo) + u * Double(hi - lo)
        default: return 0
        }
    }

    /// Native value → unit coordinate for continuous and integer parameters.
    func unit(fromNative x: Double) -> Double {
        switch domain {
        case .continuous(let lo, let hi, .linear): return (x - lo) / (hi - lo)
        case .continuous(let lo, let hi, .log): return (log(x) - log(lo)) / (log(hi) - log(lo))
        case .integer(let lo, let hi): return (x - Double(lo)) / Double(hi - lo)
        default: return 0
        }
    }

    /// The native box of a numeric variable.
    var nativeRange: ClosedRange<Double> {
        switch domain {
        case .continuous(let lo, let hi, _): return lo...hi
        case .integer(let lo, let hi): return Double(lo)...Double(hi)
        default: return 0...0
        }
    }

    /// Number of levels of a categorical parameter (0 otherwise).
    var levelCount: Int { if case .categorical(let levels, _) = domain { levels.count } else { 0 } }
}

import Foundation

/// A physical dimension: every `DataUnit` belongs to exactly one.
public enum Dimension: String, Sendable, Codable, CaseIterable {
    case temperature, time, amountOfSubstance, mass, volume, length, energy, concentration
    case massConcentration, heatingRate, flowRate, fraction, dimensionless

    /// The canonical unit records are stored in for this dimension.
    ///
    /// Canonical units are the ones chemists write in papers (°C, min, mmol, g, mL, nm), so stored values read
    /// naturally; conversion to SI is one multiplication away.
    public var canonicalUnit: DataUnit {
        switch self {
        case .temperature: .celsius
        case .time: .minute
        case .amountOfSubstance: .millimole
        case .mass: .gram
        case .volume: .millilitre
        case .length: .nanometre
        case .energy: .electronvolt
        case .concentration: .molePerLitre
        case .massConcentration: .gramPerLitre
        case .heatingRate: .celsiusPerMinute
        case .flowRate: .microlitrePerMinute
        case .fraction: .fraction
        case .dimensionless: .one
        }
    }
}

/// A unit of measurement QDData understands, written in JSON and mapping files by its `symbol`.
///
/// Conversion to the dimension's canonical unit is `canonical = value × factor + offset` (offset is non-zero
/// only for kelvin → °C). Aliases accepted on input are listed in `DataUnit.parse(_:)`.
public enum DataUnit: String, Sendable, Codable, CaseIterable {
    case celsius = "degC", kelvin = "K"
    case second = "s", minute = "min", hour = "h", day = "d"
    case micromole = "umol", millimole = "mmol", mole = "mol"
    case milligram = "mg", gram = "g", kilogram = "kg"
    case microlitre = "uL", millilitre = "mL", litre = "L"
    case nanometre = "nm", angstrom = "A", micrometre = "um"
    case electronvolt = "eV", millielectronvolt = "meV"
    case molePerLitre = "mol/L", millimolePerLitre = "mmol/L"
    case gramPerLitre = "g/L", milligramPerMillilitre = "mg/mL"
    case celsiusPerMinute = "degC/min", kelvinPerMinute = "K/min"
    case microlitrePerMinute = "uL/min", millilitrePerMinute = "mL/min", millilitrePerHour = "mL/h"
    case fraction = "fraction", percent = "%"
    case one = "1"

    /// The symbol used in JSON and mapping files (ASCII: `degC`, `uL`).
    public var symbol: String { rawValue }

    /// The dimension this unit measures.
    public var dimension: Dimension {
        switch self {
        case .celsius, .kelvin: .temperature
        case .second, .minute, .hour, .day: .time
        case .micromole, .millimole, .mole: .amountOfSubstance
        case .milligram, .gram, .kilogram: .mass
        case .microlitre, .millilitre, .litre: .volume
        case .nanometre, .angstrom, .micrometre: .length
        case .electronvolt, .millielectronvolt: .energy
        case .molePerLitre, .millimolePerLitre: .concentration
        case .gramPerLitre, .milligramPerMillilitre: .massConcentration
        case .celsiusPerMinute, .kelvinPerMinute: .heatingRate
        case .microlitrePerMinute, .millilitrePerMinute, .millilitrePerHour: .flowRate
        case .fraction, .percent: .fraction
        case .one: .dimensionless
        }
    }

    /// `(factor, offset)` such that canonical = value × factor + offset.
    var toCanonical: (factor: Double, offset: Double) {
        switch self {
        case .celsius: (1, 0)
        case .kelvin: (1, -273.15)  // exact by definition of the Celsius scale (SI Brochure, 9th ed., 2.3.1)
        case .second: (1.0 / 60, 0)
        case .minute: (1, 0)
        case .hour: (60, 0)
        case .day: (1440, 0)
        case .micromole: (1e-3, 0)
        case .millimole: (1, 0)
        case .mole: (1e3, 0)
        case .milligram: (1e-3, 0)
        case .gram: (1, 0)
        case .kilogram: (1e3, 0)
        case .microlitre: (1e-3, 0)
        case .millilitre: (1, 0)
        case .litre: (1e3, 0)
        case .nanometre: (1, 0)
        case .angstrom: (0.1, 0)
        case .micrometre: (1e3, 0)
        case .electronvolt: (1, 0)
        case .millielectronvolt: (1e-3, 0)
        case .molePerLitre: (1, 0)
        case .millimolePerLitre: (1e-3, 0)
        case .gramPerLitre, .milligramPerMillilitre: (1, 0)  // 1 mg/mL = 1 g/L
        case .celsiusPerMinute, .kelvinPerMinute: (1, 0)  // a difference of 1 K equals a difference of 1 °C
        case .microlitrePerMinute: (1, 0)
        case .millilitrePerMinute: (1e3, 0)
        case .millilitrePerHour: (1e3 / 60, 0)
        case .fraction: (1, 0)
        case .percent: (0.01, 0)
        case .one: (1, 0)
        }
    }

    /// Common spellings accepted by `parse(_:)`.
    private static let unitAliases: [String: DataUnit] = [
        "°C": .celsius, "C": .celsius, "celsius": .celsius, "kelvin": .kelvin,
        "sec": .second, "minute": .minute, "minutes": .minute, "hr": .hour, "hours": .hour, "days": .day,
        "µmol": .micromole, "μmol": .micromole, "µL": .microlitre, "μL": .microlitre, "ul": .microlitre,
        "ml": .millilitre, "l": .litre, "M": .molePerLitre, "mM": .millimolePerLitre, "mol/l": .molePerLitre,
        "Å": .angstrom, "µm": .micrometre, "μm": .micrometre, "percent": .percent,
        "°C/min": .celsiusPerMinute, "µL/min": .microlitrePerMinute, "μL/min": .microlitrePerMinute,
        "ml/min": .millilitrePerMinute, "ml/h": .millilitrePerHour,
    ]

    /// Reads a unit symbol or a common alias (case-sensitive where case matters: `mM` is not `Mm`).
    ///
    /// Aliases: `°C`, `C`, `celsius` → degC; `µL`/`μL`/`ul` → uL; `ml` → mL; `M` → mol/L; `mM` → mmol/L;
    /// `µmol`/`μmol` → umol; `Å` → A; `percent` → %; `min⁻¹`-style forms are not accepted.
    /// - Throws: `DataError.unknownUnit` listing the accepted symbols.
    public static func parse(_ text: String) throws -> DataUnit {
        if let unit = DataUnit(rawValue: text) { return unit }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let unit = DataUnit(rawValue: trimmed) { return unit }
        if let unit = unitAliases[trimmed] { return unit }
        let known = DataUnit.allCases.map(\.symbol).joined(separator: ", ")
        throw DataError(.unknownUnit, "Unknown unit '\(text)' (rule: one of \(known), or an alias such as °C, µL, M). Fix the unit in the mapping file or the data.")
    }
}

extension Double {
    /// `self` rounded to 12 significant digits, which removes binary noise from unit conversions
    /// (0.1 × 60 = 6.000000000000001) without losing any digit a measurement carries. NaN/±∞ unchanged.
    var roundedForStorage: Double {
        guard isFinite, self != 0 else { return self }
        let digits = 11 - Int(Foundation.floor(Foundation.log10(Swift.abs(self))))
        guard Swift.abs(digits) < 290 else { return self }
        let scale = Foundation.pow(10.0, Double(digits))
        return (self * scale).rounded() / scale
    }
}

/// A number with its unit. Every quantity in a record has one.
///
/// Equality is exact (value and unit); compare converted values with a tolerance where needed.
public struct Quantity: Sendable, Codable, Equatable, Hashable {
    /// The number as given (never NaN or infinite in a stored record).
    public var value: Double
    /// The unit of `value`.
    public var unit: DataUnit

    /// Creates `value` `unit`.
    public init(_ value: Double, _ unit: DataUnit) {
        self.value = value
        self.unit = unit
    }

    /// The same quantity in its dimension's canonical unit (°C, min, mmol, g, mL, nm, eV, mol/L, fraction …).
    ///
    /// Result rounded to 12 significant digits to drop conversion noise. NaN stays NaN.
    public var canonical: Quantity {
        let dimension = unit.dimension
        let (factor, offset) = unit.toCanonical
        return Quantity((value * factor + offset).roundedForStorage, dimension.canonicalUnit)
    }

    /// Converts to `target`, using chemistry to cross dimensions when the data for it is given.
    ///
    /// Same dimension: scale and offset. Mass → amount of substance: n = m / M (`molarMassGramsPerMole`).
    /// Volume → mass: m = ρ·V (`densityGramsPerMillilitre`). Volume → amount: n = c·V
    /// (`concentrationMolePerLitre`) or, failing that, ρ·V / M. Amount → mass and mass → volume invert these.
    /// - Throws: `DataError.missingConversionData` when the crossing needs a molar mass, density or
    ///   concentration that was not given; `.unknownUnit` for incompatible dimensions (e.g. K → mL).
    public func converted(
        to target: DataUnit, molarMassGramsPerMole: Double? = nil, densityGramsPerMillilitre: Double? = nil,
        concentrationMolePerLitre: Double? = nil
    ) throws -> Quantity {
        let source = canonical
        let from = unit.dimension
        let to = target.dimension
        var canonicalValue: Double
        switch (from, to) {
        case _ where from == to:
            canonicalValue = source.value
        case (.mass, .amountOfSubstance):
            let molar = try Self.require(molarMassGramsPerMole, "a molar mass (g/mol)", from: self, to: target)
            canonicalValue = source.value / molar * 1e3  // g / (g/mol) = mol → mmol
        case (.amountOfSubstance, .mass):
            let molar = try Self.require(molarMassGramsPerMole, "a molar mass (g/mol)", from: self, to: target)
            canonicalValue = source.value * 1e-3 * molar
        case (.volume, .mass):
            let density = try Self.require(densityGramsPerMillilitre, "a density (g/mL)", from: self, to: target)
            canonicalValue = source.value * density
        case (.mass, .volume):
            let density = try Self.require(densityGramsPerMillilitre, "a density (g/mL)", from: self, to: target)
            canonicalValue = source.value / density
        case (.volume, .amountOfSubstance):
            if let concentration = concentrationMolePerLitre {
                canonicalValue = source.value * concentration  // mL × mol/L = mmol
            } else {
                let density = try Self.require(densityGramsPerMillilitre, "a concentration (mol/L) or a density (g/mL) and molar mass", from: self, to: target)
                let molar = try Self.require(molarMassGramsPerMole, "a molar mass (g/mol)", from: self, to: target)
                canonicalValue = source.value * density / molar * 1e3
            }
        default:
            throw DataError(.unknownUnit, "Cannot convert \(value) \(unit.symbol) (\(from.rawValue)) to \(target.symbol) (\(to.rawValue)) (rule: only the same dimension, or mass/amount/volume with molar mass, density or concentration). Pick a unit of dimension \(from.rawValue).")
        }
        let (factor, offset) = target.toCanonical
        canonicalValue = (canonicalValue - offset) / factor
        return Quantity(canonicalValue.roundedForStorage, target)
    }

    private static func require(_ value: Double?, _ what: String, from: Quantity, to: DataUnit) throws -> Double {
        guard let value, value.isFinite, value > 0 else {
            throw DataError(.missingConversionData, "Converting \(from.value) \(from.unit.symbol) to \(to.symbol) needs \(what) (rule: a finite number > 0). Give it in the mapping file or the reagent catalogue.")
        }
        return value
    }
}

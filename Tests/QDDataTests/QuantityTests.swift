import Foundation
import Testing

@testable import QDData

@Suite("Units and quantities")
struct QuantityTests {
    /// Reference conversions by definition (SI Brochure 9th ed.: 0 °C = 273.15 K exactly; 1 h = 60 min;
    /// 1 mol = 1000 mmol; 1 L = 1000 mL). Exact up to the 12-significant-digit storage rounding, hence 1e-9 relative.
    @Test(arguments: [
        (Quantity(553, .kelvin), DataUnit.celsius, 279.85),
        (Quantity(300, .celsius), .kelvin, 573.15),
        (Quantity(-273.15, .celsius), .kelvin, 0),
        (Quantity(90, .second), .minute, 1.5),
        (Quantity(2, .hour), .minute, 120),
        (Quantity(1, .day), .hour, 24),
        (Quantity(0.25, .mole), .millimole, 250),
        (Quantity(150, .micromole), .millimole, 0.15),
        (Quantity(2500, .milligram), .gram, 2.5),
        (Quantity(3000, .microlitre), .millilitre, 3),
        (Quantity(1.5, .litre), .microlitre, 1_500_000),
        (Quantity(52.8, .percent), .fraction, 0.528),
        (Quantity(25, .angstrom), .nanometre, 2.5),
        (Quantity(20, .millimolePerLitre), .molePerLitre, 0.02),
        (Quantity(6, .millilitrePerHour), .microlitrePerMinute, 100),
    ])
    func sameDimensionConversions(quantity: Quantity, target: DataUnit, expected: Double) throws {
        let converted = try quantity.converted(to: target)
        #expect(converted.unit == target)
        #expect(abs(converted.value - expected) <= 1e-9 * max(1, abs(expected)))
    }

    /// n = m / M with M(CdO) = 112.41 + 15.999 = 128.409 g/mol (IUPAC 2021 abridged weights): 0.1284 g → 1.0 mmol.
    @Test func massToAmountUsesMolarMass() throws {
        let amount = try Quantity(0.128409, .gram).converted(to: .millimole, molarMassGramsPerMole: 128.409)
        #expect(abs(amount.value - 1.0) < 1e-9)
        let back = try amount.converted(to: .milligram, molarMassGramsPerMole: 128.409)
        #expect(abs(back.value - 128.409) < 1e-6)
    }

    /// Oleic acid: ρ = 0.895 g/mL, M = 282.47 g/mol → 1 mL = 0.895 g = 3.1685 mmol.
    @Test func volumeToAmountUsesDensityAndMolarMass() throws {
        let mass = try Quantity(1, .millilitre).converted(to: .gram, densityGramsPerMillilitre: 0.895)
        #expect(abs(mass.value - 0.895) < 1e-12)
        let moles = try Quantity(1, .millilitre).converted(to: .millimole, molarMassGramsPerMole: 282.47, densityGramsPerMillilitre: 0.895)
        #expect(abs(moles.value - 0.895 / 282.47 * 1000) < 1e-9)
        // A stock solution: 150 µL of 0.02 mol/L = 3 µmol = 0.003 mmol.
        let stock = try Quantity(150, .microlitre).converted(to: .millimole, concentrationMolePerLitre: 0.02)
        #expect(abs(stock.value - 0.003) < 1e-12)
    }

    @Test func crossingDimensionsWithoutDataThrows() {
        #expect(throws: DataError.self) { try Quantity(1, .gram).converted(to: .millimole) }
        #expect(throws: DataError.self) { try Quantity(1, .kelvin).converted(to: .millilitre) }
    }

    @Test func unitAliasesAndUnknownUnits() throws {
        #expect(try DataUnit.parse("°C") == .celsius)
        #expect(try DataUnit.parse("µL") == .microlitre)
        #expect(try DataUnit.parse("M") == .molePerLitre)
        #expect(try DataUnit.parse("mM") == .millimolePerLitre)
        let error = #expect(throws: DataError.self) { try DataUnit.parse("furlongs") }
        #expect(error?.kind == .unknownUnit)
        #expect(error?.message.contains("furlongs") == true)
    }

    @Test func canonicalRemovesBinaryNoise() {
        // 0.1 h × 60 is 6.000000000000001 in binary floating point; stored as 6.
        #expect(Quantity(0.1, .hour).canonical.value == 6)
    }

    @Test func statusRoundTripsThroughJSON() throws {
        for status in [Status.succeeded, .inconclusive, .failed(.noNucleation), .failed(.aggregation)] {
            let data = try JSONEncoder().encode(status)
            #expect(try JSONDecoder().decode(Status.self, from: data) == status)
        }
        let bad = Data(#"{"state":"failed"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Status.self, from: bad) }
    }

    /// FIPS 180-4 test vectors (NIST CSRC example values).
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesStandardVectors(message: String, digest: String) {
        #expect(SHA256.hex(of: Data(message.utf8)) == digest)
    }
}

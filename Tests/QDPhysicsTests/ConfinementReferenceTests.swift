import Foundation
import Testing
@testable import QDPhysics

/// One row of Fixtures/sizing_reference.csv (published sizing curves evaluated by the shared physics
/// reference; provenance in Fixtures/PROVENANCE.md).
struct SizingReferenceRow: Sendable, CustomStringConvertible {
    let material: String
    let diameterNanometres: Double
    let wavelengthNanometres: Double
    let energyElectronvolts: Double
    let source: String

    var description: String { "\(material) d=\(diameterNanometres) (\(source))" }

    /// The model the row was generated from, by its source tag.
    var kind: ConfinementModelKind? {
        let table: [(String, ConfinementModelKind)] = [
            ("Yu2003", .yu2003), ("Jasieniak2009", .jasieniak2009), ("Moreels2009", .moreels2009),
            ("Moreels2007", .moreels2007), ("Almeida2023", .almeida2023), ("Toufanian2021", .toufanian2021),
            ("Delerue1993", .delerue1993),
        ]
        return table.first { source.hasPrefix($0.0) }?.1
    }

    /// Loads the fixture (CRLF line ends, RFC 4180 quoting).
    static func load() throws -> [SizingReferenceRow] {
        let url = try #require(Bundle.module.url(forResource: "sizing_reference", withExtension: "csv", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let fields = splitCSV(String(line))
            try #require(fields.count == 7, "malformed fixture line: \(line)")
            return SizingReferenceRow(
                material: fields[0], diameterNanometres: try #require(Double(fields[1])),
                wavelengthNanometres: try #require(Double(fields[2])), energyElectronvolts: try #require(Double(fields[3])),
                source: fields[6])
        }
    }

    private static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { fields.append(current); current = "" } else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }
}

private let fixtureRows: [SizingReferenceRow] = (try? SizingReferenceRow.load()) ?? []

@Suite("Confinement: published sizing curves reproduce the reference table")
struct ConfinementReferenceTests {
    @Test func fixtureLoadsEveryRow() throws {
        // 9 CdTe + 9 CdSe (Yu) + 9 CdSe (Jasieniak) + 9 CdS + 9 PbS + 9 PbSe + 9 InP + 10 ZnSe + 8 Si.
        #expect(fixtureRows.count == 81)
        #expect(fixtureRows.allSatisfy { $0.kind != nil })
    }

    /// Each row must lie on the model's curve within the table's rounding box: d is printed to 3 decimals
    /// (±5e-4 nm) and E to 4 decimals (±5e-5 eV), so the tolerance in one direction is that half-unit plus
    /// the other variable's half-unit carried through the local slope of the curve. λ is not used: it is
    /// rounded to 0.1 nm, coarser than E.
    @Test(arguments: fixtureRows)
    func rowLiesOnTheCurve(_ row: SizingReferenceRow) throws {
        let kind = try #require(row.kind)
        let model = try ConfinementModels.model(kind, for: row.material)
        let d = row.diameterNanometres, e = row.energyElectronvolts
        let h = 5e-4
        let slope = abs(model.energyUnchecked(diameterNanometres: d + h) - model.energyUnchecked(diameterNanometres: d - h)) / (2 * h)
        let forward = try model.firstExciton(diameterNanometres: d)
        #expect(abs(forward.energyElectronvolts - e) <= 5e-5 + slope * 5e-4 + 1e-9, "E(\(d)) = \(forward.energyElectronvolts), table \(e)")
        let inverse = try model.diameter(forEnergyElectronvolts: e)
        #expect(abs(inverse.diameterNanometres - d) <= 5e-4 + 5e-5 / slope + 1e-9, "d(\(e)) = \(inverse.diameterNanometres), table \(d)")
        // Rows lie in the calibrated range; the end rows may fall up to the 5e-4 nm rounding outside it.
        let range = model.validDiameterNanometres
        if d > range.lowerBound + 1e-3, d < range.upperBound - 1e-3 { #expect(forward.validity == .withinRange) }
        #expect(d >= range.lowerBound - 5e-4 && d <= range.upperBound + 5e-4, "\(d) outside \(range)")
    }

    /// Almeida 2023 rows give the tetrahedron edge L in the size-definition column; the edge-length
    /// accessors must reproduce it (L printed to 3 decimals in nm).
    @Test func almeidaEdgeLengthAccessors() throws {
        let model = PowerLawSizingCurve.almeida2023InP
        // L = 1.5 nm = 15 Å: E = 1.33 + 9.128·15^(−0.684) = 2.7619 eV (physics.md §2; fixture 2.762).
        let result = try model.firstExciton(edgeLengthNanometres: 1.5)
        #expect(abs(result.energyElectronvolts - (1.33 + 9.128 * pow(15.0, -0.684))) < 1e-12)
        #expect(abs(result.diameterNanometres - 0.912) < 5e-4)
        #expect(abs(try model.edgeLengthNanometres(forEnergyElectronvolts: 2.0054) - 4.5) < 2e-3)
        // (π√2)^(−1/3) = 0.225079^(1/3) = 0.60829 (hand evaluation).
        #expect(abs(TetrahedronSize.equivalentDiameterPerEdgeLength - 0.608_29) < 1e-5)
    }

    /// physics.md §3: plain Brus overestimates CdSe's gap by 2.45 eV at 2.0 nm, 0.44 eV at 3.9 nm and
    /// 0.03 eV at 7.4 nm. The reference does not say which CdSe curve or constants it used; Yu and Jasieniak
    /// differ by up to 0.03 eV at these sizes, so the tolerance is 0.1 eV at 2 nm and 0.03 eV elsewhere.
    @Test(arguments: [(2.0, 2.45, 0.1), (3.9, 0.44, 0.03), (7.4, 0.03, 0.03)])
    func brusOverestimatesCdSeAsReferenceStates(diameter: Double, expected: Double, tolerance: Double) throws {
        let brus = try ConfinementModels.model(.brus, for: "CdSe")
        let curve = try ConfinementModels.defaultModel(for: "CdSe")
        let excess = brus.energyUnchecked(diameterNanometres: diameter) - curve.energyUnchecked(diameterNanometres: diameter)
        #expect(abs(excess - expected) <= tolerance, "Brus − Jasieniak at \(diameter) nm = \(excess) eV")
    }

    /// physics.md §3 mean absolute errors (nm of first-exciton wavelength, over the fixture rows) for plain
    /// Brus and for the Kane-electron variant. The reference's exact constants are not stated; a ±20 %
    /// tolerance separates "reproduces the table" from a wrong model (Kane is ~40 % below Brus).
    @Test(arguments: [
        ("CdSe", "Jasieniak2009", ConfinementModelKind.brus, 124.0), ("CdSe", "Jasieniak2009", .kane, 76.0),
        ("CdTe", "Yu2003", .brus, 135.0), ("CdTe", "Yu2003", .kane, 72.0),
        ("CdSe", "Yu2003", .brus, 134.0), ("CdSe", "Yu2003", .kane, 84.0),
        ("ZnSe", "Toufanian2021", .brus, 56.0), ("ZnSe", "Toufanian2021", .kane, 37.0),
        ("PbS", "Moreels2009", .brus, 619.0), ("PbS", "Moreels2009", .hyperbolic, 276.0),
        ("PbSe", "Moreels2007", .brus, 1086.0), ("PbSe", "Moreels2007", .hyperbolic, 544.0),
    ])
    func effectiveMassErrorMatchesReference(material: String, source: String, kind: ConfinementModelKind, expectedMAE: Double) throws {
        let rows = fixtureRows.filter { $0.material == material && $0.source.hasPrefix(source) }
        try #require(!rows.isEmpty)
        let model = try ConfinementModels.model(kind, for: material)
        let mae = rows.map { abs(PhysicalConstants.nanometres(fromElectronvolts: model.energyUnchecked(diameterNanometres: $0.diameterNanometres)) - $0.wavelengthNanometres) }
            .reduce(0, +) / Double(rows.count)
        #expect(abs(mae - expectedMAE) <= 0.2 * expectedMAE, "\(kind) vs \(source) \(material): MAE \(mae) nm, reference \(expectedMAE) nm")
    }

    /// The evidence behind the default for materials without a curve (ConfinementModels.defaultReason): over
    /// the fixture rows, the finite-barrier model (vacuum-level barriers) has the lowest mean absolute error in
    /// eV among the physical models on seven of the nine curves, losing to Kane on CdS and Si.
    @Test func finiteBarrierIsTheBestPhysicalModel() throws {
        let curves = Dictionary(grouping: fixtureRows) { "\($0.material) \($0.source.prefix(8))" }
        var best: [String: ConfinementModelKind] = [:]
        for (curve, rows) in curves {
            let material = rows[0].material
            var errors: [(ConfinementModelKind, Double)] = []
            for kind in [ConfinementModelKind.brus, .kane, .hyperbolic, .finiteBarrier] {
                guard let model = try? ConfinementModels.model(kind, for: material) else { continue }
                let mae = rows.map { abs(model.energyUnchecked(diameterNanometres: $0.diameterNanometres) - $0.energyElectronvolts) }.reduce(0, +) / Double(rows.count)
                errors.append((kind, mae))
            }
            best[curve] = errors.min { $0.1 < $1.1 }?.0
        }
        #expect(best.count == 9)
        #expect(best.values.filter { $0 == .finiteBarrier }.count == 7, "\(best)")
        #expect(best.filter { $0.key.hasPrefix("CdS ") || $0.key.hasPrefix("Si ") }.values.allSatisfy { $0 == .kane }, "\(best)")
    }
}

import Foundation
import QDPhysics
import Testing

@testable import QDData

@Suite("Featurisation")
struct FeaturiserTests {
    func records(_ name: String) throws -> [SynthesisRecord] {
        let dataset = try ShippedDatasets.named(name)
        return try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records
    }

    func column(_ matrix: DesignMatrix, _ name: String) throws -> [Double] {
        let index = try #require(matrix.columns.firstIndex { $0.name == name }, "no column \(name) in \(matrix.columns.map(\.name))")
        return matrix.values.map { $0[index] }
    }

    /// The CsPbBr3 file carries its own n_Pb and n_Cs (µmol) columns; volume × stock concentration must reproduce
    /// them (exact arithmetic on the file's decimals; 1e-9 relative allows for binary rounding).
    @Test func stockVolumesTimesConcentrationGiveTheFilesMoles() throws {
        let dataset = try ShippedDatasets.named("cspbbr3-luber2025")
        let records = try records("cspbbr3-luber2025")
        let matrix = try Featuriser.designMatrix(records)
        let lead = try column(matrix, "precursors:lead bromide [mmol]")
        let caesium = try column(matrix, "precursors:caesium oleate [mmol]")
        let table = try DelimitedTextReader.parse(try Data(contentsOf: dataset.dataFile), delimiter: ";")
        let nPb = try #require(table.header.firstIndex(of: "n_Pb")), nCs = try #require(table.header.firstIndex(of: "n_Cs"))
        for (row, cells) in table.rows.enumerated() {
            let expectedPb = try #require(Double(cells[nPb])) / 1000, expectedCs = try #require(Double(cells[nCs])) / 1000
            #expect(abs(lead[row] - expectedPb) <= 1e-9 * expectedPb, "row \(row)")
            #expect(abs(caesium[row] - expectedCs) <= 1e-9 * max(expectedCs, 1e-12), "row \(row)")
        }
    }

    @Test func manifestNamesEveryColumnWithAUnitAndValuesAreFinite() throws {
        let all = try records("inp-nguyen2022") + records("cdse-baum2020")
        let matrix = try Featuriser.designMatrix(all)
        #expect(matrix.values.count == 454)
        #expect(matrix.values.allSatisfy { $0.count == matrix.columns.count })
        #expect(Set(matrix.columns.map(\.name)).count == matrix.columns.count)
        #expect(matrix.columns.allSatisfy { !$0.unit.isEmpty && !$0.description.isEmpty })
        #expect(matrix.values.allSatisfy { $0.allSatisfy(\.isFinite) })
        // Composition descriptors come from QDPhysics.
        let gap = try column(matrix, "core bulk gap")
        let cdse = try MaterialCatalogue.material("CdSe").bulkGapElectronvolts?.value
        let inp = try MaterialCatalogue.material("InP").bulkGapElectronvolts?.value
        #expect(gap.first == inp)
        #expect(gap.last == cdse)
        #expect(try column(matrix, "growthTemperature").first == 300)
        // Groups for folds grouped by paper: 73 DOIs + 31 citations.
        #expect(Set(matrix.groups.compactMap { $0 }).count == 104)
    }

    /// A missing value is filled with the median and flagged by an indicator, never silently 0.
    @Test func missingValuesGetIndicatorsOrNaN() throws {
        func record(_ id: String, _ temperature: Double?) -> SynthesisRecord {
            SynthesisRecord(id: id, synthesis: Synthesis(material: MaterialSystem(core: "CdSe"), method: .hotInjection, growthTemperature: temperature.map { Quantity($0, .celsius) }))
        }
        let records = [record("a", 250), record("b", nil), record("c", 290), record("d", 270)]
        let filled = try Featuriser.designMatrix(records)
        #expect(try column(filled, "growthTemperature") == [250, 270, 290, 270])
        #expect(try column(filled, "growthTemperature missing") == [0, 1, 0, 0])
        #expect(filled.columns.first { $0.name == "growthTemperature missing" }?.kind == .missingIndicator)
        let native = try Featuriser.designMatrix(records, missing: .nan)
        let temperatures = try column(native, "growthTemperature")
        #expect(temperatures[1].isNaN)
        #expect(!native.columns.contains { $0.kind == .missingIndicator })
        #expect(throws: DataError.self) { try Featuriser.designMatrix([]) }
    }

    /// Mass → mmol through the catalogue: CdO 128.409 g/mol (IUPAC 2021), so 0.2568 g = 2.0 mmol.
    @Test func massAmountsUseCatalogueMolarMass() throws {
        let reagent = Reagent(name: "cadmium oxide", role: .metal, amount: Quantity(0.256818, .gram))
        let mmol = try #require(Featuriser.millimoles(of: reagent))
        #expect(abs(mmol - 2.0) < 1e-6)
        #expect(Featuriser.millimoles(of: Reagent(name: "unobtainium", amount: Quantity(1, .gram))) == nil)
        #expect(Featuriser.targets(try records("cdse-baum2020"), .absorptionPeak).compactMap { $0 }.count == 196)
    }
}

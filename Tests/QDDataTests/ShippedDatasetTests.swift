import Foundation
import Testing

@testable import QDData

@Suite("Shipped datasets")
struct ShippedDatasetTests {
    /// Row counts from the upstream files (see each PROVENANCE.md): every data row becomes one record.
    @Test(arguments: [
        ("inp-nguyen2022", 220), ("cdse-baum2020", 234), ("cspbbr3-luber2025", 289), ("cdots-tang2020", 467),
        ("agnp-mekki2021", 164), ("cdse-growth-imperial", 144), ("cdots-karpushkin2023", 26),
    ])
    func importsWithExpectedRowCount(name: String, rows: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let dataset = try ShippedDatasets.named(name)
        #expect(dataset.info.expectedRecords == rows)
        #expect(dataset.info.licence == "MIT")
        #expect(FileManager.default.fileExists(atPath: dataset.licenceFile.path))
        #expect(FileManager.default.fileExists(atPath: dataset.provenanceFile.path))
        let summary = try ShippedDatasets.importDataset(dataset, into: store)
        #expect(summary.inserted == rows)
        #expect(try store.count(RecordQuery(dataset: name)) == rows)
        // Importing again adds nothing.
        let again = try ShippedDatasets.importDataset(dataset, into: store)
        #expect(again.alreadyImported)
        #expect(try store.count(RecordQuery()) == rows)
    }

    @Test func prefixFindsDatasetAndUnknownNameListsChoices() throws {
        #expect(try ShippedDatasets.named("inp").info.name == "inp-nguyen2022")
        #expect(throws: DataError.self) { try ShippedDatasets.named("no-such-set") }
        // Two carbon-dot sets (tang2020, karpushkin2023): the bare prefix is ambiguous and must not pick one.
        #expect(throws: DataError.self) { try ShippedDatasets.named("cdots") }
    }

    /// The 57 CdSe diameters computed from absorbance (PROVENANCE: "Diameter from" = "absorbance spectra").
    @Test func cdseComputedDiametersAreFlagged() throws {
        let dataset = try ShippedDatasets.named("cdse-baum2020")
        let (prepared, _) = try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile)
        #expect(prepared.isValid)
        let computed = prepared.records.filter { $0.outcomes.diameterMethod == .sizingCurve }
        #expect(computed.count == 57)
        #expect(prepared.flagCounts[.computedDiameter] == 57)
        // 27 rows whose Se mass and mmol imply an impossible molar mass (ANCHORS.md, "Data problems found").
        let seFlags = prepared.records.filter { record in
            record.flags.contains { $0.code == .inconsistentAmount && $0.field == "synthesis.precursors.amount" && $0.message.hasPrefix("selenium") }
        }
        #expect(seFlags.count == 27)
        // Typos fixed by the mapping, not in the raw file.
        let names = Set(prepared.records.flatMap { $0.synthesis.precursors.map(\.name) + $0.synthesis.acids.map(\.name) })
        #expect(!names.contains("cadmium acetate dihtdrate"))
        #expect(names.contains("cadmium acetate dihydrate"))
        #expect(!names.contains("myrstic acid"))
    }

    @Test func inpKeepsDOIsForGroupedValidation() throws {
        let dataset = try ShippedDatasets.named("inp-nguyen2022")
        let (prepared, _) = try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile)
        let dois = Set(prepared.records.compactMap(\.provenance.doi))
        #expect(dois.count == 73)
        #expect(prepared.records.allSatisfy { $0.provenance.doi != nil })
        // ANCHORS.md: 21 rows with identical inputs in 10 groups.
        #expect(prepared.flagCounts[.duplicateConditions] == 21)
    }

    /// The wide peak table becomes one record per (time, run); times in s are stored in min.
    @Test func cdseGrowthIsUnpivotedByRun() throws {
        let dataset = try ShippedDatasets.named("cdse-growth-imperial")
        let (prepared, _) = try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile)
        #expect(prepared.isValid)
        let run5 = prepared.records.filter { $0.provenance.notebookId == "Run 5" }
        #expect(run5.count == 18)
        #expect(run5.first?.synthesis.reactionTime == Quantity(0.5, .minute))
        #expect(run5.first?.outcomes.absorptionPeak == Quantity(470.010162, .nanometre))
        #expect(run5.first?.synthesis.otherConditions["CdSeRatio"] == Quantity(0.2, .one))
        #expect(!prepared.records.contains { $0.provenance.notebookId == "Run 1" })
    }

    @Test func cspbbr3ZeroPLQYWithEmissionIsFlagged() throws {
        let dataset = try ShippedDatasets.named("cspbbr3-luber2025")
        let (prepared, _) = try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile)
        // ANCHORS.md: 121 rows with PLQY exactly 0 that still have a PL peak.
        #expect(prepared.flagCounts[.zeroPLQYWithEmission] == 121)
        // µL volumes are stored in the canonical mL.
        let first = try #require(prepared.records.first)
        #expect(first.synthesis.precursors.first?.amount?.unit == .millilitre)
    }
}

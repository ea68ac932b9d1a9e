import Foundation
import Testing

@testable import QDData

@Suite("Export")
struct ExportTests {
    func cdse() throws -> (ShippedDataset, [SynthesisRecord]) {
        let dataset = try ShippedDatasets.named("cdse-baum2020")
        return (dataset, try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records)
    }

    /// CSV export is read back by the strict reader: same row count, one column per header cell.
    @Test func csvRoundTripsThroughTheReader() throws {
        let (_, records) = try cdse()
        let text = Exporter.csv(records)
        let table = try DelimitedTextReader.parse(Data(text.utf8))
        #expect(table.rows.count == 234)
        let diameterColumn = try #require(table.header.firstIndex(of: "diameter_nm"))
        let methodColumn = try #require(table.header.firstIndex(of: "diameter_method"))
        #expect(table.rows.filter { $0[methodColumn] == "sizing-curve" }.count == 57)
        #expect(table.rows[0][diameterColumn] == "3.41")
        #expect(table.header.contains("condition:totalMass [g]"))
    }

    @Test func jsonRoundTripsToEqualRecords() throws {
        let (dataset, records) = try cdse()
        let data = try Exporter.json(records, dataset: dataset.info)
        struct Envelope: Decodable { let schemaVersion: Int; let records: [SynthesisRecord] }
        let decoded = try JSONDecoder().decode(Envelope.self, from: data)
        #expect(decoded.schemaVersion == 1)
        #expect(decoded.records == records)
    }

    @Test func jsonLDIsASchemaOrgDataset() throws {
        let (dataset, records) = try cdse()
        let object = try #require(try JSONSerialization.jsonObject(with: try Exporter.jsonLD(records, dataset: dataset.info)) as? [String: Any])
        #expect(object["@context"] as? String == "https://schema.org/")
        #expect(object["@type"] as? String == "Dataset")
        #expect(object["license"] as? String == "https://spdx.org/licenses/MIT.html")
        #expect(object["identifier"] as? String == "https://doi.org/10.1021/acs.jpcc.0c05993")
        let variables = try #require(object["variableMeasured"] as? [[String: Any]])
        #expect(variables.contains { $0["name"] as? String == "diameter" && $0["unitText"] as? String == "nm" })
    }

    @Test func datasheetStatesFlagsAndProvenance() throws {
        let (dataset, records) = try cdse()
        let provenance = try String(contentsOf: dataset.provenanceFile, encoding: .utf8)
        let sheet = Exporter.datasheet(records, dataset: dataset.info, provenanceText: provenance)
        #expect(sheet.contains("| records | 234 |"))
        #expect(sheet.contains("| `computed-diameter` | 57 |"))
        #expect(sheet.contains("| papers / groups (DOI, citation or notebook id) | 31 |"))
        #expect(sheet.contains("Licence**: MIT"))
        #expect(sheet.contains("dihtdrate"))
    }

    @Test func csvFieldsAreQuotedPerRFC4180() {
        #expect(Exporter.csvField("plain") == "plain")
        #expect(Exporter.csvField("a,b") == "\"a,b\"")
        #expect(Exporter.csvField("say \"x\"") == "\"say \"\"x\"\"\"")
    }
}

@Suite("Checked-in datasheets")
struct DatasheetGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/schema/datasheets")

    /// docs/schema/datasheets/<name>.md is what `qdlab data export --format datasheet --dataset <name>` writes.
    /// Regenerate after changing a mapping or PROVENANCE.md (command in docs/data.md, "Export").
    @Test func datasheetsMatchTheShippedDatasets() throws {
        for dataset in try ShippedDatasets.all() {
            let records = try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records
            let provenance = try String(contentsOf: dataset.provenanceFile, encoding: .utf8)
            let expected = Exporter.datasheet(records, dataset: dataset.info, provenanceText: provenance)
            let file = Self.folder.appendingPathComponent("\(dataset.info.name).md")
            let checkedIn = try String(contentsOf: file, encoding: .utf8)
            #expect(checkedIn == expected, "\(file.lastPathComponent) is stale; regenerate it")
        }
    }
}

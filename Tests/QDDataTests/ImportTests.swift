import Foundation
import Testing

@testable import QDData

@Suite("Import through a mapping")
struct ImportTests {
    @Test func importIsIdempotentAndVersionsChangedRecords() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let mapping = try directory.write("m.yaml", sampleMapping)
        let file = try directory.write("runs.csv", sampleCSV(rows: 50))

        let first = try Importer.importFile(file, mapping: mapping, into: store)
        #expect(first == ImportSummary(alreadyImported: false, inserted: 50, updated: 0, unchanged: 0))
        let second = try Importer.importFile(file, mapping: mapping, into: store)
        #expect(second.alreadyImported)
        #expect(try store.count(RecordQuery()) == 50)
        #expect(try store.imports().count == 1)

        // Change one row's PL peak: one new version, the rest unchanged.
        var lines = sampleCSV(rows: 50).split(separator: "\n").map(String.init)
        var cells = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[7] = "612"
        lines[3] = cells.joined(separator: ",")
        let edited = try directory.write("runs.csv", lines.joined(separator: "\n") + "\n")
        let third = try Importer.importFile(edited, mapping: mapping, into: store)
        #expect(third == ImportSummary(alreadyImported: false, inserted: 0, updated: 1, unchanged: 49))
        let versions = try store.versions(of: "lab-test/s2")
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.last?.record.outcomes.emissionPeak == Quantity(612, .nanometre))
        #expect(try store.record(id: "lab-test/s2")?.outcomes.emissionPeak == Quantity(612, .nanometre))
    }

    @Test func storedRecordRoundTripsAndCarriesProvenance() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let file = try directory.write("runs.csv", sampleCSV(rows: 3))
        _ = try Importer.importFile(file, mapping: try directory.write("m.yaml", sampleMapping), into: store)
        let record = try #require(try store.record(id: "lab-test/s0"))
        #expect(record.schemaVersion == 1)
        #expect(record.provenance.sourceFile == "runs.csv")
        #expect(record.provenance.sourceLine == 2)
        #expect(record.provenance.licence == "CC-BY-4.0")
        #expect(record.provenance.doi == "10.1000/test.0")
        #expect(try SynthesisRecord.decode(json: record.canonicalJSON()) == record)
        #expect(try store.record(id: "lab-test/nope") == nil)
        #expect(try store.records(RecordQuery(material: "CdSe", limit: 2)).map(\.id) == ["lab-test/s0", "lab-test/s1"])
    }

    /// Bad cells of every kind in one file: each is reported with line, column, value and rule; nothing is stored.
    @Test func everyRejectedCellIsReportedAndNothingIsStored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let mapping = try directory.write("m.yaml", sampleMapping)
        _ = try Importer.importFile(try directory.write("good.csv", sampleCSV(rows: 5)), mapping: mapping, into: store)
        let csv = """
            id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi
            a,hot-injection,succeeded,CdO,-0.1,300,5,550,0.5,x
            b,hot-injection,succeeded,CdO,0.1,NaN,5,550,0.5,x
            c,hot-injection,succeeded,CdO,"0,25",300,5,550,0.5,x
            d,hot-injection,succeeded,CdO,0.1,300,inf,550,0.5,x
            e,boiling,succeeded,CdO,0.1,300,5,550,0.5,x
            f,hot-injection,exploded,CdO,0.1,300,5,550,0.5,x
            g,hot-injection,succeeded,CdO,0.1,300,5,550,140,x
            h,hot-injection,succeeded,CdO,0.1,-300,5,550,0.5,x
            """
        let bad = try directory.write("bad.csv", csv)
        let error = #expect(throws: DataError.self) { try Importer.importFile(bad, mapping: mapping, into: store) }
        #expect(error?.kind == .validationFailed)
        let rejections = error?.rejections ?? []
        #expect(rejections.count == 8)
        #expect(rejections.contains(CellRejection(line: 2, column: "metal_mmol", value: "-0.1", rule: "synthesis.precursors.amount must be ≥ 0")))
        #expect(rejections.contains { $0.line == 3 && $0.column == "temp_c" && $0.rule.contains("finite") })
        #expect(rejections.contains { $0.line == 4 && $0.value == "0,25" && $0.rule.contains("decimal comma") })
        #expect(rejections.contains { $0.line == 5 && $0.column == "time_min" })
        #expect(rejections.contains { $0.line == 6 && $0.column == "method" && $0.rule.contains("hot-injection") })
        #expect(rejections.contains { $0.line == 7 && $0.column == "status" })
        #expect(rejections.contains { $0.line == 8 && $0.column == "plqy" })
        #expect(rejections.contains { $0.line == 9 && $0.rule.contains("absolute zero") })
        #expect(try store.count(RecordQuery()) == 5)
        #expect(try store.imports().count == 1)
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", DataError.Kind.malformedFile),  // ragged
        ("id,temp\n1,\"30\n", .malformedFile),  // broken quote
        ("PK\u{03}\u{04}\u{0}\u{0}binary", .malformedFile),  // not a CSV (zip header)
        ("x,y\n1,2\n", .invalidMapping),  // CSV, but not the mapping's columns
    ])
    func malformedFilesStoreNothing(text: String, kind: DataError.Kind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let file = try directory.write("f.csv", text)
        let error = #expect(throws: DataError.self) {
            try Importer.importFile(file, mapping: try directory.write("m.yaml", sampleMapping), into: store)
        }
        #expect(error?.kind == kind)
        #expect(try store.count(RecordQuery()) == 0)
        #expect(try store.imports().isEmpty)
    }

    @Test func unknownUnitsAreRejectedInTheMappingAndInUnitColumns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let badMapping = try directory.write("m.yaml", sampleMapping.replacingOccurrences(of: "unit: mmol", with: "unit: mmoles"))
        let file = try directory.write("runs.csv", sampleCSV(rows: 2))
        let error = #expect(throws: DataError.self) { try Importer.importFile(file, mapping: badMapping, into: store) }
        #expect(error?.kind == .invalidMapping)
        #expect(error?.message.contains("mmoles") == true)
        // A unit column with an unknown unit: a cell rejection naming the unit column.
        let unitMapping = try directory.write("u.yaml", sampleMapping.replacingOccurrences(of: "{column: metal_mmol, unit: mmol}", with: "{column: metal_mmol, unitColumn: u}"))
        let withUnits = try directory.write("u.csv", "id,method,status,metal,metal_mmol,u,temp_c,time_min,pl_nm,plqy,doi\na,,,CdO,1,mmol,300,5,550,0.5,x\nb,,,CdO,1,bushels,300,5,550,0.5,x\n")
        let unitError = #expect(throws: DataError.self) { try Importer.importFile(withUnits, mapping: unitMapping, into: store) }
        #expect(unitError?.rejections.map(\.column) == ["u"])
        #expect(try store.count(RecordQuery()) == 0)
    }

    /// 553 in a °C column is only plausible as kelvin (279.85 °C): flagged, kept as given, not "fixed".
    @Test func ambiguousValuesAreFlaggedNotGuessed() throws {
        let csv = "id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi\na,,,CdO,0.1,553,5,550,45,x\nb,,,CdO,0.1,300,5,550,0.4,x\n"
        let prepared = try Importer.prepare(data: Data(csv.utf8), fileName: "t.csv", mapping: try ImportMapping.parse(yaml: sampleMapping), mappingText: sampleMapping)
        #expect(prepared.isValid)
        let flagged = try #require(prepared.records.first)
        #expect(flagged.synthesis.growthTemperature == Quantity(553, .celsius))
        #expect(flagged.flags.map(\.code).contains(.temperatureLooksLikeKelvin))
        #expect(flagged.flags.map(\.code).contains(.fractionLooksLikePercent))
        #expect(prepared.records[1].flags.isEmpty)
        // An emission "peak" of 55 nm (a width typed in the peak column?) is kept and flagged.
        let odd = "id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi\nc,,,CdO,0.1,300,5,55,0.4,x\n"
        let oddPrepared = try Importer.prepare(data: Data(odd.utf8), fileName: "t.csv", mapping: try ImportMapping.parse(yaml: sampleMapping), mappingText: sampleMapping)
        #expect(oddPrepared.records.first?.flags.map(\.code) == [.outOfTypicalRange])
    }

    @Test func failedRunsAreFirstClassRecords() throws {
        let csv = "id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi\na,,failed:aggregation,CdO,0.1,300,5,,,x\nb,,inconclusive,CdO,0.1,300,5,,,x\n"
        let prepared = try Importer.prepare(data: Data(csv.utf8), fileName: "t.csv", mapping: try ImportMapping.parse(yaml: sampleMapping), mappingText: sampleMapping)
        #expect(prepared.records.map(\.status) == [.failed(.aggregation), .inconclusive])
        #expect(prepared.records[0].outcomes == Outcomes())
    }

    /// Readers on another connection keep answering while a large import is being written, and see either none
    /// or all of its records (snapshot isolation of WAL).
    @Test func readersKeepWorkingDuringAnImport() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let writer = try directory.store()
        let reader = try SQLiteStore(path: writer.path)
        _ = try Importer.importFile(try directory.write("small.csv", sampleCSV(rows: 10, seed: 7, idPrefix: "t")), mapping: try directory.write("m.yaml", sampleMapping), into: writer)
        let file = try directory.write("big.csv", sampleCSV(rows: 20_000))
        let mapping = directory.url.appendingPathComponent("m.yaml")
        let started = Started()
        let importTask = Task.detached {
            try Importer.importFile(file, mapping: mapping, into: writer, progress: { _ in started.set() })
        }
        var observed: Set<Int> = []
        var reads = 0
        while !importTask.isCancelled {
            let count = try reader.count(RecordQuery())
            observed.insert(count)
            reads += 1
            if started.value, reads > 5 { break }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        let summary = try await importTask.value
        #expect(summary.inserted == 20_000)
        #expect(observed.isSubset(of: [10, 20_010]))
        #expect(try reader.count(RecordQuery()) == 20_010)
    }
}

/// A flag set from the import's progress callback (another thread).
final class Started: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}

@Suite("Single-record saves")
struct SaveTests {
    /// A failed lab run saved on its own, then edited: two versions, the latest returned by id.
    @Test func savingAFailedRunAndAnEditKeepsBothVersions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        var record = SynthesisRecord(
            id: "lab/run-7", synthesis: Synthesis(material: MaterialSystem(core: "InP"), method: .hotInjection, growthTemperature: Quantity(280, .celsius)),
            status: .failed(.noNucleation), provenance: Provenance(notebookId: "NB-7"))
        #expect(try store.save(record).inserted == 1)
        #expect(try store.save(record).unchanged == 1)
        record.status = .failed(.aggregation)
        #expect(try store.save(record).updated == 1)
        #expect(try store.versions(of: "lab/run-7").map(\.record.status) == [.failed(.noNucleation), .failed(.aggregation)])
        #expect(try store.count(RecordQuery(status: "failed")) == 1)
        #expect(try store.statistics().recordsByStatus == ["failed": 1])
        #expect(try store.statistics().versionCount == 2)
    }
}

@Suite("Import: encodings and delimiters")
struct ImportEncodingTests {
    /// A Latin-1 file (0xE9 = é) is refused whole with the byte offset; nothing is stored.
    @Test func latin1FileIsRefusedAndNothingStored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let header = Array("id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi\n".utf8)
        let row = Array("a,,,oxyde de cadmium ".utf8) + [0xE9] + Array(",0.1,300,5,550,0.5,x\n".utf8)
        let file = try directory.write("latin1.csv", bytes: header + row)
        let error = #expect(throws: DataError.self) {
            try Importer.importFile(file, mapping: try directory.write("m.yaml", sampleMapping), into: store)
        }
        #expect(error?.kind == .malformedFile)
        #expect(error?.message.contains("offset \(header.count + 21)") == true)
        #expect(try store.count(RecordQuery()) == 0)
    }

    /// A `.tsv` file is read with tabs without saying so in the mapping.
    @Test func tsvExtensionSelectsTabs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try directory.store()
        let tsv = sampleCSV(rows: 4).replacingOccurrences(of: ",", with: "\t")
        let summary = try Importer.importFile(try directory.write("runs.tsv", tsv), mapping: try directory.write("m.yaml", sampleMapping), into: store)
        #expect(summary.inserted == 4)
        #expect(try store.record(id: "lab-test/s3")?.synthesis.precursors.first?.name == "cadmium oxide")
    }
}

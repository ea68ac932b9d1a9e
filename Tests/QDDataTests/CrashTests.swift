import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@testable import QDData

/// Finds the `qdlab` executable built next to this test bundle (`swift build --build-tests` builds both into the
/// same `.build*/<triple>/debug` directory).
func builtQDLab() -> URL? {
    var candidates: [URL] = []
    let argument0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
    candidates.append(argument0.deletingLastPathComponent())
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent())
    }
    for directory in candidates {
        let binary = directory.appendingPathComponent("qdlab")
        if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
    }
    return nil
}

@Suite("Store after a killed import", .serialized)
struct CrashTests {
    /// The CLI imports a large file; it is SIGKILLed after it reports records written inside the open
    /// transaction. The store then holds none or all of that file's records, and the next import succeeds.
    @Test func sigkillMidImportLeavesNoneOrAllRecords() throws {
        let qdlab = try #require(builtQDLab(), "qdlab executable not found next to the test bundle; run `swift build --build-tests` first.")
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let rows = 10_000
        let file = try directory.write("big.csv", sampleCSV(rows: rows))
        let mapping = try directory.write("m.yaml", sampleMapping)
        let storePath = directory.url.appendingPathComponent("store.sqlite").path

        let process = Process()
        process.executableURL = qdlab
        process.arguments = ["data", "import", file.path, "--mapping", mapping.path, "--store", storePath, "--progress"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Wait (bounded by the process's own life) for a progress line showing a partly written transaction.
        var seen = ""
        var sawPartialWrite = false
        while process.isRunning || !seen.isEmpty {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            // Kill at the first progress line. Progress is reported inside the open transaction, so the kill lands
            // mid-way unless this thread was starved for the whole write (then the store must hold all rows).
            if seen.contains("written ") {
                sawPartialWrite = seen.contains("written 1000/\(rows)")
                break
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(sawPartialWrite, "the import never reported a partial write: \(seen)")
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try SQLiteStore(path: storePath)
        let count = try store.count(RecordQuery())
        #expect(count == 0 || count == rows)
        #expect(try store.imports().count == (count == 0 ? 0 : 1))

        let summary = try Importer.importFile(file, mapping: mapping, into: store)
        #expect(summary.alreadyImported == (count == rows))
        #expect(try store.count(RecordQuery()) == rows)
    }

    /// The CLI run as a user runs it: import, re-import, validate a bad file (exit 1, nothing stored), list as JSON.
    @Test func cliImportValidateAndList() throws {
        let qdlab = try #require(builtQDLab(), "qdlab executable not found next to the test bundle; run `swift build --build-tests` first.")
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = directory.url.appendingPathComponent("cli.sqlite").path
        func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            let process = Process()
            process.executableURL = qdlab
            process.arguments = arguments + ["--store", store]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
        }
        let first = try run(["data", "import", "--dataset", "cdots-tang2020", "--json"])
        #expect(first.status == 0)
        #expect(first.out.contains("\"inserted\" : 467"))
        let again = try run(["data", "import", "--dataset", "cdots-tang2020"])
        #expect(again.out.contains("already imported"))

        let bad = try directory.write("bad.csv", "id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi\nz1,,,CdO,-1,300,5,550,0.5,x\n")
        let mapping = try directory.write("m.yaml", sampleMapping)
        let rejected = try run(["data", "import", bad.path, "--mapping", mapping.path])
        #expect(rejected.status == 1)
        #expect(rejected.err.contains("line 2, column 'metal_mmol', value '-1'"))

        let list = try run(["data", "list", "--json", "--limit", "2"])
        let records = try JSONDecoder().decode([SynthesisRecord].self, from: Data(list.out.utf8))
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.provenance.dataset == "cdots-tang2020" })
    }
}

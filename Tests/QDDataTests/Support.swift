import Foundation
import Testing

@testable import QDData

/// A fresh temporary directory per test, removed by the caller with `cleanup()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("qddata-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` (UTF-8) to `name` and returns its URL.
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Writes raw bytes to `name`.
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    /// A new store file in this directory.
    func store(_ name: String = "store.sqlite") throws -> SQLiteStore {
        try SQLiteStore(path: url.appendingPathComponent(name).path)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The synthetic lab mapping (see `SyntheticData`): one precursor (mmol), temperature (°C), time (min), PLQY
/// (fraction) and emission peak (nm), keyed by the `id` column.
let sampleMapping = SyntheticData.mappingYAML

/// A seeded synthetic CSV in `sampleMapping`'s layout.
func sampleCSV(rows: Int, seed: UInt64 = 1, idPrefix: String = "s") -> String {
    SyntheticData.csv(rows: rows, seed: seed, idPrefix: idPrefix)
}

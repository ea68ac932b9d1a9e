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

/// A small mapping used by the import tests: one precursor (mmol), one temperature (°C), time (min), a PLQY
/// (fraction) and an emission peak (nm), keyed by the `id` column.
let sampleMapping = """
    mappingVersion: 1
    dataset: {name: lab-test, licence: CC-BY-4.0}
    idColumn: id
    material: {core: {value: CdSe}}
    method: {column: method, default: hot-injection}
    status: {column: status, default: succeeded}
    precursors:
      - name: {column: metal}
        role: metal
        amount: {column: metal_mmol, unit: mmol}
    conditions:
      growthTemperature: {column: temp_c, unit: degC}
      reactionTime: {column: time_min, unit: min}
    outcomes:
      emissionPeak: {column: pl_nm, unit: nm}
      plqy: {column: plqy, unit: fraction}
    provenance:
      doi: {column: doi}
    """

/// A CSV in `sampleMapping`'s layout with `rows` generated rows (seeded, deterministic).
func sampleCSV(rows: Int, seed: UInt64 = 1, idPrefix: String = "s") -> String {
    var lines = ["id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi"]
    var state = seed
    func next() -> Double {
        // SplitMix64 (Steele, Lea, Flood 2014): a seeded generator so the file is the same every run.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    for i in 0..<rows {
        let temp = 200 + (next() * 120).rounded()
        let mmol = ((0.05 + next()) * 1000).rounded() / 1000
        let time = (1 + next() * 59).rounded()
        let pl = 500 + (next() * 150).rounded()
        let plqy = (next() * 1000).rounded() / 1000
        lines.append("\(idPrefix)\(i),hot-injection,succeeded,cadmium oxide,\(mmol),\(temp),\(time),\(pl),\(plqy),10.1000/test.\(i % 37)")
    }
    return lines.joined(separator: "\n") + "\n"
}

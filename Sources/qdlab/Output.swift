import ArgumentParser
import Foundation

/// Options every command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Answer with JSON on standard output instead of a table.")
    var json = false
}

/// A Codable value as pretty JSON with sorted keys (stable for scripts and golden tests). JSON has no NaN or
/// infinity, so those are written as the strings "NaN", "Infinity" and "-Infinity" (e.g. a cost that is unknown);
/// `jsonDecoder()` reads them back.
func jsonData<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try encoder.encode(value)
}

/// The decoder matching `jsonData` (reads "NaN", "Infinity" and "-Infinity" back as doubles).
func jsonDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return decoder
}

/// Writes `jsonData(value)` and a newline to standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    FileHandle.standardOutput.write(try jsonData(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Writes `text` to standard error (diagnostics and warnings; standard output stays parseable).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body, turning library errors into one clear line on standard error and exit code 1
/// (2 is kept for usage errors, which ArgumentParser reports itself).
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch { throw reported(error) }
}

/// `reportingErrors` for async command bodies.
func reportingErrorsAsync(_ body: () async throws -> Void) async throws {
    do { try await body() } catch { throw reported(error) }
}

/// Exit codes and clean exits pass through; anything else is printed as one "error: …" line and becomes exit 1.
private func reported(_ error: any Error) -> any Error {
    if error is ExitCode || error is CleanExit { return error }
    printError("error: \((error as? ValidationError)?.message ?? String(describing: error))")
    return ExitCode(1)
}

/// A plain-text table with right-aligned numeric columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return Double(cell) != nil ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

/// Formats a number with a fixed count of decimals.
func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }
/// Formats an optional number, "–" when absent.
func fixed(_ x: Double?, _ decimals: Int) -> String { x.map { fixed($0, decimals) } ?? "–" }

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// The median of `values` (mean of the middle two for an even count); NaN when empty.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

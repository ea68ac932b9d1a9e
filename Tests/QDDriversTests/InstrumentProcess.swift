import Foundation
import Testing

/// `qdlab instrument serve` as a real child process on a loopback ephemeral port.
///
/// The executable sits in the build products folder next to the test bundle (as in qdlabTests' CLIRunner);
/// `swift test` builds it. The port is read from the first line the child prints ("listening on URL").
final class InstrumentProcess {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let url: URL
    private let stderrFile: URL
    private let stdout = Pipe()

    /// The products folder holding the test bundle, found from the running process's path.
    static var productsDirectory: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            dir = bundle.bundleURL.deletingLastPathComponent()
        }
        return dir
    }

    /// Starts `qdlab instrument serve --host 127.0.0.1 --port PORT` plus `arguments` and waits for its first line.
    /// - Throws: `StartError` with the child's standard error when it exits before printing the line.
    init(_ arguments: [String] = [], port: Int = 0) throws {
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("qdlab-instrument-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: stderrFile.path, contents: nil) else {
            throw StartError(description: "Cannot create \(stderrFile.path) for the instrument's standard error.")
        }
        process.executableURL = Self.productsDirectory.appendingPathComponent("qdlab")
        process.arguments = ["instrument", "serve", "--host", "127.0.0.1", "--port", "\(port)"] + arguments
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        // Read until the first newline; EOF before it means the child died (its stderr says why).
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let newline = line.firstIndex(of: UInt8(ascii: "\n")) ?? line.endIndex
        if newline < line.endIndex, line.index(after: newline) < line.endIndex {
            Issue.record("qdlab instrument serve wrote more than one line to stdout: \(String(decoding: line, as: UTF8.self))")
        }
        let text = String(decoding: line[..<newline], as: UTF8.self)
        let prefix = "listening on "
        guard text.hasPrefix(prefix), let url = URL(string: String(text.dropFirst(prefix.count))) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw StartError(description: "qdlab instrument serve printed '\(text)' instead of 'listening on URL'; stderr: \(log)")
        }
        self.url = url
    }

    /// Sends SIGTERM and waits for the exit (SIGKILL after 20 s, recorded as an issue); returns the exit status.
    /// Records an issue if the child wrote anything to standard output after its first line (the contract is
    /// one line, so a parent can read the port and then ignore the pipe).
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            var polls = 0
            while process.isRunning, polls < 400 {
                usleep(50_000)
                polls += 1
            }
            if process.isRunning {
                Issue.record("qdlab instrument serve ignored SIGTERM for 20 s; killing it")
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        let rest = stdout.fileHandleForReading.readDataToEndOfFile()
        if !rest.isEmpty {
            Issue.record("qdlab instrument serve wrote more than one line to stdout: \(String(decoding: rest, as: UTF8.self))")
        }
        try? FileManager.default.removeItem(at: stderrFile)
        return process.terminationStatus
    }

    /// Runs `body` with a fresh instrument's base URL and stops the instrument afterwards, also when `body` throws.
    static func with<T>(_ arguments: [String] = [], _ body: (URL) async throws -> T) async throws -> T {
        let instrument = try InstrumentProcess(arguments)
        defer { instrument.stop() }
        return try await body(instrument.url)
    }
}

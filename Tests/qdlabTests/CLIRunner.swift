import Foundation

/// Runs the built `qdlab` executable as a user would, capturing its output.
///
/// The executable sits in the same build products folder as the test bundle (`.build/debug` or a
/// `--scratch-path` equivalent), which `swift build --build-tests` fills before tests run.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The products folder holding the test bundle, found from the running process's path.
    static var productsDirectory: URL {
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var dir = argument0.deletingLastPathComponent()
        // Linux runs `<products>/QDLabPackageTests.xctest`; macOS runs xctest with the bundle inside products.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            dir = bundle.bundleURL.deletingLastPathComponent()
        }
        return dir
    }

    static var executable: URL { productsDirectory.appendingPathComponent("qdlab") }

    /// Runs `qdlab` with `arguments` in `directory` (default: a fresh temporary folder).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A new empty temporary directory, removed by the caller when done.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qdlab-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

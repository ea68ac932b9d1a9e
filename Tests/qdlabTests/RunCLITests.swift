import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `qdlab run` and `qdlab campaign` as a user runs them, including a SIGKILL mid-campaign.
@Suite("qdlab run and campaign (end to end)", .serialized)
struct RunCLITests {
    struct Status: Decodable {
        let observed: Int
        let pending: [Int]
        let budget: Int
    }

    func status(_ name: String, store: String) throws -> Status {
        let result = try CLIRunner.run(["campaign", "status", name, "--store", store, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try JSONDecoder().decode(Status.self, from: Data(result.stdout.utf8))
    }

    @Test("a small run shows progress, stores every experiment and writes the report")
    func smallRun() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path, report = dir.appendingPathComponent("r.html").path
        let args = ["run", "--material", "CdSe", "--target-emission", "600", "--max-fwhm", "35", "--budget", "6", "--batch", "2",
                    "--campaign", "small", "--store", store, "--report", report]
        let result = try CLIRunner.run(args)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("[6/6]") && result.stdout.contains("done (budget spent): 6 experiments"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("<h2>Convergence</h2>"))
        let s = try status("small", store: store)
        #expect(s.observed == 6 && s.pending.isEmpty)
        // The same command again finds a finished campaign: nothing is run twice.
        let again = try CLIRunner.run(args)
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 run in this session"))
    }

    @Test("killed mid-campaign (SIGKILL), the same command resumes: no experiment lost or repeated")
    func killAndResume() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let args = ["run", "--target-emission", "610", "--budget", "14", "--batch", "2", "--campaign", "k",
                    "--store", store, "--report", dir.appendingPathComponent("r.html").path]
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.contains("[ 5/14]") {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed: \(seen)")
        let before = try status("k", store: store)
        #expect(before.observed >= 5 && before.observed < 14)

        let resumed = try CLIRunner.run(args)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming: \(before.observed) experiments already observed"))
        #expect(resumed.stdout.contains("\(14 - before.observed) run in this session"))
        let after = try status("k", store: store)
        #expect(after.observed == 14 && after.pending.isEmpty)
    }

    @Test("the same campaign runs against an HTTP instrument (the twin served by qdlab instrument serve)")
    func httpReactor() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = Process()
        server.executableURL = CLIRunner.executable
        server.arguments = ["instrument", "serve", "--host", "127.0.0.1", "--port", "0"]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let url = try #require(banner.split(separator: "\n").first?.split(separator: " ").last.map(String.init), "no banner: \(banner)")
        #expect(url.hasPrefix("http://127.0.0.1:"))
        let store = dir.appendingPathComponent("s.sqlite").path
        let viaHTTP = try CLIRunner.run(["run", "--reactor", "http", "--reactor-url", url, "--target-emission", "600", "--budget", "4",
                                         "--batch", "2", "--campaign", "h", "--store", store, "--report", dir.appendingPathComponent("h.html").path, "--json"])
        #expect(viaHTTP.status == 0, "stderr: \(viaHTTP.stderr)")
        let viaTwin = try CLIRunner.run(["run", "--reactor", "twin", "--target-emission", "600", "--budget", "4",
                                         "--batch", "2", "--campaign", "t", "--store", store, "--report", dir.appendingPathComponent("t.html").path, "--json"])
        #expect(viaTwin.status == 0, "stderr: \(viaTwin.stderr)")
        struct Answer: Decodable {
            struct Summary: Decodable { let observed: Int; let bestLoss: Double? }
            let summary: Summary
        }
        let a = try JSONDecoder().decode(Answer.self, from: Data(viaHTTP.stdout.utf8))
        let b = try JSONDecoder().decode(Answer.self, from: Data(viaTwin.stdout.utf8))
        // The instrument runs the same twin with the same seeds: the same campaign, the same measurements.
        #expect(a.summary.observed == 4 && a.summary.bestLoss == b.summary.bestLoss)
        let missing = try CLIRunner.run(["run", "--reactor", "http", "--target-emission", "600", "--store", store])
        #expect(missing.status == 1 && missing.stderr.contains("--reactor-url"))
    }

    @Test("campaign new → suggest → observe → status, and bad results files name the line")
    func manualCampaign() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let spec = dir.appendingPathComponent("spec.yaml")
        try Data("""
            name: manual
            budget: 6
            batch: 2
            parameters:
              - {name: temperature_C, kind: continuous, low: 200, high: 300}
              - {name: time_min, kind: continuous, low: 1, high: 30, scale: log}
            objective: {response: emission_nm, goal: target, target: 600, tolerance: 5}
            """.utf8).write(to: spec)
        #expect(try CLIRunner.run(["campaign", "new", spec.path, "--store", store]).status == 0)
        let csv = dir.appendingPathComponent("batch.csv").path
        let suggest = try CLIRunner.run(["campaign", "suggest", "manual", "--store", store, "--out", csv])
        #expect(suggest.status == 0, "stderr: \(suggest.stderr)")
        var lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines[0] == "trial,temperature_C,time_min,status,emission_nm" && lines.count == 3)
        lines[1] += "580"
        lines[2] = lines[2].replacingOccurrences(of: ",,", with: ",failed,")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: csv))
        let observe = try CLIRunner.run(["campaign", "observe", "manual", csv, "--store", store])
        #expect(observe.status == 0, "stderr: \(observe.stderr)")
        #expect(try status("manual", store: store).observed == 2)
        // The same file again: the trials are already observed; nothing is written.
        let duplicate = try CLIRunner.run(["campaign", "observe", "manual", csv, "--store", store])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("line 2") && duplicate.stderr.contains("already"))
        let bad = dir.appendingPathComponent("bad.csv").path
        try Data("temperature_C,time_min,emission_nm\n250,5,abc\n".utf8).write(to: URL(fileURLWithPath: bad))
        let badRun = try CLIRunner.run(["campaign", "observe", "manual", bad, "--store", store])
        #expect(badRun.status == 1 && badRun.stderr.contains("line 2") && badRun.stderr.contains("emission_nm"))
        let outside = dir.appendingPathComponent("outside.csv").path
        try Data("temperature_C,time_min,emission_nm\n400,5,600\n".utf8).write(to: URL(fileURLWithPath: outside))
        let outsideRun = try CLIRunner.run(["campaign", "observe", "manual", outside, "--store", store])
        #expect(outsideRun.status == 1 && outsideRun.stderr.contains("temperature_C"))
        #expect(try status("manual", store: store).observed == 2)
        let svg = dir.appendingPathComponent("c.svg").path
        #expect(try CLIRunner.run(["campaign", "status", "manual", "--store", store, "--svg", svg]).status == 0)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg"))
    }
}

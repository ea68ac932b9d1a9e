import Foundation
import QDData
import QDTwin
import Testing
@testable import QDDrivers

/// Recipes shared by the suites: one per method and material, and one that fails as a synthesis.
enum Recipes {
    static let heatUp = Recipe(
        materialID: "CdSe", method: .heatUp, injectionTemperatureCelsius: nil, growthTemperatureCelsius: 260,
        growthTimeMinutes: 5, metalPrecursorMillimoles: 0.3, anionPrecursorMillimoles: 0.2, ligandMillimoles: 1,
        heatingRampCelsiusPerMinute: 15)
    static let inP = Recipe(
        materialID: "InP", growthTemperatureCelsius: 260, growthTimeMinutes: 10, metalPrecursorMillimoles: 0.2,
        anionPrecursorMillimoles: 0.1, ligandMillimoles: 0.6, ligand: .myristicAcid)
    /// No ligand: the twin reports an aggregated product (a failed synthesis, not an error).
    static let noLigand = Recipe(
        materialID: "CdSe", injectionTemperatureCelsius: 300, growthTemperatureCelsius: 270, growthTimeMinutes: 2,
        metalPrecursorMillimoles: 0.2, anionPrecursorMillimoles: 0.4, ligandMillimoles: 0)
    static let all = [Recipe.standardCdSe(), heatUp, inP, noLigand]
}

/// `HTTPReactor` against `qdlab instrument serve` run as a real child process on a loopback socket.
///
/// The reference for every measurement is `TwinReactor().run` in this process with the same recipe and seed:
/// the twin is deterministic given (recipe, seed) and JSON carries doubles exactly (shortest round-trip
/// printing), so the measurements must be equal, not merely close.
@Suite("HTTPReactor against a real instrument process")
struct HTTPReactorTests {
    func reactor(_ url: URL, timeout: Duration = .seconds(300)) throws -> HTTPReactor {
        try HTTPReactor(baseURL: url, pollInterval: .milliseconds(100), timeout: timeout)
    }

    @Test("every recipe gives the measurement the twin gives in-process, failed syntheses included")
    func sameAsTwin() async throws {
        try await InstrumentProcess.with { url in
            let http = try reactor(url)
            let health = try await http.health()
            #expect(health.reactor == "twin" && health.version == 1)
            // Seeds include one above 2^53, which a JSON number in a double would round.
            for (recipe, seed) in zip(Recipes.all, [7, 0, 42, UInt64.max - 6] as [UInt64]) {
                let remote = try await http.run(recipe, seed: seed)
                let local = try await TwinReactor().run(recipe, seed: seed)
                #expect(remote == local, "recipe \(recipe.materialID) \(recipe.method), seed \(seed)")
            }
            let failed = try await http.run(Recipes.noLigand, seed: 3)
            #expect(failed.status == .failed(.aggregation))
        }
    }

    @Test("a recipe the instrument rejects throws TwinError with the twin's own message", arguments: [
        ("growth temperature in kelvin", Recipe.standardCdSe(growthTemperatureCelsius: 543)),
        ("not a number", Recipe.standardCdSe(growthTimeMinutes: .nan)),
        ("unknown material", Recipe(materialID: "Unobtainium", growthTemperatureCelsius: 270, growthTimeMinutes: 2,
                                    metalPrecursorMillimoles: 0.2, anionPrecursorMillimoles: 0.4, ligandMillimoles: 1.2)),
    ])
    func rejectedRecipe(_ label: String, _ recipe: Recipe) async throws {
        let expected = try #require(throws: TwinError.self) { try recipe.validated() }
        try await InstrumentProcess.with { url in
            let error = try await #require(throws: TwinError.self, "\(label)") {
                try await reactor(url).run(recipe, seed: 1)
            }
            #expect(error == expected)
        }
    }

    @Test("an instrument that is not running gives a connection error naming the URL and the way out")
    func notRunning() async throws {
        // Start and stop an instrument: its port was just free and nothing listens on it now.
        let instrument = try InstrumentProcess()
        let url = instrument.url
        #expect(instrument.stop() == 0, "SIGTERM shuts the instrument down cleanly")
        let error = try await #require(throws: DriverError.self) {
            try await reactor(url).run(.standardCdSe(), seed: 1)
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains(url.absoluteString))
        #expect(error.message.contains("qdlab instrument serve") && error.message.contains("--reactor-url"))
    }

    @Test("while waiting, the driver rides out an instrument restart, then reports the experiment lost")
    func instrumentRestart() async throws {
        // A 60 s synthesis keeps the experiment running while the instrument is stopped and started again on the
        // same port. Without the reconnect grace the driver would fail with connectionFailed at the first refused
        // poll; with it, it reaches the new instrument, which has never heard of the experiment.
        let first = try InstrumentProcess(["--delay-ms", "60000"])
        defer { first.stop() }
        let port = try #require(first.url.port)
        let http = try HTTPReactor(
            baseURL: first.url, pollInterval: .milliseconds(200), timeout: .seconds(300), reconnectGrace: .seconds(60))
        let waiting = Task { try await http.run(.standardCdSe(), seed: 1, experimentID: "long-1") }
        defer { waiting.cancel() }
        try await waitUntilSubmitted(http)
        first.stop()
        let second = try InstrumentProcess(port: port)
        defer { second.stop() }
        let error = try await #require(throws: DriverError.self) { try await waiting.value }
        #expect(error.kind == .experimentLost)
        #expect(error.message.contains("long-1"))
    }

    @Test("a poll that cannot reach the instrument gives up after the grace with the connection error")
    func reconnectGraceRunsOut() async throws {
        let instrument = try InstrumentProcess(["--delay-ms", "60000"])
        defer { instrument.stop() }
        let http = try HTTPReactor(
            baseURL: instrument.url, pollInterval: .milliseconds(50), timeout: .seconds(300), reconnectGrace: .zero)
        let waiting = Task { try await http.run(.standardCdSe(), seed: 1, experimentID: "long-2") }
        defer { waiting.cancel() }
        try await waitUntilSubmitted(http)
        instrument.stop()
        let error = try await #require(throws: DriverError.self) { try await waiting.value }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("long-2") && error.message.contains("reconnectGrace"))
    }

    /// Polls health (at most 500 times) until the instrument holds one experiment.
    func waitUntilSubmitted(_ http: HTTPReactor) async throws {
        for _ in 0..<500 {
            if try await http.health().experiments == 1 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw InstrumentProcess.StartError(description: "The instrument never showed the submitted experiment.")
    }

    @Test("concurrent submissions each get their own recipe's measurement")
    func concurrent() async throws {
        let jobs = (0..<8).map { i in (Recipes.all[i % Recipes.all.count], UInt64(100 + i)) }
        try await InstrumentProcess.with(["--parallel", "2"]) { url in
            let http = try reactor(url)
            let remote = try await withThrowingTaskGroup(of: (Int, ReactorMeasurement).self) { group in
                for (i, job) in jobs.enumerated() {
                    group.addTask { (i, try await http.run(job.0, seed: job.1)) }
                }
                var results: [Int: ReactorMeasurement] = [:]
                for try await (i, m) in group { results[i] = m }
                return results
            }
            for (i, job) in jobs.enumerated() {
                let local = try await TwinReactor().run(job.0, seed: job.1)
                #expect(remote[i] == local, "job \(i)")
            }
            #expect(try await http.health().experiments == jobs.count)
        }
    }
}

/// Idempotency: the experiment id as the key that lets a killed runner resubmit without running anything twice.
@Suite("HTTPReactor idempotency")
struct HTTPReactorIdempotencyTests {
    @Test("a runner that gave up waiting and resubmits the same id gets the same experiment, run once")
    func resumeAfterGivingUp() async throws {
        // The instrument takes 8 s per synthesis; the first client gives up after 0.1 s (as a killed runner
        // would), the second waits. The instrument's log must hold one experiment, not two. (8 s, not less, so
        // that a loaded machine stalling between submission and first poll cannot let the first client finish.)
        try await InstrumentProcess.with(["--delay-ms", "8000"]) { url in
            let impatient = try HTTPReactor(baseURL: url, pollInterval: .milliseconds(50), timeout: .milliseconds(100))
            let error = try await #require(throws: DriverError.self) {
                try await impatient.run(.standardCdSe(), seed: 5, experimentID: "campaign-1.run-0")
            }
            #expect(error.kind == .timeout)
            #expect(error.message.contains("campaign-1.run-0"))
            let patient = try HTTPReactor(baseURL: url, pollInterval: .milliseconds(100), timeout: .seconds(300))
            let measurement = try await patient.run(.standardCdSe(), seed: 5, experimentID: "campaign-1.run-0")
            #expect(measurement == (try await TwinReactor().run(.standardCdSe(), seed: 5)))
            #expect(try await patient.health().experiments == 1)
        }
    }

    @Test("run(_:seed:) keys by recipe and seed: resubmission runs nothing new, another seed is a new experiment")
    func derivedKey() async throws {
        try await InstrumentProcess.with { url in
            let http = try HTTPReactor(baseURL: url, pollInterval: .milliseconds(100))
            let first = try await http.run(Recipes.inP, seed: 9)
            let again = try await http.run(Recipes.inP, seed: 9)
            #expect(first == again)
            #expect(try await http.health().experiments == 1)
            _ = try await http.run(Recipes.inP, seed: 10)
            #expect(try await http.health().experiments == 2)
        }
    }

    @Test("an id reused for a different recipe or seed is a conflict, not a silent rerun")
    func conflict() async throws {
        try await InstrumentProcess.with { url in
            let http = try HTTPReactor(baseURL: url, pollInterval: .milliseconds(100))
            _ = try await http.run(.standardCdSe(), seed: 1, experimentID: "run-1")
            let error = try await #require(throws: DriverError.self) {
                try await http.run(.standardCdSe(), seed: 2, experimentID: "run-1")
            }
            #expect(error.kind == .conflict)
            #expect(error.message.contains("run-1"))
        }
    }

    @Test("an id with characters outside the rule is refused with the rule")
    func invalidID() async throws {
        try await InstrumentProcess.with { url in
            let error = try await #require(throws: DriverError.self) {
                try await HTTPReactor(baseURL: url).run(.standardCdSe(), seed: 1, experimentID: "campaign 1/run 0")
            }
            #expect(error.kind == .invalidExperimentID)
            #expect(error.message.contains("A–Z a–z 0–9"))
        }
    }

    @Test("the derived key is stable, path-safe, and differs with the seed or the recipe")
    func derivedKeyShape() {
        let a = HTTPReactor.experimentID(for: .standardCdSe(), seed: 1)
        #expect(a == HTTPReactor.experimentID(for: .standardCdSe(), seed: 1))
        #expect(a != HTTPReactor.experimentID(for: .standardCdSe(), seed: 2))
        #expect(a != HTTPReactor.experimentID(for: .standardCdSe(growthTimeMinutes: 3), seed: 1))
        #expect(a.hasPrefix("qd-") && a.count == 19)
        let hexDigits = a.dropFirst(3).filter(\.isHexDigit)
        #expect(hexDigits.count == 16)
    }
}

/// Settings checked before any request.
@Suite("HTTPReactor configuration")
struct HTTPReactorConfigurationTests {
    @Test("URLs without http(s) or host, and non-positive durations, are refused with the rule", arguments: [
        ("ftp://127.0.0.1:21", Duration.seconds(1)),
        ("file:///tmp/x", .seconds(1)),
        ("http://127.0.0.1:8080", .zero),
    ])
    func refused(_ url: String, _ interval: Duration) throws {
        let base = try #require(URL(string: url))
        let error = try #require(throws: DriverError.self) { try HTTPReactor(baseURL: base, pollInterval: interval) }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.message.contains("rule:"))
    }

    @Test("a --reactor-url typed without scheme or as garbage is refused with an example", arguments: [
        "127.0.0.1:8080", "localhost", "", "http://",
    ])
    func refusedText(_ text: String) throws {
        let error = try #require(throws: DriverError.self) { try HTTPReactor(baseURLString: text) }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.message.contains("http://127.0.0.1:8080"))
    }

    @Test("a well-formed --reactor-url is taken as the base URL")
    func acceptedText() throws {
        #expect(try HTTPReactor(baseURLString: " http://127.0.0.1:8080 ").baseURL.absoluteString == "http://127.0.0.1:8080")
    }
}

import Foundation
import QDTwin
import Testing
@testable import QDServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An `InstrumentServer` running in this process on a loopback ephemeral port, for the duration of `body`.
func withServer<T>(_ server: InstrumentServer, _ body: (URL) async throws -> T) async throws -> T {
    let (urls, continuation) = AsyncStream<URL>.makeStream()
    let task = Task {
        defer { continuation.finish() }
        try await server.run { url in continuation.yield(url) }
    }
    defer { task.cancel() }
    var iterator = urls.makeAsyncIterator()
    guard let url = await iterator.next() else {
        try await task.value  // rethrows why the server did not start
        throw ServerError(.bindFailed, "The server stopped before listening.")
    }
    return try await body(url)
}

/// One HTTP exchange as the protocol sees it: status, headers, JSON body.
struct Exchange {
    let status: Int
    let location: String?
    let body: Data

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try InstrumentJSON.decoder().decode(type, from: body) }

    /// Sends `method` to `url` with an optional raw JSON body.
    static func send(_ method: String, _ url: URL, json: String? = nil) async throws -> Exchange {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Exchange(status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"), body: data)
    }

    /// POSTs a submission built from Swift values (encoded as the protocol encodes them).
    static func submit(_ base: URL, recipe: Recipe, seed: UInt64, id: String? = nil) async throws -> Exchange {
        let body = try InstrumentJSON.encoder().encode(ExperimentSubmission(id: id, recipe: recipe, seed: seed))
        return try await send("POST", base.appendingPathComponent("v1/experiments"), json: String(decoding: body, as: UTF8.self))
    }

    /// Polls `GET /v1/experiments/{id}` until the experiment leaves queued/running (at most 2,000 polls).
    static func waitForEnd(_ base: URL, id: String) async throws -> ExperimentResource {
        let url = base.appendingPathComponent("v1/experiments/\(id)")
        for _ in 0..<2000 {
            let resource = try await send("GET", url).decode(ExperimentResource.self)
            if resource.status == .done || resource.status == .error { return resource }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServerError(.bindFailed, "Experiment \(id) did not end within 2,000 polls.")
    }
}

/// Protocol v1 over a real loopback socket, the server in-process: status codes, bodies, idempotency.
@Suite("InstrumentServer protocol v1")
struct InstrumentServerTests {
    @Test("health names the protocol, its version and the reactor")
    func health() async throws {
        try await withServer(InstrumentServer(parallelRuns: 3)) { base in
            let answer = try await Exchange.send("GET", base.appendingPathComponent("v1/health"))
            #expect(answer.status == 200)
            let health = try answer.decode(InstrumentHealthBody.self)
            #expect(health.protocol == "qdlab-instrument" && health.version == 1)
            #expect(health.reactor == "twin" && health.parallelRuns == 3 && health.experiments == 0)
        }
    }

    @Test("the documented example submission runs and ends with the twin's measurement")
    func documentedExample() async throws {
        // The request body of docs/drivers.md, verbatim.
        let json = """
            {"id": "demo-1", "seed": 7, "recipe": {"materialID": "CdSe", "method": "hot-injection",
             "injectionTemperatureCelsius": 300, "growthTemperatureCelsius": 270, "growthTimeMinutes": 2,
             "metalPrecursorMillimoles": 0.2, "anionPrecursorMillimoles": 0.4, "ligandMillimoles": 1.2,
             "ligand": "oleic acid", "volumeMillilitres": 10}}
            """
        try await withServer(InstrumentServer()) { base in
            let accepted = try await Exchange.send("POST", base.appendingPathComponent("v1/experiments"), json: json)
            #expect(accepted.status == 202)
            #expect(accepted.location == "/v1/experiments/demo-1")
            let resource = try accepted.decode(ExperimentResource.self)
            #expect(resource.id == "demo-1" && [.queued, .running, .done].contains(resource.status))
            let done = try await Exchange.waitForEnd(base, id: "demo-1")
            #expect(done.status == .done && done.error == nil)
            #expect(done.measurement == (try await TwinReactor().run(.standardCdSe(), seed: 7)))
        }
    }

    @Test("a submission without id gets one from the server")
    func serverChosenID() async throws {
        try await withServer(InstrumentServer()) { base in
            let resource = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 1).decode(ExperimentResource.self)
            #expect(resource.id.hasPrefix("exp-"))
            #expect(try await Exchange.waitForEnd(base, id: resource.id).status == .done)
        }
    }

    @Test("422 carries the twin's own message for a recipe it rejects; nothing enters the log")
    func invalidRecipe() async throws {
        let recipe = Recipe.standardCdSe(growthTemperatureCelsius: 900)
        let expected = try #require(throws: TwinError.self) { try recipe.validated() }
        try await withServer(InstrumentServer()) { base in
            let answer = try await Exchange.submit(base, recipe: recipe, seed: 1, id: "bad-1")
            #expect(answer.status == 422)
            #expect(try answer.decode(WireError.self) == WireError(error: "invalid-recipe", message: expected.message))
            #expect(try await Exchange.send("GET", base.appendingPathComponent("v1/experiments/bad-1")).status == 404)
        }
    }

    @Test("errors are JSON with a code and a message that names the rule", arguments: [
        ("GET", "v1/experiments/nope", nil, 404, "not-found"),
        ("GET", "v2/health", nil, 404, "not-found"),
        ("POST", "v1/experiments", "{\"seed\": 1}", 400, "bad-request"),
        ("POST", "v1/experiments", "not json", 400, "bad-request"),
        ("POST", "v1/experiments", "{\"seed\": -1, \"recipe\": {}}", 400, "bad-request"),
    ] as [(String, String, String?, Int, String)])
    func errors(_ method: String, _ path: String, _ json: String?, _ status: Int, _ code: String) async throws {
        try await withServer(InstrumentServer()) { base in
            let answer = try await Exchange.send(method, base.appendingPathComponent(path), json: json)
            #expect(answer.status == status)
            let error = try answer.decode(WireError.self)
            #expect(error.error == code)
            #expect(error.message.contains("rule:"))
        }
    }

    @Test("a body over 64 KiB is refused with 413 and the rule")
    func oversizedBody() async throws {
        try await withServer(InstrumentServer()) { base in
            let padded = String(repeating: " ", count: 70_000) + "{}"
            let answer = try await Exchange.send("POST", base.appendingPathComponent("v1/experiments"), json: padded)
            #expect(answer.status == 413)
            #expect(try answer.decode(WireError.self).message.contains("rule:"))
        }
    }

    @Test("an id outside the path-safe rule is refused before anything runs")
    func invalidID() async throws {
        try await withServer(InstrumentServer()) { base in
            for id in ["", "a/b", "run 1", String(repeating: "x", count: 129)] {
                let answer = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 1, id: id)
                #expect(answer.status == 400, "id '\(id)'")
                #expect(try answer.decode(WireError.self).error == "invalid-experiment-id")
            }
        }
    }

    @Test("resubmitting an id: same recipe and seed returns the existing experiment (200), anything else is 409")
    func idempotency() async throws {
        // A 60 s simulated synthesis keeps the first experiment running and the second queued for the whole test
        // (one reactor), so the states below do not depend on timing.
        try await withServer(InstrumentServer(runDelay: .seconds(60))) { base in
            let first = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 1, id: "run-1")
            #expect(first.status == 202)
            #expect(try first.decode(ExperimentResource.self).status == .running)
            let second = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 2, id: "run-2")
            #expect(try second.decode(ExperimentResource.self).status == .queued)

            let again = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 1, id: "run-1")
            #expect(again.status == 200)
            #expect(try again.decode(ExperimentResource.self).status == .running)
            let otherSeed = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 3, id: "run-1")
            #expect(otherSeed.status == 409)
            #expect(try otherSeed.decode(WireError.self).error == "conflict")
            let otherRecipe = try await Exchange.submit(base, recipe: .standardCdSe(growthTimeMinutes: 4), seed: 1, id: "run-1")
            #expect(otherRecipe.status == 409)

            let health = try await Exchange.send("GET", base.appendingPathComponent("v1/health")).decode(InstrumentHealthBody.self)
            #expect(health.experiments == 2)
        }
    }

    @Test("a reactor that throws an equipment error ends the experiment in state error with its message")
    func equipmentError() async throws {
        struct BrokenPump: Reactor {
            struct PumpError: Error, CustomStringConvertible { var description: String { "Syringe pump 2 stalled." } }
            let name = "broken"
            func run(_ recipe: Recipe, seed: UInt64) async throws -> ReactorMeasurement { throw PumpError() }
        }
        try await withServer(InstrumentServer(reactor: BrokenPump())) { base in
            _ = try await Exchange.submit(base, recipe: .standardCdSe(), seed: 1, id: "pump")
            let ended = try await Exchange.waitForEnd(base, id: "pump")
            #expect(ended.status == .error && ended.measurement == nil)
            #expect(ended.error == WireError(error: "equipment-error", message: "Syringe pump 2 stalled."))
        }
    }
}

/// Settings checked before anything is bound.
@Suite("InstrumentServer configuration")
struct InstrumentServerConfigurationTests {
    @Test("out-of-rule settings are refused with the rule", arguments: [
        (70_000, 0, 1), (-1, 0, 1), (0, -5, 1), (0, 0, 0),
    ])
    func refused(_ port: Int, _ delayMilliseconds: Int, _ parallelRuns: Int) {
        let error = #expect(throws: ServerError.self) {
            try InstrumentServer(port: port, runDelay: .milliseconds(delayMilliseconds), parallelRuns: parallelRuns)
        }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("rule:") == true)
    }

    @Test("a port already in use is a bind error naming the address")
    func portInUse() async throws {
        try await withServer(InstrumentServer()) { base in
            let port = try #require(base.port)
            let error = await #expect(throws: ServerError.self) {
                try await InstrumentServer(port: port).run()
            }
            #expect(error?.kind == .bindFailed)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        }
    }
}

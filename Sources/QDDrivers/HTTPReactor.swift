import Foundation
import QDTwin

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `Reactor` that runs recipes on an instrument speaking the QDLab instrument protocol v1 over HTTP
/// (docs/drivers.md): `qdlab instrument serve` (the twin behind a socket) or a lab's own robot endpoint.
///
/// `run` submits `POST /v1/experiments` with an experiment id, then polls `GET /v1/experiments/{id}` — first
/// after 20 ms, doubling up to `pollInterval` — until the experiment is done or `timeout` has passed. While
/// waiting it rides out an instrument that stops answering (network blip, restart) for up to `reconnectGrace`.
///
/// Idempotency: the experiment id is the key. Resubmitting an id with the same recipe and seed returns the
/// instrument's existing experiment (finished or still running) and runs nothing, so a campaign runner that was
/// killed while waiting can call `run` again and pick up the same experiment. `run(_:seed:)` uses
/// `experimentID(for:seed:)`, derived from the recipe and seed; pass `experimentID:` explicitly to run genuine
/// replicates (same recipe and seed twice) or to key experiments by your own record ids.
///
/// Errors: a recipe the instrument rejects is rethrown as `TwinError` with the instrument's own message (HTTP 422
/// → `.invalidRecipe`/`.unsupportedMaterial`); a failed synthesis is a measurement with `status == .failed`,
/// never an error; everything else — no connection, timeouts, equipment faults, a reused id — is `DriverError`.
public struct HTTPReactor: Reactor {
    /// "http".
    public let name = "http"
    /// The instrument's base URL, e.g. `http://127.0.0.1:8080` (endpoints are appended as `v1/…`).
    public let baseURL: URL
    /// Longest wait between two status polls.
    public let pollInterval: Duration
    /// Longest wait for one experiment, from submission to measurement.
    public let timeout: Duration
    /// Longest wait for one HTTP answer.
    public let requestTimeout: Duration
    /// While waiting for an experiment, how long the instrument may go without answering before `run` gives up
    /// (connection refused or request timeouts during polls are retried until then; the submission is not).
    public let reconnectGrace: Duration

    private let connection: Connection

    /// First wait between polls; doubled after each poll up to `pollInterval`.
    static let firstPollInterval = Duration.milliseconds(20)

    /// A driver for the instrument at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: http or https URL of the instrument, e.g. `http://127.0.0.1:8080`.
    ///   - pollInterval: longest wait between two status polls (default 1 s).
    ///   - timeout: longest wait for one experiment from submission to measurement (default 1 h; a real synthesis
    ///     takes tens of minutes, the twin milliseconds).
    ///   - requestTimeout: longest wait for one HTTP answer (default 30 s).
    ///   - reconnectGrace: how long polls may fail to reach the instrument before `run` gives up (default 60 s;
    ///     0 gives up at the first failure).
    /// - Throws: `DriverError.invalidConfiguration` for another scheme, a URL without host, a non-positive
    ///   interval or timeout, or a negative grace.
    public init(
        baseURL: URL, pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(3600),
        requestTimeout: Duration = .seconds(30), reconnectGrace: Duration = .seconds(60)
    ) throws {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = baseURL.host, !host.isEmpty
        else {
            throw DriverError(.invalidConfiguration, "Reactor URL '\(baseURL.absoluteString)' is not valid (rule: http:// or https:// with a host, e.g. http://127.0.0.1:8080). Pass the URL `qdlab instrument serve` printed.")
        }
        for (label, value) in [("Poll interval", pollInterval), ("Timeout", timeout), ("Request timeout", requestTimeout)]
        where value <= .zero {
            throw DriverError(.invalidConfiguration, "\(label) \(value) is not valid (rule: > 0). Pass a positive duration.")
        }
        guard reconnectGrace >= .zero else {
            throw DriverError(.invalidConfiguration, "Reconnect grace \(reconnectGrace) is not valid (rule: ≥ 0). Pass 0 to give up at the first failed poll.")
        }
        self.baseURL = baseURL
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.requestTimeout = requestTimeout
        self.reconnectGrace = reconnectGrace
        self.connection = Connection(requestTimeout: Self.seconds(requestTimeout))
    }

    /// A driver for the instrument at `baseURLString`, as typed on a command line (`--reactor-url`).
    /// - Throws: `DriverError.invalidConfiguration` when the text is not an http(s) URL with a host, or as
    ///   `init(baseURL:pollInterval:timeout:requestTimeout:reconnectGrace:)`.
    public init(
        baseURLString: String, pollInterval: Duration = .seconds(1), timeout: Duration = .seconds(3600),
        requestTimeout: Duration = .seconds(30), reconnectGrace: Duration = .seconds(60)
    ) throws {
        guard let url = URL(string: baseURLString.trimmingCharacters(in: .whitespaces)) else {
            throw DriverError(.invalidConfiguration, "Reactor URL '\(baseURLString)' is not a URL (rule: http:// or https:// with a host, e.g. http://127.0.0.1:8080). Pass the URL `qdlab instrument serve` printed.")
        }
        try self.init(
            baseURL: url, pollInterval: pollInterval, timeout: timeout, requestTimeout: requestTimeout,
            reconnectGrace: reconnectGrace)
    }

    /// Runs `recipe` under the id `experimentID(for: recipe, seed: seed)` (see the type's idempotency notes).
    /// - Throws: see `run(_:seed:experimentID:)`.
    public func run(_ recipe: Recipe, seed: UInt64) async throws -> ReactorMeasurement {
        try await run(recipe, seed: seed, experimentID: Self.experimentID(for: recipe, seed: seed))
    }

    /// Runs `recipe` as the experiment `experimentID`, or picks up that experiment if the instrument already has
    /// it with the same recipe and seed.
    ///
    /// - Parameter experimentID: the idempotency key: 1–128 characters from A–Z a–z 0–9 `.` `_` `~` `-`.
    /// - Throws: `TwinError` (the instrument's message) for a recipe it rejects; `DriverError` `.connectionFailed`,
    ///   `.timeout`, `.conflict` (id taken by another recipe or seed), `.invalidExperimentID`, `.equipmentError`,
    ///   `.experimentLost`, `.unexpectedStatus`, `.invalidResponse`; `CancellationError` when the task is cancelled.
    /// - Complexity: one POST and at most about log2(pollInterval / 20 ms) + timeout / pollInterval GETs.
    public func run(_ recipe: Recipe, seed: UInt64, experimentID: String) async throws -> ReactorMeasurement {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let submission = SubmissionBody(id: experimentID, recipe: recipe, seed: seed)
        let body: Data
        do {
            body = try ClientJSON.encoder().encode(submission)
        } catch {
            throw DriverError(.invalidResponse, "The recipe could not be encoded as JSON: \(error). Check the recipe's values.")
        }
        let experimentsURL = endpoint("v1/experiments")
        var state = try await experiment(
            from: send(method: "POST", url: experimentsURL, body: body), id: experimentID, url: experimentsURL,
            accepting: [200, 202])
        let statusURL = endpoint("v1/experiments/\(experimentID)")
        var wait = min(Self.firstPollInterval, pollInterval)
        var lastAnswer = clock.now
        while true {
            switch state.status {
            case "done":
                guard let measurement = state.measurement else {
                    throw DriverError(.invalidResponse, "The instrument at \(statusURL) says experiment '\(experimentID)' is done but sent no measurement (rule: protocol v1 'done' carries 'measurement'). Check the instrument's implementation against docs/drivers.md.")
                }
                return measurement
            case "error":
                throw Self.error(fromExperimentError: state.error, id: experimentID, url: statusURL)
            case "queued", "running":
                break
            default:
                throw DriverError(.invalidResponse, "The instrument at \(statusURL) reports status '\(state.status)' for experiment '\(experimentID)' (rule: queued, running, done or error). Check the instrument's implementation against docs/drivers.md.")
            }
            let now = clock.now
            guard now < deadline else {
                throw DriverError(.timeout, "Experiment '\(experimentID)' on \(baseURL.absoluteString) did not finish within \(Self.seconds(timeout)) s (last status: \(state.status); rule: HTTPReactor timeout). Raise the timeout or check the instrument; calling run again with the same id resumes waiting without running it twice.")
            }
            try await Task.sleep(for: min(wait, deadline - now))
            wait = min(wait * 2, pollInterval)
            do {
                state = try await experiment(
                    from: send(method: "GET", url: statusURL, body: nil), id: experimentID, url: statusURL,
                    accepting: [200])
                lastAnswer = clock.now
            } catch let error as DriverError where error.kind == .connectionFailed || error.kind == .timeout {
                // The instrument stopped answering; keep the last known state and poll again within the grace.
                guard clock.now - lastAnswer < reconnectGrace else {
                    throw DriverError(error.kind, "\(error.message) Gave up waiting for experiment '\(experimentID)' after \(Self.seconds(reconnectGrace)) s without an answer (rule: HTTPReactor reconnectGrace); calling run again with the same id resumes it.")
                }
            }
        }
    }

    /// Asks the instrument how it is (`GET /v1/health`): a cheap check that the URL is right before a campaign.
    /// - Throws: `DriverError.connectionFailed`/`.timeout` when it cannot be reached, `.invalidResponse` when it
    ///   does not speak protocol v1.
    public func health() async throws -> InstrumentHealth {
        let url = endpoint("v1/health")
        let (status, data) = try await send(method: "GET", url: url, body: nil)
        guard status == 200 else { throw Self.error(status: status, data: data, url: url) }
        guard let health = try? ClientJSON.decoder().decode(InstrumentHealth.self, from: data),
              health.protocol == "qdlab-instrument", health.version == 1
        else {
            throw DriverError(.invalidResponse, "The server at \(url) does not speak QDLab instrument protocol v1 (rule: GET /v1/health answers {\"protocol\": \"qdlab-instrument\", \"version\": 1, …}). Check --reactor-url.")
        }
        return health
    }

    /// The idempotency key `run(_:seed:)` uses: "qd-" and 16 hex digits of the 64-bit FNV-1a hash of the
    /// canonical JSON of the recipe and seed (sorted keys). Same recipe and seed → same id, in any process.
    ///
    /// FNV-1a is written out here (Fowler–Noll–Vo, offset basis 14695981039346656037, prime 1099511628211, as
    /// published by its authors) because Foundation on Linux has no hash of stable value and Swift's `Hasher`
    /// is seeded per process; a 64-bit hash makes an accidental collision between two recipes negligible.
    public static func experimentID(for recipe: Recipe, seed: UInt64) -> String {
        struct Key: Encodable {
            let recipe: Recipe
            let seed: UInt64
        }
        // Encoding a Recipe with the string strategy for non-finite numbers cannot fail.
        let bytes = (try? ClientJSON.encoder().encode(Key(recipe: recipe, seed: seed))) ?? Data("\(recipe)|\(seed)".utf8)
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        let hex = String(hash, radix: 16)
        return "qd-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: HTTP

    /// The URLSession of one driver value and its copies, released when the last copy goes.
    private final class Connection: Sendable {
        let session: URLSession

        init(requestTimeout: TimeInterval) {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = requestTimeout
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            session = URLSession(configuration: configuration)
        }

        deinit { session.finishTasksAndInvalidate() }
    }

    private func endpoint(_ path: String) -> URL { baseURL.appendingPathComponent(path) }

    /// Sends one request; transport failures become `DriverError` naming the URL.
    private func send(method: String, url: URL, body: Data?) async throws -> (status: Int, data: Data) {
        var request = URLRequest(url: url, timeoutInterval: Self.seconds(requestTimeout))
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await connection.session.data(for: request)
        } catch let error as URLError {
            throw Self.error(transport: error, url: url, requestTimeout: requestTimeout)
        }
        guard let http = response as? HTTPURLResponse else {
            throw DriverError(.invalidResponse, "The answer from \(url) is not HTTP. Check --reactor-url.")
        }
        return (http.statusCode, data)
    }

    /// The experiment in an answer with an accepted status, or the error the answer stands for.
    private func experiment(
        from answer: (status: Int, data: Data), id: String, url: URL, accepting: Set<Int>
    ) throws -> ExperimentBody {
        guard accepting.contains(answer.status) else {
            if answer.status == 404, url.lastPathComponent == id {
                throw DriverError(.experimentLost, "The instrument at \(baseURL.absoluteString) no longer knows experiment '\(id)' (HTTP 404: \(Self.message(in: answer.data))). It has probably restarted; run again with the same id to resubmit.")
            }
            throw Self.error(status: answer.status, data: answer.data, url: url)
        }
        do {
            return try ClientJSON.decoder().decode(ExperimentBody.self, from: answer.data)
        } catch {
            throw DriverError(.invalidResponse, "The answer from \(url) is not a protocol v1 experiment: \(error). Check that --reactor-url points at a QDLab instrument.")
        }
    }

    /// The error for an HTTP status outside the expected ones: 422 becomes the reactor's `TwinError`.
    static func error(status: Int, data: Data, url: URL) -> any Error {
        let body = try? ClientJSON.decoder().decode(ErrorBody.self, from: data)
        let message = body?.message ?? message(in: data)
        switch (status, body?.error) {
        case (422, "unsupported-material"): return TwinError(.unsupportedMaterial, message)
        case (422, _): return TwinError(.invalidRecipe, message)
        case (409, _): return DriverError(.conflict, message)
        case (400, "invalid-experiment-id"): return DriverError(.invalidExperimentID, message)
        default:
            return DriverError(.unexpectedStatus, "The instrument at \(url) answered HTTP \(status): \(message)")
        }
    }

    /// The error an experiment in state "error" stands for: the twin's kinds keep their meaning.
    static func error(fromExperimentError body: ErrorBody?, id: String, url: URL) -> any Error {
        let message = body?.message ?? "no message"
        switch body?.error {
        case "invalid-recipe": return TwinError(.invalidRecipe, message)
        case "unsupported-material": return TwinError(.unsupportedMaterial, message)
        case "simulation-failed": return TwinError(.simulationFailed, message)
        case "characterisation-failed": return TwinError(.characterisationFailed, message)
        default:
            return DriverError(.equipmentError, "The instrument at \(url) could not run experiment '\(id)': \(message)")
        }
    }

    /// The error for a transport failure: connection problems name the URL and the way out.
    static func error(transport error: URLError, url: URL, requestTimeout: Duration) -> any Error {
        switch error.code {
        case .cancelled:
            return CancellationError()
        case .timedOut:
            return DriverError(.timeout, "The instrument at \(url) did not answer within \(seconds(requestTimeout)) s (rule: HTTPReactor requestTimeout). Check that it is running and not overloaded, or raise the request timeout.")
        case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet,
             .dnsLookupFailed:
            return DriverError(.connectionFailed, "Cannot connect to the instrument at \(url) (\(describe(error.code))). Start the instrument (qdlab instrument serve) or check --reactor-url.")
        default:
            return DriverError(.connectionFailed, "Request to the instrument at \(url) failed: \(error.localizedDescription) (URLError \(error.code.rawValue)). Check --reactor-url and the network.")
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .networkConnectionLost: "connection lost"
        case .notConnectedToInternet: "no network"
        default: "URLError \(code.rawValue)"
        }
    }

    /// The `message` of an error body, or the start of the body as text.
    private static func message(in data: Data) -> String {
        if let body = try? ClientJSON.decoder().decode(ErrorBody.self, from: data) { return body.message }
        let text = String(decoding: data.prefix(300), as: UTF8.self)
        return text.isEmpty ? "empty body" : text
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

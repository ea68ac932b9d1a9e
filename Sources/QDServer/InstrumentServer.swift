import Foundation
import Hummingbird
import QDTwin

/// A reactor served as an HTTP instrument speaking the QDLab instrument protocol v1 (docs/drivers.md).
///
/// Endpoints: `GET /v1/health`, `POST /v1/experiments` (body `{"id"?, "recipe", "seed"}` → 202 and the
/// experiment), `GET /v1/experiments/{id}` (the experiment: `status` queued | running | done | error, with
/// `measurement` when done). Errors are JSON `{"error", "message"}`: 400 malformed body or id, 404 unknown id,
/// 409 an id reused for a different recipe or seed, 422 a recipe the reactor rejects (its own message).
///
/// Experiments run in submission order, `parallelRuns` at a time, each after `runDelay` (a stand-in for the
/// hours a real synthesis takes). A client-chosen id is an idempotency key: resubmitting the same id with the
/// same recipe and seed returns the existing experiment and runs nothing. Recipes are checked with
/// `Recipe.validated()` (standard bounds) before they are accepted; a reactor that rejects more at run time ends
/// the experiment in state error. The log lives in memory for the life of the process. Meant for loopback and
/// lab networks: no authentication, no TLS.
public struct InstrumentServer: Sendable {
    /// The reactor behind the endpoint (the twin by default).
    public let reactor: any Reactor
    /// Interface to bind, e.g. "127.0.0.1" (loopback only) or "0.0.0.0" (every interface).
    public let host: String
    /// TCP port; 0 asks the system for a free one (the bound port is passed to `run`'s `onListening`).
    public let port: Int
    /// Simulated synthesis time added before each run.
    public let runDelay: Duration
    /// Experiments running at the same time (simulated reactors in parallel), ≥ 1.
    public let parallelRuns: Int

    /// Largest accepted request body, bytes (a recipe is about 400).
    static let maximumBodyBytes = 64 * 1024

    /// Creates a server; nothing is bound until `run`.
    /// - Throws: `ServerError.invalidConfiguration` for a port outside 0–65535, a negative delay, fewer than one
    ///   parallel run or an empty host.
    public init(
        reactor: any Reactor = TwinReactor(), host: String = "127.0.0.1", port: Int = 0, runDelay: Duration = .zero,
        parallelRuns: Int = 1
    ) throws {
        guard !host.isEmpty else {
            throw ServerError(.invalidConfiguration, "Host is empty (rule: an interface address or name). Pass 127.0.0.1 for loopback only.")
        }
        guard (0...65535).contains(port) else {
            throw ServerError(.invalidConfiguration, "Port \(port) is not valid (rule: 0 to 65535; 0 picks a free port). Pass --port 0 or a free port.")
        }
        guard runDelay >= .zero else {
            throw ServerError(.invalidConfiguration, "Run delay \(runDelay) is negative (rule: ≥ 0). Pass 0 for no simulated synthesis time.")
        }
        guard parallelRuns >= 1 else {
            throw ServerError(.invalidConfiguration, "Parallel runs \(parallelRuns) is not valid (rule: ≥ 1 simulated reactor). Pass 1 for one reactor.")
        }
        self.reactor = reactor
        self.host = host
        self.port = port
        self.runDelay = runDelay
        self.parallelRuns = parallelRuns
    }

    /// Binds, serves until the surrounding task is cancelled (or, with `handlingSignals`, until SIGTERM/SIGINT),
    /// then shuts down gracefully.
    ///
    /// - Parameters:
    ///   - handlingSignals: shut down gracefully on SIGTERM and SIGINT (for a server process; leave `false`
    ///     when serving inside a test or another program).
    ///   - logging: let Hummingbird log (start-up, shutdown, connection errors) to standard error, as a server
    ///     process should; `false` (the default, for use inside another program) keeps only critical messages.
    ///   - onListening: called once with the base URL (e.g. `http://127.0.0.1:50123`) when the socket is bound.
    /// - Throws: `ServerError.bindFailed` when the address cannot be bound (port in use, unknown host); errors
    ///   from the server runtime otherwise.
    public func run(
        handlingSignals: Bool = false, logging: Bool = false,
        onListening: @escaping @Sendable (URL) async -> Void = { _ in }
    ) async throws {
        let book = ExperimentBook(reactor: reactor, parallelRuns: parallelRuns, runDelay: runDelay)
        let (host, port) = (self.host, self.port)
        let listening = ListeningFlag()
        var app = Application(
            router: makeRouter(book: book),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "QDLab instrument"),
            onServerRunning: { channel in
                await listening.set()
                let boundPort = channel.localAddress?.port ?? port
                let urlHost = host.contains(":") ? "[\(host)]" : host
                if let url = URL(string: "http://\(urlHost):\(boundPort)") { await onListening(url) }
            })
        if !logging { app.logger.logLevel = .critical }
        do {
            try await app.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [])
        } catch {
            // Failing before the socket was bound means the address was refused (in use, unknown host).
            let bound = await listening.isSet
            guard bound || error is CancellationError else {
                throw ServerError(.bindFailed, "Cannot listen on \(host):\(port): \(error) (rule: a free port on a local interface). Pass --port 0 for a free port, or stop what holds this one.")
            }
            throw error
        }
    }

    /// The routes of protocol v1, wrapped in the error middleware (added first so it also covers unknown paths).
    func makeRouter(book: ExperimentBook) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: WireErrorMiddleware())
        let delayMilliseconds = Int(runDelay / .milliseconds(1))
        let (reactorName, parallelRuns) = (reactor.name, self.parallelRuns)
        let v1 = InstrumentProtocolVersion.pathPrefix
        router.get("/\(v1)/health") { _, _ in
            let health = InstrumentHealthBody(
                status: "ok", protocol: InstrumentProtocolVersion.name, version: InstrumentProtocolVersion.number,
                reactor: reactorName, parallelRuns: parallelRuns, runDelayMilliseconds: delayMilliseconds,
                experiments: await book.count)
            return try WireResponse.json(health, status: .ok)
        }
        router.post("/\(v1)/experiments") { request, context in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumBodyBytes)
            } catch {
                // Too many bytes (the usual case) or a body cut off mid-way: either way no submission to read.
                throw WireFailure(.contentTooLarge, WireErrorCode.badRequest, "The body is larger than \(Self.maximumBodyBytes) bytes or incomplete (rule: one recipe per request, about 400 bytes). Send one recipe.")
            }
            let submission = try WireRequest.submission(from: Data(body.readableBytesView))
            let outcome = await book.submit(id: submission.id, recipe: submission.recipe, seed: submission.seed)
            switch outcome {
            case .created(let resource):
                var response = try WireResponse.json(resource, status: .accepted)
                response.headers[.location] = "/\(v1)/experiments/\(resource.id)"
                return response
            case .existing(let resource):
                return try WireResponse.json(resource, status: .ok)
            case .conflict(let resource):
                throw WireFailure(.conflict, WireErrorCode.conflict, "Experiment '\(resource.id)' already exists with a different recipe or seed (rule: an id names exactly one experiment; resubmitting the same recipe and seed returns it). Choose a new id.")
            }
        }
        router.get("/\(v1)/experiments/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let resource = await book.experiment(id) else {
                throw WireFailure(.notFound, WireErrorCode.notFound, "No experiment '\(id)' on this instrument (rule: ids come from POST /\(v1)/experiments; the log lasts as long as the instrument process). Submit it again with the same id.")
            }
            return try WireResponse.json(resource, status: .ok)
        }
        return router
    }
}

/// Set once the server socket is bound.
actor ListeningFlag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// A request the protocol refuses, with its HTTP status and wire error; thrown by handlers and turned into a
/// response by `WireErrorMiddleware` (the edge).
struct WireFailure: Error {
    let status: HTTPResponse.Status
    let body: WireError

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.body = WireError(error: code, message: message)
    }
}

/// Parsing and validating request bodies.
enum WireRequest {
    /// The submission in `data` with its id filled in (client's, or a new "exp-<uuid>") and its recipe validated.
    /// - Throws: `WireFailure` 400 for malformed JSON or an invalid id, 422 for a recipe `Recipe.validated()`
    ///   rejects (carrying the twin's message).
    static func submission(from data: Data) throws -> (id: String, recipe: Recipe, seed: UInt64) {
        let submission: ExperimentSubmission
        do {
            submission = try InstrumentJSON.decoder().decode(ExperimentSubmission.self, from: data)
        } catch {
            throw WireFailure(.badRequest, WireErrorCode.badRequest, "The body is not an experiment submission: \(describe(error)) (rule: JSON {\"recipe\": {...}, \"seed\": unsigned integer, \"id\": optional string}, see docs/drivers.md). Fix the request body.")
        }
        let id = submission.id ?? "exp-\(UUID().uuidString.lowercased())"
        guard ExperimentID.isValid(id) else {
            throw WireFailure(.badRequest, WireErrorCode.invalidExperimentID, "Experiment id '\(id)' is not valid (rule: 1–\(ExperimentID.maximumLength) characters from A–Z a–z 0–9 . _ ~ -). Replace other characters, e.g. '/' by '.'.")
        }
        do {
            _ = try submission.recipe.validated()
        } catch {
            let wire = WireError(reactorError: error)
            throw WireFailure(.unprocessableContent, wire.error, wire.message)
        }
        return (id, submission.recipe, submission.seed)
    }

    /// A short account of a decoding error: what is wrong and where.
    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : " at '\(keys)'"
        }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(decoding)"
        }
    }
}

/// JSON responses.
enum WireResponse {
    /// `value` as a JSON response with `status`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let data = try InstrumentJSON.encoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The edge: every error a handler throws becomes a JSON `{"error", "message"}` response with its status.
struct WireErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as WireFailure {
            return try WireResponse.json(failure.body, status: failure.status)
        } catch let error as HTTPError {
            let path = request.uri.path
            let message = switch error.status {
            case .notFound: "No endpoint \(request.method) \(path) (rule: protocol v1 serves GET /v1/health, POST /v1/experiments, GET /v1/experiments/{id}). Check the URL and its /v1 prefix."
            case .methodNotAllowed: "\(request.method) is not served on \(path) (rule: see docs/drivers.md). Use the documented method."
            default: error.body ?? "\(error.status)"
            }
            let code = error.status == .notFound ? WireErrorCode.notFound : WireErrorCode.badRequest
            return try WireResponse.json(WireError(error: code, message: message), status: error.status)
        } catch {
            return try WireResponse.json(
                WireError(error: WireErrorCode.internalError, message: "The instrument failed: \(error). Report it with the request."),
                status: .internalServerError)
        }
    }
}

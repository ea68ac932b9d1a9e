import ArgumentParser
import Dispatch
import Foundation
import QDServer
import QDTwin

/// `qdlab instrument`: Serve the digital twin as an HTTP instrument.
struct InstrumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instrument", abstract: "Serve the digital twin as an HTTP instrument.",
        subcommands: [Serve.self])
}

extension InstrumentCommand {
    /// `qdlab instrument serve`: the twin behind instrument protocol v1 until SIGTERM/SIGINT.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the twin over HTTP (instrument protocol v1, docs/drivers.md) until SIGTERM or SIGINT.",
            discussion: "Prints one line 'listening on http://HOST:PORT' to standard output once the socket is bound; logs go to standard error.")

        @Option(help: "Interface to bind (127.0.0.1: this machine only).")
        var host = "127.0.0.1"
        @Option(help: "TCP port; 0 picks a free one (read it from the first output line).")
        var port = 0
        @Option(name: .customLong("delay-ms"), help: "Simulated synthesis time per experiment, ms.")
        var delayMilliseconds = 0
        @Option(help: "Experiments run at the same time (simulated reactors).")
        var parallel = 1

        /// The server these options describe.
        /// - Throws: `ServerError.invalidConfiguration` for out-of-rule options.
        func makeServer() throws -> InstrumentServer {
            try InstrumentServer(
                reactor: TwinReactor(), host: host, port: port, runDelay: .milliseconds(delayMilliseconds),
                parallelRuns: parallel)
        }

        /// Rejects out-of-rule options as usage errors (exit 64) before anything is bound.
        func validate() throws {
            do { _ = try makeServer() } catch let error as ServerError { throw ValidationError(error.message) }
        }

        func run() throws {
            try reportingErrors {
                let server = try makeServer()
                try blockUntilDone {
                    try await server.run(handlingSignals: true, logging: true) { url in
                        // One line, flushed at once: a parent process reads the port from it.
                        FileHandle.standardOutput.write(Data("listening on \(url.absoluteString)\n".utf8))
                    }
                }
            }
        }
    }
}

/// Runs `body` on the concurrency pool and blocks this (synchronous) command until it ends, rethrowing its error.
/// Needed because the root command is a synchronous `ParsableCommand`, which cannot await.
private func blockUntilDone(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable {  // written once by the task before `done` is signalled
        var error: (any Error)?
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}

import Foundation
import QDTwin

/// The instrument's log of experiments and its run queue: shared mutable state, so an actor.
///
/// Experiments run first in, first out, at most `parallelRuns` at a time (one per simulated reactor). Every
/// experiment stays in the log for the life of the process, so a resubmitted id finds it (idempotency).
actor ExperimentBook {
    /// What `submit` did.
    enum SubmitOutcome: Sendable {
        /// A new experiment was queued.
        case created(ExperimentResource)
        /// The id already named this same recipe and seed; nothing new runs.
        case existing(ExperimentResource)
        /// The id already named a different recipe or seed.
        case conflict(ExperimentResource)
    }

    private let reactor: any Reactor
    private let parallelRuns: Int
    private let runDelay: Duration
    private var experiments: [String: ExperimentResource] = [:]
    private var queue: [String] = []  // ids waiting for a slot, oldest first (short: removeFirst is cheap)
    private var runningCount = 0

    init(reactor: any Reactor, parallelRuns: Int, runDelay: Duration) {
        self.reactor = reactor
        self.parallelRuns = parallelRuns
        self.runDelay = runDelay
    }

    /// Number of experiments in the log.
    var count: Int { experiments.count }

    /// The experiment named `id`, if any.
    func experiment(_ id: String) -> ExperimentResource? { experiments[id] }

    /// Queues (recipe, seed) under `id` unless `id` is taken. The caller has validated both.
    func submit(id: String, recipe: Recipe, seed: UInt64) -> SubmitOutcome {
        if let existing = experiments[id] {
            return existing.recipe == recipe && existing.seed == seed ? .existing(existing) : .conflict(existing)
        }
        let resource = ExperimentResource(id: id, status: .queued, recipe: recipe, seed: seed)
        experiments[id] = resource
        queue.append(id)
        startQueued()
        return .created(experiments[id] ?? resource)
    }

    /// Starts queued experiments while a reactor slot is free.
    private func startQueued() {
        while runningCount < parallelRuns, !queue.isEmpty {
            let id = queue.removeFirst()
            guard var resource = experiments[id] else { continue }
            resource.status = .running
            experiments[id] = resource
            runningCount += 1
            let (reactor, delay, recipe, seed) = (self.reactor, runDelay, resource.recipe, resource.seed)
            Task {
                let result = await Self.perform(reactor: reactor, delay: delay, recipe: recipe, seed: seed)
                self.finish(id, result)
            }
        }
    }

    /// Records the result of `id` and frees its slot.
    private func finish(_ id: String, _ result: Result<ReactorMeasurement, WireError>) {
        runningCount -= 1
        if var resource = experiments[id] {
            switch result {
            case .success(let measurement):
                resource.status = .done
                resource.measurement = measurement
            case .failure(let error):
                resource.status = .error
                resource.error = error
            }
            experiments[id] = resource
        }
        startQueued()
    }

    /// Waits the simulated run time, then runs the reactor; errors become their wire form.
    private static func perform(
        reactor: any Reactor, delay: Duration, recipe: Recipe, seed: UInt64
    ) async -> Result<ReactorMeasurement, WireError> {
        if delay > .zero { try? await Task.sleep(for: delay) }
        do {
            return .success(try await reactor.run(recipe, seed: seed))
        } catch {
            return .failure(WireError(reactorError: error))
        }
    }
}

extension WireError {
    /// The wire form of an error thrown by a reactor: `TwinError` kinds keep their meaning, anything else is an
    /// equipment error carrying the error's description.
    init(reactorError error: any Error) {
        guard let twin = error as? TwinError else {
            self.init(error: WireErrorCode.equipmentError, message: "\(error)")
            return
        }
        let code = switch twin.kind {
        case .invalidRecipe: WireErrorCode.invalidRecipe
        case .unsupportedMaterial: WireErrorCode.unsupportedMaterial
        case .simulationFailed: WireErrorCode.simulationFailed
        case .characterisationFailed: WireErrorCode.characterisationFailed
        }
        self.init(error: code, message: twin.message)
    }
}

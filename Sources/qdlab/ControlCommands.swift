import ArgumentParser
import Foundation
import QDTwin

/// `qdlab control`: Reinforcement-learning control of the reactor temperature.
struct ControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control", abstract: "Reinforcement-learning control of the reactor temperature.",
        subcommands: [Train.self, Run.self, Compare.self])
}

/// Run-to-run variation of the starting recipe, as a command-line choice.
enum VariabilityChoice: String, ExpressibleByArgument, CaseIterable {
    case typical, none

    var model: RecipeVariability { self == .typical ? .typical : .none }
}

/// Options that define the control task.
struct ControlTaskOptions: ParsableArguments {
    @Option(help: "Material with twin kinetics (CdSe).")
    var material = "CdSe"
    @Option(parsing: .unconditional, help: "Target number-mean diameter, nm.")
    var targetDiameter = 4.5
    @Option(help: "Run-to-run variation of the starting recipe: typical (10 % amounts, 5 °C injection) or none.")
    var variability: VariabilityChoice = .typical
    @Option(parsing: .unconditional, help: "Growth time of one run, min.")
    var duration = 20.0
    @Option(parsing: .unconditional, help: "Control intervals (temperature decisions) per run.")
    var intervals = 10

    func task() throws -> ControlTask {
        var task = try ControlTask.standard(materialID: material, targetDiameterNanometres: targetDiameter)
        task.variability = variability.model
        task.durationMinutes = duration
        task.intervalCount = intervals
        return try task.validated()
    }
}

extension ControlCommand {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a temperature controller on the twin (PPO-clip with a learned baseline) and save it as JSON.")

        @OptionGroup var taskOptions: ControlTaskOptions
        @Option(parsing: .unconditional, help: "Simulated episodes (syntheses) to train on.")
        var episodes = 1500
        @Option(parsing: .unconditional, help: "Seed of the networks and of every training episode.")
        var seed: UInt64 = 0
        @Option(help: "Where to write the trained controller (JSON).")
        var out = "policy.json"
        @OptionGroup var output: OutputOptions

        struct Summary: Encodable {
            let out: String
            let episodesTrained: Int
            let finalMeanReward: Double?
            let finalSuccessRate: Double?
            let learningCurve: [ControlTrainingPoint]
        }

        func run() throws {
            try reportingErrors {
                let task = try taskOptions.task()
                let settings = ControlTrainingSettings(episodes: episodes, seed: seed)
                let every = max(settings.episodes / 10, 1)
                var nextReport = every
                let controller = try ControlTrainer.train(task: task, settings: try settings.validated()) { point in
                    guard point.episodes >= nextReport else { return }
                    nextReport += every
                    printError("episodes \(point.episodes): mean reward \(fixed(point.meanReward, 2)), success \(fixed(point.successRate * 100, 0)) %, σ \(fixed(point.standardDeviation, 3))")
                }
                let url = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try controller.jsonData().write(to: url)
                let last = controller.learningCurve.last
                if output.json {
                    try printJSON(Summary(out: out, episodesTrained: controller.episodesTrained, finalMeanReward: last?.meanReward,
                                          finalSuccessRate: last?.successRate, learningCurve: controller.learningCurve))
                    return
                }
                print("trained on \(controller.episodesTrained) simulated episodes (target \(fixed(task.targetDiameterNanometres, 2)) nm, seed \(seed))")
                if let last { print("last batch: mean reward \(fixed(last.meanReward, 2)), success \(fixed(last.successRate * 100, 0)) % (exploration noise included)") }
                print("wrote \(out)")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a trained controller on the twin once and show its temperature profile and the product.")

        @Option(help: "A controller written by 'qdlab control train'.")
        var policy: String
        @Option(parsing: .unconditional, help: "Episode seed (recipe variation and instrument noise).")
        var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: policy))
                } catch {
                    throw ValidationError("Cannot read the controller file '\(policy)': \(error.localizedDescription). Train one with 'qdlab control train --out \(policy)'.")
                }
                let controller = try TrainedController.decode(data)
                let trajectory = try ControlEpisode.run(controller.task, policy: controller.policy, seed: seed)
                if output.json {
                    try printJSON(trajectory)
                    return
                }
                var table = TextTable(["t (min)", "T (°C)", "set-point (°C)", "d (nm)", "σ/d (%)", "1S (nm)"])
                for s in trajectory.steps {
                    table.add([fixed(s.elapsedMinutes, 1), fixed(s.temperatureCelsius, 1), fixed(s.setPointCelsius, 1),
                               fixed(s.meanDiameterNanometres, 2), fixed(s.relativeStandardDeviation * 100, 1),
                               fixed(s.firstExcitonWavelengthNanometres, 0)])
                }
                let f = trajectory.final
                table.add([fixed(f.elapsedMinutes, 1), fixed(f.temperatureCelsius, 1), "–", fixed(f.meanDiameterNanometres, 2),
                           fixed(f.relativeStandardDeviation * 100, 1), fixed(f.firstExcitonWavelengthNanometres, 0)])
                print(table.render(), terminator: "")
                let s = trajectory.score
                let status = s.failureMode.map { "failed (\($0))" } ?? "succeeded"
                print("product: d = \(fixed(s.meanDiameterNanometres, 2)) nm (target \(fixed(controller.task.targetDiameterNanometres, 2)), |Δd| \(fixed(s.absoluteErrorNanometres, 2))), σ/d = \(fixed(s.relativeStandardDeviation * 100, 1)) %, \(status); reward \(fixed(s.reward, 2)); \(s.success ? "on target" : "not on target")")
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the RL controller with Bayesian optimisation and random search over static recipes on the same twin.")

        @OptionGroup var taskOptions: ControlTaskOptions
        @Option(parsing: .unconditional, help: "Experiments per static search (and the equal-budget controller).")
        var budget = 40
        @Option(parsing: .unconditional, help: "Repetitions of every method.")
        var seeds = 5
        @Option(parsing: .unconditional, help: "Simulated episodes of the long-trained controller.")
        var episodes = 1500
        @Option(parsing: .unconditional, help: "Held-out runs each method's final choice is deployed on.")
        var evaluationRuns = 20
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let task = try taskOptions.task()
                let settings = try ControlComparisonSettings(
                    budget: budget, seeds: seeds, evaluationRuns: evaluationRuns,
                    training: ControlTrainingSettings(episodes: episodes)
                ).validated()
                let report = try ControlComparison.run(task: task, settings: settings) { printError($0) }
                if output.json {
                    try printJSON(report)
                    return
                }
                print("target d = \(fixed(task.targetDiameterNanometres, 2)) ± \(fixed(task.diameterToleranceNanometres, 2)) nm, σ/d ≤ \(fixed(task.maximumRelativeStandardDeviation * 100, 0)) %; medians over \(seeds) seeds of each seed's \(evaluationRuns) held-out runs")
                var table = TextTable(["method", "runs/seed", "|Δd| (nm)", "σ/d (%)", "success (%)", "failed (%)"])
                for m in report.methods {
                    table.add([m.method, "\(m.experimentsPerSeed)", fixed(m.medianAbsoluteErrorNanometres, 3),
                               fixed(m.medianRelativeStandardDeviation * 100, 1), fixed(m.medianSuccessRate * 100, 0),
                               fixed(m.medianFailureRate * 100, 0)])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

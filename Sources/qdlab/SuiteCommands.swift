import ArgumentParser
import Foundation
import QDTwin

/// `qdlab suite`: the QD benchmark suite on the digital twin.
struct SuiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite",
        abstract: "Named optimisation problems on the digital twin, with random search as the reference.",
        subcommands: [List.self, Run.self])
}

extension SuiteCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The benchmark problems.")
        func run() {
            var table = TextTable(["problem", "budget", "batch", "what"])
            for p in TwinBenchmarkProblem.all { table.add([p.id, String(p.budget), String(p.batch), p.summary]) }
            print(table.render(), terminator: "")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run strategies on problems over seeds; medians and spread of experiments to target, best loss, hypervolume.")
        @Option(help: "Comma-separated problem ids (default: all).") var problems: String?
        @Option(parsing: .unconditional, help: "Seeds per problem and strategy (1…N).") var seeds = 5
        @Option(parsing: .unconditional, help: "Override every problem's budget (quick looks; published figures use the default).") var budget: Int?
        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            let problem: String
            let strategy: String
            let seeds: Int
            let success: Int
            let medianExperimentsToTarget: Double?
            let quartilesExperimentsToTarget: [Double]?
            let medianBestLoss: Double?
            let medianHypervolume: Double?
            let medianFailures: Double
            let medianDecisionSecondsPerExperiment: Double
            let results: [TwinBenchmarkResult]
        }

        func run() throws {
            try reportingErrors {
                guard seeds >= 1 else { throw ValidationError("--seeds must be ≥ 1. Got \(seeds).") }
                let chosen = try problems.map { try $0.split(separator: ",").map { try TwinBenchmarkProblem.named(String($0)) } } ?? TwinBenchmarkProblem.all
                let bench = CampaignBenchmark()
                var rows: [Row] = []
                for problem in chosen {
                    let strategies: [TwinBenchmarkStrategy] = problem.multiObjective ? [.random, .nsga2] : [.random, .bayesian]
                    for strategy in strategies {
                        let results = try (1...seeds).map { try bench.run(problem, strategy: strategy, seed: UInt64($0), budget: budget) }
                        let n = Double(budget ?? problem.budget)
                        let toTarget = results.compactMap(\.experimentsToTarget).map(Double.init)
                        rows.append(Row(
                            problem: problem.id, strategy: strategy.rawValue, seeds: seeds,
                            success: results.filter { ($0.experimentsToTarget ?? Int.max) <= Int(n) }.count,
                            medianExperimentsToTarget: toTarget.isEmpty ? nil : median(toTarget),
                            quartilesExperimentsToTarget: toTarget.isEmpty ? nil : [quantile(toTarget, 0.25), quantile(toTarget, 0.75)],
                            medianBestLoss: results.contains { $0.bestLoss != nil } ? median(results.compactMap(\.bestLoss)) : nil,
                            medianHypervolume: problem.multiObjective ? median(results.compactMap(\.hypervolume)) : nil,
                            medianFailures: median(results.map { Double($0.failures) }),
                            medianDecisionSecondsPerExperiment: median(results.map { $0.decisionSeconds / n }),
                            results: results))
                        if !output.json { printError("\(problem.id) / \(strategy.rawValue): \(seeds) seeds done") }
                    }
                }
                if output.json {
                    try printJSON(rows)
                    return
                }
                var table = TextTable(["problem", "strategy", "met", "median exps to target (IQR)", "median best loss nm", "median HV", "failures", "ms/decision"])
                for r in rows {
                    let iqr = r.quartilesExperimentsToTarget.map { " (\(fixed($0[0], 0))–\(fixed($0[1], 0)))" } ?? ""
                    table.add([
                        r.problem, r.strategy, r.medianHypervolume == nil ? "\(r.success)/\(r.seeds)" : "–",
                        r.medianExperimentsToTarget.map { fixed($0, 1) + iqr } ?? "–",
                        fixed(r.medianBestLoss, 2), fixed(r.medianHypervolume, 2), fixed(r.medianFailures, 0),
                        fixed(r.medianDecisionSecondsPerExperiment * 1000, 2),
                    ])
                }
                print(table.render(), terminator: "")
                print("Experiments to target count budget + 1 when the target was never met. HV: hypervolume of (FWHM nm, −PLQY) against (80 nm, 0).")
            }
        }

        func quantile(_ values: [Double], _ q: Double) -> Double {
            let s = values.sorted()
            let position = q * Double(s.count - 1)
            let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
            return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
        }
    }
}

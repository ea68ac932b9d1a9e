import ArgumentParser
import Foundation
import QDData
import QDDrivers
import QDOptimize
import QDTwin

/// `qdlab run`: drive a campaign against a reactor to a target QD (the main job).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Drive a campaign against a reactor to a target QD: suggest, synthesise, measure, learn, repeat.",
        discussion: """
            Every experiment is committed to the store as it finishes (trial, schema v1 record, spectra). Run the
            same command again after an interruption and the campaign resumes: pending experiments are run, none
            is repeated. Ends with a summary and an HTML report.
            """)

    @Option(help: "Reactor: twin (the embedded digital twin) or http (an instrument speaking protocol v1, docs/drivers.md).")
    var reactor = "twin"
    @Option(help: "The instrument's URL for --reactor http, e.g. the one `qdlab instrument serve` prints.")
    var reactorUrl: String?
    @Option(help: "Material to make (twin kinetics: CdSe, InP).")
    var material = "CdSe"
    @Option(parsing: .unconditional, help: "Target emission peak, nm.")
    var targetEmission: Double
    @Option(parsing: .unconditional, help: "Accepted distance from the target emission, nm.")
    var tolerance = 5.0
    @Option(parsing: .unconditional, help: "Largest acceptable emission FWHM, nm.")
    var maxFwhm: Double?
    @Option(parsing: .unconditional, help: "Smallest acceptable PLQY, fraction (e.g. 0.5).")
    var minPlqy: Double?
    @Option(parsing: .unconditional, help: "Experiments in the campaign.")
    var budget = 40
    @Option(parsing: .unconditional, help: "Experiments per batch (run concurrently on the reactor).")
    var batch = 4
    @Option(help: "Seed of the optimiser and of the reactor's noise.")
    var seed: UInt64 = 1
    @Option(help: "Campaign name in the store; the same name resumes (default: from material, target and seed).")
    var campaign: String?
    @Flag(help: "Stop as soon as a product meets the target instead of spending the budget.")
    var stopOnTarget = false
    @Option(help: "Write the HTML report here (default: <campaign>-report.html).")
    var report: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingErrorsAsync {
            let chosen: any Reactor
            switch reactor {
            case "twin":
                chosen = TwinReactor()
            case "http":
                guard let reactorUrl else {
                    throw ValidationError("--reactor http needs --reactor-url (e.g. http://127.0.0.1:8080, as `qdlab instrument serve` prints).")
                }
                chosen = try HTTPReactor(baseURLString: reactorUrl)
            default:
                throw ValidationError("Unknown reactor '\(reactor)' (rule: twin or http). Use --reactor twin, or --reactor http --reactor-url URL.")
            }
            var target = RunTarget(materialID: material, emissionNanometres: targetEmission, toleranceNanometres: tolerance,
                                   maximumFWHMNanometres: maxFwhm, minimumPLQY: minPlqy)
            target = try target.validated()
            guard ReactorKinetics.forMaterial(material) != nil else {
                throw TwinError(.unsupportedMaterial, "The twin has no kinetics for '\(material)' (rule: one of \(ReactorKinetics.all.map(\.materialID).joined(separator: ", "))). Pass --material CdSe.")
            }
            let name = campaign ?? "\(material.lowercased())-\(fixed(targetEmission, 0))nm-seed\(seed)"
            let runner = try CampaignRunner(reactor: chosen, target: target, name: name, budget: budget, batch: batch,
                                            seed: seed, stopWhenMet: stopOnTarget)
            let store = try storeOptions.open()
            let progress = Progress(json: output.json, budget: budget)
            progress.say("campaign \(name): \(target.summary); budget \(budget), batch \(batch), reactor \(runner.reactor.name), store \(store.path)")
            let (finished, summary) = try await runner.run(store: store) { progress.show($0) }
            let reportPath = report ?? "\(name)-report.html"
            let html = RunReport(campaign: finished, runner: runner, summary: summary).html()
            try Data(html.utf8).write(to: URL(fileURLWithPath: reportPath))
            if output.json {
                try printJSON(RunAnswer(campaign: name, store: store.path, report: reportPath, summary: summary))
            } else {
                print("report: \(reportPath)")
            }
        }
    }

    struct RunAnswer: Encodable {
        let campaign: String
        let store: String
        let report: String
        let summary: RunSummary
    }

    /// The progress display: one line per event (to standard error with --json, so standard output stays JSON).
    struct Progress {
        let json: Bool
        let budget: Int

        func say(_ line: String) {
            // Unbuffered writes, so a pipe (or a test) sees each line as the experiment finishes.
            if json { printError(line) } else { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        }

        func show(_ event: RunEvent) {
            switch event {
            case .resumed(let observed, let pending):
                say("resuming: \(observed) experiments already observed, \(pending) pending from the interrupted session")
            case .suggested(let trials):
                say("batch \((trials.first?.batch ?? 0) + 1): \(trials.count) recipe\(trials.count == 1 ? "" : "s") suggested (trials \(trials.map { String($0.index) }.joined(separator: ", ")))")
            case .observed(let r):
                let count = String(r.observedCount).leftPadded(to: String(budget).count)
                var line = "[\(count)/\(budget)] #\(r.trial.index)  Tg \(fixed(r.recipe.growthTemperatureCelsius, 0)) °C  t \(fixed(r.recipe.growthTimeMinutes, 1)) min  → "
                if let loss = r.loss {
                    let o = r.measurement.outcome
                    line += "\(fixed(o.emissionPeakNanometres, 1)) nm  FWHM \(fixed(o.emissionFWHMNanometres, 1)) nm  PLQY \(fixed((o.plqy ?? 0) * 100, 0)) %  loss \(fixed(loss, 1)) nm"
                } else {
                    line += "failed (\(Self.failure(r.measurement.status)))"
                }
                line += "  best \(fixed(r.bestLoss, 1)) nm"
                if r.meetsTarget { line += "  ✓ target met" }
                say(line)
            case .finished(let s):
                var line = "done (\(s.reason)): \(s.observed) experiments, \(s.failed) failed, \(s.ranThisSession) run in this session"
                if let met = s.firstMetTrial { line += "; target first met by #\(met)" } else { line += "; target not met" }
                if let best = s.bestTrial, let r = s.bestResponses {
                    line += "; best #\(best): \(fixed(r["emission_nm"], 1)) nm, FWHM \(fixed(r["fwhm_nm"], 1)) nm, PLQY \(fixed((r["plqy"] ?? 0) * 100, 0)) % (loss \(fixed(s.bestLoss, 2)) nm)"
                }
                say(line)
            }
        }

        static func failure(_ status: Status) -> String {
            if case .failed(let mode) = status { return mode.rawValue }
            return status.state
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

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

/// `qdlab campaign`: persisted optimisation campaigns (new, suggest, observe, status, list).
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Persisted optimisation campaigns: new, suggest, observe, status, list.",
        discussion: "Campaigns live in the store (--store PATH, else $QDLAB_STORE, else ./qdlab.sqlite). File format: docs/optimize.md.",
        subcommands: [New.self, Suggest.self, Observe.self, Status.self, List.self])
}

extension CampaignCommand {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a campaign from a YAML definition.")
        @Argument(help: "Campaign definition (YAML).") var spec: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let text = try String(contentsOfFile: spec, encoding: .utf8)
                let parsed = try CampaignSpec.parse(yaml: text, source: spec)
                let store = try storeOptions.open()
                let campaign = try Campaign.create(parsed, in: store)
                if output.json {
                    try printJSON(["campaign": campaign.id, "store": store.path])
                } else {
                    print("created campaign \(campaign.id) in \(store.path): \(parsed.parameters.count) parameters, budget \(parsed.budget), batch \(parsed.batch)")
                }
            }
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suggest the next experiments (recorded as pending) and write them as a results template.")
        @Argument(help: "Campaign name.") var id: String
        @Option(parsing: .unconditional, help: "How many (default: the campaign's batch).") var batch: Int?
        @Option(help: "Write the suggestions as CSV here (a results template) instead of standard output.") var out: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                var campaign = try Campaign.load(id, from: try storeOptions.open())
                let trials = try campaign.suggest(count: batch)
                if output.json {
                    try printJSON(trials.map { SuggestedTrial(trial: $0.index, batch: $0.batch, point: $0.point) })
                    return
                }
                let csv = Self.csv(trials, columns: campaign.resultColumns)
                if let out {
                    try Data(csv.utf8).write(to: URL(fileURLWithPath: out))
                    print("\(trials.count) experiment\(trials.count == 1 ? "" : "s") suggested; fill in '\(campaign.spec.objective.response)' (or status failed) in \(out), then: qdlab campaign observe \(id) \(out)")
                } else {
                    print(csv, terminator: "")
                }
            }
        }

        struct SuggestedTrial: Encodable {
            let trial: Int
            let batch: Int
            let point: Point
        }

        static func csv(_ trials: [Trial], columns: [String]) -> String {
            var text = columns.joined(separator: ",") + "\n"
            for t in trials {
                text += columns.map { c in
                    if c == "trial" { return String(t.index) }
                    guard let v = t.point[c] else { return "" }
                    return v.number.map { String($0) } ?? (v.level ?? "")
                }.joined(separator: ",") + "\n"
            }
            return text
        }
    }

    struct Observe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record results from a CSV (trial, parameters, status, responses); every row is checked before any is written.")
        @Argument(help: "Campaign name.") var id: String
        @Argument(help: "Results CSV.") var results: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                var campaign = try Campaign.load(id, from: try storeOptions.open())
                let data = try Data(contentsOf: URL(fileURLWithPath: results))
                let rows = try campaign.parseResults(data, fileName: results)
                let indices = try campaign.observe(rows)
                if output.json {
                    try printJSON(["observed": indices])
                } else {
                    print("observed \(indices.count) experiment\(indices.count == 1 ? "" : "s") (trials \(indices.map(String.init).joined(separator: ", "))); \(campaign.observed.count) of \(campaign.spec.budget) done, \(campaign.pending.count) pending")
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Best so far, progress and pending experiments; --svg writes the convergence plot.")
        @Argument(help: "Campaign name.") var id: String
        @Option(help: "Write the best-so-far convergence plot (SVG) here.") var svg: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Answer: Encodable {
            let campaign: String
            let budget: Int
            let observed: Int
            let failed: Int
            let pending: [Int]
            let bestTrial: Int?
            let bestPoint: Point?
            let bestResponses: [String: Double]?
            let bestSoFar: [Double]
        }

        func run() throws {
            try reportingErrors {
                let campaign = try Campaign.load(id, from: try storeOptions.open())
                let best = campaign.best
                let answer = Answer(
                    campaign: id, budget: campaign.spec.budget, observed: campaign.observed.count,
                    failed: campaign.observed.filter { $0.status == .failed }.count, pending: campaign.pending.map(\.index),
                    bestTrial: best?.index, bestPoint: best?.point, bestResponses: best?.responses,
                    bestSoFar: campaign.bestSoFar.map { $0.isFinite ? $0 : .nan }.filter(\.isFinite))
                if let svg {
                    try Data(CampaignPlots.convergence(campaign).svg().utf8).write(to: URL(fileURLWithPath: svg))
                }
                if output.json {
                    try printJSON(answer)
                    return
                }
                print("campaign \(id): \(answer.observed) of \(answer.budget) observed (\(answer.failed) failed), \(answer.pending.count) pending")
                if let best {
                    let response = campaign.spec.objective.response
                    print("best: trial \(best.index), \(response) = \(fixed(best.responses[response], 3))")
                    var table = TextTable(["parameter", "value"])
                    for p in campaign.spec.parameters { table.add([p.name, best.point[p.name]?.number.map { fixed($0, 4) } ?? best.point[p.name]?.description ?? "–"]) }
                    print(table.render(), terminator: "")
                } else {
                    print("no successful experiment yet")
                }
                if let svg { print("convergence plot: \(svg)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Campaigns in the store.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let store = try storeOptions.open()
                let campaigns = try store.campaigns().map { try Campaign.load($0.id, from: store) }
                if output.json {
                    try printJSON(campaigns.map { ["campaign": $0.id, "observed": "\($0.observed.count)", "budget": "\($0.spec.budget)"] })
                    return
                }
                var table = TextTable(["campaign", "observed", "pending", "budget", "objective"])
                for c in campaigns {
                    table.add([c.id, String(c.observed.count), String(c.pending.count), String(c.spec.budget), "\(c.spec.objective.goal) \(c.spec.objective.response)"])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

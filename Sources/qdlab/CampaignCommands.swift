import ArgumentParser
import Foundation
import QDData
import QDOptimize

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
                let objectives = parsed.allObjectives.map(\.response)
                if output.json {
                    try printJSON(["campaign": campaign.id, "store": store.path, "strategy": campaign.strategy.rawValue,
                                   "objectives": objectives.joined(separator: ",")])
                } else if campaign.strategy == .single {
                    print("created campaign \(campaign.id) in \(store.path): \(parsed.parameters.count) parameters, budget \(parsed.budget), batch \(parsed.batch)")
                } else {
                    print("created campaign \(campaign.id) in \(store.path): \(parsed.parameters.count) parameters, \(objectives.count) objectives (\(objectives.joined(separator: ", "))) by \(campaign.strategy.rawValue), budget \(parsed.budget), batch \(parsed.batch)")
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
                    let responses = campaign.spec.allObjectives.map { "'\($0.response)'" }.joined(separator: ", ")
                    print("\(trials.count) experiment\(trials.count == 1 ? "" : "s") suggested; fill in \(responses) (or status failed) in \(out), then: qdlab campaign observe \(id) \(out)")
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
        static let configuration = CommandConfiguration(abstract: "Best so far (or the Pareto front and its hypervolume), progress and pending experiments; --svg writes the convergence plot.")
        @Argument(help: "Campaign name.") var id: String
        @Option(help: "Write the convergence plot (SVG) here: best so far, or hypervolume so far for pareto and ehvi.") var svg: String?
        @Option(help: "Write the objective space with the Pareto front (SVG, two objectives) here.") var frontSvg: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct FrontEntry: Encodable {
            let trial: Int
            let point: Point
            let responses: [String: Double]
        }

        struct Answer: Encodable {
            let campaign: String
            let strategy: String
            let budget: Int
            let observed: Int
            let failed: Int
            let pending: [Int]
            let bestTrial: Int?
            let bestPoint: Point?
            let bestResponses: [String: Double]?
            let bestScore: Double?
            let bestSoFar: [Double]
            let paretoFront: [FrontEntry]?
            let hypervolume: Double?
            let referencePoint: [String: Double]?
        }

        func run() throws {
            try reportingErrors {
                let campaign = try Campaign.load(id, from: try storeOptions.open())
                let best = campaign.best
                let pareto = campaign.strategy.isPareto
                let front = pareto ? campaign.paretoFront.map { FrontEntry(trial: $0.index, point: $0.point, responses: $0.responses) } : nil
                let answer = Answer(
                    campaign: id, strategy: campaign.strategy.rawValue, budget: campaign.spec.budget, observed: campaign.observed.count,
                    failed: campaign.observed.filter { $0.status == .failed }.count, pending: campaign.pending.map(\.index),
                    bestTrial: best?.index, bestPoint: best?.point, bestResponses: best?.responses,
                    bestScore: campaign.strategy == .single ? nil : best.flatMap(campaign.score),
                    bestSoFar: campaign.bestSoFar.map { $0.isFinite ? $0 : .nan }.filter(\.isFinite),
                    paretoFront: front, hypervolume: pareto ? campaign.hypervolume : nil,
                    referencePoint: pareto ? campaign.referenceResponses : nil)
                if let svg {
                    try Data(CampaignPlots.convergence(campaign).svg().utf8).write(to: URL(fileURLWithPath: svg))
                }
                if let frontSvg {
                    guard let chart = CampaignPlots.front(campaign) else {
                        throw ValidationError("--front-svg draws two objectives; campaign \(id) has \(campaign.spec.allObjectives.count).")
                    }
                    try Data(chart.svg().utf8).write(to: URL(fileURLWithPath: frontSvg))
                }
                if output.json {
                    try printJSON(answer)
                    return
                }
                print("campaign \(id): \(answer.observed) of \(answer.budget) observed (\(answer.failed) failed), \(answer.pending.count) pending")
                let responses = campaign.spec.allObjectives.map(\.response)
                if let front {
                    printFront(front, responses: responses, campaign: campaign)
                } else if let best {
                    if campaign.strategy == .single {
                        let response = campaign.spec.objective.response
                        print("best: trial \(best.index), \(response) = \(fixed(best.responses[response], 3))")
                    } else {
                        let values = responses.map { "\($0) = \(fixed(best.responses[$0], 3))" }.joined(separator: ", ")
                        print("best (\(campaign.strategy.rawValue) \(fixed(answer.bestScore, 3))): trial \(best.index), \(values)")
                    }
                    var table = TextTable(["parameter", "value"])
                    for p in campaign.spec.parameters { table.add([p.name, best.point[p.name]?.number.map { fixed($0, 4) } ?? best.point[p.name]?.description ?? "–"]) }
                    print(table.render(), terminator: "")
                } else {
                    print("no successful experiment yet")
                }
                if let svg { print("convergence plot: \(svg)") }
                if let frontSvg { print("front plot: \(frontSvg)") }
            }
        }

        /// The front as a table, then the hypervolume and its reference point.
        private func printFront(_ front: [FrontEntry], responses: [String], campaign: Campaign) {
            guard !front.isEmpty else {
                print("no successful experiment yet")
                return
            }
            print("Pareto front (\(front.count) of \(campaign.observed.count) observed):")
            var table = TextTable(["trial"] + responses + campaign.spec.parameters.filter { $0.kind != "fixed" }.map(\.name))
            for entry in front {
                let parameters = campaign.spec.parameters.filter { $0.kind != "fixed" }.map { p in
                    entry.point[p.name]?.number.map { fixed($0, 4) } ?? entry.point[p.name]?.description ?? "–"
                }
                table.add([String(entry.trial)] + responses.map { fixed(entry.responses[$0], 3) } + parameters)
            }
            print(table.render(), terminator: "")
            if let hv = campaign.hypervolume, let reference = campaign.referenceResponses {
                let declared = campaign.spec.referencePoint == nil ? "computed: worst + 10 % of range" : "declared"
                let at = responses.map { "\($0) \(fixed(reference[$0], 3))" }.joined(separator: ", ")
                print("hypervolume \(fixed(hv, 4)) against the reference point (\(at); \(declared))")
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
                    let objective = c.strategy == .single ? "\(c.spec.objective.goal) \(c.spec.objective.response)"
                        : "\(c.strategy.rawValue): \(c.spec.allObjectives.map(\.response).joined(separator: ", "))"
                    table.add([c.id, String(c.observed.count), String(c.pending.count), String(c.spec.budget), objective])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

import ArgumentParser
import Foundation
import QDDesign
import QDPlot

/// `qdlab design`: inverse design — ranked QD candidates for a target colour under constraints, shard merging,
/// recipes for a candidate, and the screening benchmark.
struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design", abstract: "Inverse design: ranked QD candidates for a target.",
        subcommands: [Candidates.self, Merge.self, Recipes.self, Bench.self], defaultSubcommand: Candidates.self)
}

extension StabilityLevel: ExpressibleByArgument {}

/// The request options shared by screening and the benchmark.
struct DesignRequestOptions: ParsableArguments {
    @Option(help: "Target emission peak, nm.") var emission: Double?
    @Option(help: "Target first-exciton absorption peak, nm (photovoltaics, detectors).") var absorption: Double?
    @Option(help: "Target CIE 1931 colour 'x,y'; its dominant wavelength (D65 white) becomes the emission target.") var cie: String?
    @Option(help: "Application preset: display-red, display-green, display-blue, nir-i, nir-ii, pv.") var preset: String?
    @Option(help: "Accepted distance from the target, nm (default 10; 5 for --cie).") var tolerance: Double?
    @Option(name: .customLong("max-fwhm"), help: "Largest emission FWHM, nm.") var maxFWHM: Double?
    @Option(name: .customLong("min-plqy"), help: "Smallest PLQY, 0–1 (a trained model's prediction where one applies, else the heuristic prior).") var minPLQY: Double?
    @Flag(name: .customLong("cd-free"), help: "No cadmium.") var cadmiumFree = false
    @Flag(name: .customLong("pb-free"), help: "No lead.") var leadFree = false
    @Flag(help: "Pass the RoHS Annex II limits (Cd 100 ppm; Pb, Hg, Cr 1000 ppm).") var rohs = false
    @Option(name: .customLong("rohs-loading"), help: "QD mass fraction in the film for the RoHS basis (default 1: the QD itself).") var rohsLoading = 1.0
    @Option(help: "Allowed elements, comma-separated (e.g. In,P,Zn,Se,S).") var elements: String?
    @Option(name: .customLong("max-cost"), help: "Largest precursor cost, USD per gram of QD.") var maxCost: Double?
    @Option(help: "Smallest stability: low, medium, high.") var stability: StabilityLevel?
    @Option(name: .customLong("size-dispersion"), help: "σ_d/d of every candidate (default 0.05).") var sizeDispersion = 0.05
    @Option(name: .customLong("diameter-step"), help: "Core diameter step, nm (default 0.05; 1.5–12 nm).") var diameterStep = 0.05
    @Option(name: .customLong("composition-step"), help: "Alloy composition step (default 0.1).") var compositionStep = 0.1
    @Option(help: "Shell thicknesses, nm, comma-separated (default 0.5,1,1.5,2,2.5,3).") var thicknesses: String?
    @Option(help: "Precursor price CSV (name,formula,usd_per_gram,source,date) replacing QDLab's sourced prices (every route precursor needs a row).") var prices: String?
    @Option(help: "Your own sourced catalogue rows (CSV precursor,formula,supplier,catalogue_number,pack_grams,price,currency,date_seen,url) added to QDLab's sourced table; the cheapest USD row per precursor is used.") var catalogue: String?
    @Flag(name: .customLong("indicative-prices"), help: "Cost from QDLab's indicative precursor prices (unsourced, compiled from general knowledge, low confidence) instead of the sourced table, which prices only CsPbBr3 today. See docs/design.md.") var indicativePrices = false
    @Flag(name: .customLong("element-cost"), help: "Cost = raw-element cost from USGS Mineral Commodity Summaries prices (year 2000; a sourced lower bound; materials with an unpriced element get no cost and fail --max-cost). See docs/design.md.") var elementCost = false

    func request() throws -> DesignRequest {
        let targets = [emission != nil, absorption != nil, cie != nil, preset != nil].filter { $0 }.count
        guard targets == 1 else {
            throw DesignError(.invalidRequest, "Give exactly one target (rule: one of --emission, --absorption, --cie, --preset; got \(targets)). E.g. --emission 530 or --preset nir-ii.")
        }
        var r: DesignRequest
        if let preset {
            r = try DesignPreset.named(preset).request
            if let tolerance { r.window = (r.targetNanometres - tolerance)...(r.targetNanometres + tolerance) }
        } else if let cie {
            let parts = cie.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2 else {
                throw DesignError(.invalidRequest, "CIE colour '\(cie)' is not valid (rule: two numbers 'x,y'). Pass e.g. --cie 0.17,0.80.")
            }
            r = try DesignRequest.colour(CIEColour.Chromaticity(x: parts[0], y: parts[1]), toleranceNanometres: tolerance ?? 5)
        } else {
            let t = emission ?? absorption ?? 0
            let tol = tolerance ?? 10
            guard tol.isFinite, tol >= 0 else {
                throw DesignError(.invalidRequest, "Tolerance \(tol) nm is not valid (rule: finite ≥ 0 nm). Pass e.g. --tolerance 10.")
            }
            r = DesignRequest(targetNanometres: t, window: (t - tol)...(t + tol), quantity: absorption != nil ? .absorption : .emission)
        }
        if let maxFWHM { r.maxFWHMNanometres = maxFWHM }
        if let minPLQY { r.minimumPLQY = minPLQY }
        r.sizeDispersion = sizeDispersion
        r.constraints = DesignConstraints(
            cadmiumFree: cadmiumFree, leadFree: leadFree, rohs: rohs, rohsLoadingMassFraction: rohsLoading,
            allowedElements: elements.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) },
            maxCostUSDPerGram: maxCost, minimumStability: stability)
        return try r.validated()
    }

    func grid() throws -> SpaceGrid {
        var g = SpaceGrid(diameterStep: diameterStep, compositionStep: compositionStep)
        if let thicknesses {
            let levels = thicknesses.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard levels.count == thicknesses.split(separator: ",").count else {
                throw DesignError(.invalidRequest, "Shell thicknesses '\(thicknesses)' are not valid (rule: comma-separated numbers in nm). Pass e.g. --thicknesses 0.5,1,2.")
            }
            g.thicknessLevels = levels
        }
        return try g.validated()
    }

    func costModel() throws -> CostModel {
        let chosen = [("--element-cost", elementCost), ("--prices", prices != nil), ("--indicative-prices", indicativePrices),
                      ("--catalogue", catalogue != nil)].filter(\.1).map(\.0)
        guard chosen.count <= 1 else {
            throw DesignError(.invalidInput, "\(chosen.joined(separator: " and ")) both set the cost model. Pass one of them.")
        }
        if elementCost { return try CostModel(elementEstimator: ElementCostEstimator()) }
        if indicativePrices { return try CostModel(prices: CostModel.defaultPrices) }
        if let catalogue {
            let rows = try SourcedPriceTable.parseCatalogue(csv: try readText(catalogue, what: "catalogue"))
            return try CostModel(estimator: PrecursorCostEstimator(catalogue: SourcedPriceTable.catalogue + rows))
        }
        guard let prices else { return try CostModel.sourced() }
        return try CostModel(prices: CostModel.parsePrices(csv: try readText(prices, what: "price")))
    }

    /// The text of a cost file. - Throws: `DesignError.invalidInput` naming the file when it cannot be read.
    private func readText(_ path: String, what: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DesignError(.invalidInput, "Cannot read \(what) file '\(path)': \(error.localizedDescription). Check the path.")
        }
    }
}

/// The JSON answer of `qdlab design`.
struct DesignAnswer: Encodable {
    let request: DesignRequest
    let method: String
    let totalCandidates: Int
    let evaluated: Int
    let feasible: Int
    let excludedByConstraints: Int
    let rejections: [String: Int]
    let paretoSize: Int
    let archiveTruncated: Bool
    let objectives: [String]
    let candidates: [RankedCandidate]
}

extension DesignCommand {
    /// `qdlab design [options]` (the default subcommand).
    struct Candidates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "candidates",
            abstract: "Screen core × shell × thickness × diameter × composition and rank the Pareto front.",
            discussion: """
                Examples:
                  qdlab design --emission 530 --max-fwhm 35 --cd-free --top 10
                  qdlab design --preset nir-ii --rohs --json
                  qdlab design --preset display-green --shard 0/4 --out shard0.json   (then: qdlab design merge shard*.json)
                """)

        @OptionGroup var options: DesignRequestOptions
        @Option(help: "How many ranked candidates to show.") var top = 10
        @Option(help: "Write an SVG of the Pareto front (peak vs FWHM) to this file.") var svg: String?
        @Option(name: .customLong("shard"), help: "Screen only shard i/N (0-based) and write it with --out.") var shard: String?
        @Option(help: "Write the screen result (JSON, mergeable) to this file.") var out: String?
        @Flag(help: "Search continuous size/composition/thickness with NSGA-II instead of the grid.") var continuous = false
        @Option(help: "Seed of the continuous search.") var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard top >= 1 else { throw ValidationError("--top must be ≥ 1. Got \(top).") }
            if shard != nil, out == nil { throw ValidationError("--shard needs --out FILE (each shard writes its part for `qdlab design merge`).") }
            if shard != nil, continuous { throw ValidationError("--shard applies to the grid screen, not --continuous.") }
        }

        func run() throws {
            try reportingErrors {
                let request = try options.request()
                let model = try ScreeningModel(request: request, grid: options.grid(), cost: options.costModel())
                let result: ScreenResult
                let method: String
                if continuous {
                    result = try ContinuousDesign.run(request, model: model, settings: ContinuousDesign.Settings(seed: seed))
                    method = "NSGA-II over continuous diameter, composition and shell thickness per family and shell"
                } else {
                    result = try Screen.run(request, model: model, shard: shard.map(Shard.parse))
                    method = "exhaustive grid screen"
                }
                if let out { try jsonData(result).write(to: URL(fileURLWithPath: out)) }
                if shard != nil {
                    printError("shard \(shard ?? ""): \(result.evaluated) evaluated, \(result.feasible) feasible, \(result.archive.count) on the front → \(out ?? "")")
                    return
                }
                try present(result, model: model, method: method, top: top, json: output.json, svg: svg)
            }
        }
    }

    /// `qdlab design merge FILES…`.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge shard results (from --shard i/N --out FILE) and rank them.")

        @Argument(help: "Shard JSON files.") var files: [String]
        @Flag(name: .customLong("allow-partial"), help: "Merge even if some shards are missing.") var allowPartial = false
        @Option(help: "How many ranked candidates to show.") var top = 10
        @Option(help: "Write an SVG of the Pareto front to this file.") var svg: String?
        @Option(help: "Write the merged result (JSON) to this file.") var out: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let decoder = jsonDecoder()
                let results = try files.map { path -> ScreenResult in
                    func wrongFormat(_ version: Int) -> DesignError {
                        DesignError(.invalidInput, "Shard file '\(path)' has format \(version); this qdlab reads format \(ScreenResult.currentFormatVersion) (rule: shards to merge are written by the same qdlab version). Re-run that shard with this qdlab.")
                    }
                    let result: ScreenResult
                    do { result = try decoder.decode(ScreenResult.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                        struct Version: Decodable { let formatVersion: Int? }
                        let version = (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { try? decoder.decode(Version.self, from: $0) }?.formatVersion
                        if let version, version != ScreenResult.currentFormatVersion { throw wrongFormat(version) }
                        throw DesignError(.invalidInput, "Cannot read shard file '\(path)': \(error.localizedDescription) (rule: a JSON file written by `qdlab design --shard i/N --out FILE`).")
                    }
                    guard result.formatVersion == ScreenResult.currentFormatVersion else { throw wrongFormat(result.formatVersion) }
                    return result
                }
                let merged = try Screen.merge(results, allowPartial: allowPartial)
                if let out { try jsonData(merged).write(to: URL(fileURLWithPath: out)) }
                let model = try ScreeningModel(request: merged.request, grid: merged.grid)
                try present(merged, model: model, method: "merge of \(files.count) shard(s)", top: top, json: output.json, svg: svg)
            }
        }
    }
}

/// Prints the ranked table (or JSON) and writes the SVG.
func present(_ result: ScreenResult, model: ScreeningModel, method: String, top: Int, json: Bool, svg: String?) throws {
    let ranked = try Ranking.rank(result, model: model, top: top)
    if let svg { try paretoSVG(result).write(toFile: svg, atomically: true, encoding: .utf8) }
    if json {
        try printJSON(DesignAnswer(
            request: result.request, method: method, totalCandidates: result.totalCandidates, evaluated: result.evaluated,
            feasible: result.feasible, excludedByConstraints: result.excludedByConstraints, rejections: result.rejections,
            paretoSize: result.archive.count, archiveTruncated: result.archiveTruncated, objectives: DesignObjectives.names, candidates: ranked))
        return
    }
    let r = result.request
    print(String(format: "Target %@ %.0f nm (window %.0f–%.0f nm), %@; %@.", r.quantity.rawValue, r.targetNanometres, r.window.lowerBound, r.window.upperBound,
                 r.maxFWHMNanometres.map { String(format: "FWHM ≤ %.0f nm", $0) } ?? "any FWHM", r.constraints.summary))
    if let preset = r.preset { print("Preset \(preset.rawValue): \(preset.rationale)") }
    print("\(method): \(result.evaluated) evaluated, \(result.feasible) feasible, \(result.archive.count) on the Pareto front\(result.archiveTruncated ? " (archive truncated)" : "").")
    var table = TextTable(["#", "id", "structure", "d (nm)", "shell (nm)", "peak (nm)", "FWHM (nm)", "PLQY", "toxicity", "USD/g", "stability"])
    for c in ranked {
        let m = c.candidate.metrics
        let peak = r.quantity == .emission ? m.emissionNanometres : m.absorptionNanometres
        table.add(["\(c.rank)", c.candidate.id, c.candidate.structure, fixed(c.candidate.coreDiameterNanometres, 2),
                   fixed(c.candidate.shellThicknessNanometres, 2), fixed(peak, 1), fixed(m.fwhmNanometres, 1), plqyCell(m),
                   fixed(m.toxicity, 3), m.costUSDPerGram.isNaN ? "unknown" : String(format: "%.3g", m.costUSDPerGram), StabilityLevel.of(score: m.stabilityScore).rawValue])
    }
    print(table.render())
    print("PLQY: a ± b is a trained model's prediction and its standard deviation; (t) the CsPbBr3 model transferred to a perovskite it was not trained on (wider SD); (h) the heuristic prior (no trained model applies).")
    for c in ranked {
        print("\(c.rank). \(c.candidate.structure) — why: \(c.why.joined(separator: "; ")).")
        if !c.risks.isEmpty { print("   risks: \(c.risks.joined(separator: "; ")).") }
    }
}

/// "0.54±0.15" for a model prediction, "0.54±0.23 (t)" for the model transferred from pure CsPbBr3, "0.30 (h)"
/// for the heuristic prior.
func plqyCell(_ m: CandidateMetrics) -> String {
    guard m.plqySource != .heuristic, let sd = m.plqyStandardDeviation else { return fixed(m.plqy, 2) + " (h)" }
    return fixed(m.plqy, 2) + "±" + fixed(sd, 2) + (m.plqySource == .transferredModel ? " (t)" : "")
}

/// The Pareto front projected on peak × FWHM, one series per family.
func paretoSVG(_ result: ScreenResult) -> String {
    let r = result.request
    var chart = Chart(title: "Pareto front (\(result.archive.count) candidates, 5 objectives) projected on peak × FWHM",
                      xLabel: "\(r.quantity.rawValue) peak (nm)", yLabel: "FWHM (nm)")
    let families = Array(Set(result.archive.map(\.family))).sorted()
    for family in families {
        let members = result.archive.filter { $0.family == family }
        chart.series.append(Chart.Series(
            family, x: members.map { r.quantity == .emission ? $0.metrics.emissionNanometres : $0.metrics.absorptionNanometres },
            y: members.map(\.metrics.fwhmNanometres), style: .points))
    }
    chart.rules.append(Chart.Rule(axis: .x, value: r.targetNanometres, label: "target"))
    return chart.svg()
}

extension DesignCommand {
    /// `qdlab design bench`: times the grid screen (reported, never asserted).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the streaming screen of ≥ N candidates on one core (median of repeats) and report peak memory.")

        @Option(help: "Least number of candidates to evaluate (the diameter step is refined to reach it).") var candidates = 1_000_000
        @Option(help: "Repeats (median reported).") var repeats = 5
        @Option(help: "Target emission of the benchmark request, nm.") var emission = 530.0
        @Option(name: .customLong("archive-limit"), help: "Most Pareto-archive members kept (default: the screen's default).") var archiveLimit: Int?
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            let candidates: Int
            let variants: Int
            let diameterStep: Double
            /// First build of the tables (cold process-wide cache): what one request pays.
            let tableBuildSeconds: Double
            /// Second model for the refined grid (tables from the cache): the per-grid work only.
            let refinedModelSeconds: Double
            let medianSeconds: Double
            let secondsPerRepeat: [Double]
            /// User CPU seconds of each repeat (less sensitive than wall time to other processes on the core).
            let cpuSecondsPerRepeat: [Double]
            let candidatesPerSecond: Double
            let feasible: Int
            let paretoSize: Int
            let archiveTruncated: Bool
            let maxResidentMegabytes: Double
        }

        func validate() throws {
            guard candidates >= 1, repeats >= 1 else { throw ValidationError("--candidates and --repeats must be ≥ 1.") }
            if let archiveLimit, archiveLimit < 1 { throw ValidationError("--archive-limit must be ≥ 1. Got \(archiveLimit).") }
        }

        /// User CPU time of this process so far, s.
        private func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        }

        func run() throws {
            try reportingErrors {
                let request = DesignRequest(targetNanometres: emission, maxFWHMNanometres: 40)
                let clock = ContinuousClock()
                var start = clock.now
                let probe = try ScreeningModel(request: request)
                let tableBuild = seconds(clock.now - start)
                let perVariant = (candidates + probe.variants.count - 1) / probe.variants.count
                let step = (12 - 1.5) / Double(max(perVariant - 1, 1))
                start = clock.now
                let model = try ScreeningModel(request: request, grid: SpaceGrid(diameterStep: step), cost: probe.cost)
                let refined = seconds(clock.now - start)
                var times: [Double] = [], cpu: [Double] = []
                var last: ScreenResult?
                for _ in 0..<repeats {
                    start = clock.now
                    let cpuStart = cpuSeconds()
                    last = try Screen.run(request, model: model, archiveLimit: archiveLimit ?? Screen.defaultArchiveLimit)
                    times.append(seconds(clock.now - start))
                    cpu.append(cpuSeconds() - cpuStart)
                }
                let med = median(times)
                var usage = rusage()
                getrusage(RUSAGE_SELF.rawValue, &usage)
                let report = Report(
                    candidates: model.candidateCount, variants: model.variants.count, diameterStep: step, tableBuildSeconds: tableBuild,
                    refinedModelSeconds: refined, medianSeconds: med, secondsPerRepeat: times, cpuSecondsPerRepeat: cpu,
                    candidatesPerSecond: Double(model.candidateCount) / med,
                    feasible: last?.feasible ?? 0, paretoSize: last?.archive.count ?? 0,
                    archiveTruncated: last?.archiveTruncated ?? false, maxResidentMegabytes: Double(usage.ru_maxrss) / 1024)
                if output.json { try printJSON(report); return }
                print(String(format: "design screen: %d candidates (%d structures × %d diameters, step %.5f nm)", report.candidates, report.variants, model.grid.diameterCount, step))
                print(String(format: "tables built in %.2f s (cold, once per process); refined-grid model %.3f s", tableBuild, refined))
                print(String(format: "screen median %.3f s of %d (CPU median %.3f s) → %.3g candidates/s on one core", med, repeats, median(cpu), report.candidatesPerSecond))
                print(String(format: "feasible %d, Pareto front %d%@, peak resident memory %.0f MB", report.feasible, report.paretoSize,
                             report.archiveTruncated ? " (truncated at the archive limit)" : "", report.maxResidentMegabytes))
            }
        }
    }
}

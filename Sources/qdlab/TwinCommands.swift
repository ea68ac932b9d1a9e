import ArgumentParser
import Foundation
import QDData
import QDPlot
import QDTwin

/// `qdlab twin …`: the digital twin of a hot-injection reactor (issue 7; the campaign runner comes later).
struct TwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Simulate syntheses on the digital twin of a hot-injection reactor.",
        subcommands: [Simulate.self, Scan.self, Bench.self, Kinetics.self])
}

/// The recipe inputs `simulate` and `scan` share: material, injection temperature and amounts.
struct RecipeAmountOptions: ParsableArguments {
    @Option(help: "Material with twin kinetics (CdSe, PbS; InP is a first pass).")
    var material = "CdSe"
    @Option(parsing: .unconditional, help: "Injection temperature, °C.")
    var injectionTemperature = 300.0
    @Option(parsing: .unconditional, help: "Metal precursor, mmol.")
    var metal = 0.2
    @Option(parsing: .unconditional, help: "Anion precursor, mmol.")
    var anion = 0.4
    @Option(parsing: .unconditional, help: "Ligand (oleic acid; myristic acid for InP), mmol.")
    var ligand = 1.2
    @Option(parsing: .unconditional, help: "Reaction volume, mL.")
    var volume = 10.0

    /// A hot-injection recipe with these inputs (not yet validated).
    func recipe(growthTemperatureCelsius: Double, growthTimeMinutes: Double) -> Recipe {
        Recipe(
            materialID: material, injectionTemperatureCelsius: injectionTemperature,
            growthTemperatureCelsius: growthTemperatureCelsius, growthTimeMinutes: growthTimeMinutes,
            metalPrecursorMillimoles: metal, anionPrecursorMillimoles: anion, ligandMillimoles: ligand,
            ligand: material == "InP" ? .myristicAcid : .oleicAcid, volumeMillilitres: volume)
    }
}

/// `--kinetics PATH`: a ReactorKinetics JSON (as `qdlab twin kinetics` prints) replacing the shipped set.
struct KineticsOption: ParsableArguments {
    @Option(help: "ReactorKinetics JSON replacing the shipped parameters of its material (start from `qdlab twin kinetics MATERIAL`).")
    var kinetics: String?

    /// The twin with the file's kinetics, if any.
    func twin() throws -> TwinReactor {
        guard let kinetics else { return TwinReactor() }
        let data = try Data(contentsOf: URL(fileURLWithPath: kinetics))
        return TwinReactor(kinetics: [try JSONDecoder().decode(ReactorKinetics.self, from: data)])
    }
}

extension TwinCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one recipe on the twin: outcome, failure mode, the true size distribution, spectra (CSV + SVG with --out).")

        @OptionGroup var amounts: RecipeAmountOptions
        @Option(parsing: .unconditional, help: "Growth temperature, °C.")
        var growthTemperature = 270.0
        @Option(parsing: .unconditional, help: "Growth time, min.")
        var growthTime = 2.0
        @Option(help: "Seed of the instrument noise.")
        var seed: UInt64 = 0
        @Option(help: "Write PREFIX.csv and PREFIX.svg with the simulated spectra.")
        var out: String?
        @OptionGroup var parameters: KineticsOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let recipe = try amounts.recipe(growthTemperatureCelsius: growthTemperature, growthTimeMinutes: growthTime).validated()
                let material = amounts.material
                let measurement = try parameters.twin().runSynchronously(recipe, seed: seed)
                var files: [String] = []
                if let out, let spectra = measurement.spectra {
                    files = try writeSpectrumFiles(
                        wavelengths: spectra.wavelengthsNanometres, absorbance: spectra.absorbance,
                        photoluminescence: spectra.photoluminescence, prefix: out,
                        title: "\(material) on the twin, \(fixed(growthTemperature, 0)) °C, \(fixed(growthTime, 1)) min",
                        yLabel: "Intensity (simulated instrument)")
                }
                if output.json {
                    try printJSON(measurement)
                    return
                }
                let o = measurement.outcome
                var status = measurement.status.state
                if case .failed(let mode) = measurement.status { status += " (\(mode.rawValue))" }
                print("\(material), \(fixed(growthTemperature, 0)) °C for \(fixed(growthTime, 1)) min, seed \(seed): \(status)")
                print("absorption 1S \(fixed(o.absorptionPeakNanometres, 1)) nm; PL \(fixed(o.emissionPeakNanometres, 1)) nm, FWHM \(fixed(o.emissionFWHMNanometres, 1)) nm; PLQY \(fixed(o.plqy.map { $0 * 100 }, 0)) %; yield \(fixed(o.yield * 100, 0)) %")
                if let truth = measurement.truth {
                    print("true size distribution: d = \(fixed(truth.meanDiameterNanometres, 2)) nm, σ/d = \(fixed(truth.relativeStandardDeviation * 100, 1)) % (\(truth.distributionShape.rawValue))")
                }
                for line in measurement.diagnostics { print("note: \(line)") }
                for file in files { print("wrote \(file)") }
            }
        }
    }
}

extension TwinCommand {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a grid of growth times × growth temperatures (other inputs fixed) and tabulate the noise-free truth.")

        @OptionGroup var amounts: RecipeAmountOptions
        @Option(parsing: .unconditional, help: "Growth times, min, comma-separated.")
        var times = "1,2,5,10,20,40,60"
        @Option(parsing: .unconditional, help: "Growth temperatures, °C, comma-separated (the injection temperature is raised to each when below it).")
        var temperatures = "220,250,270,300,320"
        @OptionGroup var parameters: KineticsOption
        @OptionGroup var output: OutputOptions

        struct Row: Codable {
            let growthTemperatureCelsius: Double
            let growthTimeMinutes: Double
            let status: String
            let truth: SimulatedTruth?
        }

        func numbers(_ text: String, _ name: String) throws -> [Double] {
            try text.split(separator: ",").map {
                guard let x = Double($0.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--\(name) takes numbers separated by commas; got '\($0)'.")
                }
                return x
            }
        }

        func run() throws {
            try reportingErrors {
                let twin = try parameters.twin()
                var rows: [Row] = []
                for t in try numbers(temperatures, "temperatures") {
                    for minutes in try numbers(times, "times") {
                        var recipe = amounts.recipe(growthTemperatureCelsius: t, growthTimeMinutes: minutes)
                        recipe.injectionTemperatureCelsius = max(amounts.injectionTemperature, t)
                        let m = try twin.runSynchronously(recipe, seed: 0)
                        var status = m.status.state
                        if case .failed(let mode) = m.status { status = mode.rawValue }
                        rows.append(Row(growthTemperatureCelsius: t, growthTimeMinutes: minutes, status: status, truth: m.truth))
                    }
                }
                if output.json { return try printJSON(rows) }
                var table = TextTable(["T °C", "t min", "d nm", "σ/d %", "1S nm", "PL nm", "FWHM nm", "PLQY %", "yield %", "status"])
                for r in rows {
                    let u = r.truth
                    table.add([
                        fixed(r.growthTemperatureCelsius, 0), fixed(r.growthTimeMinutes, 1), fixed(u?.meanDiameterNanometres, 2),
                        fixed(u.map { $0.relativeStandardDeviation * 100 }, 1), fixed(u?.absorptionPeakNanometres, 0),
                        fixed(u?.emissionPeakNanometres, 0), fixed(u?.emissionFWHMNanometres, 0),
                        fixed(u.map { $0.plqy * 100 }, 0), fixed(u.map { $0.yield * 100 }, 0), r.status,
                    ])
                }
                let a = amounts
                print("\(a.material) on the twin v\(QDTwin.version): \(fixed(a.metal, 2)) mmol metal, \(fixed(a.anion, 2)) mmol anion, \(fixed(a.ligand, 2)) mmol ligand in \(fixed(a.volume, 0)) mL, injection at \(fixed(a.injectionTemperature, 0)) °C; noise-free truth")
                print(table.render(), terminator: "")
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Median wall time per simulated synthesis (one thread) over recipes drawn at random from the standard bounds.")

        @Option(help: "Recipes to run.")
        var count = 200
        @Option(help: "Material with twin kinetics.")
        var material = "CdSe"
        @Option(help: "Seed of the recipe draw.")
        var seed: UInt64 = 1
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard count >= 1 else { throw ValidationError("--count must be ≥ 1; got \(count).") }
        }

        struct Summary: Codable {
            let material: String
            let count: Int
            let seed: UInt64
            let medianMilliseconds: Double
            let medianCPUMilliseconds: Double
            let p90Milliseconds: Double
            let maximumMilliseconds: Double
            let medianSteps: Double
            let standardRecipeMedianMilliseconds: Double
            let statusCounts: [String: Int]
        }

        func run() throws {
            try reportingErrors {
                let samples = try TwinBenchmark.measure(TwinBenchmark.randomRecipes(materialID: material, count: count, seed: seed))
                let standard = material == "CdSe"
                    ? try TwinBenchmark.measure(Array(repeating: Recipe.standardCdSe(), count: 21)).map(\.milliseconds)
                    : []
                let times = samples.map(\.milliseconds).sorted()
                let summary = Summary(
                    material: material, count: samples.count, seed: seed, medianMilliseconds: median(times),
                    medianCPUMilliseconds: median(samples.map(\.cpuMilliseconds)),
                    p90Milliseconds: times[min(times.count - 1, Int(0.9 * Double(times.count)))],
                    maximumMilliseconds: times.last ?? .nan, medianSteps: median(samples.map { Double($0.steps) }),
                    standardRecipeMedianMilliseconds: median(standard),
                    statusCounts: Dictionary(samples.map { ($0.status, 1) }, uniquingKeysWith: +))
                if output.json { return try printJSON(summary) }
                print("\(material) twin v\(QDTwin.version), \(summary.count) random recipes (seed \(seed)), one thread:")
                print("median \(fixed(summary.medianMilliseconds, 2)) ms per synthesis (thread CPU \(fixed(summary.medianCPUMilliseconds, 2)) ms); p90 \(fixed(summary.p90Milliseconds, 2)) ms; max \(fixed(summary.maximumMilliseconds, 1)) ms; median steps \(fixed(summary.medianSteps, 0))")
                if !standard.isEmpty { print("standard CdSe recipe: median \(fixed(summary.standardRecipeMedianMilliseconds, 2)) ms over 21 runs") }
                print("outcomes: " + summary.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
    }

    struct Kinetics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a material's twin parameters (value, source, confidence) as JSON, to edit and pass back with --kinetics.")

        @Argument(help: "Material id (CdSe, InP, PbS).")
        var material = "CdSe"

        func run() throws {
            try reportingErrors {
                guard let kinetics = ReactorKinetics.forMaterial(material) else {
                    throw ValidationError("No twin kinetics for '\(material)' (rule: one of \(ReactorKinetics.all.map(\.materialID).joined(separator: ", "))).")
                }
                try printJSON(kinetics)
            }
        }
    }
}

/// Writes absorbance and PL on a wavelength grid as PREFIX.csv and an SVG chart PREFIX.svg; returns the paths.
func writeSpectrumFiles(
    wavelengths: [Double], absorbance: [Double], photoluminescence: [Double], prefix: String, title: String,
    yLabel: String
) throws -> [String] {
    let csvPath = prefix + ".csv", svgPath = prefix + ".svg"
    var csv = "wavelength_nm,absorbance,pl\n"
    for i in wavelengths.indices {
        csv += "\(fixed(wavelengths[i], 3)),\(String(format: "%.6g", absorbance[i])),\(String(format: "%.6g", photoluminescence[i]))\n"
    }
    var chart = Chart(title: title, xLabel: "Wavelength (nm)", yLabel: yLabel)
    chart.series.append(.init("absorbance", x: wavelengths, y: absorbance))
    chart.series.append(.init("PL", x: wavelengths, y: photoluminescence))
    let directory = URL(fileURLWithPath: csvPath).deletingLastPathComponent()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
    try chart.svg().write(toFile: svgPath, atomically: true, encoding: .utf8)
    return [csvPath, svgPath]
}

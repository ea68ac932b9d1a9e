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
        subcommands: [Simulate.self])
}

extension TwinCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one recipe on the twin: outcome, failure mode, the true size distribution, spectra (CSV + SVG with --out).")

        @Option(help: "Material with twin kinetics (CdSe; InP is a first pass).")
        var material = "CdSe"
        @Option(parsing: .unconditional, help: "Injection temperature, °C.")
        var injectionTemperature = 300.0
        @Option(parsing: .unconditional, help: "Growth temperature, °C.")
        var growthTemperature = 270.0
        @Option(parsing: .unconditional, help: "Growth time, min.")
        var growthTime = 2.0
        @Option(parsing: .unconditional, help: "Metal precursor, mmol.")
        var metal = 0.2
        @Option(parsing: .unconditional, help: "Anion precursor, mmol.")
        var anion = 0.4
        @Option(parsing: .unconditional, help: "Ligand (oleic acid), mmol.")
        var ligand = 1.2
        @Option(parsing: .unconditional, help: "Reaction volume, mL.")
        var volume = 10.0
        @Option(help: "Seed of the instrument noise.")
        var seed: UInt64 = 0
        @Option(help: "Write PREFIX.csv and PREFIX.svg with the simulated spectra.")
        var out: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let recipe = try Recipe(
                    materialID: material, injectionTemperatureCelsius: injectionTemperature,
                    growthTemperatureCelsius: growthTemperature, growthTimeMinutes: growthTime,
                    metalPrecursorMillimoles: metal, anionPrecursorMillimoles: anion, ligandMillimoles: ligand,
                    volumeMillilitres: volume
                ).validated()
                let measurement = try TwinReactor().runSynchronously(recipe, seed: seed)
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

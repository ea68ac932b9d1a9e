import ArgumentParser
import Foundation
import QDAnalysis
import QDPlot

extension PeakShape: ExpressibleByArgument {}
extension ParticlePolarity: ExpressibleByArgument {}

/// A wavelength (or axis) range written `LOW:HIGH`, e.g. `420:640`.
struct AxisRange: ExpressibleByArgument {
    let range: ClosedRange<Double>
    init?(argument: String) {
        let parts = argument.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low < high else { return nil }
        range = low...high
    }
}

/// The file and column options every spectrum command shares.
struct SpectrumFileOptions: ParsableArguments {
    @Argument(help: "Spectrum file: CSV/TSV/TXT (any delimiter, header, decimal commas) or JCAMP-DX.")
    var file: String
    @Option(help: "Value column: 1-based number or header name (default: the first value column).")
    var column: String?

    /// The chosen spectrum, on a wavelength axis.
    func spectrum() throws -> QDAnalysis.Spectrum {
        let table = try SpectrumReader.read(URL(fileURLWithPath: file))
        guard let column else { return try table.spectrum(column: 0).inNanometres() }
        if let number = Int(column) { return try table.spectrum(column: number - 1).inNanometres() }
        return try table.spectrum(named: column).inNanometres()
    }
}

/// Writes an SVG chart of `spectrum` with extra series and vertical rules; returns the path.
func writeSpectrumChart(_ path: String, title: String, yLabel: String, spectrum: QDAnalysis.Spectrum, extra: [Chart.Series] = [], rules: [Chart.Rule] = []) throws -> String {
    var chart = Chart(title: title, xLabel: "Wavelength (nm)", yLabel: yLabel)
    chart.series.append(.init(spectrum.label, x: spectrum.x, y: spectrum.y))
    chart.series += extra
    chart.rules = rules
    try writeText(chart.svg(), to: path)
    return path
}

/// Writes text, creating the folder.
func writeText(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
}

/// `qdlab analyze`: Read and measure spectra and micrographs.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Read and measure spectra and micrographs.",
        subcommands: [Absorbance.self, PL.self, Fit.self, Image.self])

    struct Absorbance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "First exciton, diameter, size dispersion and concentration from an absorbance spectrum.")
        @OptionGroup var input: SpectrumFileOptions
        @Option(help: "Material id of the dots, e.g. CdSe, CdTe, PbS, InP.")
        var material: String
        @Option(parsing: .unconditional, help: "Cuvette path length, cm.")
        var pathLength: Double = 1
        @Option(help: "Search the first exciton in LOW:HIGH nm (default: the whole spectrum).")
        var range: AxisRange?
        @Option(parsing: .unconditional, help: "Savitzky–Golay window for the second derivative, nm.")
        var window: Double = 15
        @Option(help: "Write an SVG chart of the spectrum with the exciton marked.")
        var svg: String?
        @OptionGroup var output: OutputOptions

        struct Answer: Codable { let file: String; let report: AbsorbanceReport; let files: [String] }

        func run() throws {
            try reportingErrors {
                let spectrum = try input.spectrum()
                let report = try AbsorbanceAnalysis.analyze(spectrum, materialID: material, pathLengthCentimetres: pathLength, searchRange: range?.range, window: window)
                var files: [String] = []
                if let svg {
                    files.append(try writeSpectrumChart(svg, title: "\(report.materialID): first exciton \(fixed(report.firstExciton.wavelengthNanometres, 1)) nm", yLabel: "Absorbance", spectrum: spectrum, rules: [.init(axis: .x, value: report.firstExciton.wavelengthNanometres, label: "1S")]))
                }
                if output.json { return try printJSON(Answer(file: input.file, report: report, files: files)) }
                let e = report.firstExciton
                print("\(spectrum.label): \(report.materialID)")
                print("first exciton \(fixed(e.wavelengthNanometres, 1)) nm (\(e.isResolvedPeak ? "resolved peak" : "shoulder")), A = \(fixed(e.absorbance, 4)), valley/peak \(fixed(e.valleyToPeakRatio, 3))")
                print("diameter \(fixed(report.diameterNanometres, 2)) nm (\(report.sizingModel)), σ/d \(report.relativeStandardDeviation.map { fixed(100 * $0, 1) + " %" } ?? "–")")
                if let c = report.concentration {
                    print("concentration \(String(format: "%.3g", c.molar * 1e6)) µM (\(String(format: "%.3g", c.particlesPerMillilitre)) particles/mL), ε = \(String(format: "%.3g", c.extinction.molarPerCentimetre)) M⁻¹cm⁻¹ at \(c.extinction.whereMeasured)")
                }
                for note in report.notes { print("note: \(note)") }
                for file in files { print("wrote \(file)") }
            }
        }
    }

    struct PL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pl",
            abstract: "Emission peak, FWHM, CIE 1931 colour and purity; relative PLQY against a reference dye.")
        @OptionGroup var input: SpectrumFileOptions
        @Option(help: "Absorbance spectrum of the sample (needed for PLQY).")
        var absorbance: String?
        @Option(help: "Emission spectrum of the reference dye (same excitation and settings).")
        var reference: String?
        @Option(help: "Absorbance spectrum of the reference dye.")
        var referenceAbsorbance: String?
        @Option(parsing: .unconditional, help: "Quantum yield of the reference as a fraction (quinine sulfate: 0.54).")
        var referenceQy: Double?
        @Option(parsing: .unconditional, help: "Refractive index of the sample's solvent.")
        var sampleIndex: Double = 1
        @Option(parsing: .unconditional, help: "Refractive index of the reference's solvent.")
        var referenceIndex: Double = 1
        @Option(help: "Excitation window LOW:HIGH nm where the absorbance is averaged.")
        var excitation: AxisRange = AxisRange(argument: "360:370")!
        @Option(help: "Emission integral window LOW:HIGH nm.")
        var emission: AxisRange = AxisRange(argument: "390:800")!
        @Option(help: "Baseline window LOW:HIGH nm subtracted from every spectrum.")
        var baseline: AxisRange = AxisRange(argument: "800:900")!
        @Option(help: "Write an SVG chart of the prepared emission.")
        var svg: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            let qyParts = [absorbance, reference, referenceAbsorbance].compactMap { $0 }.count + (referenceQy == nil ? 0 : 1)
            guard qyParts == 0 || qyParts == 4 else {
                throw ValidationError("For PLQY give all of --absorbance, --reference, --reference-absorbance and --reference-qy (or none for peak and colour only).")
            }
        }

        struct Answer: Codable {
            let file: String; let peakNanometres: Double; let fwhmNanometres: Double?
            let colour: ChromaticityReport; let quantumYield: QuantumYieldResult?; let files: [String]
        }

        func run() throws {
            try reportingErrors {
                let sample = try input.spectrum()
                let recipe = QuantumYieldRecipe(baselineWindow: baseline.range, excitationWindow: excitation.range, emissionWindow: emission.range)
                let band = try QuantumYield.prepared(sample, recipe).restricted(openInterval: emission.range.lowerBound, emission.range.upperBound)
                let peak = try PeakFinder.highestPeak(of: band)
                let colour = try CIE1931.chromaticity(of: band)
                var qy: QuantumYieldResult?
                if let absorbance, let reference, let referenceAbsorbance, let referenceQy {
                    func read(_ path: String) throws -> QDAnalysis.Spectrum { try SpectrumReader.read(URL(fileURLWithPath: path)).spectrum() }
                    qy = try QuantumYield.relative(
                        sampleAbsorbance: try read(absorbance), sampleEmission: sample, referenceAbsorbance: try read(referenceAbsorbance),
                        referenceEmission: try read(reference), referenceQuantumYield: referenceQy, sampleRefractiveIndex: sampleIndex,
                        referenceRefractiveIndex: referenceIndex, recipe: recipe)
                }
                var files: [String] = []
                if let svg { files.append(try writeSpectrumChart(svg, title: "Emission, peak \(fixed(peak.position, 1)) nm", yLabel: "Intensity", spectrum: band)) }
                if output.json {
                    return try printJSON(Answer(file: input.file, peakNanometres: peak.position, fwhmNanometres: peak.fwhm, colour: colour, quantumYield: qy, files: files))
                }
                print("\(sample.label): emission peak \(fixed(peak.position, 1)) nm, FWHM \(fixed(peak.fwhm, 1)) nm")
                print("CIE 1931 x \(fixed(colour.x, 4)), y \(fixed(colour.y, 4)); dominant \(fixed(colour.dominantWavelengthNanometres, 1)) nm, purity \(fixed(100 * colour.colourPurity, 1)) %")
                if let qy {
                    print("PLQY \(fixed(100 * qy.quantumYield, 2)) % (A \(fixed(qy.sampleAbsorbance, 4)) vs reference \(fixed(qy.referenceAbsorbance, 4)); integrals \(String(format: "%.6g", qy.sampleIntegral)) vs \(String(format: "%.6g", qy.referenceIntegral)))")
                    for w in qy.warnings { print("warning: \(w)") }
                }
                for file in files { print("wrote \(file)") }
            }
        }
    }

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deconvolve a spectrum into Gaussian, Lorentzian or pseudo-Voigt peaks (Levenberg–Marquardt).")
        @OptionGroup var input: SpectrumFileOptions
        @Option(help: "Number of peaks.")
        var peaks: Int = 1
        @Option(help: "Line shape: gaussian, lorentzian or voigt.")
        var shape: PeakShape = .gaussian
        @Option(help: "Fit only LOW:HIGH nm.")
        var range: AxisRange?
        @Flag(help: "Also fit a constant baseline.")
        var baseline = false
        @Option(help: "Write an SVG chart of the data, the peaks and their sum.")
        var svg: String?
        @OptionGroup var output: OutputOptions

        struct Answer: Codable { let file: String; let fit: PeakFitResult; let files: [String] }

        func run() throws {
            try reportingErrors {
                var spectrum = try input.spectrum()
                if let range { spectrum = try spectrum.restricted(openInterval: range.range.lowerBound, range.range.upperBound) }
                let fit = try PeakFitter.fit(spectrum, peakCount: peaks, shape: shape, fitBaseline: baseline)
                var files: [String] = []
                if let svg {
                    let s = spectrum.ascending()
                    var extra: [Chart.Series] = [.init("fit", x: s.x, y: fit.fittedValues)]
                    for (k, p) in fit.peaks.enumerated() {
                        let z = s.x.map { ($0 - p.centre) / p.fwhm }
                        let g = z.map { z -> Double in
                            let l = 1 / (1 + 4 * z * z), gauss = exp(-4 * log(2.0) * z * z)
                            switch shape {
                            case .gaussian: return p.height * gauss
                            case .lorentzian: return p.height * l
                            case .voigt: return p.height * ((p.eta ?? 0) * l + (1 - (p.eta ?? 0)) * gauss)
                            }
                        }
                        extra.append(.init("peak \(k + 1)", x: s.x, y: g.map { $0 + fit.baseline }))
                    }
                    files.append(try writeSpectrumChart(svg, title: "\(peaks) \(shape.rawValue) peak(s), R² \(fixed(fit.rSquared, 4))", yLabel: "Intensity", spectrum: s, extra: extra))
                }
                if output.json { return try printJSON(Answer(file: input.file, fit: fit, files: files)) }
                var table = TextTable(["peak", "centre (nm)", "±", "height", "±", "FWHM (nm)", "±", "area"])
                for (k, p) in fit.peaks.enumerated() {
                    table.add(["\(k + 1)", fixed(p.centre, 2), fixed(p.centreError, 2), String(format: "%.4g", p.height), String(format: "%.2g", p.heightError), fixed(p.fwhm, 2), fixed(p.fwhmError, 2), String(format: "%.4g", p.area)])
                }
                print(table.render())
                print("R² \(fixed(fit.rSquared, 5)), reduced χ² \(String(format: "%.3g", fit.reducedChiSquared)), \(fit.iterations) iterations\(fit.converged ? "" : " (not converged)")")
                for file in files { print("wrote \(file)") }
            }
        }
    }

    struct Image: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Size particles in a PNG/TIFF micrograph: count, mean size, log-normal fit, overlay.")
        @Argument(help: "Micrograph, PNG or TIFF, 8 or 16 bit.")
        var file: String
        @Option(parsing: .unconditional, help: "Scale, nm per pixel (from the scale bar).")
        var nmPerPixel: Double
        @Option(help: "Particles are dark, bright, or automatic (the minority class).")
        var polarity: ParticlePolarity = .automatic
        @Option(parsing: .unconditional, help: "Gaussian denoising σ, pixels.")
        var denoise: Double = 1
        @Option(help: "Use a local (adaptive) threshold with this window radius in pixels instead of Otsu.")
        var adaptiveRadius: Int?
        @Option(help: "Smallest particle counted, pixels.")
        var minArea: Int = 12
        @Flag(help: "Do not split touching particles (no watershed).")
        var noSplit = false
        @Option(help: "Write an overlay PNG (green: counted, red: cut by the border).")
        var overlay: String?
        @Option(help: "Write an SVG histogram of the equivalent diameters.")
        var svg: String?
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let file: String; let count: Int; let meanDiameterNanometres: Double; let standardDeviationNanometres: Double
            let logNormal: LogNormalFit?; let excludedAtBorder: Int; let particles: [Particle]; let files: [String]
        }

        func run() throws {
            try reportingErrors {
                let image = try ImageIO.read(URL(fileURLWithPath: file))
                let options = ParticleSizingOptions(
                    nanometresPerPixel: nmPerPixel, denoiseSigma: denoise,
                    threshold: adaptiveRadius.map { .adaptive(radius: $0, offset: 0.02) } ?? .otsu,
                    polarity: polarity, splitTouching: !noSplit, minimumAreaPixels: minArea)
                let result = try ParticleSizer.analyze(image, options: options)
                var files: [String] = []
                if let overlay {
                    try FileManager.default.createDirectory(at: URL(fileURLWithPath: overlay).deletingLastPathComponent(), withIntermediateDirectories: true)
                    try ImageIO.writePNG(image, to: URL(fileURLWithPath: overlay), rgb: ParticleSizer.overlay(image, result: result))
                    files.append(overlay)
                }
                let counted = result.particles.filter { !$0.touchesBorder }
                if let svg {
                    let d = counted.map(\.equivalentDiameterNanometres)
                    let low = d.min() ?? 0, high = d.max() ?? 1
                    let bins = max(5, min(30, Int(Double(d.count).squareRoot())))
                    let width = max((high - low) / Double(bins), 1e-9)
                    var counts = [Double](repeating: 0, count: bins)
                    for v in d { counts[min(Int((v - low) / width), bins - 1)] += 1 }
                    var chart = Chart(title: "\(result.count) particles, mean \(fixed(result.meanDiameterNanometres, 2)) nm", xLabel: "Equivalent diameter (nm)", yLabel: "Count")
                    chart.series.append(.init("particles", x: (0..<bins).map { low + (Double($0) + 0.5) * width }, y: counts, style: .bars))
                    if let fit = result.logNormal {
                        let xs = (0...100).map { low + Double($0) * (high - low) / 100 }
                        let pdf = xs.map { x in exp(-pow(log(x) - fit.mu, 2) / (2 * fit.sigma * fit.sigma)) / (x * fit.sigma * (2 * Double.pi).squareRoot()) * Double(d.count) * width }
                        chart.series.append(.init("log-normal fit", x: xs, y: pdf))
                    }
                    try writeText(chart.svg(), to: svg)
                    files.append(svg)
                }
                if output.json {
                    return try printJSON(Answer(file: file, count: result.count, meanDiameterNanometres: result.meanDiameterNanometres, standardDeviationNanometres: result.standardDeviationNanometres, logNormal: result.logNormal, excludedAtBorder: result.particles.count - counted.count, particles: counted, files: files))
                }
                print("\(file): \(result.count) particles counted (\(result.particles.count - counted.count) cut by the border, excluded)")
                print("equivalent diameter \(fixed(result.meanDiameterNanometres, 2)) ± \(fixed(result.standardDeviationNanometres, 2)) nm (mean ± SD)")
                if let fit = result.logNormal {
                    print("log-normal: median \(fixed(fit.medianNanometres, 2)) nm, σ_ln \(fixed(fit.sigma, 3)), mean \(fixed(fit.meanNanometres, 2)) nm")
                }
                let circ = counted.map(\.circularity).sorted(), ar = counted.map(\.aspectRatio).sorted()
                print("median circularity \(fixed(circ[circ.count / 2], 3)), median aspect ratio \(fixed(ar[ar.count / 2], 3))")
                for f in files { print("wrote \(f)") }
            }
        }
    }
}

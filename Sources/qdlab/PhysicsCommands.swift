import ArgumentParser
import Foundation
import QDPhysics
import QDPlot

/// `qdlab physics …`: materials, size ↔ gap, spectra and core/shell from QDPhysics.
struct PhysicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics",
        abstract: "Quantum-dot physics: materials, size ↔ first exciton, spectra, core/shell and RoHS.",
        subcommands: [Materials.self, Gap.self, Size.self, Spectrum.self, CoreShell.self])
}

extension ConfinementModelKind: ExpressibleByArgument {}

/// A model choice on the command line: a kind, or the material's default when omitted.
func confinementModel(_ kind: ConfinementModelKind?, material: String) throws -> any ConfinementModel {
    if let kind { return try ConfinementModels.model(kind, for: material) }
    return try ConfinementModels.defaultModel(for: material)
}

extension PhysicsCommand {
    struct Materials: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the materials catalogue with bulk parameters and each default size model.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let materials = MaterialCatalogue.all
                if output.json {
                    try printJSON(materials)
                    return
                }
                var table = TextTable(["material", "Eg (eV)", "me", "mh", "eps_s", "aB (nm)", "structure", "a (Å)", "hazardous", "default size model"])
                for m in materials {
                    let model = (try? ConfinementModels.defaultModel(for: m.id).name) ?? "data-driven only"
                    table.add([
                        m.id, fixed(m.bulkGapElectronvolts?.value, 3), fixed(m.electronMass?.value, 3),
                        fixed(m.holeMass?.value, 3), fixed(m.staticPermittivity?.value, 1),
                        fixed(m.bohrRadiusNanometres?.value, 1), m.structure.rawValue,
                        fixed(m.latticeConstantAngstrom?.value, 3),
                        m.hazardousElements.isEmpty ? "–" : m.hazardousElements.joined(separator: ","), model,
                    ])
                }
                print(table.render(), terminator: "")
                print("Sources and confidence per value: qdlab physics materials --json")
            }
        }
    }

    /// The JSON answer of `gap` and `size`.
    struct ExcitonAnswer: Codable {
        let material: String
        let model: String
        let citation: String
        let sizeDefinition: String
        let diameterNanometres: Double
        let firstExcitonElectronvolts: Double
        let firstExcitonNanometres: Double
        let validity: ValidityFlag
        let validDiameterNanometres: [Double]
        let defaultModelReason: String?

        init(material: String, model: any ConfinementModel, result: ConfinementResult, isDefault: Bool) {
            self.material = material
            self.model = model.name
            self.citation = model.citation
            self.sizeDefinition = model.sizeDefinition
            self.diameterNanometres = result.diameterNanometres
            self.firstExcitonElectronvolts = result.energyElectronvolts
            self.firstExcitonNanometres = result.wavelengthNanometres
            self.validity = result.validity
            self.validDiameterNanometres = [model.validDiameterNanometres.lowerBound, model.validDiameterNanometres.upperBound]
            self.defaultModelReason = isDefault ? try? ConfinementModels.defaultReason(for: material) : nil
        }

        func printText() {
            print("\(material): d = \(fixed(diameterNanometres, 3)) nm ↔ first exciton \(fixed(firstExcitonNanometres, 1)) nm (\(fixed(firstExcitonElectronvolts, 4)) eV)")
            print("model: \(model) — \(citation)")
            print("size: \(sizeDefinition)")
            if let defaultModelReason { print("default because: \(defaultModelReason)") }
            if validity != .withinRange {
                print("warning: \(fixed(diameterNanometres, 3)) nm is \(validity == .belowRange ? "below" : "above") the model's validity range \(fixed(validDiameterNanometres[0], 2))–\(fixed(validDiameterNanometres[1], 2)) nm: this is an extrapolation.")
            }
        }
    }

    struct Gap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "First-exciton energy and wavelength of a dot of a given diameter.")

        @Option(help: "Material id, e.g. CdSe (see `qdlab physics materials`).")
        var material: String
        @Option(parsing: .unconditional, help: "Diameter in nm (for InP: the equal-volume sphere diameter).")
        var diameter: Double
        @Option(help: "Size model (default: the material's best available). One of: \(ConfinementModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var model: ConfinementModelKind?
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let m = try confinementModel(model, material: material)
                let result = try m.firstExciton(diameterNanometres: diameter)
                let answer = ExcitonAnswer(material: material, model: m, result: result, isDefault: model == nil)
                if output.json { try printJSON(answer) } else { answer.printText() }
            }
        }
    }

    struct Size: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Diameter of a dot from its first-exciton absorption peak.")

        @Option(help: "Material id, e.g. PbS.")
        var material: String
        @Option(parsing: .unconditional, help: "First-exciton absorption peak in nm.")
        var peak: Double
        @Option(help: "Size model (default: the material's best available).")
        var model: ConfinementModelKind?
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let m = try confinementModel(model, material: material)
                let result = try m.diameter(forWavelengthNanometres: peak)
                let answer = ExcitonAnswer(material: material, model: m, result: result, isDefault: model == nil)
                if output.json { try printJSON(answer) } else { answer.printText() }
            }
        }
    }
}

extension SizeDistribution.Shape: ExpressibleByArgument {}

extension PhysicsCommand {
    struct Spectrum: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ensemble absorption and PL spectra of a size distribution (CSV + SVG with --out).")

        @Option(help: "Material id, e.g. CdSe.")
        var material: String
        @Option(help: "Mean diameter in nm.")
        var diameter: Double
        @Option(parsing: .unconditional, help: "Relative size dispersion σ_d/d, e.g. 0.07 for 7 %.")
        var dispersion: Double
        @Option(help: "Size distribution: normal or logNormal.")
        var distribution: SizeDistribution.Shape = .normal
        @Option(help: "Size model (default: the material's best available).")
        var model: ConfinementModelKind?
        @Option(parsing: .unconditional, help: "Homogeneous (single-dot) FWHM in meV; default: the material's tabulated value.")
        var homogeneousWidth: Double?
        @Option(parsing: .unconditional, help: "Stokes shift in meV; default: the material's size-dependent table.")
        var stokesShift: Double?
        @Option(parsing: .unconditional, help: "Amplitude of the higher-energy absorption continuum in units of the 1S peak (0: the 1S band only).")
        var continuum: Double = 0
        @Option(help: "Write PREFIX.csv and PREFIX.svg.")
        var out: String?
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let material: String
            let meanDiameterNanometres: Double
            let relativeDispersion: Double
            let spectrum: EnsembleSpectrum
            let files: [String]
        }

        func run() throws {
            try reportingErrors {
                let m = try MaterialCatalogue.material(material)
                let sizing = try confinementModel(model, material: m.id)
                let sizes = try SizeDistribution(
                    shape: distribution, meanDiameterNanometres: diameter, relativeStandardDeviation: dispersion)
                var options = SpectrumOptions()
                if let homogeneousWidth {
                    options.homogeneous = try LineShape.gaussian(fwhmElectronvolts: homogeneousWidth / 1000).validated()
                }
                options.stokesShiftElectronvolts = stokesShift.map { $0 / 1000 }
                options.continuumAmplitude = continuum == 0 ? nil : continuum
                let spectrum = try EnsembleSpectrum.compute(material: m, model: sizing, distribution: sizes, options: options)
                var files: [String] = []
                if let out {
                    files = try write(spectrum, material: m.id, prefix: out)
                }
                if output.json {
                    try printJSON(Answer(material: m.id, meanDiameterNanometres: diameter, relativeDispersion: dispersion, spectrum: spectrum, files: files))
                    return
                }
                print("\(m.id), d = \(fixed(diameter, 2)) nm ± \(fixed(dispersion * 100, 1)) % (\(distribution.rawValue)), sizing model: \(spectrum.model)")
                print("absorption 1S: \(fixed(spectrum.absorption.peakWavelengthNanometres, 1)) nm, FWHM \(fixed(spectrum.absorption.fwhmNanometres, 1)) nm (\(fixed(spectrum.absorption.fwhmMillielectronvolts, 0)) meV)")
                print("emission:      \(fixed(spectrum.emission.peakWavelengthNanometres, 1)) nm, FWHM \(fixed(spectrum.emission.fwhmNanometres, 1)) nm (\(fixed(spectrum.emission.fwhmMillielectronvolts, 0)) meV)")
                print("Stokes shift \(fixed(spectrum.stokesShiftElectronvolts * 1000, 0)) meV (\(spectrum.stokesShiftSource))")
                print("widths: homogeneous \(fixed(spectrum.homogeneous.fwhmElectronvolts * 1000, 0)) meV (\(spectrum.homogeneousSource)); inhomogeneous \(fixed(spectrum.inhomogeneousFWHMExactElectronvolts * 1000, 0)) meV (linearised \(fixed(spectrum.inhomogeneousFWHMLinearisedElectronvolts * 1000, 0)) meV)")
                if spectrum.validity != .withinRange {
                    print("warning: the mean diameter is \(spectrum.validity.rawValue) of \(spectrum.model): an extrapolation.")
                }
                for file in files { print("wrote \(file)") }
            }
        }

        func write(_ spectrum: EnsembleSpectrum, material: String, prefix: String) throws -> [String] {
            try writeSpectrumFiles(
                wavelengths: spectrum.wavelengthsNanometres, absorbance: spectrum.absorbance,
                photoluminescence: spectrum.photoluminescence, prefix: prefix,
                title: "\(material), \(fixed(diameter, 2)) nm ± \(fixed(dispersion * 100, 1)) %: absorption and PL",
                yLabel: "Normalised intensity")
        }
    }

    struct CoreShell: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coreshell",
            abstract: "Core/shell band alignment, lattice mismatch, emission shift, element mass fractions and RoHS.")

        @Option(help: "Core material id, e.g. InP.")
        var core: String
        @Option(help: "Shell material id, e.g. ZnS.")
        var shell: String
        @Option(parsing: .unconditional, help: "Core diameter in nm.")
        var coreDiameter: Double
        @Option(parsing: .unconditional, help: "Shell thickness in nm.")
        var shellThickness: Double
        @Option(parsing: .unconditional, help: "Ligand surface density, ligands per nm² (oleic acid); 0 for a bare particle.")
        var ligandDensity: Double = 4
        @Option(parsing: .unconditional, help: "QD mass fraction in the homogeneous material judged by RoHS (1 = the QD itself).")
        var loading: Double = 1
        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingErrors {
                let coreMaterial = try MaterialCatalogue.material(core)
                let shellMaterial = try MaterialCatalogue.material(shell)
                let ligand = ligandDensity == 0 ? nil : try Ligand.oleicAcid(surfaceDensityPerSquareNanometre: ligandDensity)
                let report = try CoreShellReport(
                    core: coreMaterial, shell: shellMaterial, coreDiameterNanometres: coreDiameter,
                    shellThicknessNanometres: shellThickness,
                    coreModel: try? ConfinementModels.defaultModel(for: coreMaterial.id),
                    ligand: ligand, loadingMassFraction: loading)
                if output.json {
                    try printJSON(report)
                    return
                }
                let a = report.alignment
                print("\(report.coreID)/\(report.shellID): core \(fixed(coreDiameter, 2)) nm + shell \(fixed(shellThickness, 2)) nm → \(fixed(report.outerDiameterNanometres, 2)) nm")
                print("band alignment: \(a.kind.rawValue) (CB offset \(fixed(a.conductionBandOffsetElectronvolts, 2)) eV, VB offset \(fixed(a.valenceBandOffsetElectronvolts, 2)) eV; electron in \(a.electron.rawValue), hole in \(a.hole.rawValue))")
                let l = report.lattice
                print("lattice mismatch: \(fixed(l.mismatch * 100, 1)) % (\(l.level.rawValue))" + (l.criticalThicknessNanometres.flatMap { $0 > 0 ? ", planar critical thickness ≈ \(fixed($0, 2)) nm" : ", no coherent shell thickness (relaxes from the first monolayer)" } ?? ""))
                if let e = report.emission {
                    print("first exciton: core \(fixed(e.coreWavelengthNanometres, 1)) nm → core/shell \(fixed(e.coreShellWavelengthNanometres, 1)) nm (red shift \(fixed(e.shiftNanometres, 1)) nm)")
                }
                var table = TextTable(["element", "mass fraction (ppm)", "RoHS limit (ppm)", "passes"])
                for entry in report.rohs.entries {
                    table.add([entry.element, fixed(entry.massFraction * 1e6, 0), fixed(entry.limit * 1e6, 0), entry.passes ? "yes" : "NO"])
                }
                print("RoHS (\(report.rohs.basis)): \(report.rohs.passes ? "passes" : "FAILS")")
                print(table.render(), terminator: "")
                for note in report.notes { print("note: \(note)") }
            }
        }
    }
}

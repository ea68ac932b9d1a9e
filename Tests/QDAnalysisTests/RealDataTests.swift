import Foundation
import QDData
import Testing
@testable import QDAnalysis

/// Checks on the raw spectra shipped with QDData (read through `ShippedDatasets`, never edited).
@Suite("Real data: carbon-dot PLQY and CdSe first-exciton peaks")
struct RealDataTests {
    static func folder(_ name: String) throws -> URL { try ShippedDatasets.named(name).folder }

    /// derived_samples.csv rows: sample → (plqy_percent, pl_peak_nm, pl_fwhm_nm).
    static func derived() throws -> [String: (Double, Double, Double?)] {
        let text = try String(contentsOf: folder("cdots-karpushkin2023").appendingPathComponent("derived_samples.csv"), encoding: .utf8)
        var rows: [String: (Double, Double, Double?)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 11, let qy = Double(cells[10]), let peak = Double(cells[8]) else { continue }
            rows[cells[0]] = (qy, peak, Double(cells[9]))
        }
        return rows
    }

    /// The authors' recipe (PROVENANCE: baseline 800–900 nm, median 5, A = mean 360–370 nm, trapezoid 390–800 nm,
    /// QY_ref 54 %, no refractive-index correction) through `QuantumYield.relative`, from the untouched raw files.
    /// derive.py (Python, the same recipe) wrote plqy_percent with 4 decimals: the tolerance 6e-5 percentage
    /// points is that rounding plus float summation order.
    @Test("all 26 carbon-dot PLQYs reproduce derived_samples.csv from the raw Ocean Optics spectra")
    func carbonDotQuantumYields() throws {
        let root = try Self.folder("cdots-karpushkin2023").appendingPathComponent("raw")
        func spectrum(_ kind: String, _ name: String) throws -> Spectrum {
            try SpectrumReader.read(root.appendingPathComponent(kind).appendingPathComponent(name + ".txt")).spectrum()
        }
        let expected = try Self.derived()
        #expect(expected.count == 26)
        let refA = try spectrum("abs", "ref"), refF = try spectrum("fluoro", "ref")
        for (name, (qy, peak, fwhm)) in expected {
            let result = try QuantumYield.relative(
                sampleAbsorbance: try spectrum("abs", name), sampleEmission: try spectrum("fluoro", name),
                referenceAbsorbance: refA, referenceEmission: refF, referenceQuantumYield: 0.54)
            #expect(abs(100 * result.quantumYield - qy) < 6e-5, "\(name): \(100 * result.quantumYield) vs \(qy)")
            // Peak and FWHM written with one decimal in the CSV.
            #expect(abs(result.peakNanometres - peak) < 0.051, "\(name) peak")
            if let fwhm { #expect(abs((result.fwhmNanometres ?? 0) - fwhm) < 0.051, "\(name) FWHM") }
        }
    }

    /// The authors' first-exciton positions (UV-Vis_Peak_Values.csv) against the second-derivative method on their
    /// raw spectra. For the Cd-rich runs (2, 3, 6, 9: a resolved 1S peak) the method lands 0–6 nm red of the
    /// authors' grid-point positions (median about +3 nm: the d²A/dλ² minimum of an asymmetric band sits red of its
    /// apex). The Se-rich runs (4, 5, 7, 8) are not asserted: there the authors' values lie on the red flank of
    /// the band (e.g. run 5 at 300 s: absorbance apex 503 nm, authors 524.0 nm, which is the PL maximum of that
    /// aliquot, 524.0 nm), so they are not a first-exciton reference; docs/analysis.md lists the figures.
    @Test("CdSe growth runs: first-exciton peaks of the Cd-rich runs agree with the authors' values")
    func cdseFirstExciton() throws {
        let folder = try Self.folder("cdse-growth-imperial")
        let peaksText = try String(contentsOf: folder.appendingPathComponent("UV-Vis_Peak_Values.csv"), encoding: .utf8)
        let all = try CdSeGrowthCheck.compare(peakTable: peaksText, spectraFolder: folder.appendingPathComponent("spectra"))
        let cdRich = all.filter { [2, 3, 6, 9].contains($0.run) }
        #expect(cdRich.count >= 68)
        let signed = cdRich.map { $0.found - $0.authors }.sorted()
        let median = signed[signed.count / 2]
        let within = Double(signed.filter { abs($0) <= 6 }.count) / Double(signed.count)
        #expect(median > 0 && median < 5, "median Δ = \(median) nm")
        #expect(within >= 0.95, "share within 6 nm = \(within)")
    }
}

/// Pairs the authors' peak table with the spectra of runs 2–9 (shared by the test and the benchmark figures).
enum CdSeGrowthCheck {
    struct Comparison { let run: Int; let time: Double; let authors: Double; let found: Double; let apex: Double? }

    static func compare(peakTable: String, spectraFolder: URL, window: Double = 15) throws -> [Comparison] {
        var authors: [Int: [Double: Double]] = [:]
        // Columns: Time (s), Run 1, Time (s), Run 2 … Run 9 (the second time column serves runs 2–9).
        for line in peakTable.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard cells.count >= 11, let time = cells[2] ?? nil else { continue }
            for run in 2...9 { if let v = cells[run + 1] ?? nil { authors[run, default: [:]][time] = v } }
        }
        var out: [Comparison] = []
        for run in 2...9 {
            let name = run <= 7 ? "Run_\(run)_UV-Vis.csv" : "run_\(run)_uv-vis.csv"
            let spectra = try SpectrumReader.read(spectraFolder.appendingPathComponent(name))
            for column in spectra.columns {
                let digits = column.name.prefix { $0.isNumber || $0 == "." }
                guard let time = Double(digits), let expected = authors[run]?[time] else { continue }
                let s = try spectra.spectrum(named: column.name)
                guard let found = try? PeakFinder.firstExciton(in: s, range: 420...640, window: window) else { continue }
                out.append(Comparison(run: run, time: time, authors: expected, found: found.wavelengthNanometres, apex: found.apexNanometres))
            }
        }
        return out
    }
}

import Foundation
import QDCore
@testable import QDAnalysis

/// Helpers shared by the QDAnalysis suites (not API).
enum Synthetic {
    /// A Gaussian band of height `height`, centre `centre` and FWHM `fwhm`.
    static func gaussian(_ x: Double, centre: Double, height: Double, fwhm: Double) -> Double {
        let z = (x - centre) / fwhm
        return height * exp(-4 * log(2.0) * z * z)
    }

    /// A uniform grid from `start` to `end` with `step`.
    static func grid(_ start: Double, _ end: Double, _ step: Double) -> [Double] {
        stride(from: start, through: end + step / 2, by: step).map { $0 }
    }

    /// Seeded Gaussian noise of standard deviation `sigma`.
    static func noise(_ count: Int, sigma: Double, seed: UInt64) -> [Double] {
        var rng = SeededRNG(seed: seed)
        return (0..<count).map { _ in sigma * rng.normal() }
    }

    /// A QD-like absorbance spectrum: a 1S Gaussian at `exciton` nm, a higher transition 60 nm bluer, and a
    /// continuum ∝ e^(−λ/80 nm) switched on smoothly 20 nm blue of the exciton.
    static func quantumDotAbsorbance(exciton: Double, height: Double = 0.3, fwhm: Double = 30, step: Double = 1) throws -> Spectrum {
        let x = grid(350, 750, step)
        let y = x.map { l in
            gaussian(l, centre: exciton, height: height, fwhm: fwhm)
                + 0.5 * gaussian(l, centre: exciton - 60, height: height, fwhm: 40)
                + 1.2 * exp(-(l - 350) / 80) / (1 + exp((l - exciton + 20) / 10))
        }
        return try Spectrum(x: x, y: y, label: "synthetic \(exciton) nm")
    }
}

/// Path of a file in the package, from this source file's location.
func packagePath(_ relative: String, file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relative)
}

import Foundation
import Testing

/// `qdlab analyze …` run as a user runs it (the built executable, files in a temporary folder).
@Suite("CLI: qdlab analyze")
struct AnalyzeCLITests {
    static let datasets = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/QDData/Datasets")

    static func gaussian(_ x: Double, _ c: Double, _ h: Double, _ w: Double) -> Double { h * exp(-4 * log(2.0) * (x - c) * (x - c) / (w * w)) }

    /// A semicolon CSV with decimal commas: two overlapping emission bands.
    static func twoBandCSV() -> String {
        var text = "Wavelength (nm);Intensity\n"
        for i in 0...300 {
            let x = 450 + Double(i)
            let y = gaussian(x, 560, 1000, 40) + gaussian(x, 610, 500, 35) + 5 * sin(x * 0.7)
            text += "\(x);\(String(format: "%.4f", y))\n".replacingOccurrences(of: ".", with: ",")
        }
        return text
    }

    /// An uncompressed 8-bit greyscale baseline TIFF written by hand (TIFF 6.0: header, one strip, IFD).
    static func tiff(width: Int, height: Int, pixels: [UInt8]) -> Data {
        var d = Data([0x49, 0x49, 42, 0])
        func u16(_ v: Int) { d.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)]) }
        func u32(_ v: Int) { for s in [0, 8, 16, 24] { d.append(UInt8(v >> s & 0xFF)) } }
        u32(8 + pixels.count)
        d.append(contentsOf: pixels)
        let entries: [(Int, Int, Int)] = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1), (278, 4, height), (279, 4, pixels.count)]
        u16(entries.count)
        for (tag, type, value) in entries {
            u16(tag); u16(type); u32(1)
            if type == 3 { u16(value); u16(0) } else { u32(value) }
        }
        u32(0)
        return d
    }

    /// Dark discs of known radii on a bright field, lightly blurred by 2 × 2 supersampling, seeded noise.
    static func micrograph() -> (Data, count: Int, meanDiameterPixels: Double) {
        let size = 256
        var discs: [(Double, Double, Double)] = []
        for row in 0..<4 { for col in 0..<4 { discs.append((32 + 60 * Double(col), 32 + 60 * Double(row), 8 + Double((row * 4 + col) % 5))) } }
        var state: UInt64 = 42
        func noise() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 40) / Double(1 << 24) - 0.5 }
        var pixels = [UInt8](repeating: 0, count: size * size)
        for y in 0..<size { for x in 0..<size {
            var covered = 0.0
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                if discs.contains(where: { hypot(Double(x) + sx - $0.0, Double(y) + sy - $0.1) <= $0.2 }) { covered += 0.25 }
            }
            pixels[y * size + x] = UInt8(max(0, min(255, 200 - 150 * covered + 20 * noise())))
        } }
        return (tiff(width: size, height: size, pixels: pixels), discs.count, discs.map { 2 * $0.2 }.reduce(0, +) / Double(discs.count))
    }

    func json(_ result: CLIRunner.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("analyze fit deconvolves two bands from a semicolon/decimal-comma CSV and writes an SVG")
    func fit() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.twoBandCSV().write(to: dir.appendingPathComponent("pl.csv"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["analyze", "fit", "pl.csv", "--peaks", "2", "--svg", "fit.svg", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let fit = try #require(try json(r)["fit"] as? [String: Any])
        let peaks = try #require(fit["peaks"] as? [[String: Any]])
        let centres = peaks.compactMap { $0["centre"] as? Double }
        #expect(centres.count == 2)
        // A ±5-count ripple on bands of 1000 and 500 counts: centres within 1 nm.
        #expect(abs(centres[0] - 560) < 1 && abs(centres[1] - 610) < 1)
        let svg = try String(contentsOf: dir.appendingPathComponent("fit.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.contains("<svg"))
    }

    @Test("analyze pl reproduces a carbon-dot PLQY from the raw spectra (authors' recipe)")
    func plqy() throws {
        let raw = Self.datasets.appendingPathComponent("cdots-karpushkin2023/raw")
        let r = try CLIRunner.run([
            "analyze", "pl", raw.appendingPathComponent("fluoro/u_ca_1_1_p.txt").path,
            "--absorbance", raw.appendingPathComponent("abs/u_ca_1_1_p.txt").path,
            "--reference", raw.appendingPathComponent("fluoro/ref.txt").path,
            "--reference-absorbance", raw.appendingPathComponent("abs/ref.txt").path, "--reference-qy", "0.54", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let qy = try #require((try json(r)["quantumYield"] as? [String: Any])?["quantumYield"] as? Double)
        // derived_samples.csv: plqy_percent 1.2098 (4 decimals).
        #expect(abs(100 * qy - 1.2098) < 6e-5)
    }

    @Test("analyze absorbance finds the first exciton of a CdSe growth aliquot and sizes it")
    func absorbance() throws {
        let file = Self.datasets.appendingPathComponent("cdse-growth-imperial/spectra/Run_2_UV-Vis.csv").path
        let r = try CLIRunner.run(["analyze", "absorbance", file, "--column", "300 s", "--material", "CdSe", "--range", "420:640", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try json(r)["report"] as? [String: Any])
        let exciton = try #require((report["firstExciton"] as? [String: Any])?["wavelengthNanometres"] as? Double)
        // Authors' value 522.0 nm; the second-derivative method lands 0–6 nm red of it (RealDataTests).
        #expect(exciton > 521 && exciton < 528)
        let d = try #require(report["diameterNanometres"] as? Double)
        #expect(d > 2 && d < 3.5)
    }

    @Test("analyze image counts and sizes discs in a TIFF and writes the overlay PNG")
    func image() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (tiff, count, mean) = Self.micrograph()
        try tiff.write(to: dir.appendingPathComponent("tem.tif"))
        let r = try CLIRunner.run(["analyze", "image", "tem.tif", "--nm-per-pixel", "0.2", "--overlay", "overlay.png", "--svg", "hist.svg", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let answer = try json(r)
        #expect(answer["count"] as? Int == count)
        let measured = try #require(answer["meanDiameterNanometres"] as? Double)
        #expect(abs(measured / (0.2 * mean) - 1) < 0.02)
        let png = try Data(contentsOf: dir.appendingPathComponent("overlay.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("hist.svg").path))
    }

    @Test("bad input: empty file, one column, non-monotone axis, saturated peak, blank image, missing option", arguments: [
        ("empty.csv", "", ["analyze", "fit", "empty.csv"], "no data rows"),
        ("one.csv", "400\n401\n402\n", ["analyze", "fit", "one.csv"], "single numeric column"),
        ("turn.csv", "400,1\n402,2\n401,3\n403,1\n", ["analyze", "fit", "turn.csv"], "non-monotone"),
        ("flat.csv", (0...100).map { "\(500 + $0),\(min(2.0, 3 * exp(-Double(($0 - 50) * ($0 - 50)) / 200)))" }.joined(separator: "\n"), ["analyze", "absorbance", "flat.csv", "--material", "CdSe"], "clipped"),
        ("ev.csv", "1.8,1\n1.9,2\n2.0,3\n", ["analyze", "fit", "ev.csv", "--peaks", "0"], "Peak count 0"),
    ])
    func badInput(name: String, content: String, arguments: [String], message: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try content.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(arguments, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("bad images: a blank TIFF, a text file named .png, and PLQY with half the files")
    func badImages() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.tiff(width: 32, height: 32, pixels: [UInt8](repeating: 128, count: 1024)).write(to: dir.appendingPathComponent("blank.tif"))
        let blank = try CLIRunner.run(["analyze", "image", "blank.tif", "--nm-per-pixel", "0.2"], in: dir)
        #expect(blank.status == 1 && blank.stderr.contains("uniform"))
        try "hello".write(to: dir.appendingPathComponent("fake.png"), atomically: true, encoding: .utf8)
        let fake = try CLIRunner.run(["analyze", "image", "fake.png", "--nm-per-pixel", "0.2"], in: dir)
        #expect(fake.status == 1 && fake.stderr.contains("neither PNG nor TIFF"))
        try Self.twoBandCSV().write(to: dir.appendingPathComponent("pl.csv"), atomically: true, encoding: .utf8)
        let half = try CLIRunner.run(["analyze", "pl", "pl.csv", "--reference-qy", "0.54"], in: dir)
        #expect(half.status == 64 || half.status == 2)
        #expect(half.stderr.contains("--reference-absorbance"))
    }
}

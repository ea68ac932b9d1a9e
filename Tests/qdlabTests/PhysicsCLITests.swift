import Foundation
import QDPhysics
import Testing

/// The `qdlab physics` commands run as a user runs them: the built binary, its exit code and its output.
@Suite("qdlab physics (end to end)")
struct PhysicsCLITests {
    struct Exciton: Decodable {
        let material: String
        let model: String
        let diameterNanometres: Double
        let firstExcitonNanometres: Double
        let firstExcitonElectronvolts: Double
        let validity: String
    }

    func decode<T: Decodable>(_ type: T.Type, _ result: CLIRunner.Result) throws -> T {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    @Test("gap --json for 4 nm CdSe agrees with the library's default model")
    func gapJSON() throws {
        let answer = try decode(Exciton.self, try CLIRunner.run(["physics", "gap", "--material", "CdSe", "--diameter", "4", "--json"]))
        let expected = try ConfinementModels.defaultModel(for: "CdSe").firstExciton(diameterNanometres: 4)
        #expect(answer.material == "CdSe")
        #expect(answer.validity == "withinRange")
        // JSON round-trips Double exactly, so the CLI must print the library's own value.
        #expect(answer.firstExcitonNanometres == expected.wavelengthNanometres)
        // Sanity against the Jasieniak 2009 table in Tests/QDPhysicsTests/Fixtures: 3.9 nm ↔ 578.8 nm.
        #expect(answer.firstExcitonNanometres > 575 && answer.firstExcitonNanometres < 590)
    }

    @Test("size and gap are inverse through the CLI (PbS at 1550 nm)")
    func sizeRoundTrip() throws {
        let size = try decode(Exciton.self, try CLIRunner.run(["physics", "size", "--material", "PbS", "--peak", "1550", "--json"]))
        let back = try decode(Exciton.self, try CLIRunner.run(["physics", "gap", "--material", "PbS", "--diameter", "\(size.diameterNanometres)", "--json"]))
        #expect(abs(back.firstExcitonNanometres - 1550) < 1e-6)
    }

    @Test("an out-of-range diameter answers with a warning, not silence")
    func extrapolationFlagged() throws {
        let result = try CLIRunner.run(["physics", "gap", "--material", "CdSe", "--diameter", "12"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning:") && result.stdout.contains("extrapolation"))
    }

    @Test("bad input exits 1 with one line naming the value and the rule", arguments: [
        (["physics", "gap", "--material", "CdSe", "--diameter", "-1"], "-1"),
        (["physics", "gap", "--material", "CdSe", "--diameter", "nan"], "nan"),
        (["physics", "gap", "--material", "Unobtainium", "--diameter", "4"], "Unobtainium"),
        (["physics", "size", "--material", "CdSe", "--peak", "900"], "900"),
    ])
    func badInput(arguments: [String], named: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains(named), "message should name the value: \(result.stderr)")
        #expect(result.stderr.contains("rule"), "message should state the rule: \(result.stderr)")
    }

    @Test("materials --json lists every catalogue entry with sources")
    func materialsJSON() throws {
        let result = try CLIRunner.run(["physics", "materials", "--json"])
        #expect(result.status == 0)
        let materials = try JSONDecoder().decode([Material].self, from: Data(result.stdout.utf8))
        #expect(materials.map(\.id) == MaterialCatalogue.all.map(\.id))
        #expect(materials.count >= 20)
    }
}

@Suite("qdlab physics spectrum and coreshell (end to end)")
struct PhysicsReportCLITests {
    @Test("spectrum --out writes a CSV whose absorption maximum is the reported 1S peak, and an SVG")
    func spectrumFiles() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("cdse").path
        let result = try CLIRunner.run(["physics", "spectrum", "--material", "CdSe", "--diameter", "4", "--dispersion", "0.07", "--out", prefix, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let answer = try JSONDecoder().decode(PhysicsCommandAnswer.self, from: Data(result.stdout.utf8))
        let csv = try String(contentsOfFile: prefix + ".csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.count > 100 && rows.allSatisfy { $0.count == 3 })
        let peakRow = try #require(rows.max { $0[1] < $1[1] })
        // The CSV grid is printed to 3 decimals; the reported peak is interpolated between grid points,
        // so they agree within one grid step (< 1 nm on the default 1501-point grid).
        #expect(abs(peakRow[0] - answer.spectrum.absorption.peakWavelengthNanometres) < 1)
        #expect(answer.spectrum.emission.peakWavelengthNanometres > answer.spectrum.absorption.peakWavelengthNanometres)
        let svg = try String(contentsOfFile: prefix + ".svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline"))
    }

    @Test("coreshell --json: InP/ZnS passes RoHS and is type I; CdSe/ZnS fails on cadmium")
    func coreShellRoHS() throws {
        struct Report: Decodable {
            struct Alignment: Decodable { let kind: String }
            struct RoHS: Decodable { struct Entry: Decodable { let element: String; let passes: Bool }; let entries: [Entry] }
            let alignment: Alignment
            let rohs: RoHS
        }
        let inp = try CLIRunner.run(["physics", "coreshell", "--core", "InP", "--shell", "ZnS", "--core-diameter", "2.5", "--shell-thickness", "1", "--json"])
        #expect(inp.status == 0, "stderr: \(inp.stderr)")
        let inpReport = try JSONDecoder().decode(Report.self, from: Data(inp.stdout.utf8))
        #expect(inpReport.alignment.kind == "type I")
        let allPass = inpReport.rohs.entries.allSatisfy { $0.passes }
        #expect(allPass)
        let cdse = try CLIRunner.run(["physics", "coreshell", "--core", "CdSe", "--shell", "ZnS", "--core-diameter", "4", "--shell-thickness", "1", "--json"])
        let cdseReport = try JSONDecoder().decode(Report.self, from: Data(cdse.stdout.utf8))
        #expect(cdseReport.rohs.entries.first { $0.element == "Cd" }?.passes == false)
    }

    @Test("a negative shell thickness is rejected with the value in the message")
    func negativeShell() throws {
        let result = try CLIRunner.run(["physics", "coreshell", "--core", "InP", "--shell", "ZnS", "--core-diameter", "2.5", "--shell-thickness", "-1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("-1"))
    }
}

/// The parts of `qdlab physics spectrum --json` these tests read.
struct PhysicsCommandAnswer: Decodable {
    struct Peak: Decodable { let peakWavelengthNanometres: Double }
    struct Spectrum: Decodable { let absorption: Peak; let emission: Peak }
    let spectrum: Spectrum
}

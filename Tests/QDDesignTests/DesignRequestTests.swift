import Foundation
import Testing
@testable import QDDesign

@Suite("Design requests, presets and colour targets")
struct DesignRequestTests {
    @Test("every preset resolves by name and yields a valid request whose window holds its target", arguments: DesignPreset.allCases)
    func presets(_ preset: DesignPreset) throws {
        #expect(try DesignPreset.named(preset.rawValue) == preset)
        let r = try preset.request.validated()
        #expect(r.window.contains(r.targetNanometres))
        #expect(r.preset == preset)
    }

    @Test("aliases resolve and an unknown preset names the known ones")
    func unknownPreset() throws {
        #expect(try DesignPreset.named("NIR2") == .nirII)
        #expect(try DesignPreset.named("photovoltaic") == .photovoltaic)
        let error = #expect(throws: DesignError.self) { try DesignPreset.named("nir-3") }
        #expect(error?.kind == .unknownPreset)
        #expect(error?.message.contains("nir-3") == true && error?.message.contains("display-green") == true)
    }

    @Test("an unknown element symbol is rejected with the symbol and the rule; a wrong case counts as unknown")
    func unknownElement() throws {
        for bad in ["Xx", "cd"] {
            let r = DesignRequest(targetNanometres: 530, constraints: DesignConstraints(allowedElements: ["In", "P", bad]))
            let error = #expect(throws: DesignError.self) { try r.validated() }
            #expect(error?.kind == .unknownElement)
            #expect(error?.message.contains("'\(bad)'") == true)
        }
    }

    @Test("bad numbers are rejected with their value", arguments: [
        DesignRequest(targetNanometres: -5),
        DesignRequest(targetNanometres: 530, maxFWHMNanometres: 0),
        DesignRequest(targetNanometres: 530, minimumPLQY: 1.5),
        DesignRequest(targetNanometres: 530, sizeDispersion: .nan),
        DesignRequest(targetNanometres: 530, constraints: DesignConstraints(rohsLoadingMassFraction: 2)),
        DesignRequest(targetNanometres: 530, constraints: DesignConstraints(cadmiumFree: true, allowedElements: ["Cd", "Se"])),
        DesignRequest(targetNanometres: 100_000),
    ])
    func badNumbers(_ r: DesignRequest) {
        let error = #expect(throws: DesignError.self) { try r.validated() }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("rule") == true)
    }

    /// Property: the dominant wavelength of a spectral-locus point is that wavelength (scan step 0.05 nm, so
    /// 0.1 nm tolerance), i.e. the inverse of the forward map.
    @Test("dominant wavelength inverts the spectral locus", arguments: [470.0, 500, 530, 580, 630, 680])
    func dominantWavelength(_ lambda: Double) throws {
        let p = CIEColour.spectralLocus(atNanometres: lambda)
        #expect(abs(try CIEColour.dominantWavelength(of: p) - lambda) < 0.1)
    }

    /// Reference: the analytic fit reproduces CIE 1931 locus points to about ±0.01 in x, y (Wyman et al. report
    /// errors of that order); CIE 015 tables give 530 nm → (0.1547, 0.8059) and 630 nm → (0.7079, 0.2920).
    @Test("the fitted locus is near the CIE 1931 table at 530 and 630 nm")
    func locusReference() {
        let green = CIEColour.spectralLocus(atNanometres: 530), red = CIEColour.spectralLocus(atNanometres: 630)
        #expect(abs(green.x - 0.1547) < 0.015 && abs(green.y - 0.8059) < 0.015)
        #expect(abs(red.x - 0.7079) < 0.015 && abs(red.y - 0.2920) < 0.015)
    }

    @Test("white and purple targets are refused with a way out")
    func whiteAndPurple() {
        let white = #expect(throws: DesignError.self) { try CIEColour.dominantWavelength(of: CIEColour.whitePoint) }
        #expect(white?.message.contains("white") == true)
        let purple = #expect(throws: DesignError.self) { try CIEColour.dominantWavelength(of: .init(x: 0.35, y: 0.15)) }
        #expect(purple?.message.contains("purple") == true)
    }
}

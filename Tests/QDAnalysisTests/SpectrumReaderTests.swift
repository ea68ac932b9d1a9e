import Foundation
import Testing
@testable import QDAnalysis

@Suite("Spectrum reading")
struct SpectrumReaderTests {
    @Test("tab-separated with decimal commas and an instrument header (Ocean Optics layout)")
    func oceanOptics() throws {
        let text = "Data from x.txt Node\r\nDate: Tue Nov 15\nXAxis mode: Wavelengths\n>>>>>Begin Spectral Data<<<<<\n199,4\t-0\n199,9\t1,361\r\n200,4\t0,261\n"
        let table = try SpectrumReader.parse(text, source: "oo.txt")
        #expect(table.unit == .nanometres)
        #expect(table.axis == [199.4, 199.9, 200.4])
        #expect(table.columns[0].values == [0, 1.361, 0.261])
        #expect(table.headerLines.count == 4)
    }

    @Test("CSV with a BOM, named columns, CR-only line ends, descending axis and a trailing instrument log")
    func csvWithLog() throws {
        let text = "\u{FEFF}Wavelength (nm),30 s,60 s \r650.0,0.1,0.2\r649.0,0.15,0.25\r648.0,0.2,0.3\rUVVIS SAT Changed, Old:0.0125\r"
        let table = try SpectrumReader.parse(text, source: "run.csv")
        #expect(table.columns.map(\.name) == ["30 s", "60 s"])
        #expect(table.axis == [650, 649, 648])
        let s = try table.spectrum(named: "60 S")
        #expect(s.y == [0.2, 0.25, 0.3])
        #expect(s.ascending().x == [648, 649, 650])
    }

    @Test("semicolon-separated with decimal commas and whitespace-separated files")
    func otherDelimiters() throws {
        let semi = try SpectrumReader.parse("nm;A\n400,5;0,10\n401,5;0,20\n402,5;0,30\n")
        #expect(semi.axis == [400.5, 401.5, 402.5])
        #expect(semi.columns[0].values == [0.1, 0.2, 0.3])
        let spaced = try SpectrumReader.parse("# energy (eV) intensity\n2.0  5\n2.1  6\n2.2  7\n")
        #expect(spaced.unit == .electronvolts)
        let nm = try spaced.spectrum().inNanometres()
        #expect(abs(nm.x[2] - 1239.841984 / 2.0) < 1e-9)
    }

    @Test("JCAMP-DX X++(Y..Y) with factors and AFFN sign separators")
    func jcamp() throws {
        let text = """
        ##TITLE=test
        ##JCAMP-DX=4.24
        ##XUNITS=NANOMETERS
        ##YUNITS=ABSORBANCE
        ##XFACTOR=1
        ##YFACTOR=0.001
        ##FIRSTX=400
        ##LASTX=405
        ##NPOINTS=6
        ##XYDATA=(X++(Y..Y))
        400 100 200-50
        403 300,400 500
        ##END=
        """
        let s = try SpectrumReader.parse(text, source: "t.jdx").spectrum()
        #expect(s.x == [400, 401, 402, 403, 404, 405])
        #expect(s.y == [0.1, 0.2, -0.05, 0.3, 0.4, 0.5])
        let points = try SpectrumReader.parse("##TITLE=p\n##XUNITS=1/CM\n##XYPOINTS=(XY..XY)\n20000,1; 21000,2; 22000,3\n##END=\n").spectrum()
        #expect(points.unit == .wavenumbers)
        #expect(abs(points.inNanometres().x[0] - 1e7 / 22000) < 1e-9)
    }

    @Test("bad input gives a clear error", arguments: [
        ("", AnalysisError.Kind.emptyInput),
        ("wavelength,absorbance\n", .emptyInput),
        ("400\n401\n402\n", .emptyInput),
        ("400,0.1\n401,0.2\n401,0.3\n", .nonMonotoneAxis),
        ("400,0.1\n402,0.2\n401,0.3\n", .nonMonotoneAxis),
        ("##TITLE=x\n##XYDATA=(X++(Y..Y))\n400 1 2\n##END=\n", .malformedFile),
        ("##TITLE=x\n##FIRSTX=400\n##LASTX=402\n##NPOINTS=3\n##XYDATA=(X++(Y..Y))\n400 A1J2\n##END=\n", .malformedFile),
    ])
    func badInput(text: String, kind: AnalysisError.Kind) {
        #expect { try SpectrumReader.parse(text, source: "bad").spectrum() } throws: { ($0 as? AnalysisError)?.kind == kind }
    }

    @Test("a unit that contradicts the values is rejected with the likely unit named")
    func unitCheck() throws {
        let error = #expect(throws: AnalysisError.self) { try SpectrumReader.parse("1.8,1\n1.9,2\n2.0,3\n", unit: .nanometres) }
        #expect(error?.kind == .unitMismatch)
        #expect(error?.message.contains("electronvolts") == true)
        #expect(throws: AnalysisError.self) { try SpectrumReader.parse("Energy (eV),I\n400,1\n401,2\n402,3\n") }
    }

    @Test("saturation: a clipped top is detected, a smooth peak is not")
    func saturation() throws {
        let x = Synthetic.grid(400, 600, 1)
        let peak = x.map { Synthetic.gaussian($0, centre: 500, height: 2, fwhm: 30) }
        let clean = try Spectrum(x: x, y: peak)
        #expect(clean.saturation() == nil)
        let clipped = try Spectrum(x: x, y: peak.map { min($0, 1.5) })
        let report = try #require(clipped.saturation())
        #expect(report.level == 1.5)
        #expect(report.range.lowerBound < 500 && report.range.upperBound > 500)
        #expect(throws: AnalysisError.self) { try PeakFitter.fit(clipped, peakCount: 1) }
    }
}

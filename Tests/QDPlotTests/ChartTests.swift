import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QDPlot

@Suite("SVG charts")
struct ChartTests {
    @Test("nice numbers follow Heckbert's 1-2-5 rule", arguments: [
        (0.13, 0.1), (0.27, 0.2), (0.6, 0.5), (8.0, 10.0), (230.0, 200.0),
    ])
    func niceNumbers(input: Double, expected: Double) {
        #expect(abs(Axis.niceNumber(input, round: true) - expected) < 1e-12)
    }

    @Test("axis bounds enclose the data and ticks are evenly spaced")
    func axisEnclosesData() {
        let axis = Axis.nice(451.3...648.9)
        #expect(axis.lower <= 451.3 && axis.upper >= 648.9)
        #expect(axis.step == 50)
        #expect(axis.ticks.first == 450 && axis.ticks.last == 650)
    }

    @Test("a degenerate range is widened instead of dividing by zero")
    func degenerateRange() {
        let axis = Axis.nice(5...5)
        #expect(axis.lower < 5 && axis.upper > 5)
    }

    @Test("the document is well-formed XML with one polyline per line series and escaped text")
    func wellFormed() throws {
        var chart = Chart(title: "PL <CdSe> & absorbance", xLabel: "Wavelength (nm)", yLabel: "Intensity")
        chart.series.append(.init("abs", x: [400, 500, 600], y: [1, 0.5, 0.1]))
        chart.series.append(.init("pl", x: [500, 550, 600], y: [0, 1, .nan], style: .lineAndPoints))
        chart.rules.append(.init(axis: .x, value: 620, label: "target"))
        let svg = chart.svg()
        let data = try #require(svg.data(using: .utf8))
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "SVG must parse as XML: \(String(describing: parser.parserError))")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("PL &lt;CdSe&gt; &amp; absorbance"))
        // The NaN point is skipped: two circles, not three.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
    }
}

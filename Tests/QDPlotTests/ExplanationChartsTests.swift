import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QDPlot

/// Parses `svg` as XML and counts occurrences of an element.
private func parsesAndCounts(_ svg: String, _ element: String) throws -> Int {
    let data = try #require(svg.data(using: .utf8))
    let parser = XMLParser(data: data)
    #expect(parser.parse(), "SVG must parse as XML: \(String(describing: parser.parserError))")
    return svg.components(separatedBy: "<\(element) ").count - 1
}

@Suite("Explanation charts")
struct ExplanationChartsTests {
    @Test("importance bars: one bar per variable, signed colours, whiskers for intervals, escaped names with units")
    func importance() throws {
        let chart = ImportanceChart(
            title: "What drives <abs>", valueLabel: "mean |SHAP value| (nm)",
            bars: [.init("temperature (°C)", 12.5, interval: 10...15), .init("ligand: OA & TOP", -3.2), .init("time (min)", 0.4)],
            subtitle: "base 560 nm")
        let svg = chart.svg()
        #expect(try parsesAndCounts(svg, "rect") == 4)  // background + 3 bars
        #expect(svg.contains("temperature (°C)") && svg.contains("ligand: OA &amp; TOP") && svg.contains("What drives &lt;abs&gt;"))
        #expect(svg.components(separatedBy: "fill=\"#D55E00\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "fill=\"#0072B2\"").count - 1 == 1)
        #expect(svg.contains("base 560 nm"))
    }

    @Test("beeswarm: one dot per finite SHAP value, coloured by value, grey without values")
    func beeswarm() throws {
        let chart = BeeswarmChart(title: "SHAP", valueLabel: "SHAP value (nm)", rows: [
            .init(label: "temperature (°C)", shapValues: [1, 2, 2, 2, .nan, -3], featureValues: [200, 250, 260, 270, 280, 300]),
            .init(label: "ligand", shapValues: [0.5, -0.5], featureValues: nil),
        ])
        let svg = chart.svg()
        #expect(try parsesAndCounts(svg, "circle") == 7)
        #expect(svg.components(separatedBy: "fill=\"#888888\"").count - 1 == 2)
        // Lowest value blue, highest red (5th–95th percentile scaling).
        #expect(svg.contains("#008BFB") && svg.contains("#FF0051"))
        #expect(svg.contains("variable value"))
    }

    @Test("dependence, PDP/ICE and heat map render well-formed with their labels")
    func curves() throws {
        let dependence = DependenceChart(
            title: "Dependence", xLabel: "temperature (°C)", yLabel: "SHAP (nm)", featureValues: [1, 2, 3], shapValues: [-1, 0, 1],
            colourBy: (label: "time (min)", values: [5, 10, 20]))
        #expect(try parsesAndCounts(dependence.svg(), "circle") == 3)
        #expect(dependence.svg().contains("time (min)"))
        let pdp = PartialDependenceChart(
            title: "PDP", xLabel: "temperature (°C)", yLabel: "predicted abs (nm)", grid: [200, 250, 300], average: [550, 570, 600],
            individual: [[540, 560, 590], [560, 580, 610]], observed: [210, 290])
        #expect(try parsesAndCounts(pdp.svg(), "polyline") == 3)
        #expect(pdp.svg().contains("2 curves"))
        let heat = HeatmapChart(
            title: "2-D", xLabel: "temperature (°C)", yLabel: "time (min)", valueLabel: "predicted abs (nm)", xGrid: [1, 2, 3], yGrid: [10, 20],
            values: [1, 2, 3, 4, 5, 6])
        // Background, 6 cells, frame, clip rectangle, colour bar.
        #expect(try parsesAndCounts(heat.svg(), "rect") == 10)
        #expect(heat.svg().contains(">6.00<") && heat.svg().contains(">1.00<"))
    }

    @Test("empty inputs still give a valid document")
    func empty() throws {
        #expect(try parsesAndCounts(ImportanceChart(title: "t", valueLabel: "v", bars: []).svg(), "rect") == 1)
        #expect(try parsesAndCounts(BeeswarmChart(title: "t", valueLabel: "v", rows: []).svg(), "circle") == 0)
        #expect(try parsesAndCounts(PartialDependenceChart(title: "t", xLabel: "x", yLabel: "y", grid: [], average: []).svg(), "polyline") == 1)
    }
}

import Foundation

// Charts that explain a model's predictions: importance bars, a SHAP beeswarm, a dependence plot, and partial
// dependence with ICE curves (1-D) or as a heat map (2-D). All render standalone SVG with the variables' own names
// and units, in the layout chemists know from the `shap` package's plots.
//
// Colours: Okabe & Ito's colour-blind-safe pair for positive/negative (vermillion #D55E00, blue #0072B2); feature
// values on a blue → purple → red ramp (low → high) as the `shap` plots use, interpolated linearly in sRGB.
// The drawing helpers at the bottom are fileprivate so that other chart files may use the same short names.

/// A horizontal bar chart of per-variable importances, largest first: mean |SHAP|, permutation importance with
/// confidence whiskers, or one prediction's signed contributions.
public struct ImportanceChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        /// The variable's name (with its unit if the caller adds one).
        public var label: String
        /// Bar length (may be negative: drawn to the left of zero in blue).
        public var value: Double
        /// Optional interval drawn as a whisker (e.g. a 95 % confidence interval).
        public var interval: ClosedRange<Double>?

        /// A bar `label` of length `value`, with an optional whisker.
        public init(_ label: String, _ value: Double, interval: ClosedRange<Double>? = nil) {
            self.label = label
            self.value = value
            self.interval = interval
        }
    }

    /// Chart title.
    public var title: String
    /// Label of the value axis, with units ("mean |SHAP value| (nm)").
    public var valueLabel: String
    /// Bars in the order drawn, top to bottom.
    public var bars: [Bar]
    /// Optional note under the title (e.g. "base value 562 nm → prediction 588 nm").
    public var subtitle: String?
    /// Width in pixels.
    public var width: Double = 720

    /// A chart of `bars`, drawn in the given order (callers sort).
    public init(title: String, valueLabel: String, bars: [Bar], subtitle: String? = nil) {
        self.title = title
        self.valueLabel = valueLabel
        self.bars = bars
        self.subtitle = subtitle
    }

    /// The chart as a complete SVG document.
    public func svg() -> String {
        let rowHeight = 24.0
        let labelWidth = min(320, 16 + 6.6 * Double(bars.map(\.label.count).max() ?? 4))
        let top = subtitle == nil ? 44.0 : 62.0
        let margin = (left: labelWidth, right: 70.0, top: top, bottom: 52.0)
        let height = margin.top + margin.bottom + rowHeight * Double(max(bars.count, 1))
        let plotW = width - margin.left - margin.right
        var lo = 0.0, hi = 0.0
        for b in bars where b.value.isFinite {
            lo = min(lo, b.value, b.interval?.lowerBound ?? 0)
            hi = max(hi, b.value, b.interval?.upperBound ?? 0)
        }
        let axis = Axis.nice(lo...(hi > lo ? hi : lo + 1))
        func px(_ v: Double) -> Double { margin.left + (v - axis.lower) / (axis.upper - axis.lower) * plotW }
        var out = svgHeader(width: width, height: height, title: title, subtitle: subtitle)
        let bottom = margin.top + rowHeight * Double(bars.count)
        for t in axis.ticks {
            out += line(px(t), margin.top, px(t), bottom, stroke: "#e6e6e6")
            out += text(px(t), bottom + 18, tickLabel(t, step: axis.step), anchor: "middle")
        }
        out += line(px(0), margin.top, px(0), bottom, stroke: "#333")
        for (i, bar) in bars.enumerated() where bar.value.isFinite {
            let y = margin.top + rowHeight * Double(i)
            let colour = bar.value >= 0 ? "#D55E00" : "#0072B2"
            let (x0, x1) = (px(min(0, bar.value)), px(max(0, bar.value)))
            out += ##"<rect x="\##(fmt(x0))" y="\##(fmt(y + 4))" width="\##(fmt(max(x1 - x0, 0.5)))" height="\##(fmt(rowHeight - 8))" fill="\##(colour)"/>"## + "\n"
            out += text(margin.left - 8, y + rowHeight / 2 + 4, bar.label, anchor: "end")
            if let ci = bar.interval {
                let cy = y + rowHeight / 2
                out += line(px(ci.lowerBound), cy, px(ci.upperBound), cy, stroke: "#222")
                out += line(px(ci.lowerBound), cy - 5, px(ci.lowerBound), cy + 5, stroke: "#222")
                out += line(px(ci.upperBound), cy - 5, px(ci.upperBound), cy + 5, stroke: "#222")
            }
            let valueX = bar.value >= 0 ? px(max(bar.value, bar.interval?.upperBound ?? bar.value)) + 4 : px(min(bar.value, bar.interval?.lowerBound ?? bar.value)) - 4
            out += text(valueX, y + rowHeight / 2 + 4, significant(bar.value), anchor: bar.value >= 0 ? "start" : "end", size: 11, fill: "#444")
        }
        out += text(margin.left + plotW / 2, height - 14, valueLabel, anchor: "middle")
        return out + "</svg>\n"
    }
}

/// A SHAP summary ("beeswarm") plot: one row per variable, one dot per explained prediction at its SHAP value,
/// dots piled up where they crowd, coloured by the variable's value (blue low → red high).
public struct BeeswarmChart: Sendable {
    /// One variable's row.
    public struct Row: Sendable, Equatable {
        /// Variable name (with unit).
        public var label: String
        /// SHAP value per explained prediction (units of y).
        public var shapValues: [Double]
        /// The variable's value per prediction, for the colour; nil draws grey (e.g. a categorical group).
        public var featureValues: [Double]?

        /// A row of dots.
        public init(label: String, shapValues: [Double], featureValues: [Double]?) {
            self.label = label
            self.shapValues = shapValues
            self.featureValues = featureValues
        }
    }

    /// Chart title.
    public var title: String
    /// Value-axis label with units ("SHAP value (nm): effect on predicted absorption peak").
    public var valueLabel: String
    /// Rows in the order drawn, top to bottom (callers sort, usually by mean |SHAP|).
    public var rows: [Row]
    /// Width in pixels.
    public var width: Double = 760

    /// A beeswarm of `rows`.
    public init(title: String, valueLabel: String, rows: [Row]) {
        self.title = title
        self.valueLabel = valueLabel
        self.rows = rows
    }

    /// The chart as a complete SVG document.
    public func svg() -> String {
        let rowHeight = 34.0
        let labelWidth = min(320, 16 + 6.6 * Double(rows.map(\.label.count).max() ?? 4))
        let margin = (left: labelWidth, right: 90.0, top: 44.0, bottom: 52.0)
        let height = margin.top + margin.bottom + rowHeight * Double(max(rows.count, 1))
        let plotW = width - margin.left - margin.right
        let all = rows.flatMap(\.shapValues).filter(\.isFinite)
        let axis = Axis.nice((all.min() ?? -1)...(all.max() ?? 1))
        func px(_ v: Double) -> Double { margin.left + (v - axis.lower) / (axis.upper - axis.lower) * plotW }
        var out = svgHeader(width: width, height: height, title: title, subtitle: nil)
        let bottom = margin.top + rowHeight * Double(rows.count)
        for t in axis.ticks {
            out += line(px(t), margin.top, px(t), bottom, stroke: "#eeeeee")
            out += text(px(t), bottom + 18, tickLabel(t, step: axis.step), anchor: "middle")
        }
        out += line(px(0), margin.top, px(0), bottom, stroke: "#999")
        for (i, row) in rows.enumerated() {
            let centre = margin.top + rowHeight * (Double(i) + 0.5)
            out += line(margin.left, centre, margin.left + plotW, centre, stroke: "#f2f2f2")
            out += text(margin.left - 8, centre + 4, row.label, anchor: "end")
            let colours = row.featureValues.map(valueColours) ?? Array(repeating: "#888888", count: row.shapValues.count)
            // Pile dots that fall in the same 3-px bin alternately above and below the row's centre line.
            var pile: [Int: Int] = [:]
            for (k, v) in row.shapValues.enumerated() where v.isFinite {
                let x = px(v)
                let bin = Int((x / 3).rounded())
                let n = pile[bin, default: 0]
                pile[bin] = n + 1
                let offset = min(Double((n + 1) / 2) * 2.2, rowHeight / 2 - 3) * (n % 2 == 0 ? 1 : -1)
                out += ##"<circle cx="\##(fmt(x))" cy="\##(fmt(centre + offset))" r="2.6" fill="\##(k < colours.count ? colours[k] : "#888888")" fill-opacity="0.85"/>"##
            }
            out += "\n"
        }
        // Colour bar.
        out += colourBar(x: margin.left + plotW + 30, top: margin.top + 8, height: max(60, min(180, bottom - margin.top - 16)),
                         high: "high", low: "low", label: "variable value")
        out += text(margin.left + plotW / 2, height - 14, valueLabel, anchor: "middle")
        return out + "</svg>\n"
    }
}

/// A SHAP dependence plot: a variable's value (x) against its SHAP value (y), one dot per prediction, optionally
/// coloured by a second variable's value to show an interaction.
public struct DependenceChart: Sendable {
    /// Chart title.
    public var title: String
    /// x-axis label with unit ("reaction temperature (°C)").
    public var xLabel: String
    /// y-axis label with unit ("SHAP value for temperature (nm)").
    public var yLabel: String
    /// The variable's values.
    public var featureValues: [Double]
    /// Its SHAP values.
    public var shapValues: [Double]
    /// A second variable's values for the colour, with its name; nil draws one colour.
    public var colourBy: (label: String, values: [Double])?
    /// Width and height in pixels.
    public var width: Double = 720, height: Double = 460

    /// A dependence plot of `shapValues` against `featureValues`.
    public init(title: String, xLabel: String, yLabel: String, featureValues: [Double], shapValues: [Double], colourBy: (label: String, values: [Double])? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.featureValues = featureValues
        self.shapValues = shapValues
        self.colourBy = colourBy
    }

    /// The chart as a complete SVG document.
    public func svg() -> String {
        let margin = (left: 76.0, right: colourBy == nil ? 24.0 : 120.0, top: 44.0, bottom: 56.0)
        let points = zip(featureValues, shapValues).enumerated().filter { $0.element.0.isFinite && $0.element.1.isFinite }
        let xs = points.map(\.element.0), ys = points.map(\.element.1)
        let frame = PlotFrame(
            width: width, height: height, margin: margin, xAxis: Axis.nice((xs.min() ?? 0)...(xs.max() ?? 1)),
            yAxis: Axis.nice(min(ys.min() ?? -1, 0)...max(ys.max() ?? 1, 0)))
        var out = svgHeader(width: width, height: height, title: title, subtitle: nil)
        out += frame.axes(xLabel: xLabel, yLabel: yLabel)
        out += line(frame.px(frame.xAxis.lower), frame.py(0), frame.px(frame.xAxis.upper), frame.py(0), stroke: "#999", dash: "4 3")
        let colours = colourBy.map { valueColours($0.values) }
        for (k, p) in points {
            let colour = colours.map { k < $0.count ? $0[k] : "#888888" } ?? "#0072B2"
            out += ##"<circle cx="\##(fmt(frame.px(p.0)))" cy="\##(fmt(frame.py(p.1)))" r="3" fill="\##(colour)" fill-opacity="0.8"/>"##
        }
        out += "\n"
        if let colourBy {
            out += colourBar(x: width - margin.right + 24, top: margin.top + 10, height: 150, high: "high", low: "low", label: colourBy.label)
        }
        return out + "</svg>\n"
    }
}

/// Partial dependence on one variable with ICE curves: thin grey lines, one per data row, and their mean in bold,
/// with a rug of the data's values along the x axis.
public struct PartialDependenceChart: Sendable {
    /// Chart title.
    public var title: String
    /// x-axis label with unit.
    public var xLabel: String
    /// y-axis label with unit ("predicted first absorption peak (nm)").
    public var yLabel: String
    /// Grid of the variable.
    public var grid: [Double]
    /// Mean prediction per grid point.
    public var average: [Double]
    /// ICE curves, one array per data row (each as long as `grid`); may be empty.
    public var individual: [[Double]]
    /// The variable's observed values, drawn as a rug.
    public var observed: [Double]
    /// Width and height in pixels.
    public var width: Double = 720, height: Double = 460

    /// A PDP/ICE chart.
    public init(title: String, xLabel: String, yLabel: String, grid: [Double], average: [Double], individual: [[Double]] = [], observed: [Double] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.grid = grid
        self.average = average
        self.individual = individual
        self.observed = observed
    }

    /// The chart as a complete SVG document.
    public func svg() -> String {
        let margin = (left: 76.0, right: 24.0, top: 44.0, bottom: 56.0)
        let ys = (average + individual.flatMap { $0 }).filter(\.isFinite)
        let xs = grid.filter(\.isFinite)
        let frame = PlotFrame(
            width: width, height: height, margin: margin, xAxis: Axis.nice((xs.min() ?? 0)...(xs.max() ?? 1)),
            yAxis: Axis.nice((ys.min() ?? 0)...(ys.max() ?? 1)))
        var out = svgHeader(width: width, height: height, title: title, subtitle: nil)
        out += frame.axes(xLabel: xLabel, yLabel: yLabel)
        func polyline(_ values: [Double], stroke: String, widthPx: Double, opacity: Double) -> String {
            let pts = zip(grid, values).filter { $0.0.isFinite && $0.1.isFinite }.map { "\(fmt(frame.px($0.0))),\(fmt(frame.py($0.1)))" }
            return ##"<polyline fill="none" stroke="\##(stroke)" stroke-width="\##(fmt(widthPx))" stroke-opacity="\##(fmt(opacity))" points="\##(pts.joined(separator: " "))"/>"## + "\n"
        }
        out += ##"<g clip-path="url(#plot)">"## + "\n"
        for curve in individual { out += polyline(curve, stroke: "#7a7a7a", widthPx: 1, opacity: 0.25) }
        out += polyline(average, stroke: "#D55E00", widthPx: 3, opacity: 1)
        out += "</g>\n"
        let rugTop = frame.py(frame.yAxis.lower)
        for v in observed where v.isFinite && v >= frame.xAxis.lower && v <= frame.xAxis.upper {
            out += line(frame.px(v), rugTop, frame.px(v), rugTop - 6, stroke: "#333", opacity: 0.5)
        }
        let legendX = margin.left + 12
        out += line(legendX, margin.top + 14, legendX + 22, margin.top + 14, stroke: "#D55E00", widthPx: 3)
        out += text(legendX + 28, margin.top + 18, "average (partial dependence)", anchor: "start", size: 11)
        if !individual.isEmpty {
            out += line(legendX, margin.top + 30, legendX + 22, margin.top + 30, stroke: "#7a7a7a")
            out += text(legendX + 28, margin.top + 34, "one recipe (ICE), \(individual.count) curves", anchor: "start", size: 11)
        }
        return out + "</svg>\n"
    }
}

/// Two-variable partial dependence as a heat map with a colour bar.
public struct HeatmapChart: Sendable {
    /// Chart title.
    public var title: String
    /// Labels with units: x variable, y variable, and the value shown ("predicted abs (nm)").
    public var xLabel: String, yLabel: String, valueLabel: String
    /// Grids of the x and y variables.
    public var xGrid: [Double], yGrid: [Double]
    /// Values, row-major over (x grid, y grid): `values[i * yGrid.count + j]` at (xGrid[i], yGrid[j]).
    public var values: [Double]
    /// Width and height in pixels.
    public var width: Double = 720, height: Double = 500

    /// A heat map.
    public init(title: String, xLabel: String, yLabel: String, valueLabel: String, xGrid: [Double], yGrid: [Double], values: [Double]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.valueLabel = valueLabel
        self.xGrid = xGrid
        self.yGrid = yGrid
        self.values = values
    }

    /// The chart as a complete SVG document. Cells are centred on grid points and extend halfway to neighbours.
    public func svg() -> String {
        let margin = (left: 76.0, right: 130.0, top: 44.0, bottom: 56.0)
        let frame = PlotFrame(
            width: width, height: height, margin: margin, xAxis: Axis.nice((xGrid.min() ?? 0)...(xGrid.max() ?? 1)),
            yAxis: Axis.nice((yGrid.min() ?? 0)...(yGrid.max() ?? 1)))
        let finite = values.filter(\.isFinite)
        let (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)
        var out = svgHeader(width: width, height: height, title: title, subtitle: nil)
        func edges(_ g: [Double]) -> [Double] {
            guard g.count > 1 else { return [(g.first ?? 0) - 0.5, (g.first ?? 0) + 0.5] }
            var e = [g[0] - (g[1] - g[0]) / 2]
            for k in 0..<(g.count - 1) { e.append((g[k] + g[k + 1]) / 2) }
            return e + [g[g.count - 1] + (g[g.count - 1] - g[g.count - 2]) / 2]
        }
        let xe = edges(xGrid), ye = edges(yGrid)
        out += ##"<g clip-path="url(#plot)">"##
        for i in xGrid.indices {
            for j in yGrid.indices where i * yGrid.count + j < values.count {
                let v = values[i * yGrid.count + j]
                let colour = v.isFinite ? rampColour(hi > lo ? (v - lo) / (hi - lo) : 0.5) : "#ffffff"
                let (x0, x1) = (frame.px(xe[i]), frame.px(xe[i + 1])), (y0, y1) = (frame.py(ye[j + 1]), frame.py(ye[j]))
                out += ##"<rect x="\##(fmt(x0))" y="\##(fmt(y0))" width="\##(fmt(x1 - x0 + 0.5))" height="\##(fmt(y1 - y0 + 0.5))" fill="\##(colour)"/>"##
            }
        }
        out += "</g>\n"
        out += frame.axes(xLabel: xLabel, yLabel: yLabel, grid: false)
        out += colourBar(x: width - margin.right + 24, top: margin.top, height: height - margin.top - margin.bottom,
                         high: significant(hi), low: significant(lo), label: valueLabel)
        return out + "</svg>\n"
    }
}

// MARK: Shared drawing

/// A plot area with nice axes: maps data to pixels and draws the grid, ticks, frame and axis labels.
fileprivate struct PlotFrame {
    let width: Double, height: Double
    let margin: (left: Double, right: Double, top: Double, bottom: Double)
    let xAxis: Axis, yAxis: Axis
    var plotW: Double { width - margin.left - margin.right }
    var plotH: Double { height - margin.top - margin.bottom }
    func px(_ x: Double) -> Double { margin.left + (x - xAxis.lower) / (xAxis.upper - xAxis.lower) * plotW }
    func py(_ y: Double) -> Double { margin.top + plotH - (y - yAxis.lower) / (yAxis.upper - yAxis.lower) * plotH }

    func axes(xLabel: String, yLabel: String, grid: Bool = true) -> String {
        var out = ""
        for t in xAxis.ticks {
            if grid { out += line(px(t), margin.top, px(t), margin.top + plotH, stroke: "#e6e6e6") }
            out += text(px(t), margin.top + plotH + 18, tickLabel(t, step: xAxis.step), anchor: "middle")
        }
        for t in yAxis.ticks {
            if grid { out += line(margin.left, py(t), margin.left + plotW, py(t), stroke: "#e6e6e6") }
            out += text(margin.left - 8, py(t) + 4, tickLabel(t, step: yAxis.step), anchor: "end")
        }
        out += ##"<rect x="\##(fmt(margin.left))" y="\##(fmt(margin.top))" width="\##(fmt(plotW))" height="\##(fmt(plotH))" fill="none" stroke="#333"/>"## + "\n"
        out += ##"<clipPath id="plot"><rect x="\##(fmt(margin.left))" y="\##(fmt(margin.top))" width="\##(fmt(plotW))" height="\##(fmt(plotH))"/></clipPath>"## + "\n"
        out += text(margin.left + plotW / 2, height - 14, xLabel, anchor: "middle")
        out += ##"<text transform="translate(20 \##(fmt(margin.top + plotH / 2))) rotate(-90)" text-anchor="middle">\##(escape(yLabel))</text>"## + "\n"
        return out
    }
}

fileprivate func svgHeader(width: Double, height: Double, title: String, subtitle: String?) -> String {
    var out = ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(fmt(width))" height="\##(fmt(height))" viewBox="0 0 \##(fmt(width)) \##(fmt(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"## + "\n"
    out += ##"<rect width="100%" height="100%" fill="white"/>"## + "\n"
    out += text(width / 2, 24, title, anchor: "middle", size: 15)
    if let subtitle { out += text(width / 2, 44, subtitle, anchor: "middle", size: 12, fill: "#444") }
    return out
}

/// A vertical colour bar (blue low → red high) with end labels and a rotated caption.
fileprivate func colourBar(x: Double, top: Double, height: Double, high: String, low: String, label: String) -> String {
    var out = ##"<defs><linearGradient id="ramp" x1="0" y1="1" x2="0" y2="0"><stop offset="0" stop-color="\##(rampColour(0))"/><stop offset="0.5" stop-color="\##(rampColour(0.5))"/><stop offset="1" stop-color="\##(rampColour(1))"/></linearGradient></defs>"## + "\n"
    out += ##"<rect x="\##(fmt(x))" y="\##(fmt(top))" width="12" height="\##(fmt(height))" fill="url(#ramp)"/>"## + "\n"
    out += text(x + 16, top + 10, high, anchor: "start", size: 11)
    out += text(x + 16, top + height, low, anchor: "start", size: 11)
    out += ##"<text transform="translate(\##(fmt(x + 62)) \##(fmt(top + height / 2))) rotate(-90)" text-anchor="middle" font-size="11">\##(escape(label))</text>"## + "\n"
    return out
}

fileprivate func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, widthPx: Double = 1, dash: String? = nil, opacity: Double = 1) -> String {
    let dashAttribute = dash.map { ##" stroke-dasharray="\##($0)""## } ?? ""
    let opacityAttribute = opacity < 1 ? ##" stroke-opacity="\##(fmt(opacity))""## : ""
    return ##"<line x1="\##(fmt(x1))" y1="\##(fmt(y1))" x2="\##(fmt(x2))" y2="\##(fmt(y2))" stroke="\##(stroke)" stroke-width="\##(fmt(widthPx))"\##(dashAttribute)\##(opacityAttribute)/>"## + "\n"
}

fileprivate func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Double = 12, fill: String = "#000") -> String {
    ##"<text x="\##(fmt(x))" y="\##(fmt(y))" text-anchor="\##(anchor)" font-size="\##(fmt(size))" fill="\##(fill)">\##(escape(content))</text>"## + "\n"
}

/// Three significant digits ("0.0123", "12.3", "1230").
fileprivate func significant(_ v: Double) -> String {
    guard v.isFinite else { return "–" }
    if v == 0 { return "0" }
    let decimals = max(0, 2 - Int(log10(abs(v)).rounded(.down)))
    return formatFixed(v, decimals: min(decimals, 6))
}

/// Blue (#008BFB) → purple (#8C3CB4) → red (#FF0051) at t ∈ [0, 1] (clamped; NaN → grey).
fileprivate func rampColour(_ t: Double) -> String {
    guard t.isFinite else { return "#888888" }
    let u = min(max(t, 0), 1)
    let stops: [(Double, Double, Double)] = [(0, 139, 251), (140, 60, 180), (255, 0, 81)]
    let s = u < 0.5 ? 0 : 1, f = u < 0.5 ? u * 2 : (u - 0.5) * 2
    let (a, b) = (stops[s], stops[s + 1])
    let channel = { (p: Double, q: Double) in Int((p + (q - p) * f).rounded()) }
    return String(format: "#%02X%02X%02X", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// Colours for `values` scaled between their 5th and 95th percentiles (outliers clamp), as the shap plots do.
fileprivate func valueColours(_ values: [Double]) -> [String] {
    let finite = values.filter(\.isFinite).sorted()
    guard let first = finite.first, let last = finite.last else { return values.map { _ in "#888888" } }
    let lo = finite[Int(Double(finite.count - 1) * 0.05)], hi = finite[Int(Double(finite.count - 1) * 0.95)]
    let (a, b) = hi > lo ? (lo, hi) : (first, last > first ? last : first + 1)
    return values.map { rampColour(($0 - a) / (b - a)) }
}

import Foundation

/// A two-dimensional chart rendered as standalone SVG: line and scatter series on linear axes.
///
/// Written here because no maintained Swift package on this machine renders charts on Linux; SVG is plain
/// text, so a small renderer is enough for reports, the CLI and the web UI. Tick positions use Heckbert's
/// "nice numbers" rule (Graphics Gems, 1990): steps of 1, 2 or 5 × 10ⁿ.
public struct Chart: Sendable {
    /// How a series is drawn.
    public enum Style: String, Sendable, Codable {
        case line
        case points
        case lineAndPoints
        /// Vertical bars from zero to each y value, centred on x.
        case bars
    }

    /// One named set of (x, y) points.
    public struct Series: Sendable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style
        /// CSS colour; `nil` picks from the palette by position.
        public var colour: String?

        /// Creates a series; points where x or y is not finite are skipped when drawing.
        public init(_ label: String, x: [Double], y: [Double], style: Style = .line, colour: String? = nil) {
            self.label = label
            self.x = x
            self.y = y
            self.style = style
            self.colour = colour
        }
    }

    /// A vertical or horizontal reference line, e.g. a target wavelength or a control limit.
    public struct Rule: Sendable {
        public enum Axis: Sendable { case x, y }
        public var axis: Axis
        public var value: Double
        public var label: String
        public init(axis: Axis, value: Double, label: String) {
            self.axis = axis
            self.value = value
            self.label = label
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    public var rules: [Rule] = []
    /// Fixed axis ranges; `nil` fits the data (with ticks rounded outward).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var width: Double = 720
    public var height: Double = 440

    /// Colour-blind-safe palette (Okabe & Ito, 2008).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The chart as a complete SVG document (UTF-8 text). Empty charts render axes over [0, 1].
    public func svg() -> String {
        let margin = (left: 70.0, right: 20.0 + (series.count > 1 ? 150.0 : 0), top: 40.0, bottom: 55.0)
        let plotW = width - margin.left - margin.right
        let plotH = height - margin.top - margin.bottom
        let (xs, ys) = dataExtents()
        let xAxis = Axis.nice(xRange ?? xs)
        let yAxis = Axis.nice(yRange ?? ys)
        func px(_ x: Double) -> Double { margin.left + (x - xAxis.lower) / (xAxis.upper - xAxis.lower) * plotW }
        func py(_ y: Double) -> Double { margin.top + plotH - (y - yAxis.lower) / (yAxis.upper - yAxis.lower) * plotH }

        var out = ""
        out += ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(fmt(width))" height="\##(fmt(height))" viewBox="0 0 \##(fmt(width)) \##(fmt(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
        out += "\n"
        out += ##"<rect width="100%" height="100%" fill="white"/>"## + "\n"
        out += ##"<text x="\##(fmt(width / 2))" y="22" text-anchor="middle" font-size="15">\##(escape(title))</text>"## + "\n"
        // Grid and ticks.
        for t in xAxis.ticks {
            let x = px(t)
            out += ##"<line x1="\##(fmt(x))" y1="\##(fmt(margin.top))" x2="\##(fmt(x))" y2="\##(fmt(margin.top + plotH))" stroke="#e6e6e6"/>"## + "\n"
            out += ##"<text x="\##(fmt(x))" y="\##(fmt(margin.top + plotH + 18))" text-anchor="middle">\##(tickLabel(t, step: xAxis.step))</text>"## + "\n"
        }
        for t in yAxis.ticks {
            let y = py(t)
            out += ##"<line x1="\##(fmt(margin.left))" y1="\##(fmt(y))" x2="\##(fmt(margin.left + plotW))" y2="\##(fmt(y))" stroke="#e6e6e6"/>"## + "\n"
            out += ##"<text x="\##(fmt(margin.left - 8))" y="\##(fmt(y + 4))" text-anchor="end">\##(tickLabel(t, step: yAxis.step))</text>"## + "\n"
        }
        out += ##"<rect x="\##(fmt(margin.left))" y="\##(fmt(margin.top))" width="\##(fmt(plotW))" height="\##(fmt(plotH))" fill="none" stroke="#333"/>"## + "\n"
        out += ##"<text x="\##(fmt(margin.left + plotW / 2))" y="\##(fmt(height - 12))" text-anchor="middle">\##(escape(xLabel))</text>"## + "\n"
        out += ##"<text transform="translate(18 \##(fmt(margin.top + plotH / 2))) rotate(-90)" text-anchor="middle">\##(escape(yLabel))</text>"## + "\n"
        out += ##"<clipPath id="plot"><rect x="\##(fmt(margin.left))" y="\##(fmt(margin.top))" width="\##(fmt(plotW))" height="\##(fmt(plotH))"/></clipPath>"## + "\n"

        for rule in rules {
            switch rule.axis {
            case .x:
                let x = px(rule.value)
                out += ##"<line x1="\##(fmt(x))" y1="\##(fmt(margin.top))" x2="\##(fmt(x))" y2="\##(fmt(margin.top + plotH))" stroke="#777" stroke-dasharray="5 4"/>"## + "\n"
                out += ##"<text x="\##(fmt(x + 4))" y="\##(fmt(margin.top + 14))" fill="#555">\##(escape(rule.label))</text>"## + "\n"
            case .y:
                let y = py(rule.value)
                out += ##"<line x1="\##(fmt(margin.left))" y1="\##(fmt(y))" x2="\##(fmt(margin.left + plotW))" y2="\##(fmt(y))" stroke="#777" stroke-dasharray="5 4"/>"## + "\n"
                out += ##"<text x="\##(fmt(margin.left + 4))" y="\##(fmt(y - 4))" fill="#555">\##(escape(rule.label))</text>"## + "\n"
            }
        }

        for (index, s) in series.enumerated() {
            let colour = s.colour ?? Chart.palette[index % Chart.palette.count]
            let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
            out += ##"<g clip-path="url(#plot)">"##
            if s.style == .line || s.style == .lineAndPoints, points.count > 1 {
                let path = points.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }.joined(separator: " ")
                out += ##"<polyline fill="none" stroke="\##(colour)" stroke-width="2" points="\##(path)"/>"##
            }
            if s.style == .points || s.style == .lineAndPoints {
                for p in points {
                    out += ##"<circle cx="\##(fmt(px(p.0)))" cy="\##(fmt(py(p.1)))" r="3" fill="\##(colour)"/>"##
                }
            }
            if s.style == .bars {
                let sorted = points.map(\.0).sorted()
                let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.filter { $0 > 0 }
                let barWidth = 0.8 * (gaps.min() ?? (xAxis.upper - xAxis.lower) / 10) / (xAxis.upper - xAxis.lower) * plotW
                let zero = py(min(max(0, yAxis.lower), yAxis.upper))
                for p in points {
                    let top = py(p.1)
                    out += ##"<rect x="\##(fmt(px(p.0) - barWidth / 2))" y="\##(fmt(min(top, zero)))" width="\##(fmt(barWidth))" height="\##(fmt(abs(zero - top)))" fill="\##(colour)"/>"##
                }
            }
            out += "</g>\n"
        }

        if series.count > 1 {
            let lx = margin.left + plotW + 12
            for (index, s) in series.enumerated() {
                let colour = s.colour ?? Chart.palette[index % Chart.palette.count]
                let ly = margin.top + 10 + Double(index) * 18
                out += ##"<rect x="\##(fmt(lx))" y="\##(fmt(ly - 8))" width="14" height="10" fill="\##(colour)"/>"##
                out += ##"<text x="\##(fmt(lx + 20))" y="\##(fmt(ly + 1))">\##(escape(s.label))</text>"## + "\n"
            }
        }
        out += "</svg>\n"
        return out
    }

    private func dataExtents() -> (ClosedRange<Double>, ClosedRange<Double>) {
        var xMin = Double.infinity, xMax = -Double.infinity, yMin = Double.infinity, yMax = -Double.infinity
        for s in series {
            for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
                xMin = min(xMin, x); xMax = max(xMax, x)
                yMin = min(yMin, y); yMax = max(yMax, y)
            }
            if s.style == .bars { yMin = min(yMin, 0); yMax = max(yMax, 0) }
        }
        for rule in rules {
            switch rule.axis {
            case .x: xMin = min(xMin, rule.value); xMax = max(xMax, rule.value)
            case .y: yMin = min(yMin, rule.value); yMax = max(yMax, rule.value)
            }
        }
        if !xMin.isFinite { xMin = 0; xMax = 1 }
        if !yMin.isFinite { yMin = 0; yMax = 1 }
        return (xMin...xMax, yMin...yMax)
    }
}

/// Axis bounds and ticks rounded to "nice" numbers.
struct Axis: Equatable {
    var lower: Double
    var upper: Double
    var step: Double

    var ticks: [Double] {
        var out: [Double] = []
        var t = lower
        while t <= upper + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// Rounds `range` outward to multiples of a nice step giving about five intervals.
    static func nice(_ range: ClosedRange<Double>, intervals: Int = 5) -> Axis {
        var lo = range.lowerBound, hi = range.upperBound
        if hi - lo <= 0 {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let step = niceNumber((hi - lo) / Double(intervals), round: true)
        return Axis(lower: (lo / step).rounded(.down) * step, upper: (hi / step).rounded(.up) * step, step: step)
    }

    /// Heckbert's nice number: the value 1, 2, 5 or 10 × 10ⁿ closest to (or, with `round: false`, above) x.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = (log10(x)).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}

func tickLabel(_ value: Double, step: Double) -> String {
    let decimals = max(0, Int(-(log10(step)).rounded(.down)))
    if abs(value) >= 1e5 || (abs(value) < 1e-3 && value != 0) {
        return formatScientific(value)
    }
    return formatFixed(value, decimals: decimals)
}

/// Coordinates with two decimals: enough for screen pixels, small files.
func fmt(_ x: Double) -> String { formatFixed(x, decimals: 2) }

func escape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(ch)
        }
    }
    return out
}

func formatFixed(_ x: Double, decimals: Int) -> String {
    var s = String(format: "%.\(decimals)f", x)
    if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
    return s
}

func formatScientific(_ x: Double) -> String { String(format: "%.2g", x) }

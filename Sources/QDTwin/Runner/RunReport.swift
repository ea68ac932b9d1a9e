import Foundation
import QDOptimize
import QDPlot

/// The HTML report of a run: one self-contained file (inline SVG charts, no scripts, no network), readable in
/// any browser and attachable to a lab notebook.
///
/// Sections: the target and the outcome; convergence (each experiment's target loss and the best so far);
/// emission vs FWHM of every product with the target window and the Pareto front of (|Δλ|, FWHM); the best
/// recipe; its measured spectra; every experiment in a table.
public struct RunReport: Sendable {
    /// The campaign as stored.
    public let campaign: Campaign
    /// The runner that drove it (target, recipe space).
    public let runner: CampaignRunner
    /// The summary of the run.
    public let summary: RunSummary

    /// Creates a report.
    public init(campaign: Campaign, runner: CampaignRunner, summary: RunSummary) {
        self.campaign = campaign
        self.runner = runner
        self.summary = summary
    }

    /// Observed trials in observation order.
    private var ordered: [Trial] {
        campaign.observed.sorted { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }
    }

    /// The convergence chart: target loss per experiment (points) and best so far (line), log-free, in nm.
    public func convergenceChart() -> Chart {
        var chart = Chart(title: "Convergence", xLabel: "experiment", yLabel: "target loss (nm)")
        let trials = ordered
        let xs = trials.indices.map { Double($0 + 1) }
        let losses = trials.map { $0.responses[RunTarget.lossResponse] ?? .nan }
        var running = Double.infinity
        let best = losses.map { v -> Double in
            if v.isFinite { running = min(running, v) }
            return running.isFinite ? running : .nan
        }
        chart.series.append(.init("each experiment", x: xs, y: losses, style: .points))
        chart.series.append(.init("best so far", x: xs, y: best, style: .line))
        let failedX = trials.indices.filter { trials[$0].status == .failed }.map { Double($0 + 1) }
        if !failedX.isEmpty {
            chart.series.append(.init("failed synthesis", x: failedX, y: failedX.map { _ in 0 }, style: .points, colour: "#999999"))
        }
        chart.rules.append(.init(axis: .y, value: runner.target.toleranceNanometres, label: "tolerance"))
        return chart
    }

    /// Emission peak vs FWHM of every successful product, the target window and the Pareto front.
    public func productChart() -> Chart {
        let target = runner.target
        var chart = Chart(title: "Products", xLabel: "emission peak (nm)", yLabel: "emission FWHM (nm)")
        let products = ordered.filter { $0.status == .completed }
        let xs = products.map { $0.responses["emission_nm"] ?? .nan }
        let ys = products.map { $0.responses["fwhm_nm"] ?? .nan }
        chart.series.append(.init("experiments", x: xs, y: ys, style: .points))
        let front = Self.paretoFront(products.map { (abs(($0.responses["emission_nm"] ?? .nan) - target.emissionNanometres), $0.responses["fwhm_nm"] ?? .nan) })
        let frontTrials = front.map { products[$0] }.sorted { ($0.responses["emission_nm"] ?? 0) < ($1.responses["emission_nm"] ?? 0) }
        chart.series.append(.init("Pareto front (|Δλ|, FWHM)", x: frontTrials.map { $0.responses["emission_nm"] ?? .nan },
                                  y: frontTrials.map { $0.responses["fwhm_nm"] ?? .nan }, style: .lineAndPoints))
        chart.rules.append(.init(axis: .x, value: target.emissionNanometres - target.toleranceNanometres, label: ""))
        chart.rules.append(.init(axis: .x, value: target.emissionNanometres + target.toleranceNanometres, label: "target"))
        if let w = target.maximumFWHMNanometres { chart.rules.append(.init(axis: .y, value: w, label: "max FWHM")) }
        return chart
    }

    /// The best product's absorbance and PL (each scaled to its maximum), when its spectra were stored.
    public func spectraChart() -> Chart? {
        guard let best = campaign.best, let json = best.measurementJSON,
              let spectra = try? JSONDecoder().decode(MeasuredSpectra.self, from: Data(json.utf8)) else { return nil }
        var chart = Chart(title: "Best product (experiment \(best.index)): spectra", xLabel: "wavelength (nm)", yLabel: "normalised intensity")
        func scaled(_ y: [Double]) -> [Double] {
            let m = y.max() ?? 1
            return m > 0 ? y.map { $0 / m } : y
        }
        chart.series.append(.init("absorbance", x: spectra.wavelengthsNanometres, y: scaled(spectra.absorbance)))
        chart.series.append(.init("photoluminescence", x: spectra.wavelengthsNanometres, y: scaled(spectra.photoluminescence)))
        chart.rules.append(.init(axis: .x, value: runner.target.emissionNanometres, label: "target"))
        chart.yRange = -0.05...1.1
        return chart
    }

    /// Indices of the non-dominated pairs (both coordinates minimised); non-finite pairs never qualify.
    static func paretoFront(_ pairs: [(Double, Double)]) -> [Int] {
        pairs.indices.filter { i in
            let (a, b) = pairs[i]
            guard a.isFinite, b.isFinite else { return false }
            return !pairs.indices.contains { j in
                j != i && pairs[j].0 <= a && pairs[j].1 <= b && (pairs[j].0 < a || pairs[j].1 < b)
            }
        }
    }

    /// The whole report as one HTML document.
    public func html() -> String {
        let target = runner.target
        var body = "<h1>QDLab run: \(Self.escape(target.summary))</h1>\n"
        body += "<p>Campaign <code>\(Self.escape(campaign.id))</code> on reactor <b>\(Self.escape(runner.reactor.name))</b>, "
        body += "budget \(campaign.spec.budget) experiments in batches of \(campaign.spec.batch), seed \(campaign.spec.seed). "
        body += "Bayesian optimisation (Gaussian process, log expected improvement) after a \(campaign.spec.initialCount)-point Sobol design.</p>\n"
        let verdict: String
        if let met = summary.firstMetTrial {
            let position = (ordered.firstIndex { $0.index == met } ?? 0) + 1
            verdict = "<p class=ok>Target met first by experiment \(met) (observed \(position) of \(summary.observed)).</p>"
        } else {
            verdict = "<p class=miss>Target not met within \(summary.observed) experiments; the best product is listed below.</p>"
        }
        body += verdict + "\n"
        body += Self.table(["", "value"], [
            ["experiments observed", "\(summary.observed)"],
            ["failed syntheses", "\(summary.failed)"],
            ["best target loss", summary.bestLoss.map { String(format: "%.2f nm", $0) } ?? "–"],
            ["best emission", summary.bestResponses?["emission_nm"].map { String(format: "%.1f nm", $0) } ?? "–"],
            ["best FWHM", summary.bestResponses?["fwhm_nm"].map { String(format: "%.1f nm", $0) } ?? "–"],
            ["best PLQY", summary.bestResponses?["plqy"].map { String(format: "%.0f %%", $0 * 100) } ?? "–"],
        ])
        body += "<h2>Convergence</h2>\n" + convergenceChart().svg() + "\n"
        body += "<h2>Products</h2>\n" + productChart().svg() + "\n"
        if let best = campaign.best {
            body += "<h2>Best recipe (experiment \(best.index))</h2>\n"
            body += Self.table(["variable", "value"], runner.space.parameters.map { p in
                [p.name, best.point[p.name]?.number.map { String(format: "%.3g", $0) } ?? best.point[p.name]?.description ?? "–"]
            })
            if let chart = spectraChart() { body += chart.svg() + "\n" }
        }
        body += "<h2>All experiments</h2>\n"
        let names = runner.space.parameters.map(\.name)
        let header = ["#", "status"] + names + ["emission (nm)", "FWHM (nm)", "PLQY", "loss (nm)", "met"]
        body += Self.table(header, ordered.map { row($0, names: names) })
        body += "<p class=foot>Made by QDLab from the campaign stored in the embedded store; every number here is "
        body += "in the store (table campaign_trials, records \(Self.escape(campaign.id))/N). Reproduce with the same "
        body += "command and seed.</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>QDLab run \(Self.escape(campaign.id))</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
            th{background:#f3f3f3}td:first-child{text-align:left}.ok{color:#006400;font-weight:bold}.miss{color:#a00;font-weight:bold}
            .foot{color:#666;font-size:12px}svg{max-width:100%;height:auto}
            </style></head><body>
            \(body)</body></html>

            """
    }

    /// One experiment as a table row.
    private func row(_ t: Trial, names: [String]) -> [String] {
        func cell(_ key: String, _ format: String) -> String {
            t.responses[key].map { String(format: format, $0) } ?? "–"
        }
        var cells = [String(t.index), t.status.rawValue]
        for name in names { cells.append(t.point[name]?.number.map { String(format: "%.3g", $0) } ?? "–") }
        cells.append(cell("emission_nm", "%.1f"))
        cells.append(cell("fwhm_nm", "%.1f"))
        cells.append(cell("plqy", "%.2f"))
        cells.append(cell(RunTarget.lossResponse, "%.2f"))
        let met = t.status == .completed && runner.target.isMet(responses: t.responses)
        cells.append(met ? "yes" : "")
        return cells
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var html = "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

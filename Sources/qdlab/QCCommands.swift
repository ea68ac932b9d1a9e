import ArgumentParser
import Foundation
import QDAnalysis
import QDData
import QDPlot

extension BatchMetric: ExpressibleByArgument {}

/// Records of a shipped dataset, in file order.
func shippedRecords(_ name: String) throws -> [SynthesisRecord] {
    let dataset = try ShippedDatasets.named(name)
    return try Importer.prepareFile(dataset.dataFile, mapping: dataset.mappingFile).0.records
}

/// `qdlab qc`: Quality-control charts and batch anomaly checks.
struct QCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc", abstract: "Quality-control charts and batch anomaly checks.",
        subcommands: [Chart.self, Batches.self])

    struct Chart: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Individuals, EWMA and CUSUM charts of one metric across the batches of a dataset.")
        @Option(help: "Shipped dataset (see `qdlab data datasets`), e.g. cdse-growth-imperial.")
        var dataset: String
        @Option(help: "Metric: pl_nm, fwhm_nm, abs_nm, plqy or diameter_nm.")
        var metric: BatchMetric
        @Option(help: "Batches used to set the limits (phase I); default all.")
        var baseline: Int?
        @Option(parsing: .unconditional, help: "EWMA weight λ.")
        var lambda: Double = 0.2
        @Option(help: "Write an SVG of the individuals chart with its limits and EWMA.")
        var svg: String?
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let dataset: String; let metric: String; let batches: [String]
            let individuals: ControlChart; let ewma: ControlChart; let cusumUpper: ControlChart; let cusumLower: ControlChart
            let files: [String]
        }

        func run() throws {
            try reportingErrors {
                let (ids, values) = metric.series(try shippedRecords(dataset))
                guard values.count >= 2 else {
                    throw AnalysisError(.emptyInput, "Dataset '\(dataset)' has \(values.count) batch(es) with \(metric.rawValue) (rule: ≥ 2 for a chart). Pick a metric the dataset measures.")
                }
                let individuals = try ControlCharts.individuals(values, baselineCount: baseline)
                let ewma = try ControlCharts.ewma(values, lambda: lambda, baselineCount: baseline)
                let cusum = try ControlCharts.cusum(values, baselineCount: baseline)
                var files: [String] = []
                if let svg {
                    let x = values.indices.map(Double.init)
                    var chart = QDPlot.Chart(title: "\(dataset): \(metric.rawValue)", xLabel: "Batch", yLabel: metric.rawValue)
                    chart.series.append(.init("value", x: x, y: values, style: .lineAndPoints))
                    chart.series.append(.init("EWMA", x: x, y: ewma.points.map(\.value)))
                    chart.series.append(.init("EWMA limits", x: x + x.reversed(), y: ewma.points.map(\.upperLimit) + ewma.points.map(\.lowerLimit).reversed()))
                    chart.rules = [
                        .init(axis: .y, value: individuals.centre, label: "centre"),
                        .init(axis: .y, value: individuals.points[0].upperLimit, label: "UCL"),
                        .init(axis: .y, value: individuals.points[0].lowerLimit, label: "LCL"),
                    ]
                    try writeText(chart.svg(), to: svg)
                    files.append(svg)
                }
                if output.json {
                    return try printJSON(Answer(dataset: dataset, metric: metric.rawValue, batches: ids, individuals: individuals, ewma: ewma, cusumUpper: cusum.upper, cusumLower: cusum.lower, files: files))
                }
                let limits = individuals.points[0]
                print("\(dataset): \(metric.rawValue) over \(values.count) batches; centre \(fixed(individuals.centre, 3)), limits \(fixed(limits.lowerLimit, 3))…\(fixed(limits.upperLimit, 3))")
                func list(_ s: [Int]) -> String { s.isEmpty ? "none" : s.map { ids[$0] }.joined(separator: ", ") }
                print("individuals signals: \(list(individuals.signals))")
                print("EWMA (λ \(lambda)) signals: \(list(ewma.signals))")
                print("CUSUM signals: up \(list(cusum.upper.signals)); down \(list(cusum.lower.signals))")
                for f in files { print("wrote \(f)") }
            }
        }
    }

    struct Batches: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cluster the batches of a dataset (k-means, Gaussian mixture) and flag odd ones (Mahalanobis).")
        @Option(help: "Shipped dataset.")
        var dataset: String
        @Option(help: "Metrics, comma separated (e.g. pl_nm,fwhm_nm,plqy).")
        var metrics: String
        @Option(help: "Number of clusters.")
        var clusters: Int = 2
        @Option(help: "Seed for k-means++ and the mixture.")
        var seed: UInt64 = 1
        @Option(parsing: .unconditional, help: "Significance of the anomaly threshold (χ² quantile 1 − α).")
        var alpha: Double = 0.01
        @OptionGroup var output: OutputOptions

        struct Answer: Codable {
            let dataset: String; let metrics: [String]; let batches: [String]
            let kMeans: BatchClustering.Result; let gaussianMixture: BatchClustering.Result; let anomalies: AnomalyReport
        }

        func run() throws {
            try reportingErrors {
                let chosen = try metrics.split(separator: ",").map { name -> BatchMetric in
                    guard let m = BatchMetric(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError("Unknown metric '\(name)' (one of \(BatchMetric.allCases.map(\.rawValue).joined(separator: ", "))).")
                    }
                    return m
                }
                var ids: [String] = [], rows: [[Double]] = []
                for r in try shippedRecords(dataset) {
                    let row = chosen.compactMap { $0.value(in: r) }
                    if row.count == chosen.count { ids.append(r.id); rows.append(row) }
                }
                // Standardise so no metric dominates by its unit.
                let d = chosen.count
                let means = (0..<d).map { j in rows.reduce(0) { $0 + $1[j] } / Double(max(rows.count, 1)) }
                let sds = (0..<d).map { j in max((rows.reduce(0) { $0 + pow($1[j] - means[j], 2) } / Double(max(rows.count - 1, 1))).squareRoot(), 1e-12) }
                let z = rows.map { r in (0..<d).map { (r[$0] - means[$0]) / sds[$0] } }
                let km = try BatchClustering.kMeans(z, k: clusters, seed: seed)
                let gmm = try BatchClustering.gaussianMixture(z, k: clusters, seed: seed)
                let anomalies = try BatchClustering.mahalanobis(rows, alpha: alpha)
                if output.json {
                    return try printJSON(Answer(dataset: dataset, metrics: chosen.map(\.rawValue), batches: ids, kMeans: km, gaussianMixture: gmm, anomalies: anomalies))
                }
                print("\(dataset): \(rows.count) batches with \(chosen.map(\.rawValue).joined(separator: ", "))")
                for c in 0..<clusters {
                    print("cluster \(c + 1): k-means \(km.labels.filter { $0 == c }.count) batches, mixture \(gmm.labels.filter { $0 == c }.count) batches")
                }
                print("anomalies (Mahalanobis d² > \(fixed(anomalies.threshold, 2))): \(anomalies.flagged.isEmpty ? "none" : anomalies.flagged.map { "\(ids[$0]) (\(fixed(anomalies.scores[$0], 1)))" }.joined(separator: ", "))")
            }
        }
    }
}

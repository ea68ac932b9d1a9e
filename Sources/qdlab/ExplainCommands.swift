import ArgumentParser
import Foundation
import QDCore
import QDLearn
import QDPlot

/// Which explanation `qdlab explain` computes.
enum ExplainMethod: String, ExpressibleByArgument, CaseIterable {
    /// TreeSHAP through XGBoost (gbm, rf): every row, global and local.
    case tree
    /// Exact Shapley values by enumeration of the record variables against a background sample.
    case exact
    /// KernelSHAP (sampled, paired, seeded) against a background sample.
    case kernel
    /// Permutation importance on held-out group k-fold (DOI) folds, with confidence intervals.
    case permutation
    /// Partial dependence with ICE curves (one variable) or a 2-D partial dependence heat map (two).
    case pdp
    /// LIME: a locally weighted sparse linear surrogate for one prediction, with its fidelity.
    case lime
}

/// `qdlab explain`: which synthesis variables drive a model's predictions, in the record's own terms.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a model's predictions.",
        discussion: """
            Fits the chosen model on every row of a shipped dataset (or loads a saved model folder written by \
            `qdlab train --out DIR`) and writes SVG charts and explanation.json to --out, then prints a ranked summary; \
            for a saved model, a global method (tree, permutation) also records the ranking in its card (the globalImportance field of card.json and a "Global importance" section in card.md). \
            Attributions are summed from design columns (one-hot levels, missingness indicators) back to the recipe's \
            variables. See docs/explain.md for the methods and how to read each chart.
            """)

    @Option(name: .long, help: "Shipped dataset (supported: inp). Ignored with a saved model folder.")
    var dataset = "inp"
    @Option(name: .long, help: "Target column (inp: abs_nm, emission_nm, diameter_nm). Ignored with a saved model folder.")
    var target = "abs_nm"
    @Option(name: .long, help: "Model: gbm, rf, gp, svr, knn, ridge, or the folder of a saved model.")
    var model = "gbm"
    @Option(name: .long, help: "Explain this row of the featurised dataset (0-based).")
    var row: Int?
    @Option(name: .long, help: "Explain this recipe: a JSON object of raw column → value.")
    var input: String?
    @Option(name: .long, help: "Method: tree, exact, kernel, permutation, pdp, lime.")
    var method: ExplainMethod = .tree
    @Option(name: .long, help: "Folder for the SVG charts and explanation.json (created).")
    var out: String
    @Option(name: .long, help: "Raw variable(s) for pdp, comma-separated, one or two (default: temp_c).")
    var feature = "temp_c"
    @Option(name: .long, help: "Background rows for exact/kernel SHAP, sampled from the data.")
    var background = 100
    @Option(name: .long, help: "KernelSHAP coalition samples per explanation.")
    var samples = 2048
    @Option(name: .long, help: "Permutations per variable and fold (permutation).")
    var repeats = 5
    @Option(name: .long, help: "Folds for permutation importance.")
    var folds = 5
    @Option(name: .long, help: "Seed for the model, background sample, folds and sampling.")
    var seed: UInt64 = 0
    @Option(name: .long, help: .hidden)
    var benchmark: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if benchmark != nil { return }
        if row != nil && input != nil { throw ValidationError("Pass --row or --input, not both.") }
        if let row, row < 0 { throw ValidationError("--row must be ≥ 0. Got \(row).") }
        guard background >= 1 else { throw ValidationError("--background must be ≥ 1. Got \(background).") }
        guard samples >= 2 else { throw ValidationError("--samples must be ≥ 2. Got \(samples).") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1. Got \(repeats).") }
        guard folds >= 2 else { throw ValidationError("--folds must be ≥ 2. Got \(folds).") }
        if !isSavedModelFolder, ExplainModel(rawValue: model) == nil {
            throw ValidationError("Unknown model '\(model)'; choose from \(ExplainModel.allCases.map(\.rawValue).joined(separator: ", ")) or pass a saved model folder.")
        }
    }

    private var isSavedModelFolder: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    func run() throws {
        try reportingErrors {
            if let benchmark { try ExplainBenchmark(directory: URL(fileURLWithPath: benchmark)).run(); return }
            let context = try ExplainContext.make(model: model, savedFolder: isSavedModelFolder, dataset: dataset, target: target, seed: seed)
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let (localRow, rowLabel) = try explainedRow(context)
            var report: ExplainReport
            switch method {
            case .tree: report = try context.tree(row: localRow, rowLabel: rowLabel, to: directory)
            case .exact, .kernel:
                report = try context.shapley(
                    method == .exact ? .exact : .kernel(samples: samples), name: method.rawValue, row: localRow ?? context.design.x.row(0),
                    rowLabel: rowLabel ?? "row 0", background: background, to: directory)
            case .permutation: report = try context.permutation(folds: folds, repeats: repeats, to: directory)
            case .pdp: report = try context.pdp(variables: feature.split(separator: ",").map(String.init), to: directory)
            case .lime: report = try context.lime(row: localRow ?? context.design.x.row(0), rowLabel: rowLabel ?? "row 0", to: directory)
            }
            if let folder = context.savedFolder, let ranking = report.global {
                try appendImportanceToCard(folder: folder, report: report, ranking: ranking)
                report.files += ["card.json", "card.md"].map { folder.appendingPathComponent($0).path }
            }
            try jsonData(report).write(to: directory.appendingPathComponent("explanation.json"))
            report.files.append(directory.appendingPathComponent("explanation.json").path)
            if output.json { try printJSON(report); return }
            print(report.summaryText())
        }
    }

    /// The row to explain locally: --row, --input, or nil.
    private func explainedRow(_ context: ExplainContext) throws -> (row: [Double]?, label: String?) {
        if let row {
            guard row < context.design.y.count else {
                throw ValidationError("--row \(row) is out of range; the featurised data has \(context.design.y.count) rows (0-based).")
            }
            return (context.design.x.row(row), "row \(row)")
        }
        guard let input else { return (nil, nil) }
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("\(input) must hold one JSON object of raw column → value, e.g. {\"temp_c\": 280, \"ligand_source\": \"None\"}.")
        }
        var record: [String: String] = [:]
        for (key, value) in object {
            guard context.design.encoder.rawColumns.contains(key) else {
                throw ValidationError("\(input): unknown column '\(key)'; the model knows \(context.design.encoder.rawColumns.joined(separator: ", ")).")
            }
            record[key] = (value as? NSNumber).map { "\($0.doubleValue)" } ?? "\(value)"
        }
        let (x, warnings) = try context.design.encoder.encode([record])
        for w in warnings { printError("warning: \(w.message)") }
        return (x.row(0), URL(fileURLWithPath: input).lastPathComponent)
    }

    /// Records the ranking in the saved model's card: the `globalImportance` field of card.json and the
    /// "Global importance" section of card.md (both rewritten from the card, so a second run replaces the first).
    private func appendImportanceToCard(folder: URL, report: ExplainReport, ranking: [ExplainReport.Entry]) throws {
        var card = try ModelCard.read(from: folder)
        card.globalImportance = ModelCard.GlobalImportance(
            method: report.methodDescription, valueName: report.valueName,
            entries: ranking.map { .init(variable: $0.variable, label: $0.label, value: $0.value, lower: $0.lower, upper: $0.upper) })
        try card.write(to: folder)
    }
}

/// Models `qdlab explain` fits by name (the same hyperparameters as `qdlab evaluate` and `qdlab train`).
enum ExplainModel: String, CaseIterable {
    case gbm, rf, gp, svr, knn, ridge

    var choice: ModelChoice {
        switch self {
        case .gbm: .gbm
        case .rf: .rf
        case .gp: .gp
        case .svr: .svr
        case .knn: .knn
        case .ridge: .ridge
        }
    }
}

/// The JSON written to explanation.json (and printed with --json).
struct ExplainReport: Codable {
    struct Entry: Codable {
        /// Variable as the record names it.
        let variable: String
        /// Readable label with unit.
        let label: String
        /// The method's number (mean |SHAP|, a SHAP value, an RMSE increase, a LIME contribution).
        let value: Double
        let lower: Double?
        let upper: Double?
    }
    struct Local: Codable {
        let row: String
        let baseValue: Double?
        let prediction: Double
        let contributions: [Entry]
        let fidelity: Double?
    }
    struct Curve: Codable {
        let variables: [String]
        let grids: [[Double]]
        let average: [Double]
        let individualCurves: Int
    }
    let dataset: String
    let target: String
    let targetUnit: String
    let model: String
    let method: String
    let methodDescription: String
    let valueName: String
    let rows: Int
    var global: [Entry]?
    var local: Local?
    var partialDependence: Curve?
    var additivityResidual: Double?
    var files: [String]

    func summaryText() -> String {
        var text = "\(model) on \(dataset) \(target): \(methodDescription)\n"
        if let global {
            var table = TextTable(["rank", "variable", valueName] + (global.contains { $0.lower != nil } ? ["95% CI"] : []))
            for (k, e) in global.prefix(12).enumerated() {
                table.add(["\(k + 1).", e.label, fixed(e.value, 3)] + (e.lower.map { ["\(fixed($0, 3)) to \(fixed(e.upper ?? $0, 3))"] } ?? []))
            }
            text += table.render()
        }
        if let local {
            text += "\n\(local.row): prediction \(fixed(local.prediction, 1)) \(targetUnit)"
            if let base = local.baseValue { text += " = base \(fixed(base, 1)) \(targetUnit) + contributions" }
            if let f = local.fidelity { text += " (LIME fidelity R² = \(fixed(f, 3)))" }
            text += "\n"
            var table = TextTable(["variable", "contribution (\(targetUnit))"])
            for e in local.contributions.prefix(10) { table.add([e.label, fixed(e.value, 2)]) }
            text += table.render()
        }
        if let curve = partialDependence, let lo = curve.average.min(), let hi = curve.average.max() {
            text += "partial dependence on \(curve.variables.joined(separator: " × ")): prediction ranges \(fixed(lo, 1))–\(fixed(hi, 1)) \(targetUnit) over the grid\n"
        }
        if let r = additivityResidual { text += "additivity: |base + Σφ − prediction| ≤ \(String(format: "%.1e", r))\n" }
        text += "wrote " + files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        return text
    }
}

/// The data, fitted model and labels one `qdlab explain` run works on.
struct ExplainContext {
    let design: TabularDesign
    let fitted: AnyFittedModel
    let modelName: String
    let datasetName: String
    let target: String
    let groups: FeatureGroups
    let savedFolder: URL?
    let seed: UInt64

    static func make(model: String, savedFolder: Bool, dataset: String, target: String, seed: UInt64) throws -> ExplainContext {
        if savedFolder {
            let folder = URL(fileURLWithPath: model)
            let saved = try SavedModel.load(from: folder)
            let design = try saved.trainingDesign()
            return ExplainContext(
                design: design, fitted: saved.model, modelName: "\(saved.card.model.rawValue) (\(folder.lastPathComponent))",
                datasetName: saved.card.data.dataset, target: saved.card.target, groups: .fromFeatureNames(design.featureNames),
                savedFolder: folder, seed: seed)
        }
        let design = try TabularDesign.shipped(dataset, target: target)
        let choice = ExplainModel(rawValue: model)?.choice ?? .gbm
        let fitted = try AnyRegressor(choice, context: ModelContext(featureNames: design.featureNames)).fit(design.x, design.y, seed: seed)
        return ExplainContext(
            design: design, fitted: fitted, modelName: model, datasetName: dataset, target: target,
            groups: .fromFeatureNames(design.featureNames), savedFolder: nil, seed: seed)
    }

    var unit: String { ChemistLabels.unit(of: target) ?? "units of \(target)" }
    var targetLabel: String { ChemistLabels.label(for: target) }

    func label(_ variable: String) -> String { ChemistLabels.label(for: variable) }

    func report(method: String, description: String, valueName: String) -> ExplainReport {
        ExplainReport(
            dataset: datasetName, target: target, targetUnit: unit, model: modelName, method: method, methodDescription: description,
            valueName: valueName, rows: design.y.count, files: [])
    }

    /// Entries for one recipe, each label with the recipe's value ("temperature (°C) = 280", "ligand = OA"),
    /// largest |contribution| first.
    func localEntries(_ attribution: Attribution, row: [Double]) -> [ExplainReport.Entry] {
        zip(groups.groups, attribution.values.row(0)).map { group, value in
            let names = group.columns.map { design.featureNames[$0] }
            let shown: String
            if let first = group.columns.first, !names[0].contains("=") {
                shown = row[first] == row[first].rounded() && abs(row[first]) < 1e6 ? String(Int(row[first])) : String(format: "%.3g", row[first])
            } else {
                let level = zip(group.columns, names).first { row[$0.0] == 1 }.map { String($0.1.split(separator: "=", maxSplits: 1).last ?? "") }
                shown = level ?? "no known level"
            }
            return .init(variable: group.name, label: "\(label(group.name)) = \(shown)", value: value, lower: nil, upper: nil)
        }.sorted { abs($0.value) > abs($1.value) }
    }

    func write(_ svg: String, _ name: String, to directory: URL, into report: inout ExplainReport) throws {
        let url = directory.appendingPathComponent(name)
        try svg.write(to: url, atomically: true, encoding: .utf8)
        report.files.append(url.path)
    }

    /// The numeric value of a record variable per row (its first design column), or nil for one-hot variables.
    func variableValues(_ group: FeatureGroups.Group) -> [Double]? {
        guard let first = group.columns.first, !design.featureNames[first].contains("=") else { return nil }
        return design.x.column(first)
    }

    /// A signed bar chart of one prediction's contributions, largest magnitude first.
    func localChart(_ contributions: [ExplainReport.Entry], title: String, subtitle: String) -> String {
        let bars = contributions.prefix(15).map { ImportanceChart.Bar($0.label, $0.value) }
        return ImportanceChart(title: title, valueLabel: "contribution to predicted \(targetLabel)", bars: Array(bars), subtitle: subtitle).svg()
    }

    // MARK: Methods

    func tree(row: [Double]?, rowLabel: String?, to directory: URL) throws -> ExplainReport {
        guard case .xgboost(let xgb) = fitted else {
            throw ValidationError("--method tree needs a tree model (gbm or rf); \(modelName) is not one. Use --method kernel or exact.")
        }
        let explainer = TreeExplainer(xgb)
        let perColumn = try explainer.shapValues(design.x, names: design.featureNames)
        let grouped = try perColumn.grouped(by: groups)
        var report = report(method: "tree", description: "TreeSHAP (XGBoost pred_contribs) over all \(design.y.count) rows, summed to recipe variables",
                            valueName: "mean |SHAP| (\(unit))")
        let ranking = grouped.ranking
        report.global = ranking.map { .init(variable: $0.name, label: label($0.name), value: $0.meanAbsolute, lower: nil, upper: nil) }
        report.additivityResidual = perColumn.additivityResidual
        try write(
            ImportanceChart(title: "What drives the predicted \(targetLabel) (\(modelName))", valueLabel: "mean |SHAP value| (\(unit))",
                            bars: ranking.prefix(15).map { .init(label($0.name), $0.meanAbsolute) },
                            subtitle: "TreeSHAP over \(design.y.count) recipes; one-hot levels summed to their variable").svg(),
            "importance.svg", to: directory, into: &report)
        let top = ranking.prefix(12).compactMap { r in groups.groups.firstIndex { $0.name == r.name } }
        try write(
            BeeswarmChart(title: "SHAP values per recipe (\(modelName))", valueLabel: "SHAP value (\(unit)): effect on predicted \(targetLabel)",
                          rows: top.map { g in .init(label: label(groups.groups[g].name), shapValues: grouped.values.column(g), featureValues: variableValues(groups.groups[g])) }).svg(),
            "beeswarm.svg", to: directory, into: &report)
        let numeric = top.filter { variableValues(groups.groups[$0]) != nil }
        if let first = numeric.first, let values = variableValues(groups.groups[first]) {
            let partner = numeric.dropFirst().first.flatMap { p in variableValues(groups.groups[p]).map { (label: label(groups.groups[p].name), values: $0) } }
            let name = label(groups.groups[first].name)
            try write(
                DependenceChart(title: "Dependence on \(name)", xLabel: name, yLabel: "SHAP value for \(name) (\(unit))",
                                featureValues: values, shapValues: grouped.values.column(first), colourBy: partner).svg(),
                "dependence.svg", to: directory, into: &report)
        }
        if let row {
            let local = try explainer.shapValues(try Matrix(rows: 1, columns: row.count, elements: row), names: design.featureNames).grouped(by: groups)
            let contributions = localEntries(local, row: row)
            report.local = .init(row: rowLabel ?? "row", baseValue: local.baseValue, prediction: local.predictions[0], contributions: contributions, fidelity: nil)
            try write(localChart(contributions, title: "Why \(fixed(local.predictions[0], 1)) \(unit) for \(rowLabel ?? "this recipe")",
                                 subtitle: "base value \(fixed(local.baseValue, 1)) \(unit) + contributions = prediction"),
                      "local.svg", to: directory, into: &report)
        }
        return report
    }

    func shapley(_ method: ShapleyMethod, name: String, row: [Double], rowLabel: String, background count: Int, to directory: URL) throws -> ExplainReport {
        var rng = SeededRNG(seed: seed)
        let indices = Array(rng.permutation(design.y.count).prefix(count)).sorted()
        let players = groups.groups.count
        if method == .exact, Double(indices.count) * pow(2, Double(players)) > 5e6 {
            throw ValidationError("Exact enumeration of \(players) variables against \(indices.count) background rows needs \(indices.count) × 2^\(players) = \(Int(Double(indices.count) * pow(2, Double(players)))) model evaluations (limit 5,000,000); use --method kernel, or --background \(max(1, Int(5e6 / pow(2, Double(players))))).")
        }
        let explainer = try ShapleyExplainer(background: design.x.selectingRows(indices), players: groups)
        let a = try explainer.explain(fitted, rows: try Matrix(rows: 1, columns: row.count, elements: row), method: method, seed: seed)
        let description: String
        if case .kernel(let samples) = method {
            description = "KernelSHAP of \(groups.groups.count) recipe variables, \(samples) paired coalition samples against \(indices.count) background rows"
        } else {
            description = "exact Shapley values of \(groups.groups.count) recipe variables against \(indices.count) background rows"
        }
        var report = report(method: name, description: description, valueName: "SHAP value (\(unit))")
        let contributions = localEntries(a, row: row)
        report.local = .init(row: rowLabel, baseValue: a.baseValue, prediction: a.predictions[0], contributions: contributions, fidelity: nil)
        report.additivityResidual = a.additivityResidual
        try write(localChart(contributions, title: "Why \(fixed(a.predictions[0], 1)) \(unit) for \(rowLabel) (\(modelName))",
                             subtitle: "base value \(fixed(a.baseValue, 1)) \(unit) (mean over background) + contributions = prediction"),
                  "local.svg", to: directory, into: &report)
        return report
    }

    func permutation(folds k: Int, repeats: Int, to directory: URL) throws -> ExplainReport {
        let split = try CrossValidationScheme.groupKFold(folds: k, groups: design.groups).folds(rowCount: design.y.count, seed: seed)
        let choice = savedChoice ?? .gbm
        let result = try permutationImportance(
            AnyRegressor(choice, context: ModelContext(featureNames: design.featureNames)), x: design.x, y: design.y, folds: split,
            groups: groups, repeats: repeats, seed: seed)
        var report = report(
            method: "permutation",
            description: "permutation importance on \(k) held-out group (DOI) folds × \(repeats) repeats; baseline RMSE \(fixed(result.baselineRMSE, 2)) \(unit)",
            valueName: "RMSE increase (\(unit))")
        report.global = result.entries.map { .init(variable: $0.name, label: label($0.name), value: $0.meanIncrease, lower: $0.lower, upper: $0.upper) }
        try write(
            ImportanceChart(title: "Held-out error increase when a variable is shuffled (\(modelName))",
                            valueLabel: "increase of held-out RMSE (\(unit)), mean and 95 % CI over folds",
                            bars: result.entries.prefix(15).map { .init(label($0.name), $0.meanIncrease, interval: $0.lower...max($0.lower, $0.upper)) },
                            subtitle: "\(k) group (DOI) folds × \(repeats) permutations; baseline RMSE \(fixed(result.baselineRMSE, 1)) \(unit)").svg(),
            "importance.svg", to: directory, into: &report)
        return report
    }

    /// The model choice behind the fitted model (refitted per fold for permutation importance).
    var savedChoice: ModelChoice? {
        if savedFolder != nil { return (try? SavedModel.load(from: savedFolder ?? URL(fileURLWithPath: "/")))?.card.model }
        return ExplainModel(rawValue: modelName)?.choice
    }

    func pdp(variables: [String], to directory: URL) throws -> ExplainReport {
        guard (1...2).contains(variables.count) else { throw ValidationError("--feature takes one or two variables. Got \(variables.count).") }
        let columns = try variables.map { v -> Int in
            guard let j = design.featureNames.firstIndex(of: v) else {
                let numeric = design.featureNames.filter { !$0.contains("=") && !$0.hasSuffix(" missing") }
                throw ValidationError("--feature \(v) is not a numeric variable of this data; choose from \(numeric.joined(separator: ", ")).")
            }
            return j
        }
        let pd = try partialDependence(fitted, data: design.x, features: columns, names: design.featureNames)
        var report = report(method: "pdp", description: "partial dependence\(columns.count == 1 ? " with ICE curves" : "") over \(design.y.count) recipes",
                            valueName: "predicted \(targetLabel)")
        report.partialDependence = .init(variables: variables, grids: pd.grids, average: pd.average, individualCurves: pd.individual?.rows ?? 0)
        if columns.count == 1 {
            let ice = pd.individual.map { m in (0..<m.rows).map { m.row($0) } } ?? []
            try write(
                PartialDependenceChart(title: "Predicted \(targetLabel) vs \(label(variables[0])) (\(modelName))", xLabel: label(variables[0]),
                                       yLabel: "predicted \(targetLabel)", grid: pd.grids[0], average: pd.average, individual: ice,
                                       observed: design.x.column(columns[0])).svg(),
                "pdp.svg", to: directory, into: &report)
        } else {
            try write(
                HeatmapChart(title: "Predicted \(targetLabel): \(label(variables[0])) × \(label(variables[1]))", xLabel: label(variables[0]),
                             yLabel: label(variables[1]), valueLabel: "predicted \(targetLabel)", xGrid: pd.grids[0], yGrid: pd.grids[1], values: pd.average).svg(),
                "pdp2d.svg", to: directory, into: &report)
        }
        return report
    }

    func lime(row: [Double], rowLabel: String, to directory: URL) throws -> ExplainReport {
        let explainer = try LIMEExplainer(training: design.x, names: design.featureNames)
        let s = try explainer.explain(fitted, row: row, seed: seed)
        var report = report(method: "lime", description: "LIME: sparse local linear surrogate (\(s.selected.count) columns, \(s.samples) perturbations), fidelity R² \(fixed(s.fidelity, 3))",
                            valueName: "contribution (\(unit))")
        let contributions = s.contributions(row: row, trainingMeans: explainer.means).map {
            ExplainReport.Entry(variable: $0.name, label: label($0.name), value: $0.value, lower: nil, upper: nil)
        }.sorted { abs($0.value) > abs($1.value) }
        report.local = .init(row: rowLabel, baseValue: nil, prediction: s.modelPrediction, contributions: contributions, fidelity: s.fidelity)
        try write(localChart(contributions, title: "LIME for \(rowLabel): predicted \(fixed(s.modelPrediction, 1)) \(unit) (\(modelName))",
                             subtitle: "coefficient × (value − training mean); local fidelity R² = \(fixed(s.fidelity, 2))"),
                  "local.svg", to: directory, into: &report)
        return report
    }
}

/// Readable names with units for the InP table's columns, and a suffix rule (_nm, _c, _min, _mmol, _ml) for others.
enum ChemistLabels {
    static let names: [String: String] = [
        "in_amount_mmol": "indium precursor (mmol)", "p_amount_mmol": "phosphorus precursor (mmol)",
        "first_sol_amount_ml": "first solvent (mL)", "second_sol_amount_ml": "second solvent (mL)",
        "acid_amount_mmol": "acid (mmol)", "ligand_amount_mmol": "ligand (mmol)", "other_1_amount_mmol": "additive 1 (mmol)",
        "other_2_amount_mmol": "additive 2 (mmol)", "total_volume_ml": "total volume (mL)", "temp_c": "temperature (°C)",
        "time_min": "time (min)", "in_source": "indium source", "p_source": "phosphorus source", "first_sol": "first solvent",
        "second_sol": "second solvent", "acid": "acid", "ligand_source": "ligand", "other_1": "additive 1", "other_2": "additive 2",
        "abs_nm": "first absorption peak (nm)", "emission_nm": "emission peak (nm)", "diameter_nm": "diameter (nm)",
    ]
    static let suffixUnits: [(String, String)] = [("_nm", "nm"), ("_c", "°C"), ("_min", "min"), ("_mmol", "mmol"), ("_ml", "mL")]

    /// "temp_c" → "temperature (°C)"; "ligand_source=OA" → "ligand: OA"; "x missing" → "x (missing)".
    static func label(for column: String) -> String {
        if let eq = column.firstIndex(of: "=") {
            return "\(label(for: String(column[..<eq]))): \(column[column.index(after: eq)...])"
        }
        if column.hasSuffix(" missing") { return "\(label(for: String(column.dropLast(8)))) missing" }
        if let known = names[column] { return known }
        for (suffix, unit) in suffixUnits where column.hasSuffix(suffix) {
            return "\(column.dropLast(suffix.count).replacingOccurrences(of: "_", with: " ")) (\(unit))"
        }
        return column.replacingOccurrences(of: "_", with: " ")
    }

    /// The unit implied by a column's suffix ("abs_nm" → "nm"), or nil.
    static func unit(of column: String) -> String? {
        suffixUnits.first { column.hasSuffix($0.0) }?.1
    }
}

/// `qdlab explain --benchmark DIR` (hidden; driven by bench/explain_run.sh): times TreeSHAP and KernelSHAP on the
/// model and rows that bench/explain_anchor.py saved in DIR, beside the Python timings it wrote there.
struct ExplainBenchmark {
    let directory: URL

    struct PythonTimes: Decodable {
        let treeSeconds: Double
        let kernelSecondsPerExplanation: Double
        let treeCPUSeconds: Double
        let kernelCPUSecondsPerExplanation: Double
        let shap: String
    }

    /// Wall and process CPU seconds of one call. CPU time (POSIX `CLOCK_PROCESS_CPUTIME_ID`, what Python's
    /// `time.process_time` reads) does not count time spent waiting for a core, so it stays fair on a loaded machine.
    private func timed<T>(_ body: () throws -> T) rethrows -> (wall: Double, cpu: Double, value: T) {
        func cpuNow() -> Double {
            var spec = timespec()
            guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec) == 0 else { return .nan }
            return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
        }
        let clock = ContinuousClock(), start = clock.now, startCPU = cpuNow()
        let value = try body()
        return (seconds(clock.now - start), cpuNow() - startCPU, value)
    }

    func run() throws {
        let x = try readCSV("x.csv")
        let model = LoadedBooster(modelBytes: try Data(contentsOf: directory.appendingPathComponent("model.json")), featureCount: x.columns)
        var treeTimes: [Double] = [], treeCPU: [Double] = [], attribution: Attribution?
        for _ in 0..<3 {
            let run = try timed { try model.explainer.shapValues(x) }
            attribution = run.value
            treeTimes.append(run.wall)
            treeCPU.append(run.cpu)
        }
        let explainer = try ShapleyExplainer(background: x.selectingRows(Array(0..<100)))
        var kernelTimes: [Double] = [], kernelCPU: [Double] = []
        for i in 0..<5 {
            let run = try timed { try explainer.explain(model, rows: x.selectingRows([1000 + i]), method: .kernel(samples: 2048), seed: UInt64(i)) }
            kernelTimes.append(run.wall)
            kernelCPU.append(run.cpu)
        }
        let python = try JSONDecoder().decode(PythonTimes.self, from: Data(contentsOf: directory.appendingPathComponent("python.json")))
        let reference = try readCSV("phi.csv")
        let difference = zip(attribution?.values.elements ?? [], reference.elements).map { abs($0 - $1) }.max() ?? .nan
        let (tree, kernel) = (median(treeTimes), median(kernelTimes))
        let (treeC, kernelC) = (median(treeCPU), median(kernelCPU))
        var table = TextTable(["task", "QDLab s", "shap \(python.shap) s", "QDLab/shap", "QDLab CPU s", "shap CPU s", "CPU ratio"])
        table.add(["TreeSHAP \(x.rows) rows", fixed(tree, 3), fixed(python.treeSeconds, 3), fixed(tree / python.treeSeconds, 2),
                   fixed(treeC, 3), fixed(python.treeCPUSeconds, 3), fixed(treeC / python.treeCPUSeconds, 2)])
        table.add(["KernelSHAP per row", fixed(kernel, 3), fixed(python.kernelSecondsPerExplanation, 3), fixed(kernel / python.kernelSecondsPerExplanation, 2),
                   fixed(kernelC, 3), fixed(python.kernelCPUSecondsPerExplanation, 3), fixed(kernelC / python.kernelCPUSecondsPerExplanation, 2)])
        print(table.render(), terminator: "")
        print("max |φ QDLab − φ shap| over \(x.rows) × \(x.columns) TreeSHAP values: \(String(format: "%.1e", difference))")
    }

    private func readCSV(_ name: String) throws -> Matrix {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
        return try Matrix(rows)
    }
}

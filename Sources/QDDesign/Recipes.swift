import Foundation
import QDCore
import QDData
import QDLearn
import QDOptimize
import QDPhysics

/// A synthesis dataset QDDesign can train a recipe surrogate on: which shipped table, which columns are the
/// controllable conditions and which is the response.
public struct RecipeDatasetSpec: Sendable, Equatable, Codable {
    /// Shipped dataset name (`ShippedDatasets`).
    public let dataset: String
    /// Core material the dataset synthesises.
    public let materialID: String
    /// Condition columns (features), in the units of the source file, and short names for the campaign spec.
    public let columns: [String]
    public let parameterNames: [String]
    /// Response column: the first-exciton absorption peak of the core, nm.
    public let response: String

    /// InP hot-injection syntheses of Nguyen et al. 2022 (`inp-nguyen2022`): temperature, time, In and P amounts,
    /// volume → abs_nm.
    public static let inp = RecipeDatasetSpec(
        dataset: "inp-nguyen2022", materialID: "InP",
        columns: ["temp_c", "time_min", "in_amount_mmol", "p_amount_mmol", "total_volume_ml"],
        parameterNames: ["temperature_c", "time_min", "indium_mmol", "phosphorus_mmol", "volume_ml"], response: "abs_nm")
    /// CdSe syntheses of Baum et al. 2020 (`cdse-baum2020`): growth temperature, time, Cd, Se and carboxylic-acid
    /// amounts → absorbance maximum.
    public static let cdse = RecipeDatasetSpec(
        dataset: "cdse-baum2020", materialID: "CdSe",
        columns: ["Growth Temp (Celsius)", "Time_min (min)", "Metal_mmol (mmol)", "Chalcogen_mmol (mmol)", "CA_mmol (mmol)"],
        parameterNames: ["temperature_c", "time_min", "cadmium_mmol", "selenium_mmol", "carboxylic_acid_mmol"], response: "Absorbance max (nm)")

    /// The spec for a dataset name or prefix ("inp", "cdse").
    /// - Throws: `DesignError.recipe` listing the supported datasets.
    public static func named(_ name: String) throws -> RecipeDatasetSpec {
        for spec in [inp, cdse] where spec.dataset == name || spec.dataset.hasPrefix(name + "-") { return spec }
        throw DesignError(.recipe, "No recipe featurisation for dataset '\(name)' (rule: one of inp-nguyen2022, cdse-baum2020, or the prefixes inp, cdse). Pick one of those.")
    }

    /// The default dataset for a candidate family, if any (InP → InP table; CdSe-rich CdSe(1−x)S(x) → CdSe table).
    public static func forFamily(_ family: String, x: Double) -> RecipeDatasetSpec? {
        if family == "InP" { return inp }
        if family == "CdSe-CdS", x == 0 { return cdse }
        return nil
    }

    /// The condition matrix and responses: rows whose every column parses as a finite number (others dropped;
    /// the count is returned).
    /// - Throws: QDData's errors for a missing dataset; `DesignError.recipe` for a missing column.
    public func load() throws -> (x: Matrix, y: [Double], dropped: Int) {
        let shipped = try ShippedDatasets.named(dataset)
        let table = try DelimitedTextReader.parse(try Data(contentsOf: shipped.dataFile), fileName: shipped.dataFile.lastPathComponent)
        func index(_ column: String) throws -> Int {
            guard let i = table.header.firstIndex(of: column) else {
                throw DesignError(.recipe, "Dataset \(dataset) has no column '\(column)' (header: \(table.header.joined(separator: ", "))).")
            }
            return i
        }
        let featureIndex = try columns.map(index), responseIndex = try index(response)
        var elements: [Double] = [], y: [Double] = [], dropped = 0
        for row in table.rows {
            let values = featureIndex.map { Double(row[$0].trimmingCharacters(in: .whitespaces)) }
            guard let r = Double(row[responseIndex].trimmingCharacters(in: .whitespaces)), r.isFinite,
                  values.allSatisfy({ $0?.isFinite ?? false }) else { dropped += 1; continue }
            elements += values.compactMap { $0 }
            y.append(r)
        }
        return (try Matrix(rows: y.count, columns: columns.count, elements: elements), y, dropped)
    }
}

/// A trained recipe surrogate: a Gaussian process (QDLearn) from conditions to the core's first-exciton peak,
/// with the box it may be inverted in. Codable, so `--save-model` / `--model` can persist it.
public struct RecipeSurrogate: Sendable, Codable {
    public let spec: RecipeDatasetSpec
    public let model: FittedGaussianProcess
    /// Per condition: the 5th and 95th percentile of the training data (the inversion box: no extrapolation).
    public let lower: [Double]
    public let upper: [Double]
    public let trainingRows: Int
    /// Leave-nothing-out fit statistics are not reported; `crossValidatedMAE` is a 5-fold estimate (nm).
    public let crossValidatedMAE: Double

    /// Trains the surrogate on `spec`'s shipped data.
    /// - Throws: `DesignError.recipe` when too few rows remain or the GP cannot be fitted.
    public static func train(_ spec: RecipeDatasetSpec, seed: UInt64 = 0) throws -> RecipeSurrogate {
        let (x, y, _) = try spec.load()
        guard y.count >= 10 else {
            throw DesignError(.recipe, "Only \(y.count) complete rows in \(spec.dataset) (rule: at least 10 to fit a surrogate).")
        }
        let gp = GaussianProcess(restarts: 3, maxEvaluationsPerStart: 120)
        let fitted: FittedGaussianProcess
        do { fitted = try gp.fit(x, y, seed: seed) } catch { throw DesignError(.recipe, "Surrogate fit failed on \(spec.dataset): \(error)") }
        var lower: [Double] = [], upper: [Double] = []
        for j in 0..<x.columns {
            let column = (0..<x.rows).map { x[$0, j] }.sorted()
            lower.append(column[Int(0.05 * Double(column.count - 1))])
            upper.append(column[Int(0.95 * Double(column.count - 1))])
        }
        // 5-fold cross-validated MAE with the same hyperparameter search, interleaved folds (seeded order).
        var rng = SeededRNG(seed: seed)
        var order = Array(0..<y.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.integer(below: i + 1)) }
        var absoluteErrors: [Double] = []
        for fold in 0..<5 {
            let test = order.enumerated().filter { $0.offset % 5 == fold }.map(\.element)
            let train = order.enumerated().filter { $0.offset % 5 != fold }.map(\.element)
            guard let model = try? gp.fit(x.selectingRows(train), train.map { y[$0] }, seed: seed),
                  let prediction = try? model.predict(x.selectingRows(test)) else { continue }
            absoluteErrors += zip(prediction, test).map { abs($0 - y[$1]) }
        }
        let mae = absoluteErrors.isEmpty ? .nan : absoluteErrors.reduce(0, +) / Double(absoluteErrors.count)
        return RecipeSurrogate(spec: spec, model: fitted, lower: lower, upper: upper, trainingRows: y.count, crossValidatedMAE: mae)
    }
}

/// One proposed set of conditions.
public struct RecipeProposal: Sendable, Codable, Equatable {
    /// Parameter name → value (units of the dataset column).
    public let conditions: [String: Double]
    /// Predicted first-exciton peak, nm, and its standard deviation including observation noise.
    public let predictedNanometres: Double
    public let standardDeviationNanometres: Double
}

/// Recipes for a candidate: the surrogate inverted with NSGA-II (QDOptimize) and a campaign spec.
public struct RecipePlan: Sendable, Codable {
    public let candidateID: String
    /// The core's first-exciton peak the synthesis must hit (the candidate's bare core), nm.
    public let coreTargetNanometres: Double
    public let surrogateDataset: String
    public let surrogateRows: Int
    public let surrogateCrossValidatedMAE: Double
    public let proposals: [RecipeProposal]
    /// Notes: what the target means, what the surrogate cannot see.
    public let notes: [String]

    /// Inverts `surrogate` for `candidateID` under `model`'s physics.
    ///
    /// The synthesis makes the core, so the target is the bare core's first exciton at the candidate's diameter
    /// and composition (the shell is grown afterwards). NSGA-II minimises (|μ(x) − target|, σ(x)) over the
    /// 5th–95th-percentile box of the training conditions, so proposals stay where the data are; proposals are
    /// the front members with |μ − target| ≤ max(2σ, 5 nm), lowest σ first, at most `count`.
    /// - Throws: `DesignError.invalidInput` for a bad id; `.recipe` when the surrogate's material does not match
    ///   the core, or nothing on the front is within reach (the message gives the reachable range).
    public static func make(candidateID: String, model: ScreeningModel, surrogate: RecipeSurrogate, count: Int = 5, seed: UInt64 = 0) throws -> RecipePlan {
        let parts = try CandidateID.parse(candidateID)
        guard let familyIndex = model.families.firstIndex(where: { $0.id == parts.family }) else {
            throw DesignError(.invalidInput, "Candidate family '\(parts.family)' is not screened here (rule: an id printed by `qdlab design`). Known: \(model.families.map(\.id).joined(separator: ", ")).")
        }
        let family = model.families[familyIndex]
        let coreID = family.label(x: parts.x)
        guard coreID == surrogate.spec.materialID else {
            throw DesignError(.recipe, "The surrogate was trained on \(surrogate.spec.materialID) syntheses but the candidate's core is \(coreID) (rule: the dataset must make the same core). Use a candidate with a \(surrogate.spec.materialID) core, or a dataset for \(coreID) (shipped: inp-nguyen2022, cdse-baum2020).")
        }
        let bare = try model.variant(familyIndex: familyIndex, x: parts.x, shell: .none, thickness: 0)
        let target = model.evaluate(bare, diameter: parts.diameter, sizeDispersion: 0).absorptionNanometres
        let gp = surrogate.model
        let problem = MultiObjectiveProblem(bounds: try BoxBounds(lower: surrogate.lower, upper: surrogate.upper), objectiveCount: 2) { z in
            guard let row = try? Matrix(rows: 1, columns: z.count, elements: z), let p = try? gp.posterior(row),
                  let mean = p.mean.first, let variance = p.predictiveVariance.first else { return ([1e6, 1e6], 1e6) }
            return ([abs(mean - target), variance.squareRoot()], 0)
        }
        let front = try NSGA2.minimize(problem, settings: NSGA2Settings(populationSize: 60, generations: 60, seed: seed))
        var proposals: [RecipeProposal] = []
        var bestGap = Double.infinity
        for individual in front.sorted(by: { $0.objectives[1] < $1.objectives[1] }) {
            let (gap, sd) = (individual.objectives[0], individual.objectives[1])
            bestGap = min(bestGap, gap)
            guard gap <= max(2 * sd, 5) else { continue }
            let mean = try gp.posterior(Matrix(rows: 1, columns: individual.x.count, elements: individual.x)).mean.first ?? .nan
            var conditions: [String: Double] = [:]
            for (name, value) in zip(surrogate.spec.parameterNames, individual.x) { conditions[name] = (value * 1000).rounded() / 1000 }
            if proposals.contains(where: { $0.conditions == conditions }) { continue }
            proposals.append(RecipeProposal(conditions: conditions, predictedNanometres: mean, standardDeviationNanometres: sd))
            if proposals.count == count { break }
        }
        guard !proposals.isEmpty else {
            throw DesignError(.recipe, String(format: "No conditions in the data's range are predicted to reach a %@ core at %.0f nm (closest %.0f nm away; rule: |prediction − target| ≤ max(2σ, 5 nm)). Pick a candidate whose core lies within the dataset's range.", coreID, target, bestGap))
        }
        return RecipePlan(
            candidateID: candidateID, coreTargetNanometres: target, surrogateDataset: surrogate.spec.dataset,
            surrogateRows: surrogate.trainingRows, surrogateCrossValidatedMAE: surrogate.crossValidatedMAE, proposals: proposals,
            notes: [
                String(format: "Target = first exciton of the bare %@ core at d = %.2f nm from the sizing curve; grow the %@ shell afterwards.", coreID, parts.diameter, parts.shell.rawValue),
                String(format: "Surrogate: Gaussian process (Matérn 5/2, ARD) on %d rows of %@; 5-fold CV MAE %.1f nm. σ includes observation noise.", surrogate.trainingRows, surrogate.spec.dataset, surrogate.crossValidatedMAE),
                "Published syntheses mix precursors, ligands and methods the five conditions do not describe; treat proposals as starting points for a campaign, not as predictions to trust.",
            ])
    }

    /// The campaign spec as YAML in the format `qdlab campaign new` reads (docs/optimize.md): name, metadata
    /// (material, candidate), parameters (name, kind, low, high), objective (response, goal target, target,
    /// tolerance), budget, batch, initial_design, and initial_points — the proposals, run first.
    ///
    /// Written by hand rather than with Yams: QDDesign does not depend on Yams, and the spec is a fixed, flat
    /// shape whose keys and numbers need no escaping (the name is quoted).
    public func campaignYAML(surrogate: RecipeSurrogate, budget: Int = 24, batch: Int = 4, toleranceNanometres: Double = 5) -> String {
        func number(_ v: Double) -> String { String(format: "%.6g", v) }
        var lines = [
            "# QDLab campaign spec written by `qdlab design recipes` for candidate \(candidateID)",
            "name: \"design-\(candidateID.replacingOccurrences(of: "|", with: "_").replacingOccurrences(of: "/", with: "-"))\"",
            "metadata: {material: \(surrogate.spec.materialID), candidate: \"\(candidateID)\", written_by: qdlab design recipes}",
            "parameters:",
        ]
        for (k, name) in surrogate.spec.parameterNames.enumerated() {
            lines += ["  - name: \(name)", "    kind: continuous", "    low: \(number(surrogate.lower[k]))", "    high: \(number(surrogate.upper[k]))"]
        }
        lines += [
            "objective:",
            "  response: absorption_peak_nm",
            "  goal: target",
            "  target: \(number((coreTargetNanometres * 10).rounded() / 10))",
            "  tolerance: \(number(toleranceNanometres))",
            "budget: \(budget)",
            "batch: \(batch)",
            "initial_design: sobol",
            "initial_points:",
        ]
        for p in proposals {
            let cells = surrogate.spec.parameterNames.map { "\($0): \(number(p.conditions[$0] ?? .nan))" }.joined(separator: ", ")
            lines.append("  - {\(cells)}  # predicted \(String(format: "%.1f ± %.1f", p.predictedNanometres, p.standardDeviationNanometres)) nm")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

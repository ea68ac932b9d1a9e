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

/// Anything that predicts a recipe's first-exciton peak, with an uncertainty, over a box of conditions: the
/// GP `RecipeSurrogate` trained here, or a `SavedModel` from `qdlab train` (`SavedRecipeSurrogate`).
public protocol RecipePredictor: Sendable {
    /// The dataset and columns the conditions refer to.
    var spec: RecipeDatasetSpec { get }
    /// Per condition: the box the predictor may be inverted in (units of the dataset column).
    var lower: [Double] { get }
    /// Upper corner of the box.
    var upper: [Double] { get }
    /// Rows the predictor was trained on.
    var trainingRows: Int { get }
    /// Cross-validated mean absolute error, nm (NaN when not estimated).
    var crossValidatedMAE: Double { get }
    /// One sentence: which model, trained on what, with which error.
    var summary: String { get }
    /// Predicted peak (nm) and its standard deviation (nm) for each row of conditions (`spec.columns` order).
    /// - Throws: the model's prediction errors.
    func predict(_ conditions: [[Double]]) throws -> [(mean: Double, standardDeviation: Double)]
}

/// A trained recipe surrogate: a Gaussian process (QDLearn) from conditions to the core's first-exciton peak,
/// with the box it may be inverted in. Codable, so `--save-model` / `--model` can persist it.
public struct RecipeSurrogate: RecipePredictor, Codable {
    /// The dataset and columns.
    public let spec: RecipeDatasetSpec
    /// The fitted GP (raw column units in, nm out).
    public let model: FittedGaussianProcess
    /// Per condition: the 5th and 95th percentile of the training data (the inversion box: no extrapolation).
    public let lower: [Double]
    /// Upper corner of the inversion box (95th percentiles).
    public let upper: [Double]
    /// Rows the GP was fitted on.
    public let trainingRows: Int
    /// Leave-nothing-out fit statistics are not reported; `crossValidatedMAE` is a 5-fold estimate (nm), NaN
    /// when training skipped it.
    public let crossValidatedMAE: Double

    /// "Gaussian process (Matérn 5/2, ARD) on n rows of D; 5-fold CV MAE m nm."
    public var summary: String {
        String(format: "Surrogate: Gaussian process (Matérn 5/2, ARD) on %d rows of %@; 5-fold CV MAE %.1f nm. σ includes observation noise.", trainingRows, spec.dataset, crossValidatedMAE)
    }

    /// Posterior mean and predictive sd (latent variance + noise) per row.
    /// - Throws: as `FittedGaussianProcess.posterior`.
    public func predict(_ conditions: [[Double]]) throws -> [(mean: Double, standardDeviation: Double)] {
        guard !conditions.isEmpty else { return [] }
        let x = try Matrix(rows: conditions.count, columns: spec.columns.count, elements: conditions.flatMap { $0 })
        let p = try model.posterior(x)
        return zip(p.mean, p.predictiveVariance).map { ($0, $1.squareRoot()) }
    }

    /// Trains the surrogate on `spec`'s shipped data.
    /// - Throws: `DesignError.recipe` when too few rows remain or the GP cannot be fitted.
    public static func train(_ spec: RecipeDatasetSpec, seed: UInt64 = 0) throws -> RecipeSurrogate {
        let (x, y, _) = try spec.load()
        return try train(x: x, y: y, spec: spec, seed: seed)
    }

    /// Trains the surrogate on given rows of `spec`'s conditions (e.g. one fold of the data).
    /// - Parameter crossValidate: estimate the 5-fold CV MAE (five more fits); false leaves it NaN.
    /// - Throws: `DesignError.recipe` when fewer than 10 rows are given or the GP cannot be fitted.
    /// - Complexity: O((1 + 5·crossValidate) · restarts · evaluations · n³).
    public static func train(x: Matrix, y: [Double], spec: RecipeDatasetSpec, seed: UInt64 = 0, crossValidate: Bool = true) throws -> RecipeSurrogate {
        guard y.count >= 10 else {
            throw DesignError(.recipe, "Only \(y.count) complete rows in \(spec.dataset) (rule: at least 10 to fit a surrogate).")
        }
        let gp = GaussianProcess(restarts: 3, maxEvaluationsPerStart: 120)
        let fitted: FittedGaussianProcess
        do { fitted = try gp.fit(x, y, seed: seed) } catch { throw DesignError(.recipe, "Surrogate fit failed on \(spec.dataset): \(error)") }
        let (lower, upper) = percentileBox(x)
        guard crossValidate else {
            return RecipeSurrogate(spec: spec, model: fitted, lower: lower, upper: upper, trainingRows: y.count, crossValidatedMAE: .nan)
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

    /// Per column of `x`: the 5th and 95th percentile (lower order statistic at ⌊p(n − 1)⌋).
    static func percentileBox(_ x: Matrix) -> (lower: [Double], upper: [Double]) {
        var lower: [Double] = [], upper: [Double] = []
        for j in 0..<x.columns {
            let column = (0..<x.rows).map { x[$0, j] }.sorted()
            lower.append(column[Int(0.05 * Double(column.count - 1))])
            upper.append(column[Int(0.95 * Double(column.count - 1))])
        }
        return (lower, upper)
    }
}

/// Surrogate inversion: NSGA-II (QDOptimize) on (|μ(x) − target|, σ(x)) over the predictor's box.
public enum RecipeInversion {
    /// One inverted recipe.
    public struct Hit: Sendable, Equatable {
        /// Conditions, `spec.columns` order.
        public let conditions: [Double]
        /// Predicted peak and sd, nm.
        public let meanNanometres: Double
        public let standardDeviationNanometres: Double
    }

    /// Recipes predicted to hit `targetNanometres`: front members with |μ − target| ≤ max(2σ, 5 nm), lowest σ
    /// first, distinct after rounding to 3 decimals, at most `count`; and the smallest |μ − target| on the front.
    ///
    /// NSGA-II with population 60 and 60 generations (3 600 predictions), seeded.
    /// - Throws: as `NSGA2.minimize`; `BoxBounds` errors for an empty box.
    public static func invert(_ predictor: some RecipePredictor, targetNanometres target: Double, count: Int, seed: UInt64) throws -> (hits: [Hit], closestGapNanometres: Double) {
        let problem = MultiObjectiveProblem(bounds: try BoxBounds(lower: predictor.lower, upper: predictor.upper), objectiveCount: 2) { z in
            guard let p = try? predictor.predict([z]).first, p.mean.isFinite, p.standardDeviation.isFinite else { return ([1e6, 1e6], 1e6) }
            return ([abs(p.mean - target), p.standardDeviation], 0)
        }
        let front = try NSGA2.minimize(problem, settings: NSGA2Settings(populationSize: 60, generations: 60, seed: seed))
        var hits: [Hit] = [], seen: Set<[Double]> = []
        var bestGap = Double.infinity
        for individual in front.sorted(by: { $0.objectives[1] < $1.objectives[1] }) {
            let (gap, sd) = (individual.objectives[0], individual.objectives[1])
            bestGap = min(bestGap, gap)
            guard gap <= max(2 * sd, 5), hits.count < count else { continue }
            let rounded = individual.x.map { ($0 * 1000).rounded() / 1000 }
            guard seen.insert(rounded).inserted, let p = try predictor.predict([individual.x]).first else { continue }
            hits.append(Hit(conditions: rounded, meanNanometres: p.mean, standardDeviationNanometres: p.standardDeviation))
        }
        return (hits, bestGap)
    }
}

/// Which generator proposes the recipes of a plan.
public enum RecipeGeneratorChoice: String, Sendable, Codable, CaseIterable {
    /// The surrogate inverted with NSGA-II.
    case surrogate
    /// Samples of the conditional VAE (`RecipeVAE`) at the target, predicted by the surrogate for reference.
    case vae
    /// Both: surrogate proposals first, then as many VAE samples.
    case both
}

/// One proposed set of conditions.
public struct RecipeProposal: Sendable, Codable, Equatable {
    /// Parameter name → value (units of the dataset column).
    public let conditions: [String: Double]
    /// Predicted first-exciton peak, nm, and its standard deviation including observation noise.
    public let predictedNanometres: Double
    public let standardDeviationNanometres: Double
    /// Which generator proposed it (`surrogate` or `vae`).
    public let generator: RecipeGeneratorChoice
}

/// Recipes for a candidate: the surrogate inverted with NSGA-II (QDOptimize) and/or the conditional VAE sampled
/// at the target, and a campaign spec.
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

    /// The bare core's first-exciton peak (nm) for a candidate id, and the core's material id.
    /// - Throws: `DesignError.invalidInput` for a bad id or an unscreened family.
    public static func coreTarget(candidateID: String, model: ScreeningModel) throws -> (nanometres: Double, coreID: String, diameter: Double, shell: String) {
        let parts = try CandidateID.parse(candidateID)
        guard let familyIndex = model.families.firstIndex(where: { $0.id == parts.family }) else {
            throw DesignError(.invalidInput, "Candidate family '\(parts.family)' is not screened here (rule: an id printed by `qdlab design`). Known: \(model.families.map(\.id).joined(separator: ", ")).")
        }
        let coreID = model.families[familyIndex].label(x: parts.x)
        let bare = try model.variant(familyIndex: familyIndex, x: parts.x, shell: .none, thickness: 0)
        return (model.evaluate(bare, diameter: parts.diameter, sizeDispersion: 0).absorptionNanometres, coreID, parts.diameter, parts.shell.rawValue)
    }

    /// Recipes for `candidateID` under `model`'s physics, from `surrogate` inverted and/or `vae` sampled.
    ///
    /// The synthesis makes the core, so the target is the bare core's first exciton at the candidate's diameter
    /// and composition (the shell is grown afterwards). Surrogate proposals: `RecipeInversion.invert` (NSGA-II
    /// on (|μ − target|, σ) over the 5th–95th-percentile box; front members with |μ − target| ≤ max(2σ, 5 nm),
    /// lowest σ first). VAE proposals: `count` samples of `vae` conditioned on the target, clamped to the box,
    /// each with the surrogate's prediction (not filtered by it).
    /// - Throws: `DesignError.invalidInput` for a bad id; `.recipe` when the surrogate's material does not match
    ///   the core, `generator` needs a VAE and none (or one for another dataset) is given, or nothing on the
    ///   front is within reach (the message gives the reachable range).
    public static func make(
        candidateID: String, model: ScreeningModel, surrogate: some RecipePredictor, generator: RecipeGeneratorChoice = .surrogate,
        vae: RecipeVAE? = nil, count: Int = 5, seed: UInt64 = 0
    ) throws -> RecipePlan {
        let core = try coreTarget(candidateID: candidateID, model: model)
        guard core.coreID == surrogate.spec.materialID else {
            throw DesignError(.recipe, "The surrogate was trained on \(surrogate.spec.materialID) syntheses but the candidate's core is \(core.coreID) (rule: the dataset must make the same core). Use a candidate with a \(surrogate.spec.materialID) core, or a dataset for \(core.coreID) (shipped: inp-nguyen2022, cdse-baum2020).")
        }
        let target = core.nanometres
        var proposals: [RecipeProposal] = []
        func proposal(_ x: [Double], _ mean: Double, _ sd: Double, _ g: RecipeGeneratorChoice) -> RecipeProposal {
            var conditions: [String: Double] = [:]
            for (name, value) in zip(surrogate.spec.parameterNames, x) { conditions[name] = (value * 1000).rounded() / 1000 }
            return RecipeProposal(conditions: conditions, predictedNanometres: mean, standardDeviationNanometres: sd, generator: g)
        }
        if generator != .vae {
            let (hits, bestGap) = try RecipeInversion.invert(surrogate, targetNanometres: target, count: count, seed: seed)
            guard !hits.isEmpty else {
                throw DesignError(.recipe, String(format: "No conditions in the data's range are predicted to reach a %@ core at %.0f nm (closest %.0f nm away; rule: |prediction − target| ≤ max(2σ, 5 nm)). Pick a candidate whose core lies within the dataset's range.", core.coreID, target, bestGap))
            }
            proposals += hits.map { proposal($0.conditions, $0.meanNanometres, $0.standardDeviationNanometres, .surrogate) }
        }
        var notes = [
            String(format: "Target = first exciton of the bare %@ core at d = %.2f nm from the sizing curve; grow the %@ shell afterwards.", core.coreID, core.diameter, core.shell),
            surrogate.summary,
        ]
        if generator != .surrogate {
            guard let vae else {
                throw DesignError(.recipe, "Generator '\(generator.rawValue)' needs a trained recipe VAE (rule: RecipeVAE.train on the surrogate's dataset). Train one, or use --generator surrogate.")
            }
            guard vae.parameterNames == surrogate.spec.parameterNames else {
                throw DesignError(.recipe, "The VAE's conditions (\(vae.parameterNames.joined(separator: ", "))) are not the surrogate's (\(surrogate.spec.parameterNames.joined(separator: ", "))) (rule: both trained on the same dataset). Train the VAE on \(surrogate.spec.dataset).")
            }
            let samples = vae.sample(targetNanometres: target, count: count, seed: seed)
            let predictions = try surrogate.predict(samples)
            proposals += zip(samples, predictions).map { proposal($0, $1.mean, $1.standardDeviation, .vae) }
            notes.append(vae.summary + " VAE rows are samples, not optimised: the surrogate's prediction is shown for reference.")
        }
        notes.append("Published syntheses mix precursors, ligands and methods the five conditions do not describe; treat proposals as starting points for a campaign, not as predictions to trust.")
        return RecipePlan(
            candidateID: candidateID, coreTargetNanometres: target, surrogateDataset: surrogate.spec.dataset,
            surrogateRows: surrogate.trainingRows, surrogateCrossValidatedMAE: surrogate.crossValidatedMAE, proposals: proposals, notes: notes)
    }

    /// The campaign spec as YAML in the format `qdlab campaign new` reads (docs/optimize.md): name, metadata
    /// (material, candidate), parameters (name, kind, low, high), objective (response, goal target, target,
    /// tolerance), budget, batch, initial_design, and initial_points — the proposals, run first.
    ///
    /// Written by hand rather than with Yams: QDDesign does not depend on Yams, and the spec is a fixed, flat
    /// shape whose keys and numbers need no escaping (the name is quoted).
    public func campaignYAML(surrogate: some RecipePredictor, budget: Int = 24, batch: Int = 4, toleranceNanometres: Double = 5) -> String {
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
            lines.append("  - {\(cells)}  # \(p.generator.rawValue), predicted \(String(format: "%.1f ± %.1f", p.predictedNanometres, p.standardDeviationNanometres)) nm")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

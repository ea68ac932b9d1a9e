import ArgumentParser
import Foundation
import QDDesign
import QDLearn

extension RecipeGeneratorChoice: ExpressibleByArgument {}

extension DesignCommand {
    /// `qdlab design recipes`: synthesis conditions for a candidate and a campaign spec.
    struct Recipes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose synthesis conditions for a candidate (surrogate inverted with NSGA-II, or a conditional VAE sampled) and write a campaign spec (YAML).",
            discussion: """
                The surrogate is a Gaussian process trained on a shipped dataset (--dataset inp or cdse; default from the
                candidate's core), or loaded with --model: a JSON file saved earlier with --save-model FILE, or a model
                folder written by `qdlab train` (target abs_nm; its features must include the recipe conditions).
                --generator vae|both adds samples of a conditional VAE trained on the same dataset.
                --compare runs the generator comparison of docs/design.md instead (no candidate needed).
                Example: qdlab design recipes --candidate 'InP|x0.000|ZnSe/ZnS|h1.500|d2.800' --campaign inp.yaml
                """)

        @Option(help: "Candidate id, as printed by `qdlab design`.") var candidate: String?
        @Option(help: "Surrogate: JSON from --save-model, or a model folder from `qdlab train`.") var model: String?
        @Option(help: "Who proposes recipes: surrogate (NSGA-II inversion), vae (conditional VAE samples) or both.") var generator: RecipeGeneratorChoice = .surrogate
        @Flag(help: "Compare the generators at 5 held-out targets on --dataset (judge trained on the other half of the data).") var compare = false
        @Option(name: .customLong("per-target"), help: "With --compare: recipes per method and target.") var perTarget = 20
        @Option(name: .customLong("vae-epochs"), help: "Training epochs of the recipe VAE (--generator vae|both, --compare).") var vaeEpochs = 600
        @Option(help: "Dataset to train the surrogate on: inp or cdse (default: from the candidate's core).") var dataset: String?
        @Option(name: .customLong("save-model"), help: "Write the trained surrogate (JSON) here.") var saveModel: String?
        @Option(help: "Write the campaign spec (YAML) here.") var campaign: String?
        @Option(help: "How many proposals.") var count = 5
        @Option(help: "Campaign budget (experiments).") var budget = 24
        @Option(help: "Campaign batch size.") var batch = 4
        @Option(help: "Seed of training and inversion.") var seed: UInt64 = 0
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard count >= 1, budget >= 1, batch >= 1, batch <= budget else {
                throw ValidationError("--count, --budget and --batch must be ≥ 1 with batch ≤ budget.")
            }
            guard compare || candidate != nil else { throw ValidationError("Give --candidate ID (as printed by `qdlab design`), or --compare.") }
            guard vaeEpochs >= 1 else { throw ValidationError("--vae-epochs must be ≥ 1. Got \(vaeEpochs).") }
            guard perTarget >= 2 else { throw ValidationError("--per-target must be ≥ 2 (diversity needs pairs). Got \(perTarget).") }
        }

        func run() throws {
            try reportingErrors {
                if compare { try runComparison(); return }
                guard let candidate else { return }
                let parts = try CandidateID.parse(candidate)
                let surrogate: any RecipePredictor
                if let model {
                    surrogate = try Self.loadSurrogate(model)
                } else {
                    let spec = try dataset.map(RecipeDatasetSpec.named) ?? RecipeDatasetSpec.forFamily(parts.family, x: parts.x)
                    guard let spec else {
                        throw DesignError(.recipe, "No shipped synthesis dataset makes a \(parts.family) core at x = \(parts.x) (rule: recipes exist for InP and CdSe cores: inp-nguyen2022, cdse-baum2020). Choose such a candidate or pass --dataset.")
                    }
                    surrogate = try RecipeSurrogate.train(spec, seed: seed)
                }
                if let saveModel {
                    guard let gp = surrogate as? RecipeSurrogate else {
                        throw DesignError(.recipe, "--save-model writes a surrogate trained here; '\(model ?? "")' is already a saved model folder (rule: no --save-model with a `qdlab train` model).")
                    }
                    try jsonData(gp).write(to: URL(fileURLWithPath: saveModel))
                }
                let vae = generator == .surrogate ? nil : try RecipeVAE.train(surrogate.spec, seed: seed, settings: RecipeVAESettings(epochs: vaeEpochs))
                let request = DesignRequest(targetNanometres: 500)
                let screening = try ScreeningModel(request: request, grid: SpaceGrid(thicknessLevels: [max(min(parts.thickness, 3), 0.25)]))
                let plan = try RecipePlan.make(candidateID: candidate, model: screening, surrogate: surrogate, generator: generator, vae: vae, count: count, seed: seed)
                let yaml = plan.campaignYAML(surrogate: surrogate, budget: budget, batch: batch)
                if let campaign { try yaml.write(toFile: campaign, atomically: true, encoding: .utf8) }
                if output.json { try printJSON(plan); return }
                print(String(format: "Candidate %@: bare-core first exciton %.1f nm is the synthesis target.", candidate, plan.coreTargetNanometres))
                var table = TextTable(["from"] + surrogate.spec.parameterNames + ["predicted (nm)", "± sd (nm)"])
                for p in plan.proposals {
                    table.add([p.generator.rawValue] + surrogate.spec.parameterNames.map { fixed(p.conditions[$0], 3) } + [fixed(p.predictedNanometres, 1), fixed(p.standardDeviationNanometres, 1)])
                }
                print(table.render())
                for note in plan.notes { print("note: \(note)") }
                if let campaign { print("campaign spec → \(campaign)") } else { print(yaml, terminator: "") }
            }
        }

        /// A `RecipeSurrogate` JSON file, or a `qdlab train` model folder wrapped as `SavedRecipeSurrogate`.
        static func loadSurrogate(_ path: String) throws -> any RecipePredictor {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return try SavedRecipeSurrogate(try SavedModel.load(from: URL(fileURLWithPath: path)))
            }
            do {
                return try JSONDecoder().decode(RecipeSurrogate.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw DesignError(.recipe, "Cannot read surrogate '\(path)': \(error.localizedDescription) (rule: a JSON file written by --save-model, or a model folder written by `qdlab train`). Train one with --dataset.")
            }
        }

        /// `--compare`: the generator comparison on --dataset (default inp).
        func runComparison() throws {
            let spec = try RecipeDatasetSpec.named(dataset ?? "inp")
            let c = try RecipeGeneratorComparison.run(spec, perTarget: perTarget, seed: seed, vaeSettings: RecipeVAESettings(epochs: vaeEpochs))
            if output.json { try printJSON(c); return }
            print(String(format: "%@: generators trained on %d rows, judge (gradient boosting) on the other %d; judge MAE on the generators' rows %.1f nm.",
                         c.dataset, c.generatorRows, c.judgeRows, c.judgeMAEOnGeneratorFold))
            var table = TextTable(["method", "|judge − target| (nm)", "diversity", "in data region", "recipes"])
            for s in c.summary { table.add([s.method, fixed(s.judgeErrorNanometres, 1), fixed(s.diversity, 2), fixed(s.inRegionFraction, 2), "\(s.recipes)"]) }
            print(table.render())
            print("targets (nm): " + c.targetsNanometres.map { fixed($0, 0) }.joined(separator: ", ") + "; per target and method: --json")
        }
    }
}

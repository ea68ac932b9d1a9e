import ArgumentParser
import Foundation
import QDDesign

extension DesignCommand {
    /// `qdlab design recipes`: synthesis conditions for a candidate and a campaign spec.
    struct Recipes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose synthesis conditions for a candidate (surrogate inverted with NSGA-II) and write a campaign spec (YAML).",
            discussion: """
                The surrogate is a Gaussian process trained on a shipped dataset (--dataset inp or cdse; default from the
                candidate's core), or loaded with --model FILE (a surrogate saved earlier with --save-model FILE).
                Example: qdlab design recipes --candidate 'InP|x0.000|ZnSe/ZnS|h1.500|d2.800' --campaign inp.yaml
                """)

        @Option(help: "Candidate id, as printed by `qdlab design`.") var candidate: String
        @Option(help: "Saved surrogate (JSON from --save-model).") var model: String?
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
        }

        func run() throws {
            try reportingErrors {
                let parts = try CandidateID.parse(candidate)
                let surrogate: RecipeSurrogate
                if let model {
                    do {
                        surrogate = try JSONDecoder().decode(RecipeSurrogate.self, from: Data(contentsOf: URL(fileURLWithPath: model)))
                    } catch {
                        throw DesignError(.recipe, "Cannot read surrogate '\(model)': \(error.localizedDescription) (rule: a JSON file written by --save-model). Train one with --dataset.")
                    }
                } else {
                    let spec = try dataset.map(RecipeDatasetSpec.named) ?? RecipeDatasetSpec.forFamily(parts.family, x: parts.x)
                    guard let spec else {
                        throw DesignError(.recipe, "No shipped synthesis dataset makes a \(parts.family) core at x = \(parts.x) (rule: recipes exist for InP and CdSe cores: inp-nguyen2022, cdse-baum2020). Choose such a candidate or pass --dataset.")
                    }
                    surrogate = try RecipeSurrogate.train(spec, seed: seed)
                }
                if let saveModel { try jsonData(surrogate).write(to: URL(fileURLWithPath: saveModel)) }
                let request = DesignRequest(targetNanometres: 500)
                let screening = try ScreeningModel(request: request, grid: SpaceGrid(thicknessLevels: [max(min(parts.thickness, 3), 0.25)]))
                let plan = try RecipePlan.make(candidateID: candidate, model: screening, surrogate: surrogate, count: count, seed: seed)
                let yaml = plan.campaignYAML(surrogate: surrogate, budget: budget, batch: batch)
                if let campaign { try yaml.write(toFile: campaign, atomically: true, encoding: .utf8) }
                if output.json { try printJSON(plan); return }
                print(String(format: "Candidate %@: bare-core first exciton %.1f nm is the synthesis target.", candidate, plan.coreTargetNanometres))
                var table = TextTable(surrogate.spec.parameterNames + ["predicted (nm)", "± sd (nm)"])
                for p in plan.proposals {
                    table.add(surrogate.spec.parameterNames.map { fixed(p.conditions[$0], 3) } + [fixed(p.predictedNanometres, 1), fixed(p.standardDeviationNanometres, 1)])
                }
                print(table.render())
                for note in plan.notes { print("note: \(note)") }
                if let campaign { print("campaign spec → \(campaign)") } else { print(yaml, terminator: "") }
            }
        }
    }
}

import Foundation
import Testing
@testable import QDDesign

/// The generator comparison: its protocol's invariants (always), and the figures of docs/design.md (opt-in).
@Suite("Recipe generators compared")
struct RecipeComparisonTests {
    /// Invariants of the protocol, on a short run (few samples, a briefly trained VAE: not the reported figures).
    @Test("every method is scored at every target; the data baseline lies in the data region")
    func protocolInvariants() throws {
        let c = try RecipeGeneratorComparison.run(.inp, perTarget: 4, seed: 1, vaeSettings: RecipeVAESettings(epochs: 40))
        #expect(c.rows.count == 5 * RecipeGeneratorComparison.methods.count)
        #expect(c.targetsNanometres == c.targetsNanometres.sorted() && c.targetsNanometres.count == 5)
        #expect(c.generatorRows + c.judgeRows == 206)
        #expect(c.judgeMAEOnGeneratorFold.isFinite && c.judgeMAEOnGeneratorFold > 0)
        for row in c.rows {
            #expect(row.count <= 4)
            if row.method != "surrogate" { #expect(row.count == 4, "\(row.method) at \(row.targetNanometres)") }
            if row.count > 0 {
                let f = try #require(row.inRegionFraction)
                #expect(f >= 0 && f <= 1)
                #expect(row.judgeErrorNanometres?.isFinite == true)
            }
        }
        // Fold-A recipes are at distance 0 from themselves: the baseline is always inside.
        for row in c.rows where row.method == "nearest-data" { #expect(row.inRegionFraction == 1) }
        #expect(c.summary.map(\.method) == RecipeGeneratorComparison.methods)
        #expect(throws: DesignError.self) { try RecipeGeneratorComparison.run(.inp, perTarget: 1) }
    }

    /// The table of docs/design.md. Opt-in (about a minute per dataset and seed in a debug build):
    /// `QDLAB_DESIGN_COMPARE=1 swift test --scratch-path .build-twin --filter RecipeComparisonTests/figures`.
    /// Prints QDLAB lines; asserts only that every method produced numbers.
    @Test("figures: VAE vs surrogate inversion on InP and CdSe, 3 seeds",
          .enabled(if: ProcessInfo.processInfo.environment["QDLAB_DESIGN_COMPARE"] != nil))
    func figures() throws {
        for spec in [RecipeDatasetSpec.inp, .cdse] {
            for seed in [UInt64(0), 1, 2] {
                let c = try RecipeGeneratorComparison.run(spec, perTarget: 20, seed: seed)
                print(String(format: "QDLAB compare %@ seed=%llu rowsA=%d rowsB=%d judgeMAE=%.1f targets=%@", spec.dataset, seed, c.generatorRows, c.judgeRows,
                             c.judgeMAEOnGeneratorFold, c.targetsNanometres.map { String(format: "%.0f", $0) }.joined(separator: ",")))
                for s in c.summary {
                    print(String(format: "QDLAB compare %@ seed=%llu method=%@ judge_err_nm=%.1f diversity=%.2f in_region=%.2f recipes=%d",
                                 spec.dataset, seed, s.method, s.judgeErrorNanometres, s.diversity, s.inRegionFraction, s.recipes))
                    #expect(s.judgeErrorNanometres.isFinite)
                }
            }
        }
    }

    /// The PLQY model's figures for docs/design.md (same opt-in as `figures`).
    @Test("figures: the CsPbBr3 PLQY model, grouped CV", .enabled(if: ProcessInfo.processInfo.environment["QDLAB_DESIGN_COMPARE"] != nil))
    func plqyFigures() throws {
        for seed in [UInt64(0), 1, 2] {
            let m = try PerovskitePLQYModel.train(seed: seed)
            let at = [440.0, 460, 480, 500, 515].map { String(format: "%.0f:%.2f", $0, m.predict(emissionNanometres: $0) ?? .nan) }.joined(separator: ",")
            print(String(format: "QDLAB plqy seed=%llu rows=%d cv_mae=%.3f baseline_mae=%.3f domain=%.0f-%.0f predictions=%@",
                         seed, m.trainingRows, m.crossValidatedMAE, m.baselineMAE, m.domainNanometres.lowerBound, m.domainNanometres.upperBound, at))
            #expect(m.crossValidatedMAE.isFinite)
        }
    }
}

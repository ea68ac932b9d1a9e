import Foundation
import QDLearn
import Testing
@testable import QDDesign

/// `qdlab train` models as recipe surrogates, and the CsPbBr3 PLQY model.
@Suite("Saved-model surrogates and the PLQY model")
struct RecipeSavedModelTests {
    static let candidate = "InP|x0.000|ZnSe/ZnS|h1.500|d2.600"

    @Test("a saved abs_nm model of the InP table inverts like the GP surrogate")
    func savedModelSurrogate() throws {
        let saved = try SavedModel.train(dataset: "inp", target: "abs_nm", model: .gbm, seed: 0)
        let surrogate = try SavedRecipeSurrogate(saved)
        #expect(surrogate.spec == .inp)
        // The reagents are held at their most frequent level, the other amounts at their medians.
        #expect(surrogate.fixedColumns.keys.contains("in_source") && surrogate.fixedColumns.keys.contains("acid_amount_mmol"))
        #expect(!surrogate.fixedColumns.keys.contains("temp_c"))
        // The wrapper predicts what the saved model predicts for the same full record.
        let conditions = [260.0, 30, 0.4, 0.3, 10]
        var record = surrogate.fixedColumns
        for (c, v) in zip(RecipeDatasetSpec.inp.columns, conditions) { record[c] = String(v) }
        let direct = try #require(try saved.predict(records: [record]).first)
        let wrapped = try #require(try surrogate.predict([conditions]).first)
        #expect(wrapped.mean == direct.value)
        // No posterior sd for boosting: the card's 90 % half-width / z₀.₉₅ (1.6449).
        #expect(abs(wrapped.standardDeviation - saved.intervalHalfWidth / 1.6448536269514722) < 1e-9)
        let model = try ScreeningModel(request: DesignRequest(targetNanometres: 500), grid: SpaceGrid(thicknessLevels: [1.5]))
        let plan = try RecipePlan.make(candidateID: Self.candidate, model: model, surrogate: surrogate, count: 3, seed: 0)
        #expect(!plan.proposals.isEmpty && plan.proposals.count <= 3)
        for p in plan.proposals {
            #expect(abs(p.predictedNanometres - plan.coreTargetNanometres) <= max(2 * p.standardDeviationNanometres, 5) + 1e-9)
        }
        #expect(plan.notes.contains { $0.contains("saved model") })
    }

    @Test("a model of another target is refused with the rule and the way out")
    func wrongTarget() throws {
        let saved = try SavedModel.train(dataset: "inp", target: "emission_nm", model: .ridge, seed: 0)
        do {
            _ = try SavedRecipeSurrogate(saved)
            Issue.record("an emission_nm model was accepted")
        } catch let error as DesignError {
            #expect(error.kind == .recipe)
            #expect(error.message.contains("predicts 'emission_nm'") && error.message.contains("qdlab train"))
        }
    }

    /// The PLQY model: beats the mean baseline out of fold, stays in [0, 1], abstains outside its data.
    @Test("the CsPbBr3 PLQY model is validated, bounded and abstains outside its domain")
    func plqyModel() throws {
        let m = try PerovskitePLQYModel.train(seed: 0)
        // 159 rows have a peak and PLQY > 0 (280 with both, 121 of them exactly 0; counted with Python's csv).
        #expect(m.trainingRows == 159)
        #expect(m.domainNanometres.lowerBound == 431 && abs(m.domainNanometres.upperBound - 517.8190918) < 1e-6)
        #expect(m.crossValidatedMAE < m.baselineMAE, "GP \(m.crossValidatedMAE) vs mean \(m.baselineMAE)")
        for nm in stride(from: 431.0, through: 517.0, by: 7) {
            let q = try #require(m.predict(emissionNanometres: nm))
            #expect(q >= 0 && q <= 1)
        }
        #expect(m.predict(emissionNanometres: 430) == nil && m.predict(emissionNanometres: 530) == nil && m.predict(emissionNanometres: .nan) == nil)
        #expect(PerovskitePLQYModel.applies(family: "CsPbBr3-CsPbI3", x: 0) && !PerovskitePLQYModel.applies(family: "CsPbBr3-CsPbI3", x: 0.5))
        #expect(try PerovskitePLQYModel.train(seed: 0) == m)
    }
}

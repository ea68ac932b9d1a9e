import Foundation
import Testing
@testable import QDDesign

/// The trained PLQY model in the screen: which candidates it scores, that the kernel and `evaluate` agree on it,
/// that `--min-plqy` and the fifth objective use it, and that explanations say which PLQY was used.
@Suite("PLQY scoring: the trained model where it applies, the heuristic elsewhere")
struct PLQYScoringTests {
    /// Bare CsPb(Br/I)3 at x = 0, 0.5, 1 and every other family; 0.05 nm diameters.
    static let grid = SpaceGrid(diameterStep: 0.05, compositionStep: 0.5, thicknessLevels: [1])
    static let request = DesignRequest(targetNanometres: 495, window: 470...518)

    /// Property: candidates of the covered structure get the model's mean and standard deviation exactly where
    /// their emission lies in its domain, the structure's prior elsewhere; the kernel computes the same bits.
    @Test("bare CsPbBr3 is scored on the model inside its domain, identically in the kernel")
    func coveredStructure() throws {
        let model = try ScreeningModel(request: Self.request, grid: Self.grid)
        let plqyModel = try #require(model.plqyModel)
        let kernel = ScreenKernel(model: model, request: Self.request)
        let covered = model.variants.indices.filter { model.variants[$0].plqyModelApplies }
        let vi = try #require(covered.first)
        #expect(covered.count == 1)
        #expect(model.families[model.variants[vi].family].id == "CsPbBr3-CsPbI3" && model.variants[vi].x == 0)
        let v = model.variants[vi]
        var predicted = 0, outside = 0
        kernel.curves.withUnsafeBufferPointer { curves in
            kernel.rows.withUnsafeBufferPointer { rows in
                for k in 0..<model.grid.diameterCount {
                    let d = model.grid.diameter(k)
                    let m = model.evaluate(v, diameter: d, sizeDispersion: Self.request.sizeDispersion)
                    let o = kernel.optics(kernel.variants[vi], diameter: d, curves: curves, rows: rows)
                    #expect(o.plqy == m.plqy, "d = \(d)")
                    if let p = plqyModel.prediction(emissionNanometres: m.emissionNanometres) {
                        #expect(m.plqySource == .trainedModel && m.plqy == p.mean && m.plqyStandardDeviation == p.standardDeviation)
                        #expect(p.standardDeviation > 0 && p.mean >= 0 && p.mean <= 1)
                        predicted += 1
                    } else {
                        #expect(m.plqySource == .heuristic && m.plqy == v.plqyPrior && m.plqyStandardDeviation == nil)
                        outside += 1
                    }
                }
            }
        }
        // The bare CsPbBr3 curve crosses the model's 431–518 nm range inside 1.5–12 nm, so both cases occur.
        #expect(predicted > 10 && outside > 10)
    }

    /// Every other structure (other families, mixed halides, CsPbI3 end member) keeps its heuristic prior, and
    /// `.heuristicOnly` turns the model off everywhere.
    @Test("families without a model keep the heuristic; heuristicOnly uses it everywhere")
    func heuristicElsewhere() throws {
        let trained = try ScreeningModel(request: Self.request, grid: Self.grid)
        let heuristic = try ScreeningModel(request: Self.request, grid: Self.grid, plqy: .heuristicOnly)
        #expect(heuristic.plqyModel == nil)
        var checked = 0
        for (v, h) in zip(trained.variants, heuristic.variants) {
            for d in [2.0, 4.0, 8.0, 11.0] {
                let mh = heuristic.evaluate(h, diameter: d, sizeDispersion: 0.05)
                #expect(mh.plqySource == .heuristic && mh.plqy == h.plqyPrior && mh.plqyStandardDeviation == nil)
                guard !v.plqyModelApplies else { continue }
                let m = trained.evaluate(v, diameter: d, sizeDispersion: 0.05)
                #expect(m.plqySource == .heuristic && m.plqy == v.plqyPrior && m.plqyStandardDeviation == nil)
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// `--min-plqy` rules on the prediction: a limit between a covered candidate's prediction and its heuristic
    /// prior (0.7 for perovskites) rejects it with the model and passes it without.
    @Test("the PLQY limit and the fifth objective use the predicted value")
    func limitUsesPrediction() throws {
        let trained = try ScreeningModel(request: Self.request, grid: Self.grid)
        let heuristic = try ScreeningModel(request: Self.request, grid: Self.grid, plqy: .heuristicOnly)
        let vi = try #require(trained.variants.indices.first { trained.variants[$0].plqyModelApplies })
        let below = (0..<trained.grid.diameterCount).lazy.map { trained.grid.diameter($0) }.first { d in
            let m = trained.evaluate(trained.variants[vi], diameter: d, sizeDispersion: 0.05)
            return m.plqySource == .trainedModel && m.plqy < trained.variants[vi].plqyPrior - 0.05
        }
        let d = try #require(below)
        let m = trained.evaluate(trained.variants[vi], diameter: d, sizeDispersion: 0.05)
        let mh = heuristic.evaluate(heuristic.variants[vi], diameter: d, sizeDispersion: 0.05)
        var request = Self.request
        request.minimumPLQY = (m.plqy + mh.plqy) / 2
        #expect(Screen.rejection(m, request, ignoringWindow: true) == .plqy)
        #expect(Screen.rejection(mh, request, ignoringWindow: true) != .plqy)
        #expect(Screen.objectives(m, request)[4] == 1 - m.plqy)
        #expect(DesignObjectives.names[4] == "1 - PLQY")
        // Whole screens: the model rejects more candidates on PLQY than the heuristic at a limit above its predictions.
        request.minimumPLQY = 0.6
        let withModel = try Screen.run(request, model: trained), withHeuristic = try Screen.run(request, model: heuristic)
        #expect(withModel.rejections["plqy", default: 0] > withHeuristic.rejections["plqy", default: 0])
        #expect(withModel.archive.allSatisfy { $0.metrics.plqy >= 0.6 })
    }

    /// The explanation names the PLQY's source: the model with its ± and validation, or the heuristic.
    @Test("explanations say which PLQY was used")
    func explanations() throws {
        let model = try ScreeningModel(request: Self.request, grid: Self.grid)
        func why(_ family: String, x: Double, d: Double) throws -> String {
            let v = try #require(model.variants.first { model.families[$0.family].id == family && $0.x == x })
            let c = Screen.candidate(model, v, diameter: d, request: Self.request)
            return Ranking.explain(c, model: model, request: Self.request).why.joined(separator: "; ")
        }
        let covered = try #require(model.variants.first { $0.plqyModelApplies })
        let inDomain = try #require((0..<model.grid.diameterCount).map { model.grid.diameter($0) }.first {
            model.evaluate(covered, diameter: $0, sizeDispersion: 0.05).plqySource == .trainedModel
        })
        let trainedText = try why("CsPbBr3-CsPbI3", x: 0, d: inDomain)
        #expect(trainedText.contains("predicted from the emission peak by a GP") && trainedText.contains("±"))
        #expect(try why("CdSe-CdS", x: 0, d: 3).contains("PLQY: heuristic, no trained model"))
        #expect(try why("CsPbBr3-CsPbI3", x: 0.5, d: 6).contains("PLQY: heuristic, no trained model for this composition"))
    }
}

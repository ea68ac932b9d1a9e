import Foundation
import Testing
@testable import QDDesign

/// The trained PLQY model in the screen: which candidates it scores (directly, or transferred to the other bare
/// perovskites), that the kernel and `evaluate` agree on it, that `--min-plqy` and the fifth objective use it,
/// and that explanations say which PLQY was used.
@Suite("PLQY scoring: the trained model where it applies, transferred to the other perovskites, the heuristic elsewhere")
struct PLQYScoringTests {
    /// Bare CsPb(Br/I)3 at x = 0, 0.5, 1 and every other family; 0.05 nm diameters.
    static let grid = SpaceGrid(diameterStep: 0.05, compositionStep: 0.5, thicknessLevels: [1])
    static let request = DesignRequest(targetNanometres: 495, window: 470...518)

    /// Property: candidates of the covered structure get the model's mean and standard deviation exactly where
    /// their emission lies in its domain, its transferred prediction elsewhere; the kernel computes the same bits.
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
        try kernel.curves.withUnsafeBufferPointer { curves in
            try kernel.rows.withUnsafeBufferPointer { rows in
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
                        // Outside the training peaks: the model read at the nearest trained peak, SD widened.
                        let t = try #require(plqyModel.transferredPrediction(bromideEmissionNanometres: m.emissionNanometres))
                        #expect(m.plqySource == .transferredModel && m.plqy == t.mean && m.plqyStandardDeviation == t.standardDeviation)
                        outside += 1
                    }
                }
            }
        }
        // The bare CsPbBr3 curve crosses the model's 431–518 nm range inside 1.5–12 nm, so both cases occur.
        #expect(predicted > 10 && outside > 10)
    }

    /// The fix of the scale mismatch: every other bare perovskite (mixed CsPb(Br/I)3 and CsPb(Cl/Br)3, pure CsPbI3
    /// and CsPbCl3) gets the prediction for pure CsPbBr3 of the same diameter (its peak clamped into the model's
    /// domain) with the SD widened in quadrature by the training PLQYs' spread — never the 0.70 structural prior —
    /// and the kernel computes the same bits.
    @Test("other bare perovskites inherit the CsPbBr3 prediction at the same size with a wider SD, identically in the kernel")
    func transferredToOtherPerovskites() throws {
        let model = try ScreeningModel(request: Self.request, grid: SpaceGrid(diameterStep: 0.25, compositionStep: 0.25, thicknessLevels: [1]))
        let plqyModel = try #require(model.plqyModel)
        let kernel = ScreenKernel(model: model, request: Self.request)
        let pure = try #require(model.variants.first { $0.plqyModelApplies })
        // σ_train: the sample SD of the 159 training PLQYs, positive and below the largest possible (0.5).
        #expect(plqyModel.trainingStandardDeviation > 0.05 && plqyModel.trainingStandardDeviation < 0.5)
        var checked = 0, sameAsPure = 0
        try kernel.curves.withUnsafeBufferPointer { curves in
            try kernel.rows.withUnsafeBufferPointer { rows in
                for (vi, v) in model.variants.enumerated() where PerovskitePLQYModel.isPerovskite(family: model.families[v.family].id) {
                    #expect(v.plqyTransferred)
                    guard !v.plqyModelApplies else { continue }
                    for k in 0..<model.grid.diameterCount {
                        let d = model.grid.diameter(k)
                        let m = model.evaluate(v, diameter: d, sizeDispersion: 0.05)
                        let o = kernel.optics(kernel.variants[vi], diameter: d, curves: curves, rows: rows)
                        #expect(o.plqy == m.plqy, "\(v.label) d = \(d)")
                        let bromide = model.evaluate(pure, diameter: d, sizeDispersion: 0.05)
                        let p = try #require(plqyModel.prediction(emissionNanometres: min(max(bromide.emissionNanometres, plqyModel.domainNanometres.lowerBound), plqyModel.domainNanometres.upperBound)))
                        #expect(m.plqySource == .transferredModel && m.plqy == p.mean)
                        let sd = try #require(m.plqyStandardDeviation)
                        #expect(abs(sd * sd - (p.standardDeviation * p.standardDeviation + plqyModel.trainingStandardDeviation * plqyModel.trainingStandardDeviation)) < 1e-12)
                        #expect(sd > p.standardDeviation)
                        // At one size a mixed halide cannot beat pure CsPbBr3 on the PLQY objective any more.
                        #expect(m.plqy == bromide.plqy)
                        if bromide.plqySource == .trainedModel { sameAsPure += 1 }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 200 && sameAsPure > 50)
    }

    /// Every non-perovskite structure keeps its heuristic prior, and `.heuristicOnly` turns the model off everywhere.
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
                guard !PerovskitePLQYModel.isPerovskite(family: trained.families[v.family].id) else { continue }
                #expect(!v.plqyTransferred && !v.plqyModelApplies)
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
        let mixed = try why("CsPbBr3-CsPbI3", x: 0.5, d: 6)
        #expect(mixed.contains("transferred, no trained model for mixed halides") && mixed.contains("same size (d = 6.00 nm"))
        #expect(try why("CsPbBr3-CsPbI3", x: 1, d: 6).contains("no trained model for CsPbI3"))
        #expect(try why("CsPbBr3-CsPbI3", x: 0, d: 12).contains("no trained model for CsPbBr3 emitting outside"))
    }
}

import Foundation
import QDCore
import QDData
import Testing
@testable import QDLearn

@Suite("Tabular featurisation and evaluation")
struct EvaluationTests {
    let spec = TabularFeatureSpec(numericColumns: ["t", "a"], categoricalColumns: ["ligand"], groupColumn: "doi", targetColumns: ["y"])

    func table(_ text: String) throws -> DelimitedTable { try DelimitedTextReader.parse(Data(text.utf8)) }

    @Test("numeric as given, one-hot levels sorted, missing numeric → median + indicator, rows without target dropped")
    func featurisesSmallTable() throws {
        let t = try table("""
            doi,t,a,ligand,y
            p1,100,1,OA,500
            p1,200,None,None,510
            p2,300,3,DDT,None
            p2,250,5,OA,530
            """)
        let design = try TabularDesign(table: t, spec: spec, target: "y")
        #expect(design.featureNames == ["t", "a", "ligand=None", "ligand=OA", "a missing"])
        #expect(design.y == [500, 510, 530])
        #expect(design.groups == ["p1", "p1", "p2"])
        // Kept rows' a = 1, missing, 5 → median of (1, 5) = 3.
        #expect(design.x.row(1) == [200, 3, 1, 0, 1])
        #expect(design.x.row(2) == [250, 5, 0, 1, 0])
    }

    @Test("a non-numeric numeric cell and an unknown target are refused with the row and the choices")
    func refusesBadCells() throws {
        let bad = try table("doi,t,a,ligand,y\np1,hot,1,OA,500\n")
        let e = learnErrorThrown { _ = try TabularDesign(table: bad, spec: spec, target: "y") }
        #expect(e?.message == "Column 't', kept row 1: 'hot' is not a number.")
        let e2 = learnErrorThrown { _ = try TabularDesign(table: bad, spec: spec, target: "plqy") }
        #expect(e2?.message.contains("this dataset has y") == true)
    }

    @Test("the shipped InP table: 206 rows with an absorption peak from 66 papers")
    func shippedInP() throws {
        let design = try TabularDesign.shipped("inp", target: "abs_nm")
        // 220 rows in the source file, 14 with abs_nm = "None" (PROVENANCE.md of inp-nguyen2022).
        #expect(design.y.count == 206)
        #expect(Set(design.groups).count == 66)
        #expect(design.x.columns == design.featureNames.count)
        #expect(design.x.isFinite)
        #expect(design.featureNames.contains("ligand_amount_mmol missing"))
    }

    @Test("evaluation runs models on the same folds; the mean baseline predicts the training-fold mean")
    func evaluationBaseline() throws {
        let p = syntheticProblem(rows: 50, seed: 21)
        let folds = try CrossValidationScheme.kFold(folds: 5).folds(rowCount: 50, seed: 1)
        let results = try evaluateModels([.mean, .ridge, .gbm], x: p.x, y: p.y, folds: folds, seed: 0)
        #expect(results.map(\.model) == [.mean, .ridge, .gbm])
        let f = folds[2]
        let trainMean = f.train.map { p.y[$0] }.reduce(0, +) / Double(f.train.count)
        #expect(f.test.allSatisfy { abs(results[0].predictions[$0] - trainMean) < 1e-12 })
        // The synthetic target is mostly explained by x: boosting must beat the mean baseline clearly.
        #expect(results[2].pooled.meanAbsoluteError < 0.6 * results[0].pooled.meanAbsoluteError)
    }
}

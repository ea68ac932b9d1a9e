import CXGBoost
import Testing

/// Proves that the XGBoost C API links and runs from Swift (the build shape), not a model test.
@Suite("XGBoost C API smoke test")
struct XGBoostSmokeTests {
    /// Fails the test with XGBoost's own message when a C call returns non-zero.
    func check(_ code: Int32, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if code != 0 {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "no message"
            Issue.record("\(what) failed: \(message)", sourceLocation: sourceLocation)
            throw XGBoostFailure()
        }
    }

    struct XGBoostFailure: Error {}

    @Test("hist boosting learns y = 2x₀ − x₁ + noise: training MAE < 0.1 after 50 rounds")
    func trainAndPredict() throws {
        // Seeded data: x uniform on [0, 1)², noise uniform on ±0.01 from a 64-bit LCG (Knuth MMIX constants),
        // written out here so the test needs nothing but the C API.
        var state: UInt64 = 20_240_601
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53
        }
        let n = 400
        var features = [Float](repeating: 0, count: n * 2)
        var labels = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let x0 = uniform(), x1 = uniform()
            features[2 * i] = Float(x0)
            features[2 * i + 1] = Float(x1)
            labels[i] = Float(2 * x0 - x1 + 0.02 * (uniform() - 0.5))
        }

        var matrix: DMatrixHandle?
        try check(XGDMatrixCreateFromMat(features, UInt64(n), 2, .nan, &matrix), "XGDMatrixCreateFromMat")
        defer { XGDMatrixFree(matrix) }
        try check(XGDMatrixSetFloatInfo(matrix, "label", labels, UInt64(n)), "set labels")

        var booster: BoosterHandle?
        var cache: [DMatrixHandle?] = [matrix]
        try check(XGBoosterCreate(&cache, 1, &booster), "XGBoosterCreate")
        defer { XGBoosterFree(booster) }
        // Set every default that changed between XGBoost versions explicitly (see docs/notes/c-libraries.md).
        for (key, value) in [("objective", "reg:squarederror"), ("base_score", "0.5"), ("tree_method", "hist"),
                             ("seed", "0"), ("nthread", "1"), ("eta", "0.3"), ("max_depth", "4")] {
            try check(XGBoosterSetParam(booster, key, value), "set \(key)")
        }
        for round in 0..<50 {
            try check(XGBoosterUpdateOneIter(booster, Int32(round), matrix), "round \(round)")
        }

        var length: UInt64 = 0
        var result: UnsafePointer<Float>?
        try check(XGBoosterPredict(booster, matrix, 0, 0, 0, &length, &result), "XGBoosterPredict")
        // XGBoost owns and reuses this buffer: copy it before any further call.
        let predictions = Array(UnsafeBufferPointer(start: try #require(result), count: Int(length)))
        #expect(predictions.count == n)
        let mae = zip(predictions, labels).map { Double(abs($0 - $1)) }.reduce(0, +) / Double(n)
        // Labels span [−1, 2]; 50 rounds of depth-4 trees fit a plane to within a few hundredths in training.
        #expect(mae < 0.1, "training MAE \(mae)")

        var version = (major: Int32(0), minor: Int32(0), patch: Int32(0))
        XGBoostVersion(&version.major, &version.minor, &version.patch)
        #expect(version.major >= 1)
    }
}

import CSVM
import Foundation
import Testing

/// Proves that libsvm links and runs from Swift (the build shape), not a model test.
@Suite("libsvm epsilon-SVR smoke test")
struct LibSVMSmokeTests {
    @Test("RBF epsilon-SVR fits sin(x) on 50 points with MAE < 0.05")
    func fitSine() throws {
        // Silence libsvm's progress output (library code must not print into test logs).
        svm_set_print_string_function { _ in }

        let n = 50
        let xs = (0..<n).map { 2 * Double.pi * Double($0) / Double(n - 1) }
        var ys = xs.map { sin($0) }
        // One node array per row: (index 1, x) then the terminator index −1. libsvm's model points into these
        // arrays (support vectors), so they must outlive the model: allocated here, freed after svm_free_and_destroy_model.
        let nodes = UnsafeMutablePointer<svm_node>.allocate(capacity: 2 * n)
        defer { nodes.deallocate() }
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>.allocate(capacity: n)
        defer { rows.deallocate() }
        for i in 0..<n {
            nodes[2 * i] = svm_node(index: 1, value: xs[i])
            nodes[2 * i + 1] = svm_node(index: -1, value: 0)
            rows[i] = nodes + 2 * i
        }

        var predictions: [Double] = []
        try ys.withUnsafeMutableBufferPointer { y in
            var problem = svm_problem(l: Int32(n), y: y.baseAddress, x: rows)
            var parameter = svm_parameter()
            parameter.svm_type = Int32(EPSILON_SVR)
            parameter.kernel_type = Int32(RBF)
            parameter.gamma = 0.5
            parameter.C = 10
            parameter.p = 0.01  // epsilon-insensitive tube half-width
            parameter.eps = 1e-4
            parameter.cache_size = 20
            parameter.shrinking = 1
            if let message = svm_check_parameter(&problem, &parameter) {
                Issue.record("svm_check_parameter: \(String(cString: message))")
                return
            }
            var trained: UnsafeMutablePointer<svm_model>? = svm_train(&problem, &parameter)
            defer { svm_free_and_destroy_model(&trained) }
            let model = try #require(trained)
            predictions = (0..<n).map { svm_predict(model, rows[$0]) }
            #expect(svm_get_svm_type(model) == Int32(EPSILON_SVR))
        }
        #expect(predictions.count == n)
        let mae = zip(predictions, ys).map { abs($0 - $1) }.reduce(0, +) / Double(n)
        // The tube half-width is 0.01, so a good fit sits within ~0.01–0.02 of sin(x); 0.05 leaves margin.
        #expect(mae < 0.05, "MAE \(mae)")
    }
}

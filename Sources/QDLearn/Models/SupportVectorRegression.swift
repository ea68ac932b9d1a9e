import CSVM
import Foundation
import QDCore

/// ε-support-vector regression with an RBF kernel k(x, x′) = exp(−γ‖x − x′‖²), trained by libsvm 3.x
/// (Chang & Lin 2011, ACM TIST 2:27) through its C API.
///
/// Training keeps the `svm_node` arrays alive until the libsvm model is freed (the model points into them) and
/// silences libsvm's printing. The fitted value stores the support vectors, their dual coefficients and ρ, and
/// predicts with libsvm's decision function f(x) = Σᵢ coefᵢ k(svᵢ, x) − ρ evaluated in Swift, so a persisted model
/// holds no C memory (libsvm persists models only through files). Deterministic: the seed is unused.
/// Wrap in `Pipeline` to standardise features and target (recommended; γ and ε are then in standardised units).
public struct SupportVectorRegression: Regressor {
    /// Penalty C > 0.
    public var c: Double
    /// Half-width ε ≥ 0 of the insensitive tube (units of y).
    public var epsilon: Double
    /// RBF γ > 0 (per squared feature unit); nil uses scikit-learn's "scale": 1 / (d · Var(x)).
    public var gamma: Double?
    /// libsvm stopping tolerance (> 0).
    public var tolerance: Double
    /// Kernel cache in MB (> 0).
    public var cacheMegabytes: Double

    /// An SVR with scikit-learn's defaults (C = 1, ε = 0.1, γ = "scale", tol = 1e-3).
    public init(c: Double = 1, epsilon: Double = 0.1, gamma: Double? = nil, tolerance: Double = 1e-3, cacheMegabytes: Double = 200) {
        self.c = c
        self.epsilon = epsilon
        self.gamma = gamma
        self.tolerance = tolerance
        self.cacheMegabytes = cacheMegabytes
    }

    /// "SupportVectorRegression".
    public static var estimatorName: String { "SupportVectorRegression" }

    /// C > 0, ε ≥ 0, γ > 0, tolerance > 0, cache > 0.
    public var hyperparameterRules: [HyperparameterRule] {
        [
            HyperparameterRule("c", c, .greaterThan(0)),
            HyperparameterRule("epsilon", epsilon, .atLeast(0)),
            HyperparameterRule("gamma", gamma ?? 1, .greaterThan(0)),
            HyperparameterRule("tolerance", tolerance, .greaterThan(0)),
            HyperparameterRule("cacheMegabytes", cacheMegabytes, .greaterThan(0)),
        ]
    }

    /// γ used for `x`: the given one, or 1 / (d · Var(all entries of x)) (1 / d when that variance is 0).
    func effectiveGamma(_ x: Matrix) -> Double {
        if let gamma { return gamma }
        let e = x.elements
        let mean = e.reduce(0, +) / Double(e.count)
        let variance = e.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(e.count)
        return 1 / (Double(x.columns) * (variance > 0 ? variance : 1))
    }

    /// Trains with libsvm.
    /// - Throws: as `Regressor.fit`; `.libraryFailure` with libsvm's parameter-check message.
    /// - Complexity: libsvm SMO, roughly O(n²)–O(n³) kernel evaluations.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedSupportVectorRegression {
        try validateTrainingData(x, y)
        let g = effectiveGamma(x)
        let trained = try LibSVM.train(x, y, parameters: parameters(gamma: g)) { model in
            let count = Int(model.pointee.l)
            var vectors = [Double]()
            vectors.reserveCapacity(count * x.columns)
            var coefficients = [Double]()
            for i in 0..<count {
                guard let row = model.pointee.SV[i], let coefficient = model.pointee.sv_coef[0]?[i] else { continue }
                var dense = [Double](repeating: 0, count: x.columns)
                var k = 0
                while row[k].index != -1 {
                    dense[Int(row[k].index) - 1] = row[k].value
                    k += 1
                }
                vectors.append(contentsOf: dense)
                coefficients.append(coefficient)
            }
            let rho = model.pointee.rho[0]
            return (vectors, coefficients, rho)
        }
        return FittedSupportVectorRegression(
            gamma: g, supportVectors: try Matrix(rows: trained.1.count, columns: x.columns, elements: trained.0),
            coefficients: trained.1, rho: trained.2)
    }

    func parameters(gamma: Double) -> svm_parameter {
        var p = svm_parameter()
        p.svm_type = Int32(EPSILON_SVR)
        p.kernel_type = Int32(RBF)
        p.gamma = gamma
        p.C = c
        p.p = epsilon
        p.eps = tolerance
        p.cache_size = cacheMegabytes
        p.shrinking = 1
        p.probability = 0
        p.nr_weight = 0
        return p
    }
}

/// The libsvm wiring: builds the problem, trains, lets `extract` read the model, frees everything.
enum LibSVM {
    /// Trains on (x, y) and passes the live model to `extract` while the node arrays are still allocated.
    static func train<T>(
        _ x: Matrix, _ y: [Double], parameters: svm_parameter, extract: (UnsafeMutablePointer<svm_model>) throws -> T
    ) throws -> T {
        svm_set_print_string_function { _ in }  // libsvm prints progress to stdout by default; library code never prints
        let n = x.rows, d = x.columns
        // One contiguous node buffer: d entries per row plus the index = −1 terminator. Dense rows (zeros are
        // stored too) so that support vectors read back with every coordinate.
        let nodes = UnsafeMutablePointer<svm_node>.allocate(capacity: n * (d + 1))
        defer { nodes.deallocate() }
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>.allocate(capacity: max(n, 1))
        defer { rows.deallocate() }
        let targets = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        defer { targets.deallocate() }
        for i in 0..<n {
            for j in 0..<d { nodes[i * (d + 1) + j] = svm_node(index: Int32(j + 1), value: x[i, j]) }
            nodes[i * (d + 1) + d] = svm_node(index: -1, value: 0)
            rows[i] = nodes + i * (d + 1)
            targets[i] = y[i]
        }
        var problem = svm_problem(l: Int32(n), y: targets, x: rows)
        var params = parameters
        if let message = svm_check_parameter(&problem, &params) {
            throw LearnError(.libraryFailure, "SupportVectorRegression: libsvm rejected the parameters: \(String(cString: message)).")
        }
        guard let model = svm_train(&problem, &params) else {
            throw LearnError(.libraryFailure, "SupportVectorRegression: libsvm returned no model.")
        }
        defer {
            var owned: UnsafeMutablePointer<svm_model>? = model
            svm_free_and_destroy_model(&owned)
        }
        return try extract(model)
    }
}

/// A fitted ε-SVR: support vectors, dual coefficients, ρ and γ.
public struct FittedSupportVectorRegression: FittedRegressor, Equatable {
    /// RBF γ used in training.
    public let gamma: Double
    /// Support vectors (one row each).
    public let supportVectors: Matrix
    /// Dual coefficients αᵢ − αᵢ* per support vector.
    public let coefficients: [Double]
    /// Offset ρ (libsvm's sign convention: f = Σ coef k − ρ).
    public let rho: Double

    /// Feature columns.
    public var featureCount: Int { supportVectors.columns }

    /// f(x) = Σᵢ coefᵢ exp(−γ‖svᵢ − x‖²) − ρ per row.
    /// - Complexity: O(m · SV · d).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "SupportVectorRegression")
        let d = featureCount
        let sv = supportVectors.elements
        return (0..<x.rows).map { i in
            let q = x.row(i)
            var sum = 0.0
            for s in coefficients.indices {
                var r2 = 0.0
                for j in 0..<d { let t = sv[s * d + j] - q[j]; r2 += t * t }
                sum += coefficients[s] * exp(-gamma * r2)
            }
            return sum - rho
        }
    }
}

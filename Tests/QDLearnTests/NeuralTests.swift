import Foundation
import QDCore
import Testing
@testable import QDLearn

@Suite("Dense network and Adam")
struct NeuralTests {
    /// ⟨g, f(θ)⟩ for a network with parameters θ.
    private func objective(_ net: DenseNetwork, _ theta: [Double], _ x: [Double], _ g: [Double]) -> Double {
        var n = net
        n.parameters = theta
        return zip(n.forward(x), g).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test("backprop gradient matches central finite differences", arguments: Activation.allCases)
    func gradientMatchesFiniteDifferences(_ activation: Activation) throws {
        let net = try DenseNetwork(layerSizes: [3, 5, 4, 2], hiddenActivation: activation, seed: 11)
        var rng = SeededRNG(seed: 5)
        let x = (0..<3).map { _ in rng.uniform(in: -1.5..<1.5) }
        let g = (0..<2).map { _ in rng.uniform(in: -1..<1) }
        let (output, analytic) = net.backward(x, outputGradient: g)
        #expect(output == net.forward(x))
        let theta = net.parameters
        // Central differences have error O(h²·f‴) ≈ 1e-10 at h = 1e-5 for these O(1) smooth functions, plus
        // rounding ≈ ε/h ≈ 1e-11; 1e-6 leaves margin. ReLU is piecewise linear, so its differences are exact
        // unless a step crosses a kink, which a seeded draw with |z| ≫ h avoids.
        let h = 1e-5
        var worst = 0.0
        for k in theta.indices {
            var plus = theta, minus = theta
            plus[k] += h
            minus[k] -= h
            let numeric = (objective(net, plus, x, g) - objective(net, minus, x, g)) / (2 * h)
            worst = max(worst, abs(numeric - analytic[k]))
        }
        #expect(worst < 1e-6)
    }

    @Test("layout: parameter count, Glorot range, zero biases, seeded")
    func initialisation() throws {
        let net = try DenseNetwork(layerSizes: [4, 8, 1], seed: 3)
        #expect(net.parameterCount == (4 + 1) * 8 + (8 + 1) * 1)
        let p = net.parameters
        let r1 = (6.0 / 12).squareRoot()
        #expect(p[0..<32].allSatisfy { abs($0) <= r1 })
        #expect(p[32..<40].allSatisfy { $0 == 0 })
        #expect(p[48] == 0)
        #expect(try DenseNetwork(layerSizes: [4, 8, 1], seed: 3) == net)
        #expect(try DenseNetwork(layerSizes: [4, 8, 1], seed: 4) != net)
    }

    @Test("a hand-set network computes W₂ tanh(W₁x + b₁) + b₂")
    func handComputed() throws {
        var net = try DenseNetwork(layerSizes: [2, 2, 1], seed: 0)
        // W₁ = [[1, 2], [−1, 0.5]], b₁ = [0.1, −0.2], W₂ = [[3, −1]], b₂ = [0.5].
        net.parameters = [1, 2, -1, 0.5, 0.1, -0.2, 3, -1, 0.5]
        let x = [0.3, -0.4]
        let expected = 3 * tanh(0.3 - 0.8 + 0.1) - tanh(-0.3 - 0.2 - 0.2) + 0.5
        #expect(abs(net.forward(x)[0] - expected) < 1e-15)
    }

    @Test("invalid sizes and optimiser settings are refused with the rule")
    func badInput() {
        #expect(learnErrorThrown { _ = try DenseNetwork(layerSizes: [3], seed: 0) }?.kind == .invalidHyperparameter)
        #expect(
            learnErrorThrown { _ = try DenseNetwork(layerSizes: [3, 0, 1], seed: 0) }?.message
                == "The 'layerSizes' parameter of DenseNetwork must be ≥ 1 in every layer. Got 0 at index 1.")
        #expect(
            learnErrorThrown { _ = try AdamOptimizer(beta1: 1) }?.message
                == "The 'beta1' parameter of AdamOptimizer must be in [0, 1). Got 1.")
        #expect(
            learnErrorThrown { _ = try AdamOptimizer(learningRate: 0) }?.message
                == "The 'learningRate' parameter of AdamOptimizer must be > 0. Got 0.")
        #expect(learnErrorThrown { _ = try AdamOptimizer(weightDecay: -1) }?.kind == .invalidHyperparameter)
    }

    @Test("Adam's first step moves every parameter by η against the gradient sign")
    func adamFirstStep() throws {
        // At t = 1, m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g) (Kingma & Ba 2015, §2).
        var adam = try AdamOptimizer(learningRate: 0.1)
        var theta = [1.0, -2.0, 0.5]
        adam.step(parameters: &theta, gradient: [3.0, -0.01, 100])
        #expect(maxAbsDifference(theta, [0.9, -1.9, 0.4]) < 1e-6)
        // Decoupled weight decay shrinks θ by η·λ·θ in addition.
        var decayed = try AdamOptimizer(learningRate: 0.1, weightDecay: 0.5)
        var theta2 = [2.0]
        decayed.step(parameters: &theta2, gradient: [0])
        #expect(abs(theta2[0] - (2.0 - 0.1 * 0.5 * 2.0)) < 1e-12)
    }

    @Test("Adam on backprop gradients fits a smooth 1-D function")
    func trainsSmoothFunction() throws {
        var net = try DenseNetwork(layerSizes: [1, 16, 1], seed: 2)
        var adam = try AdamOptimizer(learningRate: 0.01)
        let xs = stride(from: -2.0, through: 2.0, by: 0.1).map { $0 }
        let target = { (x: Double) in sin(1.5 * x) }
        func mse() -> Double { xs.reduce(0) { $0 + pow(net.forward([$1])[0] - target($1), 2) } / Double(xs.count) }
        let before = mse()
        var theta = net.parameters
        for _ in 0..<1500 {
            var grad = [Double](repeating: 0, count: theta.count)
            for x in xs {
                let y = net.forward([x])[0]
                _ = net.accumulateGradient([x], outputGradient: [2 * (y - target(x)) / Double(xs.count)], into: &grad)
            }
            adam.step(parameters: &theta, gradient: grad)
            net.parameters = theta
        }
        // sin has variance ≈ 0.5 on this grid; a 16-unit tanh net fits it to < 1 % of that in 1500 full-batch
        // steps (seeded, so this is deterministic; the bound leaves an order of magnitude of slack).
        #expect(before > 0.1)
        #expect(mse() < 5e-3)
    }

    @Test("Codable round trip keeps the network and the optimiser state")
    func codable() throws {
        let net = try DenseNetwork(layerSizes: [2, 3, 1], hiddenActivation: .softplus, seed: 9)
        let back = try JSONDecoder().decode(DenseNetwork.self, from: JSONEncoder().encode(net))
        #expect(back == net)
        var adam = try AdamOptimizer()
        var p = [1.0, 2.0]
        adam.step(parameters: &p, gradient: [0.1, 0.2])
        #expect(try JSONDecoder().decode(AdamOptimizer.self, from: JSONEncoder().encode(adam)) == adam)
    }
}

@Suite("MLP regressor and deep ensemble")
struct MLPTests {
    let train = syntheticProblem(rows: 120, seed: 21)
    let test = syntheticProblem(rows: 60, seed: 22)

    @Test("an MLP beats the mean and ridge on a nonlinear problem")
    func beatsLinear() throws {
        let mlp = try MLPRegressor(hiddenLayers: [16], maxEpochs: 300).fit(train.x, train.y, seed: 1)
        let mae = { (p: [Double]) in zip(p, self.test.y).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(p.count) }
        let mlpMAE = mae(try mlp.predict(test.x))
        let ridgeMAE = mae(try Ridge().fit(train.x, train.y, seed: 0).predict(test.x))
        let meanMAE = mae(try MeanBaseline().fit(train.x, train.y, seed: 0).predict(test.x))
        // y = sin x₀ + ½x₁² − x₂ + 0.1ε: the x₁² term is invisible to a linear model (its MAE stays ≈ 0.5),
        // a 16-unit network captures it; the noise floor is 0.08 (E|0.1ε|).
        #expect(mlpMAE < 0.6 * ridgeMAE)
        #expect(ridgeMAE < meanMAE)
        #expect(mlp.epochsTrained >= 1 && mlp.epochsTrained <= 300)
        #expect(mlp.validationMeanSquaredError.map { $0 > 0 } == true)
    }

    @Test("early stopping keeps the epoch with the lowest validation loss and stops after `patience`")
    func earlyStopping() throws {
        // Pure-noise targets: nothing generalises, so the best validation epoch comes early and training
        // stops `patience` epochs later instead of running all 2000.
        var rng = SeededRNG(seed: 4)
        let y = (0..<60).map { _ in rng.normal() }
        let fitted = try MLPRegressor(hiddenLayers: [32], learningRate: 0.01, maxEpochs: 2000, patience: 15)
            .fit(train.x.selectingRows(Array(0..<60)), y, seed: 2)
        #expect(fitted.epochsTrained < 500)
        // Small data trains without a split.
        let small = try MLPRegressor(hiddenLayers: [4], maxEpochs: 7).fit(train.x.selectingRows([0, 1, 2, 3, 4]), Array(train.y[0..<5]), seed: 0)
        #expect(small.validationMeanSquaredError == nil)
        #expect(small.epochsTrained == 7)
    }

    @Test("deep ensemble: mean of members, spread grows away from the data")
    func ensembleUncertainty() throws {
        let ensemble = try DeepEnsemble(member: MLPRegressor(hiddenLayers: [16], maxEpochs: 200), members: 4)
            .fit(train.x, train.y, seed: 3)
        let posterior = try ensemble.posterior(test.x)
        let memberMean = try (0..<test.x.rows).map { i in
            try ensemble.members.map { try $0.predict(test.x.selectingRows([i]))[0] }.reduce(0, +) / 4
        }
        #expect(maxAbsDifference(posterior.mean, memberMean) < 1e-12)
        #expect(posterior.variance.allSatisfy { $0 >= 0 })
        #expect(posterior.noiseVariance > 0)
        // Far outside the training box [−2, 2]³ the members extrapolate differently. tanh units saturate, which
        // caps the spread: measured 2.2× and 13× the mean in-box variance for this seed, so 1.5× is asserted.
        let far = try Matrix([[8, -8, 8], [-9, 9, -9]])
        let farVariance = try ensemble.posterior(far).variance
        let inside = posterior.variance.reduce(0, +) / Double(posterior.variance.count)
        #expect(farVariance.allSatisfy { $0 > 1.5 * inside }, "far \(farVariance), inside \(inside)")
    }
}

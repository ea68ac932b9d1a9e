import Foundation
import QDCore

/// A multilayer perceptron for scalar regression: standardised inputs and target, mean-squared-error loss,
/// mini-batch AdamW, early stopping on a seeded validation split.
///
/// Training (all random choices from `seed`): the features and the target are standardised on the training rows
/// (kept inside the fitted model). If `validationFraction` > 0 and there are at least `minimumRowsForEarlyStopping`
/// rows, round(fraction · n) rows (≥ 1) are held out at random; each epoch shuffles the remaining rows into
/// mini-batches of `batchSize`, takes one AdamW step per batch on the gradient of the batch MSE, then measures
/// the validation MSE. The parameters with the lowest validation MSE are kept; training stops after `patience`
/// epochs without improvement, or at `maxEpochs`. With no validation split, the parameters after `maxEpochs`
/// are kept. A constant target is predicted exactly (no training is done).
///
/// Network: `DenseNetwork(layerSizes: [d] + hiddenLayers + [1])`, Glorot initialisation.
public struct MLPRegressor: Regressor {
    /// Units of each hidden layer (each ≥ 1; empty = a linear model).
    public var hiddenLayers: [Int]
    /// Hidden-layer nonlinearity.
    public var activation: Activation
    /// Adam step size η (> 0).
    public var learningRate: Double
    /// Decoupled weight decay λ (≥ 0), in standardised units.
    public var weightDecay: Double
    /// Rows per mini-batch (≥ 1; capped at the training rows).
    public var batchSize: Int
    /// Largest number of passes over the training rows (≥ 1).
    public var maxEpochs: Int
    /// Epochs without a better validation loss before stopping (≥ 1).
    public var patience: Int
    /// Share of rows held out for early stopping, in [0, 0.5]; 0 disables early stopping.
    public var validationFraction: Double
    /// Fewer rows than this train without a validation split (≥ 2).
    public var minimumRowsForEarlyStopping: Int

    /// An MLP with the given settings. The defaults (two hidden layers of 32 tanh units, η = 3·10⁻³, λ = 10⁻⁴,
    /// batches of 32, ≤ 1000 epochs, patience 50, 15 % validation) were fixed before looking at any real data.
    public init(
        hiddenLayers: [Int] = [32, 32], activation: Activation = .tanh, learningRate: Double = 3e-3,
        weightDecay: Double = 1e-4, batchSize: Int = 32, maxEpochs: Int = 1000, patience: Int = 50,
        validationFraction: Double = 0.15, minimumRowsForEarlyStopping: Int = 10
    ) {
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.validationFraction = validationFraction
        self.minimumRowsForEarlyStopping = minimumRowsForEarlyStopping
    }

    /// "MLPRegressor".
    public static var estimatorName: String { "MLPRegressor" }

    /// Ranges of every numeric setting (hidden-layer sizes are checked as `hiddenLayers[i]` ≥ 1).
    public var hyperparameterRules: [HyperparameterRule] {
        hiddenLayers.enumerated().map { HyperparameterRule("hiddenLayers[\($0.offset)]", $0.element, .atLeast(1)) } + [
            HyperparameterRule("learningRate", learningRate, .greaterThan(0)),
            HyperparameterRule("weightDecay", weightDecay, .atLeast(0)),
            HyperparameterRule("batchSize", batchSize, .atLeast(1)),
            HyperparameterRule("maxEpochs", maxEpochs, .atLeast(1)),
            HyperparameterRule("patience", patience, .atLeast(1)),
            HyperparameterRule("validationFraction", validationFraction, .closed(0, 0.5)),
            HyperparameterRule("minimumRowsForEarlyStopping", minimumRowsForEarlyStopping, .atLeast(2)),
        ]
    }

    /// Trains the network as described on the type.
    /// - Throws: as `Regressor.fit`.
    /// - Complexity: O(epochs · n · parameters).
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedMLP {
        try validateTrainingData(x, y)
        let scaler = ColumnScaler.standardizing(x)
        let n = y.count
        let centre = y.reduce(0, +) / Double(n)
        let sd = (y.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(n)).squareRoot()
        var rng = SeededRNG(seed: seed)
        var network = try DenseNetwork(
            layerSizes: [x.columns] + hiddenLayers + [1], hiddenActivation: activation, seed: rng.next())
        guard sd > 1e-12 * max(1, abs(centre)) else {
            // A constant target: the scale 0 makes every prediction exactly `centre`.
            return FittedMLP(
                inputScaler: scaler, targetCentre: centre, targetScale: 0, network: network, epochsTrained: 0,
                validationMeanSquaredError: nil)
        }
        let z = scaler.transform(x)
        let rows = (0..<n).map { z.row($0) }
        let targets = y.map { ($0 - centre) / sd }

        let order = rng.permutation(n)
        let useValidation = validationFraction > 0 && n >= minimumRowsForEarlyStopping
        let validationCount = useValidation ? max(1, Int((validationFraction * Double(n)).rounded())) : 0
        let validation = Array(order.prefix(validationCount))
        var training = Array(order.dropFirst(validationCount))

        var optimizer = try AdamOptimizer(learningRate: learningRate, weightDecay: weightDecay)
        var theta = network.parameters
        var best = (loss: Double.infinity, theta: theta, epoch: 0)
        var epoch = 0
        let batch = min(batchSize, training.count)
        while epoch < maxEpochs {
            epoch += 1
            rng.shuffle(&training)
            var start = 0
            while start < training.count {
                let members = training[start..<min(start + batch, training.count)]
                var gradient = [Double](repeating: 0, count: theta.count)
                let scale = 2 / Double(members.count)
                for i in members {
                    let out = network.forward(rows[i])[0]
                    _ = network.accumulateGradient(rows[i], outputGradient: [scale * (out - targets[i])], into: &gradient)
                }
                optimizer.step(parameters: &theta, gradient: gradient)
                network.parameters = theta
                start += batch
            }
            guard useValidation else { continue }
            let loss = validation.reduce(0) { acc, i in
                let r = network.forward(rows[i])[0] - targets[i]
                return acc + r * r
            } / Double(validation.count)
            if loss < best.loss {
                best = (loss, theta, epoch)
            } else if epoch - best.epoch >= patience {
                break
            }
            if !loss.isFinite {
                throw LearnError(
                    .numericalFailure,
                    "MLPRegressor: the validation loss became \(loss) at epoch \(epoch); lower 'learningRate' (now \(formatNumber(learningRate))).")
            }
        }
        if useValidation { network.parameters = best.theta }
        guard network.parameters.allSatisfy(\.isFinite) else {
            throw LearnError(
                .numericalFailure,
                "MLPRegressor: training diverged (non-finite weights); lower 'learningRate' (now \(formatNumber(learningRate))).")
        }
        return FittedMLP(
            inputScaler: scaler, targetCentre: centre, targetScale: sd, network: network,
            epochsTrained: useValidation ? best.epoch : epoch,
            validationMeanSquaredError: useValidation ? best.loss * sd * sd : nil)
    }
}

/// A trained MLP: feature scaler, network, inverse target transform.
public struct FittedMLP: FittedRegressor, Equatable {
    /// Feature standardisation learned in fit.
    public let inputScaler: ColumnScaler
    /// Mean of the training target.
    public let targetCentre: Double
    /// Population sd of the training target (0 for a constant target).
    public let targetScale: Double
    /// The network, in standardised units.
    public let network: DenseNetwork
    /// The epoch whose parameters were kept.
    public let epochsTrained: Int
    /// Mean squared error on the validation split at the kept epoch, in units of y² (nil without a split).
    public let validationMeanSquaredError: Double?

    /// Columns seen in fit.
    public var featureCount: Int { inputScaler.centres.count }

    /// ŷ = centre + scale · network(standardised x), per row.
    /// - Throws: as `FittedRegressor.predict`.
    /// - Complexity: O(m · parameters).
    public func predict(_ x: Matrix) throws -> [Double] {
        try validatePredictionInput(x, featureCount: featureCount, model: "MLPRegressor")
        guard targetScale > 0 else { return Array(repeating: targetCentre, count: x.rows) }
        let z = inputScaler.transform(x)
        return (0..<x.rows).map { targetCentre + targetScale * network.forward(z.row($0))[0] }
    }
}

/// A deep ensemble: `members` MLPs trained from different seeds (initialisation, validation split, batch
/// order); the prediction is their mean and the latent variance their spread (Lakshminarayanan, Pritzel &
/// Blundell, "Simple and scalable predictive uncertainty estimation using deep ensembles", NeurIPS 2017 — here
/// with mean-squared-error members, so the spread captures model uncertainty only).
///
/// The fitted ensemble is a `ProbabilisticRegressor`: variance = population variance of the member predictions;
/// noise variance = the mean over members of their validation MSE (each measured on rows that member did not
/// train on; 0 when members train without a validation split, i.e. fewer than `minimumRowsForEarlyStopping` rows).
public struct DeepEnsemble: Regressor {
    /// The member settings.
    public var member: MLPRegressor
    /// Number of members (≥ 2).
    public var members: Int

    /// An ensemble of `members` copies of `member` (defaults: 5 default MLPs, as the paper's experiments).
    public init(member: MLPRegressor = MLPRegressor(), members: Int = 5) {
        self.member = member
        self.members = members
    }

    /// "DeepEnsemble".
    public static var estimatorName: String { "DeepEnsemble" }
    /// members ≥ 2, then the member's rules.
    public var hyperparameterRules: [HyperparameterRule] {
        [HyperparameterRule("members", members, .atLeast(2))] + member.hyperparameterRules
    }

    /// Trains each member with seed `SeededRNG(seed:)`'s m-th draw.
    /// - Throws: as `MLPRegressor.fit`.
    /// - Complexity: `members` MLP fits.
    public func fit(_ x: Matrix, _ y: [Double], seed: UInt64) throws -> FittedDeepEnsemble {
        try validateTrainingData(x, y)
        var rng = SeededRNG(seed: seed)
        let seeds = (0..<members).map { _ in rng.next() }
        return FittedDeepEnsemble(members: try seeds.map { try member.fit(x, y, seed: $0) })
    }
}

/// A trained deep ensemble.
public struct FittedDeepEnsemble: ProbabilisticRegressor, Equatable {
    /// The trained members.
    public let members: [FittedMLP]

    /// Columns seen in fit.
    public var featureCount: Int { members.first?.featureCount ?? 0 }

    /// The mean of the members' predictions.
    /// - Throws: as `FittedRegressor.predict`.
    public func predict(_ x: Matrix) throws -> [Double] { try posterior(x).mean }

    /// Mean and population variance of the member predictions per row; noise variance as on `DeepEnsemble`.
    /// - Throws: as `FittedRegressor.predict`.
    /// - Complexity: O(members · m · parameters).
    public func posterior(_ x: Matrix) throws -> Posterior {
        try validatePredictionInput(x, featureCount: featureCount, model: "DeepEnsemble")
        let predictions = try members.map { try $0.predict(x) }
        let m = Double(members.count)
        var mean = [Double](repeating: 0, count: x.rows), variance = mean
        for i in 0..<x.rows {
            let values = predictions.map { $0[i] }
            let mu = values.reduce(0, +) / m
            mean[i] = mu
            variance[i] = values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / m
        }
        let validation = members.compactMap(\.validationMeanSquaredError)
        let noise = validation.isEmpty ? 0 : validation.reduce(0, +) / Double(validation.count)
        return Posterior(mean: mean, variance: variance, noiseVariance: noise)
    }
}

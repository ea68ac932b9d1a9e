import Foundation
import QDCore
import QDData
import Testing
@testable import QDTwin

/// A product with the given truth, for scoring without running the twin.
private func measurement(diameter: Double, dispersion: Double, status: Status = .succeeded) -> ReactorMeasurement {
    let truth = SimulatedTruth(
        meanDiameterNanometres: diameter, relativeStandardDeviation: dispersion, distributionShape: .normal,
        absorptionPeakNanometres: nil, emissionPeakNanometres: nil, emissionFWHMNanometres: nil, plqy: 0.2, yield: 0.9,
        ligandCoverage: 0.9, maximumSupersaturation: 3)
    let outcome = MeasuredOutcome(
        absorptionPeakNanometres: nil, emissionPeakNanometres: nil, emissionFWHMNanometres: nil,
        diameterFromAbsorptionNanometres: nil, plqy: nil, yield: 0.9)
    return ReactorMeasurement(status: status, outcome: outcome, spectra: nil, truth: truth, seed: 0, producedBy: "test")
}

/// A policy drawing a pseudo-random action N(0, 1) from a hash of the features and its seed: the "random
/// controller" baseline (deterministic for a seed, so tests are reproducible).
struct HashedRandomPolicy: ControlPolicy {
    let seed: UInt64
    func action(features: [Double]) -> Double {
        var h = seed
        for x in features { h = (h ^ x.bitPattern) &* 0x100_0000_01B3 }
        var rng = SeededRNG(seed: h)
        return rng.normal()
    }
}

/// Always moves the set-point up by the largest step.
struct AlwaysHeatPolicy: ControlPolicy {
    func action(features: [Double]) -> Double { 5 }
}

@Suite("In-situ control: task, reward and environment")
struct ControlTaskTests {
    static let task = ControlTask(
        baseRecipe: .standardCdSe(growthTimeMinutes: 2), targetDiameterNanometres: 4.5, diameterToleranceNanometres: 0.2,
        maximumRelativeStandardDeviation: 0.1, durationMinutes: 2, intervalCount: 4, failurePenalty: 5, variability: .none)

    /// R = −|d − d*|/tol − (σ/d)/limit − P·failed (ControlTask docs): 4.6 nm at σ/d 0.05 is −0.5 − 0.5 = −1
    /// (exact up to rounding of 0.1/0.2, hence 1e-12).
    @Test func rewardFormulaInPhysicalUnits() {
        let s = Self.task.score(measurement(diameter: 4.6, dispersion: 0.05))
        #expect(abs(s.reward - -1.0) < 1e-12)
        #expect(abs(s.absoluteErrorNanometres - 0.1) < 1e-12)
        #expect(s.success && s.failureMode == nil)
    }

    @Test(arguments: [0.0, 0.1, 0.3, 1.0, 1.5])  // below the cap of 10 tolerances (2 nm)
    func rewardFallsWithSizeErrorOnBothSides(offset: Double) {
        let near = Self.task.score(measurement(diameter: 4.5 + offset, dispersion: 0.05)).reward
        let far = Self.task.score(measurement(diameter: 4.5 + offset + 0.1, dispersion: 0.05)).reward
        let farBelow = Self.task.score(measurement(diameter: 4.5 - offset - 0.1, dispersion: 0.05)).reward
        #expect(far < near && farBelow < near)
    }

    @Test func rewardFallsWithDispersionAndFailureCostsExactlyThePenalty() {
        let narrow = Self.task.score(measurement(diameter: 4.5, dispersion: 0.04))
        let broad = Self.task.score(measurement(diameter: 4.5, dispersion: 0.12))
        #expect(broad.reward < narrow.reward)
        #expect(!broad.success)  // over the 10 % limit
        let failed = Self.task.score(measurement(diameter: 4.5, dispersion: 0.04, status: .failed(.polydisperse)))
        #expect(abs(narrow.reward - failed.reward - 5) < 1e-12)
        #expect(!failed.success && failed.failureMode == "polydisperse")
        #expect(Self.task.score(measurement(diameter: 4.5, dispersion: 0)).reward == 0)  // the perfect product
    }

    /// The size term is capped at 10 and the dispersion term at 3, so no run scores below −13 − P.
    @Test func rewardIsBounded() {
        let worst = Self.task.score(measurement(diameter: 0, dispersion: 5, status: .failed(.noNucleation)))
        #expect(worst.reward == Self.task.worstReward)
        #expect(worst.reward == -18)
    }

    @Test(arguments: [0.5, 1.0, 40.0, -4.5, Double.nan])
    func targetOutOfRangeIsRejectedWithTheRule(target: Double) {
        #expect {
            _ = try ControlTask.standard(materialID: "CdSe", targetDiameterNanometres: target)
        } throws: { error in
            let e = error as? TwinError
            return e?.kind == .invalidRecipe && e?.message.contains("rule") == true && e?.message.contains("Target diameter") == true
        }
    }

    @Test func otherMaterialsAreRejected() {
        #expect(throws: TwinError.self) { try ControlTask.standard(materialID: "PbS", targetDiameterNanometres: 4) }
    }

    @Test func variabilityIsSeededBoundedAndOptional() {
        let base = Recipe.standardCdSe()
        #expect(RecipeVariability.none.perturbed(base, seed: 3) == base)
        let a = RecipeVariability.typical.perturbed(base, seed: 3)
        #expect(a == RecipeVariability.typical.perturbed(base, seed: 3))
        #expect(a != RecipeVariability.typical.perturbed(base, seed: 4))
        for seed in UInt64(0)..<50 {
            let r = RecipeVariability.typical.perturbed(base, seed: seed)
            #expect(abs(r.metalPrecursorMillimoles / base.metalPrecursorMillimoles - 1) <= 0.2 + 1e-12)  // ±2 SD
            #expect(abs((r.injectionTemperatureCelsius ?? 0) - 300) <= 10 + 1e-9)
        }
    }

    /// Actions are squashed: however large, the set-point moves by at most 20 °C per interval and stays in range;
    /// the episode ends after its intervals and refuses another action.
    @Test func actionsAreBoundedAndEpisodesEnd() throws {
        var episode = try ControlEpisode(task: Self.task, seed: 1)
        #expect(episode.features.count == ControlEpisode.featureCount)
        var previous = episode.setPointCelsius
        for action in [1e6, 1e6, -1e6, 0.3] {
            try episode.apply(action: action)
            #expect(abs(episode.setPointCelsius - previous) <= 20 + 1e-9)
            #expect(Self.task.temperatureRangeCelsius.contains(episode.setPointCelsius))
            previous = episode.setPointCelsius
            #expect(episode.features.allSatisfy { $0.isFinite })
        }
        #expect(episode.isFinished)
        #expect(throws: TwinError.self) { try episode.apply(action: 0) }
        let trajectory = try episode.finish()
        #expect(trajectory.steps.map(\.setPointCelsius) == [290, 310, 290, 290 + 20 * tanh(0.3)])
        #expect(abs(trajectory.final.elapsedMinutes - 2) < 1e-9)
    }

    /// Holding the set-point is the base recipe run in pieces: the same product as one static run of the same
    /// length and temperature, to integrator accuracy (ReactorSession's documented 0.5 % in d̄).
    @Test func constantPolicyMatchesTheStaticRecipe() throws {
        let episode = try ControlEpisode.run(Self.task, policy: ConstantTemperaturePolicy(), seed: 2)
        let static_ = try Self.task.runStatic(growthTemperatureCelsius: 270, growthTimeMinutes: 2, seed: 2)
        #expect(abs(episode.score.meanDiameterNanometres - static_.meanDiameterNanometres) < 0.005 * static_.meanDiameterNanometres)
    }
}

@Suite("In-situ control: training")
struct ControlTrainingTests {
    /// An easy task built from the twin itself (so it survives recalibration): the target is what always heating
    /// makes in 2 min, which holding the set-point or acting at random misses. The tolerance (0.25 nm) keeps the
    /// size term below its cap of 10 over the sizes reachable in 2 min, so the reward has a slope everywhere.
    static func easyTask() throws -> ControlTask {
        var task = ControlTaskTests.task
        task.diameterToleranceNanometres = 0.25
        task.maximumRelativeStandardDeviation = 0.3
        task.targetDiameterNanometres = try ControlEpisode.run(task, policy: AlwaysHeatPolicy(), seed: 0).score.meanDiameterNanometres
        return try task.validated()
    }

    static let quick = ControlTrainingSettings(
        episodes: 48, episodesPerUpdate: 8, epochs: 4, policyLearningRate: 0.03, valueLearningRate: 0.01,
        hiddenUnits: [8], initialStandardDeviation: 0.6, seed: 11)

    @Test func trainingIsDeterministicForASeed() throws {
        var settings = Self.quick
        settings.episodes = 8
        settings.episodesPerUpdate = 4
        let task = try Self.easyTask()
        let a = try ControlTrainer.train(task: task, settings: settings)
        let b = try ControlTrainer.train(task: task, settings: settings)
        #expect(a == b)
        #expect(a.episodesTrained == 8 && a.learningCurve.count == 2)
        settings.seed = 12
        #expect(try ControlTrainer.train(task: task, settings: settings).policy != a.policy)
    }

    /// The trained controller's deployed (mean) action beats a random controller's average reward over 8 random
    /// controllers on the easy task by a real margin (1 reward unit, one diameter tolerance of 0.25 nm), and beats
    /// holding the set-point.
    @Test func trainedControllerBeatsRandomOnAnEasyTask() throws {
        let task = try Self.easyTask()
        let controller = try ControlTrainer.train(task: task, settings: Self.quick)
        let trained = try ControlEpisode.run(task, policy: controller.policy, seed: 0).score.reward
        let random = try (UInt64(0)..<8).map { try ControlEpisode.run(task, policy: HashedRandomPolicy(seed: $0), seed: 0).score.reward }
        let randomMean = random.reduce(0, +) / Double(random.count)
        #expect(trained > randomMean + 1, "trained \(trained), random mean \(randomMean)")
        let held = try ControlEpisode.run(task, policy: ConstantTemperaturePolicy(), seed: 0).score.reward
        #expect(trained > held, "trained \(trained), constant \(held)")
    }

    @Test(arguments: [-5, 0])
    func nonPositiveEpisodesAreRejected(episodes: Int) throws {
        var settings = Self.quick
        settings.episodes = episodes
        #expect {
            _ = try ControlTrainer.train(task: ControlTaskTests.task, settings: settings)
        } throws: { error in
            (error as? TwinError)?.message.contains("'episodes'") == true && "\(error)".contains("\(episodes)")
        }
    }

    @Test func savedControllerRoundTripsAndActsIdentically() throws {
        var settings = Self.quick
        settings.episodes = 4
        let controller = try ControlTrainer.train(task: ControlTaskTests.task, settings: settings)
        let loaded = try TrainedController.decode(try controller.jsonData())
        #expect(loaded == controller)
        let features = try ControlEpisode(task: ControlTaskTests.task, seed: 0).features
        #expect(loaded.policy.action(features: features) == controller.policy.action(features: features))
    }

    @Test func malformedControllerFilesAreRejectedClearly() {
        #expect {
            _ = try TrainedController.decode(Data("{\"hello\": 1}".utf8))
        } throws: { error in
            (error as? TwinError)?.message.contains("not a trained controller") == true
        }
    }
}

@Suite("In-situ control: comparison")
struct ControlComparisonTests {
    /// A tiny comparison (budget 3, one seed, 2 evaluation runs, 4 training episodes): every method appears with
    /// its experiment count, and rates are fractions. The numbers themselves are measured in docs/control.md.
    @Test func tinyComparisonHasEveryMethod() throws {
        let settings = ControlComparisonSettings(
            budget: 3, seeds: 1, evaluationRuns: 2,
            training: ControlTrainingSettings(episodes: 4, episodesPerUpdate: 2, hiddenUnits: [4], seed: 0))
        let report = try ControlComparison.run(task: ControlTaskTests.task, settings: settings)
        #expect(report.methods.map(\.experimentsPerSeed) == [0, 3, 3, 3, 4])
        #expect(report.methods.map(\.method).contains("Bayesian optimisation (static)"))
        for m in report.methods {
            #expect((0...1).contains(m.medianSuccessRate) && (0...1).contains(m.medianFailureRate))
            #expect(m.medianAbsoluteErrorNanometres >= 0)
        }
    }

    @Test func badComparisonSettingsAreRejected() {
        #expect(throws: TwinError.self) {
            _ = try ControlComparisonSettings(budget: 1).validated()
        }
        #expect(throws: TwinError.self) {
            _ = try ControlComparisonSettings(seeds: 0).validated()
        }
    }
}

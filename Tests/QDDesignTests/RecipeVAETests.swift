import Foundation
import QDCore
import Testing
@testable import QDDesign

/// The conditional recipe VAE: gradients, conditioning on a known relation, the condition space, seeds and bad input.
@Suite("Recipe VAE")
struct RecipeVAETests {
    /// Synthetic recipes with a known answer: peak = 500 + 10·x₁ (+ N(0, 1) nm noise), x₂ free; both uniform on
    /// [1, 10], so x₁ is what the target decides and x₂ is what the latent should keep diverse.
    static func synthetic(rows: Int = 200, seed: UInt64 = 3) throws -> (x: Matrix, y: [Double]) {
        var rng = SeededRNG(seed: seed)
        var elements: [Double] = [], y: [Double] = []
        for _ in 0..<rows {
            let (a, b) = (rng.uniform(in: 1..<10), rng.uniform(in: 1..<10))
            elements += [a, b]
            y.append(500 + 10 * a + rng.normal())
        }
        return (try Matrix(rows: rows, columns: 2, elements: elements), y)
    }

    /// Property: the backpropagated gradient of the per-row loss (through decoder, reparameterisation and
    /// encoder) matches central finite differences. h = 1e-6 gives truncation O(h²) ≈ 1e-12 and rounding
    /// ≈ 1e-16/1e-6 = 1e-10 on O(1) losses, so 1e-6 relative (with a 1e-7 absolute floor) is generous.
    @Test("analytic gradient matches finite differences", arguments: [UInt64(1), 2, 3])
    func gradientCheck(seed: UInt64) throws {
        let (x, y) = try Self.synthetic(rows: 20)
        var vae = try RecipeVAE.train(x: x, y: y, parameterNames: ["a", "b"], seed: seed,
                                      settings: RecipeVAESettings(latentDimension: 3, hiddenUnits: 5, epochs: 3, batchSize: 8, klWeight: 0.7))
        var rng = SeededRNG(seed: seed &+ 10)
        let w = [rng.normal(), rng.normal()], c = rng.normal(), epsilon = [rng.normal(), rng.normal(), rng.normal()]
        let analytic = vae.lossAndGradient(w: w, c: c, epsilon: epsilon, beta: 0.7).gradient
        let theta = vae.parameters
        #expect(analytic.count == theta.count)
        let h = 1e-6
        var worst = 0.0
        for p in theta.indices {
            var plus = theta, minus = theta
            plus[p] += h
            minus[p] -= h
            vae.setParameters(plus)
            let lPlus = vae.lossAndGradient(w: w, c: c, epsilon: epsilon, beta: 0.7).loss
            vae.setParameters(minus)
            let lMinus = vae.lossAndGradient(w: w, c: c, epsilon: epsilon, beta: 0.7).loss
            let numeric = (lPlus - lMinus) / (2 * h)
            worst = max(worst, abs(numeric - analytic[p]) / max(abs(numeric), 1e-1))
        }
        vae.setParameters(theta)
        #expect(worst < 1e-6, "worst relative gradient error \(worst)")
    }

    /// Property: conditioned on a peak, samples put x₁ where the generating relation says ((t − 500)/10) and keep
    /// x₂ spread. Tolerance 1.0 (10 % of the range) on the mean: a trained decoder reconstructs x₁ from c to
    /// well under that, an unconditioned one would sit at the mean 5.5 and fail at t = 520 and 590.
    @Test("samples follow the condition and keep the free variable diverse", arguments: [520.0, 550.0, 590.0])
    func conditioning(target: Double) throws {
        let (x, y) = try Self.synthetic()
        let vae = try RecipeVAE.train(x: x, y: y, parameterNames: ["a", "b"], seed: 0, settings: RecipeVAESettings(epochs: 300))
        let samples = vae.sample(targetNanometres: target, count: 200, seed: 5)
        let a = samples.map { $0[0] }, b = samples.map { $0[1] }
        let meanA = a.reduce(0, +) / Double(a.count)
        let expected = min(max((target - 500) / 10, vae.lower[0]), vae.upper[0])
        #expect(abs(meanA - expected) < 1.0, "mean x1 \(meanA), expected \(expected)")
        let meanB = b.reduce(0, +) / Double(b.count)
        let sdB = (b.reduce(0) { $0 + ($1 - meanB) * ($1 - meanB) } / Double(b.count - 1)).squareRoot()
        #expect(sdB > 1.0, "x2 collapsed: sd \(sdB) (data sd ≈ 2.6)")
        #expect(vae.finalKL > 0.1, "posterior collapse: KL \(vae.finalKL)")
        for s in samples { for j in 0..<2 { #expect(s[j] >= vae.lower[j] && s[j] <= vae.upper[j]) } }
    }

    /// Property: inverse ∘ forward = identity; times and amounts are log-compressed, temperature is not.
    @Test("the recipe space round-trips and compresses heavy-tailed columns")
    func scaler() throws {
        let x = try RecipeDatasetSpec.inp.load().x
        let scaler = RecipeSpaceScaler(x)
        #expect(scaler.logCompressed == [false, true, true, true, true])
        for i in stride(from: 0, to: x.rows, by: 17) {
            let row = x.row(i)
            for (a, b) in zip(scaler.inverse(scaler.forward(row)), row) { #expect(abs(a - b) <= 1e-9 * max(1.0, abs(b))) }
        }
    }

    @Test("same seed, same model and samples; another seed, other samples")
    func seeded() throws {
        let (x, y) = try Self.synthetic(rows: 40)
        let settings = RecipeVAESettings(epochs: 20)
        let a = try RecipeVAE.train(x: x, y: y, parameterNames: ["a", "b"], seed: 4, settings: settings)
        let b = try RecipeVAE.train(x: x, y: y, parameterNames: ["a", "b"], seed: 4, settings: settings)
        #expect(a.parameters == b.parameters)
        #expect(a.sample(targetNanometres: 550, count: 5, seed: 1) == b.sample(targetNanometres: 550, count: 5, seed: 1))
        #expect(a.sample(targetNanometres: 550, count: 5, seed: 1) != a.sample(targetNanometres: 550, count: 5, seed: 2))
    }

    @Test("bad settings and data are refused with the setting's name")
    func badInput() throws {
        let (x, y) = try Self.synthetic(rows: 20)
        #expect(throws: DesignError.self) { try RecipeVAE.train(x: x, y: Array(y.dropLast()), parameterNames: ["a", "b"]) }
        do {
            _ = try RecipeVAE.train(x: x, y: y, parameterNames: ["a", "b"], settings: RecipeVAESettings(latentDimension: 0))
            Issue.record("latentDimension 0 accepted")
        } catch let error as DesignError {
            #expect(error.message.contains("latentDimension"))
        }
        var bad = y
        bad[3] = .nan
        #expect(throws: DesignError.self) { try RecipeVAE.train(x: x, y: bad, parameterNames: ["a", "b"]) }
    }
}

import Foundation
import Testing
@testable import QDTwin

@Suite("Reactor session (in-situ control)")
struct ReactorSessionTests {
    static let heatUp = Recipe(
        materialID: "CdSe", method: .heatUp, injectionTemperatureCelsius: nil, growthTemperatureCelsius: 260,
        growthTimeMinutes: 3, metalPrecursorMillimoles: 0.3, anionPrecursorMillimoles: 0.2, ligandMillimoles: 1,
        heatingRampCelsiusPerMinute: 15)

    /// `run` is defined as one advance over the growth time at the growth temperature, so the measurement and
    /// the whole trajectory are bit-identical (`==` on Doubles), for hot injection and heat-up alike.
    @Test(arguments: [Recipe.standardCdSe(), heatUp])
    func runEqualsSessionAdvancedOnce(recipe: Recipe) throws {
        let twin = TwinReactor()
        let (measured, simulation) = try twin.runWithTrajectory(recipe, seed: 5)
        var session = try ReactorSession(recipe: recipe)
        try session.advance(minutes: recipe.growthTimeMinutes, temperatureCelsius: recipe.growthTemperatureCelsius)
        #expect(try session.finish(seed: 5) == measured)
        #expect(session.simulation == simulation)
        #expect(abs(session.observation.elapsedMinutes - recipe.growthTimeMinutes) < 1e-12)
    }

    /// Splitting the same time into eight advances is not bit-identical (each call ends on its own step boundary
    /// and restarts the temperature law), but agrees to integrator accuracy: the steps are limited to ≤ 1 s
    /// and ≤ 10 % monomer change, so 0.5 % in d̄ and 0.005 in σ/d are generous bounds.
    @Test func splittingAdvancesAgreesToIntegratorAccuracy() throws {
        let recipe = Recipe.standardCdSe(growthTimeMinutes: 4)
        var once = try ReactorSession(recipe: recipe)
        try once.advance(minutes: 4, temperatureCelsius: 270)
        var split = try ReactorSession(recipe: recipe)
        for _ in 0..<8 { try split.advance(minutes: 0.5, temperatureCelsius: 270) }
        let a = once.observation, b = split.observation
        #expect(abs(a.elapsedMinutes - b.elapsedMinutes) < 1e-12)
        #expect(abs(a.meanDiameterNanometres - b.meanDiameterNanometres) < 0.005 * a.meanDiameterNanometres)
        #expect(abs(a.relativeStandardDeviation - b.relativeStandardDeviation) < 0.005)
        #expect(abs(a.yield - b.yield) < 0.005)
    }

    /// The set-point is reached by first-order relaxation with τ = 30 s: after 1 min from 270 °C towards
    /// 250 °C the reactor reads 250 + 20·e⁻² °C (closed form; 1e-9 °C covers rounding).
    @Test func temperatureRelaxesTowardsTheSetPoint() throws {
        var session = try ReactorSession(recipe: Recipe.standardCdSe())
        #expect(session.observation.temperatureCelsius == 300)  // just injected
        try session.advance(minutes: 5, temperatureCelsius: 270)
        let start = session.observation.temperatureCelsius
        try session.advance(minutes: 1, temperatureCelsius: 250)
        let expected = 250 + (start - 250) * exp(-2.0)
        #expect(abs(session.observation.temperatureCelsius - expected) < 1e-9)
    }

    /// The observation follows the synthesis: nothing to see at injection, then growing dots, falling precursor,
    /// rising yield, and a probe wavelength within 10 nm of the characterised first exciton (the probe uses the
    /// volume-weighted size, the spectrum the full ensemble line shape).
    @Test func observationTracksTheSynthesis() throws {
        var session = try ReactorSession(recipe: Recipe.standardCdSe())
        let start = session.observation
        #expect(start.firstExcitonWavelengthNanometres == nil)
        #expect(start.precursorRemainingFraction == 1)
        #expect(start.yield == 0 && start.meanDiameterNanometres == 0)
        var previous = start
        for _ in 0..<4 {
            try session.advance(minutes: 0.5, temperatureCelsius: 270)
            let now = session.observation
            #expect(now.precursorRemainingFraction < previous.precursorRemainingFraction)
            #expect(now.yield >= previous.yield)
            previous = now
        }
        let probe = try #require(previous.firstExcitonWavelengthNanometres)
        let truth = try #require(try session.finish(seed: 1).truth?.absorptionPeakNanometres)
        #expect(abs(probe - truth) < 10, "probe \(probe) nm, spectrum \(truth) nm")
        #expect(previous.particleConcentrationMolar > 0 && previous.relativeStandardDeviation > 0)
    }

    /// A session is a value: a copy branches the synthesis, and finishing does not change the session.
    @Test func copiesBranchAndFinishDoesNotMutate() throws {
        var a = try ReactorSession(recipe: Recipe.standardCdSe())
        try a.advance(minutes: 1, temperatureCelsius: 270)
        var b = a
        try a.advance(minutes: 1, temperatureCelsius: 300)
        try b.advance(minutes: 1, temperatureCelsius: 220)
        #expect(a.observation.meanDiameterNanometres > b.observation.meanDiameterNanometres)
        let before = a.observation
        _ = try a.finish(seed: 3)
        #expect(a.observation == before)
    }

    /// Bad actions are errors naming the value and the rule, and leave the session unchanged.
    @Test(arguments: [
        (-1.0, 270.0, "min"), (Double.nan, 270, "min"), (1, 400, "400"), (1, 100, "100"), (1, .infinity, "inf"),
        (61, 270, "longest growth time"),
    ])
    func badActionsThrow(minutes: Double, celsius: Double, mentions: String) throws {
        var session = try ReactorSession(recipe: Recipe.standardCdSe())
        let before = session.observation
        let error = #expect(throws: TwinError.self) { try session.advance(minutes: minutes, temperatureCelsius: celsius) }
        #expect(error?.kind == .invalidRecipe)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("rule") == true)
        #expect(session.observation == before)
    }

    @Test func invalidRecipeIsRejectedAtCreation() {
        var recipe = Recipe.standardCdSe()
        recipe.growthTemperatureCelsius = 900
        #expect(throws: TwinError.self) { _ = try ReactorSession(recipe: recipe) }
    }
}

@Suite("Twin benchmark")
struct TwinBenchmarkTests {
    /// The random recipes are valid, inside the standard bounds, and the same for the same seed.
    @Test func randomRecipesAreValidAndSeeded() throws {
        let a = TwinBenchmark.randomRecipes(materialID: "CdSe", count: 50, seed: 9)
        #expect(a == TwinBenchmark.randomRecipes(materialID: "CdSe", count: 50, seed: 9))
        #expect(a != TwinBenchmark.randomRecipes(materialID: "CdSe", count: 50, seed: 10))
        for recipe in a { _ = try recipe.validated() }
        #expect(Set(a.map(\.growthTimeMinutes)).count == 50)
    }

    /// Each recipe is timed once with a positive wall and CPU time and its step count.
    @Test func measureTimesEveryRecipe() throws {
        let samples = try TwinBenchmark.measure(TwinBenchmark.randomRecipes(materialID: "CdSe", count: 3, seed: 1))
        #expect(samples.count == 3)
        for s in samples { #expect(s.milliseconds > 0 && s.cpuMilliseconds > 0 && s.steps > 0) }
    }
}

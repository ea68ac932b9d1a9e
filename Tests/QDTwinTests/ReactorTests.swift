import Foundation
import QDData
import Testing
@testable import QDTwin

/// Shared runs: the twin is deterministic, so one simulation per recipe serves several tests.
enum Runs {
    static let twin = TwinReactor()
    static func run(_ recipe: Recipe, seed: UInt64 = 7) throws -> (ReactorMeasurement, SynthesisSimulation) {
        try twin.runWithTrajectory(recipe, seed: seed)
    }
}

@Suite("Population balance")
struct PopulationBalanceTests {
    /// Metal precursor + monomer + formula units in particles must equal the initial metal at every snapshot
    /// (likewise for the anion). The scheme debits the monomer with exactly the inventory change, so the only
    /// error is floating-point rounding over a few thousand steps: 1e-9 relative is ~10⁶ ulps of headroom.
    @Test(arguments: [
        Recipe.standardCdSe(growthTimeMinutes: 20),
        Recipe(materialID: "CdSe", method: .heatUp, injectionTemperatureCelsius: nil, growthTemperatureCelsius: 260,
               growthTimeMinutes: 5, metalPrecursorMillimoles: 0.3, anionPrecursorMillimoles: 0.2, ligandMillimoles: 1,
               heatingRampCelsiusPerMinute: 15),
        Recipe(materialID: "InP", growthTemperatureCelsius: 260, growthTimeMinutes: 10, metalPrecursorMillimoles: 0.2,
               anionPrecursorMillimoles: 0.1, ligandMillimoles: 0.6, ligand: .myristicAcid),
    ])
    func massIsConserved(recipe: Recipe) throws {
        let (_, simulation) = try Runs.run(recipe)
        #expect(simulation.snapshots.count > 10)
        for s in simulation.snapshots {
            let metal = s.metalPrecursorMolar + s.monomerMolar + s.particleFormulaUnitsMolar
            let anion = s.anionPrecursorMolar + s.monomerMolar + s.particleFormulaUnitsMolar
            #expect(abs(metal - simulation.initialMetalMolar) <= 1e-9 * simulation.initialMetalMolar)
            #expect(abs(anion - simulation.initialAnionMolar) <= 1e-9 * simulation.initialAnionMolar)
            #expect(s.monomerMolar >= 0 && s.metalPrecursorMolar >= 0 && s.anionPrecursorMolar >= 0)
        }
        // The inventory recomputed independently from the returned histogram matches the last snapshot.
        let v = try #require(ReactorKinetics.forMaterial(recipe.materialID)).formulaUnitVolumeCubicNanometres.value
        let h = simulation.histogram
        var inventory = 0.0
        for (d, c) in zip(h.diametersNanometres, h.concentrationsMolar) {
            let volume: Double = Double.pi * d * d * d / 6
            inventory += c * volume / v
        }
        let last = try #require(simulation.snapshots.last)
        #expect(abs(inventory - last.particleFormulaUnitsMolar) <= 1e-9 * simulation.initialMetalMolar)
        #expect(h.concentrationsMolar.allSatisfy { $0 >= 0 })  // positivity of the limited scheme
        #expect(last.particleFormulaUnitsMolar > 0.5 * min(simulation.initialMetalMolar, simulation.initialAnionMolar))
    }

    /// Longer growth at fixed other inputs gives larger dots.
    @Test func longerGrowthGivesLargerDots() throws {
        let sizes: [Double] = try [0.5, 2.0, 5, 15, 40].map { (minutes: Double) -> Double in
            try Runs.run(Recipe.standardCdSe(growthTimeMinutes: minutes)).0.truth?.meanDiameterNanometres ?? 0
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) { #expect(b > a, "sizes \(sizes)") }
    }

    /// Higher growth temperature at fixed injection temperature, time and amounts gives faster growth.
    @Test func higherGrowthTemperatureGrowsFaster() throws {
        let sizes: [Double] = try [220.0, 250, 280, 310].map { (t: Double) -> Double in
            var recipe = Recipe.standardCdSe(growthTimeMinutes: 5, growthTemperatureCelsius: t)
            recipe.injectionTemperatureCelsius = 310
            return try Runs.run(recipe).0.truth?.meanDiameterNanometres ?? 0
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) { #expect(b > a, "sizes \(sizes)") }
    }

    /// CdSe tunes across at least 500–620 nm inside the recipe bounds (target behaviour: ≈480–650 nm).
    @Test func cdseTuningRangeCovers500To620Nanometres() throws {
        var blue = Recipe.standardCdSe(growthTimeMinutes: 0.2, growthTemperatureCelsius: 220)
        blue.injectionTemperatureCelsius = 240
        let red = Recipe.standardCdSe(growthTimeMinutes: 60, growthTemperatureCelsius: 310)
        let bluePeak = try #require(try Runs.run(blue).0.truth?.absorptionPeakNanometres)
        let redPeak = try #require(try Runs.run(red).0.truth?.absorptionPeakNanometres)
        #expect(bluePeak <= 500, "bluest \(bluePeak) nm")
        #expect(redPeak >= 620, "reddest \(redPeak) nm")
    }

    /// Defocusing by Ostwald ripening (Peng, Wickham & Alivisatos, JACS 120, 5343 (1998)): late in a long run
    /// σ/d rises well above its early value, while the particle count falls (ripening dissolves small dots).
    /// Margin 0.05 in σ/d is far above the scheme's resolution (0.05 nm bins on 3–6 nm dots).
    @Test func ripeningDefocusesAndReducesParticleCount() throws {
        let (_, simulation) = try Runs.run(Recipe.standardCdSe(growthTimeMinutes: 30))
        let observed = simulation.snapshots.filter { $0.particleConcentrationMolar > 0 }
        let first = try #require(observed.first)
        let last = try #require(observed.last)
        #expect(last.relativeStandardDeviation > first.relativeStandardDeviation + 0.05)
        let peakCount = observed.map { (s: ReactorSnapshot) -> Double in s.particleConcentrationMolar }.max() ?? 0
        #expect(last.particleConcentrationMolar < 0.8 * peakCount)
    }

    /// Size focusing before the defocusing is a target of issue 7 the current calibration does not reach: the
    /// nucleation burst is already narrow (σ/d ≈ 4 % after 15 s), so σ/d only rises. Kept as a known issue so the
    /// gap stays visible and the test turns green when a calibration achieves it.
    @Test func focusingThenDefocusing() throws {
        let (_, simulation) = try Runs.run(Recipe.standardCdSe(growthTimeMinutes: 30))
        let series = simulation.snapshots.filter { $0.particleConcentrationMolar > 0 }.map { (s: ReactorSnapshot) -> Double in s.relativeStandardDeviation }
        let minimumIndex = try #require(series.indices.min { series[$0] < series[$1] })
        withKnownIssue("focusing phase not reproduced by the current CdSe calibration") {
            let early = series.prefix(max(minimumIndex, 1)).max() ?? 0
            #expect(early > series[minimumIndex] + 0.01, "no focusing: \(series)")
        }
    }

    /// The exact A + B conversion matches a fine RK4 integration of dx/dt = k(a − x)(b − x).
    @Test(arguments: [(0.02, 0.04), (0.03, 0.03), (0.05, 0.001)])
    func precursorConversionIsExact(a: Double, b: Double) {
        let k = 0.7, t = 90.0
        var x = 0.0
        let steps = 20_000
        let h = t / Double(steps)
        func f(_ x: Double) -> Double { k * (a - x) * (b - x) }
        for _ in 0..<steps {
            let k1 = f(x), k2 = f(x + h / 2 * k1), k3 = f(x + h / 2 * k2), k4 = f(x + h * k3)
            x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        }
        // RK4 global error ~h⁴ ≈ 4e-10 relative here; 1e-8 leaves margin.
        #expect(abs(PrecursorConversion.converted(a, b, rateConstant: k, seconds: t) - x) <= 1e-8 * min(a, b))
    }
}

@Suite("Twin reactor")
struct TwinReactorTests {
    @Test func sameSeedIsIdenticalDifferentSeedChangesOnlyNoise() async throws {
        let recipe = Recipe.standardCdSe()
        let twin = TwinReactor()
        let a = try await twin.run(recipe, seed: 11)
        let b = try await twin.run(recipe, seed: 11)
        let c = try await twin.run(recipe, seed: 12)
        #expect(a == b)
        #expect(a.truth == c.truth)
        #expect(a.status == c.status)
        #expect(a.spectra?.wavelengthsNanometres == c.spectra?.wavelengthsNanometres)
        #expect(a.spectra?.absorbance != c.spectra?.absorbance)
        #expect(a.outcome.plqy != c.outcome.plqy)
        #expect(a.outcome.yield == c.outcome.yield)
    }

    /// Peaks picked on the noisy spectra sit within 3 nm of the noise-free ones (noise 0.002 on a 0.5 peak,
    /// baseline drift ≤ ~0.03 over the band: a shift of a few tenths of a nm typically; 3 nm is a loose bound).
    @Test func measuredPeaksTrackTruth() throws {
        let (m, _) = try Runs.run(Recipe.standardCdSe())
        #expect(m.status == .succeeded)
        let truth = try #require(m.truth)
        let abs = try #require(m.outcome.absorptionPeakNanometres)
        let pl = try #require(m.outcome.emissionPeakNanometres)
        #expect(Swift.abs(abs - (truth.absorptionPeakNanometres ?? 0)) < 3)
        #expect(Swift.abs(pl - (truth.emissionPeakNanometres ?? 0)) < 3)
        #expect(pl > abs)  // Stokes shift
        let plqy = try #require(m.outcome.plqy)
        #expect(plqy > 0.02 && plqy < 0.9)
    }

    @Test func noNucleationWhenTooColdAndDilute() throws {
        let recipe = Recipe(
            materialID: "CdSe", injectionTemperatureCelsius: 150, growthTemperatureCelsius: 150, growthTimeMinutes: 1,
            metalPrecursorMillimoles: 0.02, anionPrecursorMillimoles: 0.02, ligandMillimoles: 1, volumeMillilitres: 20)
        let (m, simulation) = try Runs.run(recipe)
        #expect(m.status == .failed(.noNucleation))
        #expect(m.spectra == nil)
        #expect(simulation.maximumSupersaturation < 3)
    }

    @Test func aggregationWithoutLigand() throws {
        var recipe = Recipe.standardCdSe()
        recipe.ligandMillimoles = 0.005
        let (m, _) = try Runs.run(recipe)
        #expect(m.status == .failed(.aggregation))
        #expect((m.truth?.ligandCoverage ?? 1) < TwinOptions().minimumLigandCoverage)
    }

    /// InP first-pass calibration: 260 °C for 10 min gives dots with near-complete yield, a 1S peak in the
    /// 550–600 nm window the calibration targeted (575 nm when calibrated) and the low PLQY of core-only InP.
    @Test func inpProducesDots() throws {
        let recipe = Recipe(
            materialID: "InP", growthTemperatureCelsius: 260, growthTimeMinutes: 10, metalPrecursorMillimoles: 0.2,
            anionPrecursorMillimoles: 0.1, ligandMillimoles: 0.6, ligand: .myristicAcid)
        let (m, _) = try Runs.run(recipe)
        #expect(m.status == .succeeded)
        let truth = try #require(m.truth)
        #expect(truth.yield > 0.9)
        let peak = try #require(truth.absorptionPeakNanometres)
        #expect(peak > 550 && peak < 600)
        #expect(truth.plqy < 0.1)
    }

    /// Long ripening at growth temperature broadens the product past the threshold.
    @Test func polydisperseProductIsAFailedExperiment() throws {
        let recipe = Recipe.standardCdSe(growthTimeMinutes: 30)
        let (m, _) = try Runs.run(recipe)
        #expect(m.status == .failed(.polydisperse))
        #expect((m.truth?.relativeStandardDeviation ?? 0) > TwinOptions().maximumRelativeStandardDeviation)
        #expect(m.spectra != nil)  // a broad product is still measured
    }

    @Test func recordCarriesRecipeOutcomeStatusAndProvenance() throws {
        let recipe = Recipe.standardCdSe()
        let (m, _) = try Runs.run(recipe, seed: 42)
        let record = m.record(for: recipe, id: "twin/1")
        #expect(record.synthesis.material.core == "CdSe")
        #expect(record.synthesis.method == .hotInjection)
        #expect(record.synthesis.growthTemperature == Quantity(270, .celsius))
        #expect(record.synthesis.precursors.map { (r: Reagent) -> ReagentRole? in r.role } == [ReagentRole.metal, ReagentRole.anion])
        #expect(record.synthesis.acids.first?.name == "oleic acid")
        #expect(record.outcomes.absorptionPeak?.value == m.outcome.absorptionPeakNanometres)
        #expect(record.status == m.status)
        #expect(record.provenance.citation == "QDLab digital twin v\(QDTwin.version), seed 42")
        let decoded = try SynthesisRecord.decode(json: try record.canonicalJSON())
        #expect(decoded == record)

        var failing = recipe
        failing.ligandMillimoles = 0.005
        let (f, _) = try Runs.run(failing)
        let failed = f.record(for: failing, id: "twin/2")
        #expect(failed.status == .failed(.aggregation))
        #expect(failed.outcomes.absorptionPeak == nil)
        #expect(try SynthesisRecord.decode(json: try failed.canonicalJSON()) == failed)
    }

    /// Speed probe (not an assertion): set TWIN_BENCH=1 and run in release mode, see docs/twin.md.
    @Test func medianRunTime() throws {
        guard ProcessInfo.processInfo.environment["TWIN_BENCH"] != nil else { return }
        let twin = TwinReactor()
        for recipe in [Recipe.standardCdSe(), Recipe.standardCdSe(growthTimeMinutes: 60, growthTemperatureCelsius: 310)] {
            var times: [Double] = []
            for seed in 0..<20 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try twin.runSynchronously(recipe, seed: UInt64(seed))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            print("twin bench: \(recipe.growthTimeMinutes) min at \(recipe.growthTemperatureCelsius) °C: median \(times[10]) ms over 20 runs (min \(times[0]), max \(times[19]))")
        }
    }
}

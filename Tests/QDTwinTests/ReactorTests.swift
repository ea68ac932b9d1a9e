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
               growthTimeMinutes: 20, metalPrecursorMillimoles: 0.3, anionPrecursorMillimoles: 0.2, ligandMillimoles: 1,
               heatingRampCelsiusPerMinute: 15),
        Recipe(materialID: "InP", growthTemperatureCelsius: 260, growthTimeMinutes: 10, metalPrecursorMillimoles: 0.2,
               anionPrecursorMillimoles: 0.1, ligandMillimoles: 0.6, ligand: .myristicAcid),
        PbSTests.hinesScholes(growthTemperatureCelsius: 200, growthTimeMinutes: 5),
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

    /// Longer growth at fixed other inputs gives larger dots (issue 7: monotone effect of time), from the first
    /// minutes with measurable dots (2 min at 270 °C) to 40 min.
    @Test func longerGrowthGivesLargerDots() throws {
        let sizes: [Double] = try [2.0, 5, 10, 20, 40].map { (minutes: Double) -> Double in
            try Runs.run(Recipe.standardCdSe(growthTimeMinutes: minutes)).0.truth?.meanDiameterNanometres ?? 0
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) { #expect(b > a, "sizes \(sizes)") }
    }

    /// Higher growth temperature at fixed injection temperature, time and amounts gives larger dots (issue 7:
    /// monotone effect of temperature).
    @Test func higherGrowthTemperatureGrowsFaster() throws {
        let sizes: [Double] = try [220.0, 250, 280, 310].map { (t: Double) -> Double in
            var recipe = Recipe.standardCdSe(growthTimeMinutes: 5, growthTemperatureCelsius: t)
            recipe.injectionTemperatureCelsius = 310
            return try Runs.run(recipe).0.truth?.meanDiameterNanometres ?? 0
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) { #expect(b > a, "sizes \(sizes)") }
    }

    /// CdSe tunes across 480–650 nm (first exciton) by time and temperature alone inside the recipe bounds (the
    /// literature range issue 7 asks for; v1.1 gives 446 nm at 220 °C/2 min and ≈ 670 nm at 320 °C/60 min).
    @Test func cdseTuningRangeCovers480To650Nanometres() throws {
        let blue = Recipe.standardCdSe(growthTimeMinutes: 2, growthTemperatureCelsius: 220)
        let red = Recipe.standardCdSe(growthTimeMinutes: 60, growthTemperatureCelsius: 320)
        let bluePeak = try #require(try Runs.run(blue).0.truth?.absorptionPeakNanometres)
        let redPeak = try #require(try Runs.run(red).0.truth?.absorptionPeakNanometres)
        #expect(bluePeak <= 480, "bluest \(bluePeak) nm")
        #expect(redPeak >= 650, "reddest \(redPeak) nm")
    }

    /// The main job's target is reachable: some recipe inside the bounds makes CdSe emitting at 620 ± 5 nm with
    /// emission FWHM ≤ 30 nm and σ/d in 5–9 % (Peng 1998's focused product). 270 °C for 10 min is the recipe
    /// the calibration found (docs/twin.md: PL 618 nm, FWHM 23 nm, σ/d 6.7 %); the bounds leave room for
    /// calibration drift without letting a broad product pass.
    @Test func narrowRedCdSeIsReachable() throws {
        let (m, _) = try Runs.run(Recipe.standardCdSe(growthTimeMinutes: 10, growthTemperatureCelsius: 270))
        #expect(m.status == .succeeded)
        let truth = try #require(m.truth)
        let peak = try #require(truth.emissionPeakNanometres)
        #expect(abs(peak - 620) <= 5, "PL \(peak) nm")
        #expect(try #require(truth.emissionFWHMNanometres) <= 30)
        #expect(truth.relativeStandardDeviation >= 0.05 && truth.relativeStandardDeviation <= 0.09)
    }

    /// Defocusing by Ostwald ripening (Peng, Wickham & Alivisatos, JACS 120, 5343 (1998)): late in a long run
    /// σ/d rises well above its early value, while the particle count falls (ripening dissolves small dots).
    /// Margin 0.05 in σ/d is far above the scheme's resolution (0.05 nm bins on 3–6 nm dots).
    @Test func ripeningDefocusesAndReducesParticleCount() throws {
        let series = try Self.settledSeries(Recipe.standardCdSe(growthTimeMinutes: 60, growthTemperatureCelsius: 300))
        let narrowest = try #require(series.min { $0.relativeStandardDeviation < $1.relativeStandardDeviation })
        let last = try #require(series.last)
        #expect(last.relativeStandardDeviation > narrowest.relativeStandardDeviation + 0.05)
        let peakCount = series.map { (s: ReactorSnapshot) -> Double in s.particleConcentrationMolar }.max() ?? 0
        #expect(last.particleConcentrationMolar < 0.8 * peakCount)
    }

    /// Snapshots once the nucleation burst is over (particle count ≥ 50 % of its maximum): before that the
    /// few earliest dots make σ/d meaningless.
    static func settledSeries(_ recipe: Recipe) throws -> [ReactorSnapshot] {
        let snapshots = try Runs.run(recipe).1.snapshots
        let peak = snapshots.map { (s: ReactorSnapshot) -> Double in s.particleConcentrationMolar }.max() ?? 0
        guard let start = snapshots.firstIndex(where: { $0.particleConcentrationMolar >= 0.5 * peak }) else { return [] }
        return Array(snapshots[start...])
    }

    /// Size focusing then defocusing (Peng, Wickham & Alivisatos, JACS 120, 5343 (1998); Talapin et al. 2001):
    /// at 270 °C σ/d falls after the burst while precursor remains, reaches its minimum, then rises once ripening
    /// takes over. The margins (0.01 down, 0.03 up, in σ/d) are far above the scheme's resolution (0.05 nm bins on
    /// 3–6 nm dots change σ/d by < 0.002) and well inside what v1.1 shows (8.3 % → 6.4 % → 12.6 %).
    @Test func focusingThenDefocusing() throws {
        let series = try Self.settledSeries(Recipe.standardCdSe(growthTimeMinutes: 40))
        let rsd = series.map { (s: ReactorSnapshot) -> Double in s.relativeStandardDeviation }
        let minimumIndex = try #require(rsd.indices.min { rsd[$0] < rsd[$1] })
        let early = rsd.prefix(minimumIndex + 1).max() ?? 0
        #expect(early > rsd[minimumIndex] + 0.01, "no focusing: \(rsd)")
        #expect(try #require(rsd.last) > rsd[minimumIndex] + 0.03, "no defocusing: \(rsd)")
        // Focusing happens while precursor is still being converted, defocusing after most of it is gone.
        let atMinimum = series[minimumIndex]
        #expect(atMinimum.metalPrecursorMolar > 0.2 * Recipe.standardCdSe().metalConcentrationMolar)
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
    /// Seeded determinism (issue 7): the same (recipe, seed) gives a bit-identical measurement and trajectory,
    /// also from a second, independent twin; another seed changes only the instrument noise.
    @Test func sameSeedIsIdenticalDifferentSeedChangesOnlyNoise() async throws {
        let (first, trajectory) = try TwinReactor().runWithTrajectory(Recipe.standardCdSe(growthTimeMinutes: 5), seed: 3)
        let (second, again) = try TwinReactor().runWithTrajectory(Recipe.standardCdSe(growthTimeMinutes: 5), seed: 3)
        #expect(first == second)
        #expect(trajectory == again)
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

    /// A product broader than the threshold is a failed experiment with its spectra kept. Ripened CdSe levels
    /// off near the self-similar σ/d ≈ 0.2 (300 °C, 20 min: ≈ 0.14), so the test sets the threshold to 0.10 —
    /// a lab that demands narrow dots — rather than lean on a recipe that sits on the default 0.20.
    @Test func polydisperseProductIsAFailedExperiment() throws {
        var options = TwinOptions()
        options.maximumRelativeStandardDeviation = 0.10
        let recipe = Recipe.standardCdSe(growthTimeMinutes: 20, growthTemperatureCelsius: 300)
        let m = try TwinReactor(options: options).runSynchronously(recipe, seed: 7)
        #expect(m.status == .failed(.polydisperse))
        #expect((m.truth?.relativeStandardDeviation ?? 0) > options.maximumRelativeStandardDeviation)
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

@Suite("PbS (Hines–Scholes hot injection)")
struct PbSTests {
    /// 0.4 mmol Pb oleate, 0.2 mmol (TMS)₂S, oleic acid in 10 mL, injected at 150 °C (the lowest injection the
    /// standard bounds allow; Hines & Scholes inject at 90–150 °C).
    static func hinesScholes(
        growthTemperatureCelsius: Double, growthTimeMinutes: Double, oleicAcidMillimoles: Double = 4
    ) -> Recipe {
        Recipe(
            materialID: "PbS", injectionTemperatureCelsius: 150, growthTemperatureCelsius: growthTemperatureCelsius,
            growthTimeMinutes: growthTimeMinutes, metalPrecursorMillimoles: 0.4, anionPrecursorMillimoles: 0.2,
            ligandMillimoles: oleicAcidMillimoles)
    }

    /// The first exciton spans the near infrared Hines & Scholes report (≈ 800–1800 nm) by time and temperature:
    /// ≤ 850 nm at 150 °C/0.5 min (v1.1: 814 nm) and ≥ 1600 nm at 250 °C/5 min (v1.1: 1881 nm).
    @Test func firstExcitonSpansTheNearInfrared() throws {
        let blue = try #require(try Runs.run(Self.hinesScholes(growthTemperatureCelsius: 150, growthTimeMinutes: 0.5)).0.truth?.absorptionPeakNanometres)
        let red = try #require(try Runs.run(Self.hinesScholes(growthTemperatureCelsius: 250, growthTimeMinutes: 5)).0.truth?.absorptionPeakNanometres)
        #expect(blue <= 850, "bluest \(blue) nm")
        #expect(red >= 1600, "reddest \(red) nm")
    }

    /// More oleic acid gives larger PbS dots (Hines & Scholes 2003's size handle), at 150 °C for 1 min.
    @Test func moreOleicAcidGivesLargerDots() throws {
        let sizes: [Double] = try [1.0, 2, 4, 8].map { (acid: Double) -> Double in
            try Runs.run(Self.hinesScholes(growthTemperatureCelsius: 150, growthTimeMinutes: 1, oleicAcidMillimoles: acid)).0.truth?.meanDiameterNanometres ?? 0
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) { #expect(b > a, "sizes \(sizes)") }
    }

    /// A short PbS synthesis succeeds with a measured first exciton and PL in the near infrared.
    @Test func shortSynthesisIsMeasured() throws {
        let (m, _) = try Runs.run(Self.hinesScholes(growthTemperatureCelsius: 150, growthTimeMinutes: 0.5))
        #expect(m.status == .succeeded)
        let peak = try #require(m.outcome.absorptionPeakNanometres)
        #expect(peak > 700 && peak < 1000)
        #expect(try #require(m.outcome.emissionPeakNanometres) > peak)
        let record = m.record(for: Self.hinesScholes(growthTemperatureCelsius: 150, growthTimeMinutes: 0.5), id: "pbs/1")
        #expect(record.synthesis.precursors.first?.name == "lead oxide")
    }
}

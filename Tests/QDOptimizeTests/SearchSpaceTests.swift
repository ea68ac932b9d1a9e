import Foundation
import QDCore
import Testing
@testable import QDOptimize

@Suite("Search space")
struct SearchSpaceTests {
    static func mixed() throws -> SearchSpace {
        try SearchSpace([
            .continuous("temperatureCelsius", 150...250),
            .continuous("timeMinutes", 1...100, scale: .log),
            .integer("injections", 1...4),
            .categorical("ligand", ["OA", "OLA", "TOP"], descriptors: [[18, 1], [18, 0], [24, 3]]),
            .categorical("solvent", ["ODE", "toluene"]),
            .fixed("pressureBar", 1.0),
        ])
    }

    @Test("features: linear, log, integer, descriptors min–max, one-hot, fixed omitted")
    func encoding() throws {
        let space = try Self.mixed()
        #expect(space.featureCount == 1 + 1 + 1 + 2 + 2)
        let x = try space.nativeVector(["temperatureCelsius": 200, "timeMinutes": 10, "injections": 3,
                                        "ligand": "OA", "solvent": "toluene"])
        let f = space.features(native: x)
        #expect(abs(f[0] - 0.5) < 1e-15)
        #expect(abs(f[1] - 0.5) < 1e-15)  // ln 10 is halfway between ln 1 and ln 100
        #expect(abs(f[2] - 2.0 / 3.0) < 1e-15)
        #expect(Array(f[3...4]) == [0, 1.0 / 3.0])  // OA: (18−18)/(24−18), (1−0)/(3−0)
        #expect(Array(f[5...6]) == [0, 1])
        // Round trip: point → native → point, with the fixed value filled in.
        let p = space.point(native: x)
        #expect(p["pressureBar"] == 1.0)
        #expect(try space.nativeVector(p) == x)
    }

    @Test("bad points name the parameter and the rule")
    func badPoints() throws {
        let space = try Self.mixed()
        let base: Point = ["temperatureCelsius": 200, "timeMinutes": 10, "injections": 3, "ligand": "OA", "solvent": "ODE"]
        func message(_ change: (inout Point) -> Void) -> String {
            var p = base
            change(&p)
            do { _ = try space.nativeVector(p); return "" } catch { return "\(error)" }
        }
        #expect(message { $0["temperatureCelsius"] = 400 }.contains("'temperatureCelsius' = 400.0 is outside its range"))
        #expect(message { $0["colour"] = "red" }.contains("Unknown parameter 'colour'"))
        #expect(message { $0["ligand"] = "DDT" }.contains("unknown level 'DDT'"))
        #expect(message { $0["injections"] = 2.5 }.contains("not a whole number"))
        #expect(message { $0["timeMinutes"] = .number(.nan) }.contains("must be finite"))
        #expect(message { $0["solvent"] = nil }.contains("'solvent' is missing"))
        #expect(message { $0["pressureBar"] = 2.0 }.contains("is fixed at 1.0"))
    }

    @Test("invalid definitions are rejected with the parameter named")
    func invalidDefinitions() {
        #expect(throws: OptimizeError.self) { try SearchSpace([.continuous("a", 0...1, scale: .log)]) }
        #expect(throws: OptimizeError.self) { try SearchSpace([.continuous("a", 0...1), .integer("a", 0...3)]) }
        #expect(throws: OptimizeError.self) {
            try SearchSpace([.continuous("a", 0...1)], linearConstraints: [.sum(["a", "b"])])
        }
        do {
            _ = try SearchSpace([.categorical("c", ["x"])])
            Issue.record("one-level categorical accepted")
        } catch {
            #expect("\(error)".contains("Parameter 'c'"))
        }
    }

    @Test("fractions summing to 1: sampled points are feasible")
    func fractions() throws {
        let space = try SearchSpace(
            [.continuous("a", 0...1), .continuous("b", 0...1), .continuous("c", 0...0.5), .continuous("T", 100...200)],
            linearConstraints: [.sum(["a", "b", "c"]), LinearConstraint("a ≤ 2b", coefficients: ["a": 1, "b": -2], .lessOrEqual, 0)])
        var rng = SeededRNG(seed: 3)
        let samples = space.sampleFeasible(count: 50, attempts: 5000, using: &rng)
        #expect(samples.count == 50)
        for x in samples {
            #expect(abs(x[0] + x[1] + x[2] - 1) <= 1e-6)
            #expect(x[0] <= 2 * x[1] + 1e-6)
        }
    }

    @Test("an impossible linear constraint is reported at construction, naming it")
    func impossibleLinear() {
        do {
            _ = try SearchSpace([.continuous("a", 0...0.3), .continuous("b", 0...0.3)], linearConstraints: [.sum(["a", "b"])])
            Issue.record("empty space accepted")
        } catch let e as OptimizeError {
            #expect(e.kind == .infeasibleSpace)
            #expect(e.message.contains("'a + b = 1.0'"))
            #expect(e.message.contains("0.0…0.6"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("an empty space from interacting constraints is detected by sampling + COBYLA")
    func emptyByInteraction() throws {
        // Each constraint alone is satisfiable; together (x + y ≥ 1.5 and a disc of radius 0.5 at the origin) not.
        let space = try SearchSpace(
            [.continuous("x", 0...1), .continuous("y", 0...1)],
            linearConstraints: [LinearConstraint("x + y ≥ 1.5", coefficients: ["x": 1, "y": 1], .greaterOrEqual, 1.5)],
            nonlinearConstraints: [NonlinearConstraint("inside disc") { p in
                let x = p["x"]?.number ?? 0, y = p["y"]?.number ?? 0
                return x * x + y * y - 0.25
            }])
        #expect(throws: OptimizeError.self) { try space.requireNonEmpty(seed: 1) }
        do { try space.requireNonEmpty(seed: 1) } catch let e as OptimizeError {
            #expect(e.kind == .infeasibleSpace)
            #expect(e.message.contains("x + y ≥ 1.5") || e.message.contains("inside disc"))
        }
        // A satisfiable pair returns a feasible point.
        let ok = try SearchSpace([.continuous("x", 0...1), .continuous("y", 0...1)],
                                 linearConstraints: [.sum(["x", "y"], equals: 1.5)])
        #expect(try ok.isFeasible(try ok.requireNonEmpty(seed: 1)))
    }
}

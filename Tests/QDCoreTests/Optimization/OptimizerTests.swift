import Testing
@testable import QDCore

/// Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1), with its analytic gradient.
func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    let a = 1 - x[0], b = x[1] - x[0] * x[0]
    return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
}

struct TestFailure: Error, Equatable { let tag: String }

@Suite("NLopt wrapper: L-BFGS and COBYLA")
struct OptimizerTests {
    @Test("L-BFGS minimises Rosenbrock from (−1.2, 1) to 1e-6 with the analytic gradient")
    func rosenbrockLBFGS() throws {
        let r = try Optimizer.minimizeLBFGS(from: [-1.2, 1]) { rosenbrock($0) }
        #expect(abs(r.x[0] - 1) < 1e-6 && abs(r.x[1] - 1) < 1e-6, "x = \(r.x), status \(r.status)")
        #expect(r.value < 1e-12)
        #expect(r.evaluations > 0 && r.evaluations < 10_000)
        #expect(r.status.isSuccess || r.status == .roundoffLimited)
    }

    @Test("L-BFGS respects bounds: with the optimum outside the box it lands on the bound")
    func bounded() throws {
        // min (x − 3)² + (y + 2)² on [0, 1] × [0, 1]: the answer is the corner (1, 0).
        let box = try BoxBounds(lower: [0, 0], upper: [1, 1])
        let r = try Optimizer.minimizeLBFGS(from: [0.5, 0.5], bounds: box) { x in
            ((x[0] - 3) * (x[0] - 3) + (x[1] + 2) * (x[1] + 2), [2 * (x[0] - 3), 2 * (x[1] + 2)])
        }
        #expect(r.x == [1, 0])
        #expect(abs(r.value - 8) < 1e-12)
    }

    @Test("COBYLA solves min x + y subject to x² + y² ≤ 1: optimum (−1/√2, −1/√2), value −√2")
    func cobylaConstrained() throws {
        let r = try Optimizer.minimizeCOBYLA(
            from: [0, 0], constraints: [{ x in x[0] * x[0] + x[1] * x[1] - 1 }],
            stopping: StoppingCriteria(relativeXTolerance: 1e-10, maxEvaluations: 5000)
        ) { x in x[0] + x[1] }
        let s = -(0.5).squareRoot()
        // COBYLA's linear models converge linearly; 1e-6 is well inside what xtol_rel 1e-10 delivers here, and the
        // constraint tolerance 1e-8 allows that much infeasibility.
        #expect(abs(r.x[0] - s) < 1e-6 && abs(r.x[1] - s) < 1e-6, "x = \(r.x)")
        #expect(abs(r.value + 2.0.squareRoot()) < 1e-6)
        #expect(r.x[0] * r.x[0] + r.x[1] * r.x[1] <= 1 + 1e-7)
    }

    @Test("an error thrown in the objective is rethrown unchanged and stops NLopt early")
    func errorPropagates() {
        var calls = 0
        #expect(throws: TestFailure(tag: "boom")) {
            _ = try Optimizer.minimizeLBFGS(from: [-1.2, 1]) { x in
                calls += 1
                if calls == 3 { throw TestFailure(tag: "boom") }
                return rosenbrock(x)
            }
        }
        #expect(calls == 3)
        #expect(throws: TestFailure(tag: "constraint")) {
            _ = try Optimizer.minimizeCOBYLA(from: [0.5], constraints: [{ _ in throw TestFailure(tag: "constraint") }]) { $0[0] }
        }
    }

    @Test("a NaN objective is an error naming x and the way out")
    func nanObjective() {
        expectCoreError(.invalidArgument, containing: ["objective returned NaN", "x = [", "tighten the bounds"]) {
            _ = try Optimizer.minimizeCOBYLA(from: [1]) { x in x[0] < 0.5 ? .nan : x[0] * x[0] }
        }
        expectCoreError(.invalidArgument, containing: ["gradient is NaN in component 1"]) {
            _ = try Optimizer.minimizeLBFGS(from: [1, 1]) { x in (x[0], [1, .nan]) }
        }
    }

    @Test("bad input: x0 outside bounds, inverted bounds, wrong gradient length, empty x0")
    func badInput() throws {
        let box = try BoxBounds(lower: [0, 0], upper: [1, 1])
        expectCoreError(.invalidArgument, containing: ["x0[1] = 2.0", "[0.0, 1.0]", "clamp"]) {
            _ = try Optimizer.minimizeLBFGS(from: [0.5, 2], bounds: box) { rosenbrock($0) }
        }
        expectCoreError(.invalidArgument, containing: ["variable 0", "lower 2.0 > upper 1.0"]) {
            _ = try BoxBounds(lower: [2], upper: [1])
        }
        expectCoreError(.shapeMismatch, containing: ["gradient of length 1", "2 entries"]) {
            _ = try Optimizer.minimizeLBFGS(from: [0.5, 0.5]) { x in (x[0], [1]) }
        }
        expectCoreError(.invalidArgument, containing: ["x0 is empty"]) {
            _ = try Optimizer.minimizeCOBYLA(from: []) { _ in 0 }
        }
        expectCoreError(.shapeMismatch, containing: ["x0 has 1 entries", "bounds have 2"]) {
            _ = try Optimizer.minimizeCOBYLA(from: [0.5], bounds: box) { _ in 0 }
        }
    }

    @Test("the evaluation budget is honoured and reported as maxEvaluationsReached")
    func budget() throws {
        let r = try Optimizer.minimizeLBFGS(from: [-1.2, 1], stopping: StoppingCriteria(maxEvaluations: 5)) { rosenbrock($0) }
        #expect(r.status == .maxEvaluationsReached)
        // NLopt 2.7's L-BFGS does not stop exactly at the budget (observed: 9 objective calls for a budget of 5);
        // the count reported is the true number of calls, counted by the wrapper.
        #expect(r.evaluations >= 5 && r.evaluations <= 15)
        #expect(r.value <= rosenbrock([-1.2, 1]).value)  // NLopt returns the best point seen
        expectCoreError(.invalidArgument, containing: ["'maxEvaluations'", "Got 0"]) {
            _ = try Optimizer.minimizeLBFGS(from: [0, 0], stopping: StoppingCriteria(maxEvaluations: 0)) { rosenbrock($0) }
        }
    }

    @Test("NLopt codes map to the enum")
    func statusMapping() {
        #expect(OptimizationStatus(nloptCode: 4) == .xToleranceReached)
        #expect(OptimizationStatus(nloptCode: -4) == .roundoffLimited)
        #expect(OptimizationStatus(nloptCode: -5) == .forcedStop)
        #expect(!OptimizationStatus.failure.isSuccess && OptimizationStatus.maxEvaluationsReached.isSuccess)
    }
}

import Foundation
import QDCore

/// Standard test functions with known optima, for checking optimisers.
public enum TestProblems {
    /// Branin–Hoo on x₁ ∈ [−5, 10], x₂ ∈ [0, 15]:
    /// f = (x₂ − 5.1x₁²/(4π²) + 5x₁/π − 6)² + 10(1 − 1/(8π)) cos x₁ + 10.
    /// Global minimum 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475) (Dixon & Szegő 1978).
    public static func branin(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let a = x2 - b * x1 * x1 + c * x1 - 6
        return a * a + 10 * (1 - t) * cos(x1) + 10
    }

    /// The minimum of `branin`.
    public static let braninMinimum = 0.397887

    /// Hartmann-6 on [0, 1]⁶: f = −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²), global minimum −3.32237 at
    /// (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573) (constants from Dixon & Szegő 1978, as tabulated
    /// by Surjanovic & Bingham's Virtual Library of Simulation Experiments).
    public static func hartmann6(_ x: [Double]) -> Double {
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                             [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                             [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                             [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                             [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total += alpha[i] * exp(-inner)
        }
        return -total
    }

    /// The minimum of `hartmann6`.
    public static let hartmann6Minimum = -3.32237

    /// The ZDT family of bi-objective problems (Zitzler, Deb & Thiele, Evol. Comput. 8, 173, 2000), x ∈ [0, 1]ⁿ:
    /// f₁ = x₁, g = 1 + 9 Σᵢ₌₂ⁿ xᵢ/(n − 1), f₂ = g · h(f₁, g).
    public enum ZDT: Int, Sendable, CaseIterable {
        /// h = 1 − √(f₁/g): convex front f₂ = 1 − √f₁.
        case zdt1 = 1
        /// h = 1 − (f₁/g)²: concave front.
        case zdt2 = 2
        /// h = 1 − √(f₁/g) − (f₁/g) sin(10π f₁): disconnected front.
        case zdt3 = 3

        /// The problem with `variables` decision variables (≥ 2; 30 in the paper).
        /// - Throws: `CoreError` only if the box cannot be built (never for variables ≥ 1).
        public func problem(variables: Int = 30) throws -> MultiObjectiveProblem {
            let kind = self
            return MultiObjectiveProblem(
                bounds: try BoxBounds(lower: [Double](repeating: 0, count: variables), upper: [Double](repeating: 1, count: variables)),
                objectiveCount: 2
            ) { x in
                let f1 = x[0]
                let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(max(x.count - 1, 1))
                let r = f1 / g
                let h: Double = switch kind {
                case .zdt1: 1 - r.squareRoot()
                case .zdt2: 1 - r * r
                case .zdt3: 1 - r.squareRoot() - r * sin(10 * Double.pi * f1)
                }
                return ([f1, g * h], 0)
            }
        }
    }

    /// DTLZ2 (Deb, Thiele, Laumanns & Zitzler, "Scalable multi-objective optimization test problems", CEC 2002) with
    /// m objectives on x ∈ [0, 1]ⁿ (n ≥ m): g = Σᵢ₌ₘⁿ (xᵢ − ½)², θᵢ = xᵢπ/2 and
    /// fⱼ = (1 + g) · cos θ₁ ⋯ cos θₘ₋ⱼ · (j > 1 ? sin θₘ₋ⱼ₊₁ : 1), j = 1 … m (indices 1-based).
    /// The Pareto front is the unit sphere's positive orthant (g = 0), so with reference (1.1, …, 1.1) the best
    /// hypervolume for m = 3 is 1.1³ − π/6 ≈ 0.807401 (the sphere's octant has volume π/6).
    /// - Precondition: x.count ≥ m ≥ 2.
    public static func dtlz2(_ x: [Double], objectives m: Int) -> [Double] {
        precondition(m >= 2 && x.count >= m, "DTLZ2 needs m ≥ 2 objectives and at least m variables")
        let g = x[(m - 1)...].reduce(0) { $0 + ($1 - 0.5) * ($1 - 0.5) }
        let theta = x.prefix(m - 1).map { $0 * Double.pi / 2 }
        return (1...m).map { j in
            var f = 1 + g
            for i in 0..<(m - j) { f *= cos(theta[i]) }
            if j > 1 { f *= sin(theta[m - j]) }
            return f
        }
    }

    /// The best hypervolume of 3-objective `dtlz2` against the reference (1.1, 1.1, 1.1): 1.1³ − π/6.
    public static let dtlz2ThreeObjectiveHypervolume = 1.331 - Double.pi / 6
}

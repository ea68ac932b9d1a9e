import Foundation
import QDCore

/// A box-bounded multi-objective problem: every objective is minimised; constraints are summarised by a total
/// violation (0 when feasible).
public struct MultiObjectiveProblem: Sendable {
    /// The decision box.
    public let bounds: BoxBounds
    /// Number of objectives m (≥ 2).
    public let objectiveCount: Int
    /// Objectives (m values, minimised) and total constraint violation (≥ 0; 0 = feasible) at x.
    public let evaluate: @Sendable ([Double]) -> (objectives: [Double], violation: Double)

    /// A problem from a finite box, an objective count and an evaluator.
    public init(bounds: BoxBounds, objectiveCount: Int,
                evaluate: @escaping @Sendable ([Double]) -> (objectives: [Double], violation: Double)) {
        self.bounds = bounds
        self.objectiveCount = objectiveCount
        self.evaluate = evaluate
    }
}

/// Settings of NSGA-II. Defaults follow Deb et al. 2002 and pymoo's NSGA-II defaults so that results compare:
/// crossover probability 0.9, SBX η_c = 15 with each variable exchanged with probability ½, polynomial-mutation
/// η_m = 20 with per-variable probability 1/n.
public struct NSGA2Settings: Sendable, Equatable, Codable {
    /// Population size N (even, ≥ 4).
    public var populationSize: Int
    /// Generations.
    public var generations: Int
    /// Probability that a mating pair is crossed over.
    public var crossoverProbability: Double
    /// SBX distribution index η_c (larger keeps children nearer the parents).
    public var crossoverEta: Double
    /// Polynomial-mutation distribution index η_m.
    public var mutationEta: Double
    /// Per-variable mutation probability (nil: 1/n).
    public var mutationProbability: Double?
    /// Seed of every random choice.
    public var seed: UInt64

    /// Settings with the defaults above and population 100, 250 generations.
    public init(populationSize: Int = 100, generations: Int = 250, crossoverProbability: Double = 0.9,
                crossoverEta: Double = 15, mutationEta: Double = 20, mutationProbability: Double? = nil, seed: UInt64 = 0) {
        self.populationSize = populationSize
        self.generations = generations
        self.crossoverProbability = crossoverProbability
        self.crossoverEta = crossoverEta
        self.mutationEta = mutationEta
        self.mutationProbability = mutationProbability
        self.seed = seed
    }
}

/// One evaluated member of a population.
public struct Individual: Sendable, Equatable, Codable {
    /// Decision vector.
    public let x: [Double]
    /// Objective values (minimised).
    public let objectives: [Double]
    /// Total constraint violation (0 = feasible).
    public let violation: Double
}

/// NSGA-II (K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective genetic algorithm:
/// NSGA-II", IEEE Trans. Evol. Comput. 6, 182–197, 2002), written from the paper's description: fast
/// non-dominated sorting, crowding distance, binary tournaments on (rank, crowding), simulated binary crossover
/// (Deb & Agrawal 1995) and polynomial mutation (Deb & Goyal 1996) in their bounded forms, elitist (μ + λ)
/// survival, and constraints by constrained domination (paper §VI: feasible beats infeasible, smaller violation
/// beats larger).
public enum NSGA2 {
    /// Runs NSGA-II and returns the final population's first front (feasible members only, if any is feasible).
    /// - Throws: `OptimizeError.invalidSetting` for an infinite box, population < 4 or odd, generations < 0,
    ///   m < 2, probabilities outside [0, 1] or η ≤ 0; `.invalidObservation` when the evaluator returns the
    ///   wrong number of objectives or NaN.
    /// - Complexity: O(G · m · N²) for sorting plus G · N evaluations.
    public static func minimize(_ problem: MultiObjectiveProblem, settings: NSGA2Settings = NSGA2Settings()) throws -> [Individual] {
        let population = try run(problem, settings: settings)
        let fronts = nonDominatedFronts(population)
        let first = (fronts.first ?? []).map { population[$0] }
        return first
    }

    /// Runs NSGA-II and returns the whole final population.
    /// - Throws: as `minimize`.
    public static func run(_ problem: MultiObjectiveProblem, settings s: NSGA2Settings) throws -> [Individual] {
        let b = problem.bounds
        guard b.isFinite, b.dimensions >= 1 else {
            throw OptimizeError(.invalidSetting, "NSGA-II needs a finite, non-empty box. Got lower \(b.lower), upper \(b.upper).")
        }
        guard s.populationSize >= 4, s.populationSize % 2 == 0 else {
            throw OptimizeError(.invalidSetting, "The 'populationSize' of NSGA-II must be even and ≥ 4. Got \(s.populationSize).")
        }
        guard s.generations >= 0 else { throw OptimizeError(.invalidSetting, "The 'generations' of NSGA-II must be ≥ 0. Got \(s.generations).") }
        guard problem.objectiveCount >= 2 else {
            throw OptimizeError(.invalidSetting, "NSGA-II needs at least 2 objectives. Got \(problem.objectiveCount); use a single-objective optimiser.")
        }
        let pm = s.mutationProbability ?? 1 / Double(b.dimensions)
        guard (0...1).contains(s.crossoverProbability), (0...1).contains(pm), s.crossoverEta > 0, s.mutationEta > 0 else {
            throw OptimizeError(.invalidSetting, "NSGA-II needs probabilities in [0, 1] and η > 0. Got crossover \(s.crossoverProbability), mutation \(pm), η_c \(s.crossoverEta), η_m \(s.mutationEta).")
        }
        var rng = SeededRNG(seed: s.seed)
        func evaluate(_ x: [Double]) throws -> Individual {
            let (f, v) = problem.evaluate(x)
            guard f.count == problem.objectiveCount, f.allSatisfy({ !$0.isNaN }), !v.isNaN else {
                throw OptimizeError(.invalidObservation, "The problem returned objectives \(f) and violation \(v) at x = \(x); it must return \(problem.objectiveCount) numbers and a violation, none NaN.")
            }
            return Individual(x: x, objectives: f, violation: max(v, 0))
        }
        var population = try (0..<s.populationSize).map { _ in
            try evaluate((0..<b.dimensions).map { b.lower[$0] + rng.uniform() * (b.upper[$0] - b.lower[$0]) })
        }
        var (rank, crowding) = rankAndCrowding(population)
        for _ in 0..<s.generations {
            var offspring: [Individual] = []
            offspring.reserveCapacity(s.populationSize)
            while offspring.count < s.populationSize {
                let p1 = tournament(population.count, rank, crowding, &rng)
                let p2 = tournament(population.count, rank, crowding, &rng)
                var (c1, c2) = (population[p1].x, population[p2].x)
                if rng.uniform() < s.crossoverProbability {
                    (c1, c2) = simulatedBinaryCrossover(c1, c2, bounds: b, eta: s.crossoverEta, using: &rng)
                }
                offspring.append(try evaluate(polynomialMutation(c1, bounds: b, eta: s.mutationEta, probability: pm, using: &rng)))
                offspring.append(try evaluate(polynomialMutation(c2, bounds: b, eta: s.mutationEta, probability: pm, using: &rng)))
            }
            let merged = population + offspring
            let fronts = nonDominatedFronts(merged)
            var next: [Int] = []
            for front in fronts {
                if next.count + front.count <= s.populationSize {
                    next += front
                } else {
                    let distance = crowdingDistance(front.map { merged[$0] })
                    let order = front.indices.sorted { distance[$0] > distance[$1] }
                    next += order.prefix(s.populationSize - next.count).map { front[$0] }
                    break
                }
                if next.count == s.populationSize { break }
            }
            population = next.map { merged[$0] }
            (rank, crowding) = rankAndCrowding(population)
        }
        return population
    }

    /// Constrained domination (Deb et al. 2002 §VI): a feasible point beats an infeasible one; of two infeasible
    /// points the smaller violation wins; of two feasible points, Pareto domination (≤ in all, < in one).
    public static func dominates(_ a: Individual, _ b: Individual) -> Bool {
        if a.violation == 0, b.violation > 0 { return true }
        if a.violation > 0 || b.violation > 0 { return a.violation < b.violation }
        var strictly = false
        for (fa, fb) in zip(a.objectives, b.objectives) {
            if fa > fb { return false }
            if fa < fb { strictly = true }
        }
        return strictly
    }

    /// Fast non-dominated sort (Deb et al. 2002 §III-A): fronts of indices, best first.
    /// - Complexity: O(m N²).
    public static func nonDominatedFronts(_ population: [Individual]) -> [[Int]] {
        let n = population.count
        var dominatedBy = [[Int]](repeating: [], count: n)
        var count = [Int](repeating: 0, count: n)
        var fronts: [[Int]] = [[]]
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) {
                if dominates(population[p], population[q]) {
                    dominatedBy[p].append(q); count[q] += 1
                } else if dominates(population[q], population[p]) {
                    dominatedBy[q].append(p); count[p] += 1
                }
            }
        }
        for p in 0..<n where count[p] == 0 { fronts[0].append(p) }
        var i = 0
        while i < fronts.count, !fronts[i].isEmpty {
            var next: [Int] = []
            for p in fronts[i] {
                for q in dominatedBy[p] {
                    count[q] -= 1
                    if count[q] == 0 { next.append(q) }
                }
            }
            if next.isEmpty { break }
            fronts.append(next)
            i += 1
        }
        return fronts.filter { !$0.isEmpty }
    }

    /// Crowding distance of each member of one front (Deb et al. 2002 §III-B): per objective, the sorted
    /// neighbours' normalised gap; boundary members get +∞.
    public static func crowdingDistance(_ front: [Individual]) -> [Double] {
        let n = front.count
        var distance = [Double](repeating: 0, count: n)
        guard n > 2 else { return [Double](repeating: .infinity, count: n) }
        let m = front[0].objectives.count
        for k in 0..<m {
            let order = (0..<n).sorted { front[$0].objectives[k] < front[$1].objectives[k] }
            let low = front[order[0]].objectives[k], high = front[order[n - 1]].objectives[k]
            distance[order[0]] = .infinity
            distance[order[n - 1]] = .infinity
            guard high > low else { continue }
            for j in 1..<(n - 1) {
                distance[order[j]] += (front[order[j + 1]].objectives[k] - front[order[j - 1]].objectives[k]) / (high - low)
            }
        }
        return distance
    }

    /// Rank (front number) and crowding distance of every member.
    static func rankAndCrowding(_ population: [Individual]) -> ([Int], [Double]) {
        var rank = [Int](repeating: 0, count: population.count)
        var crowding = [Double](repeating: 0, count: population.count)
        for (r, front) in nonDominatedFronts(population).enumerated() {
            let d = crowdingDistance(front.map { population[$0] })
            for (k, i) in front.enumerated() { rank[i] = r; crowding[i] = d[k] }
        }
        return (rank, crowding)
    }

    /// Binary tournament by the crowded-comparison operator (lower rank, then larger crowding distance).
    static func tournament(_ n: Int, _ rank: [Int], _ crowding: [Double], _ rng: inout SeededRNG) -> Int {
        let a = rng.integer(below: n), b = rng.integer(below: n)
        if rank[a] != rank[b] { return rank[a] < rank[b] ? a : b }
        if crowding[a] != crowding[b] { return crowding[a] > crowding[b] ? a : b }
        return rng.uniform() < 0.5 ? a : b
    }

    /// Bounded simulated binary crossover (Deb & Agrawal 1995; the bounded spread factor of Deb's NSGA-II
    /// description): per variable with probability ½, children at ½[(y₁ + y₂) ∓ β_q (y₂ − y₁)] where β_q comes
    /// from the polynomial spread distribution with index η truncated so that children stay inside the bounds.
    static func simulatedBinaryCrossover(_ a: [Double], _ b: [Double], bounds: BoxBounds, eta: Double,
                                         using rng: inout SeededRNG) -> ([Double], [Double]) {
        var c1 = a, c2 = b
        for i in a.indices where rng.uniform() < 0.5 {
            let y1 = min(a[i], b[i]), y2 = max(a[i], b[i])
            guard y2 - y1 > 1e-14 else { continue }
            let (lo, hi) = (bounds.lower[i], bounds.upper[i])
            let u = rng.uniform()
            func betaQ(_ beta: Double) -> Double {
                let alpha = 2 - pow(beta, -(eta + 1))
                return u <= 1 / alpha ? pow(u * alpha, 1 / (eta + 1)) : pow(1 / (2 - u * alpha), 1 / (eta + 1))
            }
            var x1 = 0.5 * ((y1 + y2) - betaQ(1 + 2 * (y1 - lo) / (y2 - y1)) * (y2 - y1))
            var x2 = 0.5 * ((y1 + y2) + betaQ(1 + 2 * (hi - y2) / (y2 - y1)) * (y2 - y1))
            x1 = min(max(x1, lo), hi)
            x2 = min(max(x2, lo), hi)
            if rng.uniform() < 0.5 { swap(&x1, &x2) }
            c1[i] = x1
            c2[i] = x2
        }
        return (c1, c2)
    }

    /// Bounded polynomial mutation (Deb & Goyal 1996, in the bounded form of Deb & Deb 2014): each variable with
    /// probability `probability` moves by δ_q (upper − lower), δ_q from the polynomial distribution with index η
    /// scaled by the distance to the nearer bound.
    static func polynomialMutation(_ x: [Double], bounds: BoxBounds, eta: Double, probability: Double,
                                   using rng: inout SeededRNG) -> [Double] {
        var y = x
        for i in x.indices where rng.uniform() < probability {
            let (lo, hi) = (bounds.lower[i], bounds.upper[i])
            guard hi > lo else { continue }
            let d1 = (y[i] - lo) / (hi - lo), d2 = (hi - y[i]) / (hi - lo)
            let u = rng.uniform()
            let power = 1 / (eta + 1)
            let deltaQ: Double
            if u < 0.5 {
                let value = 2 * u + (1 - 2 * u) * pow(1 - d1, eta + 1)
                deltaQ = pow(value, power) - 1
            } else {
                let value = 2 * (1 - u) + 2 * (u - 0.5) * pow(1 - d2, eta + 1)
                deltaQ = 1 - pow(value, power)
            }
            y[i] = min(max(y[i] + deltaQ * (hi - lo), lo), hi)
        }
        return y
    }
}

import Foundation
import QDPhysics

/// The discrete candidate space: diameters × compositions × shell thicknesses (shells come from the families).
public struct SpaceGrid: Sendable, Codable, Equatable {
    /// Core diameters screened, nm.
    public var diameterRange: ClosedRange<Double>
    /// Diameter step, nm.
    public var diameterStep: Double
    /// Alloy composition step (x from 0 to the family's maximum).
    public var compositionStep: Double
    /// Total shell thicknesses screened for each shell, nm (between 0.25 and 3).
    public var thicknessLevels: [Double]

    /// The default grid: 1.5–12 nm by 0.05 nm, x by 0.1, shells 0.5–3 nm by 0.5 nm (≈ 64 000 candidates).
    public init(diameterRange: ClosedRange<Double> = 1.5...12, diameterStep: Double = 0.05, compositionStep: Double = 0.1,
                thicknessLevels: [Double] = [0.5, 1, 1.5, 2, 2.5, 3]) {
        self.diameterRange = diameterRange
        self.diameterStep = diameterStep
        self.compositionStep = compositionStep
        self.thicknessLevels = thicknessLevels
    }

    /// Number of diameters: ⌊(max − min)/step + 1e-9⌋ + 1.
    public var diameterCount: Int { Int(((diameterRange.upperBound - diameterRange.lowerBound) / diameterStep + 1e-9).rounded(.down)) + 1 }

    /// The i-th diameter.
    @inline(__always) public func diameter(_ i: Int) -> Double { diameterRange.lowerBound + Double(i) * diameterStep }

    /// Compositions 0, step, … up to `maximum` (just [0] when `maximum` is 0).
    public func compositions(upTo maximum: Double) -> [Double] {
        guard maximum > 0 else { return [0] }
        let n = Int((maximum / compositionStep + 1e-9).rounded(.down))
        return (0...n).map { min(Double($0) * compositionStep, maximum) }
    }

    /// - Throws: `DesignError.invalidRequest` for diameters outside 1–15 nm, steps ≤ 0, or thicknesses outside
    ///   0.25–3 nm (the shell-shift table's range).
    public func validated() throws -> SpaceGrid {
        guard diameterRange.lowerBound >= 1, diameterRange.upperBound <= 15, diameterStep.isFinite, diameterStep > 0 else {
            throw DesignError(.invalidRequest, "Diameter grid \(diameterRange) nm step \(diameterStep) is not valid (rule: within 1–15 nm, step > 0). Pass e.g. --diameter-step 0.05.")
        }
        guard compositionStep.isFinite, compositionStep > 0, compositionStep <= 1 else {
            throw DesignError(.invalidRequest, "Composition step \(compositionStep) is not valid (rule: 0 < step ≤ 1). Pass e.g. --composition-step 0.1.")
        }
        guard !thicknessLevels.isEmpty, thicknessLevels.allSatisfy({ $0 >= 0.25 && $0 <= 3 }) else {
            throw DesignError(.invalidRequest, "Shell thicknesses \(thicknessLevels) nm are not valid (rule: at least one, each 0.25–3 nm, the range of the shell-shift table). Pass e.g. --thicknesses 0.5,1,2.")
        }
        return self
    }
}

/// One structure before its diameter is chosen: family, composition, shell and thickness, with everything about
/// it that does not depend on the diameter (alignment, strain, priors).
public struct Variant: Sendable {
    /// Index into `ScreeningModel.families`.
    public let family: Int
    /// Composition x (0 for single materials).
    public let x: Double
    /// Shell kind and total thickness (0 for none), nm.
    public let shell: ShellKind
    public let thickness: Double
    /// Formula label of the core, e.g. "CdSe0.70S0.30".
    public let coreLabel: String
    /// Band alignment of the core with the inner shell layer (nil without a shell).
    public let alignment: BandAlignment?
    /// Strain of the inner layer on the core (nil without a shell).
    public let strain: LatticeMismatch?
    /// Strain of the outer ZnS on ZnSe for the double shell.
    public let outerStrain: LatticeMismatch?
    /// Heuristic PLQY prior and stability score (see `StructurePriors`). Candidates of a variant with
    /// `plqyModelApplies` are scored on the trained model's prediction instead, where it has one.
    public let plqyPrior: Double
    public let stabilityScore: Double
    /// True when a trained PLQY model covers this structure (`PerovskitePLQYModel.applies`: bare pure CsPbBr3);
    /// whether a candidate gets a prediction also depends on its peak (the model's domain).
    public let plqyModelApplies: Bool
    /// True for a bare lead-halide perovskite (`PerovskitePLQYModel.isPerovskite`): where the model does not
    /// apply directly, its PLQY is the model's transferred from pure CsPbBr3 of the same size
    /// (`PerovskitePLQYModel.transferredPrediction`).
    public var plqyTransferred: Bool { bromideTable != nil }
    /// Elements in the particle (ligands excepted).
    public let elements: Set<String>
    // Indices into the model's tables.
    let a: Int
    let b: Int?
    let layerTables: [Int]
    let layerThicknesses: [Double]
    let shiftA: Int?
    let shiftB: Int?
    let bowingTerm: Double
    /// Table of pure CsPbBr3 for the PLQY transfer (bare perovskites only).
    let bromideTable: Int?

    /// Short structure label, e.g. "InP/ZnSe/ZnS" or "CdSe0.70S0.30".
    public var label: String { shell == .none ? coreLabel : "\(coreLabel)/\(shell.rawValue)" }
}

/// Where a candidate's PLQY comes from.
public enum PLQYSource: String, Sendable, Codable, Equatable {
    /// A trained QDLearn model's prediction (`PerovskitePLQYModel`), with a standard deviation.
    case trainedModel = "trained-model"
    /// The structural heuristic (`StructurePriors`): no trained model applies to this candidate.
    case heuristic
    /// The CsPbBr3 model carried to a perovskite it was not trained on (`PerovskitePLQYModel.transferredPrediction`:
    /// the prediction for pure CsPbBr3 of the same size, with a widened standard deviation).
    case transferredModel = "transferred-model"
}

/// Which PLQY the screen scores candidates on.
public enum PLQYScoring: Sendable {
    /// The trained models where one applies (`PerovskitePLQYModel.shared()` for bare pure CsPbBr3 emitting
    /// inside its training range, and transferred to the other bare perovskites), the heuristic prior elsewhere.
    /// The default.
    case trainedWhereAvailable
    /// This fitted CsPbBr3 model where it applies, the heuristic elsewhere.
    case model(PerovskitePLQYModel)
    /// The heuristic prior for every candidate.
    case heuristicOnly
}

/// What the physics and the scores say about one candidate.
public struct CandidateMetrics: Sendable, Codable, Equatable {
    /// PL peak and first-exciton absorption peak, nm.
    public let emissionNanometres: Double
    public let absorptionNanometres: Double
    /// Emission FWHM, nm.
    public let fwhmNanometres: Double
    /// PLQY, 0–1, that the screen rules and ranks on (`--min-plqy`, the fifth objective): the trained model's
    /// predicted mean where `plqySource` is `.trainedModel` or `.transferredModel`, else the heuristic prior
    /// (`StructurePriors`).
    public let plqy: Double
    /// Predictive standard deviation of `plqy` (PLQY fraction) when it is a model prediction; nil for the heuristic,
    /// which states no uncertainty.
    public let plqyStandardDeviation: Double?
    /// Where `plqy` comes from.
    public let plqySource: PLQYSource
    /// Toxicity score, 0–1 (`Toxicity`).
    public let toxicity: Double
    /// Precursor cost, USD per gram of QD (`CostModel`).
    public let costUSDPerGram: Double
    /// Stability score, 0–1.
    public let stabilityScore: Double
    /// Mass fractions of the RoHS elements in the particle with its ligands.
    public let cadmiumMassFraction: Double
    public let leadMassFraction: Double
    public let mercuryMassFraction: Double
    public let chromiumMassFraction: Double
    /// Core + shell diameter, nm.
    public let outerDiameterNanometres: Double
    /// True when the core diameter lies outside the sizing curve's validity range (an extrapolation).
    public let sizingExtrapolated: Bool
}

/// Precomputed physics for every family, shell and material, and the evaluator of the screening hot path.
///
/// Built once per request (`init(request:grid:cost:)`); evaluation then costs two table lookups per material,
/// a bilinear shell-shift lookup and a few dozen flops, with no allocation.
public struct ScreeningModel: Sendable {
    /// The families screened (after the request's material-level constraints).
    public let families: [CoreFamily]
    /// The structures, in enumeration order; candidate index = variant × diameterCount + diameter index.
    public let variants: [Variant]
    /// The grid.
    public let grid: SpaceGrid
    /// The cost model used.
    public let cost: CostModel
    /// The trained PLQY model used where it applies (nil with `PLQYScoring.heuristicOnly`).
    public let plqyModel: PerovskitePLQYModel?
    let tables: [MaterialTables]
    let shiftTables: [ShellShiftTable]
    let tableIndex: [String: Int]
    /// Candidates skipped before evaluation because their elements break Cd-free, Pb-free or the element list.
    public let excludedByConstraints: Int

    /// Ligand mass per nm² of outer surface, g: oleic acid (`Ligand.oleicAcid()`, C18H34O2) at its default
    /// 4 ligands/nm², the same shell `CoreShellReport` puts on every particle.
    static let ligandMassPerSquareNanometre: Double = {
        guard let ligand = try? Ligand.oleicAcid(), let molar = try? Element.molarMass(of: ligand.formula) else { return 0 }
        return ligand.surfaceDensityPerSquareNanometre * molar / PhysicalConstants.avogadro
    }()

    /// Total number of candidates in the (constraint-filtered) space.
    public var candidateCount: Int { variants.count * grid.diameterCount }

    /// Builds the tables for `request` on `grid`, scoring PLQY as `plqy` says and cost with `cost` (default
    /// `CostModel.sourced()`: QDLab's sourced precursor prices; materials it cannot price are "cost unknown", NaN).
    /// - Throws: `DesignError` for an invalid grid; catalogue or model errors (a broken build); with
    ///   `.trainedWhereAvailable`, what training the PLQY model throws (an unreadable shipped dataset).
    /// - Complexity: one sizing-curve table per material (3101 evaluations) and one shell-shift table
    ///   (24 diameters × up to 12 thicknesses of `ShellRedShift` estimates) per core/shell pair that survives the
    ///   constraints; the first `.trainedWhereAvailable` model in a process also trains the PLQY model (six GP fits
    ///   on ~160 rows), later ones reuse it.
    public init(request: DesignRequest, grid: SpaceGrid = SpaceGrid(), cost: CostModel? = nil, plqy: PLQYScoring = .trainedWhereAvailable) throws {
        let grid = try grid.validated()
        let costModel = try cost ?? CostModel.sourced()
        self.grid = grid
        self.cost = costModel
        switch plqy {
        case .trainedWhereAvailable: plqyModel = try PerovskitePLQYModel.shared()
        case .model(let m): plqyModel = m
        case .heuristicOnly: plqyModel = nil
        }
        let constraints = request.constraints
        func allowed(_ elements: Set<String>) -> Bool {
            if constraints.cadmiumFree, elements.contains("Cd") { return false }
            if constraints.leadFree, elements.contains("Pb") { return false }
            if let list = constraints.allowedElements, !elements.isSubset(of: list) { return false }
            return true
        }
        var families: [CoreFamily] = []
        var tables: [MaterialTables] = [], tableIndex: [String: Int] = [:]
        var shiftTables: [ShellShiftTable] = [], shiftIndex: [String: Int] = [:]
        var variants: [Variant] = []
        var excluded = 0
        func table(_ m: Material) throws -> Int {
            if let i = tableIndex[m.id] { return i }
            tables.append(try MaterialTables(material: m, cost: costModel))
            tableIndex[m.id] = tables.count - 1
            return tables.count - 1
        }
        func shiftTable(_ core: Material, _ shell: Material) throws -> Int {
            let key = "\(core.id)|\(shell.id)"
            if let i = shiftIndex[key] { return i }
            shiftTables.append(try ShellShiftTable(core: core, shell: shell, maximumThicknessNanometres: grid.thicknessLevels.max() ?? 3))
            shiftIndex[key] = shiftTables.count - 1
            return shiftTables.count - 1
        }
        for family in try CandidateFamilies.all() {
            var familyUsed = false
            for x in grid.compositions(upTo: family.maximumComposition) {
                for shell in family.shells {
                    let levels = shell == .none ? [0.0] : grid.thicknessLevels
                    var elements = Set<String>()
                    if x < 1 { elements.formUnion(family.first.composition.keys) }
                    if x > 0, let b = family.second { elements.formUnion(b.composition.keys) }
                    let layers = try shell.layerIDs.map { try MaterialCatalogue.material($0) }
                    for layer in layers { elements.formUnion(layer.composition.keys) }
                    guard allowed(elements) else {
                        excluded += levels.count * grid.diameterCount
                        continue
                    }
                    if !familyUsed { families.append(family); familyUsed = true }
                    for h in levels {
                        variants.append(try Self.makeVariant(
                            familyIndex: families.count - 1, family: family, x: x, shell: shell, thickness: h, layers: layers,
                            elements: elements, table: table, shiftTable: shiftTable))
                    }
                }
            }
        }
        self.families = families
        self.variants = variants
        self.tables = tables
        self.tableIndex = tableIndex
        self.shiftTables = shiftTables
        excludedByConstraints = excluded
    }

    /// A variant for any composition and thickness (the continuous search builds these on the fly).
    /// - Throws: as `init`; `DesignError.invalidInput` for a family index out of range or a shell the family lacks.
    public func variant(familyIndex: Int, x: Double, shell: ShellKind, thickness: Double) throws -> Variant {
        guard families.indices.contains(familyIndex), families[familyIndex].shells.contains(shell) else {
            throw DesignError(.invalidInput, "No family \(familyIndex) with shell \(shell.rawValue) in this screen (rule: a family and shell the request allows).")
        }
        let family = families[familyIndex]
        let layers = try shell.layerIDs.map { try MaterialCatalogue.material($0) }
        var elements = Set<String>()
        if x < 1 { elements.formUnion(family.first.composition.keys) }
        if x > 0, let b = family.second { elements.formUnion(b.composition.keys) }
        for layer in layers { elements.formUnion(layer.composition.keys) }
        return try Self.makeVariant(
            familyIndex: familyIndex, family: family, x: x, shell: shell, thickness: shell == .none ? 0 : thickness, layers: layers,
            elements: elements,
            table: { m in
                guard let i = tableIndex[m.id] else { throw DesignError(.invalidInput, "No table for \(m.id) in this screen.") }
                return i
            },
            shiftTable: { core, _ in
                guard let i = variants.first(where: { $0.family == familyIndex && $0.shell == shell && $0.thickness > 0 }).flatMap({
                    core.id == family.first.id ? $0.shiftA : $0.shiftB
                }) else { throw DesignError(.invalidInput, "No shell-shift table for \(core.id)/\(shell.rawValue) in this screen.") }
                return i
            })
    }

    private static func makeVariant(
        familyIndex: Int, family: CoreFamily, x: Double, shell: ShellKind, thickness h: Double, layers: [Material],
        elements: Set<String>, table: (Material) throws -> Int, shiftTable: (Material, Material) throws -> Int
    ) throws -> Variant {
        let coreMaterial = family.material(x: x)
        let a = try table(family.first)
        let b = try family.second.map { try table($0) }
        let layerTables = try layers.map { try table($0) }
        let thicknesses = shell.layerThicknesses(total: h)
        var alignment: BandAlignment?, strain: LatticeMismatch?, outerStrain: LatticeMismatch?
        var shiftA: Int?, shiftB: Int?
        if let inner = layers.first, h > 0 {
            alignment = try BandAlignment(core: coreMaterial, shell: inner)
            strain = try LatticeMismatch(core: coreMaterial, shell: inner, shellThicknessNanometres: thicknesses[0])
            shiftA = try shiftTable(family.first, inner)
            if let second = family.second { shiftB = try shiftTable(second, inner) }
            if layers.count > 1 {
                outerStrain = try LatticeMismatch(core: inner, shell: layers[1], shellThicknessNanometres: thicknesses[1])
            }
        }
        let beyond = strain.map { s in
            s.level == .high && (s.criticalThicknessNanometres.map { thicknesses[0] > $0 } ?? false)
        } ?? false
        let coreClass = StructurePriors.coreClass(family.id)
        let bromide = shell == .none && PerovskitePLQYModel.isPerovskite(family: family.id)
            ? try [family.first, family.second].compactMap({ $0 }).first(where: { $0.id == "CsPbBr3" }).map { try table($0) } : nil
        let mixedHalide = coreClass == .perovskite && x > 0 && x < 1
        let bow = family.bowing?.value ?? 0
        return Variant(
            family: familyIndex, x: x, shell: shell, thickness: h, coreLabel: family.label(x: x),
            alignment: alignment, strain: strain, outerStrain: outerStrain,
            plqyPrior: StructurePriors.plqy(coreClass, shell: shell, thickness: h, alignment: alignment?.kind, strainedBeyondCritical: beyond),
            stabilityScore: StructurePriors.stability(coreClass, shell: shell, thickness: h, alignment: alignment?.kind, mixedHalide: mixedHalide),
            plqyModelApplies: shell == .none && PerovskitePLQYModel.applies(family: family.id, x: x),
            elements: elements, a: a, b: b, layerTables: layerTables, layerThicknesses: thicknesses,
            shiftA: shiftA, shiftB: shiftB, bowingTerm: bow * x * (1 - x), bromideTable: bromide)
    }

    /// The physics and scores of `variant` at core diameter `d` (nm), for size dispersion `sigma` (σ_d/d).
    ///
    /// E_abs = E₁ₛ(d, x) − ΔE_shell(d, H); E_em = E_abs − Stokes(d); FWHM² = FWHM_hom² + (2.3548·|dE/dd|·σ_d)²
    /// (physics reference §4), converted exactly to nm around the emission peak. Mass fractions from bulk
    /// densities, volumes and oleic acid at 4 nm⁻² as in `ParticleComposition` (checked equal in the tests).
    /// PLQY: `plqyModel`'s prediction at the emission peak when `v.plqyModelApplies` and the peak lies in the
    /// model's domain; for the other bare perovskites its prediction transferred from pure CsPbBr3 of diameter d
    /// (`PerovskitePLQYModel.transferredPrediction`); else the heuristic `v.plqyPrior`.
    /// Returns NaN peaks when the shell-shift estimate failed or the emission energy is not positive.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public func evaluate(_ v: Variant, diameter d: Double, sizeDispersion sigma: Double) -> CandidateMetrics {
        let x = v.x
        let ta = tables[v.a]
        var e1 = ta.energy.value(at: d), slope = ta.energy.slope(at: d), stokes = ta.stokes.value(at: d)
        var hom = ta.homogeneous
        var molar = ta.molarMass, toxic = ta.toxicMass, cd = ta.cadmiumMass, pb = ta.leadMass
        var hg = ta.mercuryMass, cr = ta.chromiumMass, usd = ta.usdPerMole ?? .nan, rho = ta.density
        var extrapolated = !ta.validDiameters.contains(d)
        var shift = 0.0
        if let bi = v.b {
            let tb = tables[bi], y = 1 - x
            e1 = y * e1 + x * tb.energy.value(at: d) - v.bowingTerm
            slope = y * slope + x * tb.energy.slope(at: d)
            stokes = y * stokes + x * tb.stokes.value(at: d)
            hom = y * hom + x * tb.homogeneous
            molar = y * molar + x * tb.molarMass
            toxic = y * toxic + x * tb.toxicMass
            cd = y * cd + x * tb.cadmiumMass
            pb = y * pb + x * tb.leadMass
            hg = y * hg + x * tb.mercuryMass
            cr = y * cr + x * tb.chromiumMass
            usd = alloyCost(usd, tb.usdPerMole ?? .nan, y: y, x: x)
            rho = y * rho + x * tb.density
            if x > 0, !tb.validDiameters.contains(d) { extrapolated = true }
            if x == 1 { extrapolated = !tb.validDiameters.contains(d) }
        }
        if let sa = v.shiftA, let inner = v.layerThicknesses.first {
            shift = shiftTables[sa].shift(diameter: d, thickness: inner)
            if let sb = v.shiftB { shift = (1 - x) * shift + x * shiftTables[sb].shift(diameter: d, thickness: inner) }
        }
        let hc = PhysicalConstants.hcElectronvoltNanometres
        let eAbs = e1 - shift
        let eEm = eAbs - stokes
        let inh = 2.354_820_045 * abs(slope) * sigma * d
        let fwhmE = (hom * hom + inh * inh).squareRoot()
        let lower = eEm - fwhmE / 2
        let fwhmNm = lower > 0 ? hc / lower - hc / (eEm + fwhmE / 2) : .infinity
        let emission = eEm > 0 && shift.isFinite ? hc / eEm : .nan
        // PLQY: the trained model's prediction at this peak where it applies, else the structural prior.
        var plqy = v.plqyPrior, plqyDeviation: Double?, plqySource = PLQYSource.heuristic
        if v.plqyModelApplies, let p = plqyModel?.prediction(emissionNanometres: emission) {
            (plqy, plqyDeviation, plqySource) = (p.mean, p.standardDeviation, .trainedModel)
        } else if let bi = v.bromideTable, let model = plqyModel, let p = model.transferredPrediction(
            bromideEmissionNanometres: PerovskitePLQYModel.bromideEmissionNanometres(
                energyElectronvolts: tables[bi].energy.value(at: d), stokesElectronvolts: tables[bi].stokes.value(at: d))) {
            (plqy, plqyDeviation, plqySource) = (p.mean, p.standardDeviation, .transferredModel)
        }
        // Masses of one particle (g): core, shell layers, ligands.
        let nm3 = 1e-21
        let coreMass = Double.pi / 6 * d * d * d * nm3 * rho
        var total = coreMass, toxicMass = coreMass * toxic / molar
        var cdMass = coreMass * cd / molar, pbMass = coreMass * pb / molar
        var hgMass = coreMass * hg / molar, crMass = coreMass * cr / molar
        var cost = coreMass * usd / molar
        var inner = d
        for (k, ti) in v.layerTables.enumerated() {
            let t = tables[ti]
            let outer = inner + 2 * v.layerThicknesses[k]
            let m = Double.pi / 6 * (outer * outer * outer - inner * inner * inner) * nm3 * t.density
            total += m
            toxicMass += m * t.toxicMass / t.molarMass
            cdMass += m * t.cadmiumMass / t.molarMass
            pbMass += m * t.leadMass / t.molarMass
            hgMass += m * t.mercuryMass / t.molarMass
            crMass += m * t.chromiumMass / t.molarMass
            cost += m * (t.usdPerMole ?? .nan) / t.molarMass
            inner = outer
        }
        total += Self.ligandMassPerSquareNanometre * Double.pi * inner * inner
        return CandidateMetrics(
            emissionNanometres: emission,
            absorptionNanometres: eAbs > 0 && shift.isFinite ? hc / eAbs : .nan,
            fwhmNanometres: fwhmNm, plqy: plqy, plqyStandardDeviation: plqyDeviation, plqySource: plqySource,
            toxicity: toxicMass / total,
            costUSDPerGram: cost / total, stabilityScore: v.stabilityScore,
            cadmiumMassFraction: cdMass / total, leadMassFraction: pbMass / total,
            mercuryMassFraction: hgMass / total, chromiumMassFraction: crMass / total,
            outerDiameterNanometres: inner, sizingExtrapolated: extrapolated)
    }

    /// Name of the sizing model of a material in this screen.
    func modelName(_ id: String) -> String? { tableIndex[id].map { tables[$0].modelName } }
    /// Note on a defaulted homogeneous width.
    func homogeneousNote(_ id: String) -> String? { tableIndex[id].flatMap { tables[$0].homogeneousNote } }
}

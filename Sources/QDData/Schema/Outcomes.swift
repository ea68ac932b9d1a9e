/// How a diameter was obtained.
public enum SizingMethod: String, Sendable, Codable, CaseIterable {
    case tem = "TEM"
    case saxs = "SAXS"
    case xrd = "XRD"
    case dls = "DLS"
    /// Computed from the absorption peak with a sizing curve: circular if used to validate sizing curves.
    case sizingCurve = "sizing-curve"
    case unknown
}

/// Particle shape.
public enum ParticleShape: String, Sendable, Codable, CaseIterable {
    case sphere, cube, platelet, rod, tetrapod, irregular, other
}

/// What the synthesis produced: the measured outputs.
public struct Outcomes: Sendable, Codable, Equatable, Hashable {
    /// First-exciton absorption peak (nm).
    public var absorptionPeak: Quantity?
    /// Photoluminescence peak (nm).
    public var emissionPeak: Quantity?
    /// PL full width at half maximum (nm or eV).
    public var emissionFWHM: Quantity?
    /// Photoluminescence quantum yield (fraction or %).
    public var plqy: Quantity?
    /// Mean diameter.
    public var diameter: Quantity?
    /// How `diameter` was obtained.
    public var diameterMethod: SizingMethod?
    /// Size dispersion (relative standard deviation, fraction or %).
    public var sizeDispersion: Quantity?
    /// Particle shape.
    public var shape: ParticleShape?
    /// Chemical yield (fraction or %).
    public var yield: Quantity?
    /// Stability as reported (free text, e.g. "PLQY −10 % after 30 d in air").
    public var stability: String?
    /// Other numeric outcomes by name (e.g. "spectrumScore").
    public var otherOutcomes: [String: Quantity]

    /// Creates outcomes; everything defaults to not measured.
    public init(
        absorptionPeak: Quantity? = nil, emissionPeak: Quantity? = nil, emissionFWHM: Quantity? = nil,
        plqy: Quantity? = nil, diameter: Quantity? = nil, diameterMethod: SizingMethod? = nil,
        sizeDispersion: Quantity? = nil, shape: ParticleShape? = nil, yield: Quantity? = nil,
        stability: String? = nil, otherOutcomes: [String: Quantity] = [:]
    ) {
        self.absorptionPeak = absorptionPeak
        self.emissionPeak = emissionPeak
        self.emissionFWHM = emissionFWHM
        self.plqy = plqy
        self.diameter = diameter
        self.diameterMethod = diameterMethod
        self.sizeDispersion = sizeDispersion
        self.shape = shape
        self.yield = yield
        self.stability = stability
        self.otherOutcomes = otherOutcomes
    }
}

/// Why a synthesis failed.
public enum FailureMode: String, Sendable, Codable, CaseIterable {
    case noNucleation = "no-nucleation"
    case aggregation
    case wrongPhase = "wrong-phase"
    case polydisperse
    case noEmission = "no-emission"
    case precursorDecomposition = "precursor-decomposition"
    case equipment
    case other
}

/// Whether the run worked. A failed run is a first-class record, not a missing row.
public enum Status: Sendable, Equatable, Hashable {
    case succeeded
    case failed(FailureMode)
    case inconclusive

    /// "succeeded", "failed" or "inconclusive".
    public var state: String {
        switch self {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .inconclusive: "inconclusive"
        }
    }
}

extension Status: Codable {
    private enum CodingKeys: String, CodingKey { case state, failureMode }

    /// Decodes `{"state": "failed", "failureMode": "aggregation"}`.
    /// - Throws: `DecodingError` for an unknown state or a failed state without a failure mode.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let state = try container.decode(String.self, forKey: .state)
        switch state {
        case "succeeded": self = .succeeded
        case "inconclusive": self = .inconclusive
        case "failed": self = .failed(try container.decode(FailureMode.self, forKey: .failureMode))
        default:
            throw DecodingError.dataCorruptedError(forKey: .state, in: container, debugDescription: "Unknown status '\(state)' (rule: succeeded, failed or inconclusive).")
        }
    }

    /// Encodes as `{"state": …}` plus `failureMode` for failed runs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        if case .failed(let mode) = self { try container.encode(mode, forKey: .failureMode) }
    }
}

/// Where a record came from: enough to cite it and to group validation folds by paper.
public struct Provenance: Sendable, Codable, Equatable, Hashable {
    /// DOI of the paper the synthesis was taken from, e.g. "10.1021/acs.chemmater.2c00123".
    public var doi: String?
    /// Citation text when there is no DOI (e.g. "J. Phys. Chem. C 2012 116 47 25065").
    public var citation: String?
    /// Electronic lab notebook id for in-house runs.
    public var notebookId: String?
    /// Dataset name, e.g. "inp-nguyen2022".
    public var dataset: String?
    /// SPDX licence id of the data, e.g. "MIT".
    public var licence: String?
    /// Instrument used for the main measurement, e.g. "Cary 5000".
    public var instrument: String?
    /// Date of the experiment or extraction, as written (ISO 8601 preferred).
    public var date: String?
    /// File the record was imported from (file name only).
    public var sourceFile: String?
    /// 1-based line of the row in `sourceFile`.
    public var sourceLine: Int?

    /// Creates provenance; every field optional.
    public init(
        doi: String? = nil, citation: String? = nil, notebookId: String? = nil, dataset: String? = nil,
        licence: String? = nil, instrument: String? = nil, date: String? = nil, sourceFile: String? = nil,
        sourceLine: Int? = nil
    ) {
        self.doi = doi
        self.citation = citation
        self.notebookId = notebookId
        self.dataset = dataset
        self.licence = licence
        self.instrument = instrument
        self.date = date
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// The key to group validation folds by paper: the DOI, else the citation, else the notebook id.
    public var groupKey: String? { doi ?? citation ?? notebookId }
}

/// Numerical, instrument and failure-threshold settings of the twin. Defaults are what the tests and
/// docs/twin.md use; a campaign normally keeps them.
public struct TwinOptions: Sendable, Codable, Equatable {
    /// Finite-volume bins on the radius grid.
    public var binCount: Int = 240
    /// Smallest radius on the grid, nm (particles shrinking below it dissolve back into monomer).
    public var minimumRadiusNanometres: Double = 0.2
    /// Largest radius on the grid, nm (zero-flux wall; `SynthesisSimulation.reachedGridEdge` reports contact).
    public var maximumRadiusNanometres: Double = 6.2
    /// Fraction (≤ 1) of the positivity-preserving step limit used (see `PopulationBalance`).
    public var courantNumber: Double = 0.9
    /// Largest time step, s.
    public var maximumStepSeconds: Double = 1.0
    /// Largest relative change of the monomer concentration per step from precursor supply.
    public var maximumMonomerChange: Double = 0.1
    /// Time constant of the temperature relaxation from injection to growth temperature, s.
    public var injectionRelaxationSeconds: Double = 30
    /// New nuclei enter the grid at this multiple of the critical radius r* (the thermal width above the barrier).
    public var nucleusOversize: Double = 1.25
    /// Particles smaller than this diameter (nm) are clusters, not dots: excluded from sizes, spectra and yield
    /// (as TEM and the first-exciton peak would miss them).
    public var observableDiameterNanometres: Double = 1.5
    /// Number of trajectory snapshots (plus the initial state).
    public var snapshotCount: Int = 120

    /// A run is `noNucleation` when less than this fraction of the limiting precursor ends in observable dots.
    public var minimumYieldFraction: Double = 0.01
    /// A run is `aggregation` when the ligand can cover less than this fraction θ of the particle surface.
    public var minimumLigandCoverage: Double = 0.5
    /// A run is `polydisperse` when σ_d/d̄ exceeds this.
    public var maximumRelativeStandardDeviation: Double = 0.20

    /// Standard deviation of white absorbance noise (absorbance units; the 1S peak is scaled to 0.5).
    public var absorbanceNoise: Double = 0.002
    /// Standard deviation of the baseline offset drift (absorbance units).
    public var baselineOffsetNoise: Double = 0.01
    /// Standard deviation of the baseline slope drift per 100 nm (absorbance units).
    public var baselineSlopeNoisePer100Nanometres: Double = 0.005
    /// Standard deviation of white noise on the normalised PL spectrum.
    public var photoluminescenceNoise: Double = 0.005
    /// Relative standard deviation of a PLQY measurement (integrating sphere).
    public var plqyRelativeNoise: Double = 0.03
    /// Spectrometer step, nm.
    public var spectrumStepNanometres: Double = 1.0
    /// Size-quadrature nodes passed to QDPhysics (`SpectrumOptions.nodeCount`).
    public var spectrumNodeCount: Int = 61

    /// The defaults.
    public init() {}
}

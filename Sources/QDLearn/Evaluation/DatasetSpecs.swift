import QDCore

/// The featurisations of the shipped datasets that `qdlab evaluate` supports, with their data-quality handling
/// (every decision is listed in docs/learn.md; the data problems are those of ../shared/ANCHORS.md and each
/// dataset's PROVENANCE.md).
extension TabularFeatureSpec {

    /// The InP table of Nguyen et al. 2022 (dataset `inp-nguyen2022`), grouped by DOI.
    /// Derived features: P:In molar ratio and In, P concentrations per total volume (mmol/mL).
    public static let inpNguyen2022: TabularFeatureSpec = {
        var spec = TabularFeatureSpec(
            numericColumns: ["in_amount_mmol", "p_amount_mmol", "first_sol_amount_ml", "second_sol_amount_ml", "acid_amount_mmol",
                             "ligand_amount_mmol", "other_1_amount_mmol", "other_2_amount_mmol", "total_volume_ml", "temp_c", "time_min"],
            categoricalColumns: ["in_source", "p_source", "first_sol", "second_sol", "acid", "ligand_source", "other_1", "other_2"],
            groupColumn: "doi", targetColumns: ["abs_nm", "emission_nm", "diameter_nm"])
        spec.materialID = "InP"
        spec.derivedFeatures = [
            DerivedFeature("p_to_in_molar", ["p_amount_mmol"], over: ["in_amount_mmol"]),
            DerivedFeature("in_mmol_per_ml", ["in_amount_mmol"], over: ["total_volume_ml"]),
            DerivedFeature("p_mmol_per_ml", ["p_amount_mmol"], over: ["total_volume_ml"]),
            DerivedFeature("acid_to_in_molar", ["acid_amount_mmol"], over: ["in_amount_mmol"]),
        ]
        spec.familyColumns = ["temp_c": "temp_c", "time_min": "time_min", "cation_mmol": "in_amount_mmol", "anion_mmol": "p_amount_mmol"]
        return spec
    }()

    /// CdSe hot-injection syntheses (Baum et al. 2020, dataset `cdse-baum2020`), grouped by citation.
    ///
    /// Typos merged (as the dataset's mapping.yaml does); the two spellings of one paper merged into one group;
    /// flagged: implied Se molar mass > 10 % off 78.971 g/mol (IUPAC 2021 atomic weight), injection below
    /// 100 °C, diameters computed from the absorption peak (for the diameter target). Derived: Se:Cd and
    /// acid:Cd molar ratios, Cd per gram of mixture.
    public static let cdseBaum2020: TabularFeatureSpec = {
        var spec = TabularFeatureSpec(
            numericColumns: ["Injection Temp (Celsius)", "Growth Temp (Celsius)", "Metal_mmol (mmol)", "Chalcogen_mmol (mmol)",
                             "CA_mmol (mmol)", "Amines_mmol (mmol)", "Phosphines_mmol (mmol)", "S_I_amount (g)", "S_II_amount (g)",
                             "Total_amount (g)", "Time_min (min)"],
            categoricalColumns: ["Metal_source", "Carboxylic_Acid", "Amines", "Phosphines", "Solvent I", "Solvent II"],
            groupColumn: "Citation", targetColumns: ["Absorbance max (nm)", "PL max (nm)", "Diameter_nm"])
        spec.targetAliases = ["abs_nm": "Absorbance max (nm)", "emission_nm": "PL max (nm)", "diameter_nm": "Diameter_nm"]
        spec.materialID = "CdSe"
        spec.cellAliases = [
            "Metal_source": ["cadmium acetate dihtdrate": "cadmium acetate dihydrate"],
            "Carboxylic_Acid": ["myrstic acid": "myristic acid"],
            "Solvent I": ["liquid parafin": "liquid paraffin"],
        ]
        spec.groupAliases = [
            "Chem. Mater. 2009 21 1743 - 1749": "Chem. Mater. 2009 21 8 1743 - 1749",
            "Colloids and Surfaces A: Physicochem. Eng. Aspects 2016 494 162 - 169":
                "Colloids and Surfaces A: Physicochemical and Engineering Aspects 2016 494 162 - 169",
        ]
        spec.checks = [
            RowCheck("inconsistent-amount", "Se grams and mmol imply a molar mass more than 10 % off 78.971 g/mol; the mmol value is used",
                     .impliedMolarMass(grams: "Chalcogen_amount (g)", millimoles: "Chalcogen_mmol (mmol)", gramsPerMole: 78.971, relativeTolerance: 0.10)),
            RowCheck("implausible-injection-temperature", "injection below 100 °C is not hot injection as written (heat-up or typo)",
                     .below(column: "Injection Temp (Celsius)", value: 100)),
            RowCheck("computed-diameter", "the diameter was computed from the absorption peak with a sizing curve, not measured",
                     .equals(column: "Diameter from", value: "absorbance spectra"), onlyForTarget: "Diameter_nm"),
        ]
        spec.derivedFeatures = [
            DerivedFeature("se_to_cd_molar", ["Chalcogen_mmol (mmol)"], over: ["Metal_mmol (mmol)"]),
            DerivedFeature("acid_to_cd_molar", ["CA_mmol (mmol)"], over: ["Metal_mmol (mmol)"]),
            DerivedFeature("cd_mmol_per_g", ["Metal_mmol (mmol)"], over: ["Total_amount (g)"]),
        ]
        spec.familyColumns = ["temp_c": "Growth Temp (Celsius)", "time_min": "Time_min (min)", "cation_mmol": "Metal_mmol (mmol)",
                              "anion_mmol": "Chalcogen_mmol (mmol)"]
        return spec
    }()

    /// CsPbBr3 antisolvent syntheses (Luber et al. 2025, dataset `cspbbr3-luber2025`): one lab, no papers, so
    /// rows are grouped by identical conditions. Flagged for the PLQY target: PLQY exactly 0 with a PL peak.
    /// Derived: Pb and Cs amounts (µmol = µL × mol/L), Cs:Pb and antisolvent-volume:Pb ratios.
    public static let cspbbr3Luber2025: TabularFeatureSpec = {
        var spec = TabularFeatureSpec(
            numericColumns: ["V (PbBr2 prec.)", "c (PbBr2)", "V (Cs-OA)", "c (Cs-OA)", "V (antisolvent)", "V_total"],
            categoricalColumns: ["antisolvent"], groupColumn: "Sample No.", targetColumns: ["peak_pos", "fwhm", "PLQY"])
        spec.delimiter = ";"
        spec.grouping = .identicalInputs
        spec.materialID = "CsPbBr3"
        spec.targetAliases = ["emission_nm": "peak_pos", "fwhm": "fwhm", "plqy": "PLQY"]
        spec.checks = [
            RowCheck("zero-plqy-with-emission", "PLQY exactly 0 although a PL peak and FWHM were measured (probably not measured)",
                     .zeroWhilePresent(column: "PLQY", other: "peak_pos"), onlyForTarget: "PLQY")
        ]
        spec.derivedFeatures = [
            DerivedFeature("pb_umol", ["V (PbBr2 prec.)", "c (PbBr2)"]),
            DerivedFeature("cs_umol", ["V (Cs-OA)", "c (Cs-OA)"]),
            DerivedFeature("cs_to_pb_molar", ["V (Cs-OA)", "c (Cs-OA)"], over: ["V (PbBr2 prec.)", "c (PbBr2)"]),
            DerivedFeature("antisolvent_ul_per_umol_pb", ["V (antisolvent)"], over: ["V (PbBr2 prec.)", "c (PbBr2)"]),
        ]
        return spec
    }()

    /// Hydrothermal carbon dots (Tang et al. 2020, dataset `cdots-tang2020`): six numeric conditions, PLQY in %.
    /// No paper or condition groups (every row its own group): evaluate with plain shuffled k-fold.
    public static let cdotsTang2020: TabularFeatureSpec = {
        var spec = TabularFeatureSpec(
            numericColumns: ["Mass of Precursor A (g)", "Solution Volume (ml)", "Reaction Temperature (°C)", "Reaction Time(h)",
                             "Ramp Rate (°C/min)", "pH Value"],
            categoricalColumns: [], groupColumn: "", targetColumns: ["Photoluminescence Quantum Yield"])
        spec.grouping = .eachRow
        spec.targetAliases = ["plqy": "Photoluminescence Quantum Yield"]
        spec.derivedFeatures = [DerivedFeature("precursor_g_per_ml", ["Mass of Precursor A (g)"], over: ["Solution Volume (ml)"])]
        return spec
    }()

    /// The supported datasets: short name, shipped folder, spec.
    public static let supported: [(name: String, dataset: String, spec: TabularFeatureSpec)] = [
        ("inp", "inp-nguyen2022", inpNguyen2022),
        ("cdse", "cdse-baum2020", cdseBaum2020),
        ("cspbbr3", "cspbbr3-luber2025", cspbbr3Luber2025),
        ("cdots", "cdots-tang2020", cdotsTang2020),
    ]

    /// The specification for a shipped dataset name or short name ("inp", "cdse", "cspbbr3", "cdots").
    /// - Throws: `LearnError.invalidInput` naming the supported datasets.
    public static func forDataset(_ name: String) throws -> (spec: TabularFeatureSpec, dataset: String) {
        guard let entry = supported.first(where: { $0.name == name || $0.dataset == name }) else {
            throw LearnError(
                .invalidInput,
                "No evaluation featurisation for dataset '\(name)'; choose from \(supported.map { "\($0.name) (\($0.dataset))" }.joined(separator: ", ")).")
        }
        return (entry.spec, entry.dataset)
    }
}

/// Seeded synthetic lab files for benchmarks and tests: a CSV of hot-injection CdSe runs and its mapping.
///
/// Columns: id, method, status, metal, metal_mmol, temp_c, time_min, pl_nm, plqy, doi. Values are uniform draws
/// in plausible ranges (200–320 °C, 0.05–1.05 mmol, 1–60 min, 500–650 nm, PLQY 0–1); not physics.
public enum SyntheticData {
    /// The mapping for `csv(rows:seed:idPrefix:)`, dataset name "lab-test", licence CC-BY-4.0.
    public static let mappingYAML = """
        mappingVersion: 1
        dataset: {name: lab-test, licence: CC-BY-4.0}
        idColumn: id
        material: {core: {value: CdSe}}
        method: {column: method, default: hot-injection}
        status: {column: status, default: succeeded}
        precursors:
          - name: {column: metal}
            role: metal
            amount: {column: metal_mmol, unit: mmol}
        conditions:
          growthTemperature: {column: temp_c, unit: degC}
          reactionTime: {column: time_min, unit: min}
        outcomes:
          emissionPeak: {column: pl_nm, unit: nm}
          plqy: {column: plqy, unit: fraction}
        provenance:
          doi: {column: doi}
        """

    /// A CSV with `rows` data rows, the same for the same `seed`; ids are `<idPrefix><n>`, n from 0.
    /// - Complexity: O(rows).
    public static func csv(rows: Int, seed: UInt64 = 1, idPrefix: String = "s") -> String {
        var lines = ["id,method,status,metal,metal_mmol,temp_c,time_min,pl_nm,plqy,doi"]
        lines.reserveCapacity(rows + 1)
        var state = seed
        func next() -> Double {
            // SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): enough for reproducible test data.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(UInt64(1) << 53)
        }
        for i in 0..<max(0, rows) {
            let temp = 200 + (next() * 120).rounded()
            let mmol = ((0.05 + next()) * 1000).rounded() / 1000
            let time = (1 + next() * 59).rounded()
            let pl = 500 + (next() * 150).rounded()
            let plqy = (next() * 1000).rounded() / 1000
            lines.append("\(idPrefix)\(i),hot-injection,succeeded,cadmium oxide,\(mmol),\(Int(temp)),\(Int(time)),\(Int(pl)),\(plqy),10.1000/test.\(i % 37)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

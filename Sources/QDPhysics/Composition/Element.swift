/// A chemical element with the data QDLab needs: standard atomic weight and Pauling electronegativity.
///
/// Atomic weights: IUPAC Commission on Isotopic Abundances and Atomic Weights, "Standard atomic weights of
/// the elements 2021" (Pure Appl. Chem. 2022), abridged conventional values. Electronegativities: Pauling
/// scale as tabulated in the CRC Handbook of Chemistry and Physics (97th ed.).
public struct Element: Sendable, Codable, Equatable, Hashable {
    /// Symbol, e.g. "Cd".
    public let symbol: String
    public let name: String
    /// Standard atomic weight, g/mol.
    public let atomicWeight: Double
    /// Pauling electronegativity; `nil` where none is tabulated.
    public let electronegativity: Double?

    /// Looks up `symbol` (case-sensitive, as chemists write it).
    /// - Throws: `PhysicsError.unknownMaterial` naming the symbol and listing the known ones.
    public static func named(_ symbol: String) throws -> Element {
        if let element = table[symbol] { return element }
        let known = table.keys.sorted().joined(separator: ", ")
        throw PhysicsError(.unknownMaterial, "Unknown element symbol '\(symbol)' (rule: a symbol from QDLab's element table, case as written in chemistry, e.g. 'Cd'). Known: \(known).")
    }

    /// All elements QDLab knows, by symbol.
    public static let table: [String: Element] = {
        let rows: [(String, String, Double, Double?)] = [
            ("H", "hydrogen", 1.008, 2.20), ("Li", "lithium", 6.94, 0.98), ("B", "boron", 10.81, 2.04),
            ("C", "carbon", 12.011, 2.55), ("N", "nitrogen", 14.007, 3.04), ("O", "oxygen", 15.999, 3.44),
            ("F", "fluorine", 18.998, 3.98), ("Na", "sodium", 22.990, 0.93), ("Mg", "magnesium", 24.305, 1.31),
            ("Al", "aluminium", 26.982, 1.61), ("Si", "silicon", 28.085, 1.90), ("P", "phosphorus", 30.974, 2.19),
            ("S", "sulfur", 32.06, 2.58), ("Cl", "chlorine", 35.45, 3.16), ("K", "potassium", 39.098, 0.82),
            ("Ca", "calcium", 40.078, 1.00), ("Cr", "chromium", 51.996, 1.66), ("Mn", "manganese", 54.938, 1.55),
            ("Fe", "iron", 55.845, 1.83), ("Co", "cobalt", 58.933, 1.88), ("Ni", "nickel", 58.693, 1.91),
            ("Cu", "copper", 63.546, 1.90), ("Zn", "zinc", 65.38, 1.65), ("Ga", "gallium", 69.723, 1.81),
            ("Ge", "germanium", 72.630, 2.01), ("As", "arsenic", 74.922, 2.18), ("Se", "selenium", 78.971, 2.55),
            ("Br", "bromine", 79.904, 2.96), ("Ag", "silver", 107.87, 1.93), ("Cd", "cadmium", 112.41, 1.69),
            ("In", "indium", 114.82, 1.78), ("Sn", "tin", 118.71, 1.96), ("Sb", "antimony", 121.76, 2.05),
            ("Te", "tellurium", 127.60, 2.1), ("I", "iodine", 126.90, 2.66), ("Cs", "caesium", 132.91, 0.79),
            ("Ba", "barium", 137.33, 0.89), ("Hg", "mercury", 200.59, 2.00), ("Pb", "lead", 207.2, 2.33),
            ("Bi", "bismuth", 208.98, 2.02),
        ]
        var table: [String: Element] = [:]
        for (symbol, name, weight, chi) in rows {
            table[symbol] = Element(symbol: symbol, name: name, atomicWeight: weight, electronegativity: chi)
        }
        return table
    }()

    /// Molar mass (g/mol) of a formula given as element → count.
    /// - Throws: `PhysicsError.unknownMaterial` for an unknown symbol; `.invalidValue` for a negative count.
    public static func molarMass(of composition: [String: Double]) throws -> Double {
        var total = 0.0
        for (symbol, count) in composition {
            guard count.isFinite, count >= 0 else {
                throw PhysicsError(.invalidValue, "Count \(count) of \(symbol) is not valid (rule: a finite number ≥ 0 of atoms per formula unit).")
            }
            total += try named(symbol).atomicWeight * count
        }
        return total
    }
}

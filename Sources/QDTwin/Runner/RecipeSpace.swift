import Foundation
import QDOptimize

/// The recipe variables a hot-injection campaign searches, and the map between a campaign point and a `Recipe`.
///
/// Five variables (names carry units): injection temperature, growth temperature, growth time (log scale: the
/// size grows roughly with log time), metal precursor amount, anion:metal ratio and ligand amount. Volume (10 mL)
/// and ligand (oleic acid) are fixed. The ranges sit inside `RecipeBounds.standard`, so every point is a recipe
/// the twin accepts; a real reactor's driver may narrow them.
public struct RecipeSpace: Sendable, Equatable {
    /// Material id.
    public let materialID: String
    /// The campaign parameters.
    public let parameters: [CampaignSpec.ParameterSpec]

    /// The default space for `materialID`.
    public init(materialID: String) {
        self.materialID = materialID
        parameters = [
            .init(kind: "continuous", name: "injection_temperature_C", low: 240, high: 320),
            .init(kind: "continuous", name: "growth_temperature_C", low: 200, high: 300),
            .init(kind: "continuous", name: "growth_time_min", low: 0.5, high: 30, scale: .log),
            .init(kind: "continuous", name: "metal_precursor_mmol", low: 0.1, high: 0.8),
            .init(kind: "continuous", name: "anion_to_metal_ratio", low: 0.5, high: 2.5),
            .init(kind: "continuous", name: "ligand_mmol", low: 0.5, high: 6),
        ]
    }

    /// The recipe at a campaign point.
    /// - Throws: `TwinError.invalidRecipe` when a variable is missing or the recipe breaks the twin's bounds.
    public func recipe(at point: Point) throws -> Recipe {
        func value(_ name: String) throws -> Double {
            guard let v = point[name]?.number else {
                throw TwinError(.invalidRecipe, "The campaign point has no number for '\(name)' (it has \(point.keys.sorted())). The campaign was made for another recipe space; start a new campaign.")
            }
            return v
        }
        let metal = try value("metal_precursor_mmol")
        return try Recipe(
            materialID: materialID, method: .hotInjection,
            injectionTemperatureCelsius: try value("injection_temperature_C"),
            growthTemperatureCelsius: try value("growth_temperature_C"),
            growthTimeMinutes: try value("growth_time_min"),
            metalPrecursorMillimoles: metal,
            anionPrecursorMillimoles: metal * (try value("anion_to_metal_ratio")),
            ligandMillimoles: try value("ligand_mmol"), ligand: .oleicAcid, volumeMillilitres: 10
        ).validated()
    }
}

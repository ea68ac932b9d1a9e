import Foundation
import Testing
@testable import QDTwin

@Suite("Recipe validation")
struct RecipeTests {
    @Test func standardRecipeIsValidAndRoundTripsThroughJSON() throws {
        let recipe = try Recipe.standardCdSe().validated()
        let data = try JSONEncoder().encode(recipe)
        #expect(try JSONDecoder().decode(Recipe.self, from: data) == recipe)
        #expect(abs(recipe.metalConcentrationMolar - 0.02) < 1e-15)
    }

    /// Bad recipes, each with the text its error message must contain.
    static let badRecipes: [(String, Recipe)] = {
        func bad(_ field: String, _ mutate: (inout Recipe) -> Void) -> (String, Recipe) {
            var recipe = Recipe.standardCdSe()
            mutate(&recipe)
            return (field, recipe)
        }
        return [
            bad("Growth temperature") { $0.growthTemperatureCelsius = .nan },
            bad("Growth temperature") { $0.growthTemperatureCelsius = 543 },
            bad("Growth time") { $0.growthTimeMinutes = -3 },
            bad("Metal precursor") { $0.metalPrecursorMillimoles = 0 },
            bad("Ligand") { $0.ligandMillimoles = -1 },
            bad("Volume") { $0.volumeMillilitres = .infinity },
            bad("Anion precursor concentration") { $0.anionPrecursorMillimoles = 1.9; $0.volumeMillilitres = 2 },
            bad("Injection temperature") { $0.injectionTemperatureCelsius = 400 },
            bad("Hot injection needs") { $0.injectionTemperatureCelsius = nil },
            bad("Hot injection takes no heating ramp") { $0.heatingRampCelsiusPerMinute = 5 },
            bad("Heat-up needs a heating ramp") { $0.method = .heatUp; $0.injectionTemperatureCelsius = nil },
            bad("Heat-up takes no injection") { $0.method = .heatUp; $0.heatingRampCelsiusPerMinute = 5 },
        ]
    }()

    /// Each bad recipe must be rejected with `invalidRecipe` and a message naming the field and the rule.
    @Test(arguments: badRecipes)
    func badRecipesAreRejected(field: String, recipe: Recipe) {
        do {
            _ = try recipe.validated()
            Issue.record("accepted an invalid recipe (\(field))")
        } catch let error as TwinError {
            #expect(error.kind == .invalidRecipe)
            #expect(error.message.contains(field), "message: \(error.message)")
            #expect(error.message.contains("rule"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func unknownOrUnsupportedMaterialIsRejected() {
        var recipe = Recipe.standardCdSe()
        recipe.materialID = "CdTe"
        #expect(throws: TwinError.self) { try recipe.validated() }
        do { _ = try recipe.validated() } catch let error as TwinError {
            #expect(error.kind == .unsupportedMaterial)
            #expect(error.message.contains("CdSe"))
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func reactorRejectsBadRecipeBeforeSimulating() async {
        var recipe = Recipe.standardCdSe()
        recipe.growthTimeMinutes = 0
        await #expect(throws: TwinError.self) { try await TwinReactor().run(recipe, seed: 1) }
    }
}

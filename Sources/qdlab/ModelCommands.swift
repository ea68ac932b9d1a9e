import ArgumentParser

/// `qdlab train`: Train, validate and save a model with its card.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train, validate and save a model with its card.")
}

/// `qdlab predict`: predictions with intervals from a saved model.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Predict with a saved model.")
}

/// `qdlab models`: list and show saved models and their cards.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "List and show saved models.")
}

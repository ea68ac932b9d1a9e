import ArgumentParser

/// `qdlab explain`: Explain a model's predictions.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain a model's predictions.")
}

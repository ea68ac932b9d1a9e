import ArgumentParser

/// `qdlab control`: Reinforcement-learning control of the reactor temperature.
struct ControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "control", abstract: "Reinforcement-learning control of the reactor temperature.")
}

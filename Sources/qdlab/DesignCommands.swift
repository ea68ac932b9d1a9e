import ArgumentParser

/// `qdlab design`: Inverse design: ranked QD candidates for a target.
struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "design", abstract: "Inverse design: ranked QD candidates for a target.")
}

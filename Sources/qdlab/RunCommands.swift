import ArgumentParser

/// `qdlab run`: Drive a campaign against a reactor to a target QD.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Drive a campaign against a reactor to a target QD.")
}

/// `qdlab campaign`: persisted optimisation campaigns (new, suggest, observe, status).
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Persisted optimisation campaigns: new, suggest, observe, status.")
}

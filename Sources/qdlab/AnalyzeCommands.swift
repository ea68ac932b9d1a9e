import ArgumentParser

/// `qdlab analyze`: Read and measure spectra and micrographs.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "Read and measure spectra and micrographs.")
}

import ArgumentParser

/// `qdlab qc`: Quality-control charts and batch anomaly checks.
struct QCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qc", abstract: "Quality-control charts and batch anomaly checks.")
}

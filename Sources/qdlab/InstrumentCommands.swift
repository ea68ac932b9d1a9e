import ArgumentParser

/// `qdlab instrument`: Serve the digital twin as an HTTP instrument.
struct InstrumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "instrument", abstract: "Serve the digital twin as an HTTP instrument.")
}

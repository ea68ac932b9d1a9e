import ArgumentParser

/// The `qdlab` command: parse, call the library, format. Nothing else lives here.
@main
struct QDLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qdlab",
        abstract: "AI-driven design, synthesis optimisation and characterisation of colloidal quantum dots.",
        version: "0.1.0",
        subcommands: [
            PhysicsCommand.self, DataCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self,
            ModelsCommand.self, ExplainCommand.self, AnalyzeCommand.self, QCCommand.self, CampaignCommand.self,
            RunCommand.self, SuiteCommand.self, TwinCommand.self, ControlCommand.self, InstrumentCommand.self, DesignCommand.self,
            BenchCommand.self,
        ])
}

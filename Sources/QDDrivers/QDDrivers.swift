/// QDDrivers: `Reactor` implementations that talk to real instruments (issue 7). Science modules never import
/// this target; the CLI picks a driver and hands it to the runner as a `Reactor`. Today: `HTTPReactor`, a client
/// of the QDLab instrument protocol v1 (docs/drivers.md).
public enum QDDrivers {}

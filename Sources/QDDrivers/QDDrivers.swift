/// QDDrivers: `Reactor` implementations that talk to real instruments (issue 7). Science modules never import
/// this target; the CLI picks a driver and hands it to the runner as a `Reactor`.
public enum QDDrivers {}

import Testing
@testable import QDDrivers

/// The module links into the test bundle (replaced by real suites as the module grows).
@Suite("QDDrivers module")
struct QDDriversModuleTests {
    @Test("module name") func moduleName() {
        #expect(String(describing: QDDrivers.self) == "QDDrivers")
    }
}

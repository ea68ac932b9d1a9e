import Testing
@testable import QDServer

/// The module links into the test bundle (replaced by real suites as the module grows).
@Suite("QDServer module")
struct QDServerModuleTests {
    @Test("module name") func moduleName() {
        #expect(String(describing: QDServer.self) == "QDServer")
    }
}

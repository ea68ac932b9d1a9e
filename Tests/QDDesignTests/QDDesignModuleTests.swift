import Testing
@testable import QDDesign

/// The module links into the test bundle (replaced by real suites as the module grows).
@Suite("QDDesign module")
struct QDDesignModuleTests {
    @Test("module name") func moduleName() {
        #expect(String(describing: QDDesign.self) == "QDDesign")
    }
}

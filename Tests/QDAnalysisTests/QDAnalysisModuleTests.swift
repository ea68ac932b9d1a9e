import Testing
@testable import QDAnalysis

/// The module links into the test bundle (replaced by real suites as the module grows).
@Suite("QDAnalysis module")
struct QDAnalysisModuleTests {
    @Test("module name") func moduleName() {
        #expect(String(describing: QDAnalysis.self) == "QDAnalysis")
    }
}

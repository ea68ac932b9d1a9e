import CPNG
import CTIFF
import Testing

/// The image C libraries link and report the versions the Makefile installs.
@Suite("Image C libraries")
struct ImageLibrarySmokeTests {
    @Test("libpng reports a 1.6 runtime")
    func pngVersion() {
        // png_access_version_number() is e.g. 10639 for 1.6.39.
        let version = png_access_version_number()
        #expect(version >= 10600 && version < 10700)
    }

    @Test("libtiff reports a 4.x version string")
    func tiffVersion() throws {
        let version = try #require(TIFFGetVersion())
        #expect(String(cString: version).contains("Version 4."))
    }
}

import CPNG
import CTIFF
import Foundation

/// A single-channel image with intensities scaled to 0…1 (row-major, origin top left).
public struct GrayImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Intensities 0…1, row-major: pixel (x, y) is `pixels[y * width + x]`.
    public var pixels: [Double]
    /// Bits per sample of the source (8 or 16; 0 for a computed image).
    public let bitDepth: Int

    /// An image from intensities.
    /// - Throws: `AnalysisError.invalidValue` when the size is not positive or the pixel count differs from
    ///   width × height, or a pixel is NaN.
    public init(width: Int, height: Int, pixels: [Double], bitDepth: Int = 0) throws {
        guard width > 0, height > 0, pixels.count == width * height, !pixels.contains(where: \.isNaN) else {
            throw AnalysisError(.invalidValue, "Image of \(width) × \(height) with \(pixels.count) pixels is not valid (rule: positive size, width × height finite pixels). Check the image dimensions.")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.bitDepth = bitDepth
    }

    /// Intensity at (x, y).
    @inlinable public subscript(x: Int, y: Int) -> Double { pixels[y * width + x] }
}

/// PNG and TIFF input and output through libpng 1.6 (simplified API) and libtiff 4.
///
/// PNG uses libpng's simplified API, whose errors come back as return codes (the classic API needs setjmp,
/// which Swift cannot use). TIFF tags are read through `TIFFVGetField` with a Swift `va_list`, because Swift
/// cannot call the variadic `TIFFGetField`. libtiff's error and warning printing is switched off: library code
/// never prints, failures surface as `AnalysisError.ioFailure`.
public enum ImageIO {
    /// Reads a PNG or TIFF file (by signature, not extension) as grey levels: 8- and 16-bit grey are kept exact
    /// (scaled by 255 or 65535); colour is converted to grey by the library (libpng: sRGB-weighted luminance;
    /// libtiff: RGBA read then Rec. 601 luma).
    /// - Throws: `AnalysisError.ioFailure` for a missing, unreadable or unsupported file (naming the library's
    ///   message).
    public static func read(_ url: URL) throws -> GrayImage {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AnalysisError(.ioFailure, "Cannot open image '\(url.path)' (rule: an existing, readable PNG or TIFF file). Check the path.")
        }
        let magic = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        if magic.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try readPNG(url) }
        if magic.starts(with: [0x49, 0x49, 0x2A, 0x00]) || magic.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return try readTIFF(url) }
        throw AnalysisError(.ioFailure, "'\(url.lastPathComponent)' is neither PNG nor TIFF (rule: micrographs are read as PNG or TIFF, 8 or 16 bit). Convert the image, e.g. with ImageJ: File › Save As › Tiff.")
    }

    static func message(_ image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func readPNG(_ url: URL) throws -> GrayImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, url.path) != 0 else {
            throw AnalysisError(.ioFailure, "libpng cannot read '\(url.lastPathComponent)': \(message(image)). Check that the file is a complete PNG.")
        }
        defer { png_image_free(&image) }
        let sixteen = image.format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
        image.format = sixteen ? UInt32(PNG_FORMAT_FLAG_LINEAR) : 0  // PNG_FORMAT_LINEAR_Y or PNG_FORMAT_GRAY
        let count = Int(image.width) * Int(image.height)
        var values: [Double]
        if sixteen {
            var buffer = [UInt16](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw AnalysisError(.ioFailure, "libpng failed on '\(url.lastPathComponent)': \(message(image)).") }
            values = buffer.map { Double($0) / 65535 }
        } else {
            var buffer = [UInt8](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw AnalysisError(.ioFailure, "libpng failed on '\(url.lastPathComponent)': \(message(image)).") }
            values = buffer.map { Double($0) / 255 }
        }
        return try GrayImage(width: Int(image.width), height: Int(image.height), pixels: values, bitDepth: sixteen ? 16 : 8)
    }

    /// Writes 8-bit grey (`rgb` nil) or 8-bit RGB (`rgb` with 3 bytes per pixel) PNG.
    /// - Throws: `AnalysisError.ioFailure` with libpng's message.
    public static func writePNG(_ image: GrayImage, to url: URL, rgb: [UInt8]? = nil, sixteenBit: Bool = false) throws {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        let ok: Int32
        if let rgb {
            png.format = UInt32(PNG_FORMAT_FLAG_COLOR)
            ok = rgb.withUnsafeBytes { png_image_write_to_file(&png, url.path, 0, $0.baseAddress, 0, nil) }
        } else if sixteenBit {
            png.format = UInt32(PNG_FORMAT_FLAG_LINEAR)
            let words = image.pixels.map { UInt16((min(max($0, 0), 1) * 65535).rounded()) }
            ok = words.withUnsafeBytes { png_image_write_to_file(&png, url.path, 0, $0.baseAddress, 0, nil) }
        } else {
            png.format = 0
            let bytes = image.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
            ok = bytes.withUnsafeBytes { png_image_write_to_file(&png, url.path, 0, $0.baseAddress, 0, nil) }
        }
        guard ok != 0 else {
            throw AnalysisError(.ioFailure, "libpng cannot write '\(url.path)': \(message(png)). Check the folder exists and is writable.")
        }
    }

    static func silenceTIFF() {
        TIFFSetErrorHandler(nil)
        TIFFSetWarningHandler(nil)
    }

    static func field<T: CVarArg>(_ tif: OpaquePointer, _ tag: Int32, _ value: inout T, defaulted: Bool = true) -> Bool {
        withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { list in
                defaulted ? TIFFVGetFieldDefaulted(tif, UInt32(tag), list) == 1 : TIFFVGetField(tif, UInt32(tag), list) == 1
            }
        }
    }

    static func readTIFF(_ url: URL) throws -> GrayImage {
        silenceTIFF()
        guard let tif = TIFFOpen(url.path, "r") else {
            throw AnalysisError(.ioFailure, "libtiff cannot open '\(url.lastPathComponent)' (rule: a readable baseline TIFF). Re-save it as an uncompressed or LZW TIFF.")
        }
        defer { TIFFClose(tif) }
        var width: UInt32 = 0, height: UInt32 = 0, bits: UInt16 = 0, samples: UInt16 = 0, photometric: UInt16 = 0, format: UInt16 = 0
        guard field(tif, TIFFTAG_IMAGEWIDTH, &width), field(tif, TIFFTAG_IMAGELENGTH, &height), width > 0, height > 0 else {
            throw AnalysisError(.ioFailure, "'\(url.lastPathComponent)' has no image size tags (rule: TIFF needs ImageWidth and ImageLength). The file is damaged.")
        }
        _ = field(tif, TIFFTAG_BITSPERSAMPLE, &bits)
        _ = field(tif, TIFFTAG_SAMPLESPERPIXEL, &samples)
        _ = field(tif, TIFFTAG_PHOTOMETRIC, &photometric, defaulted: false)
        _ = field(tif, TIFFTAG_SAMPLEFORMAT, &format)
        let w = Int(width), h = Int(height)
        let grey = samples == 1 && (bits == 8 || bits == 16) && format == UInt16(SAMPLEFORMAT_UINT) && TIFFIsTiled(tif) == 0
        if grey {
            let lineBytes = Int(TIFFScanlineSize(tif))
            var line = [UInt8](repeating: 0, count: max(lineBytes, w * Int(bits) / 8))
            var values = [Double](repeating: 0, count: w * h)
            let invert = photometric == UInt16(PHOTOMETRIC_MINISWHITE)
            for row in 0..<h {
                let ok = line.withUnsafeMutableBytes { TIFFReadScanline(tif, $0.baseAddress, UInt32(row), 0) }
                guard ok >= 0 else { throw AnalysisError(.ioFailure, "libtiff failed reading row \(row) of '\(url.lastPathComponent)'. The file is truncated or damaged.") }
                for x in 0..<w {
                    var v: Double
                    if bits == 8 { v = Double(line[x]) / 255 } else {
                        // TIFFReadScanline returns samples in host byte order.
                        v = Double(line.withUnsafeBytes { $0.load(fromByteOffset: 2 * x, as: UInt16.self) }) / 65535
                    }
                    if invert { v = 1 - v }
                    values[row * w + x] = v
                }
            }
            return try GrayImage(width: w, height: h, pixels: values, bitDepth: Int(bits))
        }
        // Anything else (colour, palette, tiles, 1-bit): libtiff's RGBA reader, 8 bits per channel.
        var rgba = [UInt32](repeating: 0, count: w * h)
        let ok = rgba.withUnsafeMutableBufferPointer { TIFFReadRGBAImageOriented(tif, width, height, $0.baseAddress, ORIENTATION_TOPLEFT, 0) }
        guard ok == 1 else {
            throw AnalysisError(.ioFailure, "libtiff cannot decode '\(url.lastPathComponent)' (\(bits)-bit, \(samples) samples per pixel) (rule: grey 8/16-bit or any layout libtiff's RGBA reader handles). Convert it to 8- or 16-bit greyscale.")
        }
        let values = rgba.map { p -> Double in
            let r = Double(p & 0xFF), g = Double((p >> 8) & 0xFF), b = Double((p >> 16) & 0xFF)
            return (0.299 * r + 0.587 * g + 0.114 * b) / 255
        }
        return try GrayImage(width: w, height: h, pixels: values, bitDepth: 8)
    }

    /// Writes an uncompressed 8- or 16-bit grey TIFF (for tests and exports).
    /// - Throws: `AnalysisError.ioFailure` when libtiff cannot create or write the file.
    public static func writeTIFF(_ image: GrayImage, to url: URL, bitDepth: Int = 16) throws {
        silenceTIFF()
        guard bitDepth == 8 || bitDepth == 16, let tif = TIFFOpen(url.path, "w") else {
            throw AnalysisError(.ioFailure, "libtiff cannot create '\(url.path)' at \(bitDepth) bit (rule: 8 or 16 bit, a writable folder). Check the path.")
        }
        defer { TIFFClose(tif) }
        func set(_ tag: Int32, _ value: CVarArg) { _ = withVaList([value]) { TIFFVSetField(tif, UInt32(tag), $0) } }
        set(TIFFTAG_IMAGEWIDTH, UInt32(image.width))
        set(TIFFTAG_IMAGELENGTH, UInt32(image.height))
        set(TIFFTAG_BITSPERSAMPLE, Int32(bitDepth))     // uint16 tags travel as int through varargs
        set(TIFFTAG_SAMPLESPERPIXEL, Int32(1))
        set(TIFFTAG_PHOTOMETRIC, Int32(PHOTOMETRIC_MINISBLACK))
        set(TIFFTAG_PLANARCONFIG, Int32(PLANARCONFIG_CONTIG))
        set(TIFFTAG_ROWSPERSTRIP, UInt32(image.height))
        for row in 0..<image.height {
            let slice = image.pixels[(row * image.width)..<((row + 1) * image.width)]
            let status: Int32
            if bitDepth == 8 {
                var bytes = slice.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
                status = bytes.withUnsafeMutableBytes { TIFFWriteScanline(tif, $0.baseAddress, UInt32(row), 0) }
            } else {
                var words = slice.map { UInt16((min(max($0, 0), 1) * 65535).rounded()) }
                status = words.withUnsafeMutableBytes { TIFFWriteScanline(tif, $0.baseAddress, UInt32(row), 0) }
            }
            guard status == 1 else { throw AnalysisError(.ioFailure, "libtiff failed writing row \(row) of '\(url.path)'.") }
        }
    }
}

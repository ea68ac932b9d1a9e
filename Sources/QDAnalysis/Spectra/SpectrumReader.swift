import Foundation

/// A table of spectra sharing one abscissa, as read from a file: one axis column and one or more value columns.
public struct SpectrumTable: Sendable, Equatable {
    /// Axis values, as in the file (either direction).
    public let axis: [Double]
    /// Unit of the axis (from the header, JCAMP-DX `##XUNITS`, the caller, or inferred from the values).
    public let unit: SpectralAxisUnit
    /// Value columns: name (from the header, or `column N`) and values (NaN where a cell was empty).
    public let columns: [(name: String, values: [Double])]
    /// Free-text header lines found before the data (instrument metadata, JCAMP-DX labels).
    public let headerLines: [String]
    /// Source name for messages.
    public let source: String

    /// Equality on axis, unit, column names and values, header and source.
    public static func == (a: SpectrumTable, b: SpectrumTable) -> Bool {
        a.axis == b.axis && a.unit == b.unit && a.headerLines == b.headerLines && a.source == b.source
            && a.columns.map(\.name) == b.columns.map(\.name) && a.columns.map(\.values) == b.columns.map(\.values)
    }

    /// The spectrum in value column `index` (0-based), rows with an empty cell dropped.
    /// - Throws: `AnalysisError.invalidValue` for an index out of range; what `Spectrum.init` throws.
    public func spectrum(column index: Int = 0) throws -> Spectrum {
        guard columns.indices.contains(index) else {
            throw AnalysisError(.invalidValue, "Column \(index + 1) does not exist in '\(source)' (rule: 1…\(columns.count) value columns: \(columns.map(\.name).joined(separator: ", "))). Pick one of those.")
        }
        var xs: [Double] = [], ys: [Double] = []
        for (x, y) in zip(axis, columns[index].values) where !y.isNaN {
            xs.append(x)
            ys.append(y)
        }
        return try Spectrum(x: xs, y: ys, unit: unit, label: "\(source): \(columns[index].name)")
    }

    /// The spectrum in the column named `name` (exact, then trimmed and case-insensitive).
    /// - Throws: `AnalysisError.invalidValue` listing the columns when none matches.
    public func spectrum(named name: String) throws -> Spectrum {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let i = columns.firstIndex(where: { $0.name == name })
            ?? columns.firstIndex(where: { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == wanted }) else {
            throw AnalysisError(.invalidValue, "No column '\(name)' in '\(source)' (rule: one of \(columns.map(\.name).joined(separator: ", "))). Pick one of those.")
        }
        return try spectrum(column: i)
    }

    /// Every column as a spectrum, in file order. - Throws: as `spectrum(column:)`.
    public func allSpectra() throws -> [Spectrum] { try columns.indices.map { try spectrum(column: $0) } }
}

/// Reads spectra from delimited text (CSV, TSV, semicolon or whitespace separated, any header, decimal commas,
/// UTF-8 BOM, CR/LF/CRLF line ends) and JCAMP-DX 4.24 (`##XYDATA=(X++(Y..Y))` and `##XYPOINTS=(XY..XY)` in
/// AFFN form).
///
/// Hand-written: no library here reads either format (QDData's `DelimitedText` expects one header row and a
/// point as decimal separator, which instrument exports such as Ocean Optics' break).
public enum SpectrumReader {
    /// Reads `url`: JCAMP-DX when the text starts with `##TITLE` (or the extension is .jdx/.dx/.jcamp),
    /// delimited text otherwise.
    /// - Parameters:
    ///   - unit: the axis unit; `nil` takes it from the header (`nm`, `eV`, `cm-1`, `wavelength`, `energy`,
    ///     `wavenumber`) or else from the range of the values. A given unit is checked against the values.
    /// - Throws: `AnalysisError.ioFailure` when the file cannot be read; `.emptyInput`, `.malformedFile`,
    ///   `.unitMismatch` as `parse(_:source:unit:)`.
    public static func read(_ url: URL, unit: SpectralAxisUnit? = nil) throws -> SpectrumTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw AnalysisError(.ioFailure, "Cannot read '\(url.path)': \(error.localizedDescription). Check the path and permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw AnalysisError(.malformedFile, "'\(url.lastPathComponent)' is not text (rule: UTF-8 or Latin-1 delimited text or JCAMP-DX). Export the spectrum as CSV/TXT.")
        }
        return try parse(text, source: url.lastPathComponent, unit: unit)
    }

    /// Parses `text` (see the type's summary for the formats).
    /// - Throws: `AnalysisError.emptyInput` for no data rows or only one numeric column; `.malformedFile` for
    ///   broken JCAMP-DX; `.unitMismatch` when a given or declared unit contradicts the values.
    public static func parse(_ text: String, source: String = "text", unit: SpectralAxisUnit? = nil) throws -> SpectrumTable {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map(String.init)
        if lines.contains(where: { $0.trimmingCharacters(in: .whitespaces).uppercased().hasPrefix("##XYDATA") || $0.trimmingCharacters(in: .whitespaces).uppercased().hasPrefix("##XYPOINTS") })
            || body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("##") {
            return try JCAMPReader.parse(lines, source: source, unit: unit)
        }
        return try parseDelimited(lines, source: source, unit: unit)
    }

    // MARK: - Delimited text

    static func parseDelimited(_ lines: [String], source: String, unit: SpectralAxisUnit?) throws -> SpectrumTable {
        let delimiter = detectDelimiter(lines)
        var header: [String] = []
        var names: [String]?
        var axis: [Double] = []
        var columns: [[Double]] = []
        var width = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let cells = split(trimmed, delimiter: delimiter)
            let numbers = cells.map { number($0, decimalComma: delimiter != ",") }
            // A data row: the first cell is a number and so is at least one more cell.
            if let first = numbers.first ?? nil, numbers.dropFirst().contains(where: { $0 != nil }) {
                if width == 0 {
                    width = cells.count
                    columns = Array(repeating: [], count: width - 1)
                    if let last = header.last {
                        let candidate = split(last, delimiter: delimiter)
                        if candidate.count == width { names = candidate.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) } }
                    }
                }
                axis.append(first)
                for j in 1..<width { columns[j - 1].append(j < numbers.count ? (numbers[j] ?? .nan) : .nan) }
            } else if width == 0 {
                header.append(trimmed)
            }
            // Non-numeric rows after the data (instrument logs) are skipped.
        }
        guard !axis.isEmpty else {
            let single = lines.contains { line in number(line.trimmingCharacters(in: .whitespaces), decimalComma: true) != nil }
            throw AnalysisError(.emptyInput, single
                ? "'\(source)' has a single numeric column (rule: an axis column and at least one value column). Export wavelength and intensity together."
                : "'\(source)' holds no data rows (rule: rows starting with a number, followed by at least one more number). Check that the file is a spectrum export, not an empty or header-only file.")
        }
        let axisName = header.last.map { split($0, delimiter: delimiter).first ?? "" } ?? ""
        let resolved = try resolveUnit(given: unit, declared: unitFromText(axisName) ?? header.lazy.compactMap(unitFromText).first, axis: axis, source: source)
        let columnNames = names ?? (1..<max(width, 2)).map { "column \($0 + 1)" }
        return SpectrumTable(
            axis: axis, unit: resolved, columns: Array(zip(columnNames, columns)).map { (name: $0.0, values: $0.1) },
            headerLines: header, source: source)
    }

    /// Tab if any line has one, else semicolon, else comma, else whitespace.
    static func detectDelimiter(_ lines: [String]) -> Character {
        let sample = lines.prefix(400)
        if sample.contains(where: { $0.contains("\t") }) { return "\t" }
        if sample.contains(where: { $0.contains(";") }) { return ";" }
        // Comma as delimiter only when some line has a comma between two numbers written with points or
        // integers, e.g. "400.5,0.12"; "400,5 0,12" (decimal commas, space separated) stays whitespace.
        let commaDelimited = sample.contains { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return cells.count >= 2 && !line.contains(" ") || (cells.count >= 2 && line.contains("."))
        }
        return commaDelimited ? "," : " "
    }

    static func split(_ line: String, delimiter: Character) -> [String] {
        if delimiter == " " { return line.split(whereSeparator: { $0 == " " }).map(String.init) }
        return line.split(separator: delimiter, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// A number from a cell: a decimal comma is read as a point when `decimalComma` (and the cell has no point).
    static func number(_ cell: String, decimalComma: Bool) -> Double? {
        var s = cell.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { s = String(s.dropFirst().dropLast()) }
        if decimalComma, s.contains(","), !s.contains(".") { s = s.replacingOccurrences(of: ",", with: ".") }
        guard !s.isEmpty, let value = Double(s), value.isFinite else { return nil }
        return value
    }

    /// A unit named in a header or label, if any.
    static func unitFromText(_ text: String) -> SpectralAxisUnit? {
        let t = text.lowercased()
        if t.contains("cm-1") || t.contains("cm^-1") || t.contains("1/cm") || t.contains("cm⁻¹") || t.contains("wavenumber") { return .wavenumbers }
        let words = Set(t.split(whereSeparator: { !$0.isLetter }).map(String.init))
        if words.contains("ev") || words.contains("energy") || words.contains("electronvolts") { return .electronvolts }
        if words.contains("nm") || words.contains("nanometers") || words.contains("nanometres")
            || words.contains("wavelength") || words.contains("wavelengths") { return .nanometres }
        return nil
    }

    /// Checks a given or declared unit against the axis values, or infers one.
    static func resolveUnit(given: SpectralAxisUnit?, declared: SpectralAxisUnit?, axis: [Double], source: String) throws -> SpectralAxisUnit {
        let low = axis.min() ?? 0, high = axis.max() ?? 0
        func fits(_ u: SpectralAxisUnit) -> Bool { u.plausibleRange.contains(low) && u.plausibleRange.contains(high) }
        if let given, let declared, given != declared {
            throw AnalysisError(.unitMismatch, "'\(source)' declares its axis in \(declared.rawValue) but \(given.rawValue) was requested (rule: the requested unit must match the file). Drop the unit option or convert the file.")
        }
        if let unit = given ?? declared {
            guard fits(unit) else {
                let guess = SpectralAxisUnit.allCases.first(where: fits).map { " The values look like \($0.rawValue)." } ?? ""
                throw AnalysisError(.unitMismatch, "The axis of '\(source)' spans \(low)…\(high), outside the plausible \(unit.rawValue) range \(unit.plausibleRange.lowerBound)…\(unit.plausibleRange.upperBound) (rule: units must match the values).\(guess) Pass the right unit.")
            }
            return unit
        }
        if let inferred = SpectralAxisUnit.allCases.first(where: fits) { return inferred }
        throw AnalysisError(.unitMismatch, "Cannot tell the axis unit of '\(source)' from its values \(low)…\(high) (rule: nm 100–3000, eV 0.3–12, cm⁻¹ 3000–100000) and the header names none. Pass the unit explicitly.")
    }
}

import Foundation

/// JCAMP-DX 4.24 reader for single spectra (McDonald & Wilks, *Appl. Spectrosc.* 42, 151 (1988)): labelled data
/// records `##LABEL=value`, `##XYDATA=(X++(Y..Y))` and `##XYPOINTS=(XY..XY)` in AFFN (free-format numbers,
/// separated by spaces, commas or a sign), scaled by `##XFACTOR`/`##YFACTOR`. Compressed ASDF forms (SQZ, DIF,
/// DUP) are rejected with a clear message.
enum JCAMPReader {
    static func parse(_ lines: [String], source: String, unit: SpectralAxisUnit?) throws -> SpectrumTable {
        var labels: [String: String] = [:]
        var header: [String] = []
        var data: [String] = []
        var form: String?
        for raw in lines {
            var line = raw
            if let comment = line.range(of: "$$") { line = String(line[..<comment.lowerBound]) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("##") {
                guard let eq = trimmed.firstIndex(of: "=") else {
                    throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': label line '\(trimmed)' has no '=' (rule: ##LABEL=value). Repair the file header.")
                }
                let key = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<eq].uppercased()
                    .filter { !" -/_".contains($0) }
                let value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                header.append(trimmed)
                if key == "XYDATA" || key == "XYPOINTS" || key == "PEAKTABLE" {
                    form = key + "=" + value.uppercased().filter { $0 != " " }
                } else {
                    if key == "END" { if form != nil { break } }
                    labels[key] = value
                    if form != nil, key != "END" { break }
                }
            } else if form != nil {
                data.append(trimmed)
            }
        }
        guard let form else {
            throw AnalysisError(.emptyInput, "JCAMP-DX '\(source)' has no ##XYDATA or ##XYPOINTS block (rule: one of them holds the spectrum). Export the spectrum as data, not as a link or peak table only.")
        }
        let xFactor = try factor(labels["XFACTOR"], "XFACTOR", source)
        let yFactor = try factor(labels["YFACTOR"], "YFACTOR", source)
        var xs: [Double] = [], ys: [Double] = []
        if form.hasPrefix("XYDATA=(X++(Y..Y))") {
            guard let firstText = labels["FIRSTX"], let lastText = labels["LASTX"], let countText = labels["NPOINTS"],
                  let firstX = Double(firstText), let lastX = Double(lastText), let n = Int(countText), n >= 2 else {
                throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': X++(Y..Y) data need ##FIRSTX, ##LASTX and ##NPOINTS ≥ 2 (rule: JCAMP-DX 4.24 §5). Add them or export as (XY..XY).")
            }
            let step = (lastX - firstX) / Double(n - 1)
            for line in data {
                let numbers = try tokens(line, source: source)
                guard let first = numbers.first else { continue }
                let x0 = first * xFactor
                for (k, y) in numbers.dropFirst().enumerated() {
                    xs.append(x0 + Double(k) * step)
                    ys.append(y * yFactor)
                }
            }
            guard ys.count == n else {
                throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': ##NPOINTS=\(n) but \(ys.count) values were read (rule: the counts must agree). The file is truncated or uses a compressed form on some lines.")
            }
            // Recompute the abscissae from FIRSTX and the step: the X of each line is a check value only.
            xs = (0..<n).map { firstX + Double($0) * step }
        } else if form.hasPrefix("XYPOINTS=(XY..XY)") || form.hasPrefix("PEAKTABLE=(XY..XY)") {
            let numbers = try data.flatMap { try tokens($0, source: source) }
            guard numbers.count % 2 == 0 else {
                throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': (XY..XY) data hold an odd count of numbers (\(numbers.count)) (rule: x,y pairs). The file is truncated.")
            }
            for i in stride(from: 0, to: numbers.count, by: 2) {
                xs.append(numbers[i] * xFactor)
                ys.append(numbers[i + 1] * yFactor)
            }
        } else {
            throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': data form '\(form)' is not supported (rule: (X++(Y..Y)) or (XY..XY)). Re-export with AFFN (uncompressed) numbers.")
        }
        guard xs.count >= 1 else {
            throw AnalysisError(.emptyInput, "JCAMP-DX '\(source)' has an empty data block (rule: at least 3 points). Re-export the spectrum.")
        }
        var declared: SpectralAxisUnit?
        switch (labels["XUNITS"] ?? "").uppercased().filter({ $0 != " " }) {
        case "NANOMETERS", "NANOMETRES", "NM": declared = .nanometres
        case "1/CM", "CM-1", "CM^-1": declared = .wavenumbers
        case "EV", "ELECTRONVOLTS": declared = .electronvolts
        case "MICROMETERS", "MICROMETRES", "UM":
            xs = xs.map { $0 * 1000 }
            declared = .nanometres
        case "":
            declared = nil
        case let other:
            throw AnalysisError(.unitMismatch, "JCAMP-DX '\(source)': ##XUNITS=\(other) is not an optical axis QDLab reads (rule: NANOMETERS, MICROMETERS, 1/CM or EV). Convert the axis.")
        }
        let resolved = try SpectrumReader.resolveUnit(given: unit, declared: declared, axis: xs, source: source)
        let name = labels["YUNITS"].map { $0.isEmpty ? "y" : $0 } ?? "y"
        return SpectrumTable(axis: xs, unit: resolved, columns: [(name: labels["TITLE"].map { "\($0) (\(name))" } ?? name, values: ys)], headerLines: header, source: source)
    }

    static func factor(_ text: String?, _ name: String, _ source: String) throws -> Double {
        guard let text else { return 1 }
        guard let value = Double(text), value.isFinite, value != 0 else {
            throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': ##\(name)=\(text) is not a finite non-zero number (rule: a scale factor). Repair the header.")
        }
        return value
    }

    /// AFFN numbers on a line: separated by spaces or commas, or by a sign that follows a digit.
    static func tokens(_ line: String, source: String) throws -> [Double] {
        var out: [Double] = []
        var current = ""
        func flush() throws {
            guard !current.isEmpty else { return }
            guard let v = Double(current) else {
                throw AnalysisError(.malformedFile, "JCAMP-DX '\(source)': '\(current)' in line '\(line)' is not an AFFN number (rule: uncompressed numbers; SQZ/DIF/DUP characters such as @, A–I, J–R, S–Z are not supported). Re-export without compression.")
            }
            out.append(v)
            current = ""
        }
        for ch in line {
            if ch == " " || ch == "," || ch == "\t" || ch == ";" {
                try flush()
            } else if (ch == "+" || ch == "-"), let last = current.last, last.isNumber || last == "." {
                try flush()
                current.append(ch)
            } else {
                current.append(ch)
            }
        }
        try flush()
        return out
    }
}

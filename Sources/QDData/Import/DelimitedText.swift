import Foundation

/// A parsed delimited-text table (CSV, TSV, semicolon-separated): a header and rows of raw cell strings.
public struct DelimitedTable: Sendable, Equatable {
    /// Column names from the header row (BOM and surrounding spaces removed).
    public let header: [String]
    /// Data rows; each has exactly `header.count` cells.
    public let rows: [[String]]
    /// 1-based file line on which each data row starts (a quoted cell may span lines).
    public let lineNumbers: [Int]
}

/// A strict RFC 4180 reader for CSV and its TSV/semicolon variants.
///
/// Hand-written because Foundation has no CSV parser and the package takes no CSV dependency; strictness is
/// the point here (the SwiftPM mirrors' CSV packages accept ragged rows or broken quotes silently, which would
/// defeat the all-or-nothing import). Rules (RFC 4180 §2): fields separated by `delimiter`; a field may be
/// enclosed in double quotes, inside which the delimiter and line breaks are literal and `""` is one quote;
/// CRLF or LF ends a record; every record has as many fields as the header. Blank lines are skipped (the
/// CdSe files end with many). A UTF-8 byte-order mark at the start is dropped.
public enum DelimitedTextReader {
    /// Parses `data` as UTF-8 delimited text with a header row.
    ///
    /// - Parameters:
    ///   - delimiter: a single ASCII character: `,`, `;` or tab.
    ///   - hasHeader: when `false`, columns are named `#1`, `#2`, … and every line is data.
    /// - Throws: `DataError.malformedFile` for bytes that are not UTF-8 (with the byte offset), NUL bytes (a
    ///   binary file), a quote that is never closed, text after a closing quote, or a row whose cell count differs
    ///   from the header's (with the line number); `.malformedFile` for an empty file.
    /// - Complexity: O(n) in the file size.
    public static func parse(_ data: Data, delimiter: Character = ",", hasHeader: Bool = true, fileName: String = "file") throws -> DelimitedTable {
        guard let delimiterByte = delimiter.asciiValue else {
            throw DataError(.invalidMapping, "Delimiter '\(delimiter)' is not a single ASCII character (rule: ',', ';' or a tab). Fix `delimiter:` in the mapping file.")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            throw DataError(.malformedFile, "\(fileName) contains a NUL byte at offset \(nul) (rule: a text file). It looks binary (XLSX, PDF?); export it as CSV or TSV first.")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            let offset = firstInvalidUTF8Offset(bytes)
            throw DataError(.malformedFile, "\(fileName) is not valid UTF-8 (first bad byte at offset \(offset)) (rule: files are read as UTF-8). Re-save it as UTF-8 (e.g. from Latin-1 with `iconv -f latin1 -t utf-8`).")
        }

        var records: [[String]] = []
        var recordLines: [Int] = []
        var field: [UInt8] = []
        var record: [String] = []
        var line = 1
        var recordStartLine = 1
        var index = 0
        var inQuotes = false
        var fieldWasQuoted = false
        var quoteOpenedLine = 0
        let quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            let blank = record.count == 1 && record[0].isEmpty
            if !blank {
                records.append(record)
                recordLines.append(recordStartLine)
            }
            record.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        field.append(quote)
                        index += 2
                        continue
                    }
                    inQuotes = false
                    fieldWasQuoted = true
                    index += 1
                    if index < bytes.count {
                        let next = bytes[index]
                        guard next == delimiterByte || next == cr || next == lf else {
                            throw DataError(.malformedFile, "\(fileName) line \(line): text after a closing quote (rule: RFC 4180, a quoted field ends at its closing quote; a quote inside it is written \"\"). Fix the quoting on that line.")
                        }
                    }
                    continue
                }
                if byte == lf { line += 1 }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case quote:
                guard field.isEmpty, !fieldWasQuoted else {
                    throw DataError(.malformedFile, "\(fileName) line \(line): a quote inside an unquoted field (rule: RFC 4180, quote the whole field and double inner quotes). Fix the quoting on that line.")
                }
                inQuotes = true
                quoteOpenedLine = line
            case delimiterByte:
                endField()
            case cr:
                if index + 1 < bytes.count, bytes[index + 1] == lf { index += 1 }
                endRecord()
                line += 1
                recordStartLine = line
            case lf:
                endRecord()
                line += 1
                recordStartLine = line
            default:
                field.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw DataError(.malformedFile, "\(fileName): the quote opened on line \(quoteOpenedLine) is never closed (rule: RFC 4180, every opening quote has a closing one). Fix the quoting from that line on.")
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }

        guard let first = records.first else {
            throw DataError(.malformedFile, "\(fileName) has no rows (rule: a header line and at least one data row). Check that the right file was given.")
        }
        let header: [String]
        var body = records[...]
        var bodyLines = recordLines[...]
        if hasHeader {
            header = first.map { $0.trimmingCharacters(in: .whitespaces) }
            body = records.dropFirst()
            bodyLines = recordLines.dropFirst()
        } else {
            header = (1...first.count).map { "#\($0)" }
        }
        for (row, rowLine) in zip(body, bodyLines) where row.count != header.count {
            throw DataError(.malformedFile, "\(fileName) line \(rowLine) has \(row.count) cells but the header has \(header.count) (rule: every row has one cell per column). Check the delimiter ('\(delimiter == "\t" ? "\\t" : String(delimiter))') and unquoted delimiters in that row.")
        }
        return DelimitedTable(header: header, rows: Array(body), lineNumbers: Array(bodyLines))
    }

    /// Byte offset of the first byte that does not decode as UTF-8 (O(n)).
    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: return offset
            }
        }
    }
}

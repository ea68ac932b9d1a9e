/// The one public error type of QDData.
///
/// Every message names the offending value, the rule it broke and the way out, e.g.
/// "Unknown unit 'mmoles' for column 'in_amount' (rule: one of mmol, mol, µmol, mg, g, mL, …). Fix the
/// mapping file's `unit:` entry."
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category a caller can switch on.
    public enum Kind: String, Sendable, Codable {
        /// A unit symbol QDData does not know, or a conversion between incompatible dimensions.
        case unknownUnit
        /// A conversion that needs a molar mass, density or concentration that was not given.
        case missingConversionData
        /// A value outside its allowed range (negative amount, NaN, infinity).
        case invalidValue
        /// A file that is not well-formed CSV/TSV (broken quotes, ragged rows, not UTF-8, binary).
        case malformedFile
        /// A mapping file that cannot be read or names columns or fields that do not exist.
        case invalidMapping
        /// An import whose rows failed validation; the attached report lists every rejected cell.
        case validationFailed
        /// The store could not be opened, migrated, read or written.
        case storeFailure
        /// A record, dataset or version that does not exist.
        case notFound
        /// A record or file that does not follow schema v1.
        case schemaViolation
    }

    /// The category of the failure.
    public let kind: Kind
    /// A message naming the value, the rule and the way out.
    public let message: String
    /// For `.validationFailed`: every rejected cell. Empty otherwise.
    public let rejections: [CellRejection]

    /// Creates an error of `kind` with `message` and, for validation failures, the rejected cells.
    public init(_ kind: Kind, _ message: String, rejections: [CellRejection] = []) {
        self.kind = kind
        self.message = message
        self.rejections = rejections
    }

    /// The message, followed by up to 20 rejected cells (one per line).
    public var description: String {
        guard !rejections.isEmpty else { return message }
        var lines = [message]
        for rejection in rejections.prefix(20) { lines.append("  " + rejection.description) }
        if rejections.count > 20 { lines.append("  … and \(rejections.count - 20) more") }
        return lines.joined(separator: "\n")
    }
}

/// One cell that an import rejected: where it is, what it held and which rule it broke.
public struct CellRejection: Sendable, Codable, Equatable, CustomStringConvertible {
    /// 1-based line number of the data row in the file (the header is line 1 when the file has one).
    public let line: Int
    /// Column name as written in the file's header (or `#n` for files without a header).
    public let column: String
    /// The cell's text as read.
    public let value: String
    /// The rule the cell broke, e.g. "amount must be a finite number ≥ 0".
    public let rule: String

    /// Creates a rejection at `line`/`column` for `value` that broke `rule`.
    public init(line: Int, column: String, value: String, rule: String) {
        self.line = line
        self.column = column
        self.value = value
        self.rule = rule
    }

    /// "line 12, column 'temp_c', value 'abc': rule".
    public var description: String { "line \(line), column '\(column)', value '\(value)': \(rule)" }
}

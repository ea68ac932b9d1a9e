/// QDData: FAIR synthesis records (schema v1), the Store protocol and its SQLite implementation,
/// import/export and featurisation. Built out under issue 3.
public enum QDData {
    /// Version of the record schema this module reads and writes.
    public static let schemaVersion = 1
}

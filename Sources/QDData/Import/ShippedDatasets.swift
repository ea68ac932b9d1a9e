import Foundation

/// A published dataset shipped inside QDData: raw upstream file, mapping, licence and provenance.
public struct ShippedDataset: Sendable, Equatable {
    /// The mapping's dataset metadata (name, licence, citation, DOI …).
    public let info: DatasetInfo
    /// Folder of the dataset inside the resource bundle.
    public let folder: URL

    /// The raw data file (untouched upstream copy).
    public var dataFile: URL { folder.appendingPathComponent(info.dataFile ?? "data.csv") }
    /// The checked-in mapping file.
    public var mappingFile: URL { folder.appendingPathComponent("mapping.yaml") }
    /// The upstream licence text.
    public var licenceFile: URL { folder.appendingPathComponent("LICENSE") }
    /// PROVENANCE.md: source, columns, units and every data-quality decision.
    public var provenanceFile: URL { folder.appendingPathComponent("PROVENANCE.md") }
}

/// The datasets shipped in the package (Sources/QDData/Datasets), found by their `mapping.yaml` files.
public enum ShippedDatasets {
    /// Folder holding the shipped datasets inside the module's resource bundle.
    /// - Throws: `DataError.notFound` if the bundle has no Datasets folder (a broken install).
    public static func root() throws -> URL {
        if let url = Bundle.module.url(forResource: "Datasets", withExtension: nil) { return url }
        throw DataError(.notFound, "The QDData resource bundle has no Datasets folder (rule: it ships with the package). Reinstall or rebuild QDLab.")
    }

    /// Every shipped dataset, sorted by name.
    /// - Throws: `DataError.notFound` for a missing bundle; `.invalidMapping` for a broken mapping file.
    public static func all() throws -> [ShippedDataset] {
        let root = try root()
        let folders = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        var datasets: [ShippedDataset] = []
        for folder in folders {
            let mappingURL = folder.appendingPathComponent("mapping.yaml")
            guard FileManager.default.fileExists(atPath: mappingURL.path) else { continue }
            let mapping = try ImportMapping.load(from: mappingURL)
            datasets.append(ShippedDataset(info: mapping.dataset, folder: folder))
        }
        return datasets.sorted { $0.info.name < $1.info.name }
    }

    /// The shipped dataset called `name`, or whose name starts with `name` followed by "-" (so "inp" finds
    /// "inp-nguyen2022" when unambiguous).
    /// - Throws: `DataError.notFound` listing the shipped names when none or several match.
    public static func named(_ name: String) throws -> ShippedDataset {
        let datasets = try all()
        if let exact = datasets.first(where: { $0.info.name == name }) { return exact }
        let prefixed = datasets.filter { $0.info.name.hasPrefix(name + "-") }
        if prefixed.count == 1, let only = prefixed.first { return only }
        let names = datasets.map(\.info.name).joined(separator: ", ")
        throw DataError(.notFound, "No shipped dataset '\(name)'\(prefixed.count > 1 ? " (ambiguous)" : "") (rule: one of \(names), or an unambiguous prefix). Run `qdlab data datasets` to list them.")
    }

    /// Imports a shipped dataset into `store` (idempotent, one transaction).
    /// - Throws: as `Importer.importFile`.
    public static func importDataset(_ dataset: ShippedDataset, into store: some Store, progress: (@Sendable (ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        try Importer.importFile(dataset.dataFile, mapping: dataset.mappingFile, into: store, progress: progress)
    }
}

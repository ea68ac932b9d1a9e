// swift-tools-version: 6.0
// QDLab: AI-driven design, synthesis optimisation and characterisation of colloidal quantum dots.
import PackageDescription

/// Linux links OpenBLAS + LAPACKE through a system-library target; macOS uses Accelerate,
/// selected in `Sources/QDCore/LinearAlgebra/Backend.swift`. Nothing else in the package knows which.
let linux: TargetDependencyCondition = .when(platforms: [.linux])!

let package = Package(
    name: "QDLab",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "QDCore", targets: ["QDCore"]),
        .library(name: "QDPhysics", targets: ["QDPhysics"]),
        .library(name: "QDData", targets: ["QDData"]),
        .library(name: "QDPlot", targets: ["QDPlot"]),
        .library(name: "QDLearn", targets: ["QDLearn"]),
        .library(name: "QDOptimize", targets: ["QDOptimize"]),
        .library(name: "QDAnalysis", targets: ["QDAnalysis"]),
        .library(name: "QDTwin", targets: ["QDTwin"]),
        .library(name: "QDDesign", targets: ["QDDesign"]),
        .library(name: "QDDrivers", targets: ["QDDrivers"]),
        .library(name: "QDServer", targets: ["QDServer"]),
        .executable(name: "qdlab", targets: ["qdlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // C libraries from the system (Debian: see Makefile `deps`; macOS: Homebrew, see README).
        .systemLibrary(
            name: "CLapack", pkgConfig: "lapacke",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CXGBoost", pkgConfig: "xgboost",
            providers: [.apt(["libxgboost-dev"]), .brew(["xgboost"])]),
        .systemLibrary(
            name: "CNLopt", pkgConfig: "nlopt",
            providers: [.apt(["libnlopt-dev"]), .brew(["nlopt"])]),
        .systemLibrary(
            name: "CSVM",
            providers: [.apt(["libsvm-dev"]), .brew(["libsvm"])]),
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CTIFF", pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"]), .brew(["libtiff"])]),

        .target(
            name: "QDCore",
            dependencies: [.target(name: "CLapack", condition: linux), "CNLopt"],
            // Accelerate's current LAPACK interface (macOS 13.3+); unused on Linux.
            swiftSettings: [.unsafeFlags(["-Xcc", "-DACCELERATE_NEW_LAPACK"], .when(platforms: [.macOS]))]),
        // Science modules, in layer order; dependencies point downward only (README, Layout).
        .target(name: "QDPhysics", dependencies: ["QDCore"]),
        .target(
            name: "QDData",
            dependencies: [
                "QDCore", "QDPhysics",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Datasets")]),
        .target(name: "QDLearn", dependencies: ["QDCore", "QDPhysics", "QDData", "CXGBoost", "CSVM"]),
        .target(name: "QDAnalysis", dependencies: ["QDCore", "QDPhysics", "QDData", "QDPlot", "CPNG", "CTIFF"]),
        .target(
            name: "QDOptimize",
            dependencies: ["QDCore", "QDData", "QDLearn", "QDPlot", .product(name: "Yams", package: "Yams")]),
        .target(name: "QDTwin", dependencies: ["QDCore", "QDPhysics", "QDData", "QDLearn", "QDOptimize", "QDPlot"]),
        .target(name: "QDDesign", dependencies: ["QDCore", "QDPhysics", "QDData", "QDLearn", "QDOptimize", "QDPlot"]),
        // Drivers for real instruments (HTTP today); science modules never import them.
        .target(name: "QDDrivers", dependencies: ["QDCore", "QDData", "QDTwin"]),
        // The only target importing Hummingbird: the lab's HTTP API and the twin served as an instrument.
        .target(
            name: "QDServer",
            dependencies: [
                "QDCore", "QDData", "QDTwin",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        // SVG charts for reports and the CLI; depends on nothing so every layer may use it.
        .target(name: "QDPlot"),
        .executableTarget(
            name: "qdlab",
            dependencies: [
                "QDCore", "QDPhysics", "QDData", "QDLearn", "QDOptimize", "QDAnalysis", "QDTwin", "QDDesign",
                "QDDrivers", "QDServer", "QDPlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "QDCoreTests", dependencies: ["QDCore"], exclude: ["Reference/generate_reference.py"]),
        .testTarget(name: "QDPhysicsTests", dependencies: ["QDPhysics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QDDataTests", dependencies: ["QDData"]),
        .testTarget(name: "QDPlotTests", dependencies: ["QDPlot"]),
        .testTarget(name: "QDLearnTests", dependencies: ["QDLearn"], exclude: ["Reference/generate_reference.py"]),
        .testTarget(name: "QDOptimizeTests", dependencies: ["QDOptimize"]),
        .testTarget(name: "QDAnalysisTests", dependencies: ["QDAnalysis"]),
        .testTarget(name: "QDTwinTests", dependencies: ["QDTwin"]),
        .testTarget(name: "QDDesignTests", dependencies: ["QDDesign"]),
        .testTarget(name: "QDDriversTests", dependencies: ["QDDrivers", "QDTwin"]),
        .testTarget(name: "QDServerTests", dependencies: ["QDServer"]),
        .testTarget(name: "CLibrariesTests", dependencies: ["CXGBoost", "CSVM", "CPNG", "CTIFF"]),
        .testTarget(name: "qdlabTests", dependencies: ["QDPhysics", "QDData"]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for the Parquet reader, kept out of the main package so `swift build` and `swift test`
/// never see the sanitizer flags. Build and run them with `scripts/fuzz.sh`.
let package = Package(
    name: "tiki-pipeline-fuzz",
    dependencies: [.package(name: "tiki-pipeline", path: "..")],
    targets: [
        /// The declaration of libFuzzer's driver entry point.
        .target(name: "CLibFuzzer"),
        /// Whole files through `ParquetFileReader` and `inspect`'s `Inspector`: footer, schema, statistics, pages,
        /// levels, values, rows as JSON.
        .executableTarget(
            name: "FuzzParquetReader",
            dependencies: [
                "CLibFuzzer", .product(name: "Parquet", package: "tiki-pipeline"), .product(name: "Columnar", package: "tiki-pipeline"),
            ]
        ),
        /// Footers: the input is wrapped as a file's FileMetaData, so the thrift reader and schema building see it.
        .executableTarget(
            name: "FuzzThrift",
            dependencies: ["CLibFuzzer", .product(name: "Parquet", package: "tiki-pipeline")]
        ),
    ]
)

// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "tiki-pipeline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tiki-pipeline", targets: ["TikiPipelineCLI"]),
        .library(name: "Parquet", targets: ["Parquet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        /// libdeflate: GZIP pages several times faster than zlib, standard RFC 1952 members.
        .systemLibrary(
            name: "CLibdeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        /// The system libzstd, for ZSTD pages.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        /// JSON values, a fast byte-level parser and an unescaped UTF-8 writer.
        .target(name: "TikiJSON"),
        /// Schema files (`schemas/*.json`): model, validation, inference, checking.
        .target(name: "TikiSchema", dependencies: ["TikiJSON"]),
        /// HTML → text and projection of raw documents through a schema.
        .target(name: "TikiTransform", dependencies: ["TikiJSON", "TikiSchema"]),
        /// Atomic files, numbered JSON batches, error files and the resume ledger.
        .target(name: "BatchStore", dependencies: ["TikiJSON", .product(name: "SystemPackage", package: "swift-system")]),
        /// The ingest job: IDs → HTTP → transform → batches; retry stage.
        .target(
            name: "TikiIngest",
            dependencies: [
                "TikiJSON", "TikiSchema", "TikiTransform", "BatchStore",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        /// Prometheus `/metrics` and the live dashboard of a run, on one loopback port.
        .target(
            name: "RunMonitor",
            dependencies: [
                "TikiJSON",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        /// A seeded generator and the synthetic ID lists made with it: mock documents and faults, `generate-ids`,
        /// and replayable random tests.
        .target(name: "SeededRandom"),
        /// An offline Tiki product API with latency and fault injection.
        .target(
            name: "MockTikiAPI",
            dependencies: [
                "SeededRandom",
                "TikiJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        /// A pure-Swift Parquet writer and reader. Knows nothing about Tiki.
        .target(
            name: "Parquet",
            dependencies: ["CZlib", "CLibdeflate", "CZstd", .product(name: "SystemPackage", package: "swift-system")]),
        /// JSON batches → Parquet through a schema.
        .target(name: "Columnar", dependencies: ["TikiJSON", "TikiSchema", "BatchStore", "Parquet"]),
        /// S3 object storage: SigV4 signing, credentials, an S3 client over AsyncHTTPClient, multipart uploads.
        /// Knows nothing about Tiki or Parquet.
        .target(
            name: "ObjectStore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        /// The `load` stage: JSON batches or our Parquet files → a PostgreSQL table through `COPY … FROM STDIN`.
        .target(
            name: "PostgresLoad",
            dependencies: [
                "TikiJSON", "TikiSchema", "BatchStore", "Columnar", "Parquet",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        /// The `bench` subcommands: ingest against a mock in another process, convert, hot-path microbenchmarks.
        .target(
            name: "PipelineBench",
            dependencies: [
                "TikiJSON", "TikiSchema", "TikiTransform", "TikiIngest", "MockTikiAPI", "Columnar", "Parquet", "SeededRandom",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "TikiPipelineCLI",
            dependencies: [
                "TikiJSON", "TikiSchema", "TikiIngest", "MockTikiAPI", "Columnar", "Parquet", "BatchStore", "PipelineBench",
                "RunMonitor", "PostgresLoad", "ObjectStore", "SeededRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// Records shared by the test targets (not part of any product).
        .target(name: "TestFixtures", dependencies: ["TikiJSON", "TikiSchema"], path: "Tests/TestFixtures"),
        .testTarget(name: "TikiJSONTests", dependencies: ["TikiJSON", "SeededRandom"]),
        .testTarget(name: "TikiSchemaTests", dependencies: ["TikiSchema", "TikiJSON", "TestFixtures"]),
        .testTarget(name: "TikiTransformTests", dependencies: ["TikiTransform", "TikiSchema", "TikiJSON", "TestFixtures"]),
        .testTarget(name: "BatchStoreTests", dependencies: ["BatchStore", "TikiJSON"]),
        .testTarget(
            name: "TikiIngestTests",
            dependencies: [
                "TikiIngest", "MockTikiAPI", "TikiSchema", "TikiJSON", "BatchStore", "TikiTransform", "SeededRandom",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "MockTikiAPITests",
            dependencies: [
                "MockTikiAPI", "TikiJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "SeededRandom"]),
        .testTarget(
            name: "RunMonitorTests",
            dependencies: [
                "RunMonitor", "TikiJSON", "TikiIngest", "TikiSchema", "MockTikiAPI", "SeededRandom",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: [
                "ObjectStore", "SeededRandom",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ColumnarTests", dependencies: ["Columnar", "Parquet", "TikiSchema", "TikiJSON", "SeededRandom", "TestFixtures"]),
        .testTarget(name: "PostgresLoadTests", dependencies: ["PostgresLoad", "Columnar", "Parquet", "TikiSchema", "TikiJSON", "SeededRandom", "TestFixtures"]),
    ]
)

/// The libFuzzer targets over the Parquet reader (`Fuzz/`), only when `TIKI_FUZZ` is set: `scripts/fuzz.sh` sets it and
/// builds them with `-sanitize=fuzzer,address` into `.build-fuzz`. They link libFuzzer's driver, which only that flag
/// provides, and they need no library product of ours (the project's own modules reach them with `package` access).
if ProcessInfo.processInfo.environment["TIKI_FUZZ"] != nil {
    package.targets += [
        /// The declaration of libFuzzer's driver entry point.
        .target(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        /// Whole files through `ParquetFileReader` and `inspect`'s `Inspector`: footer, schema, statistics, pages,
        /// levels, values, rows as JSON.
        .executableTarget(
            name: "FuzzParquetReader", dependencies: ["CLibFuzzer", "Parquet", "Columnar", "TikiJSON"],
            path: "Fuzz/Sources/FuzzParquetReader"),
        /// Footers: the input is wrapped as a file's FileMetaData, so the thrift reader and schema building see it.
        .executableTarget(name: "FuzzThrift", dependencies: ["CLibFuzzer", "Parquet"], path: "Fuzz/Sources/FuzzThrift"),
    ]
}

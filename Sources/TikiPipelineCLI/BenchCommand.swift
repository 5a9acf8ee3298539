import ArgumentParser
import Foundation
import MockTikiAPI
import PipelineBench
import TikiJSON

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest and convert throughput, and the hot paths.",
        subcommands: [Ingest.self, Convert.self, Micro.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A real ingest into a temporary folder against mock-api started as a separate process (or --base-url).")
        @Option(help: "How many IDs.") var ids = 20_000
        @Option(help: "Most requests in flight (default: ingest's).") var concurrency: Int?
        @Option(help: "Adapt the request rate (on, ingest's default) or send unpaced (off).") var adaptive = Switch.on
        @Option(help: "Latency of the mock, in milliseconds.") var latencyMs = 0
        @Option(help: "The mock's firewall: requests per second allowed (0: none).") var allowRps = 0.0
        @Option(help: "The mock's firewall: burst.") var burst = 20
        @Option(help: "The mock's firewall: how it refuses requests over the allowance.") var throttleResponse = ThrottleResponse.tooManyRequests
        @Option(help: "The mock's firewall: Retry-After seconds on its 429s (none when not given).") var throttleRetryAfter: Int?
        @Option(help: "Fetch from this endpoint instead of starting a mock.") var baseURL: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var benchmark = IngestBenchmark(executable: Self.executablePath)
            benchmark.ids = ids
            benchmark.concurrency = concurrency
            benchmark.adaptive = adaptive == .on
            benchmark.latencyMilliseconds = latencyMs
            benchmark.baseURL = baseURL
            if allowRps > 0 {
                benchmark.mockArguments = [
                    "--allow-rps", "\(allowRps)", "--burst", "\(burst)", "--throttle-response", throttleResponse.rawValue,
                ] + (throttleRetryAfter.map { ["--throttle-retry-after", "\($0)"] } ?? [])
            }
            let result = try await benchmark.run()
            print(json ? JSONWriter.string(result.json) : result.text)
        }

        static var executablePath: String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        }
    }

    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Convert batches into a temporary Parquet file, timed.")
        @Argument(help: "Batch files or folders.") var inputs: [String]
        @Option(help: "GZIP level 1-9.") var level = 6
        @Option(help: "Schema file (inferred when absent).") var schema: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            MemoryTuning.returnLargeBuffersToTheSystem()
            var benchmark = ConvertBenchmark(inputs: inputs, createdBy: BuildInfo.createdBy)
            benchmark.level = level
            benchmark.schemaPath = schema
            let result = try benchmark.run()
            print(json ? JSONWriter.string(result.json) : result.text)
        }
    }

    struct Micro: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "MB/s of JSON decoding, HTML → text, RLE and dictionary encoding, and gzip of a page.")
        @Option(help: "Seconds per measurement.") var seconds = 0.5
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let results = try MicroBenchmarks.run(seconds: seconds)
            if json {
                print(JSONWriter.string(.array(results.map {
                    .object(JSONObject(["name": .string($0.name), "mb_per_second": .double(($0.megabytesPerSecond * 10).rounded() / 10), "note": .string($0.note)]))
                })))
            } else {
                for r in results {
                    let name = r.name.padding(toLength: 56, withPad: " ", startingAt: 0)
                    print("\(name) \(String(format: "%8.1f", r.megabytesPerSecond)) MB/s   \(r.note)")
                }
            }
        }
    }
}

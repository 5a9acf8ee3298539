import Columnar
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// `convert` of given batches into a temporary file, timed.
package struct ConvertBenchmark: Sendable {
    package var inputs: [String]
    package var level = 6
    package var schemaPath: String?
    package var createdBy: String

    package init(inputs: [String], createdBy: String) {
        self.inputs = inputs
        self.createdBy = createdBy
    }

    package struct Result: Sendable {
        package var summary: ConvertSummary
        package var peakResidentBytes: Int

        package var json: JSONValue {
            .object(JSONObject([
                "benchmark": "convert", "rows": .int(Int64(summary.rows)), "seconds": .double(summary.seconds.rounded3),
                "rows_per_second": .double((Double(summary.rows) / summary.seconds).rounded1),
                "input_mb": .double((Double(summary.inputBytes) / 1e6).rounded1),
                "input_mb_per_second": .double((Double(summary.inputBytes) / 1e6 / summary.seconds).rounded1),
                "output_mb": .double((Double(summary.outputBytes) / 1e6).rounded3),
                "peak_rss_mb": .double((Double(peakResidentBytes) / 1e6).rounded1),
            ]))
        }

        package var text: String {
            String(
                format: "convert: %d rows in %.2f s — %.0f rows/s, %.1f MB/s of JSON in; output %.2f MB; peak RSS %.0f MB",
                summary.rows, summary.seconds, Double(summary.rows) / summary.seconds,
                Double(summary.inputBytes) / 1e6 / summary.seconds, Double(summary.outputBytes) / 1e6,
                Double(peakResidentBytes) / 1e6)
        }
    }

    package func run() throws -> Result {
        let files = try BatchInputs.expand(inputs)
        let schema = try schemaPath.map { try Schema.load(contentsOf: $0) } ?? BatchInputs.inferSchema(files)
        var options = ParquetWriterOptions()
        options.compression = .gzip(level: level)
        options.createdBy = createdBy
        let out = NSTemporaryDirectory() + "tiki-bench-convert-\(UUID().uuidString).parquet"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let summary = try Converter(schema: schema, options: options).convert(files, to: .file(out))
        return Result(summary: summary, peakResidentBytes: ResourceUsage.current().peakResidentBytes)
    }
}

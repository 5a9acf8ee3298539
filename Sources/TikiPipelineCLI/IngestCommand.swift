import ArgumentParser
import BatchStore
import Foundation
import Logging
import TikiIngest

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Fetch every product of an ID list into JSON batches; resumes where an earlier run stopped.")

    @Option(help: "CSV of product IDs (header `id`, one per line).") var input: String
    @Option(help: "Output folder (jsonfile/, errorfile/, run-report.json).") var out: String
    @Flag(help: "Discard earlier outputs in --out and start over.") var restart = false
    @OptionGroup var sharding: ShardOption
    @OptionGroup var fetch: FetchOptions
    @OptionGroup var monitor: MonitorOptions

    func run() async throws {
        let shard = try sharding.resolve()
        let file: ProductIDList
        do { file = try ProductIDList.read(contentsOf: input) } catch { throw CommandFailure(error.description) }
        if let skipped = file.skippedSummary { printError("warning: \(skipped)") }
        guard !file.ids.isEmpty else { throw CommandFailure("\(input): no product IDs found") }
        let ids = file.filtered(to: shard)
        let (input, out, restart) = (self.input, shard.outputDirectory(under: self.out), self.restart)
        if shard.count > 1 { printError("shard \(shard): \(ids.ids.count) of \(file.ids.count) IDs into \(out)") }
        try await monitor.monitoring(MonitorOptions.fetching("ingest")) { monitor in
        try await fetch.runJob(label: "tiki.ingest") { configuration, schema, logger, stop in
            let statistics = IngestStatistics()
            monitor?.setCurrentFileSource { statistics.lastBatchFile }
            logger.info("ingest \(ids.ids.count) IDs from \(input) into \(out) (tiki-pipeline \(BuildInfo.version), schema \(schema.name))")
            var job = IngestJob(configuration: configuration, schema: schema, outputDirectory: out, logger: logger)
            job.restart = restart
            job.progressMode = ProgressDisplay.automaticMode(interval: configuration.progressInterval)
            let summary = try await job.run(ids, stop: stop, statistics: statistics)
            print("report: \(OutputLayout(root: out).runReport)")
            return summary
        }
        }
    }
}

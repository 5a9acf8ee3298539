import ArgumentParser
import BatchStore
import Foundation
import Logging
import TikiIngest

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Fetch the IDs of earlier error entries again into retry_NNN.json files.",
        discussion: "Transient failures only, unless --all. Entries that are settled are removed from the older error files.")

    @Option(help: "Output folder of an earlier ingest.") var out: String
    @Flag(help: "Retry permanent failures (not_found, client_error, too_large) too.") var all = false
    @OptionGroup var sharding: ShardOption
    @OptionGroup var fetch: FetchOptions
    @OptionGroup var monitor: MonitorOptions

    func run() async throws {
        let out = try sharding.resolve().outputDirectory(under: self.out)
        guard FileManager.default.fileExists(atPath: OutputLayout(root: out).errorDirectory) else {
            throw CommandFailure("\(out): no errorfile/ folder; run ingest first")
        }
        let all = self.all
        let attemptsBefore = fetch.mock ? Self.attemptsMade(under: out) : [:]
        try await monitor.monitoring(MonitorOptions.fetching("retry")) { monitor in
        try await fetch.runJob(label: "tiki.retry", mockAttemptsBefore: attemptsBefore) {
            configuration, schema, logger, stop in
            let statistics = IngestStatistics()
            monitor?.setCurrentFileSource { statistics.lastBatchFile }
            var job = RetryJob(configuration: configuration, schema: schema, outputDirectory: out, logger: logger)
            job.includePermanent = all
            job.progressMode = ProgressDisplay.automaticMode(interval: configuration.progressInterval)
            return try await job.run(stop: stop, statistics: statistics)
        }
        }
    }

    /// The attempts each ID of the error entries has had, so that `--mock` goes on from them rather than
    /// refusing a retried ID's first attempts again as it refused the ingest's.
    static func attemptsMade(under out: String) -> [Int64: Int] {
        OutputLedger.load(OutputLayout(root: out)).attemptsMade
    }
}

import ArgumentParser
import BatchStore
import TikiIngest
import TikiJSON

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Sum what ingest output folders hold: records, errors by class, IDs remaining.",
        discussion: """
            Give output folders (--out of ingest), or a folder of shard-I-of-N subfolders to see every shard of a \
            job at once. Read from the batch and error files, so it is right during a run and after a crash. Exits 0 \
            when every ID is settled and none is left in a transient error class, 3 otherwise.
            """)

    @Argument(help: "Ingest output folders, or folders of shard-*/ folders.") var folders: [String]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let status: JobStatus
        do { status = try JobStatus.load(folders) } catch { throw CommandFailure(error.description) }
        print(json ? String(decoding: JSONWriter.encode(status.json), as: UTF8.self) : status.table)
        if !status.isComplete { throw ExitCode(ExitStatus.transientErrorsLeft) }
    }
}

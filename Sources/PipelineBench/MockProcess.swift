import Foundation
import MockTikiAPI

/// `tiki-pipeline mock-api` in a child process, so the mock never shares the client's process.
package final class MockProcess: @unchecked Sendable {
    private let process: Process
    package let baseURL: String

    private init(process: Process, baseURL: String) {
        self.process = process
        self.baseURL = baseURL
    }

    package static func start(executable: String, arguments: [String]) throws -> MockProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["mock-api", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard text.hasPrefix("listening on ") else {
            process.terminate()
            throw MockConfigurationError(message: "mock-api did not start (said: \(text))")
        }
        return MockProcess(process: process, baseURL: text.dropFirst("listening on ".count) + MockTikiServer.productPath)
    }

    package func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

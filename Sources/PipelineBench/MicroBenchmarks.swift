import Foundation
import MockTikiAPI
import NIOCore
import Parquet
import SeededRandom
import TikiIngest
import TikiJSON
import TikiSchema
import TikiTransform

/// Throughput of the hot paths in isolation, as MB/s of input.
package enum MicroBenchmarks {
    package struct Measurement: Sendable {
        package var name: String
        package var megabytesPerSecond: Double
        package var note: String
    }

    /// The job's record, for the JSONDecoder baseline.
    struct Product: Decodable {
        struct Image: Decodable { var base_url: String }
        var id: Int64
        var name: String
        var url_key: String?
        var price: Int64?
        var description: String?
        var images: [Image]?
    }

    package static func run(seconds: Double = 0.5) throws -> [Measurement] {
        let factory = ProductDocumentFactory(seed: 0)
        let documents = (0..<300).map { Array(factory.document(id: Int64(100_000 + $0 * 7919)).readableBytesView) }
        let documentBytes = documents.reduce(0) { $0 + $1.count }
        var results: [Measurement] = []

        results.append(Measurement(
            name: "JSON decode (TikiJSON parser)",
            megabytesPerSecond: try throughput(bytes: documentBytes, seconds: seconds) {
                for d in documents { _ = try JSONParser.parse(d) }
            }, note: "\(documents.count) mock product documents, \(documentBytes / documents.count / 1000) KB each"))
        let selection = Projector(schema: .tikiProduct).selection(adding: ResponseClassifier.readMembers).compiled()
        results.append(Measurement(
            name: "JSON decode (TikiJSON, only the job's members)",
            megabytesPerSecond: try throughput(bytes: documentBytes, seconds: seconds) {
                for d in documents { _ = try JSONParser.parse(d, selecting: selection) }
            }, note: "what ingest does: the other members are skipped, not built"))
        let datas = documents.map { Data($0) }
        results.append(Measurement(
            name: "JSON decode (Foundation JSONSerialization)",
            megabytesPerSecond: try throughput(bytes: documentBytes, seconds: seconds) {
                for d in datas { _ = try JSONSerialization.jsonObject(with: d) }
            }, note: "the same documents, untyped"))
        let decoder = JSONDecoder()
        results.append(Measurement(
            name: "JSON decode (Foundation JSONDecoder, job fields only)",
            megabytesPerSecond: try throughput(bytes: documentBytes, seconds: seconds) {
                for d in datas { _ = try decoder.decode(Product.self, from: d) }
            }, note: "Codable struct of id, name, url_key, price, description, images"))

        var generated = 0
        results.append(Measurement(
            name: "Mock API document generation",
            megabytesPerSecond: try throughput(bytes: documentBytes, seconds: seconds) {
                for i in 0..<documents.count { generated &+= factory.document(id: Int64(100_000 + i * 7919)).readableBytes }
            }, note: "what mock-api does per request before HTTP"))

        let descriptions = try documents.compactMap { try JSONParser.parse($0)["description"]?.stringValue }
        let htmlBytes = descriptions.reduce(0) { $0 + $1.utf8.count }
        results.append(Measurement(
            name: "HTML → text",
            megabytesPerSecond: try throughput(bytes: htmlBytes, seconds: seconds) {
                for html in descriptions { _ = HTMLText.clean(html) }
            }, note: "\(descriptions.count) descriptions, \(htmlBytes / descriptions.count / 1000) KB of HTML each"))

        var rng = SplitMix64(seed: 3)
        let levels = (0..<1_000_000).map { _ in rng.next() % 50 == 0 ? UInt8(1) : UInt8(3) }
        results.append(Measurement(
            name: "RLE/bit-packed encode of definition levels",
            megabytesPerSecond: try throughput(bytes: levels.count, seconds: seconds) {
                _ = ParquetKernels.rleEncode(levels, bitWidth: 2)
            }, note: "1M levels (1 byte each in, 2 bits each out), 2% nulls"))

        let statuses = ["available", "out_of_stock", "discontinued", "pre_order", "Hà Nội", "TP. Hồ Chí Minh"]
        var strings: [String] = []
        for _ in 0..<200_000 {
            let status: String = statuses[Int(rng.next() % UInt64(statuses.count))]
            strings.append(status + String(rng.next() % 20))
        }
        let stringBytes = strings.reduce(0) { $0 + $1.utf8.count }
        results.append(Measurement(
            name: "Dictionary encode of a string column",
            megabytesPerSecond: try throughput(bytes: stringBytes, seconds: seconds) {
                _ = ParquetKernels.dictionaryEncode(strings)
            }, note: "200k strings, 120 distinct"))

        var page: [UInt8] = []
        var i = 0
        while page.count < 1 << 20 {
            let text = Array(HTMLText.clean(descriptions[i % descriptions.count]).utf8)
            page += withUnsafeBytes(of: UInt32(text.count).littleEndian) { Array($0) } + text
            i += 1
        }
        let compressed = try ParquetKernels.gzip(page, level: 6)
        results.append(Measurement(
            name: "gzip level 6 of a 1 MiB page",
            megabytesPerSecond: try throughput(bytes: page.count, seconds: seconds) {
                _ = try ParquetKernels.gzip(page, level: 6)
            }, note: String(format: "PLAIN-encoded cleaned descriptions, ratio %.1f", Double(page.count) / Double(compressed))))
        return results
    }

    /// MB/s of `body` processing `bytes`, repeated for at least `seconds`.
    static func throughput(bytes: Int, seconds: Double, _ body: () throws -> Void) throws -> Double {
        try body()  // warm up
        var runs = 0
        let start = ContinuousClock.now
        var elapsed = 0.0
        repeat {
            try body()
            runs += 1
            let d = ContinuousClock.now - start
            elapsed = d / .seconds(1)
        } while elapsed < seconds
        return Double(bytes * runs) / 1e6 / elapsed
    }
}

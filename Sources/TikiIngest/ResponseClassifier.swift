import Foundation
import TikiJSON

/// Decides what a response means. A 200 alone is not success: the body must be JSON with the requested
/// `id`, a `name` and a `price`.
package enum ResponseClassifier {
    /// The members a real product document has and a soft block lacks.
    package static let requiredMembers = ["name", "price"]
    /// What the classifier reads, so a fetch builds them whatever the schema projects: the ID and the above.
    package static let readMembers: [[String]] = [["id"]] + requiredMembers.map { [$0] }

    /// `selection` names the members to build; the rest of the document is only checked for well-formedness.
    package static func classify(
        status: Int, contentType: String?, retryAfter: String?, body: some Collection<UInt8>, requestedID: Int64,
        now: Date = Date(), selection: CompiledSelection = .all
    ) -> AttemptOutcome {
        var repaired = 0
        return classify(
            status: status, contentType: contentType, retryAfter: retryAfter, body: body, requestedID: requestedID, now: now,
            selection: selection, repairedStrings: &repaired)
    }

    /// Classifies as above; strings of the document that were not UTF-8 are repaired (U+FFFD) and counted in
    /// `repairedStrings`: a product with one bad byte in its description is still worth keeping.
    package static func classify(
        status: Int, contentType: String?, retryAfter: String?, body: some Collection<UInt8>, requestedID: Int64,
        now: Date = Date(), selection: CompiledSelection = .all, repairedStrings: inout Int
    ) -> AttemptOutcome {
        let retryAfterSeconds = retryAfter.flatMap { RetryAfter.seconds(from: $0, now: now) }
        switch status {
        case 200:
            return classifyOK(
                contentType: contentType, body: body, requestedID: requestedID, selection: selection, repairedStrings: &repairedStrings)
        case 404:
            return .failure(AttemptFailure(.notFound, status: status, message: "product not found (404)"))
        case 429, 425:
            return .failure(AttemptFailure(.rateLimited, status: status, message: "rate limited (\(status))", retryAfter: retryAfterSeconds))
        case 408:
            return .failure(AttemptFailure(.timeout, status: status, message: "request timeout (408)"))
        case 400..<500:
            return .failure(AttemptFailure(.clientError, status: status, message: "HTTP \(status)\(snippet(body))"))
        case 500..<600:
            return .failure(AttemptFailure(.serverError, status: status, message: "HTTP \(status)\(snippet(body))", retryAfter: retryAfterSeconds))
        case 300..<400:
            return .failure(AttemptFailure(.clientError, status: status, message: "redirect (\(status)) not followed"))
        default:
            return .failure(AttemptFailure(.invalidPayload, status: status, message: "unexpected HTTP \(status)"))
        }
    }

    private static func classifyOK(
        contentType: String?, body: some Collection<UInt8>, requestedID: Int64, selection: CompiledSelection,
        repairedStrings: inout Int
    ) -> AttemptOutcome {
        let firstByte = body.first { !(0x09...0x0D).contains($0) && $0 != 0x20 }
        let declaredHTML = contentType?.lowercased().contains("html") ?? false
        if declaredHTML || firstByte == UInt8(ascii: "<") {
            let text = String(decoding: body.prefix(4096), as: UTF8.self).lowercased()
            let what = text.contains("captcha") ? "captcha page" : "HTML page"
            return .failure(AttemptFailure(.blocked, status: 200, message: "HTTP 200 with a \(what) instead of JSON"))
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(body, selecting: selection, invalidUTF8: .repair, repairedStrings: &repairedStrings)
        } catch {
            return .failure(AttemptFailure(.blocked, status: 200, message: "HTTP 200 with a body that is not JSON (\(error))"))
        }
        guard case .object = document else {
            return .failure(AttemptFailure(.invalidPayload, status: 200, message: "JSON \(document.kindName), not an object"))
        }
        guard let id = document["id"]?.int64Value else {
            return .failure(AttemptFailure(.invalidPayload, status: 200, message: "JSON without an id"))
        }
        guard id == requestedID else {
            return .failure(AttemptFailure(.invalidPayload, status: 200, message: "JSON for id \(id), not \(requestedID)"))
        }
        let missing = requiredMembers.filter { document[$0] == nil || document[$0]!.isNull }
        guard missing.isEmpty else {
            return .failure(AttemptFailure(.invalidPayload, status: 200, message: "soft block: JSON without \(missing.joined(separator: " and "))"))
        }
        return .success(document)
    }

    private static func snippet(_ body: some Collection<UInt8>) -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(120), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": \(text)"
    }
}

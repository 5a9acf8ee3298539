import TikiJSON

/// One failed ID as written to an error file: `{id, error, status, attempts, message}`.
package struct ErrorEntry: Sendable, Hashable {
    package var id: Int64
    /// The outcome class, such as `not_found` or `rate_limited`.
    package var error: String
    /// The last HTTP status seen, if a response arrived.
    package var status: Int?
    package var attempts: Int
    package var message: String

    package init(id: Int64, error: String, status: Int?, attempts: Int, message: String) {
        self.id = id
        self.error = error
        self.status = status
        self.attempts = attempts
        self.message = message
    }

    package var json: JSONValue {
        .object(JSONObject([
            "id": .int(id),
            "error": .string(error),
            "status": status.map { .int(Int64($0)) } ?? .null,
            "attempts": .int(Int64(attempts)),
            "message": .string(message),
        ]))
    }

    package init?(json: JSONValue) {
        guard let id = json["id"]?.int64Value, let error = json["error"]?.stringValue else { return nil }
        self.id = id
        self.error = error
        status = json["status"]?.int64Value.map { Int($0) }
        attempts = Int(json["attempts"]?.int64Value ?? 0)
        message = json["message"]?.stringValue ?? ""
    }
}

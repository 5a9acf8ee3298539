import TikiJSON

/// One failed ID as written to an error file: `{id, error, status, attempts, message}`.
public struct ErrorEntry: Sendable, Hashable {
    public var id: Int64
    /// The outcome class, such as `not_found` or `rate_limited`.
    public var error: String
    /// The last HTTP status seen, if a response arrived.
    public var status: Int?
    public var attempts: Int
    public var message: String

    public init(id: Int64, error: String, status: Int?, attempts: Int, message: String) {
        self.id = id
        self.error = error
        self.status = status
        self.attempts = attempts
        self.message = message
    }

    public var json: JSONValue {
        .object(JSONObject([
            "id": .int(id),
            "error": .string(error),
            "status": status.map { .int(Int64($0)) } ?? .null,
            "attempts": .int(Int64(attempts)),
            "message": .string(message),
        ]))
    }

    public init?(json: JSONValue) {
        guard let id = json["id"]?.int64Value, let error = json["error"]?.stringValue else { return nil }
        self.id = id
        self.error = error
        status = json["status"]?.int64Value.map { Int($0) }
        attempts = Int(json["attempts"]?.int64Value ?? 0)
        message = json["message"]?.stringValue ?? ""
    }
}

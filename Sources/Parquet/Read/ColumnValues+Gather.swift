/// Concatenating pages and resolving dictionary indices, as the reader assembles a chunk.
extension ColumnValues {
    mutating func append(_ other: ColumnValues) {
        switch (self, other) {
        case (.boolean(var a), .boolean(let b)): self = .int32([]); a += b; self = .boolean(a)
        case (.int32(var a), .int32(let b)): self = .boolean([]); a += b; self = .int32(a)
        case (.int64(var a), .int64(let b)): self = .boolean([]); a += b; self = .int64(a)
        case (.int96(var a), .int96(let b)): self = .boolean([]); a += b; self = .int96(a)
        case (.float(var a), .float(let b)): self = .boolean([]); a += b; self = .float(a)
        case (.double(var a), .double(let b)): self = .boolean([]); a += b; self = .double(a)
        case (.bytes(var a), .bytes(let b)):
            self = .boolean([])
            let base = a.data.count
            a.data += b.data
            a.offsets += b.offsets.dropFirst().map { $0 + base }
            self = .bytes(a)
        default: preconditionFailure("mismatched column value types")
        }
    }

    /// The bytes `gather(indices)` makes.
    func gatheredBytes(_ indices: [UInt32]) -> Int {
        switch self {
        case .boolean: indices.count
        case .int32, .float: indices.count * 4
        case .int64, .double: indices.count * 8
        case .int96: indices.count * 12
        case .bytes(let b): indices.reduce(0) { $0 &+ b.length(Int($1)) }
        }
    }

    func gather(_ indices: [UInt32]) -> ColumnValues {
        switch self {
        case .boolean(let v): .boolean(indices.map { v[Int($0)] })
        case .int32(let v): .int32(indices.map { v[Int($0)] })
        case .int64(let v): .int64(indices.map { v[Int($0)] })
        case .int96(let v): .int96(indices.map { v[Int($0)] })
        case .float(let v): .float(indices.map { v[Int($0)] })
        case .double(let v): .double(indices.map { v[Int($0)] })
        case .bytes(let b):
            {
                var out = ByteArrayBuffer()
                for i in indices { out.append(b[Int(i)]) }
                return .bytes(out)
            }()
        }
    }
}

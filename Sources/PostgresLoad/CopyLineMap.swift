/// Which file and record each line of the COPY stream came from, to name them in the server's errors.
struct CopyLineMap {
    private var starts: [(line: Int, file: String, firstRecord: Int)] = []
    private var nextLine = 1

    mutating func add(_ chunk: EncodedChunk) {
        starts.append((nextLine, chunk.file, chunk.firstRecord))
        nextLine += chunk.rows
    }

    /// `file:record` for the line named in a context such as `COPY products, line 1234, column price: "x"`.
    func locate(context: String) -> String? {
        guard let range = context.range(of: ", line ") else { return nil }
        let digits = context[range.upperBound...].prefix { $0.isNumber }
        guard let line = Int(digits), line >= 1 else { return nil }
        var low = 0, high = starts.count - 1, found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if starts[mid].line <= line {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        guard let found else { return nil }
        let start = starts[found]
        return "\(start.file):\(start.firstRecord + line - start.line)"
    }
}

import BatchStore
import Columnar
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// A piece of COPY text ready to send: the rows of one batch file, or of part of a Parquet row group.
struct EncodedChunk: Sendable {
    var file: String
    /// The 1-based record (JSON) or row (Parquet) number in `file` of the chunk's first row.
    var firstRecord: Int
    var rows: Int
    var bytes: [UInt8]
    var inputBytes: Int
    var strippedValues: Int
}

import Crypto

/// SHA-256 of a string's UTF-8, for payload hashes in tests.
enum SHA256Digest {
    static func of(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }
}

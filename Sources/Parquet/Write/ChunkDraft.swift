/// A column chunk encoded into pages that are not compressed yet.
///
/// Drafting (statistics, the dictionary, levels and values into page payloads) runs in order through one
/// column; compressing, the costly part, needs nothing but one page. Splitting the two lets every page of a
/// row group be compressed on whichever core is free, so one long text column no longer leaves the other
/// core waiting at the end of each group.
struct ChunkDraft: Sendable {
    /// One page: its header, whose compressed size and checksum are filled in once compressed, and its bytes.
    struct Page: Sendable {
        var header: PageHeader
        var payload: [UInt8]
    }

    var pages: [Page] = []
    /// Whether `pages` starts with the dictionary page.
    var hasDictionaryPage = false
    var numValues = 0
    var encodings: [Encoding] = []
    var statistics = Statistics()
}

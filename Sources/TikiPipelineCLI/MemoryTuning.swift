#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for the long streaming jobs (`convert`, `load`, `bench`); an application's
/// choice, so it lives in the executable rather than in the libraries.
enum MemoryTuning {
    /// Serves allocations of 1 MiB and more with mmap, so freed row-group buffers go back to the system, and
    /// keeps up to 32 MiB free at the top of the heap instead of handing it back at once.
    ///
    /// glibc raises its mmap threshold each time a large mmapped block is freed; after that, row-group-sized
    /// buffers come from the heap and their pages stay resident, so peak RSS creeps up with the input size
    /// (measured: 100 MB for 20k records, 170 MB for 200k; with the fixed threshold 85 MB and 106 MB).
    /// Fixing the threshold also fixes the trim threshold at its 128 KiB default, and then the heap shrank and
    /// grew again around every page-sized buffer: 5-6% of a GZIP conversion's CPU went to the page faults
    /// (`farm-bench`, 198,982 records, 0.94× the CPU with 32 MiB). 32 MiB is a bound, not a share of the input,
    /// so peak RSS stays flat as the input grows.
    static func returnLargeBuffersToTheSystem() {
        #if canImport(Glibc)
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 1 << 20)
        _ = glibcMallopt(-1 /* M_TRIM_THRESHOLD */, 32 << 20)
        #endif
    }
}

#if canImport(Glibc)
/// glibc's mallopt(3); <malloc.h> is not part of the Glibc module.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

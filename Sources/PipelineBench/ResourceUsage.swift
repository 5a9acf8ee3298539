#if canImport(Glibc)
import Glibc
#endif

/// CPU time and peak resident memory of this process, from getrusage(2).
package struct ResourceUsage: Sendable {
    package var userSeconds: Double
    package var systemSeconds: Double
    /// The largest resident set the process has had, in bytes.
    package var peakResidentBytes: Int

    package var cpuSeconds: Double { userSeconds + systemSeconds }

    package static func current() -> ResourceUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        // Linux reports ru_maxrss in kilobytes.
        return ResourceUsage(
            userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
            peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }
}

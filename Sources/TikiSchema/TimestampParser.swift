import Foundation
import TikiJSON

/// Reads timestamps as microseconds since the Unix epoch, UTC.
package enum TimestampParser {
    /// Epoch numbers are read as seconds below 10^11, milliseconds below 10^14, microseconds above;
    /// strings as ISO-8601 (`2026-11-27T01:02:03Z`, fractional seconds and offsets allowed, or a bare date).
    package static func microseconds(from value: JSONValue) -> Int64? {
        switch value {
        case .int(let i):
            let magnitude = i.magnitude
            if magnitude < 100_000_000_000 { return i * 1_000_000 }
            if magnitude < 100_000_000_000_000 { return i * 1_000 }
            return i
        case .double(let d):
            guard d.isFinite else { return nil }
            if abs(d) < 1e11 { return Int64((d * 1_000_000).rounded()) }
            if abs(d) < 1e14 { return Int64((d * 1_000).rounded()) }
            return Int64(d.rounded())
        case .string(let s):
            return parseISO8601(s)
        default:
            return nil
        }
    }

    /// Parses `YYYY-MM-DD[(T| )hh:mm[:ss[.ffffff]]][Z|±hh:mm]`.
    package static func parseISO8601(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var v = 0
            for k in 0..<digits {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += digits
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, micros = 0, offsetSeconds = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = number(2), expect(58), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = number(2), s <= 60 else { return nil }
                second = s
                if expect(46) {
                    var scale = 100_000
                    var digits = 0
                    while i < b.count, b[i] >= 48, b[i] <= 57 {
                        if scale > 0 {
                            micros += Int(b[i] - 48) * scale
                            scale /= 10
                        }
                        i += 1
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                }
            }
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = expect(58)
                guard let om = number(2) else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Formats microseconds since the epoch as `YYYY-MM-DDThh:mm:ss.ffffffZ`.
    package static func iso8601(microseconds: Int64) -> String {
        // Floor division that cannot overflow, even at Int64.min (a damaged file may hold any value).
        let totalSeconds = microseconds / 1_000_000 - (microseconds % 1_000_000 < 0 ? 1 : 0)
        let remainder = Int(microseconds % 1_000_000)
        let micros = remainder < 0 ? remainder + 1_000_000 : remainder
        var days = Int(totalSeconds / 86_400 - (totalSeconds % 86_400 < 0 ? 1 : 0))
        let secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(micros, 6))Z"
    }
}

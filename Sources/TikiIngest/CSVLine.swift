/// Splits one CSV line into fields as RFC 4180 does: commas inside double quotes do not split, `""` inside
/// quotes is a quote. Fields come back without their quotes; a quote left open runs to the end of the line.
enum CSVLine {
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        guard line.contains(quote) else { return line.split(separator: comma, omittingEmptySubsequences: false) }
        var fields: [ArraySlice<UInt8>] = []
        var field: [UInt8] = []
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if quoted {
                if c == quote {
                    if index + 1 < line.endIndex, line[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == quote {
                quoted = true
            } else if c == comma {
                fields.append(field[...])
                field = []
            } else {
                field.append(c)
            }
            index += 1
        }
        fields.append(field[...])
        return fields
    }
}

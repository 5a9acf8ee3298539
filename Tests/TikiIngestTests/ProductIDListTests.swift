import Testing
@testable import TikiIngest

@Suite struct ProductIDListTests {
    @Test func acceptsHeaderBOMCRLFBlankLinesAndSpaces() {
        let text = "\u{FEFF}id\r\n 101 \r\n\r\n102\n  \n103\r\n"
        let list = ProductIDList.parse(Array(text.utf8), path: "ids.csv")
        #expect(list.ids == [101, 102, 103])
        #expect(list.invalidLineCount == 0)
        #expect(list.duplicateCount == 0)
        #expect(list.skippedSummary == nil)
    }

    @Test func worksWithoutHeader() {
        #expect(ProductIDList.parse(Array("5\n6\n".utf8), path: "x").ids == [5, 6])
    }

    @Test func reportsNonNumericAndDuplicateLinesWithLineNumbers() {
        let text = "id\n7\nabc\n8\n7\n-3\n8\n9x\n9\n"
        let list = ProductIDList.parse(Array(text.utf8), path: "ids.csv")
        #expect(list.ids == [7, 8, 9])
        #expect(list.invalidLineCount == 3)
        #expect(list.firstInvalidLines == [3, 6, 8])
        #expect(list.duplicateCount == 2)
        #expect(list.firstDuplicateLines == [5, 7])
        #expect(list.skippedSummary?.hasPrefix("ids.csv: 3 non-numeric line(s) skipped (first at line 3, 6, 8)") == true)
    }

    @Test func picksTheIDColumnOfAWiderCSV() {
        let list = ProductIDList.parse(Array("name,id\nfoo,11\nbar,12\n".utf8), path: "x")
        #expect(list.ids == [11, 12])
    }
}
